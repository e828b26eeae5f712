//! Tenancy's service: the verbs (each checks the policy, writes in one transaction, appends the
//! audit row and queues its emails) and the reads other pages and capabilities need, each named
//! after its question and checking the policy itself.

use chrono::{Duration, Utc};
use sqlx::{PgConnection, PgPool};

use super::access::Access;
use super::domain::{
    Country, CountryCode, GovernmentLevel, Invitation, Member, Organisation, OrganisationName, Person, Tenant,
    TenantMembership, TenantRole, TenantSlug, parse_website,
};
use super::policy::Action;
use super::store::{self, NewInvitation, OrganisationFields};
use crate::accounts::domain::{Email, User};
use crate::accounts::secrets::{hash_token, issue_token};
use crate::audit::{self, AuditRow};
use crate::config::Config;
use crate::db::OnConstraint;
use crate::db::cursor::{Cursor, PAGE_SIZE, Page};
use crate::db::wall::TenantTx;
use crate::error::{AppError, FieldErrors};
use crate::i18n::{Lang, TimeZone};
use crate::ids::{InvitationId, OrganisationId, TenantId, UserId};
use crate::notify::outbox::{self, OutboxRow};
use crate::notify::{emails, enqueue};
use crate::{accounts, db};

const INVITATION_LIFETIME: Duration = Duration::days(14);

// ---- Reads ----

/// The tenant with this slug, if there is one (tenants are public).
pub async fn tenant(conn: &mut PgConnection, slug: &str) -> Result<Option<Tenant>, AppError> {
    Ok(store::tenant_by_slug(conn, slug).await?)
}

/// Every tenant, by name (the site's front page; at most 200).
pub async fn tenants(conn: &mut PgConnection) -> Result<Vec<Tenant>, AppError> {
    Ok(store::list_tenants(conn).await?)
}

/// The tenants where `user` holds a role or belongs to an organisation, by name.
pub async fn memberships_of(conn: &mut PgConnection, user: &User) -> Result<Vec<TenantMembership>, AppError> {
    Ok(store::tenant_memberships(conn, user.id).await?)
}

/// The organisations the person may see listed: every one of the tenant's, a page at a time, for
/// its staff; their own (one page) for a team member. 401 when signed out.
pub async fn visible_organisations(
    db: &mut TenantTx,
    access: &Access,
    after: Option<Cursor>,
) -> Result<Page<Organisation>, AppError> {
    let user = access.user()?;
    if access.can(Action::ListOrganisations) {
        let rows = store::list_organisations(db, after.as_ref(), PAGE_SIZE + 1).await?;
        Ok(Page::of(rows, |o| Cursor { at: o.created_at, id: o.id.0 }.encode()))
    } else {
        Ok(Page::whole(store::organisations_of(db, user.id).await?))
    }
}

/// The organisations the signed-in person belongs to in this tenant, by name (none when signed
/// out): those they may apply for.
pub async fn own_organisations(db: &mut TenantTx, access: &Access) -> Result<Vec<Organisation>, AppError> {
    let Some(user) = &access.user else { return Ok(Vec::new()) };
    Ok(store::organisations_of(db, user.id).await?)
}

/// An organisation, for its members and the tenant's staff.
pub async fn organisation(db: &mut TenantTx, access: &Access, id: OrganisationId) -> Result<Organisation, AppError> {
    access.authorize_for(Action::ViewOrganisation, id)?;
    store::organisation(db, id).await?.ok_or(AppError::NotFound)
}

/// An organisation with its members and open invitations, for its members and the tenant's staff.
pub struct OrganisationMembers {
    pub organisation: Organisation,
    pub members: Vec<Member>,
    pub invitations: Vec<Invitation>,
}

pub async fn members(db: &mut TenantTx, access: &Access, id: OrganisationId) -> Result<OrganisationMembers, AppError> {
    access.authorize_for(Action::ViewMembers, id)?;
    let organisation = store::organisation(db, id).await?.ok_or(AppError::NotFound)?;
    let members = store::members(db, id).await?;
    let invitations = store::open_organisation_invitations(db, id).await?;
    Ok(OrganisationMembers { organisation, members, invitations })
}

/// Every country an organisation may be registered in (ISO 3166-1), in the reader's language's
/// alphabetical order.
pub async fn countries(conn: &mut PgConnection, lang: Lang) -> Result<Vec<Country>, AppError> {
    Ok(store::countries(conn, lang.collation()).await?)
}

/// The people holding a tenant role, oldest first, for the tenant's staff.
pub async fn people(db: &mut TenantTx, access: &Access, after: Option<Cursor>) -> Result<Page<Person>, AppError> {
    access.authorize(Action::ViewPeople)?;
    let rows = store::list_people(db, after.as_ref(), PAGE_SIZE + 1).await?;
    Ok(Page::of(rows, |p| Cursor { at: p.created_at, id: p.user_id.0 }.encode()))
}

/// The tenant's staff and admins, for the services that must tell them something (a team
/// declined its place, say): no policy question, as nobody reads the list but the email writer.
/// The members of `organisations`, to write to (an organisation's teams hear of a decision, a
/// match, a comment). No policy: the caller decides who is told.
pub async fn correspondents(
    db: &mut TenantTx,
    organisations: &[OrganisationId],
) -> Result<Vec<super::domain::Correspondent>, AppError> {
    Ok(store::correspondents(db, organisations).await?)
}

pub async fn staff_to_tell(db: &mut TenantTx) -> Result<Vec<User>, AppError> {
    Ok(store::staff(db).await?)
}

/// Open invitations to tenant roles, newest first, for the tenant's staff.
pub async fn role_invitations(db: &mut TenantTx, access: &Access) -> Result<Vec<Invitation>, AppError> {
    access.authorize(Action::ViewPeople)?;
    Ok(store::open_role_invitations(db).await?)
}

/// The tenant's emails, newest first, for its staff.
pub async fn outbox(db: &mut TenantTx, access: &Access, after: Option<Cursor>) -> Result<Page<OutboxRow>, AppError> {
    access.authorize(Action::ViewOutbox)?;
    let rows = outbox::list_for_tenant(db, after.as_ref(), PAGE_SIZE + 1).await?;
    Ok(Page::of(rows, |e| Cursor { at: e.created_at, id: e.id }.encode()))
}

/// The tenant's audit log, newest first, for its staff.
pub async fn audit_log(db: &mut TenantTx, access: &Access, after: Option<Cursor>) -> Result<Page<AuditRow>, AppError> {
    access.authorize(Action::ViewAuditLog)?;
    let rows = audit::list_for_tenant(db, after.as_ref(), PAGE_SIZE + 1).await?;
    Ok(Page::of(rows, |e| Cursor { at: e.created_at, id: e.id }.encode()))
}

/// What a link holder sees before accepting (the link itself is their key).
pub async fn invitation_for_token(db: &mut TenantTx, token: &str) -> Result<Option<Invitation>, AppError> {
    Ok(store::invitation_by_token(db, &hash_token(token)).await?)
}

// ---- Verbs ----

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
    let id = TenantId::new();
    // The wall admits the new tenant's rows: the tenant row itself is outside it.
    let mut tx = TenantTx::begin(pool, id).await?;
    if let Err(error) = store::insert_tenant(&mut tx, id, slug.as_str(), name).await {
        if db::is_unique_violation(&error, "tenants_slug_key") {
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
    let invitation = InvitationTo {
        tenant: &tenant,
        inviter: None,
        inviter_name: "Sweetspot",
        email: email.as_str(),
        role: Some(TenantRole::Admin),
        organisation: None,
    };
    let link = write_invitation(&mut tx, config, invitation).await?;
    tx.commit().await?;
    Ok((tenant, link))
}

/// Raw organisation fields as a form or JSON body carries them.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct OrganisationInput {
    /// 2–200 characters; unique in the tenant.
    #[schema(schema_with = crate::request_schema::line_between::<2, 200>)]
    pub name: String,
    /// ISO 3166-1 alpha-2 code, e.g. "BR".
    #[schema(schema_with = crate::request_schema::country)]
    pub country: String,
    #[schema(schema_with = crate::request_schema::government_level)]
    pub level: String,
    /// An http or https address, or empty.
    #[schema(schema_with = crate::request_schema::website)]
    pub website: String,
}

impl From<&Organisation> for OrganisationInput {
    /// The form of an organisation as it is saved.
    fn from(organisation: &Organisation) -> Self {
        Self {
            name: organisation.name.clone(),
            country: organisation.country_code.clone(),
            level: organisation.level.as_str().to_string(),
            website: organisation.website.clone().unwrap_or_default(),
        }
    }
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
            level: self.level,
            website: self.website.as_deref(),
        }
    }
}

async fn validate_organisation(db: &mut TenantTx, input: &OrganisationInput) -> Result<ValidOrganisation, AppError> {
    let mut errors = FieldErrors::new();
    let name = errors.check("name", OrganisationName::parse(&input.name));
    let mut country = errors.check("country", CountryCode::parse(&input.country));
    if let Some(code) = &country
        && !store::country_exists(db, code.as_str()).await?
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
    AppError::invalid("name", "error-organisation-name-taken")
}

/// Registers a government organisation; the registrant becomes its first member. Returns it as
/// saved.
pub async fn register_organisation(
    pool: &PgPool,
    access: &Access,
    input: &OrganisationInput,
) -> Result<Registered, AppError> {
    access.authorize(Action::RegisterOrganisation)?;
    let user = access.user()?;
    let _tenant_id = access.tenant_id();
    let mut tx = access.db(pool).await?;
    let valid = validate_organisation(&mut tx, input).await?;
    let id = OrganisationId::new();
    store::insert_organisation(&mut tx, id, &valid.fields(), user.id)
        .await
        .on_constraint("organisations_name_key", name_taken)?;
    store::add_member(&mut tx, id, user.id).await?;
    // Someone who never chose a zone reads times in UTC: a country with one zone gives theirs
    // (the page says so, and the profile changes it back).
    let mut adopted_zone = None;
    if user.zone == TimeZone::UTC
        && let [zone] = store::country_zones(&mut tx, valid.country.as_str()).await?.as_slice()
        && let Some(zone) = TimeZone::parse(zone)
        && accounts::service::adopt_zone(&mut tx, user.id, zone).await?
    {
        adopted_zone = Some(zone);
    }
    let details = serde_json::json!({ "name": valid.name.as_str(), "country": valid.country.as_str() });
    audit::record(&mut tx, access.audit("organisation.registered", "organisation", id).details(details)).await?;
    let organisation = store::organisation(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(Registered { organisation, adopted_zone })
}

/// A registered organisation, and the zone its registrant's times are now shown in when they had
/// none (see `register_organisation`).
pub struct Registered {
    pub organisation: Organisation,
    pub adopted_zone: Option<TimeZone>,
}

/// Saves an edit made on `version`; a stale edit is refused (`AppError::Stale`).
pub async fn update_organisation(
    pool: &PgPool,
    access: &Access,
    id: OrganisationId,
    version: i32,
    input: &OrganisationInput,
) -> Result<(), AppError> {
    access.authorize_for(Action::EditOrganisation, id)?;
    access.user()?;
    let _tenant_id = access.tenant_id();
    let mut tx = access.db(pool).await?;
    store::organisation(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let valid = validate_organisation(&mut tx, input).await?;
    let saved = store::update_organisation(&mut tx, id, version, &valid.fields())
        .await
        .on_constraint("organisations_name_key", name_taken)?;
    if !saved {
        return Err(AppError::Stale("error-stale-organisation"));
    }
    let details = serde_json::json!({ "name": valid.name.as_str(), "country": valid.country.as_str(), "level": valid.level.as_str() });
    audit::record(&mut tx, access.audit("organisation.updated", "organisation", id).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

/// Whom an invitation is for and what it gives.
struct InvitationTo<'a> {
    tenant: &'a Tenant,
    /// None when the platform invites (a tenant's first admin, from the command line).
    inviter: Option<&'a User>,
    /// How the email names whoever invites.
    inviter_name: &'a str,
    email: &'a str,
    /// A tenant role, or else membership of `organisation`.
    role: Option<TenantRole>,
    organisation: Option<(OrganisationId, &'a str)>,
}

/// Writes an invitation and its email inside the caller's transaction; returns the link.
async fn write_invitation(db: &mut TenantTx, config: &Config, to: InvitationTo<'_>) -> Result<String, AppError> {
    let token = issue_token("");
    let id = InvitationId::new();
    let new = NewInvitation {
        id,
        email: to.email,
        role: to.role,
        organisation_id: to.organisation.map(|(id, _)| id),
        token_hash: &token.hash,
        invited_by: to.inviter.map(|u| u.id),
        expires_at: Utc::now() + INVITATION_LIFETIME,
    };
    store::insert_invitation(db, &new).await?;
    let link = config.link(&format!("/t/{}/invitations/{}", to.tenant.slug, token.plain));
    // In the invitee's language when they have an account; else the inviter's (whose invitees
    // most likely read it), or English, the platform's default.
    let invitee = accounts::service::user_with_email(db, to.email).await?;
    let lang = invitee.map(|u| u.lang).or(to.inviter.map(|u| u.lang)).unwrap_or(Lang::En);
    let what = match (to.role, to.organisation) {
        (Some(role), _) => lang.t(role.label_key()),
        (None, Some((_, name))) => name.to_string(),
        (None, None) => String::new(),
    };
    let email = emails::invitation(lang, to.email, to.inviter_name, &to.tenant.name, &what, &link);
    enqueue(db, Some(to.tenant.id), email).await?;
    audit::record(
        db,
        audit::Entry::new("invitation.created", "invitation", id)
            .tenant(to.tenant.id)
            .actor(to.inviter.map(|u| u.id))
            .details(serde_json::json!({ "email": to.email, "role": to.role, "organisation_id": new.organisation_id })),
    )
    .await?;
    Ok(link)
}

#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct InvitationInput {
    #[schema(schema_with = crate::request_schema::email)]
    pub email: String,
    /// For tenant invitations: admin, staff, reviewer or advisor (ignored for an organisation's).
    #[schema(schema_with = crate::request_schema::tenant_role)]
    pub role: String,
}

/// An admin invites someone to a tenant role.
pub async fn invite_to_tenant(
    pool: &PgPool,
    config: &Config,
    access: &Access,
    input: &InvitationInput,
) -> Result<(), AppError> {
    access.authorize(Action::ManagePeople)?;
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&input.email));
    let role = errors.check(
        "role",
        if input.role.trim().is_empty() { Err("error-role-missing") } else { TenantRole::parse(&input.role) },
    );
    let (Some(email), Some(role)) = (email, role) else {
        return Err(AppError::Validation(errors));
    };
    let inviter = access.user.as_ref();
    let invitation = InvitationTo {
        tenant: &access.tenant,
        inviter,
        inviter_name: inviter.map(|u| u.display_name.as_str()).unwrap_or_default(),
        email: email.as_str(),
        role: Some(role),
        organisation: None,
    };
    let mut tx = access.db(pool).await?;
    write_invitation(&mut tx, config, invitation).await?;
    tx.commit().await?;
    Ok(())
}

/// A member invites a colleague to their organisation.
pub async fn invite_to_organisation(
    pool: &PgPool,
    config: &Config,
    access: &Access,
    organisation_id: OrganisationId,
    input: &InvitationInput,
) -> Result<(), AppError> {
    access.authorize_for(Action::InviteMembers, organisation_id)?;
    let mut errors = FieldErrors::new();
    let Some(email) = errors.check("email", Email::parse(&input.email)) else {
        return Err(AppError::Validation(errors));
    };
    let mut tx = access.db(pool).await?;
    let organisation = store::organisation(&mut tx, organisation_id).await?.ok_or(AppError::NotFound)?;
    let inviter = access.user.as_ref();
    let invitation = InvitationTo {
        tenant: &access.tenant,
        inviter,
        inviter_name: inviter.map(|u| u.display_name.as_str()).unwrap_or_default(),
        email: email.as_str(),
        role: None,
        organisation: Some((organisation.id, &organisation.name)),
    };
    write_invitation(&mut tx, config, invitation).await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws an open invitation: tenant-role invitations by an admin, organisation ones by members.
pub async fn revoke_invitation(
    pool: &PgPool,
    access: &Access,
    id: InvitationId,
    organisation_id: Option<OrganisationId>,
) -> Result<(), AppError> {
    match organisation_id {
        Some(organisation) => access.authorize_for(Action::InviteMembers, organisation)?,
        None => access.authorize(Action::ManagePeople)?,
    }
    let mut tx = access.db(pool).await?;
    if !store::revoke_invitation(&mut tx, id, organisation_id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, access.audit("invitation.revoked", "invitation", id)).await?;
    tx.commit().await?;
    Ok(())
}

/// Gives `user` what the invitation promises, inside the caller's transaction.
async fn apply_invitation(db: &mut TenantTx, invitation: &Invitation, user_id: UserId) -> Result<(), AppError> {
    let tenant_id = db.tenant();
    if !store::mark_accepted(db, invitation.id, user_id).await? {
        return Err(AppError::Conflict("error-invitation-closed"));
    }
    match (invitation.role, invitation.organisation_id) {
        (Some(role), _) => {
            // Accepting a lesser role must not demote an admin.
            let (current, _) = store::standing(db, user_id).await?;
            if current != Some(TenantRole::Admin) {
                store::set_role(db, user_id, role).await?;
            }
        }
        (None, Some(organisation_id)) => {
            store::add_member(db, organisation_id, user_id).await?;
        }
        (None, None) => {
            return Err(AppError::Internal(anyhow::anyhow!("invitation without a target")));
        }
    }
    // The link arrived at this address, so it is theirs.
    accounts::service::confirm_email(db, user_id).await?;
    audit::record(
        db,
        audit::Entry::new("invitation.accepted", "invitation", invitation.id)
            .tenant(tenant_id)
            .actor(user_id)
            .details(serde_json::json!({ "role": invitation.role, "organisation_id": invitation.organisation_id })),
    )
    .await?;
    Ok(())
}

/// A signed-in person accepts an invitation sent to their own address.
pub async fn accept_invitation(pool: &PgPool, access: &Access, token: &str) -> Result<(), AppError> {
    let user = access.user()?;
    let _tenant_id = access.tenant_id();
    let mut tx = access.db(pool).await?;
    let invitation = store::invitation_by_token(&mut tx, &hash_token(token)).await?.ok_or(AppError::NotFound)?;
    if !invitation.email.eq_ignore_ascii_case(&user.email) {
        return Err(AppError::Forbidden);
    }
    apply_invitation(&mut tx, &invitation, user.id).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct InvitedSignUp {
    pub display_name: String,
    pub password: String,
}

/// Someone without an account accepts: the account is created (already confirmed) and joined.
pub async fn accept_invitation_with_sign_up(
    pool: &PgPool,
    access: &Access,
    token: &str,
    input: &InvitedSignUp,
    lang: Lang,
    zone: TimeZone,
) -> Result<UserId, AppError> {
    let tenant_id = access.tenant_id();
    let mut tx = access.db(pool).await?;
    let invitation = store::invitation_by_token(&mut tx, &hash_token(token)).await?.ok_or(AppError::NotFound)?;
    if !invitation.is_open(Utc::now()) {
        return Err(AppError::Conflict("error-invitation-closed"));
    }
    if accounts::service::user_with_email(&mut tx, &invitation.email).await?.is_some() {
        return Err(AppError::Conflict("error-invitation-has-account"));
    }
    let user_id = accounts::service::create_confirmed_account(
        &mut tx,
        &invitation.email,
        &input.display_name,
        &input.password,
        lang,
        zone,
        tenant_id,
    )
    .await?;
    apply_invitation(&mut tx, &invitation, user_id).await?;
    tx.commit().await?;
    Ok(user_id)
}

/// An admin changes someone's tenant role. The last admin cannot be demoted.
pub async fn change_role(pool: &PgPool, access: &Access, user_id: UserId, role: &str) -> Result<(), AppError> {
    access.authorize(Action::ManagePeople)?;
    let mut errors = FieldErrors::new();
    let Some(role) = errors.check("role", TenantRole::parse(role)) else {
        return Err(AppError::Validation(errors));
    };
    let _tenant_id = access.tenant_id();
    let mut tx = access.db(pool).await?;
    let admins = store::lock_admins(&mut tx).await?;
    let (current, _) = store::standing(&mut tx, user_id).await?;
    if current.is_none() {
        return Err(AppError::NotFound);
    }
    if role != TenantRole::Admin && admins == [user_id] {
        return Err(AppError::Conflict("error-last-admin"));
    }
    let previous = store::set_role(&mut tx, user_id, role).await?;
    let details = serde_json::json!({ "from": previous, "to": role });
    audit::record(&mut tx, access.audit("role.changed", "user", user_id).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

/// An admin removes someone's tenant role. The last admin cannot be removed.
pub async fn remove_role(pool: &PgPool, access: &Access, user_id: UserId) -> Result<(), AppError> {
    access.authorize(Action::ManagePeople)?;
    let _tenant_id = access.tenant_id();
    let mut tx = access.db(pool).await?;
    let admins = store::lock_admins(&mut tx).await?;
    if admins == [user_id] {
        return Err(AppError::Conflict("error-last-admin"));
    }
    let Some(previous) = store::remove_role(&mut tx, user_id).await? else {
        return Err(AppError::NotFound);
    };
    let details = serde_json::json!({ "from": previous });
    audit::record(&mut tx, access.audit("role.removed", "user", user_id).details(details)).await?;
    tx.commit().await?;
    Ok(())
}
