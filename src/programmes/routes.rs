//! Programme pages for staff: creating and editing an edition with its timeline, and the tenant's
//! themes. (The public programme page, which lists the calls, is in `home/`.)

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use tower_sessions::Session;

use super::domain::{PhaseKind, Theme};
use super::service::{self, PhaseInput, ProgrammeInput};
use crate::error::{AppError, FieldErrors};
use crate::ids::ThemeId;
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::tenancy::policy::Action;
use crate::web::extract::{Form, Path};
use crate::web::form::{Done, after_post};
use crate::web::page::{PageCtx, redirect_with_notice, render};
use crate::web::route_table::RouteTable;

pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/t/{tenant}/programmes/new", new_programme_page)
        .post("/t/{tenant}/programmes/new", create_programme)
        .get("/t/{tenant}/p/{programme}/edit", edit_programme_page)
        .post("/t/{tenant}/p/{programme}/edit", update_programme)
        .get("/t/{tenant}/admin/themes", themes_page)
        .post("/t/{tenant}/admin/themes", add_theme)
        .post("/t/{tenant}/admin/themes/{theme}/archive", archive_theme)
        .post("/t/{tenant}/admin/themes/{theme}/restore", restore_theme)
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
            .iter()
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
    kinds: &'static [PhaseKind],
    zones: Vec<crate::i18n::ZoneGroup>,
    conflict: bool,
}

impl ProgrammeFormPage {
    fn new(ctx: PageCtx, editing: Option<String>, input: ProgrammeInput, version: i32, errors: FieldErrors) -> Self {
        let zones = crate::i18n::zone_groups(chrono::Utc::now(), &input.time_zone);
        Self { ctx, editing, input, version, errors, kinds: PhaseKind::ALL, zones, conflict: false }
    }
    fn starts(&self, kind: &PhaseKind) -> &str {
        self.input.dates_of(*kind).0
    }
    fn ends(&self, kind: &PhaseKind) -> &str {
        self.input.dates_of(*kind).1
    }
}

async fn new_programme_page(ctx: PageCtx, access: Access) -> Result<Response, AppError> {
    access.authorize(Action::ManageProgrammes)?;
    let input = ProgrammeInput { time_zone: "UTC".into(), ..Default::default() };
    render(&ProgrammeFormPage::new(ctx, None, input, 0, FieldErrors::new()))
}

async fn create_programme(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Form(form): Form<ProgrammeForm>,
) -> Result<Response, AppError> {
    let input = form.input();
    let result = service::create_programme(&state.pool, &access, &input).await;
    after_post(
        result,
        &session,
        |slug| Done::to(format!("/t/{}/p/{slug}", access.tenant.slug), "notice-programme-created"),
        async |refused| Ok(ProgrammeFormPage::new(ctx, None, input, 0, refused.errors())),
    )
    .await
}

async fn edit_programme_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (programme, phases) = service::programme_to_edit(&mut access.db(&state.pool).await?, &access, &slug).await?;
    let input = ProgrammeInput::of(&programme, &phases);
    render(&ProgrammeFormPage::new(ctx, Some(slug), input, programme.version, FieldErrors::new()))
}

async fn update_programme(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, slug)): Path<(String, String)>,
    Form(form): Form<ProgrammeForm>,
) -> Result<Response, AppError> {
    let version = form.version.trim().parse::<i32>().map_err(|_| AppError::BadRequest("error-version-missing"))?;
    let input = form.input();
    let result = service::update_programme(&state.pool, &access, &slug, version, &input).await;
    after_post(
        result,
        &session,
        |new_slug| Done::to(format!("/t/{}/p/{new_slug}", access.tenant.slug), "notice-programme-saved"),
        async |refused| {
            if !refused.is_stale() {
                return Ok(ProgrammeFormPage::new(ctx, Some(slug), input, version, refused.errors()));
            }
            // Someone saved first: show what is saved now, and say so.
            let (programme, phases) =
                service::programme_to_edit(&mut access.db(&state.pool).await?, &access, &slug).await?;
            let saved = ProgrammeInput::of(&programme, &phases);
            let mut page = ProgrammeFormPage::new(ctx, Some(slug), saved, programme.version, FieldErrors::new());
            page.conflict = true;
            Ok(page)
        },
    )
    .await
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
    access: &Access,
    name: String,
    errors: FieldErrors,
) -> Result<ThemesPage, AppError> {
    let themes = service::themes_to_manage(&mut access.db(&state.pool).await?, access).await?;
    Ok(ThemesPage { ctx, themes, theme_name: name, errors })
}

async fn themes_page(State(state): State<AppState>, ctx: PageCtx, access: Access) -> Result<Response, AppError> {
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
    access: Access,
    Form(form): Form<ThemeForm>,
) -> Result<Response, AppError> {
    let result = service::add_theme(&state.pool, &access, &form.name).await;
    after_post(
        result,
        &session,
        |_| Done::to(format!("/t/{}/admin/themes", access.tenant.slug), "notice-theme-added"),
        async |refused| themes_view(&state, ctx, &access, form.name, refused.errors()).await,
    )
    .await
}

async fn archive_theme(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, theme)): Path<(String, ThemeId)>,
) -> Result<Response, AppError> {
    service::set_theme_archived(&state.pool, &access, theme, true).await?;
    redirect_with_notice(&session, &format!("/t/{}/admin/themes", access.tenant.slug), "notice-theme-archived").await
}

async fn restore_theme(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, theme)): Path<(String, ThemeId)>,
) -> Result<Response, AppError> {
    service::set_theme_archived(&state.pool, &access, theme, false).await?;
    redirect_with_notice(&session, &format!("/t/{}/admin/themes", access.tenant.slug), "notice-theme-restored").await
}
