//! Verb functions for submissions: start, save a part, submit, withdraw, and what changed.

use chrono::Utc;
use object_store::ObjectStoreExt;
use sqlx::{PgConnection, PgPool};

use super::attachments::{CheckedUpload, FileRef, storage_key};
use super::domain::{Answer, Content, SubmissionStatus, check_answer, check_complete};
use super::store::{self, Submission};
use crate::app::AppState;
use crate::audit;
use crate::calls::domain::{Call, CallKind, Question, QuestionKind, sections};
use crate::calls::store as call_store;
use crate::config::Config;
use crate::files::FileStore;
use crate::i18n::Lang;
use crate::ids::{AttachmentId, OrganisationId, QuestionId, SubmissionId, ThemeId};
use crate::notify::{Email, emails, enqueue};
use crate::tenancy::policy::{Action, Target, authorize};
use crate::web::extract::TenantAccess;
use crate::web::{AppError, FieldErrors};

/// A submission with everything its pages need.
pub struct Loaded {
    pub submission: Submission,
    pub call: Call,
    pub questions: Vec<Question>,
    pub content: Content,
}

impl Loaded {
    pub fn status(&self) -> SubmissionStatus {
        SubmissionStatus::parse(&self.submission.status).unwrap_or(SubmissionStatus::Draft)
    }
    /// Open for changes: editable state and the call still open, by the server's clock.
    pub fn is_editable(&self) -> bool {
        self.status().is_editable() && self.call.status(Utc::now()).is_open()
    }
    pub fn needs_offers(&self) -> bool {
        self.call.kind() == CallKind::Solution
    }
}

/// Loads a submission the person may read.
pub async fn load(pool: &PgPool, access: &TenantAccess, id: SubmissionId) -> Result<Loaded, AppError> {
    let mut conn = pool.acquire().await?;
    load_in(&mut conn, access, id, Action::ViewSubmission).await
}

async fn load_in(
    conn: &mut PgConnection,
    access: &TenantAccess,
    id: SubmissionId,
    action: Action,
) -> Result<Loaded, AppError> {
    let tenant_id = access.tenant.id;
    let submission = store::submission(conn, tenant_id, id).await?.ok_or(AppError::NotFound)?;
    authorize(&access.actor, action, Target::Organisation(tenant_id, submission.organisation_id))?;
    let call = call_store::call_by_id(conn, tenant_id, submission.call_id).await?.ok_or(AppError::NotFound)?;
    let questions = call_store::questions(conn, tenant_id, call.id).await?;
    let content = store::content(conn, tenant_id, id).await?;
    Ok(Loaded { submission, call, questions, content })
}

/// A team starts a draft for one of its organisations while the call is open.
pub async fn start(
    pool: &PgPool,
    access: &TenantAccess,
    call: &Call,
    organisation_id: OrganisationId,
) -> Result<SubmissionId, AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::EditSubmission, Target::Organisation(tenant_id, organisation_id))?;
    let user = access.user()?;
    if !call.status(Utc::now()).is_open() {
        return Err(AppError::Conflict("error-call-not-open"));
    }
    let id = SubmissionId::new();
    let mut tx = pool.begin().await?;
    store::insert_submission(&mut tx, tenant_id, id, call.id, organisation_id, user.id).await?;
    // The empty draft is version 1, so the history starts where the team started.
    store::save_content(&mut tx, tenant_id, id, 0, SubmissionStatus::Draft.as_str(), &Content::default(), user.id)
        .await?;
    audit::record(
        &mut tx,
        audit::Entry::new("submission.started", "submission", id)
            .tenant(tenant_id)
            .actor(user.id)
            .details(serde_json::json!({ "call": call.id, "organisation": organisation_id })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// One part of the form as typed: the "about" part, or the answers of one section.
#[derive(Clone, Debug, Default)]
pub struct PartEdit {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub themes: Option<Vec<ThemeId>>,
    pub offers: Option<Vec<SubmissionId>>,
    /// Answers for these questions replace the saved ones (blank removes).
    pub answers: Vec<(crate::ids::QuestionId, Answer)>,
    /// Files uploaded with this edit, already in the file store; their answers are in `answers`.
    pub uploads: Vec<StoredUpload>,
}

/// An upload whose bytes are in the file store, waiting for the edit that names it to commit.
#[derive(Clone, Debug)]
pub struct StoredUpload {
    pub question_id: QuestionId,
    pub file: FileRef,
    pub sha256: String,
    pub key: object_store::path::Path,
}

/// Puts checked uploads into the file store, before the transaction that records them. If that
/// transaction fails, `discard_uploads` removes them again.
pub async fn store_uploads(
    files: &FileStore,
    access: &TenantAccess,
    id: SubmissionId,
    uploads: Vec<(QuestionId, CheckedUpload)>,
) -> Result<Vec<StoredUpload>, AppError> {
    let mut stored = Vec::with_capacity(uploads.len());
    for (question_id, upload) in uploads {
        let key = storage_key(access.tenant.id, id, upload.file.attachment_id);
        if let Err(error) = files.put(&key, upload.bytes.into()).await {
            discard_uploads(files, &stored).await;
            return Err(AppError::Internal(anyhow::anyhow!("storing an attachment failed: {error}")));
        }
        stored.push(StoredUpload { question_id, file: upload.file, sha256: upload.sha256, key });
    }
    Ok(stored)
}

/// An attachment's stored bytes, with what a response needs to say about them. The routes turn
/// it into the HTTP response (`IntoResponse` in `routes.rs`).
pub struct Download {
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub bytes: futures_util::stream::BoxStream<'static, object_store::Result<bytes::Bytes>>,
}

/// An attachment of a submission, for anyone who may read the submission; both ids must match.
pub async fn download(
    state: &AppState,
    access: &TenantAccess,
    id: SubmissionId,
    attachment_id: AttachmentId,
) -> Result<Download, AppError> {
    let tenant_id = access.tenant.id;
    let mut conn = state.pool.acquire().await?;
    let submission = store::submission(&mut conn, tenant_id, id).await?.ok_or(AppError::NotFound)?;
    authorize(&access.actor, Action::ViewSubmission, Target::Organisation(tenant_id, submission.organisation_id))?;
    let row = store::attachment(&mut conn, tenant_id, id, attachment_id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    let object = state
        .files
        .get(&object_store::path::Path::from(row.storage_key.as_str()))
        .await
        .map_err(|error| AppError::Internal(anyhow::anyhow!("reading an attachment failed: {error}")))?;
    Ok(Download {
        filename: row.filename,
        content_type: row.content_type,
        size_bytes: row.size_bytes,
        bytes: object.into_stream(),
    })
}

/// Best effort: a leftover file is harmless (nothing names it), so failures are only logged.
pub async fn discard_uploads(files: &FileStore, uploads: &[StoredUpload]) {
    for upload in uploads {
        if let Err(error) = files.delete(&upload.key).await {
            tracing::warn!(key = %upload.key, error = %error, "could not remove an unused upload");
        }
    }
}

impl PartEdit {
    pub fn apply(&self, content: &Content) -> Content {
        let mut next = content.clone();
        if let Some(title) = &self.title {
            next.title = title.trim().to_string();
        }
        if let Some(summary) = &self.summary {
            next.summary = summary.trim().to_string();
        }
        if let Some(themes) = &self.themes {
            next.themes = themes.clone();
            next.themes.sort();
            next.themes.dedup();
        }
        if let Some(offers) = &self.offers {
            next.offers = offers.clone();
            next.offers.sort();
            next.offers.dedup();
        }
        for (question, answer) in &self.answers {
            if answer.is_blank() {
                next.answers.remove(question);
            } else {
                next.answers.insert(*question, answer.clone());
            }
        }
        next
    }
}

/// The problems of `content` as field errors.
fn problems_as_errors(problems: Vec<super::domain::Problem>) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for problem in problems {
        errors.add_with(&problem.field, problem.code, &problem.args);
    }
    errors
}

/// Saves one part of the form, based on `version`. Drafts keep whatever was typed (checks run at
/// submit); a submitted entry must stay complete. A stale version is refused: nothing is lost,
/// the caller shows what changed.
pub async fn save_part(
    pool: &PgPool,
    access: &TenantAccess,
    id: SubmissionId,
    version: i32,
    edit: &PartEdit,
) -> Result<i32, AppError> {
    let tenant_id = access.tenant.id;
    let user = access.user()?;
    let mut tx = pool.begin().await?;
    let loaded = load_in(&mut tx, access, id, Action::EditSubmission).await?;
    let (current_version, _) = store::lock(&mut tx, tenant_id, id).await?.ok_or(AppError::NotFound)?;
    if !loaded.is_editable() {
        return Err(AppError::Conflict("error-submission-closed"));
    }
    if current_version != version {
        return Err(AppError::Conflict("error-stale-submission"));
    }
    check_choices(&mut tx, access, &loaded, edit).await?;
    check_files(&loaded, edit)?;
    let next = edit.apply(&loaded.content);
    if loaded.status() == SubmissionStatus::Submitted {
        let problems = check_complete(&next, &loaded.questions, loaded.needs_offers());
        if !problems.is_empty() {
            return Err(AppError::Validation(problems_as_errors(problems)));
        }
    } else {
        // Even a draft refuses answers that are impossible rather than unfinished.
        let mut errors = FieldErrors::new();
        for (question_id, answer) in &edit.answers {
            if let Some(question) = loaded.questions.iter().find(|q| q.id == *question_id)
                && question.kind().has_options()
                && !answer.is_blank()
                && let Err(code) = check_answer(question, answer)
            {
                errors.add_with(&format!("q_{question_id}"), code, &[("question", question.label.clone())]);
            }
        }
        errors.into_result()?;
    }
    let new_version =
        store::save_content(&mut tx, tenant_id, id, version, loaded.status().as_str(), &next, user.id).await?;
    for upload in &edit.uploads {
        store::insert_attachment(
            &mut tx,
            tenant_id,
            id,
            upload.question_id,
            &upload.file,
            &upload.sha256,
            upload.key.as_ref(),
            user.id,
        )
        .await?;
    }
    audit::record(
        &mut tx,
        audit::Entry::new("submission.saved", "submission", id)
            .tenant(tenant_id)
            .actor(user.id)
            .details(serde_json::json!({ "version": new_version })),
    )
    .await?;
    tx.commit().await?;
    Ok(new_version)
}

/// A file answer is either removed, kept as it is, or one uploaded with this very edit: a file
/// reference typed into a form or sent through the API cannot point at someone else's file.
fn check_files(loaded: &Loaded, edit: &PartEdit) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    for (question_id, answer) in &edit.answers {
        let Some(question) = loaded.questions.iter().find(|q| q.id == *question_id) else { continue };
        let is_file_question = question.kind() == QuestionKind::File;
        let problem = match answer {
            _ if answer.is_blank() => None,
            Answer::File(file) if is_file_question => {
                let uploaded_now = edit.uploads.iter().any(|u| u.question_id == *question_id && u.file == *file);
                let unchanged = loaded.content.answers.get(question_id) == Some(answer);
                (!uploaded_now && !unchanged).then_some("error-answer-file-invalid")
            }
            Answer::File(_) => Some("error-answer-file-unexpected"),
            _ if is_file_question => Some("error-answer-file-invalid"),
            _ => None,
        };
        if let Some(code) = problem {
            errors.add_with(&format!("q_{question_id}"), code, &[("question", question.label.clone())]);
        }
    }
    errors.into_result()
}

/// Themes must be the tenant's live ones; offers must be selected challenges of the programme.
async fn check_choices(
    conn: &mut PgConnection,
    access: &TenantAccess,
    loaded: &Loaded,
    edit: &PartEdit,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    if let Some(themes) = &edit.themes {
        let live: Vec<ThemeId> = crate::programmes::store::themes(conn, access.tenant.id)
            .await?
            .into_iter()
            .filter(|t| !t.archived)
            .map(|t| t.id)
            .collect();
        if themes.iter().any(|t| !live.contains(t)) {
            errors.add("themes", "error-submission-theme-invalid");
        }
    }
    if let Some(offers) = &edit.offers {
        let programme_id = call_store::programme_of_call(conn, access.tenant.id, loaded.call.id).await?;
        let selected: Vec<SubmissionId> =
            store::selected_challenges(conn, access.tenant.id, programme_id).await?.into_iter().map(|c| c.id).collect();
        if !loaded.needs_offers() || offers.iter().any(|o| !selected.contains(o)) {
            errors.add("offers", "error-submission-offer-invalid");
        }
    }
    errors.into_result()
}

/// Submits a complete draft before the deadline and writes the receipt email.
pub async fn submit(
    pool: &PgPool,
    config: &Config,
    access: &TenantAccess,
    id: SubmissionId,
    version: i32,
) -> Result<(), AppError> {
    let tenant_id = access.tenant.id;
    let user = access.user()?;
    let mut tx = pool.begin().await?;
    let loaded = load_in(&mut tx, access, id, Action::EditSubmission).await?;
    let (current_version, _) = store::lock(&mut tx, tenant_id, id).await?.ok_or(AppError::NotFound)?;
    if !loaded.call.status(Utc::now()).is_open() {
        return Err(AppError::Conflict("error-submission-closed"));
    }
    if !loaded.status().can_become(SubmissionStatus::Submitted) {
        return Err(AppError::Conflict("error-submission-not-draft"));
    }
    if current_version != version {
        return Err(AppError::Conflict("error-stale-submission"));
    }
    let problems = check_complete(&loaded.content, &loaded.questions, loaded.needs_offers());
    if !problems.is_empty() {
        return Err(AppError::Validation(problems_as_errors(problems)));
    }
    store::save_content(
        &mut tx,
        tenant_id,
        id,
        version,
        SubmissionStatus::Submitted.as_str(),
        &loaded.content,
        user.id,
    )
    .await?;
    let receipt = receipt(
        user.lang,
        &user.email,
        &user.display_name,
        &loaded,
        &config.link(&format!("/t/{}/submissions/{id}", access.tenant.slug)),
    );
    enqueue(&mut tx, Some(tenant_id), receipt).await?;
    audit::record(
        &mut tx,
        audit::Entry::new("submission.submitted", "submission", id).tenant(tenant_id).actor(user.id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The receipt: what was received, with a copy of every answer.
fn receipt(lang: Lang, to: &str, name: &str, loaded: &Loaded, link: &str) -> Email {
    let mut copy = String::new();
    copy.push_str(&format!(
        "{}\n{}\n\n{}\n{}\n",
        lang.t("field-submission-title"),
        loaded.content.title,
        lang.t("field-submission-summary"),
        loaded.content.summary
    ));
    for section in sections(loaded.questions.clone()) {
        if !section.title.is_empty() {
            copy.push_str(&format!("\n== {} ==\n", section.title));
        }
        for question in section.questions {
            let answer =
                loaded.content.answers.get(&question.id).map(Answer::text).unwrap_or_else(|| lang.t("answer-none"));
            copy.push_str(&format!("\n{}\n{}\n", question.label, answer));
        }
    }
    emails::receipt(lang, to, name, &loaded.call.title, &loaded.content.title, link, &copy)
}

/// Withdraws a submitted entry before the deadline.
pub async fn withdraw(pool: &PgPool, access: &TenantAccess, id: SubmissionId, version: i32) -> Result<(), AppError> {
    let tenant_id = access.tenant.id;
    let user = access.user()?;
    let mut tx = pool.begin().await?;
    let loaded = load_in(&mut tx, access, id, Action::EditSubmission).await?;
    let (current_version, _) = store::lock(&mut tx, tenant_id, id).await?.ok_or(AppError::NotFound)?;
    if !loaded.call.status(Utc::now()).is_open() {
        return Err(AppError::Conflict("error-submission-closed"));
    }
    if !loaded.status().can_become(SubmissionStatus::Withdrawn) {
        return Err(AppError::Conflict("error-submission-not-submitted"));
    }
    if current_version != version {
        return Err(AppError::Conflict("error-stale-submission"));
    }
    store::save_content(
        &mut tx,
        tenant_id,
        id,
        version,
        SubmissionStatus::Withdrawn.as_str(),
        &loaded.content,
        user.id,
    )
    .await?;
    audit::record(
        &mut tx,
        audit::Entry::new("submission.withdrawn", "submission", id).tenant(tenant_id).actor(user.id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Until selection rounds exist, staff mark submitted challenges as selected.
pub async fn set_selected(
    pool: &PgPool,
    access: &TenantAccess,
    id: SubmissionId,
    selected: bool,
) -> Result<(), AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::ListSubmissions, Target::Tenant(tenant_id))?;
    let mut tx = pool.begin().await?;
    let submission = store::submission(&mut tx, tenant_id, id).await?.ok_or(AppError::NotFound)?;
    let call = call_store::call_by_id(&mut tx, tenant_id, submission.call_id).await?.ok_or(AppError::NotFound)?;
    if call.kind() != CallKind::Challenge {
        return Err(AppError::Conflict("error-select-not-challenge"));
    }
    if !store::set_selected(&mut tx, tenant_id, id, selected).await? {
        return Err(AppError::Conflict("error-select-not-submitted"));
    }
    let action = if selected { "submission.selected" } else { "submission.unselected" };
    audit::record(&mut tx, audit::Entry::new(action, "submission", id).tenant(tenant_id).actor(access.actor.user_id))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// One field that differs between two versions, with a word-level difference.
pub struct Change {
    pub label: String,
    pub before: String,
    pub after: String,
    pub segments: Vec<(DiffKind, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffKind {
    Same,
    Added,
    Removed,
}

/// Word-level difference, with neighbouring pieces of the same kind joined.
fn word_diff(before: &str, after: &str) -> Vec<(DiffKind, String)> {
    let mut segments: Vec<(DiffKind, String)> = Vec::new();
    for change in similar::TextDiff::from_words(before, after).iter_all_changes() {
        let kind = match change.tag() {
            similar::ChangeTag::Equal => DiffKind::Same,
            similar::ChangeTag::Insert => DiffKind::Added,
            similar::ChangeTag::Delete => DiffKind::Removed,
        };
        match segments.last_mut() {
            Some((last, text)) if *last == kind => text.push_str(change.value()),
            _ => segments.push((kind, change.value().to_string())),
        }
    }
    segments
}

/// The fields that differ between `before` and `after`, in form order.
pub fn changes(lang: Lang, questions: &[Question], before: &Content, after: &Content) -> Vec<Change> {
    let mut fields = vec![
        (lang.t("field-submission-title"), before.title.clone(), after.title.clone()),
        (lang.t("field-submission-summary"), before.summary.clone(), after.summary.clone()),
    ];
    for question in questions {
        let text = |c: &Content| c.answers.get(&question.id).map(Answer::text).unwrap_or_default();
        fields.push((question.label.clone(), text(before), text(after)));
    }
    let mut changes: Vec<Change> = fields
        .into_iter()
        .filter(|(_, b, a)| b != a)
        .map(|(label, before, after)| Change { segments: word_diff(&before, &after), label, before, after })
        .collect();
    if before.themes != after.themes {
        changes.push(Change {
            label: lang.t("field-submission-themes"),
            before: String::new(),
            after: String::new(),
            segments: vec![(DiffKind::Same, lang.t("history-themes-changed"))],
        });
    }
    if before.offers != after.offers {
        changes.push(Change {
            label: lang.t("field-submission-offers"),
            before: String::new(),
            after: String::new(),
            segments: vec![(DiffKind::Same, lang.t("history-offers-changed"))],
        });
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_diff_marks_what_was_added_and_removed() {
        let diff = word_diff("digital by default", "digital by default without leaving anyone behind");
        assert!(diff.iter().any(|(k, t)| *k == DiffKind::Added && t.contains("leaving")));
        assert!(diff.iter().all(|(k, _)| *k != DiffKind::Removed));
    }

    #[test]
    fn a_part_edit_changes_only_its_own_fields() {
        let mut content = Content { title: "Old".into(), summary: "Kept".into(), ..Default::default() };
        let question = crate::ids::QuestionId::new();
        content.answers.insert(question, Answer::One("answer".into()));
        let edit = PartEdit {
            title: Some(" New ".into()),
            answers: vec![(question, Answer::One("  ".into()))],
            ..Default::default()
        };
        let next = edit.apply(&content);
        assert_eq!(next.title, "New");
        assert_eq!(next.summary, "Kept");
        assert!(next.answers.is_empty(), "a blank answer removes the saved one");
    }
}
