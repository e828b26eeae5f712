//! Verb functions for programmes and themes.

use sqlx::PgPool;

use super::domain::{Phase, PhaseKind, parse_phase, parse_slug, parse_summary, parse_title};
use super::store::{self, ProgrammeFields};
use crate::audit;
use crate::ids::{ProgrammeId, ThemeId};
use crate::tenancy::policy::{Action, Target, authorize};
use crate::web::extract::TenantAccess;
use crate::web::{AppError, FieldErrors};

/// Raw programme fields as a form or JSON body carries them. Phase dates are `YYYY-MM-DD`,
/// keyed `<kind>_starts` / `<kind>_ends` in forms and `phases` in JSON.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProgrammeInput {
    pub title: String,
    pub slug: String,
    pub summary: String,
    /// IANA time zone used for readers who have not chosen one.
    pub time_zone: String,
    pub phases: Vec<PhaseInput>,
}

#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PhaseInput {
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
}

impl ProgrammeInput {
    /// The dates typed for `kind`, or empty strings.
    pub fn dates_of(&self, kind: PhaseKind) -> (&str, &str) {
        self.phases
            .iter()
            .find(|p| p.kind == kind.as_str())
            .map(|p| (p.starts_on.as_str(), p.ends_on.as_str()))
            .unwrap_or(("", ""))
    }
}

struct ValidProgramme {
    slug: String,
    title: String,
    summary: String,
    time_zone: String,
    phases: Vec<Phase>,
}

fn validate(input: &ProgrammeInput) -> Result<ValidProgramme, AppError> {
    let mut errors = FieldErrors::new();
    let title = errors.check("title", parse_title(&input.title));
    let slug = errors.check("slug", parse_slug(&input.slug));
    let summary = errors.check("summary", parse_summary(&input.summary));
    let zone = if input.time_zone.trim().is_empty() { "UTC" } else { input.time_zone.trim() };
    let time_zone = errors.check("time_zone", crate::accounts::domain::parse_zone(zone));
    for phase in &input.phases {
        if PhaseKind::parse(&phase.kind).is_none() {
            errors.add("phases", "error-phase-kind-invalid");
        }
    }
    let mut phases = Vec::new();
    for kind in PhaseKind::ALL {
        let (starts, ends) = input.dates_of(kind);
        if let Some(Some((starts_on, ends_on))) =
            errors.check(&format!("{}_starts", kind.as_str()), parse_phase(starts, ends))
        {
            phases.push(Phase { kind, starts_on, ends_on });
        }
    }
    match (title, slug, summary, time_zone) {
        (Some(title), Some(slug), Some(summary), Some(zone)) if errors.is_empty() => {
            Ok(ValidProgramme { slug, title, summary, time_zone: zone.name().to_string(), phases })
        }
        _ => Err(AppError::Validation(errors)),
    }
}

fn slug_taken() -> AppError {
    let mut errors = FieldErrors::new();
    errors.add("slug", "error-programme-slug-taken");
    AppError::Validation(errors)
}

pub async fn create_programme(
    pool: &PgPool,
    access: &TenantAccess,
    input: &ProgrammeInput,
) -> Result<String, AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::ManageProgrammes, Target::Tenant(tenant_id))?;
    let valid = validate(input)?;
    let id = ProgrammeId::new();
    let mut tx = pool.begin().await?;
    let fields = ProgrammeFields {
        slug: &valid.slug,
        title: &valid.title,
        summary: &valid.summary,
        time_zone: &valid.time_zone,
    };
    if let Err(error) = store::insert_programme(&mut tx, tenant_id, id, &fields).await {
        return Err(if crate::db::is_unique_violation(&error, "programmes_slug_key") {
            slug_taken()
        } else {
            error.into()
        });
    }
    store::replace_phases(&mut tx, tenant_id, id, &valid.phases).await?;
    audit::record(
        &mut tx,
        audit::Entry::new("programme.created", "programme", id)
            .tenant(tenant_id)
            .actor(access.actor.user_id)
            .details(serde_json::json!({ "slug": valid.slug, "title": valid.title })),
    )
    .await?;
    tx.commit().await?;
    Ok(valid.slug)
}

/// Saves an edit made on `version`; returns the (possibly new) slug.
pub async fn update_programme(
    pool: &PgPool,
    access: &TenantAccess,
    slug: &str,
    version: i32,
    input: &ProgrammeInput,
) -> Result<String, AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::ManageProgrammes, Target::Tenant(tenant_id))?;
    let mut tx = pool.begin().await?;
    let programme = store::programme_by_slug(&mut tx, tenant_id, slug).await?.ok_or(AppError::NotFound)?;
    let valid = validate(input)?;
    let fields = ProgrammeFields {
        slug: &valid.slug,
        title: &valid.title,
        summary: &valid.summary,
        time_zone: &valid.time_zone,
    };
    match store::update_programme(&mut tx, tenant_id, programme.id, version, &fields).await {
        Ok(true) => {}
        Ok(false) => return Err(AppError::Conflict("error-stale-programme")),
        Err(error) if crate::db::is_unique_violation(&error, "programmes_slug_key") => {
            return Err(slug_taken());
        }
        Err(error) => return Err(error.into()),
    }
    store::replace_phases(&mut tx, tenant_id, programme.id, &valid.phases).await?;
    audit::record(
        &mut tx,
        audit::Entry::new("programme.updated", "programme", programme.id)
            .tenant(tenant_id)
            .actor(access.actor.user_id)
            .details(serde_json::json!({ "slug": valid.slug, "title": valid.title })),
    )
    .await?;
    tx.commit().await?;
    Ok(valid.slug)
}

pub async fn add_theme(pool: &PgPool, access: &TenantAccess, name: &str) -> Result<ThemeId, AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::ManageThemes, Target::Tenant(tenant_id))?;
    let name = name.trim();
    let mut errors = FieldErrors::new();
    if name.is_empty() {
        errors.add("name", "error-theme-name-missing");
    } else if name.chars().count() > 80 {
        errors.add("name", "error-theme-name-too-long");
    } else if name.chars().any(char::is_control) {
        errors.add("name", "error-text-control-characters");
    }
    errors.into_result()?;
    let id = ThemeId::new();
    let mut tx = pool.begin().await?;
    if let Err(error) = store::insert_theme(&mut tx, tenant_id, id, name).await {
        if crate::db::is_unique_violation(&error, "themes_name_key") {
            let mut errors = FieldErrors::new();
            errors.add("name", "error-theme-name-taken");
            return Err(AppError::Validation(errors));
        }
        return Err(error.into());
    }
    audit::record(
        &mut tx,
        audit::Entry::new("theme.added", "theme", id)
            .tenant(tenant_id)
            .actor(access.actor.user_id)
            .details(serde_json::json!({ "name": name })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn set_theme_archived(
    pool: &PgPool,
    access: &TenantAccess,
    id: ThemeId,
    archived: bool,
) -> Result<(), AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::ManageThemes, Target::Tenant(tenant_id))?;
    let mut tx = pool.begin().await?;
    if !store::set_theme_archived(&mut tx, tenant_id, id, archived).await? {
        return Err(AppError::NotFound);
    }
    let action = if archived { "theme.archived" } else { "theme.restored" };
    audit::record(&mut tx, audit::Entry::new(action, "theme", id).tenant(tenant_id).actor(access.actor.user_id))
        .await?;
    tx.commit().await?;
    Ok(())
}
