//! Results pages: a round's ranked table and the round's CSVs (ranking, reviews, assignments), an entry's results for staff with the
//! discussion, and a reviewer's comment in the discussion.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use tower_sessions::Session;

use super::super::domain::{Criterion, Ranking, Score};
use super::super::service::{self, EntryResults, RankedTable, RankingQuery};
use crate::error::{AppError, FieldErrors};
use crate::ids::{RoundId, SubmissionId};
use crate::spreadsheet::CsvFile;
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::web::extract::{Form, Path, Query};
use crate::web::form::{Done, after_post};
use crate::web::page::{PageCtx, render};
use crate::web::route_table::RouteTable;

pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/t/{tenant}/rounds/{round}/ranking", ranking_page)
        .get("/t/{tenant}/rounds/{round}/ranking.csv", ranking_csv)
        .get("/t/{tenant}/rounds/{round}/reviews.csv", reviews_csv)
        .get("/t/{tenant}/rounds/{round}/assignments.csv", assignments_csv)
        .get("/t/{tenant}/rounds/{round}/results/{submission}", results_page)
        .post("/t/{tenant}/rounds/{round}/results/{submission}/comments", staff_comment)
}

/// Two places, as the table shows figures.
fn figure(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.2}")).unwrap_or_else(|| "–".into())
}

#[derive(Template)]
#[template(path = "selection/ranking.html")]
struct RankingPage {
    ctx: PageCtx,
    table: RankedTable,
    /// The query string of the next page.
    next: Option<String>,
}

impl RankingPage {
    fn hidden_count(&self) -> i64 {
        self.table.hidden as i64
    }
}

impl RankingPage {
    fn figure(&self, value: &Option<f64>) -> String {
        figure(*value)
    }
    fn rank(&self, row: &Ranking) -> String {
        row.rank.map(|r| r.to_string()).unwrap_or_else(|| "–".into())
    }
    fn normalised_rank(&self, row: &Ranking) -> String {
        row.normalised_rank.map(|r| r.to_string()).unwrap_or_else(|| "–".into())
    }
    fn criterion_mean(&self, row: &Ranking, index: &usize) -> String {
        figure(row.criterion_means.get(*index).copied().flatten())
    }
}

async fn ranking_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Query(query): Query<RankingQuery>,
) -> Result<Response, AppError> {
    let table = service::ranked_table(&state.pool, &access, round, query.normalised(), query.after()).await?;
    let order = if table.normalised { "normalised" } else { "raw" };
    let next = table.next.map(|after| format!("order={order}&after={after}"));
    render(&RankingPage { ctx, table, next })
}

async fn ranking_csv(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<CsvFile, AppError> {
    service::ranking_csv(&state.pool, &access, round).await
}

async fn reviews_csv(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<CsvFile, AppError> {
    service::reviews_csv(&state.pool, &access, round).await
}

async fn assignments_csv(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<CsvFile, AppError> {
    service::assignments_csv(&state.pool, &access, round).await
}

#[derive(Template)]
#[template(path = "selection/results.html")]
struct ResultsPage {
    ctx: PageCtx,
    found: EntryResults,
    submission: SubmissionId,
    body: String,
    errors: FieldErrors,
}

impl ResultsPage {
    fn figure(&self, value: &Option<f64>) -> String {
        figure(*value)
    }
    fn score(&self, scores: &[Score], criterion: &Criterion) -> String {
        scores
            .iter()
            .find(|s| s.criterion_id == criterion.id)
            .and_then(|s| s.score)
            .map(|s| s.to_string())
            .unwrap_or_else(|| "–".into())
    }
    fn comment(&self, scores: &[Score], criterion: &Criterion) -> String {
        scores.iter().find(|s| s.criterion_id == criterion.id).map(|s| s.comment.clone()).unwrap_or_default()
    }
    fn criterion_mean(&self, index: &usize) -> String {
        figure(self.found.ranking.as_ref().and_then(|r| r.criterion_means.get(*index).copied().flatten()))
    }
}

async fn results_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    round: RoundId,
    submission: SubmissionId,
) -> Result<ResultsPage, AppError> {
    let found = service::entry_results(&state.pool, access, round, submission).await?;
    Ok(ResultsPage { ctx, found, submission, body: String::new(), errors: FieldErrors::new() })
}

async fn results_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
) -> Result<Response, AppError> {
    render(&results_view(&state, ctx, &access, round, submission).await?)
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct CommentForm {
    pub(super) body: String,
}

async fn staff_comment(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
    Form(form): Form<CommentForm>,
) -> Result<Response, AppError> {
    let result = service::add_comment(&state.pool, &access, round, submission, &form.body).await;
    let back = format!("/t/{}/rounds/{round}/results/{submission}#discussion", access.tenant.slug);
    after_post(
        result,
        &session,
        |()| Done::to(back, "notice-comment-added"),
        async |refused| {
            let mut page = results_view(&state, ctx, &access, round, submission).await?;
            page.body = form.body;
            page.errors = refused.errors();
            Ok(page)
        },
    )
    .await
}
