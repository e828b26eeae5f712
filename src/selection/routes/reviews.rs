//! Reviewing pages: a reviewer's list of assigned entries and the review form of one, an
//! attachment as the reviewer may see it, and staff's reminder to late reviewers.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use tower_sessions::Session;

use super::super::domain::{Comment, Criterion, Recommendation, ReviewStatus, Score};
use super::super::service::{self, AssignedEntries, ReviewForm, ReviewInput, ScoreInput};
use crate::error::{AppError, FieldErrors};
use crate::ids::{AttachmentId, CriterionId, RoundId, SubmissionId};
use crate::state::AppState;
use crate::submissions::service::Download;
use crate::tenancy::access::Access;
use crate::web::extract::{Form, Path};
use crate::web::form::{Done, after_post};
use crate::web::page::{PageCtx, redirect_with_notice, render};
use crate::web::route_table::RouteTable;

pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/t/{tenant}/rounds/{round}/assigned", assigned_page)
        .get("/t/{tenant}/rounds/{round}/reviews/{submission}", review_page)
        .post("/t/{tenant}/rounds/{round}/reviews/{submission}", save_review)
        .get("/t/{tenant}/rounds/{round}/reviews/{submission}/attachments/{attachment}", download)
        .post("/t/{tenant}/rounds/{round}/remind", remind)
        .post("/t/{tenant}/rounds/{round}/reviews/{submission}/comments", comment)
}

#[derive(Template)]
#[template(path = "selection/assigned.html")]
struct AssignedPage {
    ctx: PageCtx,
    found: AssignedEntries,
}

async fn assigned_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<Response, AppError> {
    let found = service::assigned_entries(&mut access.db(&state.pool).await?, &access, round).await?;
    render(&AssignedPage { ctx, found })
}

/// What the review form shows in its fields: what was sent when it comes back, else what is
/// saved.
#[derive(Default)]
struct ReviewFields {
    version: i32,
    scores: HashMap<CriterionId, (String, String)>,
    recommendation: String,
    note_to_staff: String,
}

#[derive(Template)]
#[template(path = "selection/review.html")]
struct ReviewPage {
    ctx: PageCtx,
    found: ReviewForm,
    fields: ReviewFields,
    errors: FieldErrors,
    conflict: bool,
    recommendations: &'static [Recommendation],
    /// The discussion of the entry, once the reviewer may take part (their review submitted).
    discussion: Option<Vec<Comment>>,
    /// The comment typed, when it comes back with an error.
    comment: String,
}

impl ReviewPage {
    fn score_of(&self, criterion: &Criterion) -> String {
        self.fields.scores.get(&criterion.id).map(|s| s.0.clone()).unwrap_or_default()
    }
    fn comment_of(&self, criterion: &Criterion) -> String {
        self.fields.scores.get(&criterion.id).map(|s| s.1.clone()).unwrap_or_default()
    }
    fn field(&self, prefix: &str, criterion: &Criterion) -> String {
        format!("{prefix}-{}", criterion.id)
    }
    /// Another review's score on a criterion, as the page shows it.
    fn other_score(&self, scores: &[Score], criterion: &Criterion) -> String {
        scores
            .iter()
            .find(|s| s.criterion_id == criterion.id)
            .and_then(|s| s.score)
            .map(|s| s.to_string())
            .unwrap_or_else(|| "–".into())
    }
    fn other_comment(&self, scores: &[Score], criterion: &Criterion) -> String {
        scores.iter().find(|s| s.criterion_id == criterion.id).map(|s| s.comment.clone()).unwrap_or_default()
    }
    fn submitted(&self) -> bool {
        self.found.status() == Some(ReviewStatus::Submitted)
    }
}

fn saved_fields(found: &ReviewForm) -> ReviewFields {
    ReviewFields {
        version: found.review.as_ref().map_or(0, |r| r.version),
        scores: found
            .scores
            .iter()
            .map(|s| (s.criterion_id, (s.score.map(|v| v.to_string()).unwrap_or_default(), s.comment.clone())))
            .collect(),
        recommendation: found
            .review
            .as_ref()
            .and_then(|r| r.recommendation)
            .map(|r| r.as_str().to_string())
            .unwrap_or_default(),
        note_to_staff: found.review.as_ref().map(|r| r.note_to_staff.clone()).unwrap_or_default(),
    }
}

async fn review_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    round: RoundId,
    submission: SubmissionId,
) -> Result<ReviewPage, AppError> {
    let mut db = access.db(&state.pool).await?;
    let found = service::review_form(&mut db, access, round, submission).await?;
    let discussion = if found.status() == Some(ReviewStatus::Submitted) {
        Some(service::discussion(&mut db, access, round, submission).await?)
    } else {
        None
    };
    Ok(ReviewPage {
        ctx,
        fields: saved_fields(&found),
        found,
        errors: FieldErrors::new(),
        conflict: false,
        recommendations: Recommendation::ALL,
        discussion,
        comment: String::new(),
    })
}

async fn review_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
) -> Result<Response, AppError> {
    render(&review_view(&state, ctx, &access, round, submission).await?)
}

/// The review form as a browser posts it: `score-<criterion>` and `comment-<criterion>` per
/// criterion, and `action` (`draft` or `submit`) from the button pressed.
async fn save_review(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let value = |name: &str| sent.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let version = value("version").trim().parse::<i32>().map_err(|_| AppError::BadRequest("error-version-missing"))?;
    let mut errors = FieldErrors::new();
    let mut typed = HashMap::new();
    let mut scores = Vec::new();
    for (name, raw) in &sent {
        let Some(criterion) = name.strip_prefix("score-").and_then(|id| id.parse::<CriterionId>().ok()) else {
            continue;
        };
        let comment = value(&format!("comment-{criterion}"));
        let score = match raw.trim() {
            "" => None,
            number => match number.parse::<i32>() {
                Ok(score) => Some(score),
                Err(_) => {
                    errors.add(name, "error-score-out-of-scale");
                    None
                }
            },
        };
        typed.insert(criterion, (raw.clone(), comment.clone()));
        scores.push(ScoreInput { criterion_id: Some(criterion), score, comment });
    }
    let input = ReviewInput {
        version,
        scores,
        recommendation: value("recommendation"),
        note_to_staff: value("note_to_staff"),
        submit: value("action") == "submit",
    };
    let result = if errors.is_empty() {
        service::save_review(&state.pool, &access, round, submission, &input).await
    } else {
        Err(AppError::Validation(errors))
    };
    let back = format!("/t/{}/rounds/{round}/reviews/{submission}", access.tenant.slug);
    after_post(
        result,
        &session,
        |status| match status {
            ReviewStatus::Submitted => Done::to(back, "notice-review-submitted"),
            ReviewStatus::Draft | ReviewStatus::SetAside => Done::to(back, "notice-review-saved"),
        },
        async |refused| {
            let mut page = review_view(&state, ctx, &access, round, submission).await?;
            if !refused.is_stale() {
                page.fields = ReviewFields {
                    version,
                    scores: typed,
                    recommendation: input.recommendation,
                    note_to_staff: input.note_to_staff,
                };
            }
            page.conflict = refused.is_stale();
            page.errors = refused.errors();
            Ok(page)
        },
    )
    .await
}

async fn download(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, submission, attachment)): Path<(String, RoundId, SubmissionId, AttachmentId)>,
) -> Result<Download, AppError> {
    service::download(&state.pool, &state.files, &access, round, submission, attachment).await
}

async fn remind(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<Response, AppError> {
    let sent = service::remind_late_reviewers(&state.pool, &state.config, &access, round).await?;
    let notice = if sent == 0 { "info-nobody-late" } else { "notice-reviewers-reminded" };
    redirect_with_notice(&session, &format!("/t/{}/rounds/{round}/assignments", access.tenant.slug), notice).await
}

async fn comment(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
    Form(form): Form<super::rankings::CommentForm>,
) -> Result<Response, AppError> {
    let result = service::add_comment(&state.pool, &access, round, submission, &form.body).await;
    let back = format!("/t/{}/rounds/{round}/reviews/{submission}#discussion", access.tenant.slug);
    after_post(
        result,
        &session,
        |()| Done::to(back, "notice-comment-added"),
        async |refused| {
            let mut page = review_view(&state, ctx, &access, round, submission).await?;
            page.comment = form.body;
            page.errors = refused.errors();
            Ok(page)
        },
    )
    .await
}
