//! Submission pages: starting an application, the task list, each part of the form, checking
//! and submitting, withdrawing, the history of versions, and the staff list of a call.

use askama::Template;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use tower_sessions::Session;

use super::attachments::{FileRef, MAX_ATTACHMENT_BYTES, check_upload};
use super::domain::{Answer, Content, SubmissionStatus, check_complete};
use super::service::{self, Change, DiffKind, Loaded, PartEdit};
use super::store::{self, ListFilter, ListSort, SelectedChallenge, Submission, VersionRow};
use crate::app::AppState;
use crate::calls::domain::{Call, Question, QuestionKind, Section, sections};
use crate::calls::store as call_store;
use crate::ids::{AttachmentId, OrganisationId, QuestionId, SubmissionId, ThemeId};
use crate::programmes::domain::Programme;
use crate::programmes::store::{self as programme_store, Theme};
use crate::tenancy::domain::Organisation;
use crate::tenancy::policy::{Action, Target, authorize};
use crate::tenancy::store as tenancy_store;
use crate::web::extract::{Form, Path, Query, TenantAccess};
use crate::web::page::{PageCtx, redirect_with_notice, render, render_with_status};
use crate::web::pagination::{PAGE_SIZE, split_page};
use crate::web::{AppError, FieldErrors};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/t/{tenant}/submissions/{id}/attachments/{attachment}", get(download))
        .route("/t/{tenant}/p/{programme}/c/{call}/apply", get(apply_page).post(start))
        .route("/t/{tenant}/p/{programme}/c/{call}/submissions", get(list_page))
        .route("/t/{tenant}/p/{programme}/c/{call}/submissions.csv", get(export_csv))
        .route("/t/{tenant}/submissions/{id}", get(task_list))
        .route("/t/{tenant}/submissions/{id}/parts/{part}", get(part_page).post(save_part))
        .route("/t/{tenant}/submissions/{id}/review", get(review_page).post(submit))
        .route("/t/{tenant}/submissions/{id}/withdraw", post(withdraw))
        .route("/t/{tenant}/submissions/{id}/history", get(history_page))
        .route("/t/{tenant}/submissions/{id}/history/{version}", get(version_page))
        .route("/t/{tenant}/submissions/{id}/select", post(select))
        .route("/t/{tenant}/submissions/{id}/unselect", post(unselect))
}

async fn call_of(
    state: &AppState,
    access: &TenantAccess,
    programme: &str,
    call: &str,
) -> Result<(Programme, Call), AppError> {
    let mut conn = state.pool.acquire().await?;
    call_store::programme_and_call(&mut conn, access.tenant.id, programme, call).await?.ok_or(AppError::NotFound)
}

fn submission_path(access: &TenantAccess, id: SubmissionId) -> String {
    format!("/t/{}/submissions/{id}", access.tenant.slug)
}

#[derive(Template)]
#[template(path = "submissions/apply.html")]
struct ApplyPage {
    ctx: PageCtx,
    programme: Programme,
    call: Call,
    organisations: Vec<Organisation>,
    open: bool,
    errors: FieldErrors,
}

async fn apply_view(
    state: &AppState,
    ctx: PageCtx,
    access: &TenantAccess,
    programme: &str,
    call: &str,
    errors: FieldErrors,
) -> Result<ApplyPage, AppError> {
    let user = access.user()?;
    let (programme, call) = call_of(state, access, programme, call).await?;
    let mut conn = state.pool.acquire().await?;
    let organisations = tenancy_store::organisations_of(&mut conn, access.tenant.id, user.id).await?;
    let open = call.status(chrono::Utc::now()).is_open();
    Ok(ApplyPage { ctx, programme, call, organisations, open, errors })
}

async fn apply_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Path((_, programme, call)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    render(&apply_view(&state, ctx, &access, &programme, &call, FieldErrors::new()).await?)
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct StartForm {
    organisation: String,
}

async fn start(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: TenantAccess,
    Path((_, programme, call)): Path<(String, String, String)>,
    Form(form): Form<StartForm>,
) -> Result<Response, AppError> {
    let Ok(organisation) = form.organisation.parse::<OrganisationId>() else {
        let mut errors = FieldErrors::new();
        errors.add("organisation", "error-submission-organisation-missing");
        let page = apply_view(&state, ctx, &access, &programme, &call, errors).await?;
        return render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let (_, call) = call_of(&state, &access, &programme, &call).await?;
    let id = service::start(&state.pool, &access, &call, organisation).await?;
    redirect_with_notice(&session, &submission_path(&access, id), "notice-submission-started").await
}

/// Routes that take file uploads, so they get their own, larger body limit.
pub fn upload_router() -> Router<AppState> {
    Router::new().route("/t/{tenant}/submissions/{id}/parts/{part}/files", post(save_part_with_files))
}

/// A part of the task list: 0 is "about", then one per section of questions.
pub struct Part {
    pub number: usize,
    pub title: String,
    pub state: PartState,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PartState {
    NotStarted,
    Incomplete,
    Completed,
}

impl PartState {
    pub fn label_key(self) -> &'static str {
        match self {
            PartState::NotStarted => "task-not-started",
            PartState::Incomplete => "task-incomplete",
            PartState::Completed => "task-completed",
        }
    }
}

fn parts(ctx: &PageCtx, loaded: &Loaded) -> Vec<Part> {
    let problems = check_complete(&loaded.content, &loaded.questions, loaded.needs_offers());
    let has_problem = |field: &str| problems.iter().any(|p| p.field == field);
    let about_fields = ["title", "summary", "offers"];
    let about_started = !loaded.content.title.is_empty() || !loaded.content.summary.is_empty();
    let mut parts = vec![Part {
        number: 0,
        title: ctx.t("part-about"),
        state: match (about_started, about_fields.iter().any(|f| has_problem(f))) {
            (false, _) => PartState::NotStarted,
            (true, true) => PartState::Incomplete,
            (true, false) => PartState::Completed,
        },
    }];
    for (index, section) in sections(loaded.questions.clone()).into_iter().enumerate() {
        let fields: Vec<String> = section.questions.iter().map(|q| format!("q_{}", q.id)).collect();
        let started = section.questions.iter().any(|q| loaded.content.answers.contains_key(&q.id));
        let complete = !fields.iter().any(|f| has_problem(f));
        let state = match (started, complete) {
            (_, true) if started || section.questions.iter().all(|q| !q.required) => PartState::Completed,
            (false, _) => PartState::NotStarted,
            _ => PartState::Incomplete,
        };
        let title = if section.title.is_empty() {
            ctx.t1("part-numbered", "number", &(index + 1).to_string())
        } else {
            section.title.clone()
        };
        parts.push(Part { number: index + 1, title, state });
    }
    parts
}

#[derive(Template)]
#[template(path = "submissions/task_list.html")]
struct TaskListPage {
    ctx: PageCtx,
    loaded: Loaded,
    /// The questions grouped as the form shows them (for the read-only view).
    sections: Vec<Section>,
    parts: Vec<Part>,
    editable: bool,
    can_edit: bool,
    can_select: bool,
    completed: usize,
}

async fn task_list(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<Response, AppError> {
    let loaded = service::load(&state.pool, &access, id).await?;
    let parts = parts(&ctx, &loaded);
    let can_edit = crate::tenancy::policy::allows(
        &access.actor,
        Action::EditSubmission,
        Target::Organisation(access.tenant.id, loaded.submission.organisation_id),
    );
    let can_select =
        crate::tenancy::policy::allows(&access.actor, Action::ListSubmissions, Target::Tenant(access.tenant.id));
    let completed = parts.iter().filter(|p| p.state == PartState::Completed).count();
    let sections = sections(loaded.questions.clone());
    render(&TaskListPage {
        editable: can_edit && loaded.is_editable(),
        ctx,
        sections,
        parts,
        can_edit,
        can_select,
        completed,
        loaded,
    })
}

/// The form of one part as typed: `q_<id>` answers (repeated for multiple choice), themes and
/// offers repeated, everything else once. A file question's answer changes only when a file came
/// with the form (`uploads`) or its "remove" box (`q_<id>_remove`) was ticked.
fn edit_from_form(
    loaded: &Loaded,
    part: usize,
    pairs: &[(String, String)],
    uploads: &[(QuestionId, FileRef)],
) -> PartEdit {
    let first = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let all = |name: &str| pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect::<Vec<_>>();
    if part == 0 {
        return PartEdit {
            title: Some(first("title")),
            summary: Some(first("summary")),
            themes: Some(all("themes").iter().filter_map(|t| t.parse::<ThemeId>().ok()).collect()),
            offers: loaded
                .needs_offers()
                .then(|| all("offers").iter().filter_map(|o| o.parse::<SubmissionId>().ok()).collect()),
            ..Default::default()
        };
    }
    let section = sections(loaded.questions.clone()).into_iter().nth(part - 1);
    let answers = section
        .map(|section| {
            section
                .questions
                .iter()
                .filter_map(|q| {
                    let name = format!("q_{}", q.id);
                    let answer = match q.kind() {
                        QuestionKind::MultipleChoice => Answer::Many(all(&name)),
                        QuestionKind::File => match uploads.iter().find(|(id, _)| *id == q.id) {
                            Some((_, file)) => Answer::File(file.clone()),
                            None if first(&format!("{name}_remove")) == "yes" => Answer::One(String::new()),
                            None => return None,
                        },
                        _ => Answer::One(first(&name)),
                    };
                    Some((q.id, answer))
                })
                .collect()
        })
        .unwrap_or_default();
    PartEdit { answers, ..Default::default() }
}

#[derive(Template)]
#[template(path = "submissions/part.html")]
struct PartPage {
    ctx: PageCtx,
    submission: Submission,
    call: Call,
    part: usize,
    part_title: String,
    /// What the form shows: saved content, or what was typed when saving failed.
    content: Content,
    version: i32,
    questions: Vec<Question>,
    themes: Vec<Theme>,
    challenges: Vec<SelectedChallenge>,
    needs_offers: bool,
    errors: FieldErrors,
    /// Set when someone else saved first: what they changed.
    changes: Option<Vec<Change>>,
    /// Files sent with a refused form are not kept: say so.
    choose_files_again: bool,
    /// Whether this part asks for files (the form is then sent as multipart).
    has_files: bool,
}

impl PartPage {
    fn answer(&self, question: &QuestionId) -> String {
        self.content.answers.get(question).map(Answer::text).unwrap_or_default()
    }
    fn chose(&self, question: &QuestionId, option: &str) -> bool {
        self.content.answers.get(question).is_some_and(|a| a.contains(option))
    }
    fn has_theme(&self, theme: &ThemeId) -> bool {
        self.content.themes.contains(theme)
    }
    fn offers_to(&self, challenge: &SubmissionId) -> bool {
        self.content.offers.contains(challenge)
    }
    fn file(&self, question: &QuestionId) -> Option<&FileRef> {
        self.content.answers.get(question).and_then(Answer::file)
    }
    fn words(&self, question: &QuestionId) -> usize {
        crate::calls::domain::word_count(&self.answer(question))
    }
}

/// `typed`: what the person typed and the version it is now based on, when the form comes back.
async fn part_view(
    state: &AppState,
    ctx: PageCtx,
    access: &TenantAccess,
    loaded: Loaded,
    part: usize,
    typed: Option<(Content, i32)>,
    errors: FieldErrors,
) -> Result<PartPage, AppError> {
    let all_sections: Vec<Section> = sections(loaded.questions.clone());
    let (part_title, questions) = if part == 0 {
        (ctx.t("part-about"), Vec::new())
    } else {
        let section = all_sections.into_iter().nth(part - 1).ok_or(AppError::NotFound)?;
        let title =
            if section.title.is_empty() { ctx.t1("part-numbered", "number", &part.to_string()) } else { section.title };
        (title, section.questions)
    };
    let mut conn = state.pool.acquire().await?;
    let themes =
        programme_store::themes(&mut conn, access.tenant.id).await?.into_iter().filter(|t| !t.archived).collect();
    let challenges = if loaded.needs_offers() && part == 0 {
        let programme_id = call_store::programme_of_call(&mut conn, access.tenant.id, loaded.call.id).await?;
        store::selected_challenges(&mut conn, access.tenant.id, programme_id).await?
    } else {
        Vec::new()
    };
    Ok(PartPage {
        needs_offers: loaded.needs_offers(),
        version: typed.as_ref().map(|(_, v)| *v).unwrap_or(loaded.submission.version),
        content: typed.map(|(c, _)| c).unwrap_or(loaded.content),
        submission: loaded.submission,
        call: loaded.call,
        part,
        part_title,
        themes,
        challenges,
        has_files: questions.iter().any(|q| q.kind() == QuestionKind::File),
        errors,
        changes: None,
        choose_files_again: false,
        ctx,
        questions,
    })
}

async fn editable(state: &AppState, access: &TenantAccess, id: SubmissionId) -> Result<Loaded, AppError> {
    let loaded = service::load(&state.pool, access, id).await?;
    authorize(
        &access.actor,
        Action::EditSubmission,
        Target::Organisation(access.tenant.id, loaded.submission.organisation_id),
    )?;
    if !loaded.is_editable() {
        return Err(AppError::Conflict("error-submission-closed"));
    }
    Ok(loaded)
}

async fn part_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Path((_, id, part)): Path<(String, SubmissionId, usize)>,
) -> Result<Response, AppError> {
    let loaded = editable(&state, &access, id).await?;
    render(&part_view(&state, ctx, &access, loaded, part, None, FieldErrors::new()).await?)
}

async fn save_part(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: TenantAccess,
    Path((_, id, part)): Path<(String, SubmissionId, usize)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let loaded = editable(&state, &access, id).await?;
    save_part_form(&state, ctx, &session, &access, loaded, part, pairs, Vec::new()).await
}

/// The same form sent as `multipart/form-data` because its part asks for files.
async fn save_part_with_files(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: TenantAccess,
    Path((_, id, part)): Path<(String, SubmissionId, usize)>,
    request: Request,
) -> Result<Response, AppError> {
    let loaded = editable(&state, &access, id).await?;
    let form = read_multipart(request).await?;
    save_part_form(&state, ctx, &session, &access, loaded, part, form.pairs, form.files).await
}

/// A multipart form: its text fields, and its files as (field, file name, bytes). A file larger
/// than the limit is cut at one byte over it, so the check reports it without holding it all.
struct MultipartForm {
    pairs: Vec<(String, String)>,
    files: Vec<(String, String, bytes::Bytes)>,
}

async fn read_multipart(request: Request) -> Result<MultipartForm, AppError> {
    use axum::extract::FromRequest;
    let bad = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge
        } else {
            AppError::BadRequest("error-form-multipart")
        }
    };
    let mut multipart = axum::extract::Multipart::from_request(request, &())
        .await
        .map_err(|_| AppError::BadRequest("error-form-multipart"))?;
    let mut form = MultipartForm { pairs: Vec::new(), files: Vec::new() };
    while let Some(mut field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        let Some(filename) = field.file_name().map(str::to_string) else {
            form.pairs.push((name, field.text().await.map_err(bad)?));
            continue;
        };
        let mut buffer = bytes::BytesMut::new();
        while let Some(chunk) = field.chunk().await.map_err(bad)? {
            let room = (MAX_ATTACHMENT_BYTES + 1).saturating_sub(buffer.len());
            buffer.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        // Browsers send an empty, nameless part for a file input left empty.
        if !(filename.is_empty() && buffer.is_empty()) {
            form.files.push((name, filename, buffer.freeze()));
        }
    }
    Ok(form)
}

/// Checks the files against this part's file questions, stores them, then saves the part. Anything
/// refused leaves no file behind and keeps what was typed on the page; files sent with a refused
/// form must be chosen again (browsers cannot refill a file input).
#[allow(clippy::too_many_arguments)]
async fn save_part_form(
    state: &AppState,
    ctx: PageCtx,
    session: &Session,
    access: &TenantAccess,
    loaded: Loaded,
    part: usize,
    pairs: Vec<(String, String)>,
    files: Vec<(String, String, bytes::Bytes)>,
) -> Result<Response, AppError> {
    let id = loaded.submission.id;
    let version = pairs
        .iter()
        .find(|(k, _)| k == "version")
        .and_then(|(_, v)| v.parse::<i32>().ok())
        .ok_or(AppError::BadRequest("error-version-missing"))?;
    let all_sections = sections(loaded.questions.clone());
    if part > all_sections.len() {
        return Err(AppError::NotFound);
    }
    let file_questions: Vec<&Question> = part
        .checked_sub(1)
        .map(|index| all_sections[index].questions.iter().filter(|q| q.kind() == QuestionKind::File).collect())
        .unwrap_or_default();
    let had_files = !files.is_empty();
    let mut file_errors = FieldErrors::new();
    let mut uploads = Vec::new();
    for (field, filename, bytes) in files {
        let question = file_questions
            .iter()
            .find(|q| format!("q_{}", q.id) == field)
            .ok_or(AppError::BadRequest("error-answer-unknown-question"))?;
        match check_upload(&filename, bytes) {
            Ok(upload) => uploads.push((question.id, upload)),
            Err(code) => file_errors.add_with(&field, code, &[("question", question.label.clone())]),
        }
    }
    // What to show if the save is refused: the typed text, without the files (not kept).
    let typed_edit = edit_from_form(&loaded, part, &pairs, &[]);
    let result = if file_errors.is_empty() {
        let refs: Vec<(QuestionId, FileRef)> = uploads.iter().map(|(q, u)| (*q, u.file.clone())).collect();
        let mut edit = edit_from_form(&loaded, part, &pairs, &refs);
        edit.uploads = service::store_uploads(&state.files, access, id, uploads).await?;
        let saved = service::save_part(&state.pool, access, id, version, &edit).await;
        if saved.is_err() {
            service::discard_uploads(&state.files, &edit.uploads).await;
        }
        saved
    } else {
        Err(AppError::Validation(file_errors))
    };
    match result {
        Ok(_) => redirect_with_notice(session, &submission_path(access, id), "notice-submission-saved").await,
        Err(AppError::Validation(errors)) => {
            let typed = typed_edit.apply(&loaded.content);
            let mut page = part_view(state, ctx, access, loaded, part, Some((typed, version)), errors).await?;
            page.choose_files_again = had_files;
            render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(AppError::Conflict("error-stale-submission")) => {
            // Someone saved in between: show what they changed since this form was opened,
            // keep what this person typed, and base the form on the current version.
            let mut conn = state.pool.acquire().await?;
            let base = store::version_content(&mut conn, access.tenant.id, id, version).await?.unwrap_or_default();
            drop(conn);
            let current = loaded.content.clone();
            let changes = service::changes(ctx.reader.lang, &loaded.questions, &base, &current);
            let current_version = loaded.submission.version;
            let typed = typed_edit.apply(&current);
            let mut page =
                part_view(state, ctx, access, loaded, part, Some((typed, current_version)), FieldErrors::new()).await?;
            page.changes = Some(changes);
            page.choose_files_again = had_files;
            render_with_status(StatusCode::CONFLICT, &page)
        }
        Err(other) => Err(other),
    }
}

async fn download(
    State(state): State<AppState>,
    access: TenantAccess,
    Path((_, id, attachment)): Path<(String, SubmissionId, AttachmentId)>,
) -> Result<service::Download, AppError> {
    service::download(&state, &access, id, attachment).await
}

/// Always a download, never shown inline (`Content-Disposition: attachment`, so a browser never
/// renders an upload in the site's origin): the type found at upload, the name as RFC 6266 asks,
/// and nothing kept by caches between people.
impl IntoResponse for service::Download {
    fn into_response(self) -> Response {
        (
            [
                (header::CONTENT_TYPE, self.content_type),
                (header::CONTENT_DISPOSITION, super::attachments::content_disposition(&self.filename)),
                (header::CONTENT_LENGTH, self.size_bytes.to_string()),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            axum::body::Body::from_stream(self.bytes),
        )
            .into_response()
    }
}

#[derive(Template)]
#[template(path = "submissions/review.html")]
struct ReviewPage {
    ctx: PageCtx,
    loaded: Loaded,
    sections: Vec<Section>,
    errors: FieldErrors,
    /// Which part each field lives in, for the error summary's links.
    field_parts: Vec<(String, usize)>,
}

impl ReviewPage {
    fn answer(&self, question: &QuestionId) -> String {
        self.loaded.content.answers.get(question).map(Answer::text).unwrap_or_default()
    }
    fn file(&self, question: &QuestionId) -> Option<&FileRef> {
        self.loaded.content.answers.get(question).and_then(Answer::file)
    }
    fn part_of(&self, field: &str) -> usize {
        self.field_parts.iter().find(|(f, _)| f == field).map(|(_, p)| *p).unwrap_or(0)
    }
}

fn review_view(ctx: PageCtx, loaded: Loaded, errors: FieldErrors) -> ReviewPage {
    let sections = sections(loaded.questions.clone());
    let field_parts = sections
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.questions.iter().map(move |q| (format!("q_{}", q.id), i + 1)))
        .collect();
    ReviewPage { ctx, loaded, sections, errors, field_parts }
}

async fn review_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<Response, AppError> {
    let loaded = editable(&state, &access, id).await?;
    render(&review_view(ctx, loaded, FieldErrors::new()))
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct VersionForm {
    version: String,
}

impl VersionForm {
    fn version(&self) -> Result<i32, AppError> {
        self.version.trim().parse().map_err(|_| AppError::BadRequest("error-version-missing"))
    }
}

async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: TenantAccess,
    Path((_, id)): Path<(String, SubmissionId)>,
    Form(form): Form<VersionForm>,
) -> Result<Response, AppError> {
    match service::submit(&state.pool, &state.config, &access, id, form.version()?).await {
        Ok(()) => redirect_with_notice(&session, &submission_path(&access, id), "notice-submission-submitted").await,
        Err(AppError::Validation(errors)) => {
            let loaded = service::load(&state.pool, &access, id).await?;
            render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &review_view(ctx, loaded, errors))
        }
        Err(other) => Err(other),
    }
}

async fn withdraw(
    State(state): State<AppState>,
    session: Session,
    access: TenantAccess,
    Path((_, id)): Path<(String, SubmissionId)>,
    Form(form): Form<VersionForm>,
) -> Result<Response, AppError> {
    service::withdraw(&state.pool, &access, id, form.version()?).await?;
    redirect_with_notice(&session, &submission_path(&access, id), "notice-submission-withdrawn").await
}

#[derive(Template)]
#[template(path = "submissions/history.html")]
struct HistoryPage {
    ctx: PageCtx,
    submission: Submission,
    versions: Vec<VersionRow>,
}

async fn history_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<Response, AppError> {
    let loaded = service::load(&state.pool, &access, id).await?;
    let mut conn = state.pool.acquire().await?;
    let versions = store::versions(&mut conn, access.tenant.id, id).await?;
    render(&HistoryPage { ctx, submission: loaded.submission, versions })
}

#[derive(Template)]
#[template(path = "submissions/version.html")]
struct VersionPage {
    ctx: PageCtx,
    submission: Submission,
    version: i32,
    changes: Vec<Change>,
}

async fn version_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Path((_, id, version)): Path<(String, SubmissionId, i32)>,
) -> Result<Response, AppError> {
    let loaded = service::load(&state.pool, &access, id).await?;
    let mut conn = state.pool.acquire().await?;
    let after = store::version_content(&mut conn, access.tenant.id, id, version).await?.ok_or(AppError::NotFound)?;
    let before = store::version_content(&mut conn, access.tenant.id, id, version - 1).await?.unwrap_or_default();
    let changes = service::changes(ctx.reader.lang, &loaded.questions, &before, &after);
    render(&VersionPage { ctx, submission: loaded.submission, version, changes })
}

async fn select(
    State(state): State<AppState>,
    session: Session,
    access: TenantAccess,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<Response, AppError> {
    service::set_selected(&state.pool, &access, id, true).await?;
    redirect_with_notice(&session, &submission_path(&access, id), "notice-submission-selected").await
}

async fn unselect(
    State(state): State<AppState>,
    session: Session,
    access: TenantAccess,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<Response, AppError> {
    service::set_selected(&state.pool, &access, id, false).await?;
    redirect_with_notice(&session, &submission_path(&access, id), "notice-submission-unselected").await
}

#[derive(Template)]
#[template(path = "submissions/list.html")]
struct ListPage {
    ctx: PageCtx,
    programme: Programme,
    call: Call,
    counts: Vec<(String, i64)>,
    submissions: Vec<Submission>,
    next: Option<String>,
    filter: ListFilter,
    themes: Vec<Theme>,
    statuses: [SubmissionStatus; 3],
    sorts: [ListSort; 4],
}

impl ListPage {
    /// The query string for the next page: the same filters, a new cursor.
    fn next_query(&self, next: &str) -> String {
        let f = &self.filter;
        let pairs = [
            ("status", &f.status),
            ("country", &f.country),
            ("continent", &f.continent),
            ("level", &f.level),
            ("theme", &f.theme),
            ("q", &f.q),
        ];
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in pairs {
            if !value.is_empty() {
                query.append_pair(name, value);
            }
        }
        if f.sort != ListSort::default() {
            query.append_pair("sort", f.sort.as_str());
        }
        query.append_pair("after", next);
        query.finish()
    }
    fn total(&self) -> i64 {
        self.counts.iter().map(|(_, n)| n).sum()
    }
}

async fn list_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Path((_, programme, call)): Path<(String, String, String)>,
    Query(filter): Query<ListFilter>,
) -> Result<Response, AppError> {
    authorize(&access.actor, Action::ListSubmissions, Target::Tenant(access.tenant.id))?;
    let (programme, call) = call_of(&state, &access, &programme, &call).await?;
    let mut conn = state.pool.acquire().await?;
    let counts = store::counts_by_status(&mut conn, access.tenant.id, call.id).await?;
    let rows =
        store::list_for_call(&mut conn, access.tenant.id, store::CallKey::Id(call.id), &filter, PAGE_SIZE + 1).await?;
    let (submissions, next) = split_page(rows, PAGE_SIZE, |s| filter.sort.cursor_after(s));
    let themes = programme_store::themes(&mut conn, access.tenant.id).await?;
    render(&ListPage {
        ctx,
        programme,
        call,
        counts,
        submissions,
        next,
        filter,
        themes,
        statuses: SubmissionStatus::ALL,
        sorts: ListSort::ALL,
    })
}

/// Template helper: CSS class of a diff segment.
pub fn diff_class(kind: &DiffKind) -> &'static str {
    match kind {
        DiffKind::Same => "",
        DiffKind::Added => "ss-diff-added",
        DiffKind::Removed => "ss-diff-removed",
    }
}

async fn export_csv(
    State(state): State<AppState>,
    access: TenantAccess,
    Path((_, programme, call)): Path<(String, String, String)>,
    Query(filter): Query<ListFilter>,
) -> Result<Response, AppError> {
    authorize(&access.actor, Action::ListSubmissions, Target::Tenant(access.tenant.id))?;
    let (_, call) = call_of(&state, &access, &programme, &call).await?;
    let mut conn = state.pool.acquire().await?;
    let questions = call_store::questions(&mut conn, access.tenant.id, call.id).await?;
    drop(conn);
    let filename = format!("{}-{}.csv", programme, call.slug);
    let body = super::export::stream_csv(state.pool.clone(), access.tenant.id, call, questions, filter);
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response())
}
