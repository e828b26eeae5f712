//! JSON twin of the results pages: a round's ranked table (and its CSV), an entry's results for
//! staff, and the discussion of an entry.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::domain::{Comment, Criterion, Ranking};
use super::service::{self, RankingQuery, ReviewForStaff};
use crate::error::AppError;
use crate::ids::{RoundId, SubmissionId};
use crate::spreadsheet::CsvFile;
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::web::extract::{Json, Path, Query};
use crate::web::problems::{BadRequest, Forbidden, NotFound, Unauthorized, Unprocessable};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ranking))
        .routes(routes!(ranking_export))
        .routes(routes!(reviews_export))
        .routes(routes!(assignments_export))
        .routes(routes!(results))
        .routes(routes!(list_comments, add_comment))
}

/// A page of the ranked table.
#[derive(Serialize, ToSchema)]
pub struct RankingPage {
    /// The rubric, in the order of each row's `criterion_means`.
    pub rubric: Vec<Criterion>,
    pub items: Vec<Ranking>,
    /// The value for `?after=` when more rows follow.
    pub next: Option<String>,
    /// How many entries are left out because the caller has a conflict of interest with them as
    /// a reviewer of the round.
    pub hidden: usize,
}

/// A round's ranked table, 50 rows a page, in the raw order or the normalised one (staff).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/rounds/{round}/ranking", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), RankingQuery),
    responses((status = 200, description = "A page of the ranked table", body = RankingPage), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn ranking(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Query(query): Query<RankingQuery>,
) -> Result<axum::Json<RankingPage>, AppError> {
    let table = service::ranked_table(&state.pool, &access, round, query.normalised(), query.after()).await?;
    Ok(axum::Json(RankingPage {
        rubric: table.rubric,
        items: table.rows,
        next: table.next.map(|n| n.to_string()),
        hidden: table.hidden,
    }))
}

/// The whole ranked table as CSV, in the raw order (staff).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/rounds/{round}/ranking/export", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    responses((status = 200, description = "The ranked table", content_type = "text/csv", body = String), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn ranking_export(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<CsvFile, AppError> {
    service::ranking_csv(&state.pool, &access, round).await
}

/// Every review of the round with its scores and comments, drafts included, as CSV (staff; see
/// `reviews_csv` for the columns).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/rounds/{round}/reviews/export", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    responses((status = 200, description = "One row per review: entry, reviewer, status, recommendation, times, a score and a comment per criterion, the note to staff", content_type = "text/csv", body = String), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn reviews_export(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<CsvFile, AppError> {
    service::reviews_csv(&state.pool, &access, round).await
}

/// Every pair of entry and reviewer with its assignment, preference, conflict of interest and
/// review status, as CSV (staff).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/rounds/{round}/assignments/export", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    responses((status = 200, description = "One row per pair: entry, reviewer, assignment method and time, preference, conflict and its reason, review status", content_type = "text/csv", body = String), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn assignments_export(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<CsvFile, AppError> {
    service::assignments_csv(&state.pool, &access, round).await
}

/// An entry's results in a round, for staff.
#[derive(Serialize, ToSchema)]
pub struct EntryResultsView {
    pub rubric: Vec<Criterion>,
    /// `null` until the ranked table lists the entry.
    pub ranking: Option<Ranking>,
    /// Every review with its reviewer's name, note and scores.
    pub reviews: Vec<ReviewForStaff>,
    pub comments: Vec<Comment>,
    /// Whether the entry is on the round's short list.
    pub shortlisted: bool,
}

/// An entry's row of the ranked table, its reviews and its discussion (staff).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/rounds/{round}/results/{submission}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("submission" = String, Path, description = "Submission id")),
    responses((status = 200, description = "The entry's results", body = EntryResultsView), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn results(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
) -> Result<axum::Json<EntryResultsView>, AppError> {
    let found = service::entry_results(&state.pool, &access, round, submission).await?;
    Ok(axum::Json(EntryResultsView {
        rubric: found.rubric,
        ranking: found.ranking,
        reviews: found.reviews,
        comments: found.comments,
        shortlisted: found.shortlisted,
    }))
}

/// The discussion of an entry: staff, and its reviewers once their own review is submitted.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/rounds/{round}/entries/{submission}/comments", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("submission" = String, Path, description = "Submission id")),
    responses((status = 200, description = "The comments, oldest first", body = Vec<Comment>), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn list_comments(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
) -> Result<axum::Json<Vec<Comment>>, AppError> {
    Ok(axum::Json(service::discussion(&mut access.db(&state.pool).await?, &access, round, submission).await?))
}

#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NewComment {
    /// 1–5,000 characters.
    #[schema(schema_with = crate::request_schema::text_up_to::<5000>)]
    pub body: String,
}

/// Adds a comment to the discussion of an entry (as for reading it).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/rounds/{round}/entries/{submission}/comments", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("submission" = String, Path, description = "Submission id")),
    request_body = NewComment,
    responses(
        (status = 201, description = "The discussion with the comment", body = Vec<Comment>),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn add_comment(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
    Json(body): Json<NewComment>,
) -> Result<(StatusCode, axum::Json<Vec<Comment>>), AppError> {
    service::add_comment(&state.pool, &access, round, submission, &body.body).await?;
    let comments = service::discussion(&mut access.db(&state.pool).await?, &access, round, submission).await?;
    Ok((StatusCode::CREATED, axum::Json(comments)))
}
