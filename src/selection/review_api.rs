//! JSON twin of the reviewing pages: a reviewer's assigned entries and their review of one, and
//! staff's reminder to late reviewers.

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::domain::{Criterion, Review, Score};
use super::service::{self, AssignedEntry, EntryForReview, OtherReview, ReviewForm, ReviewInput};
use crate::error::AppError;
use crate::ids::{RoundId, SubmissionId};
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::web::extract::{Json, Path};
use crate::web::problems::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(assigned)).routes(routes!(get_review, save_review)).routes(routes!(remind))
}

/// The entries of a round assigned to the caller, with where each review stands (the round's
/// reviewers).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/rounds/{round}/assigned", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    responses((status = 200, description = "The caller's assigned entries", body = Vec<AssignedEntry>), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn assigned(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<axum::Json<Vec<AssignedEntry>>, AppError> {
    Ok(axum::Json(service::assigned_entries(&mut access.db(&state.pool).await?, &access, round).await?.entries))
}

/// An entry as its reviewer reads it, with the rubric, their review, and the other reviews once
/// theirs is submitted.
#[derive(Serialize, ToSchema)]
pub struct ReviewView {
    /// In a blind round, without the organisation, its country or the people.
    pub entry: EntryForReview,
    pub rubric: Vec<Criterion>,
    /// `null` before the first save.
    pub review: Option<Review>,
    pub scores: Vec<Score>,
    /// Other reviewers' submitted reviews, numbered, without names or notes; empty until the
    /// caller's own is submitted.
    pub others: Vec<OtherReview>,
    /// Whether reviews can be written now.
    pub open: bool,
}

impl From<ReviewForm> for ReviewView {
    fn from(form: ReviewForm) -> Self {
        Self {
            entry: form.entry,
            rubric: form.rubric,
            review: form.review,
            scores: form.scores,
            others: form.others,
            open: form.open,
        }
    }
}

async fn view(
    state: &AppState,
    access: &Access,
    round: RoundId,
    submission: SubmissionId,
) -> Result<ReviewView, AppError> {
    Ok(service::review_form(&mut access.db(&state.pool).await?, access, round, submission).await?.into())
}

/// The caller's review of an entry assigned to them. Anyone else (another reviewer, a reviewer
/// with a conflict of interest, a team) gets 403.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/rounds/{round}/reviews/{submission}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("submission" = String, Path, description = "Submission id")),
    responses((status = 200, description = "The entry and the caller's review", body = ReviewView), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn get_review(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
) -> Result<axum::Json<ReviewView>, AppError> {
    Ok(axum::Json(view(&state, &access, round, submission).await?))
}

/// Saves the caller's review over the version read (0 the first time): a draft, or submitted with
/// `submit` (every criterion scored, a recommendation). Editable until the round closes (409
/// after); a score outside its criterion's scale is 422 at `score-<criterion id>`.
#[utoipa::path(put, path = "/api/v1/t/{tenant}/rounds/{round}/reviews/{submission}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("submission" = String, Path, description = "Submission id")),
    request_body = ReviewInput,
    responses(
        (status = 200, description = "The review as saved", body = ReviewView),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn save_review(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
    Json(input): Json<ReviewInput>,
) -> Result<axum::Json<ReviewView>, AppError> {
    service::save_review(&state.pool, &access, round, submission, &input).await?;
    Ok(axum::Json(view(&state, &access, round, submission).await?))
}

#[derive(Serialize, ToSchema)]
pub struct Reminded {
    /// Reviewers emailed.
    pub reminded: usize,
}

/// Emails every reviewer of the round whose assigned entries are not all reviewed (staff).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/rounds/{round}/reminders", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    responses((status = 200, description = "How many were reminded", body = Reminded), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn remind(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<axum::Json<Reminded>, AppError> {
    Ok(axum::Json(Reminded {
        reminded: service::remind_late_reviewers(&state.pool, &state.config, &access, round).await?,
    }))
}
