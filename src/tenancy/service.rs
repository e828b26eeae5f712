//! Verb functions for tenancy. Each checks the policy, writes in one transaction, appends the
//! audit row and queues its emails.

use chrono::{Duration, Utc};
use sqlx::{PgConnection, PgPool};

use super::domain::{CountryCode, GovernmentLevel, OrganisationName, Tenant, TenantRole, TenantSlug, parse_website};
use super::policy::{Action, Target, authorize};
use super::store::{self, NewInvitation, OrganisationFields};
use crate::accounts::domain::{DisplayName, Email, NewPassword, User};
use crate::accounts::secrets::{hash_password, hash_token, issue_token};
use crate::accounts::store::{self as account_store, NewUser};
use crate::audit;
use crate::config::Config;
use crate::i18n::Lang;
use crate::ids::{InvitationId, OrganisationId, TenantId, UserId};
use crate::notify::{emails, enqueue};
use crate::web::extract::TenantAccess;
use crate::web::{AppError, FieldErrors};

const INVITATION_LIFETIME: Duration = Duration::days(14);

/// Creates a tenant and invites its first admin; returns the invitation link (the CLI prints it).
pub async fn create_tenant(
    pool: &PgPool,
    config: &Config,
    slug: &str,
    name: &str,
    admin_email: &str,
) -> anyhow::Result<(Tenant, String)> {
    let slug = TenantSlug::parse(slug)
        .map_err(|_| anyhow::anyhow!("the slug must be 1–40 lowercase letters, digits or inner hyphens"))?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        anyhow::bail!("the name must be 1–200 characters");
    }
    let email = Email::parse(admin_email).map_err(|_| anyhow::anyhow!("{admin_email:?} is not an email address"))?;
    let mut tx = pool.begin().await?;
    let id = TenantId::new();
    if let Err(error) = store::insert_tenant(&mut tx, id, slug.as_str(), name).await {
        if crate::db::is_unique_violation(&error, "tenants_slug_key") {
            anyhow::bail!("a tenant with the slug {:?} already exists", slug.as_str());
        }
        return Err(error.into());
    }
    let tenant = Tenant { id, slug: slug.as_str().to_string(), name: name.to_string() };
    audit::record(
        &mut tx,
        audit::Entry::new("tenant.created", "tenant", id)
            .tenant(id)
            .details(serde_json::json!({ "slug": tenant.slug })),
    )
    .await?;
    let link =
        write_invitation(&mut tx, config, &tenant, None, email.as_str(), Some(TenantRole::Admin), None, "Sweetspot")
            .await?;
    tx.commit().await?;
    Ok((tenant, link))
}

/// Raw organisation fields as a form or JSON body carries them.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct OrganisationInput {
    pub name: String,
    /// ISO 3166-1 alpha-2 code, e.g. "BR".
    pub country: String,
    /// national, regional, local or international.
    pub level: String,
    pub website: String,
}

struct ValidOrganisation {
    name: OrganisationName,
    country: CountryCode,
    level: GovernmentLevel,
    website: Option<String>,
}

impl ValidOrganisation {
    fn fields(&self) -> OrganisationFields<'_> {
        OrganisationFields {
            name: self.name.as_str(),
            country_code: self.country.as_str(),
            level: self.level.as_str(),
            website: self.website.as_deref(),
        }
    }
}

async fn validate_organisation(
    conn: &mut PgConnection,
    input: &OrganisationInput,
) -> Result<ValidOrganisation, AppError> {
    let mut errors = FieldErrors::new();
    let name = errors.check("name", OrganisationName::parse(&input.name));
    let mut country = errors.check("country", CountryCode::parse(&input.country));
    if let Some(code) = &country
        && !store::country_exists(conn, code.as_str()).await?
    {
        errors.add("country", "error-country-invalid");
        country = None;
    }
    let level = errors.check("level", GovernmentLevel::parse(&input.level));
    let website = errors.check("website", parse_website(&input.website));
    match (name, country, level, website) {
        (Some(name), Some(country), Some(level), Some(website)) if errors.is_empty() => {
            Ok(ValidOrganisation { name, country, level, website })
        }
        _ => Err(AppError::Validation(errors)),
    }
}

fn name_taken() -> AppError {
    let mut errors = FieldErrors::new();
    errors.add("name", "error-organisation-name-taken");
    AppError::Validation(errors)
}

/// Registers a government organisation; the registrant becomes its first member.
pub async fn register_organisation(
    pool: &PgPool,
    access: &TenantAccess,
    input: &OrganisationInput,
) -> Result<OrganisationId, AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::RegisterOrganisation, Target::Tenant(tenant_id))?;
    let user = access.user()?;
    let mut tx = pool.begin().await?;
    let valid = validate_organisation(&mut tx, input).await?;
    let id = OrganisationId::new();
    if let Err(error) = store::insert_organisation(&mut tx, tenant_id, id, &valid.fields(), user.id).await {
        return Err(if crate::db::is_unique_violation(&error, "organisations_name_key") {
            name_taken()
        } else {
            error.into()
        });
    }
    store::add_member(&mut tx, tenant_id, id, user.id).await?;
    audit::record(
        &mut tx,
        audit::Entry::new("organisation.registered", "organisation", id)
            .tenant(tenant_id)
            .actor(user.id)
            .details(serde_json::json!({ "name": valid.name.as_str(), "country": valid.country.as_str() })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves an edit made on `version`; a stale edit is refused.
pub async fn update_organisation(
    pool: &PgPool,
    access: &TenantAccess,
    id: OrganisationId,
    version: i32,
    input: &OrganisationInput,
) -> Result<(), AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::EditOrganisation, Target::Organisation(tenant_id, id))?;
    let user = access.user()?;
    let mut tx = pool.begin().await?;
    store::organisation(&mut tx, tenant_id, id).await?.ok_or(AppError::NotFound)?;
    let valid = validate_organisation(&mut tx, input).await?;
    match store::update_organisation(&mut tx, tenant_id, id, version, &valid.fields()).await {
        Ok(true) => {}
        Ok(false) => return Err(AppError::Conflict("error-stale-organisation")),
        Err(error) if crate::db::is_unique_violation(&error, "organisations_name_key") => {
            return Err(name_taken());
        }
        Err(error) => return Err(error.into()),
    }
    audit::record(
        &mut tx,
        audit::Entry::new("organisation.updated", "organisation", id)
            .tenant(tenant_id)
            .actor(user.id)
            .details(serde_json::json!({ "name": valid.name.as_str(), "country": valid.country.as_str(), "level": valid.level.as_str() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Writes an invitation and its email; returns the link.
#[allow(clippy::too_many_arguments)]
async fn write_invitation(
    conn: &mut PgConnection,
    config: &Config,
    tenant: &Tenant,
    inviter: Option<&User>,
    email: &str,
    role: Option<TenantRole>,
    organisation: Option<(OrganisationId, &str)>,
    inviter_fallback: &str,
) -> Result<String, AppError> {
    let token = issue_token("");
    let id = InvitationId::new();
    store::insert_invitation(
        conn,
        tenant.id,
        &NewInvitation {
            id,
            email,
            role,
            organisation_id: organisation.map(|(id, _)| id),
            token_hash: &token.hash,
            // The CLI invites a tenant's first admin: nobody invited them.
            invited_by: inviter.map(|u| u.id),
            expires_at: Utc::now() + INVITATION_LIFETIME,
        },
    )
    .await?;
    let link = config.link(&format!("/t/{}/invitations/{}", tenant.slug, token.plain));
    // The invitee's language is unknown: English, the platform's default, until they choose.
    let lang = inviter.map(|u| u.lang).unwrap_or(Lang::En);
    let what = match (role, organisation) {
        (Some(role), _) => lang.t(role.label_key()),
        (None, Some((_, name))) => name.to_string(),
        (None, None) => String::new(),
    };
    let inviter_name = inviter.map(|u| u.display_name.as_str()).unwrap_or(inviter_fallback);
    enqueue(conn, Some(tenant.id), emails::invitation(lang, email, inviter_name, &tenant.name, &what, &link)).await?;
    audit::record(
        conn,
        audit::Entry::new("invitation.created", "invitation", id)
            .tenant(tenant.id)
            .actor(inviter.map(|u| u.id))
            .details(serde_json::json!({ "email": email, "role": role.map(TenantRole::as_str), "organisation_id": organisation.map(|(id, _)| id) })),
    )
    .await?;
    Ok(link)
}

#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct InvitationInput {
    pub email: String,
    /// For tenant invitations: admin, staff, reviewer or advisor.
    pub role: String,
}

/// An admin invites someone to a tenant role.
pub async fn invite_to_tenant(
    pool: &PgPool,
    config: &Config,
    access: &TenantAccess,
    input: &InvitationInput,
) -> Result<(), AppError> {
    authorize(&access.actor, Action::ManagePeople, Target::Tenant(access.tenant.id))?;
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&input.email));
    let role = errors.check(
        "role",
        if input.role.trim().is_empty() { Err("error-role-missing") } else { TenantRole::parse(&input.role) },
    );
    let (Some(email), Some(role)) = (email, role) else {
        return Err(AppError::Validation(errors));
    };
    let mut tx = pool.begin().await?;
    write_invitation(&mut tx, config, &access.tenant, access.user.as_ref(), email.as_str(), Some(role), None, "")
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A member invites a colleague to their organisation.
pub async fn invite_to_organisation(
    pool: &PgPool,
    config: &Config,
    access: &TenantAccess,
    organisation_id: OrganisationId,
    input: &InvitationInput,
) -> Result<(), AppError> {
    authorize(&access.actor, Action::InviteMembers, Target::Organisation(access.tenant.id, organisation_id))?;
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&input.email));
    let Some(email) = email else {
        return Err(AppError::Validation(errors));
    };
    let mut tx = pool.begin().await?;
    let organisation =
        store::organisation(&mut tx, access.tenant.id, organisation_id).await?.ok_or(AppError::NotFound)?;
    write_invitation(
        &mut tx,
        config,
        &access.tenant,
        access.user.as_ref(),
        email.as_str(),
        None,
        Some((organisation.id, &organisation.name)),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws an open invitation: tenant-role invitations by an admin, organisation ones by members.
pub async fn revoke_invitation(
    pool: &PgPool,
    access: &TenantAccess,
    id: InvitationId,
    organisation_id: Option<OrganisationId>,
) -> Result<(), AppError> {
    let tenant_id = access.tenant.id;
    match organisation_id {
        Some(org) => authorize(&access.actor, Action::InviteMembers, Target::Organisation(tenant_id, org))?,
        None => authorize(&access.actor, Action::ManagePeople, Target::Tenant(tenant_id))?,
    }
    let mut tx = pool.begin().await?;
    if !store::revoke_invitation(&mut tx, tenant_id, id, organisation_id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        audit::Entry::new("invitation.revoked", "invitation", id).tenant(tenant_id).actor(access.actor.user_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What a link holder sees before accepting.
pub async fn invitation_for_token(
    pool: &PgPool,
    tenant_id: TenantId,
    token: &str,
) -> Result<Option<store::Invitation>, AppError> {
    let mut conn = pool.acquire().await?;
    Ok(store::invitation_by_token(&mut conn, tenant_id, &hash_token(token)).await?)
}

/// Gives `user` what the invitation promises, inside the caller's transaction.
async fn apply_invitation(
    conn: &mut PgConnection,
    tenant_id: TenantId,
    invitation: &store::Invitation,
    user_id: UserId,
) -> Result<(), AppError> {
    if !store::mark_accepted(conn, tenant_id, invitation.id, user_id).await? {
        return Err(AppError::Conflict("error-invitation-closed"));
    }
    match (&invitation.role, invitation.organisation_id) {
        (Some(role), _) => {
            let role =
                TenantRole::parse(role).map_err(|_| AppError::Internal(anyhow::anyhow!("stored role unreadable")))?;
            // Accepting a lesser role must not demote an admin.
            let (current, _) = store::standing(conn, tenant_id, user_id).await?;
            if current != Some(TenantRole::Admin) {
                store::set_role(conn, tenant_id, user_id, role).await?;
            }
        }
        (None, Some(organisation_id)) => {
            store::add_member(conn, tenant_id, organisation_id, user_id).await?;
        }
        (None, None) => {
            return Err(AppError::Internal(anyhow::anyhow!("invitation without a target")));
        }
    }
    // The link arrived at this address, so it is theirs.
    account_store::mark_verified(conn, user_id).await?;
    audit::record(
        conn,
        audit::Entry::new("invitation.accepted", "invitation", invitation.id)
            .tenant(tenant_id)
            .actor(user_id)
            .details(serde_json::json!({ "role": invitation.role, "organisation_id": invitation.organisation_id })),
    )
    .await?;
    Ok(())
}

/// A signed-in person accepts an invitation sent to their own address.
pub async fn accept_invitation(pool: &PgPool, tenant_id: TenantId, token: &str, user: &User) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let invitation =
        store::invitation_by_token(&mut tx, tenant_id, &hash_token(token)).await?.ok_or(AppError::NotFound)?;
    if !invitation.email.eq_ignore_ascii_case(&user.email) {
        return Err(AppError::Forbidden);
    }
    apply_invitation(&mut tx, tenant_id, &invitation, user.id).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct InvitedSignUp {
    pub display_name: String,
    pub password: String,
}

/// Someone without an account accepts: the account is created (already verified) and joined.
pub async fn accept_invitation_with_sign_up(
    pool: &PgPool,
    tenant_id: TenantId,
    token: &str,
    input: &InvitedSignUp,
    lang: Lang,
    zone: &str,
) -> Result<UserId, AppError> {
    let mut tx = pool.begin().await?;
    let invitation =
        store::invitation_by_token(&mut tx, tenant_id, &hash_token(token)).await?.ok_or(AppError::NotFound)?;
    if !invitation.is_open(Utc::now()) {
        return Err(AppError::Conflict("error-invitation-closed"));
    }
    if account_store::user_by_email(&mut tx, &invitation.email).await?.is_some() {
        return Err(AppError::Conflict("error-invitation-has-account"));
    }
    let mut errors = FieldErrors::new();
    let name = errors.check("display_name", DisplayName::parse(&input.display_name));
    let password =
        errors.check("password", NewPassword::parse(&input.password, &[&invitation.email, &input.display_name]));
    let (Some(name), Some(password)) = (name, password) else {
        return Err(AppError::Validation(errors));
    };
    let hash = hash_password(password.expose().to_string()).await?;
    let user_id = UserId::new();
    account_store::insert_user(
        &mut tx,
        NewUser {
            id: user_id,
            email: &invitation.email,
            password_hash: &hash,
            display_name: name.as_str(),
            lang,
            zone,
            verified: true,
        },
    )
    .await?;
    audit::record(&mut tx, audit::Entry::new("account.signed_up", "user", user_id).tenant(tenant_id).actor(user_id))
        .await?;
    apply_invitation(&mut tx, tenant_id, &invitation, user_id).await?;
    tx.commit().await?;
    Ok(user_id)
}

/// An admin changes someone's tenant role. The last admin cannot be demoted.
pub async fn change_role(pool: &PgPool, access: &TenantAccess, user_id: UserId, role: &str) -> Result<(), AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::ManagePeople, Target::Tenant(tenant_id))?;
    let mut errors = FieldErrors::new();
    let Some(role) = errors.check("role", TenantRole::parse(role)) else {
        return Err(AppError::Validation(errors));
    };
    let mut tx = pool.begin().await?;
    let admins = store::lock_admins(&mut tx, tenant_id).await?;
    let (current, _) = store::standing(&mut tx, tenant_id, user_id).await?;
    if current.is_none() {
        return Err(AppError::NotFound);
    }
    if role != TenantRole::Admin && admins == [user_id] {
        return Err(AppError::Conflict("error-last-admin"));
    }
    let previous = store::set_role(&mut tx, tenant_id, user_id, role).await?;
    audit::record(
        &mut tx,
        audit::Entry::new("role.changed", "user", user_id)
            .tenant(tenant_id)
            .actor(access.actor.user_id)
            .details(serde_json::json!({ "from": previous, "to": role.as_str() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An admin removes someone's tenant role. The last admin cannot be removed.
pub async fn remove_role(pool: &PgPool, access: &TenantAccess, user_id: UserId) -> Result<(), AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::ManagePeople, Target::Tenant(tenant_id))?;
    let mut tx = pool.begin().await?;
    let admins = store::lock_admins(&mut tx, tenant_id).await?;
    if admins == [user_id] {
        return Err(AppError::Conflict("error-last-admin"));
    }
    let Some(previous) = store::remove_role(&mut tx, tenant_id, user_id).await? else {
        return Err(AppError::NotFound);
    };
    audit::record(
        &mut tx,
        audit::Entry::new("role.removed", "user", user_id)
            .tenant(tenant_id)
            .actor(access.actor.user_id)
            .details(serde_json::json!({ "from": previous })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
