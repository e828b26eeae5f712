//! A submission's life: starting a draft, submitting it (with the receipt), withdrawing and
//! reopening it, and (until selection rounds exist) marking a challenge selected.

use chrono::Utc;
use sqlx::PgPool;

use super::{Dossier, load, problems_as_errors};
use crate::audit;
use crate::calls;
use crate::calls::domain::Question;
use crate::config::Config;
use crate::db::wall::TenantTx;
use crate::error::AppError;
use crate::ids::{OrganisationId, SubmissionId};
use crate::notify::{emails, enqueue};
use crate::submissions::domain::{Content, SubmissionStatus, check_complete, plain_copy};
use crate::submissions::store;
use crate::tenancy::access::Access;
use crate::tenancy::policy::Action;

/// A team starts a draft in an open call for one of its organisations. Returns its id.
pub async fn start(
    pool: &PgPool,
    access: &Access,
    programme: &str,
    call: &str,
    organisation_id: OrganisationId,
) -> Result<SubmissionId, AppError> {
    let mut tx = access.db(pool).await?;
    let (_, call) = calls::service::call(&mut tx, programme, call).await?;
    access.authorize_for(Action::EditSubmission, organisation_id)?;
    let user = access.user()?;
    if !call.status(Utc::now()).is_open() {
        return Err(AppError::Conflict("error-call-not-open"));
    }
    let _tenant_id = access.tenant_id();
    let id = SubmissionId::new();
    store::insert_submission(&mut tx, id, call.id, organisation_id, user.id).await?;
    // The empty draft is version 1, so the history starts where the team started.
    store::save_content(&mut tx, id, 0, SubmissionStatus::Draft, &Content::default(), user.id).await?;
    let details = serde_json::json!({ "call": call.id, "organisation": organisation_id });
    audit::record(&mut tx, access.audit("submission.started", "submission", id).details(details)).await?;
    tx.commit().await?;
    Ok(id)
}

/// What a move of a submission to `to` needs, in order: the call still open (by the server's
/// clock), the move allowed from its state, and the version it was based on still current.
fn check_move(dossier: &Dossier, version: i32, to: SubmissionStatus) -> Result<(), AppError> {
    if !dossier.call.status(Utc::now()).is_open() {
        return Err(AppError::Conflict("error-submission-closed"));
    }
    if !dossier.status().can_become(to) {
        return Err(AppError::Conflict(match to {
            SubmissionStatus::Withdrawn => "error-submission-not-submitted",
            SubmissionStatus::Draft => "error-submission-not-withdrawn",
            SubmissionStatus::Submitted => "error-submission-not-draft",
        }));
    }
    if dossier.submission.version != version {
        return Err(AppError::Stale("error-stale-submission"));
    }
    Ok(())
}

/// Submits a complete draft before the deadline and writes the receipt email.
pub async fn submit(
    pool: &PgPool,
    config: &Config,
    access: &Access,
    id: SubmissionId,
    version: i32,
) -> Result<(), AppError> {
    let user = access.user()?;
    let tenant_id = access.tenant_id();
    let mut tx = access.db(pool).await?;
    let dossier = load(&mut tx, access, id, Action::EditSubmission, true).await?;
    check_move(&dossier, version, SubmissionStatus::Submitted)?;
    let questions: Vec<Question> = dossier.form.questions().cloned().collect();
    problems_as_errors(check_complete(&dossier.content, &questions, dossier.needs_offers())).into_result()?;
    let submitted = SubmissionStatus::Submitted;
    store::save_content(&mut tx, id, version, submitted, &dossier.content, user.id).await?;
    let link = config.link(&format!("/t/{}/submissions/{id}", access.tenant.slug));
    let copy = plain_copy(user.lang, &dossier.form, &dossier.content);
    let receipt = emails::receipt(
        user.lang,
        &user.email,
        &user.display_name,
        &dossier.call.title,
        &dossier.content.title,
        &link,
        &copy,
    );
    enqueue(&mut tx, Some(tenant_id), receipt).await?;
    audit::record(&mut tx, access.audit("submission.submitted", "submission", id)).await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws a submitted entry before the deadline.
pub async fn withdraw(pool: &PgPool, access: &Access, id: SubmissionId, version: i32) -> Result<(), AppError> {
    let user = access.user()?;
    let mut tx = access.db(pool).await?;
    let dossier = load(&mut tx, access, id, Action::EditSubmission, true).await?;
    check_move(&dossier, version, SubmissionStatus::Withdrawn)?;
    let withdrawn = SubmissionStatus::Withdrawn;
    store::save_content(&mut tx, id, version, withdrawn, &dossier.content, user.id).await?;
    audit::record(&mut tx, access.audit("submission.withdrawn", "submission", id)).await?;
    tx.commit().await?;
    Ok(())
}

/// Reopens a withdrawn entry as a draft while the call is open: its answers are kept, and it
/// counts again once submitted again.
pub async fn reopen(pool: &PgPool, access: &Access, id: SubmissionId, version: i32) -> Result<(), AppError> {
    let user = access.user()?;
    let mut tx = access.db(pool).await?;
    let dossier = load(&mut tx, access, id, Action::EditSubmission, true).await?;
    check_move(&dossier, version, SubmissionStatus::Draft)?;
    store::save_content(&mut tx, id, version, SubmissionStatus::Draft, &dossier.content, user.id).await?;
    audit::record(&mut tx, access.audit("submission.reopened", "submission", id)).await?;
    tx.commit().await?;
    Ok(())
}

/// Records what a released decision says of an entry (`selected_at`, which the call for
/// solutions and the pages read). Called only by the selection capability's release and
/// promotion, in their transaction: the decision is the one source of truth, and no page or API
/// reaches this.
pub async fn record_selection(db: &mut TenantTx, id: SubmissionId, selected: bool) -> Result<(), AppError> {
    store::set_selected(db, id, selected).await?;
    Ok(())
}
