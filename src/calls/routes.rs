//! Call pages: the public call page, and staff forms for calls and their questions.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;
use tower_sessions::Session;

use super::domain::{Call, CallKind, CallStatus, Question, QuestionKind, Section, local_input_value, sections};
use super::service::{self, CallInput, CallWithQuestions, QuestionInput};
use crate::db::wall::TenantTx;
use crate::error::{AppError, FieldErrors};
use crate::ids::QuestionId;
use crate::programmes;
use crate::programmes::domain::Programme;
use crate::state::AppState;
use crate::submissions;
use crate::submissions::domain::{SubmissionStatus, TeamSubmission};
use crate::tenancy::access::Access;
use crate::tenancy::policy::Action;
use crate::web::cache::PublicCall;
use crate::web::extract::{Form, Path};
use crate::web::form::{Done, after_post};
use crate::web::markdown::{self, SanitisedHtml};
use crate::web::page::{PageCtx, redirect_with_notice, render};
use crate::web::route_table::RouteTable;

pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/t/{tenant}/p/{programme}/calls/new", new_call_page)
        .post("/t/{tenant}/p/{programme}/calls/new", create_call)
        .get("/t/{tenant}/p/{programme}/c/{call}", call_page)
        .get("/t/{tenant}/p/{programme}/c/{call}/edit", edit_call_page)
        .post("/t/{tenant}/p/{programme}/c/{call}/edit", update_call)
        .post("/t/{tenant}/p/{programme}/c/{call}/extend", extend_deadline)
        .get("/t/{tenant}/p/{programme}/c/{call}/questions", questions_page)
        .post("/t/{tenant}/p/{programme}/c/{call}/questions", add_question)
        .get("/t/{tenant}/p/{programme}/c/{call}/questions/{question}", edit_question_page)
        .post("/t/{tenant}/p/{programme}/c/{call}/questions/{question}", update_question)
        .post("/t/{tenant}/p/{programme}/c/{call}/questions/{question}/delete", delete_question)
        .post("/t/{tenant}/p/{programme}/c/{call}/questions/{question}/up", move_up)
        .post("/t/{tenant}/p/{programme}/c/{call}/questions/{question}/down", move_down)
}

fn call_path(access: &Access, programme: &str, call: &str) -> String {
    format!("/t/{}/p/{programme}/c/{call}", access.tenant.slug)
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ExtendForm {
    closes_at: String,
}

async fn extend_deadline(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Form(form): Form<ExtendForm>,
) -> Result<Response, AppError> {
    let result =
        service::extend_deadline(&state.pool, &state.config, &access, &programme, &call, &form.closes_at).await;
    after_post(
        result,
        &session,
        |()| Done::to(call_path(&access, &programme, &call), "notice-deadline-extended"),
        async |refused| {
            let mut page = call_view(&state, ctx, &access, &programme, &call).await?;
            page.errors = refused.errors();
            page.extend_value = form.closes_at;
            Ok(page)
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "calls/call.html")]
struct CallPage {
    ctx: PageCtx,
    programme: Programme,
    call: Call,
    status: CallStatus,
    description: SanitisedHtml,
    eligibility: SanitisedHtml,
    sections: Vec<Section>,
    can_manage: bool,
    /// The reader's organisations' entries in this call: "continue" rather than "start another".
    own_entries: Vec<TeamSubmission>,
    /// The deadline form (staff): its value and errors.
    extend_value: String,
    errors: FieldErrors,
}

impl CallPage {
    /// The one draft to continue, when there is exactly one.
    fn only_draft(&self) -> Option<&TeamSubmission> {
        let mut drafts = self.own_entries.iter().filter(|e| e.status == SubmissionStatus::Draft);
        match (drafts.next(), drafts.next()) {
            (Some(draft), None) => Some(draft),
            _ => None,
        }
    }
}

async fn call_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    programme: &str,
    call: &str,
) -> Result<CallPage, AppError> {
    let key = (access.tenant.id, programme.to_string(), call.to_string());
    // The call as the page shows it, read in `db`; None when there is no such call.
    async fn public_call(db: &mut TenantTx, programme: &str, call: &str) -> Result<Option<Arc<PublicCall>>, AppError> {
        let CallWithQuestions { programme, call, questions } =
            match service::call_with_questions(db, programme, call).await {
                Ok(found) => found,
                Err(AppError::NotFound) => return Ok(None),
                Err(other) => return Err(other),
            };
        Ok(Some(Arc::new(PublicCall {
            description: markdown::render(&call.description),
            eligibility: markdown::render(&call.eligibility),
            sections: sections(questions),
            programme,
            call,
        })))
    }
    // Signed-out readers may get it from memory; anyone signed in (staff editing it) reads fresh,
    // with their own entries in the call, in one transaction.
    let (public, own_entries) = if access.user.is_some() {
        let mut db = access.db(&state.pool).await?;
        let public = public_call(&mut db, programme, call).await?;
        let own_entries = match &public {
            Some(found) => submissions::service::own_entries_in(&mut db, access, &found.call).await?,
            None => Vec::new(),
        };
        (public, own_entries)
    } else {
        let load = async { public_call(&mut access.db(&state.pool).await?, programme, call).await };
        (state.public.call(key, load).await?, Vec::new())
    };
    let PublicCall { programme, call, sections, description, eligibility } =
        Arc::unwrap_or_clone(public.ok_or(AppError::NotFound)?);
    let ctx = ctx.default_zone(programme.time_zone.tz());
    Ok(CallPage {
        own_entries,
        status: call.status(Utc::now()),
        description,
        eligibility,
        sections,
        can_manage: access.can(Action::ManageCalls),
        extend_value: local_input_value(&call.closes_at, programme.time_zone.tz()),
        errors: FieldErrors::new(),
        ctx,
        programme,
        call,
    })
}

async fn call_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    render(&call_view(&state, ctx, &access, &programme, &call).await?)
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct CallForm {
    #[serde(flatten)]
    input: CallInput,
    version: String,
}

#[derive(Template)]
#[template(path = "calls/call_form.html")]
struct CallFormPage {
    ctx: PageCtx,
    programme: Programme,
    /// The call being edited; None when creating.
    editing: Option<String>,
    input: CallInput,
    version: i32,
    errors: FieldErrors,
    kinds: &'static [CallKind],
    conflict: bool,
}

async fn new_call_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, programme)): Path<(String, String)>,
) -> Result<Response, AppError> {
    access.authorize(Action::ManageCalls)?;
    let programme = programmes::service::programme(&mut access.db(&state.pool).await?, &programme).await?;
    let input = CallInput { kind: "challenge".into(), ..Default::default() };
    render(&CallFormPage {
        ctx,
        programme,
        editing: None,
        input,
        version: 0,
        errors: FieldErrors::new(),
        kinds: CallKind::ALL,
        conflict: false,
    })
}

async fn create_call(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, programme)): Path<(String, String)>,
    Form(form): Form<CallForm>,
) -> Result<Response, AppError> {
    let result = service::create_call(&state.pool, &access, &programme, &form.input).await;
    after_post(
        result,
        &session,
        |slug| Done::to(format!("{}/questions", call_path(&access, &programme, &slug)), "notice-call-created"),
        async |refused| {
            let programme = programmes::service::programme(&mut access.db(&state.pool).await?, &programme).await?;
            Ok(CallFormPage {
                ctx,
                programme,
                editing: None,
                input: form.input,
                version: 0,
                errors: refused.errors(),
                kinds: CallKind::ALL,
                conflict: false,
            })
        },
    )
    .await
}

fn input_of(call: &Call, programme: &Programme) -> CallInput {
    let zone = programme.time_zone.tz();
    CallInput {
        kind: call.kind.as_str().to_string(),
        slug: call.slug.clone(),
        title: call.title.clone(),
        description: call.description.clone(),
        eligibility: call.eligibility.clone(),
        opens_at: local_input_value(&call.opens_at, zone),
        closes_at: local_input_value(&call.closes_at, zone),
    }
}

async fn edit_call_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let (programme, call) =
        service::call_to_edit(&mut access.db(&state.pool).await?, &access, &programme, &call).await?;
    let input = input_of(&call, &programme);
    render(&CallFormPage {
        ctx,
        editing: Some(call.slug.clone()),
        input,
        version: call.version,
        programme,
        errors: FieldErrors::new(),
        kinds: CallKind::ALL,
        conflict: false,
    })
}

async fn update_call(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, programme_slug, call_slug)): Path<(String, String, String)>,
    Form(form): Form<CallForm>,
) -> Result<Response, AppError> {
    let version = form.version.trim().parse::<i32>().map_err(|_| AppError::BadRequest("error-version-missing"))?;
    let result = service::update_call(&state.pool, &access, &programme_slug, &call_slug, version, &form.input).await;
    after_post(
        result,
        &session,
        |slug| Done::to(call_path(&access, &programme_slug, &slug), "notice-call-saved"),
        async |refused| {
            let (programme, call) =
                service::call(&mut access.db(&state.pool).await?, &programme_slug, &call_slug).await?;
            // A stale form shows what is saved now; an invalid one what was typed.
            let (input, version) =
                if refused.is_stale() { (input_of(&call, &programme), call.version) } else { (form.input, version) };
            Ok(CallFormPage {
                ctx,
                programme,
                editing: Some(call_slug),
                input,
                version,
                errors: refused.errors(),
                kinds: CallKind::ALL,
                conflict: refused.is_stale(),
            })
        },
    )
    .await
}

/// The question form as a browser posts it: options one per line, `required` a checkbox.
#[derive(Default, Deserialize)]
#[serde(default)]
struct QuestionForm {
    section: String,
    label: String,
    help: String,
    kind: String,
    required: String,
    word_limit: String,
    options: String,
}

impl QuestionForm {
    fn input(&self) -> Result<QuestionInput, FieldErrors> {
        let word_limit = match self.word_limit.trim() {
            "" => None,
            raw => match raw.parse::<i32>() {
                Ok(limit) => Some(limit),
                Err(_) => {
                    let mut errors = FieldErrors::new();
                    errors.add("word_limit", "error-question-word-limit-invalid");
                    return Err(errors);
                }
            },
        };
        Ok(QuestionInput {
            section: self.section.clone(),
            label: self.label.clone(),
            help: self.help.clone(),
            kind: self.kind.clone(),
            required: self.required == "yes",
            word_limit,
            options: self.options.lines().map(str::to_string).collect(),
        })
    }

    fn of(question: &Question) -> Self {
        Self {
            section: question.section.clone(),
            label: question.label.clone(),
            help: question.help.clone(),
            kind: question.kind.as_str().to_string(),
            required: if question.required { "yes".into() } else { String::new() },
            word_limit: question.word_limit.map(|l| l.to_string()).unwrap_or_default(),
            options: question.options.join("\n"),
        }
    }
}

#[derive(Template)]
#[template(path = "calls/questions.html")]
struct QuestionsPage {
    ctx: PageCtx,
    programme: Programme,
    call: Call,
    questions: Vec<Question>,
    /// The question being edited, when editing one.
    editing: Option<QuestionId>,
    form: QuestionForm,
    errors: FieldErrors,
    kinds: &'static [QuestionKind],
}

/// What the questions page shows besides the list: the question being edited, and a form
/// that came back with errors.
struct QuestionEditing {
    id: Option<QuestionId>,
    form: Option<QuestionForm>,
    errors: FieldErrors,
}

impl QuestionEditing {
    fn none() -> Self {
        Self { id: None, form: None, errors: FieldErrors::new() }
    }
}

async fn questions_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    programme: &str,
    call: &str,
    editing: QuestionEditing,
) -> Result<QuestionsPage, AppError> {
    let CallWithQuestions { programme, call, questions } =
        service::questions_to_manage(&mut access.db(&state.pool).await?, access, programme, call).await?;
    let QuestionEditing { id: editing, form, errors } = editing;
    let form = match (form, editing) {
        (Some(form), _) => form,
        (None, Some(id)) => QuestionForm::of(questions.iter().find(|q| q.id == id).ok_or(AppError::NotFound)?),
        (None, None) => QuestionForm { kind: "short_text".into(), ..Default::default() },
    };
    Ok(QuestionsPage { ctx, programme, call, questions, editing, form, errors, kinds: QuestionKind::ALL })
}

async fn questions_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    render(&questions_view(&state, ctx, &access, &programme, &call, QuestionEditing::none()).await?)
}

async fn edit_question_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, programme, call, question)): Path<(String, String, String, QuestionId)>,
) -> Result<Response, AppError> {
    render(
        &questions_view(
            &state,
            ctx,
            &access,
            &programme,
            &call,
            QuestionEditing { id: Some(question), ..QuestionEditing::none() },
        )
        .await?,
    )
}

fn questions_path(access: &Access, programme: &str, call: &str) -> String {
    format!("{}/questions", call_path(access, programme, call))
}

async fn add_question(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Form(form): Form<QuestionForm>,
) -> Result<Response, AppError> {
    let result = match form.input() {
        Ok(input) => service::add_question(&state.pool, &access, &programme, &call, &input).await.map(|_| ()),
        Err(errors) => Err(AppError::Validation(errors)),
    };
    after_post(
        result,
        &session,
        |()| Done::to(questions_path(&access, &programme, &call), "notice-question-added"),
        async |refused| {
            let editing = QuestionEditing { id: None, form: Some(form), errors: refused.errors() };
            questions_view(&state, ctx, &access, &programme, &call, editing).await
        },
    )
    .await
}

async fn update_question(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, programme, call, question)): Path<(String, String, String, QuestionId)>,
    Form(form): Form<QuestionForm>,
) -> Result<Response, AppError> {
    let result = match form.input() {
        Ok(input) => service::update_question(&state.pool, &access, &programme, &call, question, &input).await,
        Err(errors) => Err(AppError::Validation(errors)),
    };
    after_post(
        result,
        &session,
        |()| Done::to(questions_path(&access, &programme, &call), "notice-question-saved"),
        async |refused| {
            let editing = QuestionEditing { id: Some(question), form: Some(form), errors: refused.errors() };
            questions_view(&state, ctx, &access, &programme, &call, editing).await
        },
    )
    .await
}

async fn delete_question(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, programme, call, question)): Path<(String, String, String, QuestionId)>,
) -> Result<Response, AppError> {
    service::delete_question(&state.pool, &access, &programme, &call, question).await?;
    redirect_with_notice(&session, &questions_path(&access, &programme, &call), "notice-question-deleted").await
}

async fn move_up(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, programme, call, question)): Path<(String, String, String, QuestionId)>,
) -> Result<Response, AppError> {
    service::move_question(&state.pool, &access, &programme, &call, question, true).await?;
    redirect_with_notice(&session, &questions_path(&access, &programme, &call), "notice-question-moved").await
}

async fn move_down(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, programme, call, question)): Path<(String, String, String, QuestionId)>,
) -> Result<Response, AppError> {
    service::move_question(&state.pool, &access, &programme, &call, question, false).await?;
    redirect_with_notice(&session, &questions_path(&access, &programme, &call), "notice-question-moved").await
}
