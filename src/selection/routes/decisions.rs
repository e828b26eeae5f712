//! Decision pages: a call's decisions (with bulk decisions and the release), the decision email
//! templates, an entry's decision (staff decide and promote; the team reads its outcome and
//! confirms or declines), and a round's short list.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use tower_sessions::Session;

use super::super::domain::{Outcome, Participation};
use super::super::service::{
    self, BulkDecisionInput, CallDecisions, DecisionInput, EntryDecision, TemplateInput, TemplateView,
};
use crate::calls::domain::Call;
use crate::error::{AppError, FieldErrors};
use crate::ids::{RoundId, SubmissionId};
use crate::programmes::domain::Programme;
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::web::extract::{Form, Path, Query};
use crate::web::form::{Done, after_post};
use crate::web::page::{PageCtx, redirect_with_notice, render};
use crate::web::pagination::{PageQuery, Pager};
use crate::web::route_table::RouteTable;

pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/t/{tenant}/p/{programme}/c/{call}/decisions", decisions_page)
        .post("/t/{tenant}/p/{programme}/c/{call}/decisions", decide_bulk)
        .get("/t/{tenant}/p/{programme}/c/{call}/decisions/release", release_page)
        .post("/t/{tenant}/p/{programme}/c/{call}/decisions/release", release)
        .get("/t/{tenant}/p/{programme}/c/{call}/decisions/templates", templates_page)
        .post("/t/{tenant}/p/{programme}/c/{call}/decisions/templates/{outcome}", save_template)
        .get("/t/{tenant}/submissions/{id}/decision", decision_page)
        .post("/t/{tenant}/submissions/{id}/decision", decide)
        .post("/t/{tenant}/submissions/{id}/decision/confirm", confirm)
        .post("/t/{tenant}/submissions/{id}/decision/decline", decline)
        .post("/t/{tenant}/submissions/{id}/decision/promote", promote)
        .post("/t/{tenant}/rounds/{round}/results/{submission}/shortlist", shortlist)
        .post("/t/{tenant}/rounds/{round}/results/{submission}/unshortlist", unshortlist)
}

fn decisions_path(access: &Access, programme: &str, call: &str) -> String {
    format!("/t/{}/p/{programme}/c/{call}/decisions", access.tenant.slug)
}

fn decision_path(access: &Access, id: SubmissionId) -> String {
    format!("/t/{}/submissions/{id}/decision", access.tenant.slug)
}

// ---- A call's decisions ----

#[derive(Default, Deserialize)]
#[serde(default)]
struct BulkForm {
    outcome: String,
    rationale: String,
    round: String,
}

#[derive(Template)]
#[template(path = "selection/decisions.html")]
struct DecisionsPage {
    ctx: PageCtx,
    found: CallDecisions,
    pager: Pager,
    form: BulkForm,
    errors: FieldErrors,
    outcomes: &'static [Outcome],
}

impl DecisionsPage {
    /// Whether any entry on this page can still be decided (its decision is not released).
    fn any_open(&self) -> bool {
        self.found.rows.items.iter().any(|row| !row.released)
    }
}

async fn decisions_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    (programme, call): (&str, &str),
    page: &PageQuery,
) -> Result<DecisionsPage, AppError> {
    let found =
        service::call_decisions(&mut access.db(&state.pool).await?, access, programme, call, page.cursor()).await?;
    let pager = page.pager("", found.rows.next.as_deref());
    Ok(DecisionsPage {
        ctx,
        found,
        pager,
        form: BulkForm::default(),
        errors: FieldErrors::new(),
        outcomes: Outcome::ALL,
    })
}

async fn decisions_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Query(page): Query<PageQuery>,
) -> Result<Response, AppError> {
    render(&decisions_view(&state, ctx, &access, (&programme, &call), &page).await?)
}

fn round_of(raw: &str) -> Result<Option<RoundId>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        id => id.parse().map(Some).map_err(|_| AppError::invalid("round", "error-decision-round-unknown")),
    }
}

/// The bulk form: `entry` repeated (the ticked rows), `outcome`, `rationale`, `round`.
async fn decide_bulk(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let value = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let form = BulkForm { outcome: value("outcome"), rationale: value("rationale"), round: value("round") };
    let submissions: Vec<SubmissionId> =
        fields.iter().filter(|(k, _)| k == "entry").filter_map(|(_, v)| v.parse().ok()).collect();
    let result = match round_of(&form.round) {
        Ok(round_id) => {
            let input = BulkDecisionInput {
                submissions,
                outcome: form.outcome.clone(),
                rationale: form.rationale.clone(),
                round_id,
            };
            service::decide_bulk(&state.pool, &access, &programme, &call, &input).await.map(|_| ())
        }
        Err(error) => Err(error),
    };
    after_post(
        result,
        &session,
        |()| Done::to(decisions_path(&access, &programme, &call), "notice-decided"),
        async |refused| {
            let mut page = decisions_view(&state, ctx, &access, (&programme, &call), &PageQuery::default()).await?;
            page.form = form;
            page.errors = refused.errors();
            Ok(page)
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "selection/release.html")]
struct ReleasePage {
    ctx: PageCtx,
    found: CallDecisions,
}

async fn release_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let found = service::call_decisions(&mut access.db(&state.pool).await?, &access, &programme, &call, None).await?;
    render(&ReleasePage { ctx, found })
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ReleaseForm {
    include_reviews: String,
}

async fn release(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Form(form): Form<ReleaseForm>,
) -> Result<Response, AppError> {
    let include = form.include_reviews == "yes";
    service::release(&state.pool, &state.config, &access, &programme, &call, include).await?;
    redirect_with_notice(&session, &decisions_path(&access, &programme, &call), "notice-decisions-released").await
}

#[derive(Template)]
#[template(path = "selection/decision_templates.html")]
struct TemplatesPage {
    ctx: PageCtx,
    programme: Programme,
    call: Call,
    templates: Vec<TemplateView>,
    /// The outcome whose form came back, with what was typed.
    failed: Option<(Outcome, String, String)>,
    errors: FieldErrors,
    conflict: bool,
}

impl TemplatesPage {
    fn subject_of(&self, template: &TemplateView) -> String {
        match &self.failed {
            Some((outcome, subject, _)) if *outcome == template.outcome => subject.clone(),
            _ => template.subject.clone(),
        }
    }
    fn body_of(&self, template: &TemplateView) -> String {
        match &self.failed {
            Some((outcome, _, body)) if *outcome == template.outcome => body.clone(),
            _ => template.body.clone(),
        }
    }
    fn has_error(&self, template: &TemplateView, field: &str) -> bool {
        matches!(&self.failed, Some((outcome, _, _)) if *outcome == template.outcome) && self.errors.has(field)
    }
}

async fn templates_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    programme: &str,
    call: &str,
) -> Result<TemplatesPage, AppError> {
    let (programme, call, templates) =
        service::templates(&mut access.db(&state.pool).await?, access, programme, call).await?;
    Ok(TemplatesPage { ctx, programme, call, templates, failed: None, errors: FieldErrors::new(), conflict: false })
}

async fn templates_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    render(&templates_view(&state, ctx, &access, &programme, &call).await?)
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct TemplateForm {
    version: String,
    subject: String,
    body: String,
}

async fn save_template(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, programme, call, outcome)): Path<(String, String, String, String)>,
    Form(form): Form<TemplateForm>,
) -> Result<Response, AppError> {
    let outcome = Outcome::from_name(&outcome).ok_or(AppError::NotFound)?;
    let version = form.version.trim().parse::<i32>().map_err(|_| AppError::BadRequest("error-version-missing"))?;
    let input = TemplateInput { version, subject: form.subject.clone(), body: form.body.clone() };
    let result = service::save_template(&state.pool, &access, &programme, &call, outcome, &input).await;
    after_post(
        result,
        &session,
        |()| Done::to(format!("{}/templates", decisions_path(&access, &programme, &call)), "notice-template-saved"),
        async |refused| {
            let mut page = templates_view(&state, ctx, &access, &programme, &call).await?;
            if !refused.is_stale() {
                page.failed = Some((outcome, form.subject, form.body));
            }
            page.conflict = refused.is_stale();
            page.errors = refused.errors();
            Ok(page)
        },
    )
    .await
}

// ---- An entry's decision ----

#[derive(Default, Deserialize)]
#[serde(default)]
struct DecisionForm {
    version: String,
    outcome: String,
    rationale: String,
    round: String,
    waitlist_position: String,
}

#[derive(Template)]
#[template(path = "selection/decision.html")]
struct DecisionPage {
    ctx: PageCtx,
    found: EntryDecision,
    form: DecisionForm,
    errors: FieldErrors,
    conflict: bool,
    outcomes: &'static [Outcome],
}

impl DecisionPage {
    fn awaiting_answer(&self) -> bool {
        self.found.released().is_some_and(|d| d.participation == Some(Participation::Pending))
    }
}

async fn decision_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    id: SubmissionId,
) -> Result<DecisionPage, AppError> {
    let found = service::entry_decision(&mut access.db(&state.pool).await?, access, id).await?;
    let form = match &found.decision {
        Some(d) if found.staff => DecisionForm {
            version: d.version.to_string(),
            outcome: d.outcome.as_str().to_string(),
            rationale: d.rationale.clone(),
            round: d.round_id.map(|r| r.to_string()).unwrap_or_default(),
            waitlist_position: d.waitlist_position.map(|p| p.to_string()).unwrap_or_default(),
        },
        _ => DecisionForm { version: "0".into(), ..Default::default() },
    };
    Ok(DecisionPage { ctx, found, form, errors: FieldErrors::new(), conflict: false, outcomes: Outcome::ALL })
}

async fn decision_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<Response, AppError> {
    render(&decision_view(&state, ctx, &access, id).await?)
}

async fn decide(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let version = form.version.trim().parse::<i32>().map_err(|_| AppError::BadRequest("error-version-missing"))?;
    let position = match form.waitlist_position.trim() {
        "" => Ok(None),
        raw => raw
            .parse::<i32>()
            .map(Some)
            .map_err(|_| AppError::invalid("waitlist_position", "error-waitlist-position-invalid")),
    };
    let result = match (round_of(&form.round), position) {
        (Ok(round_id), Ok(waitlist_position)) => {
            let input = DecisionInput {
                version,
                outcome: form.outcome.clone(),
                rationale: form.rationale.clone(),
                round_id,
                waitlist_position,
            };
            service::decide(&state.pool, &access, id, &input).await
        }
        (Err(error), _) | (_, Err(error)) => Err(error),
    };
    after_post(
        result,
        &session,
        |()| Done::to(decision_path(&access, id), "notice-decided"),
        async |refused| {
            let mut page = decision_view(&state, ctx, &access, id).await?;
            if !refused.is_stale() {
                page.form = form;
            }
            page.conflict = refused.is_stale();
            page.errors = refused.errors();
            Ok(page)
        },
    )
    .await
}

async fn confirm(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<Response, AppError> {
    service::answer_selection(&state.pool, &state.config, &access, id, service::Answer::Confirm).await?;
    redirect_with_notice(&session, &decision_path(&access, id), "notice-participation-confirmed").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DeclineForm {
    /// "yes" when the person ticked that their team gives up its place: declining cannot be undone.
    sure: String,
}

async fn decline(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
    Form(form): Form<DeclineForm>,
) -> Result<Response, AppError> {
    let answer = service::Answer::Decline { ticked: form.sure == "yes" };
    let result = service::answer_selection(&state.pool, &state.config, &access, id, answer).await;
    after_post(
        result,
        &session,
        |()| Done::to(decision_path(&access, id), "notice-participation-declined"),
        async |refused| {
            let mut page = decision_view(&state, ctx, &access, id).await?;
            page.errors = refused.errors();
            Ok(page)
        },
    )
    .await
}

async fn promote(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<Response, AppError> {
    service::promote(&state.pool, &state.config, &access, id).await?;
    redirect_with_notice(&session, &decision_path(&access, id), "notice-promoted").await
}

async fn shortlist(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
) -> Result<Response, AppError> {
    service::shortlist(&state.pool, &access, round, submission, true).await?;
    let back = format!("/t/{}/rounds/{round}/results/{submission}", access.tenant.slug);
    redirect_with_notice(&session, &back, "notice-shortlisted").await
}

async fn unshortlist(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
) -> Result<Response, AppError> {
    service::shortlist(&state.pool, &access, round, submission, false).await?;
    let back = format!("/t/{}/rounds/{round}/results/{submission}", access.tenant.slug);
    redirect_with_notice(&session, &back, "notice-unshortlisted").await
}
