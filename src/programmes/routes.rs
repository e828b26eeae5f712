//! Programme pages: the public programme page with its timeline, staff forms, and themes.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use tower_sessions::Session;

use super::domain::{Phase, PhaseKind, Programme};
use super::service::{self, PhaseInput, ProgrammeInput};
use super::store::{self, Theme};
use crate::app::AppState;
use crate::ids::ThemeId;
use crate::tenancy::policy::{Action, Target, allows, authorize};
use crate::web::extract::{Form, Path, TenantAccess};
use crate::web::page::{PageCtx, redirect_with_notice, render, render_with_status};
use crate::web::{AppError, FieldErrors};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/t/{tenant}/programmes/new", get(new_programme_page).post(create_programme))
        .route("/t/{tenant}/p/{programme}", get(programme_page))
        .route("/t/{tenant}/p/{programme}/edit", get(edit_programme_page).post(update_programme))
        .route("/t/{tenant}/admin/themes", get(themes_page).post(add_theme))
        .route("/t/{tenant}/admin/themes/{theme}/archive", post(archive_theme))
        .route("/t/{tenant}/admin/themes/{theme}/restore", post(restore_theme))
}

/// A timeline row as the page shows it.
pub struct TimelineRow {
    pub phase: Phase,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "programmes/programme.html")]
struct ProgrammePage {
    ctx: PageCtx,
    programme: Programme,
    timeline: Vec<TimelineRow>,
    calls: Vec<(crate::calls::domain::Call, crate::calls::domain::CallStatus)>,
    can_manage: bool,
}

async fn load_programme(state: &AppState, access: &TenantAccess, slug: &str) -> Result<Programme, AppError> {
    let mut conn = state.pool.acquire().await?;
    store::programme_by_slug(&mut conn, access.tenant.id, slug).await?.ok_or(AppError::NotFound)
}

/// Today in the programme's own zone: phases are calendar days there.
fn programme_today(programme: &Programme) -> NaiveDate {
    let zone = crate::i18n::parse_zone(&programme.time_zone).unwrap_or(chrono_tz::UTC);
    Utc::now().with_timezone(&zone).date_naive()
}

async fn programme_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let programme = load_programme(&state, &access, &slug).await?;
    let ctx = ctx.default_zone(crate::i18n::parse_zone(&programme.time_zone).unwrap_or(chrono_tz::UTC));
    let mut conn = state.pool.acquire().await?;
    let today = programme_today(&programme);
    let timeline = store::phases(&mut conn, access.tenant.id, programme.id)
        .await?
        .into_iter()
        .map(|phase| TimelineRow { current: phase.starts_on <= today && today <= phase.ends_on, phase })
        .collect();
    let now = Utc::now();
    let calls = crate::calls::store::calls_of_programme(&mut conn, access.tenant.id, programme.id)
        .await?
        .into_iter()
        .map(|call| {
            let status = call.status(now);
            (call, status)
        })
        .collect();
    let can_manage = allows(&access.actor, Action::ManageProgrammes, Target::Tenant(access.tenant.id));
    render(&ProgrammePage { ctx, programme, timeline, calls, can_manage })
}

/// The programme form as a browser posts it: phase dates arrive as `<kind>_starts` / `<kind>_ends`.
#[derive(Default, Deserialize)]
#[serde(default)]
struct ProgrammeForm {
    title: String,
    slug: String,
    summary: String,
    time_zone: String,
    version: String,
    #[serde(flatten)]
    dates: HashMap<String, String>,
}

impl ProgrammeForm {
    fn input(&self) -> ProgrammeInput {
        let phases = PhaseKind::ALL
            .into_iter()
            .map(|kind| PhaseInput {
                kind: kind.as_str().to_string(),
                starts_on: self.dates.get(&format!("{}_starts", kind.as_str())).cloned().unwrap_or_default(),
                ends_on: self.dates.get(&format!("{}_ends", kind.as_str())).cloned().unwrap_or_default(),
            })
            .collect();
        ProgrammeInput {
            title: self.title.clone(),
            slug: self.slug.clone(),
            summary: self.summary.clone(),
            time_zone: self.time_zone.clone(),
            phases,
        }
    }
}

#[derive(Template)]
#[template(path = "programmes/programme_form.html")]
struct ProgrammeFormPage {
    ctx: PageCtx,
    /// The slug being edited; None when creating.
    editing: Option<String>,
    input: ProgrammeInput,
    version: i32,
    errors: FieldErrors,
    kinds: [PhaseKind; 8],
    zones: &'static [&'static str],
    conflict: bool,
}

impl ProgrammeFormPage {
    fn new(ctx: PageCtx, editing: Option<String>, input: ProgrammeInput, version: i32, errors: FieldErrors) -> Self {
        Self {
            ctx,
            editing,
            input,
            version,
            errors,
            kinds: PhaseKind::ALL,
            zones: crate::i18n::zone_names(),
            conflict: false,
        }
    }
    fn starts(&self, kind: &PhaseKind) -> &str {
        self.input.dates_of(*kind).0
    }
    fn ends(&self, kind: &PhaseKind) -> &str {
        self.input.dates_of(*kind).1
    }
    fn is_zone(&self, zone: &str) -> bool {
        self.input.time_zone == zone
    }
}

async fn new_programme_page(ctx: PageCtx, access: TenantAccess) -> Result<Response, AppError> {
    authorize(&access.actor, Action::ManageProgrammes, Target::Tenant(access.tenant.id))?;
    let input = ProgrammeInput { time_zone: "UTC".into(), ..Default::default() };
    render(&ProgrammeFormPage::new(ctx, None, input, 0, FieldErrors::new()))
}

async fn create_programme(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: TenantAccess,
    Form(form): Form<ProgrammeForm>,
) -> Result<Response, AppError> {
    let input = form.input();
    match service::create_programme(&state.pool, &access, &input).await {
        Ok(slug) => {
            redirect_with_notice(&session, &format!("/t/{}/p/{slug}", access.tenant.slug), "notice-programme-created")
                .await
        }
        Err(AppError::Validation(errors)) => {
            render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &ProgrammeFormPage::new(ctx, None, input, 0, errors))
        }
        Err(other) => Err(other),
    }
}

fn input_of(programme: &Programme, phases: &[Phase]) -> ProgrammeInput {
    ProgrammeInput {
        title: programme.title.clone(),
        slug: programme.slug.clone(),
        summary: programme.summary.clone(),
        time_zone: programme.time_zone.clone(),
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

async fn edit_programme_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    authorize(&access.actor, Action::ManageProgrammes, Target::Tenant(access.tenant.id))?;
    let programme = load_programme(&state, &access, &slug).await?;
    let mut conn = state.pool.acquire().await?;
    let phases = store::phases(&mut conn, access.tenant.id, programme.id).await?;
    render(&ProgrammeFormPage::new(
        ctx,
        Some(slug),
        input_of(&programme, &phases),
        programme.version,
        FieldErrors::new(),
    ))
}

async fn update_programme(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: TenantAccess,
    Path((_, slug)): Path<(String, String)>,
    Form(form): Form<ProgrammeForm>,
) -> Result<Response, AppError> {
    let version = form.version.trim().parse::<i32>().map_err(|_| AppError::BadRequest("error-version-missing"))?;
    let input = form.input();
    match service::update_programme(&state.pool, &access, &slug, version, &input).await {
        Ok(new_slug) => {
            redirect_with_notice(&session, &format!("/t/{}/p/{new_slug}", access.tenant.slug), "notice-programme-saved")
                .await
        }
        Err(AppError::Validation(errors)) => render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ProgrammeFormPage::new(ctx, Some(slug), input, version, errors),
        ),
        Err(AppError::Conflict(_)) => {
            let programme = load_programme(&state, &access, &slug).await?;
            let mut conn = state.pool.acquire().await?;
            let phases = store::phases(&mut conn, access.tenant.id, programme.id).await?;
            let mut page = ProgrammeFormPage::new(
                ctx,
                Some(slug),
                input_of(&programme, &phases),
                programme.version,
                FieldErrors::new(),
            );
            page.conflict = true;
            render_with_status(StatusCode::CONFLICT, &page)
        }
        Err(other) => Err(other),
    }
}

#[derive(Template)]
#[template(path = "programmes/themes.html")]
struct ThemesPage {
    ctx: PageCtx,
    themes: Vec<Theme>,
    theme_name: String,
    errors: FieldErrors,
}

async fn themes_view(
    state: &AppState,
    ctx: PageCtx,
    access: &TenantAccess,
    name: String,
    errors: FieldErrors,
) -> Result<ThemesPage, AppError> {
    authorize(&access.actor, Action::ManageThemes, Target::Tenant(access.tenant.id))?;
    let mut conn = state.pool.acquire().await?;
    let themes = store::themes(&mut conn, access.tenant.id).await?;
    Ok(ThemesPage { ctx, themes, theme_name: name, errors })
}

async fn themes_page(State(state): State<AppState>, ctx: PageCtx, access: TenantAccess) -> Result<Response, AppError> {
    render(&themes_view(&state, ctx, &access, String::new(), FieldErrors::new()).await?)
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ThemeForm {
    name: String,
}

async fn add_theme(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: TenantAccess,
    Form(form): Form<ThemeForm>,
) -> Result<Response, AppError> {
    match service::add_theme(&state.pool, &access, &form.name).await {
        Ok(_) => {
            redirect_with_notice(&session, &format!("/t/{}/admin/themes", access.tenant.slug), "notice-theme-added")
                .await
        }
        Err(AppError::Validation(errors)) => {
            let page = themes_view(&state, ctx, &access, form.name, errors).await?;
            render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

async fn archive_theme(
    State(state): State<AppState>,
    session: Session,
    access: TenantAccess,
    Path((_, theme)): Path<(String, ThemeId)>,
) -> Result<Response, AppError> {
    service::set_theme_archived(&state.pool, &access, theme, true).await?;
    redirect_with_notice(&session, &format!("/t/{}/admin/themes", access.tenant.slug), "notice-theme-archived").await
}

async fn restore_theme(
    State(state): State<AppState>,
    session: Session,
    access: TenantAccess,
    Path((_, theme)): Path<(String, ThemeId)>,
) -> Result<Response, AppError> {
    service::set_theme_archived(&state.pool, &access, theme, false).await?;
    redirect_with_notice(&session, &format!("/t/{}/admin/themes", access.tenant.slug), "notice-theme-restored").await
}
