//! JSON twin of the selection pages: review rounds, their rubric, and eligibility screening.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::domain::{Criterion, Round, Screening};
use super::service::{self, CriterionInput, ReasonsInput, RoundInput, RoundWithRubric, ScreeningInput};
use crate::calls::domain::CallStatus;
use crate::error::AppError;
use crate::ids::{CriterionId, RoundId, SubmissionId};
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::web::extract::{Json, Path};
use crate::web::merge_patch::{self, VersionedPatch};
use crate::web::ordering::Move;
use crate::web::problems::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_rounds, create_round))
        .routes(routes!(get_round, update_round))
        .routes(routes!(add_criterion))
        .routes(routes!(update_criterion, delete_criterion))
        .routes(routes!(move_criterion))
        .routes(routes!(get_call_screening, save_screening_reasons))
        .routes(routes!(get_screening, screen))
}

#[derive(Serialize, ToSchema)]
pub struct RoundSummary {
    #[serde(flatten)]
    pub round: Round,
    pub status: CallStatus,
}

#[derive(Serialize, ToSchema)]
pub struct RoundDetail {
    #[serde(flatten)]
    pub round: Round,
    pub status: CallStatus,
    /// The criteria in order, each with its scale and anchors.
    pub rubric: Vec<Criterion>,
}

async fn detail(state: &AppState, access: &Access, id: RoundId) -> Result<RoundDetail, AppError> {
    let RoundWithRubric { round, rubric, .. } =
        service::round_to_manage(&mut access.db(&state.pool).await?, access, id).await?;
    Ok(RoundDetail { status: round.status(Utc::now()), round, rubric })
}

/// A call's review rounds (staff).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/rounds", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug")),
    responses((status = 200, description = "The call's rounds in the order they open", body = Vec<RoundSummary>), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn list_rounds(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
) -> Result<axum::Json<Vec<RoundSummary>>, AppError> {
    let found = service::call_rounds(&mut access.db(&state.pool).await?, &access, &programme, &call).await?;
    let now = Utc::now();
    Ok(axum::Json(found.rounds.into_iter().map(|round| RoundSummary { status: round.status(now), round }).collect()))
}

/// Starts a review round on a call (staff). The rubric is added criterion by criterion.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/rounds", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug")),
    request_body = RoundInput,
    responses(
        (status = 201, description = "The round, created", body = RoundDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn create_round(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Json(input): Json<RoundInput>,
) -> Result<(StatusCode, axum::Json<RoundDetail>), AppError> {
    let id = service::create_round(&state.pool, &access, &programme, &call, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(detail(&state, &access, id).await?)))
}

/// A JSON Merge Patch (RFC 7396) of a round with the `version` it was based on.
#[derive(serde::Deserialize, ToSchema)]
pub struct RoundUpdate {
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub version: i32,
    #[serde(flatten)]
    pub fields: RoundInput,
}

/// A round with its rubric (staff).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/rounds/{round}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    responses((status = 200, description = "The round with its rubric", body = RoundDetail), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn get_round(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<axum::Json<RoundDetail>, AppError> {
    Ok(axum::Json(detail(&state, &access, round).await?))
}

/// Changes a round's settings (staff): a JSON Merge Patch (RFC 7396) with the `version` it was
/// based on; a stale version is refused with 409.
#[utoipa::path(patch, path = "/api/v1/t/{tenant}/rounds/{round}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    request_body = RoundUpdate,
    responses(
        (status = 200, description = "The round as saved", body = RoundDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn update_round(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Json(patch): Json<VersionedPatch>,
) -> Result<axum::Json<RoundDetail>, AppError> {
    let saved = service::round_to_manage(&mut access.db(&state.pool).await?, &access, round).await?;
    let input = patch.apply(&RoundInput::from(&saved.round))?;
    service::update_round(&state.pool, &access, round, patch.version, &input).await?;
    Ok(axum::Json(detail(&state, &access, round).await?))
}

/// Adds a criterion at the end of a round's rubric (staff).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/rounds/{round}/criteria", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    request_body = CriterionInput,
    responses(
        (status = 201, description = "The round with the criterion added", body = RoundDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn add_criterion(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Json(input): Json<CriterionInput>,
) -> Result<(StatusCode, axum::Json<RoundDetail>), AppError> {
    service::add_criterion(&state.pool, &access, round, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(detail(&state, &access, round).await?)))
}

/// Changes a criterion (staff): the fields sent change, the others keep their saved values (a
/// JSON Merge Patch, RFC 7396).
#[utoipa::path(patch, path = "/api/v1/t/{tenant}/rounds/{round}/criteria/{criterion}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("criterion" = String, Path, description = "Criterion id")),
    request_body = CriterionInput,
    responses(
        (status = 200, description = "The round with the criterion as saved", body = RoundDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn update_criterion(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, criterion)): Path<(String, RoundId, CriterionId)>,
    Json(changes): Json<serde_json::Map<String, serde_json::Value>>,
) -> Result<axum::Json<RoundDetail>, AppError> {
    let saved = service::round_to_manage(&mut access.db(&state.pool).await?, &access, round).await?;
    let saved = saved.rubric.iter().find(|c| c.id == criterion).ok_or(AppError::NotFound)?;
    let input = merge_patch::merge(&CriterionInput::from(saved), &changes)?;
    service::update_criterion(&state.pool, &access, round, criterion, &input).await?;
    Ok(axum::Json(detail(&state, &access, round).await?))
}

/// Removes a criterion from a round's rubric (staff).
#[utoipa::path(delete, path = "/api/v1/t/{tenant}/rounds/{round}/criteria/{criterion}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("criterion" = String, Path, description = "Criterion id")),
    responses(
        (status = 200, description = "The round without the criterion", body = RoundDetail),
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn delete_criterion(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, criterion)): Path<(String, RoundId, CriterionId)>,
) -> Result<axum::Json<RoundDetail>, AppError> {
    service::delete_criterion(&state.pool, &access, round, criterion).await?;
    Ok(axum::Json(detail(&state, &access, round).await?))
}

/// Moves a criterion one place in the rubric (staff).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/rounds/{round}/criteria/{criterion}/move", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("criterion" = String, Path, description = "Criterion id")),
    request_body = Move,
    responses(
        (status = 200, description = "The round with its rubric in the new order", body = RoundDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn move_criterion(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, criterion)): Path<(String, RoundId, CriterionId)>,
    Json(body): Json<Move>,
) -> Result<axum::Json<RoundDetail>, AppError> {
    service::move_criterion(&state.pool, &access, round, criterion, body.is_up()).await?;
    Ok(axum::Json(detail(&state, &access, round).await?))
}

/// A call's screening: its ineligibility reasons and how many submitted entries are eligible,
/// ineligible, or not screened yet.
#[derive(Serialize, ToSchema)]
pub struct CallScreeningView {
    pub reasons: Vec<String>,
    /// The version of the list, for `PUT` (0 before any was saved).
    pub version: i32,
    pub eligible: i64,
    pub ineligible: i64,
    pub unscreened: i64,
}

async fn call_screening(
    state: &AppState,
    access: &Access,
    programme: &str,
    call: &str,
) -> Result<CallScreeningView, AppError> {
    let found = service::call_screening(&mut access.db(&state.pool).await?, access, programme, call).await?;
    Ok(CallScreeningView {
        reasons: found.reasons,
        version: found.reasons_version,
        eligible: found.eligible,
        ineligible: found.ineligible,
        unscreened: found.unscreened,
    })
}

/// A call's screening (staff).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/screening", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug")),
    responses((status = 200, description = "The call's reasons and screening counts", body = CallScreeningView), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn get_call_screening(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
) -> Result<axum::Json<CallScreeningView>, AppError> {
    Ok(axum::Json(call_screening(&state, &access, &programme, &call).await?))
}

/// Replaces a call's list of ineligibility reasons (staff), over the version read.
#[utoipa::path(put, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/screening", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug")),
    request_body = ReasonsInput,
    responses(
        (status = 200, description = "The call's screening with the list saved", body = CallScreeningView),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn save_screening_reasons(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Json(input): Json<ReasonsInput>,
) -> Result<axum::Json<CallScreeningView>, AppError> {
    service::save_screening_reasons(&state.pool, &access, &programme, &call, &input).await?;
    Ok(axum::Json(call_screening(&state, &access, &programme, &call).await?))
}

/// An entry's screening, and the reasons its call offers.
#[derive(Serialize, ToSchema)]
pub struct EntryScreeningView {
    /// `null` until the entry is screened.
    pub screening: Option<Screening>,
    pub reasons: Vec<String>,
}

async fn entry_screening(state: &AppState, access: &Access, id: SubmissionId) -> Result<EntryScreeningView, AppError> {
    let found = service::entry_screening(&mut access.db(&state.pool).await?, access, id).await?;
    Ok(EntryScreeningView { screening: found.screening, reasons: found.reasons })
}

/// An entry's screening (staff).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/submissions/{id}/screening", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    responses((status = 200, description = "The entry's screening", body = EntryScreeningView), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn get_screening(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<axum::Json<EntryScreeningView>, AppError> {
    Ok(axum::Json(entry_screening(&state, &access, id).await?))
}

/// Marks a submitted entry eligible or ineligible (staff), over the version read (0 the first
/// time). The team is not told until decisions are released.
#[utoipa::path(put, path = "/api/v1/t/{tenant}/submissions/{id}/screening", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    request_body = ScreeningInput,
    responses(
        (status = 200, description = "The entry's screening as saved", body = EntryScreeningView),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn screen(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
    Json(input): Json<ScreeningInput>,
) -> Result<axum::Json<EntryScreeningView>, AppError> {
    service::screen(&state.pool, &access, id, &input).await?;
    Ok(axum::Json(entry_screening(&state, &access, id).await?))
}
