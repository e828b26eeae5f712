//! Selection pages for staff: a call's selection (screening reasons and counts, its review
//! rounds), a round's settings and rubric, and an entry's screening.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;
use tower_sessions::Session;

use super::domain::{Criterion, Round, Screening};
use super::service::{
    self, CallRounds, CallScreening, CriterionInput, EntryScreening, ReasonsInput, RoundInput, RoundWithRubric,
    ScreeningInput,
};
use crate::calls::domain::{Call, CallStatus, local_input_value};
use crate::error::{AppError, FieldErrors};
use crate::ids::{CriterionId, RoundId, SubmissionId};
use crate::programmes;
use crate::programmes::domain::Programme;
use crate::state::AppState;
use crate::submissions::domain::Submission;
use crate::tenancy::access::Access;
use crate::web::extract::{Form, Path};
use crate::web::form::{Done, after_post};
use crate::web::markdown::{self, SanitisedHtml};
use crate::web::page::{PageCtx, redirect_with_notice, render};
use crate::web::route_table::RouteTable;

mod assignment;
mod decisions;
mod joining;
mod rankings;
mod reviews;

pub fn routes() -> RouteTable {
    assignment::routes()
        .merge(reviews::routes())
        .merge(rankings::routes())
        .merge(decisions::routes())
        .merge(joining::routes())
        .get("/t/{tenant}/p/{programme}/c/{call}/selection", selection_page)
        .post("/t/{tenant}/p/{programme}/c/{call}/selection/reasons", save_reasons)
        .get("/t/{tenant}/p/{programme}/c/{call}/rounds/new", new_round_page)
        .post("/t/{tenant}/p/{programme}/c/{call}/rounds/new", create_round)
        .get("/t/{tenant}/rounds/{round}", round_page)
        .get("/t/{tenant}/rounds/{round}/edit", edit_round_page)
        .post("/t/{tenant}/rounds/{round}/edit", update_round)
        .post("/t/{tenant}/rounds/{round}/criteria", add_criterion)
        .get("/t/{tenant}/rounds/{round}/criteria/{criterion}", edit_criterion_page)
        .post("/t/{tenant}/rounds/{round}/criteria/{criterion}", update_criterion)
        .post("/t/{tenant}/rounds/{round}/criteria/{criterion}/delete", delete_criterion)
        .post("/t/{tenant}/rounds/{round}/criteria/{criterion}/up", move_up)
        .post("/t/{tenant}/rounds/{round}/criteria/{criterion}/down", move_down)
        .get("/t/{tenant}/submissions/{id}/screening", screening_page)
        .post("/t/{tenant}/submissions/{id}/screening", screen)
}

fn selection_path(access: &Access, programme: &str, call: &str) -> String {
    format!("/t/{}/p/{programme}/c/{call}/selection", access.tenant.slug)
}

fn round_path(access: &Access, round: RoundId) -> String {
    format!("/t/{}/rounds/{round}", access.tenant.slug)
}

// ---- A call's selection ----

#[derive(Template)]
#[template(path = "selection/selection.html")]
struct SelectionPage {
    ctx: PageCtx,
    programme: Programme,
    call: Call,
    rounds: Vec<(Round, CallStatus)>,
    screening: CallScreening,
    /// The reasons as the form shows them, one per line.
    reasons: String,
    errors: FieldErrors,
    conflict: bool,
}

async fn selection_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    programme: &str,
    call: &str,
) -> Result<SelectionPage, AppError> {
    let mut db = access.db(&state.pool).await?;
    let CallRounds { programme, call, rounds } = service::call_rounds(&mut db, access, programme, call).await?;
    let screening = service::call_screening(&mut db, access, &programme.slug, &call.slug).await?;
    let now = Utc::now();
    Ok(SelectionPage {
        ctx: ctx.default_zone(programme.time_zone.tz()),
        reasons: screening.reasons.join("\n"),
        rounds: rounds.into_iter().map(|r| (r.status(now), r)).map(|(s, r)| (r, s)).collect(),
        screening,
        programme,
        call,
        errors: FieldErrors::new(),
        conflict: false,
    })
}

async fn selection_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    render(&selection_view(&state, ctx, &access, &programme, &call).await?)
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ReasonsForm {
    version: String,
    reasons: String,
}

async fn save_reasons(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Form(form): Form<ReasonsForm>,
) -> Result<Response, AppError> {
    let version = form.version.trim().parse::<i32>().map_err(|_| AppError::BadRequest("error-version-missing"))?;
    let input = ReasonsInput { version, reasons: form.reasons.lines().map(str::to_string).collect() };
    let result = service::save_screening_reasons(&state.pool, &access, &programme, &call, &input).await;
    after_post(
        result,
        &session,
        |()| Done::to(selection_path(&access, &programme, &call), "notice-reasons-saved"),
        async |refused| {
            let mut page = selection_view(&state, ctx, &access, &programme, &call).await?;
            // A stale form shows what is saved now; an invalid one what was typed.
            if !refused.is_stale() {
                page.reasons = form.reasons;
            }
            page.conflict = refused.is_stale();
            page.errors = refused.errors();
            Ok(page)
        },
    )
    .await
}

// ---- A round's settings ----

/// The round form as a browser posts it: numbers as typed, checkboxes present or not.
#[derive(Default, Deserialize)]
#[serde(default)]
struct RoundForm {
    version: String,
    name: String,
    instructions: String,
    opens_at: String,
    closes_at: String,
    reviews_per_entry: String,
    blind: String,
    conflict_same_country: String,
    disagreement_at: String,
    remind_hours_before: String,
}

/// A whole number typed in a form, or the field's error.
fn typed_number(errors: &mut FieldErrors, field: &str, raw: &str, invalid: &'static str) -> i32 {
    raw.trim().parse::<i32>().unwrap_or_else(|_| {
        errors.add(field, invalid);
        0
    })
}

impl RoundForm {
    fn input(&self) -> Result<RoundInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let reviews_per_entry = typed_number(
            &mut errors,
            "reviews_per_entry",
            &self.reviews_per_entry,
            "error-round-reviews-per-entry-invalid",
        );
        let disagreement_at =
            typed_number(&mut errors, "disagreement_at", &self.disagreement_at, "error-round-disagreement-invalid");
        let remind_hours_before =
            typed_number(&mut errors, "remind_hours_before", &self.remind_hours_before, "error-round-remind-invalid");
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(RoundInput {
            name: self.name.clone(),
            instructions: self.instructions.clone(),
            opens_at: self.opens_at.clone(),
            closes_at: self.closes_at.clone(),
            reviews_per_entry,
            blind: self.blind == "yes",
            conflict_same_country: self.conflict_same_country == "yes",
            disagreement_at,
            remind_hours_before,
        })
    }

    fn of(round: &Round, programme: &Programme) -> Self {
        let zone = programme.time_zone.tz();
        Self {
            version: round.version.to_string(),
            name: round.name.clone(),
            instructions: round.instructions.clone(),
            opens_at: local_input_value(&round.opens_at, zone),
            closes_at: local_input_value(&round.closes_at, zone),
            reviews_per_entry: round.reviews_per_entry.to_string(),
            blind: if round.blind { "yes".into() } else { String::new() },
            conflict_same_country: if round.conflict_same_country { "yes".into() } else { String::new() },
            disagreement_at: round.disagreement_at.to_string(),
            remind_hours_before: round.remind_hours_before.to_string(),
        }
    }

    fn blank() -> Self {
        let defaults = RoundInput::default();
        Self {
            version: "0".into(),
            reviews_per_entry: defaults.reviews_per_entry.to_string(),
            blind: "yes".into(),
            disagreement_at: defaults.disagreement_at.to_string(),
            remind_hours_before: defaults.remind_hours_before.to_string(),
            ..Default::default()
        }
    }
}

#[derive(Template)]
#[template(path = "selection/round_form.html")]
struct RoundFormPage {
    ctx: PageCtx,
    programme: Programme,
    call: Call,
    /// The round being edited; None when creating.
    editing: Option<RoundId>,
    form: RoundForm,
    errors: FieldErrors,
    conflict: bool,
}

async fn new_round_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let CallRounds { programme, call, .. } =
        service::call_rounds(&mut access.db(&state.pool).await?, &access, &programme, &call).await?;
    render(&RoundFormPage {
        ctx: ctx.default_zone(programme.time_zone.tz()),
        programme,
        call,
        editing: None,
        form: RoundForm::blank(),
        errors: FieldErrors::new(),
        conflict: false,
    })
}

async fn create_round(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Form(form): Form<RoundForm>,
) -> Result<Response, AppError> {
    let result = match form.input() {
        Ok(input) => service::create_round(&state.pool, &access, &programme, &call, &input).await,
        Err(errors) => Err(AppError::Validation(errors)),
    };
    after_post(
        result,
        &session,
        |id| Done::to(round_path(&access, id), "notice-round-created"),
        async |refused| {
            let CallRounds { programme, call, .. } =
                service::call_rounds(&mut access.db(&state.pool).await?, &access, &programme, &call).await?;
            Ok(RoundFormPage {
                ctx: ctx.default_zone(programme.time_zone.tz()),
                programme,
                call,
                editing: None,
                form,
                errors: refused.errors(),
                conflict: false,
            })
        },
    )
    .await
}

/// A round, its call and its programme, for staff.
async fn round_context(
    state: &AppState,
    access: &Access,
    round: RoundId,
) -> Result<(Programme, RoundWithRubric), AppError> {
    let mut db = access.db(&state.pool).await?;
    let found = service::round_to_manage(&mut db, access, round).await?;
    let programme = programmes::service::programme_by_id(&mut db, found.call.programme_id).await?;
    Ok((programme, found))
}

async fn edit_round_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<Response, AppError> {
    let (programme, RoundWithRubric { call, round, .. }) = round_context(&state, &access, round).await?;
    render(&RoundFormPage {
        ctx: ctx.default_zone(programme.time_zone.tz()),
        form: RoundForm::of(&round, &programme),
        programme,
        call,
        editing: Some(round.id),
        errors: FieldErrors::new(),
        conflict: false,
    })
}

async fn update_round(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Form(form): Form<RoundForm>,
) -> Result<Response, AppError> {
    let version = form.version.trim().parse::<i32>().map_err(|_| AppError::BadRequest("error-version-missing"))?;
    let result = match form.input() {
        Ok(input) => service::update_round(&state.pool, &access, round, version, &input).await,
        Err(errors) => Err(AppError::Validation(errors)),
    };
    after_post(
        result,
        &session,
        |()| Done::to(round_path(&access, round), "notice-round-saved"),
        async |refused| {
            let (programme, RoundWithRubric { call, round, .. }) = round_context(&state, &access, round).await?;
            // A stale form shows what is saved now; an invalid one what was typed.
            let form = if refused.is_stale() { RoundForm::of(&round, &programme) } else { form };
            Ok(RoundFormPage {
                ctx: ctx.default_zone(programme.time_zone.tz()),
                programme,
                call,
                editing: Some(round.id),
                form,
                errors: refused.errors(),
                conflict: refused.is_stale(),
            })
        },
    )
    .await
}

// ---- A round's page and its rubric ----

/// The criterion form as a browser posts it: anchors one per line.
#[derive(Default, Deserialize)]
#[serde(default)]
struct CriterionForm {
    name: String,
    description: String,
    weight: String,
    scale_min: String,
    scale_max: String,
    anchors: String,
}

impl CriterionForm {
    fn input(&self) -> Result<CriterionInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let weight = typed_number(&mut errors, "weight", &self.weight, "error-criterion-weight-invalid");
        let scale_min = typed_number(&mut errors, "scale_min", &self.scale_min, "error-criterion-scale-range");
        let scale_max = typed_number(&mut errors, "scale_max", &self.scale_max, "error-criterion-scale-range");
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CriterionInput {
            name: self.name.clone(),
            description: self.description.clone(),
            weight,
            scale_min,
            scale_max,
            anchors: self.anchors.lines().map(str::to_string).collect(),
        })
    }

    fn of(criterion: &Criterion) -> Self {
        Self {
            name: criterion.name.clone(),
            description: criterion.description.clone(),
            weight: criterion.weight.to_string(),
            scale_min: criterion.scale_min.to_string(),
            scale_max: criterion.scale_max.to_string(),
            anchors: criterion.anchors.join("\n"),
        }
    }

    fn blank() -> Self {
        let defaults = CriterionInput::default();
        Self {
            weight: defaults.weight.to_string(),
            scale_min: defaults.scale_min.to_string(),
            scale_max: defaults.scale_max.to_string(),
            ..Default::default()
        }
    }
}

#[derive(Template)]
#[template(path = "selection/round.html")]
struct RoundPage {
    ctx: PageCtx,
    programme: Programme,
    call: Call,
    round: Round,
    status: CallStatus,
    instructions: SanitisedHtml,
    rubric: Vec<Criterion>,
    /// The criterion being edited, when editing one.
    editing: Option<CriterionId>,
    form: CriterionForm,
    errors: FieldErrors,
}

impl RoundPage {
    /// A criterion's share of the rubric's weight, rounded to a whole per cent.
    fn share(&self, criterion: &Criterion) -> String {
        format!("{:.0}", criterion.share(&self.rubric))
    }
}

async fn round_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    round: RoundId,
    editing: Option<CriterionId>,
    form: Option<(CriterionForm, FieldErrors)>,
) -> Result<RoundPage, AppError> {
    let (programme, RoundWithRubric { call, round, rubric }) = round_context(state, access, round).await?;
    let (form, errors) = match (form, editing) {
        (Some(sent), _) => sent,
        (None, Some(id)) => {
            (CriterionForm::of(rubric.iter().find(|c| c.id == id).ok_or(AppError::NotFound)?), FieldErrors::new())
        }
        (None, None) => (CriterionForm::blank(), FieldErrors::new()),
    };
    Ok(RoundPage {
        ctx: ctx.default_zone(programme.time_zone.tz()),
        status: round.status(Utc::now()),
        instructions: markdown::render(&round.instructions),
        programme,
        call,
        round,
        rubric,
        editing,
        form,
        errors,
    })
}

async fn round_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<Response, AppError> {
    render(&round_view(&state, ctx, &access, round, None, None).await?)
}

async fn edit_criterion_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, round, criterion)): Path<(String, RoundId, CriterionId)>,
) -> Result<Response, AppError> {
    render(&round_view(&state, ctx, &access, round, Some(criterion), None).await?)
}

async fn add_criterion(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Form(form): Form<CriterionForm>,
) -> Result<Response, AppError> {
    let result = match form.input() {
        Ok(input) => service::add_criterion(&state.pool, &access, round, &input).await.map(|_| ()),
        Err(errors) => Err(AppError::Validation(errors)),
    };
    after_post(
        result,
        &session,
        |()| Done::to(round_path(&access, round), "notice-criterion-added"),
        async |refused| round_view(&state, ctx, &access, round, None, Some((form, refused.errors()))).await,
    )
    .await
}

async fn update_criterion(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, round, criterion)): Path<(String, RoundId, CriterionId)>,
    Form(form): Form<CriterionForm>,
) -> Result<Response, AppError> {
    let result = match form.input() {
        Ok(input) => service::update_criterion(&state.pool, &access, round, criterion, &input).await,
        Err(errors) => Err(AppError::Validation(errors)),
    };
    after_post(
        result,
        &session,
        |()| Done::to(round_path(&access, round), "notice-criterion-saved"),
        async |refused| round_view(&state, ctx, &access, round, Some(criterion), Some((form, refused.errors()))).await,
    )
    .await
}

async fn delete_criterion(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, round, criterion)): Path<(String, RoundId, CriterionId)>,
) -> Result<Response, AppError> {
    service::delete_criterion(&state.pool, &access, round, criterion).await?;
    redirect_with_notice(&session, &round_path(&access, round), "notice-criterion-deleted").await
}

async fn move_up(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, round, criterion)): Path<(String, RoundId, CriterionId)>,
) -> Result<Response, AppError> {
    service::move_criterion(&state.pool, &access, round, criterion, true).await?;
    redirect_with_notice(&session, &round_path(&access, round), "notice-criterion-moved").await
}

async fn move_down(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, round, criterion)): Path<(String, RoundId, CriterionId)>,
) -> Result<Response, AppError> {
    service::move_criterion(&state.pool, &access, round, criterion, false).await?;
    redirect_with_notice(&session, &round_path(&access, round), "notice-criterion-moved").await
}

// ---- An entry's screening ----

#[derive(Default, Deserialize)]
#[serde(default)]
struct ScreeningForm {
    version: String,
    outcome: String,
    reason: String,
    note: String,
}

impl ScreeningForm {
    fn of(screening: Option<&Screening>) -> Self {
        match screening {
            Some(s) => Self {
                version: s.version.to_string(),
                outcome: if s.eligible { "eligible".into() } else { "ineligible".into() },
                reason: s.reason.clone().unwrap_or_default(),
                note: s.note.clone(),
            },
            None => Self { version: "0".into(), ..Default::default() },
        }
    }
}

#[derive(Template)]
#[template(path = "selection/screening.html")]
struct ScreeningPage {
    ctx: PageCtx,
    submission: Submission,
    screening: Option<Screening>,
    reasons: Vec<String>,
    form: ScreeningForm,
    errors: FieldErrors,
    conflict: bool,
}

async fn screening_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    id: SubmissionId,
) -> Result<ScreeningPage, AppError> {
    let EntryScreening { submission, screening, reasons } =
        service::entry_screening(&mut access.db(&state.pool).await?, access, id).await?;
    Ok(ScreeningPage {
        ctx,
        form: ScreeningForm::of(screening.as_ref()),
        submission,
        screening,
        reasons,
        errors: FieldErrors::new(),
        conflict: false,
    })
}

async fn screening_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<Response, AppError> {
    render(&screening_view(&state, ctx, &access, id).await?)
}

async fn screen(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
    Form(form): Form<ScreeningForm>,
) -> Result<Response, AppError> {
    let version = form.version.trim().parse::<i32>().map_err(|_| AppError::BadRequest("error-version-missing"))?;
    let input =
        ScreeningInput { version, outcome: form.outcome.clone(), reason: form.reason.clone(), note: form.note.clone() };
    let result = service::screen(&state.pool, &access, id, &input).await;
    after_post(
        result,
        &session,
        |()| Done::to(format!("/t/{}/submissions/{id}", access.tenant.slug), "notice-screened"),
        async |refused| {
            let mut page = screening_view(&state, ctx, &access, id).await?;
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
