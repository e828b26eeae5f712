//! SQL for programmes, phases and themes. Every function takes a `TenantTx` and filters by its tenant. Private to `programmes`.

use chrono::NaiveDate;

use super::domain::{Phase, PhaseKind, Programme, Theme};
use crate::db::wall::TenantTx;
use crate::i18n::TimeZone;
use crate::ids::{ProgrammeId, ThemeId};

const PROGRAMME_COLUMNS: &str = "id, slug, title, summary, time_zone, version, created_at";

pub struct ProgrammeFields<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub time_zone: TimeZone,
}

/// Fails with a unique violation on `programmes_slug_key` when the slug is taken.
pub async fn insert_programme(db: &mut TenantTx, id: ProgrammeId, fields: &ProgrammeFields<'_>) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "insert into programmes (tenant_id, id, slug, title, summary, time_zone) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(fields.slug)
    .bind(fields.title)
    .bind(fields.summary)
    .bind(fields.time_zone)
    .execute(&mut **db)
    .await?;
    Ok(())
}

/// Applies an edit made on `version`; false when someone saved in between.
pub async fn update_programme(
    db: &mut TenantTx,
    id: ProgrammeId,
    version: i32,
    fields: &ProgrammeFields<'_>,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update programmes set slug = $4, title = $5, summary = $6, time_zone = $7, version = version + 1
         where tenant_id = $1 and id = $2 and version = $3",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(version)
    .bind(fields.slug)
    .bind(fields.title)
    .bind(fields.summary)
    .bind(fields.time_zone)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn programme_by_slug(db: &mut TenantTx, slug: &str) -> sqlx::Result<Option<Programme>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!("select {PROGRAMME_COLUMNS} from programmes where tenant_id = $1 and slug = $2"))
        .bind(tenant_id)
        .bind(slug)
        .fetch_optional(&mut **db)
        .await
}

pub async fn programme_by_id(db: &mut TenantTx, id: ProgrammeId) -> sqlx::Result<Option<Programme>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!("select {PROGRAMME_COLUMNS} from programmes where tenant_id = $1 and id = $2"))
        .bind(tenant_id)
        .bind(id)
        .fetch_optional(&mut **db)
        .await
}

/// A tenant's programmes, newest first (a host runs a handful: one page is enough).
pub async fn list_programmes(db: &mut TenantTx) -> sqlx::Result<Vec<Programme>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {PROGRAMME_COLUMNS} from programmes where tenant_id = $1 order by created_at desc, id desc limit 100"
    ))
    .bind(tenant_id)
    .fetch_all(&mut **db)
    .await
}

pub async fn phases(db: &mut TenantTx, programme_id: ProgrammeId) -> sqlx::Result<Vec<Phase>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select kind, starts_on, ends_on from programme_phases where tenant_id = $1 and programme_id = $2 order by starts_on, kind",
    )
    .bind(tenant_id)
    .bind(programme_id)
    .fetch_all(&mut **db)
    .await
}

/// Replaces the timeline with `phases`.
pub async fn replace_phases(db: &mut TenantTx, programme_id: ProgrammeId, phases: &[Phase]) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query("delete from programme_phases where tenant_id = $1 and programme_id = $2")
        .bind(tenant_id)
        .bind(programme_id)
        .execute(&mut **db)
        .await?;
    let kinds: Vec<PhaseKind> = phases.iter().map(|p| p.kind).collect();
    let starts: Vec<NaiveDate> = phases.iter().map(|p| p.starts_on).collect();
    let ends: Vec<NaiveDate> = phases.iter().map(|p| p.ends_on).collect();
    sqlx::query(
        "insert into programme_phases (tenant_id, programme_id, kind, starts_on, ends_on)
         select $1, $2, * from unnest($3::text[], $4::date[], $5::date[])",
    )
    .bind(tenant_id)
    .bind(programme_id)
    .bind(&kinds)
    .bind(&starts)
    .bind(&ends)
    .execute(&mut **db)
    .await?;
    Ok(())
}

/// The tenant's themes, live ones first, by name.
pub async fn themes(db: &mut TenantTx) -> sqlx::Result<Vec<Theme>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select id, name, archived_at is not null as archived from themes where tenant_id = $1
         order by archived_at is not null, lower(name) limit 500",
    )
    .bind(tenant_id)
    .fetch_all(&mut **db)
    .await
}

pub async fn theme(db: &mut TenantTx, id: ThemeId) -> sqlx::Result<Option<Theme>> {
    let tenant_id = db.tenant();
    sqlx::query_as("select id, name, archived_at is not null as archived from themes where tenant_id = $1 and id = $2")
        .bind(tenant_id)
        .bind(id)
        .fetch_optional(&mut **db)
        .await
}

/// Fails with a unique violation on `themes_name_key` when the name exists.
pub async fn insert_theme(db: &mut TenantTx, id: ThemeId, name: &str) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query("insert into themes (tenant_id, id, name) values ($1, $2, $3)")
        .bind(tenant_id)
        .bind(id)
        .bind(name)
        .execute(&mut **db)
        .await?;
    Ok(())
}

/// Archives or restores a theme; archived themes stay on old submissions but cannot be picked.
pub async fn set_theme_archived(db: &mut TenantTx, id: ThemeId, archived: bool) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update themes set archived_at = case when $3 then coalesce(archived_at, now()) end where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(archived)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}
