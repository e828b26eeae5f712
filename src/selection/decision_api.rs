//! JSON twin of the decision pages: a call's decisions, bulk decisions, the release and the email
//! templates (staff); an entry's decision (staff decide and promote; its team reads the released
//! outcome and confirms or declines); a round's short list.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::domain::{Decision, Outcome, Participation};
use super::service::{self, BulkDecisionInput, DecisionInput, TemplateInput, TemplateView};
use crate::error::AppError;
use crate::ids::{RoundId, SubmissionId};
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::web::extract::{Json, Path, Query};
use crate::web::pagination::PageQuery;
use crate::web::problems::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_decisions, decide_bulk))
        .routes(routes!(release))
        .routes(routes!(list_templates))
        .routes(routes!(save_template))
        .routes(routes!(get_decision, decide))
        .routes(routes!(confirm))
        .routes(routes!(decline))
        .routes(routes!(promote))
        .routes(routes!(shortlist, unshortlist))
}

/// A submitted entry of the call with its screening and decision.
#[derive(Serialize, ToSchema)]
pub struct DecisionRowView {
    pub submission_id: SubmissionId,
    pub title: String,
    pub organisation_name: String,
    pub country_code: String,
    /// `null` until screened.
    pub eligible: Option<bool>,
    /// `null` until decided.
    pub outcome: Option<Outcome>,
    pub released: bool,
    pub participation: Option<Participation>,
}

#[derive(Serialize, ToSchema)]
pub struct DecisionPage {
    pub items: Vec<DecisionRowView>,
    pub next: Option<String>,
    pub selected: i64,
    pub waitlisted: i64,
    pub rejected: i64,
    /// Decisions not released to their teams yet.
    pub unreleased: i64,
}

/// A call's submitted entries with their decisions, paged (staff).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/decisions", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug"), PageQuery),
    responses((status = 200, description = "A page of the call's entries and decisions", body = DecisionPage), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn list_decisions(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Query(page): Query<PageQuery>,
) -> Result<axum::Json<DecisionPage>, AppError> {
    let found =
        service::call_decisions(&mut access.db(&state.pool).await?, &access, &programme, &call, page.cursor()).await?;
    Ok(axum::Json(DecisionPage {
        items: found
            .rows
            .items
            .into_iter()
            .map(|r| DecisionRowView {
                submission_id: r.submission_id,
                title: r.title,
                organisation_name: r.organisation_name,
                country_code: r.country_code,
                eligible: r.eligible,
                outcome: r.outcome,
                released: r.released,
                participation: r.participation,
            })
            .collect(),
        next: found.rows.next,
        selected: found.selected,
        waitlisted: found.waitlisted,
        rejected: found.rejected,
        unreleased: found.unreleased,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct Decided {
    /// Entries decided.
    pub decided: usize,
}

/// Decides several entries of the call alike (staff), all or none, each with the rationale.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/decisions", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug")),
    request_body = BulkDecisionInput,
    responses(
        (status = 200, description = "How many were decided", body = Decided),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn decide_bulk(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Json(input): Json<BulkDecisionInput>,
) -> Result<axum::Json<Decided>, AppError> {
    Ok(axum::Json(Decided { decided: service::decide_bulk(&state.pool, &access, &programme, &call, &input).await? }))
}

#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReleaseInput {
    /// Quote the reviewers' comments, without their names, in each email.
    pub include_reviews: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Released {
    pub released: usize,
}

/// Releases the call's decisions not released yet (staff): each team is emailed its outcome
/// (409 when there is none to release).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/decisions/release", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug")),
    request_body = ReleaseInput,
    responses((status = 200, description = "How many were released", body = Released), BadRequest, Unauthorized, Forbidden, NotFound, Conflict),
    security(("bearer" = []), ("session" = []))
)]
async fn release(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Json(input): Json<ReleaseInput>,
) -> Result<axum::Json<Released>, AppError> {
    let released =
        service::release(&state.pool, &state.config, &access, &programme, &call, input.include_reviews).await?;
    Ok(axum::Json(Released { released }))
}

/// The call's decision emails, one per outcome (staff).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/decision-templates", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug")),
    responses((status = 200, description = "The templates", body = Vec<TemplateView>), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn list_templates(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
) -> Result<axum::Json<Vec<TemplateView>>, AppError> {
    Ok(axum::Json(service::templates(&mut access.db(&state.pool).await?, &access, &programme, &call).await?.2))
}

/// Saves the call's email for an outcome (staff), over its version (0 while the built-in text is
/// used). Unknown placeholders are refused.
#[utoipa::path(put, path = "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/decision-templates/{outcome}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug"), ("call" = String, Path, description = "Call slug"), ("outcome" = String, Path, description = "selected, waitlisted or rejected")),
    request_body = TemplateInput,
    responses(
        (status = 200, description = "The templates", body = Vec<TemplateView>),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn save_template(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme, call, outcome)): Path<(String, String, String, String)>,
    Json(input): Json<TemplateInput>,
) -> Result<axum::Json<Vec<TemplateView>>, AppError> {
    let outcome = Outcome::from_name(&outcome).ok_or(AppError::NotFound)?;
    service::save_template(&state.pool, &access, &programme, &call, outcome, &input).await?;
    Ok(axum::Json(service::templates(&mut access.db(&state.pool).await?, &access, &programme, &call).await?.2))
}

/// An entry's decision as the caller may read it.
#[derive(Serialize, ToSchema)]
pub struct DecisionView {
    /// `under_review` until a decision is released to the team (staff see theirs at once).
    pub status: String,
    /// For staff: the decision with its rationale; for the team: the released outcome only.
    pub decision: Option<Decision>,
}

async fn view(state: &AppState, access: &Access, id: SubmissionId) -> Result<DecisionView, AppError> {
    let found = service::entry_decision(&mut access.db(&state.pool).await?, access, id).await?;
    let status = match found.released() {
        Some(decision) => decision.outcome.as_str().to_string(),
        None => "under_review".to_string(),
    };
    Ok(DecisionView { status, decision: found.decision })
}

/// An entry's decision: staff and the members of its organisation.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/submissions/{id}/decision", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    responses((status = 200, description = "The decision as the caller may read it", body = DecisionView), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn get_decision(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<axum::Json<DecisionView>, AppError> {
    Ok(axum::Json(view(&state, &access, id).await?))
}

/// Decides an entry (staff), over the decision's version (0 for a first one). A rationale is
/// required; a released decision changes only by promotion (409).
#[utoipa::path(put, path = "/api/v1/t/{tenant}/submissions/{id}/decision", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    request_body = DecisionInput,
    responses(
        (status = 200, description = "The decision as saved", body = DecisionView),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn decide(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
    Json(input): Json<DecisionInput>,
) -> Result<axum::Json<DecisionView>, AppError> {
    service::decide(&state.pool, &access, id, &input).await?;
    Ok(axum::Json(view(&state, &access, id).await?))
}

/// A selected team confirms it takes part (members of its organisation).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/submissions/{id}/decision/confirm", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    responses((status = 200, description = "The decision", body = DecisionView), Unauthorized, Forbidden, NotFound, Conflict),
    security(("bearer" = []), ("session" = []))
)]
async fn confirm(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<axum::Json<DecisionView>, AppError> {
    service::answer_selection(&state.pool, &state.config, &access, id, service::Answer::Confirm).await?;
    Ok(axum::Json(view(&state, &access, id).await?))
}

/// A selected team declines its place (members of its organisation); staff can then promote
/// from the waiting list.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/submissions/{id}/decision/decline", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    responses((status = 200, description = "The decision", body = DecisionView), Unauthorized, Forbidden, NotFound, Conflict),
    security(("bearer" = []), ("session" = []))
)]
async fn decline(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<axum::Json<DecisionView>, AppError> {
    service::answer_selection(&state.pool, &state.config, &access, id, service::Answer::Decline { ticked: true })
        .await?;
    Ok(axum::Json(view(&state, &access, id).await?))
}

/// Promotes a released waitlisted entry to selected (staff); its team is emailed at once.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/submissions/{id}/decision/promote", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Submission id")),
    responses((status = 200, description = "The decision", body = DecisionView), Unauthorized, Forbidden, NotFound, Conflict),
    security(("bearer" = []), ("session" = []))
)]
async fn promote(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<axum::Json<DecisionView>, AppError> {
    service::promote(&state.pool, &state.config, &access, id).await?;
    Ok(axum::Json(view(&state, &access, id).await?))
}

/// Puts an entry on the round's short list (staff).
#[utoipa::path(put, path = "/api/v1/t/{tenant}/rounds/{round}/shortlist/{submission}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("submission" = String, Path, description = "Submission id")),
    responses((status = 204, description = "On the short list"), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn shortlist(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
) -> Result<StatusCode, AppError> {
    service::shortlist(&state.pool, &access, round, submission, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes an entry off the round's short list (staff).
#[utoipa::path(delete, path = "/api/v1/t/{tenant}/rounds/{round}/shortlist/{submission}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("submission" = String, Path, description = "Submission id")),
    responses((status = 204, description = "Off the short list"), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn unshortlist(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
) -> Result<StatusCode, AppError> {
    service::shortlist(&state.pool, &access, round, submission, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
