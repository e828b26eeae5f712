//! JSON twin of the submission pages: the staff list, starting, reading, editing with the
//! version, submitting and withdrawing. The same service verbs as the pages.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::domain::{Answer, Content};
use super::service::{self, PartEdit};
use super::store::{self, CallKey, ListFilter, Submission};
use crate::app::AppState;
use crate::calls::store as call_store;
use crate::ids::{AttachmentId, OrganisationId, QuestionId, SubmissionId, ThemeId};
use crate::programmes::store as programme_store;
use crate::tenancy::policy::{Action, Target, authorize};
use crate::web::AppError;
use crate::web::extract::{Json, Path, Query, TenantAccess};
use crate::web::pagination::{PAGE_SIZE, split_page};
use crate::web::render::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_submissions, start_submission))
        .routes(routes!(get_submission, update_submission))
        .routes(routes!(submit_submission))
        .routes(routes!(withdraw_submission))
        .routes(routes!(download_attachment))
}

/// An attachment's bytes, for anyone who may read the submission. File answers in `content`
/// name the `attachment_id`; uploading goes through the web form.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/submissions/{id}/attachments/{attachment}", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id"), ("attachment" = String, Path, description = "Attachment id")),
    responses(
        (status = 200, description = "The file, as an attachment", content_type = "application/octet-stream"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn download_attachment(
    State(state): State<AppState>,
    access: TenantAccess,
    Path((_, id, attachment)): Path<(String, SubmissionId, AttachmentId)>,
) -> Result<service::Download, AppError> {
    service::download(&state, &access, id, attachment).await
}

#[derive(Serialize, ToSchema)]
pub struct SubmissionPage {
    pub items: Vec<Submission>,
    /// Cursor for `?after=` when more items exist.
    pub next: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SubmissionDetail {
    #[serde(flatten)]
    pub submission: Submission,
    pub content: Content,
    /// Whether the submission can still change (state and deadline).
    pub editable: bool,
}

async fn detail(state: &AppState, access: &TenantAccess, id: SubmissionId) -> Result<SubmissionDetail, AppError> {
    let loaded = service::load(&state.pool, access, id).await?;
    Ok(SubmissionDetail { editable: loaded.is_editable(), submission: loaded.submission, content: loaded.content })
}

/// A call's submissions, newest first, filtered like the staff page (staff only).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/submissions", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug"), ListFilter),
    responses(
        (status = 200, body = SubmissionPage),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn list_submissions(
    State(state): State<AppState>,
    access: TenantAccess,
    Path((_, programme, call)): Path<(String, String, String)>,
    Query(filter): Query<ListFilter>,
) -> Result<axum::Json<SubmissionPage>, AppError> {
    authorize(&access.actor, Action::ListSubmissions, Target::Tenant(access.tenant.id))?;
    let mut conn = state.pool.acquire().await?;
    let key = CallKey::Slugs { programme: &programme, call: &call };
    let rows = store::list_for_call(&mut conn, access.tenant.id, key, &filter, PAGE_SIZE + 1).await?;
    // No rows: an empty page of a real call, or no such call.
    if rows.is_empty()
        && call_store::programme_and_call(&mut conn, access.tenant.id, &programme, &call).await?.is_none()
    {
        return Err(AppError::NotFound);
    }
    let (items, next) = split_page(rows, PAGE_SIZE, |s| filter.sort.cursor_after(s));
    Ok(axum::Json(SubmissionPage { items, next }))
}

#[derive(Deserialize, ToSchema)]
pub struct StartSubmission {
    /// The applying organisation; the caller must be a member.
    #[schema(value_type = String)]
    pub organisation: OrganisationId,
}

/// Starts a draft in an open call for one of the caller's organisations.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/submissions", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug")),
    request_body = StartSubmission,
    responses(
        (status = 201, body = SubmissionDetail),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn start_submission(
    State(state): State<AppState>,
    access: TenantAccess,
    Path((_, programme, call)): Path<(String, String, String)>,
    Json(body): Json<StartSubmission>,
) -> Result<(StatusCode, axum::Json<SubmissionDetail>), AppError> {
    let mut conn = state.pool.acquire().await?;
    let programme =
        programme_store::programme_by_slug(&mut conn, access.tenant.id, &programme).await?.ok_or(AppError::NotFound)?;
    let call =
        call_store::call_by_slug(&mut conn, access.tenant.id, programme.id, &call).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    let id = service::start(&state.pool, &access, &call, body.organisation).await?;
    Ok((StatusCode::CREATED, axum::Json(detail(&state, &access, id).await?)))
}

#[utoipa::path(get, path = "/api/v1/t/{tenant}/submissions/{id}", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    responses(
        (status = 200, body = SubmissionDetail),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn get_submission(
    State(state): State<AppState>,
    access: TenantAccess,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<axum::Json<SubmissionDetail>, AppError> {
    Ok(axum::Json(detail(&state, &access, id).await?))
}

/// Changes to a submission: fields left out stay as they are; `answers` maps question ids to an
/// answer (a string, or a list for multiple choice; an empty string removes it).
#[derive(Deserialize, ToSchema)]
pub struct SubmissionUpdate {
    /// The version this edit is based on; a stale one is refused with 409.
    pub version: i32,
    pub title: Option<String>,
    pub summary: Option<String>,
    #[schema(value_type = Option<Vec<String>>)]
    pub themes: Option<Vec<ThemeId>>,
    #[schema(value_type = Option<Vec<String>>)]
    pub offers: Option<Vec<SubmissionId>>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub answers: BTreeMap<QuestionId, Answer>,
}

#[utoipa::path(patch, path = "/api/v1/t/{tenant}/submissions/{id}", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    request_body = SubmissionUpdate,
    responses(
        (status = 200, body = SubmissionDetail),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn update_submission(
    State(state): State<AppState>,
    access: TenantAccess,
    Path((_, id)): Path<(String, SubmissionId)>,
    Json(update): Json<SubmissionUpdate>,
) -> Result<axum::Json<SubmissionDetail>, AppError> {
    let loaded = service::load(&state.pool, &access, id).await?;
    if update.answers.keys().any(|q| !loaded.questions.iter().any(|question| question.id == *q)) {
        return Err(AppError::BadRequest("error-answer-unknown-question"));
    }
    let edit = PartEdit {
        title: update.title,
        summary: update.summary,
        themes: update.themes,
        offers: update.offers,
        answers: update.answers.into_iter().collect(),
        uploads: Vec::new(),
    };
    service::save_part(&state.pool, &access, id, update.version, &edit).await?;
    Ok(axum::Json(detail(&state, &access, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct VersionBody {
    pub version: i32,
}

/// Submits a complete draft before the deadline; the receipt goes to the caller by email.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/submissions/{id}/submit", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    request_body = VersionBody,
    responses(
        (status = 200, body = SubmissionDetail),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn submit_submission(
    State(state): State<AppState>,
    access: TenantAccess,
    Path((_, id)): Path<(String, SubmissionId)>,
    Json(body): Json<VersionBody>,
) -> Result<axum::Json<SubmissionDetail>, AppError> {
    service::submit(&state.pool, &state.config, &access, id, body.version).await?;
    Ok(axum::Json(detail(&state, &access, id).await?))
}

#[utoipa::path(post, path = "/api/v1/t/{tenant}/submissions/{id}/withdraw", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    request_body = VersionBody,
    responses(
        (status = 200, body = SubmissionDetail),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn withdraw_submission(
    State(state): State<AppState>,
    access: TenantAccess,
    Path((_, id)): Path<(String, SubmissionId)>,
    Json(body): Json<VersionBody>,
) -> Result<axum::Json<SubmissionDetail>, AppError> {
    service::withdraw(&state.pool, &access, id, body.version).await?;
    Ok(axum::Json(detail(&state, &access, id).await?))
}
