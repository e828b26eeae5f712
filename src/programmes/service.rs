//! Programmes' service: the verbs for programme editions, their timelines and the tenant's
//! themes, and the reads other pages and capabilities need (programmes and themes are public).

use sqlx::PgPool;

use super::domain::{Phase, PhaseKind, Programme, Theme, parse_phase, parse_slug, parse_summary, parse_title};
use super::store::{self, ProgrammeFields};
use crate::audit;
use crate::db::OnConstraint;
use crate::db::wall::TenantTx;
use crate::error::{AppError, FieldErrors};
use crate::i18n::TimeZone;
use crate::ids::{ProgrammeId, ThemeId};
use crate::tenancy::access::Access;
use crate::tenancy::policy::Action;

// ---- Reads ----

/// The tenant's programmes, newest first (at most 100).
pub async fn programmes(db: &mut TenantTx) -> Result<Vec<Programme>, AppError> {
    Ok(store::list_programmes(db).await?)
}

/// The programme with this slug; 404 when the tenant has none.
pub async fn programme(db: &mut TenantTx, slug: &str) -> Result<Programme, AppError> {
    store::programme_by_slug(db, slug).await?.ok_or(AppError::NotFound)
}

/// The programme with this id (a call's, say); 404 when the tenant has none.
pub async fn programme_by_id(db: &mut TenantTx, id: ProgrammeId) -> Result<Programme, AppError> {
    store::programme_by_id(db, id).await?.ok_or(AppError::NotFound)
}

/// A programme's timeline, in the order the phases start.
pub async fn phases(db: &mut TenantTx, programme: &Programme) -> Result<Vec<Phase>, AppError> {
    Ok(store::phases(db, programme.id).await?)
}

/// A programme with its timeline as its edit form shows them, for those who manage programmes.
pub async fn programme_to_edit(
    db: &mut TenantTx,
    access: &Access,
    slug: &str,
) -> Result<(Programme, Vec<Phase>), AppError> {
    access.authorize(Action::ManageProgrammes)?;
    let programme = programme(db, slug).await?;
    let phases = phases(db, &programme).await?;
    Ok((programme, phases))
}

/// The tenant's themes, live ones first, then by name; archived ones say so.
pub async fn themes(db: &mut TenantTx) -> Result<Vec<Theme>, AppError> {
    Ok(store::themes(db).await?)
}

/// The tenant's themes, archived ones included, for those who manage them (the themes page).
pub async fn themes_to_manage(db: &mut TenantTx, access: &Access) -> Result<Vec<Theme>, AppError> {
    access.authorize(Action::ManageThemes)?;
    themes(db).await
}

/// The themes a submission may choose now (not archived).
pub async fn live_themes(db: &mut TenantTx) -> Result<Vec<Theme>, AppError> {
    let themes = store::themes(db).await?;
    Ok(themes.into_iter().filter(|t| !t.archived).collect())
}

/// One theme of the tenant.
pub async fn theme(db: &mut TenantTx, id: ThemeId) -> Result<Theme, AppError> {
    store::theme(db, id).await?.ok_or(AppError::NotFound)
}

// ---- Verbs ----

/// Raw programme fields as a form or JSON body carries them. Phase dates are `YYYY-MM-DD`,
/// keyed `<kind>_starts` / `<kind>_ends` in forms and `phases` in JSON.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProgrammeInput {
    /// 1–200 characters.
    #[schema(schema_with = crate::request_schema::line::<200>)]
    pub title: String,
    /// Lowercase letters, digits and inner hyphens; unique in the tenant.
    #[schema(schema_with = crate::request_schema::slug)]
    pub slug: String,
    /// At most 2,000 characters.
    #[schema(schema_with = crate::request_schema::text_up_to::<2000>)]
    pub summary: String,
    /// IANA time zone used for readers who have not chosen one (UTC when left out).
    #[schema(schema_with = crate::request_schema::time_zone)]
    pub time_zone: String,
    /// The phases the programme runs, each at most once; a phase left out is skipped.
    pub phases: Vec<PhaseInput>,
}

#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PhaseInput {
    #[schema(schema_with = crate::request_schema::phase_kind)]
    pub kind: String,
    /// `YYYY-MM-DD`.
    #[schema(schema_with = crate::request_schema::date)]
    pub starts_on: String,
    /// `YYYY-MM-DD`, not before `starts_on`.
    #[schema(schema_with = crate::request_schema::date)]
    pub ends_on: String,
}

impl Default for ProgrammeInput {
    /// A programme in UTC until its time zone is given.
    fn default() -> Self {
        Self {
            title: String::new(),
            slug: String::new(),
            summary: String::new(),
            time_zone: "UTC".to_string(),
            phases: Vec::new(),
        }
    }
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

impl ProgrammeInput {
    /// The form of a programme and its timeline as they are saved.
    pub fn of(programme: &Programme, phases: &[Phase]) -> Self {
        Self {
            title: programme.title.clone(),
            slug: programme.slug.clone(),
            summary: programme.summary.clone(),
            time_zone: programme.time_zone.name().to_string(),
            phases: phases
                .iter()
                .map(|p| PhaseInput {
                    kind: p.kind.as_str().into(),
                    starts_on: p.starts_on.to_string(),
                    ends_on: p.ends_on.to_string(),
                })
                .collect(),
        }
    }
}

struct ValidProgramme {
    slug: String,
    title: String,
    summary: String,
    time_zone: TimeZone,
    phases: Vec<Phase>,
}

impl ValidProgramme {
    fn fields(&self) -> ProgrammeFields<'_> {
        ProgrammeFields { slug: &self.slug, title: &self.title, summary: &self.summary, time_zone: self.time_zone }
    }
}

fn validate(input: &ProgrammeInput) -> Result<ValidProgramme, AppError> {
    let mut errors = FieldErrors::new();
    let title = errors.check("title", parse_title(&input.title));
    let slug = errors.check("slug", parse_slug(&input.slug));
    let summary = errors.check("summary", parse_summary(&input.summary));
    let time_zone = errors.check("time_zone", crate::accounts::domain::parse_zone(&input.time_zone));
    for phase in &input.phases {
        if PhaseKind::from_name(&phase.kind).is_none() {
            errors.add("phases", "error-phase-kind-invalid");
        }
    }
    let mut phases = Vec::new();
    for &kind in PhaseKind::ALL {
        let (starts, ends) = input.dates_of(kind);
        if let Some(Some((starts_on, ends_on))) =
            errors.check(&format!("{}_starts", kind.as_str()), parse_phase(starts, ends))
        {
            phases.push(Phase { kind, starts_on, ends_on });
        }
    }
    match (title, slug, summary, time_zone) {
        (Some(title), Some(slug), Some(summary), Some(zone)) if errors.is_empty() => {
            Ok(ValidProgramme { slug, title, summary, time_zone: zone, phases })
        }
        _ => Err(AppError::Validation(errors)),
    }
}

fn slug_taken() -> AppError {
    AppError::invalid("slug", "error-programme-slug-taken")
}

pub async fn create_programme(pool: &PgPool, access: &Access, input: &ProgrammeInput) -> Result<String, AppError> {
    access.authorize(Action::ManageProgrammes)?;
    let _tenant_id = access.tenant_id();
    let valid = validate(input)?;
    let id = ProgrammeId::new();
    let mut tx = access.db(pool).await?;
    store::insert_programme(&mut tx, id, &valid.fields()).await.on_constraint("programmes_slug_key", slug_taken)?;
    store::replace_phases(&mut tx, id, &valid.phases).await?;
    let details = serde_json::json!({ "slug": valid.slug, "title": valid.title });
    audit::record(&mut tx, access.audit("programme.created", "programme", id).details(details)).await?;
    tx.commit().await?;
    Ok(valid.slug)
}

/// Saves an edit made on `version`; returns the (possibly new) slug.
pub async fn update_programme(
    pool: &PgPool,
    access: &Access,
    slug: &str,
    version: i32,
    input: &ProgrammeInput,
) -> Result<String, AppError> {
    access.authorize(Action::ManageProgrammes)?;
    let _tenant_id = access.tenant_id();
    let mut tx = access.db(pool).await?;
    let programme = store::programme_by_slug(&mut tx, slug).await?.ok_or(AppError::NotFound)?;
    let valid = validate(input)?;
    let saved = store::update_programme(&mut tx, programme.id, version, &valid.fields())
        .await
        .on_constraint("programmes_slug_key", slug_taken)?;
    if !saved {
        return Err(AppError::Stale("error-stale-programme"));
    }
    store::replace_phases(&mut tx, programme.id, &valid.phases).await?;
    let details = serde_json::json!({ "slug": valid.slug, "title": valid.title });
    audit::record(&mut tx, access.audit("programme.updated", "programme", programme.id).details(details)).await?;
    tx.commit().await?;
    Ok(valid.slug)
}

/// Adds a theme to the tenant's taxonomy: 1–80 characters, unique in the tenant.
pub async fn add_theme(pool: &PgPool, access: &Access, name: &str) -> Result<ThemeId, AppError> {
    access.authorize(Action::ManageThemes)?;
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
    let mut tx = access.db(pool).await?;
    store::insert_theme(&mut tx, id, name)
        .await
        .on_constraint("themes_name_key", || AppError::invalid("name", "error-theme-name-taken"))?;
    audit::record(&mut tx, access.audit("theme.added", "theme", id).details(serde_json::json!({ "name": name })))
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Archives a theme (it stays on the submissions that chose it but is no longer offered) or
/// restores it.
pub async fn set_theme_archived(pool: &PgPool, access: &Access, id: ThemeId, archived: bool) -> Result<(), AppError> {
    access.authorize(Action::ManageThemes)?;
    let mut tx = access.db(pool).await?;
    if !store::set_theme_archived(&mut tx, id, archived).await? {
        return Err(AppError::NotFound);
    }
    let action = if archived { "theme.archived" } else { "theme.restored" };
    audit::record(&mut tx, access.audit(action, "theme", id)).await?;
    tx.commit().await?;
    Ok(())
}
