//! Matching without policy, for the demo loader and the tests' fixtures only: no page or API
//! reaches it. A run goes through the same steps as staff's (`service`), and rules on pairs are
//! stored as staff set them.

use super::domain::{PairRule, RunSettings};
use super::service;
use super::store;
use crate::db::wall::TenantTx;
use crate::error::AppError;
use crate::ids::{MatchingRunId, SubmissionId, UserId};
use crate::programmes::domain::Programme;

/// Staff's rule on a pair of the programme, as `by` set it.
pub async fn rule(
    db: &mut TenantTx,
    programme: &Programme,
    pair: (SubmissionId, SubmissionId),
    rule: PairRule,
    by: UserId,
) -> sqlx::Result<()> {
    store::set_rule(db, programme.id, pair, Some(rule), by).await
}

/// The programme's runs so far (the demo runs once).
pub async fn run_count(db: &mut TenantTx, programme: &Programme) -> sqlx::Result<usize> {
    Ok(store::runs(db, programme.id).await?.len())
}

/// A run over the programme's selected entries with `settings` and its rules, confirmed and
/// published by `by` (without emails): what staff do on the run page.
pub async fn run_and_publish(
    db: &mut TenantTx,
    programme: &Programme,
    settings: &RunSettings,
    by: UserId,
) -> Result<MatchingRunId, AppError> {
    let (id, _, _) = service::run_and_store(db, programme, settings, by).await?;
    service::confirm_run(db, id, by).await?;
    service::publish_run(db, id, by).await?;
    Ok(id)
}

/// The programme's published matches, each with its challenge owner's country (ISO 3166-1
/// alpha-2), in the order of the challenges' ids.
pub async fn published_by_owner_country(
    db: &mut TenantTx,
    programme: &Programme,
) -> sqlx::Result<Vec<(crate::ids::MatchId, String)>> {
    let mut found = Vec::new();
    for challenge in store::participants(db, programme.id).await? {
        if challenge.side != super::domain::Side::Challenge {
            continue;
        }
        if let Some(row) = store::match_of_challenge(db, challenge.id).await? {
            found.push((row.id, challenge.country_code));
        }
    }
    Ok(found)
}
