//! Inserts without policy, for the demo loader and the tests' fixtures only: no page or API
//! reaches them. Everything else goes through `service.rs`.

use super::domain::{Content, SubmissionStatus};
use super::store;
use crate::db::wall::TenantTx;
use crate::ids::{CallId, OrganisationId, SubmissionId, UserId};

/// A submission of `organisation` to the call, saved (and its versions kept) as a draft and then
/// in `status` with `content`, as if `member` had typed it.
pub async fn submission(
    db: &mut TenantTx,
    call: CallId,
    organisation: OrganisationId,
    member: UserId,
    status: SubmissionStatus,
    content: &Content,
) -> sqlx::Result<SubmissionId> {
    let id = SubmissionId::new();
    store::insert_submission(db, id, call, organisation, member).await?;
    store::save_content(db, id, 0, SubmissionStatus::Draft, &Content::default(), member).await?;
    store::save_content(db, id, 1, status, content, member).await?;
    Ok(id)
}

/// Dates a seeded submission as started and sent at `written`, and (if selected) selected at
/// `selected`: a past edition's entries carry their own times, not the day the demo was loaded.
pub async fn backdate(
    db: &mut TenantTx,
    id: SubmissionId,
    written: (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>),
    selected: Option<chrono::DateTime<chrono::Utc>>,
) -> sqlx::Result<()> {
    store::backdate(db, id, written, selected).await
}

/// Marks a submitted challenge selected (false when it is not submitted).
pub async fn select(db: &mut TenantTx, id: SubmissionId) -> sqlx::Result<bool> {
    store::set_selected(db, id, true).await
}
