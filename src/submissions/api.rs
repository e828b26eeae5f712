//! JSON twin of the submission pages: the staff list, starting, reading, editing with the
//! version, submitting, withdrawing and reopening. The same service verbs as the pages.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::domain::{Answer, Content, ListedSubmission, PartEdit, SelectedChallenge, Submission, TeamSubmission};
use super::export::{ExportFormat, ExportLine};
use super::list::ListFilter;
use super::service::{self, Download};
use crate::error::AppError;
use crate::ids::{AttachmentId, OrganisationId, QuestionId, SubmissionId, ThemeId};
use crate::state::AppState;
use crate::submissions::attachments::MAX_ATTACHMENT_BYTES;
use crate::submissions::domain::answer_field;
use crate::tenancy::access::Access;
use crate::web::extract::{Json, MultipartForm, Path, Query};
use crate::web::problems::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_submissions, start_submission))
        .routes(routes!(export_submissions))
        .routes(routes!(list_selected_challenges))
        .routes(routes!(list_my_submissions))
        .routes(routes!(get_submission, update_submission))
        .routes(routes!(submit_submission))
        .routes(routes!(withdraw_submission))
        .routes(routes!(reopen_submission))
        .routes(routes!(download_attachment))
}

/// An attachment's bytes, for anyone who may read the submission. File answers in `content`
/// name the `attachment_id`; uploading goes through the web form.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/submissions/{id}/attachments/{attachment}", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id"), ("attachment" = String, Path, description = "Attachment id")),
    responses(
        (status = 200, description = "The file, as an attachment", content_type = "application/octet-stream"),
        Unauthorized,
        Forbidden,
        NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn download_attachment(
    State(state): State<AppState>,
    access: Access,
    Path((_, id, attachment)): Path<(String, SubmissionId, AttachmentId)>,
) -> Result<Download, AppError> {
    service::download(&state.pool, &state.files, &access, id, attachment).await
}

#[derive(Serialize, ToSchema)]
pub struct SubmissionPage {
    pub items: Vec<ListedSubmission>,
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

async fn detail(state: &AppState, access: &Access, id: SubmissionId) -> Result<SubmissionDetail, AppError> {
    let dossier = service::dossier(&mut access.db(&state.pool).await?, access, id).await?;
    Ok(SubmissionDetail { editable: dossier.is_editable(), submission: dossier.submission, content: dossier.content })
}

/// A call's submissions, newest first, filtered like the staff page (staff only).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/submissions", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug"), ListFilter),
    responses(
        (status = 200, description = "A page of the call's submissions", body = SubmissionPage),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn list_submissions(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Query(filter): Query<ListFilter>,
) -> Result<axum::Json<SubmissionPage>, AppError> {
    let page = service::list(&mut access.db(&state.pool).await?, &access, &programme, &call, &filter).await?;
    Ok(axum::Json(SubmissionPage { items: page.items, next: page.next }))
}

/// Every submission of a call that the filters keep, in the list's order, as NDJSON: one
/// `ExportLine` per line, values exact (RFC 3339 instants, lists as arrays, answers by question
/// id). The same rows as the staff page's CSV download; `after` is ignored (an export starts at
/// the top). Staff only.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/submissions/export", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug"), ListFilter),
    responses(
        (status = 200, description = "One JSON object per line", content_type = "application/x-ndjson", body = ExportLine),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn export_submissions(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Query(filter): Query<ListFilter>,
) -> Result<service::Export, AppError> {
    service::export(&state.pool, &access, &programme, &call, filter, ExportFormat::Ndjson).await
}

/// A programme's selected challenges, A to Z: the ones a solution may offer to help (`offers`
/// in a solution's content takes their ids). Anyone signed in.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/programmes/{programme}/selected-challenges", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug")),
    responses(
        (status = 200, description = "The programme's selected challenges", body = Vec<SelectedChallenge>),
        Unauthorized,
        NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn list_selected_challenges(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme)): Path<(String, String)>,
) -> Result<axum::Json<Vec<SelectedChallenge>>, AppError> {
    let db = &mut access.db(&state.pool).await?;
    Ok(axum::Json(service::selected_challenges(db, &access, &programme).await?))
}

/// The submissions of the signed-in person's organisations in this tenant, recently changed
/// first (at most 200), as the tenant home lists them. 401 when signed out.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/me/submissions", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug")),
    responses(
        (status = 200, description = "The person's organisations' submissions", body = Vec<TeamSubmission>),
        Unauthorized,
        NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn list_my_submissions(
    State(state): State<AppState>,
    access: Access,
) -> Result<axum::Json<Vec<TeamSubmission>>, AppError> {
    if access.user.is_none() {
        return Err(AppError::Unauthorized);
    }
    let db = &mut access.db(&state.pool).await?;
    Ok(axum::Json(service::team_submissions(db, &access).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct StartSubmission {
    /// The applying organisation; the caller must be a member.
    #[schema(value_type = uuid::Uuid)]
    pub organisation: OrganisationId,
}

/// Starts a draft in an open call for one of the caller's organisations.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/submissions", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug")),
    request_body = StartSubmission,
    responses(
        (status = 201, description = "The new draft", body = SubmissionDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn start_submission(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Json(body): Json<StartSubmission>,
) -> Result<(StatusCode, axum::Json<SubmissionDetail>), AppError> {
    let id = service::start(&state.pool, &access, &programme, &call, body.organisation).await?;
    Ok((StatusCode::CREATED, axum::Json(detail(&state, &access, id).await?)))
}

#[utoipa::path(get, path = "/api/v1/t/{tenant}/submissions/{id}", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    responses(
        (status = 200, description = "The submission with its answers", body = SubmissionDetail),
        Unauthorized,
        Forbidden,
        NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn get_submission(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<axum::Json<SubmissionDetail>, AppError> {
    Ok(axum::Json(detail(&state, &access, id).await?))
}

/// Changes to a submission: fields left out stay as they are; `answers` maps question ids to an
/// answer (a string, or a list for multiple choice; an empty string removes it).
#[derive(Deserialize, ToSchema)]
pub struct SubmissionUpdate {
    /// The version this edit is based on; a stale one is refused with 409.
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub version: i32,
    /// Drafts keep what is typed; the length is checked when submitting.
    #[schema(schema_with = crate::request_schema::text_or_null)]
    pub title: Option<String>,
    #[schema(schema_with = crate::request_schema::text_or_null)]
    pub summary: Option<String>,
    /// Ids of the tenant's live themes (`GET …/themes`).
    #[schema(value_type = Option<Vec<uuid::Uuid>>)]
    pub themes: Option<Vec<ThemeId>>,
    /// For a solution: ids of the programme's selected challenges (`GET …/selected-challenges`).
    #[schema(value_type = Option<Vec<uuid::Uuid>>)]
    pub offers: Option<Vec<SubmissionId>>,
    #[serde(default)]
    #[schema(schema_with = crate::request_schema::answers)]
    pub answers: BTreeMap<QuestionId, Answer>,
}

#[utoipa::path(patch, path = "/api/v1/t/{tenant}/submissions/{id}", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    request_body = SubmissionUpdate,
    responses(
        (status = 200, description = "The submission as saved", body = SubmissionDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn update_submission(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
    Json(update): Json<SubmissionUpdate>,
) -> Result<axum::Json<SubmissionDetail>, AppError> {
    let edit = PartEdit {
        title: update.title,
        summary: update.summary,
        themes: update.themes,
        offers: update.offers,
        answers: update.answers.into_iter().collect(),
    };
    service::update(&state.pool, &state.files, &access, id, update.version, edit).await?;
    Ok(axum::Json(detail(&state, &access, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct VersionBody {
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub version: i32,
}

/// Submits a complete draft before the deadline; the receipt goes to the caller by email.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/submissions/{id}/submit", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    request_body = VersionBody,
    responses(
        (status = 200, description = "The submission, submitted", body = SubmissionDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn submit_submission(
    State(state): State<AppState>,
    access: Access,
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
        (status = 200, description = "The submission, withdrawn", body = SubmissionDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn withdraw_submission(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
    Json(body): Json<VersionBody>,
) -> Result<axum::Json<SubmissionDetail>, AppError> {
    service::withdraw(&state.pool, &access, id, body.version).await?;
    Ok(axum::Json(detail(&state, &access, id).await?))
}

/// Reopens a withdrawn submission as a draft while its call is open (409 once closed, or when it
/// is not withdrawn): its answers are kept, and it must be submitted again.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/submissions/{id}/reopen", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    request_body = VersionBody,
    responses(
        (status = 200, description = "The submission, a draft again", body = SubmissionDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn reopen_submission(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
    Json(body): Json<VersionBody>,
) -> Result<axum::Json<SubmissionDetail>, AppError> {
    service::reopen(&state.pool, &access, id, body.version).await?;
    Ok(axum::Json(detail(&state, &access, id).await?))
}

/// The parts of an upload (`multipart/form-data`).
/// Read part by part from the multipart body; the struct states its shape for the document.
#[derive(ToSchema)]
pub struct AttachmentUpload {
    /// The version the upload is based on; a stale one is refused with 409.
    pub version: i32,
    /// The file question's id.
    #[schema(value_type = uuid::Uuid)]
    pub question: String,
    /// A PDF, ODT or DOCX document of at most 10 MiB.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Uploads a file as the answer to a file question (members, before the deadline), with the
/// checks of the form: the file's content must be a PDF, ODT or DOCX document of at most 10 MiB
/// (422 naming `q_<question id>` otherwise). Other answers stay as they are.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/submissions/{id}/attachments", tag = "submissions",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "The submission with the file as the question's answer", body = SubmissionDetail),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn upload_attachment(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
    request: axum::extract::Request,
) -> Result<axum::Json<SubmissionDetail>, AppError> {
    // Who may upload is checked before the body is read, as on the page.
    service::authorize_edit(&mut access.db(&state.pool).await?, &access, id).await?;
    let form = MultipartForm::read(request, MAX_ATTACHMENT_BYTES).await?;
    let field = |name: &str| form.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string());
    let version =
        field("version").and_then(|v| v.parse::<i32>().ok()).ok_or(AppError::BadRequest("error-version-missing"))?;
    let question = field("question")
        .and_then(|q| q.parse::<uuid::Uuid>().ok())
        .map(QuestionId)
        .ok_or(AppError::BadRequest("error-answer-unknown-question"))?;
    let (_, filename, bytes) = form
        .files
        .into_iter()
        .find(|(name, _, _)| name == "file")
        .ok_or_else(|| AppError::invalid(&answer_field(question), "error-answer-file-missing"))?;
    service::attach_file(&state.pool, &state.files, &access, id, version, question, (filename, bytes)).await?;
    Ok(axum::Json(detail(&state, &access, id).await?))
}

/// The upload route, apart: it takes a larger body than the rest of the API.
pub fn upload_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload_attachment))
}
