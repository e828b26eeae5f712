//! Inserts without policy, for the demo loader and the tests' fixtures only: no page or API
//! reaches them. Everything else goes through `service.rs`.

use super::store;
pub use super::store::{CallFields, QuestionFields};
use crate::db::wall::TenantTx;
use crate::ids::{CallId, ProgrammeId, QuestionId};

/// A call of the programme, as given. Fails on a slug the programme has.
pub async fn insert_call(
    db: &mut TenantTx,
    programme_id: ProgrammeId,
    fields: &CallFields<'_>,
) -> sqlx::Result<CallId> {
    let id = CallId::new();
    store::insert_call(db, programme_id, id, fields).await?;
    Ok(id)
}

/// A question at the end of the call's form.
pub async fn insert_question(
    db: &mut TenantTx,
    call_id: CallId,
    fields: &QuestionFields<'_>,
) -> sqlx::Result<QuestionId> {
    let id = QuestionId::new();
    store::insert_question(db, call_id, id, fields).await?;
    Ok(id)
}
