//! The part form, the model for every form that edits a versioned record: one read that gives the
//! page its data (`part_form`), and one save (`save_part`) that is either saved or refused with
//! everything the page needs to show again, in one unit of work with the files it carries.

use object_store::ObjectStoreExt;
use sqlx::PgPool;

use super::{Dossier, editable_dossier, load, problems_as_errors};
use crate::audit;
use crate::calls::domain::{Call, Question, QuestionKind};
use crate::db::wall::TenantTx;
use crate::error::{AppError, FieldErrors};
use crate::files::FileStore;
use crate::ids::{ProgrammeId, QuestionId, SubmissionId, ThemeId};
use crate::programmes;
use crate::programmes::domain::Theme;
use crate::submissions::attachments::{CheckedUpload, FileRef, check_upload, storage_key};
use crate::submissions::domain::{
    Answer, Change, Content, FormParts, PartEdit, SelectedChallenge, Submission, SubmissionStatus, answer_field,
    changes, check_answer, check_complete,
};
use crate::submissions::store::{self, NewAttachment};
use crate::tenancy::access::Access;
use crate::tenancy::policy::Action;

/// One part of the form as its page shows it: what is saved, or what was typed when a save was
/// refused, with everything needed to render it again.
pub struct PartForm {
    pub submission: Submission,
    pub call: Call,
    pub part: usize,
    /// The section's title; None for "about" and untitled sections (named by number).
    pub section_title: Option<String>,
    pub questions: Vec<Question>,
    /// Saved content, or what was typed over it.
    pub content: Content,
    /// The version the next save is based on.
    pub version: i32,
    /// Part 0: the themes on offer.
    pub themes: Vec<Theme>,
    /// Part 0 of a solution: the selected challenges it may offer to help.
    pub challenges: Vec<SelectedChallenge>,
    pub needs_offers: bool,
    pub errors: FieldErrors,
    /// Set when someone else saved first: what they changed since this form was opened.
    pub changes: Option<Vec<Change>>,
    /// Files sent with a refused form are not kept: the page says to choose them again.
    pub choose_files_again: bool,
    /// Only files were refused: everything else typed was saved (the form shows what is saved).
    pub others_saved: bool,
}

impl PartForm {
    /// Whether this part asks for files (its form is then sent as multipart).
    pub fn has_files(&self) -> bool {
        self.questions.iter().any(|q| q.kind == QuestionKind::File)
    }
}

/// What a browser sent for one part: its fields (`version`, `q_<id>` answers, …) and its files.
pub struct SentPart {
    pub fields: Vec<(String, String)>,
    pub files: Vec<SentFile>,
}

impl SentPart {
    fn version(&self) -> Option<i32> {
        self.fields.iter().find(|(k, _)| k == "version").and_then(|(_, v)| v.parse().ok())
    }
}

/// A file sent with a form: its field, the name the browser gave, and its bytes (cut one byte past
/// the size limit, so an oversize file is reported without being held whole).
pub struct SentFile {
    pub field: String,
    pub filename: String,
    pub bytes: bytes::Bytes,
}

/// How a save ended: saved as `version` (`needs_attention` when the part holds answers the
/// checks at submit will refuse, e.g. over a word limit: a draft keeps them, and its page says
/// why), or refused with the form to show again (422 with field errors, or 409 with what changed
/// when `changes` is set).
pub enum PartSaved {
    Saved { version: i32, needs_attention: bool },
    Refused(Box<PartForm>),
}

/// The themes and selected challenges a part offers, read once per request when needed.
#[derive(Default)]
struct Choices {
    themes: Option<Vec<Theme>>,
    challenges: Option<Vec<SelectedChallenge>>,
}

impl Choices {
    /// Every theme of the tenant, archived ones too (a submission keeps an archived theme it
    /// chose; only new choices must be live).
    async fn themes(&mut self, db: &mut TenantTx) -> Result<&[Theme], AppError> {
        if self.themes.is_none() {
            self.themes = Some(programmes::service::themes(db).await?);
        }
        Ok(self.themes.as_deref().unwrap_or_default())
    }

    async fn challenges(
        &mut self,
        db: &mut TenantTx,
        programme: ProgrammeId,
    ) -> Result<&[SelectedChallenge], AppError> {
        if self.challenges.is_none() {
            self.challenges = Some(store::selected_challenges(db, programme).await?);
        }
        Ok(self.challenges.as_deref().unwrap_or_default())
    }
}

/// The form of part `part` showing `content`, based on `version`.
async fn part_form_of(
    db: &mut TenantTx,
    dossier: Dossier,
    part: usize,
    (content, version): (Content, i32),
    choices: &mut Choices,
) -> Result<PartForm, AppError> {
    let section = dossier.form.section(part);
    let section_title = section.map(|s| s.title.clone()).filter(|t| !t.is_empty());
    let questions = section.map(|s| s.questions.clone()).unwrap_or_default();
    let needs_offers = dossier.needs_offers();
    let (themes, challenges) = if part == 0 {
        // The live themes, and any archived one this submission chose: unticked, it would be
        // dropped by the next save without anyone deciding so.
        let chosen = &content.themes;
        let themes =
            choices.themes(db).await?.iter().filter(|t| !t.archived || chosen.contains(&t.id)).cloned().collect();
        let challenges =
            if needs_offers { choices.challenges(db, dossier.call.programme_id).await?.to_vec() } else { Vec::new() };
        (themes, challenges)
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(PartForm {
        submission: dossier.submission,
        call: dossier.call,
        part,
        section_title,
        questions,
        content,
        version,
        themes,
        challenges,
        needs_offers,
        errors: FieldErrors::new(),
        changes: None,
        choose_files_again: false,
        others_saved: false,
    })
}

/// Part `part` of a submission its members can still change, as saved, with the problems the
/// checks at submit find in it at their fields: answers that cannot be accepted always, and with
/// `with_missing` (the links of "Check your answers") also those not given yet.
pub async fn part_form(
    db: &mut TenantTx,
    access: &Access,
    id: SubmissionId,
    part: usize,
    with_missing: bool,
) -> Result<PartForm, AppError> {
    let dossier = editable_dossier(db, access, id).await?;
    if !dossier.form.has(part) {
        return Err(AppError::NotFound);
    }
    let problems = dossier.form.part_problems(part, &dossier.content, dossier.needs_offers(), with_missing);
    let saved = (dossier.content.clone(), dossier.submission.version);
    let mut form = part_form_of(db, dossier, part, saved, &mut Choices::default()).await?;
    form.errors = problems_as_errors(problems);
    Ok(form)
}

/// Saves part `part` as a browser sent it, based on the version the form carried. Drafts keep
/// whatever was typed (checks run at submit); a submitted entry must stay complete. Files are
/// checked by content and size, and stored only once the save is accepted; if the save then
/// fails, they are removed again. A refusal keeps what was typed: a stale save shows what the
/// others changed since, and nothing is overwritten.
pub async fn save_part(
    pool: &PgPool,
    files: &FileStore,
    access: &Access,
    id: SubmissionId,
    part: usize,
    sent: SentPart,
) -> Result<PartSaved, AppError> {
    let mut tx = access.db(pool).await?;
    let dossier = load(&mut tx, access, id, Action::EditSubmission, true).await?;
    if !dossier.is_editable() {
        return Err(AppError::Conflict("error-submission-closed"));
    }
    let version = sent.version().ok_or(AppError::BadRequest("error-version-missing"))?;
    if !dossier.form.has(part) {
        return Err(AppError::NotFound);
    }
    let had_files = !sent.files.is_empty();
    let (uploads, file_errors) = check_uploads(&dossier.form, part, sent.files)?;
    let needs_offers = dossier.needs_offers();
    // What the form shows if the save is refused: the typed text, without the files (not kept)
    // and without NUL characters (a page cannot show them; their field says they were there).
    let shown: Vec<(String, String)> = sent.fields.iter().map(|(k, v)| (k.clone(), v.replace('\0', ""))).collect();
    let typed = PartEdit::from_form(&dossier.form, part, &shown, &[], needs_offers);
    let mut choices = Choices::default();
    // A refused file leaves its answer as it was; everything else typed is saved with the
    // accepted files (a bad file used to lose the whole part's typing).
    let uploaded: Vec<(QuestionId, FileRef)> = uploads.iter().map(|(q, u)| (*q, u.file.clone())).collect();
    let edit = PartEdit::from_form(&dossier.form, part, &sent.fields, &uploaded, needs_offers);
    let outcome = accept_edit(&mut tx, &dossier, version, &edit, &uploaded, &mut choices).await;
    let (errors, changes, shown) = match outcome {
        Ok(next) if file_errors.is_empty() => {
            let needs_attention = !dossier.form.part_problems(part, &next, needs_offers, false).is_empty();
            let version = write(tx, files, access, &dossier, next, uploads).await?;
            return Ok(PartSaved::Saved { version, needs_attention });
        }
        // Only the files were wrong, and nothing else changed: nothing to save.
        Ok(next) if next == dossier.content => {
            let saved = (dossier.content.clone(), dossier.submission.version);
            (file_errors, None, saved)
        }
        Ok(next) => {
            let version = write(tx, files, access, &dossier, next.clone(), uploads).await?;
            let mut tx = access.db(pool).await?;
            let mut form = part_form_of(&mut tx, dossier, part, (next, version), &mut choices).await?;
            form.errors = file_errors;
            form.choose_files_again = true;
            form.others_saved = true;
            return Ok(PartSaved::Refused(Box::new(form)));
        }
        Err(AppError::Validation(mut errors)) => {
            errors.0.extend(file_errors.0);
            (errors, None, (typed.apply(&dossier.content), version))
        }
        Err(AppError::Stale(_)) => {
            // Someone saved in between: what they changed since this form was opened, and the
            // form based on the current version with what this person typed.
            let base = store::version_content(&mut tx, id, version).await?.unwrap_or_default();
            let names = super::choice_names(&mut tx, &[&base, &dossier.content]).await?;
            let changes = changes(&dossier.form, &base, &dossier.content, &names);
            (FieldErrors::new(), Some(changes), (typed.apply(&dossier.content), dossier.submission.version))
        }
        Err(other) => return Err(other),
    };
    let mut form = part_form_of(&mut tx, dossier, part, shown, &mut choices).await?;
    form.errors = errors;
    form.changes = changes;
    form.choose_files_again = had_files;
    Ok(PartSaved::Refused(Box::new(form)))
}

/// Saves an edit of any fields sent through the API, based on `version`: the same checks as a
/// part's form, refused as `AppError::Validation` (422) or `AppError::Stale` (409). Answers to
/// questions the call does not ask are a 400. Files are uploaded through the form only.
pub async fn update(
    pool: &PgPool,
    files: &FileStore,
    access: &Access,
    id: SubmissionId,
    version: i32,
    edit: PartEdit,
) -> Result<(), AppError> {
    let mut tx = access.db(pool).await?;
    let dossier = load(&mut tx, access, id, Action::EditSubmission, true).await?;
    if edit.answers.iter().any(|(question, _)| dossier.form.question(*question).is_none()) {
        return Err(AppError::BadRequest("error-answer-unknown-question"));
    }
    if !dossier.is_editable() {
        return Err(AppError::Conflict("error-submission-closed"));
    }
    let next = accept_edit(&mut tx, &dossier, version, &edit, &[], &mut Choices::default()).await?;
    write(tx, files, access, &dossier, next, Vec::new()).await?;
    Ok(())
}

/// Uploads `file` as the answer to the file question `question`, based on `version`: the JSON
/// API's twin of a part's file field, with the same checks (content, size, the deadline, the
/// version) and the same storage. Other answers are left as they are.
///
/// Errors: 403 for anyone but a member, 404 for a question the call does not ask, 400 for one
/// that is not a file question, 409 when closed or stale, 422 for a file that is not accepted
/// (its problem names `q_<question id>`).
pub async fn attach_file(
    pool: &PgPool,
    files: &FileStore,
    access: &Access,
    id: SubmissionId,
    version: i32,
    question: QuestionId,
    file: (String, bytes::Bytes),
) -> Result<(), AppError> {
    let mut tx = access.db(pool).await?;
    let dossier = load(&mut tx, access, id, Action::EditSubmission, true).await?;
    let asked = dossier.form.question(question).ok_or(AppError::NotFound)?;
    if asked.kind != QuestionKind::File {
        return Err(AppError::BadRequest("error-answer-file-unexpected"));
    }
    if !dossier.is_editable() {
        return Err(AppError::Conflict("error-submission-closed"));
    }
    let field = answer_field(question);
    let part = dossier.form.part_of(&field);
    let (filename, bytes) = file;
    let (uploads, file_errors) = check_uploads(&dossier.form, part, vec![SentFile { field, filename, bytes }])?;
    file_errors.into_result()?;
    let uploaded: Vec<(QuestionId, FileRef)> = uploads.iter().map(|(q, u)| (*q, u.file.clone())).collect();
    let edit = PartEdit {
        answers: uploaded.iter().map(|(q, f)| (*q, Answer::File(f.clone()))).collect(),
        ..PartEdit::default()
    };
    let next = accept_edit(&mut tx, &dossier, version, &edit, &uploaded, &mut Choices::default()).await?;
    write(tx, files, access, &dossier, next, uploads).await?;
    Ok(())
}

/// The files sent with part `part`, checked against its file questions: those accepted, and the
/// field errors of the others. A file for a field the part does not ask is a 400.
fn check_uploads(
    form: &FormParts,
    part: usize,
    sent: Vec<SentFile>,
) -> Result<(Vec<(QuestionId, CheckedUpload)>, FieldErrors), AppError> {
    let file_questions: Vec<&Question> = form
        .section(part)
        .map(|s| s.questions.iter().filter(|q| q.kind == QuestionKind::File).collect())
        .unwrap_or_default();
    let mut errors = FieldErrors::new();
    let mut uploads = Vec::new();
    for SentFile { field, filename, bytes } in sent {
        let question = file_questions
            .iter()
            .find(|q| answer_field(q.id) == field)
            .ok_or(AppError::BadRequest("error-answer-unknown-question"))?;
        match check_upload(&filename, bytes) {
            Ok(upload) => uploads.push((question.id, upload)),
            Err(code) => errors.add_with(&field, code, &[("question", question.label.clone())]),
        }
    }
    Ok((uploads, errors))
}

/// Checks `edit` against the dossier, in order: the version it was based on, the choices it
/// names, its files, then completeness once submitted (a draft only refuses impossible choices).
/// Returns the content to save.
async fn accept_edit(
    db: &mut TenantTx,
    dossier: &Dossier,
    version: i32,
    edit: &PartEdit,
    uploaded: &[(QuestionId, FileRef)],
    choices: &mut Choices,
) -> Result<Content, AppError> {
    if dossier.submission.version != version {
        return Err(AppError::Stale("error-stale-submission"));
    }
    check_storable(edit)?;
    check_choices(db, dossier, edit, choices).await?;
    check_files(dossier, edit, uploaded)?;
    let next = edit.apply(&dossier.content);
    if dossier.status() == SubmissionStatus::Submitted {
        let questions: Vec<Question> = dossier.form.questions().cloned().collect();
        problems_as_errors(check_complete(&next, &questions, dossier.needs_offers())).into_result()?;
    } else {
        // Even a draft refuses answers that are impossible rather than unfinished.
        let mut errors = FieldErrors::new();
        for (question_id, answer) in &edit.answers {
            if let Some(question) = dossier.form.question(*question_id)
                && question.kind.is_closed_set()
                && !answer.is_blank()
                && let Err(code) = check_answer(question, answer)
            {
                errors.add_with(&answer_field(*question_id), code, &[("question", question.label.clone())]);
            }
        }
        errors.into_result()?;
    }
    Ok(next)
}

/// Writes an accepted edit as the next version: the files to the object store first, then the
/// content, their attachment rows and the audit row, committed together. If the database refuses,
/// the files are removed again. Returns the new version.
async fn write(
    mut tx: TenantTx,
    files: &FileStore,
    access: &Access,
    dossier: &Dossier,
    next: Content,
    uploads: Vec<(QuestionId, CheckedUpload)>,
) -> Result<i32, AppError> {
    let user = access.user()?;
    let id = dossier.submission.id;
    let stored = store_uploads(files, access, id, uploads).await?;
    let written = async {
        let _tenant_id = access.tenant_id();
        let version = dossier.submission.version;
        let new_version = store::save_content(&mut tx, id, version, dossier.status(), &next, user.id).await?;
        for upload in &stored {
            let attachment = NewAttachment {
                question_id: upload.question_id,
                file: &upload.file,
                sha256: &upload.sha256,
                storage_key: upload.key.as_ref(),
                uploaded_by: user.id,
            };
            store::insert_attachment(&mut tx, id, attachment).await?;
        }
        let details = serde_json::json!({ "version": new_version });
        audit::record(&mut tx, access.audit("submission.saved", "submission", id).details(details)).await?;
        tx.commit().await?;
        Ok::<_, AppError>(new_version)
    }
    .await;
    if written.is_err() {
        discard_uploads(files, &stored).await;
    }
    written
}

/// An upload whose bytes are in the file store, waiting for the save that names it to commit.
struct StoredUpload {
    question_id: QuestionId,
    file: FileRef,
    sha256: String,
    key: object_store::path::Path,
}

/// Puts checked uploads into the file store; on a failure, what was put is removed again.
async fn store_uploads(
    files: &FileStore,
    access: &Access,
    id: SubmissionId,
    uploads: Vec<(QuestionId, CheckedUpload)>,
) -> Result<Vec<StoredUpload>, AppError> {
    let mut stored = Vec::with_capacity(uploads.len());
    for (question_id, upload) in uploads {
        let key = storage_key(access.tenant_id(), id, upload.file.attachment_id);
        if let Err(error) = files.put(&key, upload.bytes.into()).await {
            discard_uploads(files, &stored).await;
            return Err(AppError::Internal(anyhow::anyhow!("storing an attachment failed: {error}")));
        }
        stored.push(StoredUpload { question_id, file: upload.file, sha256: upload.sha256, key });
    }
    Ok(stored)
}

/// Best effort: a leftover file is harmless (nothing names it), so failures are only logged.
async fn discard_uploads(files: &FileStore, uploads: &[StoredUpload]) {
    for upload in uploads {
        if let Err(error) = files.delete(&upload.key).await {
            tracing::warn!(key = %upload.key, error = %error, "could not remove an unused upload");
        }
    }
}

/// A file answer is either removed, kept as it is, or one uploaded with this very edit: a file
/// reference typed into a form or sent through the API cannot point at someone else's file.
fn check_files(dossier: &Dossier, edit: &PartEdit, uploaded: &[(QuestionId, FileRef)]) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    for (question_id, answer) in &edit.answers {
        let Some(question) = dossier.form.question(*question_id) else { continue };
        let is_file_question = question.kind == QuestionKind::File;
        let problem = match answer {
            _ if answer.is_blank() => None,
            Answer::File(file) if is_file_question => {
                let uploaded_now = uploaded.iter().any(|(q, f)| q == question_id && f == file);
                let unchanged = dossier.content.answers.get(question_id) == Some(answer);
                (!uploaded_now && !unchanged).then_some("error-answer-file-invalid")
            }
            Answer::File(_) => Some("error-answer-file-unexpected"),
            _ if is_file_question => Some("error-answer-file-invalid"),
            _ => None,
        };
        if let Some(code) = problem {
            errors.add_with(&answer_field(*question_id), code, &[("question", question.label.clone())]);
        }
    }
    errors.into_result()
}

/// PostgreSQL cannot hold a NUL character in text: refused at its field, draft or not (it was a
/// 400 for the whole form before, naming no field).
fn check_storable(edit: &PartEdit) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    let has_nul = |text: &Option<String>| text.as_deref().is_some_and(|t| t.contains('\0'));
    if has_nul(&edit.title) {
        errors.add("title", "error-text-control-characters");
    }
    if has_nul(&edit.summary) {
        errors.add("summary", "error-text-control-characters");
    }
    for (question, answer) in &edit.answers {
        if answer.text().contains('\0') {
            errors.add(&answer_field(*question), "error-text-control-characters");
        }
    }
    errors.into_result()
}

/// Themes must be the tenant's live ones; offers must be selected challenges of the programme.
async fn check_choices(
    db: &mut TenantTx,
    dossier: &Dossier,
    edit: &PartEdit,
    choices: &mut Choices,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    if let Some(themes) = &edit.themes {
        let known = choices.themes(db).await?;
        let allowed =
            |id: &ThemeId| known.iter().any(|t| t.id == *id && (!t.archived || dossier.content.themes.contains(id)));
        if !themes.iter().all(allowed) {
            errors.add("themes", "error-submission-theme-invalid");
        }
    }
    if let Some(offers) = &edit.offers {
        let selected = choices.challenges(db, dossier.call.programme_id).await?;
        if !dossier.needs_offers() || offers.iter().any(|o| !selected.iter().any(|c| c.id == *o)) {
            errors.add("offers", "error-submission-offer-invalid");
        }
    }
    errors.into_result()
}
