//! SQL for tenants, roles, organisations, members and invitations. Every function on
//! tenant-owned data takes a `TenantTx` and filters by its tenant. Private to `tenancy`.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::domain::{
    Country, GovernmentLevel, Invitation, Member, Organisation, Person, Tenant, TenantMembership, TenantRole,
};
use crate::accounts::domain::{USER_COLUMNS, User};
use crate::db::cursor::Cursor;
use crate::db::wall::TenantTx;
use crate::ids::{InvitationId, OrganisationId, TenantId, UserId};

pub async fn tenant_by_slug(conn: &mut PgConnection, slug: &str) -> sqlx::Result<Option<Tenant>> {
    sqlx::query_as("select id, slug, name from tenants where slug = $1").bind(slug).fetch_optional(conn).await
}

pub async fn list_tenants(conn: &mut PgConnection) -> sqlx::Result<Vec<Tenant>> {
    sqlx::query_as("select id, slug, name from tenants order by name limit 200").fetch_all(conn).await
}

/// Fails with a unique violation on `tenants_slug_key` when the slug is taken.
pub async fn insert_tenant(conn: &mut PgConnection, id: TenantId, slug: &str, name: &str) -> sqlx::Result<()> {
    sqlx::query("insert into tenants (id, slug, name) values ($1, $2, $3)")
        .bind(id)
        .bind(slug)
        .bind(name)
        .execute(conn)
        .await?;
    Ok(())
}

/// A person's standing in a tenant: their role and organisations, in one round trip.
pub async fn standing(db: &mut TenantTx, user_id: UserId) -> sqlx::Result<(Option<TenantRole>, Vec<OrganisationId>)> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select (select role from tenant_members where tenant_id = $1 and user_id = $2),
                array(select organisation_id from organisation_members where tenant_id = $1 and user_id = $2 order by created_at)",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_one(&mut **db)
    .await
}

/// The tenant's staff and admins, to tell of something they must act on (at most 100).
pub async fn staff(db: &mut TenantTx) -> sqlx::Result<Vec<User>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {USER_COLUMNS} from users u join tenant_members m on m.user_id = u.id
          where m.tenant_id = $1 and m.role in ('staff', 'admin')
          order by u.email limit 100"
    ))
    .bind(tenant_id)
    .fetch_all(&mut **db)
    .await
}

pub async fn list_people(db: &mut TenantTx, after: Option<&Cursor>, limit: i64) -> sqlx::Result<Vec<Person>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select m.user_id, u.email::text as email, u.display_name, m.role, m.created_at
         from tenant_members m join users u on u.id = m.user_id
         where m.tenant_id = $1 and ($2::timestamptz is null or (m.created_at, m.user_id) > ($2, $3))
         order by m.created_at, m.user_id
         limit $4",
    )
    .bind(tenant_id)
    .bind(after.map(|c| c.at))
    .bind(after.map(|c| c.id))
    .bind(limit)
    .fetch_all(&mut **db)
    .await
}

/// Gives a person a role in the tenant, replacing any role they had. Returns the previous role.
pub async fn set_role(db: &mut TenantTx, user_id: UserId, role: TenantRole) -> sqlx::Result<Option<TenantRole>> {
    let tenant_id = db.tenant();
    let previous: Option<TenantRole> =
        sqlx::query_scalar("select role from tenant_members where tenant_id = $1 and user_id = $2 for update")
            .bind(tenant_id)
            .bind(user_id)
            .fetch_optional(&mut **db)
            .await?;
    sqlx::query(
        "insert into tenant_members (tenant_id, user_id, role) values ($1, $2, $3)
         on conflict (tenant_id, user_id) do update set role = excluded.role",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(role)
    .execute(&mut **db)
    .await?;
    Ok(previous)
}

pub async fn remove_role(db: &mut TenantTx, user_id: UserId) -> sqlx::Result<Option<TenantRole>> {
    let tenant_id = db.tenant();
    sqlx::query_scalar("delete from tenant_members where tenant_id = $1 and user_id = $2 returning role")
        .bind(tenant_id)
        .bind(user_id)
        .fetch_optional(&mut **db)
        .await
}

/// Admins of the tenant, locked so that two concurrent demotions cannot remove the last one.
pub async fn lock_admins(db: &mut TenantTx) -> sqlx::Result<Vec<UserId>> {
    let tenant_id = db.tenant();
    sqlx::query_scalar("select user_id from tenant_members where tenant_id = $1 and role = 'admin' for update")
        .bind(tenant_id)
        .fetch_all(&mut **db)
        .await
}

/// Every country but Antarctica's territories, by name in the order of `collation` (an ICU
/// collation name from `Lang::collation`, never user input).
pub async fn countries(conn: &mut PgConnection, collation: &str) -> sqlx::Result<Vec<Country>> {
    let sql = format!(
        "select code::text as code, name_en as name, continent from countries where continent <> 'antarctica'
         order by name_en collate \"{collation}\", code"
    );
    sqlx::query_as(&sql).fetch_all(conn).await
}

/// The time zones of a country, in zone.tab's order (migration 0019).
pub async fn country_zones(conn: &mut PgConnection, code: &str) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("select time_zone from country_time_zones where country_code = $1 order by position")
        .bind(code)
        .fetch_all(conn)
        .await
}

pub async fn country_exists(conn: &mut PgConnection, code: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar("select exists (select 1 from countries where code = $1)").bind(code).fetch_one(conn).await
}

pub struct OrganisationFields<'a> {
    pub name: &'a str,
    pub country_code: &'a str,
    pub level: GovernmentLevel,
    pub website: Option<&'a str>,
}

/// Fails with a unique violation on `organisations_name_key` when the tenant has that name.
pub async fn insert_organisation(
    db: &mut TenantTx,
    id: OrganisationId,
    fields: &OrganisationFields<'_>,
    created_by: UserId,
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "insert into organisations (tenant_id, id, name, country_code, level, website, created_by)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(fields.name)
    .bind(fields.country_code)
    .bind(fields.level)
    .bind(fields.website)
    .bind(created_by)
    .execute(&mut **db)
    .await?;
    Ok(())
}

/// Applies an edit made on `version`; false when someone else saved first.
pub async fn update_organisation(
    db: &mut TenantTx,
    id: OrganisationId,
    version: i32,
    fields: &OrganisationFields<'_>,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update organisations set name = $4, country_code = $5, level = $6, website = $7, version = version + 1
         where tenant_id = $1 and id = $2 and version = $3",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(version)
    .bind(fields.name)
    .bind(fields.country_code)
    .bind(fields.level)
    .bind(fields.website)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

const ORGANISATION_COLUMNS: &str = "o.id, o.name, o.country_code::text as country_code, c.name_en as country_name, o.level, o.website, o.version, o.created_at";

pub async fn organisation(db: &mut TenantTx, id: OrganisationId) -> sqlx::Result<Option<Organisation>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {ORGANISATION_COLUMNS} from organisations o join countries c on c.code = o.country_code
         where o.tenant_id = $1 and o.id = $2"
    ))
    .bind(tenant_id)
    .bind(id)
    .fetch_optional(&mut **db)
    .await
}

/// Every organisation of a tenant, newest first.
pub async fn list_organisations(
    db: &mut TenantTx,
    after: Option<&Cursor>,
    limit: i64,
) -> sqlx::Result<Vec<Organisation>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {ORGANISATION_COLUMNS} from organisations o join countries c on c.code = o.country_code
         where o.tenant_id = $1 and ($2::timestamptz is null or (o.created_at, o.id) < ($2, $3))
         order by o.created_at desc, o.id desc
         limit $4"
    ))
    .bind(tenant_id)
    .bind(after.map(|c| c.at))
    .bind(after.map(|c| c.id))
    .bind(limit)
    .fetch_all(&mut **db)
    .await
}

/// The organisations a person belongs to in a tenant.
pub async fn organisations_of(db: &mut TenantTx, user_id: UserId) -> sqlx::Result<Vec<Organisation>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {ORGANISATION_COLUMNS} from organisation_members m
         join organisations o on o.tenant_id = m.tenant_id and o.id = m.organisation_id
         join countries c on c.code = o.country_code
         where m.tenant_id = $1 and m.user_id = $2
         order by o.name limit 100"
    ))
    .bind(tenant_id)
    .bind(user_id)
    .fetch_all(&mut **db)
    .await
}

pub async fn add_member(db: &mut TenantTx, organisation_id: OrganisationId, user_id: UserId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "insert into organisation_members (tenant_id, organisation_id, user_id) values ($1, $2, $3) on conflict do nothing",
    )
    .bind(tenant_id)
    .bind(organisation_id)
    .bind(user_id)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn members(db: &mut TenantTx, organisation_id: OrganisationId) -> sqlx::Result<Vec<Member>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select m.user_id, u.display_name, u.email::text as email, m.created_at as joined_at
         from organisation_members m join users u on u.id = m.user_id
         where m.tenant_id = $1 and m.organisation_id = $2
         order by m.created_at limit 500",
    )
    .bind(tenant_id)
    .bind(organisation_id)
    .fetch_all(&mut **db)
    .await
}

pub struct NewInvitation<'a> {
    pub id: InvitationId,
    pub email: &'a str,
    pub role: Option<TenantRole>,
    pub organisation_id: Option<OrganisationId>,
    pub token_hash: &'a str,
    pub invited_by: Option<UserId>,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert_invitation(db: &mut TenantTx, invitation: &NewInvitation<'_>) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "insert into invitations (tenant_id, id, email, role, organisation_id, token_hash, invited_by, expires_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tenant_id)
    .bind(invitation.id)
    .bind(invitation.email)
    .bind(invitation.role)
    .bind(invitation.organisation_id)
    .bind(invitation.token_hash)
    .bind(invitation.invited_by)
    .bind(invitation.expires_at)
    .execute(&mut **db)
    .await?;
    Ok(())
}

const INVITATION_COLUMNS: &str = "i.id, i.email::text as email, i.role, i.organisation_id, o.name as organisation_name,
  u.display_name as invited_by_name, i.created_at, i.expires_at, i.accepted_at, i.revoked_at";

const INVITATION_FROM: &str = "from invitations i
  left join organisations o on o.tenant_id = i.tenant_id and o.id = i.organisation_id
  left join users u on u.id = i.invited_by";

pub async fn invitation_by_token(db: &mut TenantTx, token_hash: &str) -> sqlx::Result<Option<Invitation>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {INVITATION_COLUMNS} {INVITATION_FROM} where i.tenant_id = $1 and i.token_hash = $2"
    ))
    .bind(tenant_id)
    .bind(token_hash)
    .fetch_optional(&mut **db)
    .await
}

/// Open invitations to tenant roles (organisation_id is null), newest first.
pub async fn open_role_invitations(db: &mut TenantTx) -> sqlx::Result<Vec<Invitation>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {INVITATION_COLUMNS} {INVITATION_FROM}
         where i.tenant_id = $1 and i.organisation_id is null and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()
         order by i.created_at desc limit 200"
    ))
    .bind(tenant_id)
    .fetch_all(&mut **db)
    .await
}

pub async fn open_organisation_invitations(
    db: &mut TenantTx,
    organisation_id: OrganisationId,
) -> sqlx::Result<Vec<Invitation>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {INVITATION_COLUMNS} {INVITATION_FROM}
         where i.tenant_id = $1 and i.organisation_id = $2 and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()
         order by i.created_at desc limit 200"
    ))
    .bind(tenant_id)
    .bind(organisation_id)
    .fetch_all(&mut **db)
    .await
}

/// Marks an open invitation accepted; false if it was accepted, revoked or expired meanwhile.
pub async fn mark_accepted(db: &mut TenantTx, id: InvitationId, user_id: UserId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update invitations set accepted_at = now(), accepted_by = $3
         where tenant_id = $1 and id = $2 and accepted_at is null and revoked_at is null and expires_at > now()",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(user_id)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Withdraws an open invitation within its scope (a tenant role, or one organisation).
pub async fn revoke_invitation(
    db: &mut TenantTx,
    id: InvitationId,
    organisation_id: Option<OrganisationId>,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update invitations set revoked_at = now()
         where tenant_id = $1 and id = $2 and organisation_id is not distinct from $3
           and accepted_at is null and revoked_at is null",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(organisation_id)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn organisation_id_by_name(db: &mut TenantTx, name: &str) -> sqlx::Result<Option<OrganisationId>> {
    let tenant_id = db.tenant();
    sqlx::query_scalar("select id from organisations where tenant_id = $1 and lower(name) = lower($2)")
        .bind(tenant_id)
        .bind(name)
        .fetch_optional(&mut **db)
        .await
}

/// A person's standing in a tenant: their role and their organisations there.
pub struct Standing {
    pub role: Option<TenantRole>,
    pub organisations: Vec<OrganisationId>,
}

impl Standing {
    /// No role, no organisation: the standing of the signed-out.
    pub fn none() -> Self {
        Self { role: None, organisations: Vec::new() }
    }
}

/// A person and their standing in the wall's tenant, in one round trip (every signed-in tenant
/// page needs both). `user` is None when the request already knows the person (the user row is
/// then not read again); the result is None when no such person exists.
pub async fn user_and_standing(
    db: &mut TenantTx,
    user_id: UserId,
    read_user: bool,
) -> sqlx::Result<Option<(Option<User>, Standing)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        user: User,
        role: Option<TenantRole>,
        organisations: Vec<OrganisationId>,
    }
    #[derive(sqlx::FromRow)]
    struct StandingRow {
        role: Option<TenantRole>,
        organisations: Vec<OrganisationId>,
    }
    const STANDING: &str = "(select role from tenant_members m where m.tenant_id = $1 and m.user_id = u.id) as role,
        array(select organisation_id from organisation_members om
              where om.tenant_id = $1 and om.user_id = u.id order by om.created_at) as organisations";
    let tenant_id = db.tenant();
    if read_user {
        let row: Option<Row> =
            sqlx::query_as(&format!("select {USER_COLUMNS}, {STANDING} from users u where u.id = $2"))
                .bind(tenant_id)
                .bind(user_id)
                .fetch_optional(&mut **db)
                .await?;
        Ok(row.map(|row| (Some(row.user), Standing { role: row.role, organisations: row.organisations })))
    } else {
        let row: Option<StandingRow> = sqlx::query_as(&format!("select {STANDING} from users u where u.id = $2"))
            .bind(tenant_id)
            .bind(user_id)
            .fetch_optional(&mut **db)
            .await?;
        Ok(row.map(|row| (None, Standing { role: row.role, organisations: row.organisations })))
    }
}

/// Tenants where a person holds a role or belongs to an organisation, by name.
pub async fn tenant_memberships(conn: &mut PgConnection, user_id: UserId) -> sqlx::Result<Vec<TenantMembership>> {
    sqlx::query_as(
        "select t.slug, t.name, m.role,
                (select count(*) from organisation_members om where om.tenant_id = t.id and om.user_id = $1) as organisation_count
         from tenants t left join tenant_members m on m.tenant_id = t.id and m.user_id = $1
         where m.user_id is not null
            or exists (select 1 from organisation_members om where om.tenant_id = t.id and om.user_id = $1)
         order by t.name limit 100",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// The members of `organisations`, to write to, by organisation then address (at most 1,000).
pub async fn correspondents(
    db: &mut TenantTx,
    organisations: &[OrganisationId],
) -> sqlx::Result<Vec<super::domain::Correspondent>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select m.user_id, m.organisation_id, u.email::text as email, u.display_name, u.locale, u.comment_emails
           from organisation_members m join users u on u.id = m.user_id
          where m.tenant_id = $1 and m.organisation_id = any($2)
          order by m.organisation_id, u.email
          limit 1000",
    )
    .bind(tenant_id)
    .bind(organisations)
    .fetch_all(&mut **db)
    .await
}
