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
use crate::web::merge_patch::{self, VersionedPatch};
use crate::web::ordering::Move;
use crate::web::problems::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_calls, create_call))
        .routes(routes!(get_call, update_call))
        .routes(routes!(add_question))
        .routes(routes!(update_question, delete_question))
        .routes(routes!(move_question))
        .routes(routes!(extend_deadline))
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

/// A JSON Merge Patch (RFC 7396) with the `version` it was based on: the fields sent change, the
/// others keep their saved values, `null` clears one. A stale version is refused with 409.
#[derive(Deserialize, ToSchema)]
pub struct CallUpdate {
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
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
    Json(patch): Json<VersionedPatch>,
) -> Result<axum::Json<CallDetail>, AppError> {
    let (_, saved) = service::call_to_edit(&mut access.db(&state.pool).await?, &access, &programme, &call).await?;
    let input = patch.apply(&CallInput::from(&saved))?;
    let slug = service::update_call(&state.pool, &access, &programme, &call, patch.version, &input).await?;
    Ok(axum::Json(detail(&state, &access, &programme, &slug).await?))
}

/// Left out, `closes_at` is refused as missing (422) once the policy has been asked.
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DeadlineExtension {
    /// The new deadline, later than the current one: an RFC 3339 instant, or a wall-clock time
    /// (`2024-01-31T23:59`) in the programme's time zone.
    #[schema(schema_with = crate::request_schema::call_time)]
    pub closes_at: String,
}

/// Moves a call's deadline later (staff) and tells every member of an organisation with an
/// entry in the call, each in their language and the programme's zone. The only way to move the
/// deadline of a call that has opened: a `PATCH` that changes it is refused (422).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/extend", tag = "calls",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug")),
    request_body = DeadlineExtension,
    responses(
        (status = 200, description = "The call with its new deadline", body = CallDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn extend_deadline(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Json(body): Json<DeadlineExtension>,
) -> Result<axum::Json<CallDetail>, AppError> {
    service::extend_deadline(&state.pool, &state.config, &access, &programme, &call, &body.closes_at).await?;
    Ok(axum::Json(detail(&state, &access, &programme, &call).await?))
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

/// Changes a question of a call's form (staff): the fields sent change, the others keep their
/// saved values (a JSON Merge Patch, RFC 7396). Answers already given stay as they were typed.
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
    Json(changes): Json<serde_json::Map<String, serde_json::Value>>,
) -> Result<axum::Json<CallDetail>, AppError> {
    let form = service::questions_to_manage(&mut access.db(&state.pool).await?, &access, &programme, &call).await?;
    let saved = form.questions.iter().find(|q| q.id == question).ok_or(AppError::NotFound)?;
    let input = merge_patch::merge(&QuestionInput::from(saved), &changes)?;
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

/// Moves a question one place in a call's form (staff).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/questions/{question}/move", tag = "calls",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug"), ("question" = String, Path, description = "Question id")),
    request_body = Move,
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
    Json(body): Json<Move>,
) -> Result<axum::Json<CallDetail>, AppError> {
    service::move_question(&state.pool, &access, &programme, &call, question, body.is_up()).await?;
    Ok(axum::Json(detail(&state, &access, &programme, &call).await?))
}
