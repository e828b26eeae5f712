//! JSON twin of the call pages.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::domain::{Call, CallStatus, Question};
use super::service::{self, CallInput, CallWithQuestions, QuestionInput};
use crate::error::AppError;
use crate::ids::QuestionId;
use crate::programmes;
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::web::extract::{Json, Path};
use crate::web::problems::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_calls, create_call))
        .routes(routes!(get_call, update_call))
        .routes(routes!(add_question))
        .routes(routes!(update_question, delete_question))
        .routes(routes!(move_question))
}

#[derive(Serialize, ToSchema)]
pub struct CallSummary {
    #[serde(flatten)]
    pub call: Call,
    pub status: CallStatus,
}

#[derive(Serialize, ToSchema)]
pub struct CallDetail {
    #[serde(flatten)]
    pub call: Call,
    pub status: CallStatus,
    pub questions: Vec<Question>,
}

async fn detail(state: &AppState, access: &Access, programme: &str, call: &str) -> Result<CallDetail, AppError> {
    let CallWithQuestions { call, questions, .. } =
        service::call_with_questions(&mut access.db(&state.pool).await?, programme, call).await?;
    Ok(CallDetail { status: call.status(Utc::now()), call, questions })
}

/// A programme's calls (public).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/programmes/{programme}/calls", tag = "calls",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug")),
    responses((status = 200, description = "The programme's calls", body = Vec<CallSummary>), NotFound)
)]
async fn list_calls(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme)): Path<(String, String)>,
) -> Result<axum::Json<Vec<CallSummary>>, AppError> {
    let mut db = access.db(&state.pool).await?;
    let programme = programmes::service::programme(&mut db, &programme).await?;
    let now = Utc::now();
    let calls = service::calls_of(&mut db, &programme).await?;
    Ok(axum::Json(calls.into_iter().map(|call| CallSummary { status: call.status(now), call }).collect()))
}

/// Opens a new call in a programme (staff).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/programmes/{programme}/calls", tag = "calls",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug")),
    request_body = CallInput,
    responses(
        (status = 201, description = "The call, created", body = CallDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn create_call(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme)): Path<(String, String)>,
    Json(input): Json<CallInput>,
) -> Result<(StatusCode, axum::Json<CallDetail>), AppError> {
    let slug = service::create_call(&state.pool, &access, &programme, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(detail(&state, &access, &programme, &slug).await?)))
}

/// A call with its questions (public).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}", tag = "calls",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug")),
    responses((status = 200, description = "The call with its questions", body = CallDetail), NotFound)
)]
async fn get_call(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
) -> Result<axum::Json<CallDetail>, AppError> {
    Ok(axum::Json(detail(&state, &access, &programme, &call).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct CallUpdate {
    /// The version this edit is based on; a stale one is refused with 409.
    pub version: i32,
    #[serde(flatten)]
    pub fields: CallInput,
}

#[utoipa::path(patch, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}", tag = "calls",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug")),
    request_body = CallUpdate,
    responses(
        (status = 200, description = "The call as saved", body = CallDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn update_call(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Json(update): Json<CallUpdate>,
) -> Result<axum::Json<CallDetail>, AppError> {
    let slug = service::update_call(&state.pool, &access, &programme, &call, update.version, &update.fields).await?;
    Ok(axum::Json(detail(&state, &access, &programme, &slug).await?))
}

/// Adds a question at the end of a call's form (staff).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/questions", tag = "calls",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug")),
    request_body = QuestionInput,
    responses(
        (status = 201, description = "The call with the question added", body = CallDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn add_question(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Json(input): Json<QuestionInput>,
) -> Result<(StatusCode, axum::Json<CallDetail>), AppError> {
    service::add_question(&state.pool, &access, &programme, &call, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(detail(&state, &access, &programme, &call).await?)))
}

/// Changes a question of a call's form (staff). Answers already given stay as they were typed.
#[utoipa::path(patch, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/questions/{question}", tag = "calls",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug"), ("question" = String, Path, description = "Question id")),
    request_body = QuestionInput,
    responses(
        (status = 200, description = "The call with the question as saved", body = CallDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn update_question(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call, question)): Path<(String, String, String, QuestionId)>,
    Json(input): Json<QuestionInput>,
) -> Result<axum::Json<CallDetail>, AppError> {
    service::update_question(&state.pool, &access, &programme, &call, question, &input).await?;
    Ok(axum::Json(detail(&state, &access, &programme, &call).await?))
}

/// Removes a question from a call's form (staff), with the answers given to it.
#[utoipa::path(delete, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/questions/{question}", tag = "calls",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug"), ("question" = String, Path, description = "Question id")),
    responses(
        (status = 200, description = "The call without the question", body = CallDetail),
        Unauthorized,
        Forbidden,
        NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn delete_question(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call, question)): Path<(String, String, String, QuestionId)>,
) -> Result<axum::Json<CallDetail>, AppError> {
    service::delete_question(&state.pool, &access, &programme, &call, question).await?;
    Ok(axum::Json(detail(&state, &access, &programme, &call).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
}

#[derive(Deserialize, ToSchema)]
pub struct QuestionMove {
    /// One place earlier (`up`) or later (`down`) in the form; at either end nothing moves.
    pub direction: Direction,
}

/// Moves a question one place in a call's form (staff).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/questions/{question}/move", tag = "calls",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug"), ("question" = String, Path, description = "Question id")),
    request_body = QuestionMove,
    responses(
        (status = 200, description = "The call with its questions in their new order", body = CallDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn move_question(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call, question)): Path<(String, String, String, QuestionId)>,
    Json(body): Json<QuestionMove>,
) -> Result<axum::Json<CallDetail>, AppError> {
    let up = matches!(body.direction, Direction::Up);
    service::move_question(&state.pool, &access, &programme, &call, question, up).await?;
    Ok(axum::Json(detail(&state, &access, &programme, &call).await?))
}
