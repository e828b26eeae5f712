//! One part of the form: its page, and saving it (URL-encoded, or multipart when the part asks
//! for files). The service does the work; these handlers parse and render.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use tower_sessions::Session;

use super::submission_path;
use crate::calls::domain::{Call, Question, QuestionKind};
use crate::error::{AppError, FieldErrors};
use crate::ids::{QuestionId, SubmissionId, ThemeId};
use crate::programmes::domain::Theme;
use crate::state::AppState;
use crate::submissions::attachments::{FileRef, MAX_ATTACHMENT_BYTES};
use crate::submissions::domain::{Answer, Change, Content, DiffKind, SUMMARY_MAX_WORDS, SelectedChallenge, Submission};
use crate::submissions::service::{self, PartForm, PartSaved, SentFile, SentPart};
use crate::tenancy::access::Access;
use crate::web::extract::{Form, MultipartForm, Path, Query};
use crate::web::page::{PageCtx, redirect_with_notice, render, render_with_status};

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
    /// Only files were refused: the rest was saved.
    others_saved: bool,
    /// Whether this part asks for files (the form is then sent as multipart).
    has_files: bool,
    /// The summary's word limit.
    summary_limit: usize,
    /// The form shows typing that is not saved (a refused save): leaving warns at once.
    unsaved: bool,
    /// Opened from "Check your answers": saving (and the back link) go back there.
    from_review: bool,
}

impl PartPage {
    fn new(ctx: PageCtx, form: PartForm, unsaved: bool, from_review: bool) -> Self {
        let part_title = match (form.part, &form.section_title) {
            (0, _) => ctx.t("part-about"),
            (_, Some(title)) => title.clone(),
            (number, None) => ctx.t1("part-numbered", "number", &number.to_string()),
        };
        let has_files = form.has_files();
        let PartForm {
            submission,
            call,
            part,
            questions,
            content,
            version,
            themes,
            challenges,
            needs_offers,
            errors,
            changes,
            choose_files_again,
            others_saved,
            ..
        } = form;
        Self {
            ctx,
            submission,
            call,
            part,
            part_title,
            content,
            version,
            questions,
            themes,
            challenges,
            needs_offers,
            errors,
            changes,
            choose_files_again,
            others_saved,
            has_files,
            summary_limit: SUMMARY_MAX_WORDS,
            unsaved,
            from_review,
        }
    }
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
    /// Whether a date question's answer can sit in a date field: empty, or a date. A draft keeps
    /// whatever was typed, and a date field's value must be a date (else it is a text field).
    /// Web addresses are text fields with the URL keyboard for the same reason.
    fn holds_date(&self, question: &QuestionId) -> bool {
        let answer = self.answer(question);
        answer.is_empty() || chrono::NaiveDate::parse_from_str(answer.trim(), "%Y-%m-%d").is_ok()
    }
    /// The name of a changed field, in the reader's language.
    fn change_label(&self, change: &Change) -> String {
        change_label(&self.ctx, change)
    }
}

/// The name of a changed field in the reader's language (a question by its label), and for a set
/// (themes, offers) the note that it changed.
pub(super) fn change_label(ctx: &PageCtx, change: &Change) -> String {
    use crate::submissions::domain::Changed;
    match &change.field {
        Changed::Answer(label) => label.clone(),
        field => field.label_key().map(|key| ctx.t(key)).unwrap_or_default(),
    }
}

/// `?check` (the error links of "Check your answers"): also mark the answers not given yet;
/// `?return=review` (its links): saving goes back to "Check your answers".
#[derive(Default, serde::Deserialize)]
pub(super) struct PartQuery {
    check: Option<String>,
    #[serde(rename = "return")]
    return_to: Option<String>,
}

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id, part)): Path<(String, SubmissionId, usize)>,
    Query(query): Query<PartQuery>,
) -> Result<Response, AppError> {
    let with_missing = query.check.is_some();
    let form = service::part_form(&mut access.db(&state.pool).await?, &access, id, part, with_missing).await?;
    let from_review = query.return_to.as_deref() == Some(RETURN_TO_REVIEW);
    render(&PartPage::new(ctx, form, false, from_review))
}

pub(super) async fn save(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, id, part)): Path<(String, SubmissionId, usize)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    saved(&state, ctx, &session, &access, id, part, SentPart { fields, files: Vec::new() }).await
}

/// The value of `return` (query) and `return_to` (form) that leads back to "Check your answers".
const RETURN_TO_REVIEW: &str = "review";

/// `GET …/parts/{part}/files`: the address of a page shown after a refused upload. The part's own
/// page, for whoever reloads or bookmarks it.
pub(super) async fn files_address(Path((tenant, id, part)): Path<(String, SubmissionId, usize)>) -> Response {
    use axum::response::IntoResponse;
    axum::response::Redirect::to(&format!("/t/{tenant}/submissions/{id}/parts/{part}")).into_response()
}

/// The same form sent as `multipart/form-data` because its part asks for files.
pub(super) async fn save_with_files(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, id, part)): Path<(String, SubmissionId, usize)>,
    request: Request,
) -> Result<Response, AppError> {
    // Who may save is checked before the body is read: a refused request never streams its files.
    service::authorize_edit(&mut access.db(&state.pool).await?, &access, id).await?;
    let form = MultipartForm::read(request, MAX_ATTACHMENT_BYTES).await?;
    let files = form.files.into_iter().map(|(field, filename, bytes)| SentFile { field, filename, bytes }).collect();
    saved(&state, ctx, &session, &access, id, part, SentPart { fields: form.pairs, files }).await
}

/// Saves, then goes back to the task list, or shows the form again: 422 with its errors, 409 with
/// what someone else changed.
async fn saved(
    state: &AppState,
    ctx: PageCtx,
    session: &Session,
    access: &Access,
    id: SubmissionId,
    part: usize,
    sent: SentPart,
) -> Result<Response, AppError> {
    let from_review = sent.fields.iter().any(|(k, v)| k == "return_to" && v == RETURN_TO_REVIEW);
    match service::save_part(&state.pool, &state.files, access, id, part, sent).await? {
        PartSaved::Saved { needs_attention: false, .. } if from_review => {
            let review = format!("{}/review", submission_path(access, id));
            redirect_with_notice(session, &review, "notice-submission-saved").await
        }
        PartSaved::Saved { needs_attention: false, .. } => {
            redirect_with_notice(session, &submission_path(access, id), "notice-submission-saved").await
        }
        // Saved, but an answer will be refused at submit: back to the part, which marks it.
        PartSaved::Saved { needs_attention: true, .. } => {
            let back = if from_review { "?return=review" } else { "" };
            let part_page = format!("{}/parts/{part}{back}", submission_path(access, id));
            redirect_with_notice(session, &part_page, "notice-submission-saved-needs-attention").await
        }
        PartSaved::Refused(form) => {
            let status = if form.changes.is_some() { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
            let unsaved = !form.others_saved;
            render_with_status(status, &PartPage::new(ctx, *form, unsaved, from_review))
        }
    }
}
