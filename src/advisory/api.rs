//! JSON twin of comments: a subject's threads as the reader may read them, a new comment or
//! reply, the author's edit and delete, and staff hiding a comment with a reason.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::domain::{Comment, CommentEdit, CommentHistory, HideComment, NewComment, SubjectKind, Thread};
use super::service;
use crate::error::AppError;
use crate::ids::CommentId;
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::web::extract::{Json, Path};
use crate::web::problems::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_subject_comments, create_subject_comment))
        .routes(routes!(get_advisory_comment, edit_advisory_comment, delete_advisory_comment))
        .routes(routes!(hide_advisory_comment))
        .routes(routes!(advisory_comment_history))
}

/// A subject's threads (top-level comments oldest first, each with its replies), only of the
/// audiences the reader may read: staff and advisors both, the subject's teams the shared ones.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/threads/{kind}/{subject}", tag = "comments",
    params(("tenant" = String, Path, description = "Tenant slug"), ("kind" = SubjectKind, Path, description = "What the comments are about"), ("subject" = Uuid, Path, description = "Its id (a match's)")),
    responses((status = 200, description = "The threads", body = Vec<Thread>), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn list_subject_comments(
    State(state): State<AppState>,
    access: Access,
    Path((_, kind, subject)): Path<(String, SubjectKind, Uuid)>,
) -> Result<axum::Json<Vec<Thread>>, AppError> {
    let mut db = access.db(&state.pool).await?;
    let subject = service::subject(&mut db, &access, kind, subject).await?;
    Ok(axum::Json(service::threads(&mut db, &subject).await?))
}

/// Adds a comment, or a reply (`parent_id`), with the audience chosen for it: `audience` is
/// required (no default). Teams write shared comments only; a reply to an internal comment is
/// internal. Those it reaches are emailed a link.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/threads/{kind}/{subject}", tag = "comments",
    params(("tenant" = String, Path, description = "Tenant slug"), ("kind" = SubjectKind, Path, description = "What the comment is about"), ("subject" = Uuid, Path, description = "Its id (a match's)")),
    request_body = NewComment,
    responses((status = 201, description = "The comment", body = Comment), BadRequest, Unauthorized, Forbidden, NotFound, Unprocessable),
    security(("bearer" = []), ("session" = []))
)]
async fn create_subject_comment(
    State(state): State<AppState>,
    access: Access,
    Path((_, kind, subject)): Path<(String, SubjectKind, Uuid)>,
    Json(input): Json<NewComment>,
) -> Result<(StatusCode, axum::Json<Comment>), AppError> {
    let (id, _) = service::add(&state.pool, &state.config, &access, (kind, subject), &input).await?;
    let (_, comment) = service::comment(&mut access.db(&state.pool).await?, &access, id).await?;
    Ok((StatusCode::CREATED, axum::Json(comment)))
}

/// A comment the reader may read (404 otherwise, whether or not it exists).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/comments/{id}", tag = "comments",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = CommentId, Path, description = "Comment id")),
    responses((status = 200, description = "The comment", body = Comment), Unauthorized, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn get_advisory_comment(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, CommentId)>,
) -> Result<axum::Json<Comment>, AppError> {
    access.user()?;
    let (_, comment) = service::comment(&mut access.db(&state.pool).await?, &access, id).await?;
    Ok(axum::Json(comment))
}

/// A comment the reader may read with its earlier texts, newest first (none once deleted or
/// hidden); 404 otherwise, whether or not it exists.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/comments/{id}/history", tag = "comments",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = CommentId, Path, description = "Comment id")),
    responses((status = 200, description = "The comment and its earlier texts", body = CommentHistory), Unauthorized, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn advisory_comment_history(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, CommentId)>,
) -> Result<axum::Json<CommentHistory>, AppError> {
    access.user()?;
    let (_, history) = service::history(&mut access.db(&state.pool).await?, &access, id).await?;
    Ok(axum::Json(history))
}

/// The author's new text, with the `version` read; the old text is kept and the comment marked
/// edited. 409 when someone changed it since, or it is deleted or hidden.
#[utoipa::path(patch, path = "/api/v1/t/{tenant}/comments/{id}", tag = "comments",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = CommentId, Path, description = "Comment id")),
    request_body = CommentEdit,
    responses((status = 200, description = "The comment as saved", body = Comment), BadRequest, Unauthorized, Forbidden, NotFound, Conflict, Unprocessable),
    security(("bearer" = []), ("session" = []))
)]
async fn edit_advisory_comment(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, CommentId)>,
    Json(input): Json<CommentEdit>,
) -> Result<axum::Json<Comment>, AppError> {
    Ok(axum::Json(service::edit(&state.pool, &access, id, &input).await?.1))
}

/// Deletes the author's comment: its text (and earlier texts) are gone; the thread keeps a
/// tombstone with who wrote it and when.
#[utoipa::path(delete, path = "/api/v1/t/{tenant}/comments/{id}", tag = "comments",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = CommentId, Path, description = "Comment id")),
    responses((status = 204, description = "Deleted"), Unauthorized, Forbidden, NotFound, Conflict),
    security(("bearer" = []), ("session" = []))
)]
async fn delete_advisory_comment(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, CommentId)>,
) -> Result<StatusCode, AppError> {
    service::delete(&state.pool, &access, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Hides a comment from every reader (staff), with the reason shown in its place.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/comments/{id}/hide", tag = "comments",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = CommentId, Path, description = "Comment id")),
    request_body = HideComment,
    responses((status = 200, description = "The comment as hidden", body = Comment), BadRequest, Unauthorized, Forbidden, NotFound, Conflict, Unprocessable),
    security(("bearer" = []), ("session" = []))
)]
async fn hide_advisory_comment(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, CommentId)>,
    Json(input): Json<HideComment>,
) -> Result<axum::Json<Comment>, AppError> {
    service::hide(&state.pool, &access, id, &input).await?;
    let (_, comment) = service::comment(&mut access.db(&state.pool).await?, &access, id).await?;
    Ok(axum::Json(comment))
}
