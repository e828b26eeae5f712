//! Inserts without policy, for the demo loader and the tests' fixtures only: no page or API
//! reaches them. Everything else goes through `service.rs`.

use super::store;
pub use super::store::{CriterionFields, RoundFields, ScreeningFields};
use crate::db::wall::TenantTx;
use crate::ids::{CallId, CriterionId, RoundId, SubmissionId};

/// A review round on the call, as given. Fails on a name the call's rounds have.
pub async fn insert_round(db: &mut TenantTx, call: CallId, fields: &RoundFields<'_>) -> sqlx::Result<RoundId> {
    let id = RoundId::new();
    store::insert_round(db, call, id, fields).await?;
    Ok(id)
}

/// A criterion at the end of the round's rubric.
pub async fn insert_criterion(
    db: &mut TenantTx,
    round: RoundId,
    fields: &CriterionFields<'_>,
) -> sqlx::Result<CriterionId> {
    let id = CriterionId::new();
    store::insert_criterion(db, round, id, fields).await?;
    Ok(id)
}

/// The call's first list of ineligibility reasons.
pub async fn screening_reasons(db: &mut TenantTx, call: CallId, reasons: &[String]) -> sqlx::Result<()> {
    store::save_screening_reasons(db, call, 0, reasons).await?;
    Ok(())
}

/// An entry's first screening.
pub async fn screen(db: &mut TenantTx, submission: SubmissionId, fields: &ScreeningFields<'_>) -> sqlx::Result<()> {
    store::save_screening(db, submission, 0, fields).await?;
    Ok(())
}
