//! JSON twin of the programme pages.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::domain::{Phase, Programme, Theme};
use super::service::{self, ProgrammeInput};
use crate::error::AppError;
use crate::ids::ThemeId;
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::web::extract::{Json, Path};
use crate::web::merge_patch::VersionedPatch;
use crate::web::problems::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_programmes, create_programme))
        .routes(routes!(get_programme, update_programme))
        .routes(routes!(list_themes, add_theme))
        .routes(routes!(update_theme))
}

#[derive(Serialize, ToSchema)]
pub struct ProgrammeDetail {
    #[serde(flatten)]
    pub programme: Programme,
    pub phases: Vec<Phase>,
}

async fn detail(state: &AppState, access: &Access, slug: &str) -> Result<ProgrammeDetail, AppError> {
    let mut db = access.db(&state.pool).await?;
    let programme = service::programme(&mut db, slug).await?;
    let phases = service::phases(&mut db, &programme).await?;
    Ok(ProgrammeDetail { programme, phases })
}

/// The tenant's programmes (public).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/programmes", tag = "programmes",
    params(("tenant" = String, Path, description = "Tenant slug")),
    responses((status = 200, description = "The tenant's programmes", body = Vec<Programme>), NotFound)
)]
async fn list_programmes(
    State(state): State<AppState>,
    access: Access,
) -> Result<axum::Json<Vec<Programme>>, AppError> {
    Ok(axum::Json(service::programmes(&mut access.db(&state.pool).await?).await?))
}

/// Creates a programme edition with its timeline (staff).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/programmes", tag = "programmes",
    params(("tenant" = String, Path, description = "Tenant slug")),
    request_body = ProgrammeInput,
    responses(
        (status = 201, description = "The programme, created", body = ProgrammeDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn create_programme(
    State(state): State<AppState>,
    access: Access,
    Json(input): Json<ProgrammeInput>,
) -> Result<(StatusCode, axum::Json<ProgrammeDetail>), AppError> {
    let slug = service::create_programme(&state.pool, &access, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(detail(&state, &access, &slug).await?)))
}

/// A programme and its timeline (public).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/programmes/{programme}", tag = "programmes",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug")),
    responses((status = 200, description = "The programme with its timeline", body = ProgrammeDetail), NotFound)
)]
async fn get_programme(
    State(state): State<AppState>,
    access: Access,
    Path((_, slug)): Path<(String, String)>,
) -> Result<axum::Json<ProgrammeDetail>, AppError> {
    Ok(axum::Json(detail(&state, &access, &slug).await?))
}

/// A JSON Merge Patch (RFC 7396) with the `version` it was based on: the fields sent change, the
/// others keep their saved values, `null` clears one. A stale version is refused with 409.
#[derive(Deserialize, ToSchema)]
pub struct ProgrammeUpdate {
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub version: i32,
    #[serde(flatten)]
    pub fields: ProgrammeInput,
}

#[utoipa::path(patch, path = "/api/v1/t/{tenant}/programmes/{programme}", tag = "programmes",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug")),
    request_body = ProgrammeUpdate,
    responses(
        (status = 200, description = "The programme as saved", body = ProgrammeDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn update_programme(
    State(state): State<AppState>,
    access: Access,
    Path((_, slug)): Path<(String, String)>,
    Json(patch): Json<VersionedPatch>,
) -> Result<axum::Json<ProgrammeDetail>, AppError> {
    let (saved, phases) = service::programme_to_edit(&mut access.db(&state.pool).await?, &access, &slug).await?;
    let input = patch.apply(&ProgrammeInput::of(&saved, &phases))?;
    let slug = service::update_programme(&state.pool, &access, &slug, patch.version, &input).await?;
    Ok(axum::Json(detail(&state, &access, &slug).await?))
}

/// The tenant's themes (public: submissions pick from them).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/themes", tag = "programmes",
    params(("tenant" = String, Path, description = "Tenant slug")),
    responses((status = 200, description = "The tenant's themes", body = Vec<Theme>), NotFound)
)]
async fn list_themes(State(state): State<AppState>, access: Access) -> Result<axum::Json<Vec<Theme>>, AppError> {
    Ok(axum::Json(service::themes(&mut access.db(&state.pool).await?).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ThemeInput {
    /// Unique in the tenant, at most 80 characters.
    #[schema(schema_with = crate::request_schema::line::<80>)]
    pub name: String,
}

/// Adds a theme to the tenant's taxonomy (staff).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/themes", tag = "programmes",
    params(("tenant" = String, Path, description = "Tenant slug")),
    request_body = ThemeInput,
    responses(
        (status = 201, description = "The theme, added", body = Theme),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn add_theme(
    State(state): State<AppState>,
    access: Access,
    Json(input): Json<ThemeInput>,
) -> Result<(StatusCode, axum::Json<Theme>), AppError> {
    let id = service::add_theme(&state.pool, &access, &input.name).await?;
    Ok((StatusCode::CREATED, axum::Json(service::theme(&mut access.db(&state.pool).await?, id).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct ThemeUpdate {
    /// Archived themes stay on the submissions that chose them but are no longer offered.
    pub archived: bool,
}

/// Archives or restores a theme (staff).
#[utoipa::path(patch, path = "/api/v1/t/{tenant}/themes/{theme}", tag = "programmes",
    params(("tenant" = String, Path, description = "Tenant slug"), ("theme" = String, Path, description = "Theme id")),
    request_body = ThemeUpdate,
    responses(
        (status = 200, description = "The theme as saved", body = Theme),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn update_theme(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, ThemeId)>,
    Json(update): Json<ThemeUpdate>,
) -> Result<axum::Json<Theme>, AppError> {
    service::set_theme_archived(&state.pool, &access, id, update.archived).await?;
    Ok(axum::Json(service::theme(&mut access.db(&state.pool).await?, id).await?))
}
