//! Inserts without policy, for the demo loader and the tests' fixtures only: no page or API
//! reaches them. Everything else goes through `service.rs`.

use sqlx::{PgConnection, PgPool};

use super::domain::{GovernmentLevel, Tenant, TenantRole};
use super::store::{self, OrganisationFields};
use crate::db::wall::TenantTx;
use crate::ids::{OrganisationId, TenantId, UserId};

/// The tenant with this slug (created, named `name`, if missing) and a transaction inside its
/// wall, for loading its data.
pub async fn enter_tenant(pool: &PgPool, slug: &str, name: &str) -> sqlx::Result<TenantTx> {
    let existing = store::tenant_by_slug(&mut *pool.acquire().await?, slug).await?;
    let id = existing.as_ref().map_or_else(TenantId::new, |tenant| tenant.id);
    let mut tx = TenantTx::begin(pool, id).await?;
    if existing.is_none() {
        store::insert_tenant(&mut tx, id, slug, name).await?;
    }
    Ok(tx)
}

/// The tenant with this slug, or a new one named `name`.
pub async fn ensure_tenant(conn: &mut PgConnection, slug: &str, name: &str) -> sqlx::Result<TenantId> {
    if let Some(Tenant { id, .. }) = store::tenant_by_slug(conn, slug).await? {
        return Ok(id);
    }
    let id = TenantId::new();
    store::insert_tenant(conn, id, slug, name).await?;
    Ok(id)
}

/// Gives `user` `role` in the tenant, replacing any role they had.
pub async fn grant(db: &mut TenantTx, user: UserId, role: TenantRole) -> sqlx::Result<()> {
    store::set_role(db, user, role).await.map(|_| ())
}

/// An organisation as registered, without checks.
pub struct NewOrganisation<'a> {
    pub name: &'a str,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: &'a str,
    pub level: GovernmentLevel,
    pub website: Option<&'a str>,
}

/// The tenant's organisation named `name` (in any case), if there is one.
pub async fn organisation_named(db: &mut TenantTx, name: &str) -> sqlx::Result<Option<OrganisationId>> {
    store::organisation_id_by_name(db, name).await
}

/// The tenant's organisation of that name, or a new one recorded as registered by `registrant`
/// (who does not become a member: see `add_member`).
pub async fn ensure_organisation(
    db: &mut TenantTx,
    organisation: NewOrganisation<'_>,
    registrant: UserId,
) -> sqlx::Result<OrganisationId> {
    if let Some(id) = store::organisation_id_by_name(db, organisation.name).await? {
        return Ok(id);
    }
    let id = OrganisationId::new();
    let fields = OrganisationFields {
        name: organisation.name,
        country_code: organisation.country,
        level: organisation.level,
        website: organisation.website,
    };
    store::insert_organisation(db, id, &fields, registrant).await?;
    Ok(id)
}

/// Adds `user` to the organisation (nothing happens when they belong already).
pub async fn add_member(db: &mut TenantTx, organisation: OrganisationId, user: UserId) -> sqlx::Result<()> {
    store::add_member(db, organisation, user).await.map(|_| ())
}
