//! Submissions' service: the reads every submission page needs, each checking the policy (here),
//! and the verbs, each one unit of work: the policy, the row lock, the checks, the files, the
//! write, the audit row and the emails (`parts.rs`: the part form and its saves, the model for
//! every form that edits a versioned record; `lifecycle.rs`: start, submit, withdraw, select).

mod lifecycle;
mod parts;

use std::collections::HashMap;

use chrono::Utc;
use object_store::ObjectStoreExt;
use sqlx::PgPool;

pub use lifecycle::{record_selection, reopen, start, submit, withdraw};
pub use parts::{PartForm, PartSaved, SentFile, SentPart, attach_file, part_form, save_part, update};

use super::domain::{
    Change, ChoiceNames, Content, FormParts, ListedSubmission, OfferedChallenge, Problem, SelectedChallenge,
    Submission, SubmissionStatus, TeamSubmission, Version, changes,
};
use super::export::{ExportFormat, ExportOf};
use super::list::ListFilter;
use super::store::{self, CallKey};
use crate::calls::domain::{Call, CallKind};
use crate::db::cursor::{PAGE_SIZE, Page};
use crate::db::wall::TenantTx;
use crate::error::{AppError, FieldErrors};
use crate::files::FileStore;
use crate::ids::{AttachmentId, SubmissionId};
use crate::programmes::domain::{Programme, Theme};
use crate::tenancy::access::Access;
use crate::tenancy::domain::Organisation;
use crate::tenancy::policy::{self, Action, ReviewStanding};
use crate::{calls, programmes, tenancy};

/// A submission with everything its pages need: its row, its call, the call's form in parts, and
/// the current content.
pub struct Dossier {
    pub submission: Submission,
    pub call: Call,
    pub form: FormParts,
    pub content: Content,
}

impl Dossier {
    pub fn status(&self) -> SubmissionStatus {
        self.submission.status
    }
    /// Open for changes: editable state and the call still open, by the server's clock.
    pub fn is_editable(&self) -> bool {
        self.status().is_editable() && self.call.status(Utc::now()).is_open()
    }
    /// Solutions name the challenges they offer to help.
    pub fn needs_offers(&self) -> bool {
        self.call.kind == CallKind::Solution
    }
}

/// Loads a submission for `action`, which the person must be allowed on its organisation. With
/// `lock`, the row stays locked until the caller's transaction ends.
async fn load(
    db: &mut TenantTx,
    access: &Access,
    id: SubmissionId,
    action: Action,
    lock: bool,
) -> Result<Dossier, AppError> {
    let (submission, content) = store::with_content(db, id, lock).await?.ok_or(AppError::NotFound)?;
    access.authorize_for(action, submission.organisation_id)?;
    let call = calls::service::call_by_id(db, submission.call_id).await?;
    let questions = calls::service::questions(db, call.id).await?;
    Ok(Dossier { submission, call, form: FormParts::new(questions), content })
}

/// A submission, for its organisation's members and the tenant's staff.
pub async fn dossier(db: &mut TenantTx, access: &Access, id: SubmissionId) -> Result<Dossier, AppError> {
    load(db, access, id, Action::ViewSubmission, false).await
}

/// A submission's row without its content (title, organisation, status), for those who may read
/// it.
pub async fn summary(db: &mut TenantTx, access: &Access, id: SubmissionId) -> Result<Submission, AppError> {
    let submission = store::submission(db, id).await?.ok_or(AppError::NotFound)?;
    access.authorize_for(Action::ViewSubmission, submission.organisation_id)?;
    Ok(submission)
}

/// A submission for one of its reviewers, by what the selection service read of them and the
/// entry (`standing`); the policy decides (`policy::may_review`), and a refusal is 403 whether
/// or not the entry exists. The dossier holds the organisation: a blind round's pages leave it
/// out themselves (`selection::service::EntryForReview`).
pub async fn dossier_for_review(
    db: &mut TenantTx,
    access: &Access,
    id: SubmissionId,
    standing: ReviewStanding,
) -> Result<Dossier, AppError> {
    policy::authorize_review(&access.actor, standing)?;
    let (submission, content) = store::with_content(db, id, false).await?.ok_or(AppError::Forbidden)?;
    let call = calls::service::call_by_id(db, submission.call_id).await?;
    let questions = calls::service::questions(db, call.id).await?;
    Ok(Dossier { submission, call, form: FormParts::new(questions), content })
}

/// Whether the person may change this submission at all, checked before a large request body is
/// read; the save checks everything again under its lock.
pub async fn authorize_edit(db: &mut TenantTx, access: &Access, id: SubmissionId) -> Result<(), AppError> {
    let submission = store::submission(db, id).await?.ok_or(AppError::NotFound)?;
    access.authorize_for(Action::EditSubmission, submission.organisation_id)
}

/// A submission its organisation's members can still change (409 once it cannot).
pub async fn editable_dossier(db: &mut TenantTx, access: &Access, id: SubmissionId) -> Result<Dossier, AppError> {
    let dossier = dossier(db, access, id).await?;
    access.authorize_for(Action::EditSubmission, dossier.submission.organisation_id)?;
    if !dossier.is_editable() {
        return Err(AppError::Conflict("error-submission-closed"));
    }
    Ok(dossier)
}

/// Every saved version of a submission, newest first, for those who may read it.
pub async fn history(
    db: &mut TenantTx,
    access: &Access,
    id: SubmissionId,
) -> Result<(Submission, Vec<Version>), AppError> {
    let dossier = load(db, access, id, Action::ViewSubmission, false).await?;
    let versions = store::versions(db, id).await?;
    Ok((dossier.submission, versions))
}

/// What version `version` changed from the one before it; 404 for a version that was never saved.
pub struct VersionChanges {
    pub submission: Submission,
    pub changes: Vec<Change>,
    /// The status before and after, when this version moved it (submitted, withdrawn, reopened).
    pub moved: Option<(SubmissionStatus, SubmissionStatus)>,
}

/// What version `version` changed from the one before it, its answers and its status; 404 for a
/// version that was never saved.
pub async fn version_changes(
    db: &mut TenantTx,
    access: &Access,
    id: SubmissionId,
    version: i32,
) -> Result<VersionChanges, AppError> {
    let dossier = load(db, access, id, Action::ViewSubmission, false).await?;
    let _tenant_id = access.tenant_id();
    let after = store::version_content(db, id, version).await?.ok_or(AppError::NotFound)?;
    let before = store::version_content(db, id, version - 1).await?.unwrap_or_default();
    let names = choice_names(db, &[&before, &after]).await?;
    let moved = match store::version_statuses(db, id, version).await?.as_slice() {
        [(_, from), (_, to)] if from != to => Some((*from, *to)),
        _ => None,
    };
    let changes = changes(&dossier.form, &before, &after, &names);
    Ok(VersionChanges { submission: dossier.submission, changes, moved })
}

/// The names of the themes and offered challenges these contents choose (archived themes too):
/// two queries, whatever the number.
pub async fn choice_names(db: &mut TenantTx, contents: &[&Content]) -> Result<ChoiceNames, AppError> {
    let mut names = ChoiceNames::default();
    if contents.iter().any(|c| !c.themes.is_empty()) {
        names.themes = programmes::service::themes(db).await?.into_iter().map(|t| (t.id, t.name)).collect();
    }
    let mut offers: Vec<SubmissionId> = contents.iter().flat_map(|c| c.offers.iter().copied()).collect();
    offers.sort_unstable_by_key(|id| id.0);
    offers.dedup();
    if !offers.is_empty() {
        names.offers = store::titles_of(db, &offers).await?.into_iter().collect();
    }
    Ok(names)
}

/// The submissions of the signed-in person's organisations, recently changed first (at most
/// 200; none when signed out).
pub async fn team_submissions(db: &mut TenantTx, access: &Access) -> Result<Vec<TeamSubmission>, AppError> {
    let Some(user) = &access.user else { return Ok(Vec::new()) };
    Ok(store::of_member(db, user.id).await?)
}

/// The signed-in person's organisations' entries in a call (at most 20, recently changed first),
/// so the call's page offers to continue a draft rather than start another (none when signed out).
pub async fn own_entries_in(db: &mut TenantTx, access: &Access, call: &Call) -> Result<Vec<TeamSubmission>, AppError> {
    let Some(user) = &access.user else { return Ok(Vec::new()) };
    Ok(store::of_member_in_call(db, user.id, call.id).await?)
}

/// A programme's selected challenges, A to Z (at most 100): the ones a solution may offer to
/// help. Anyone signed in, as the solution form shows them; 404 for an unknown programme.
pub async fn selected_challenges(
    db: &mut TenantTx,
    access: &Access,
    programme: &str,
) -> Result<Vec<SelectedChallenge>, AppError> {
    access.authorize(Action::ViewSelectedChallenges)?;
    let programme = programmes::service::programme(db, programme).await?;
    Ok(store::selected_challenges(db, programme.id).await?)
}

/// What the page to start an application shows: the call, and the organisations the person may
/// apply for. 401 when signed out.
pub struct ApplyForm {
    pub programme: Programme,
    pub call: Call,
    pub organisations: Vec<Organisation>,
    pub open: bool,
}

pub async fn apply_form(
    db: &mut TenantTx,
    access: &Access,
    programme: &str,
    call: &str,
) -> Result<ApplyForm, AppError> {
    access.user()?;
    let (programme, call) = calls::service::call(db, programme, call).await?;
    let organisations = tenancy::service::own_organisations(db, access).await?;
    let open = call.status(Utc::now()).is_open();
    Ok(ApplyForm { programme, call, organisations, open })
}

/// A page of a call's staff list, with the call, the counts by state and the tenant's themes
/// (for the filter). For the tenant's staff.
pub struct CallList {
    pub programme: Programme,
    pub call: Call,
    pub counts: Vec<(SubmissionStatus, i64)>,
    pub page: Page<Submission>,
    pub themes: Vec<Theme>,
}

pub async fn call_list(
    db: &mut TenantTx,
    access: &Access,
    programme: &str,
    call: &str,
    filter: &ListFilter,
) -> Result<CallList, AppError> {
    access.authorize(Action::ListSubmissions)?;
    filter.check()?;
    let (programme, call) = calls::service::call(db, programme, call).await?;
    let counts = store::counts_by_status(db, call.id).await?;
    let rows = store::list_for_call(db, CallKey::Id(call.id), filter, PAGE_SIZE + 1).await?;
    let themes = programmes::service::themes(db).await?;
    let page = Page::of(rows, |s| filter.sort().cursor_after(s));
    Ok(CallList { programme, call, counts, page, themes })
}

/// A page of a call's submissions (the JSON list), each with the challenges it offers to help,
/// for the tenant's staff; 404 for a call that does not exist. The call is found inside the
/// list's own query; the offers of the whole page are one more query.
pub async fn list(
    db: &mut TenantTx,
    access: &Access,
    programme: &str,
    call: &str,
    filter: &ListFilter,
) -> Result<Page<ListedSubmission>, AppError> {
    access.authorize(Action::ListSubmissions)?;
    filter.check()?;
    let key = CallKey::Slugs { programme, call };
    let rows = store::list_for_call(db, key, filter, PAGE_SIZE + 1).await?;
    // No rows: an empty page of a real call, or no such call.
    if rows.is_empty() {
        calls::service::call(db, programme, call).await?;
    }
    let page = Page::of(rows, |s| filter.sort().cursor_after(s));
    let ids: Vec<SubmissionId> = page.items.iter().map(|s| s.id).collect();
    let mut offers: HashMap<SubmissionId, Vec<OfferedChallenge>> = HashMap::new();
    for (solution, id, title) in store::offers_of(db, &ids).await? {
        offers.entry(solution).or_default().push(OfferedChallenge { id, title });
    }
    let items = page
        .items
        .into_iter()
        .map(|submission| ListedSubmission { offers: offers.remove(&submission.id).unwrap_or_default(), submission })
        .collect();
    Ok(Page { items, next: page.next })
}

/// A call's submissions as CSV or NDJSON, streamed (`export.rs`), for the tenant's staff.
pub struct Export {
    /// `<programme>-<call>.csv` or `.ndjson`
    pub filename: String,
    pub format: ExportFormat,
    pub body: super::export::ExportStream,
}

/// The export reads over the pool, a batch at a time, while the response streams. It has the
/// list's filters and order; the cursor is ignored.
///
/// Errors: 403 for anyone but staff, 404 for an unknown call, 422 for a filter value the list
/// does not know.
pub async fn export(
    pool: &PgPool,
    access: &Access,
    programme: &str,
    call: &str,
    filter: ListFilter,
    format: ExportFormat,
) -> Result<Export, AppError> {
    access.authorize(Action::ListSubmissions)?;
    filter.check()?;
    let mut conn = access.db(pool).await?;
    let (programme, call) = calls::service::call(&mut conn, programme, call).await?;
    let questions = calls::service::questions(&mut conn, call.id).await?;
    drop(conn);
    let filename = format!("{}-{}.{}", programme.slug, call.slug, format.extension());
    let of = ExportOf { tenant_id: access.tenant_id(), call, zone: programme.time_zone, questions, filter };
    Ok(Export { filename, format, body: super::export::stream(pool.clone(), of, format) })
}

/// An attachment's stored bytes, with what a response needs to say about them.
pub struct Download {
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub bytes: futures_util::stream::BoxStream<'static, object_store::Result<bytes::Bytes>>,
}

/// An attachment of a submission, for anyone who may read the submission; both ids must match.
/// The connection goes back to the pool before the file is read from the object store.
pub async fn download(
    pool: &PgPool,
    files: &FileStore,
    access: &Access,
    id: SubmissionId,
    attachment_id: AttachmentId,
) -> Result<Download, AppError> {
    let mut conn = access.db(pool).await?;
    let submission = store::submission(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    access.authorize_for(Action::ViewSubmission, submission.organisation_id)?;
    let row = store::attachment(&mut conn, id, attachment_id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    fetch(files, row).await
}

/// An attachment of an entry, for one of its reviewers (`standing` as for `dossier_for_review`).
pub async fn download_for_review(
    pool: &PgPool,
    files: &FileStore,
    access: &Access,
    id: SubmissionId,
    attachment_id: AttachmentId,
    standing: ReviewStanding,
) -> Result<Download, AppError> {
    policy::authorize_review(&access.actor, standing)?;
    let mut conn = access.db(pool).await?;
    let row = store::attachment(&mut conn, id, attachment_id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    fetch(files, row).await
}

async fn fetch(files: &FileStore, row: store::AttachmentRow) -> Result<Download, AppError> {
    let object = files
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

/// The problems of `content` as field errors.
fn problems_as_errors(problems: Vec<Problem>) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for problem in problems {
        errors.add_with(&problem.field, problem.code, &problem.args);
    }
    errors
}
