//! Inserts without policy, for the demo loader and the tests' fixtures only: no page or API
//! reaches them. Everything else goes through `service.rs`.

use super::domain::{ConflictSource, Outcome, Participation, Preference, Recommendation, ReviewStatus};
use super::store;
pub use super::store::{CriterionFields, RoundFields, ScreeningFields};
use crate::db::wall::TenantTx;
use crate::error::AppError;
use crate::ids::{CallId, CriterionId, ReviewId, RoundId, SubmissionId, UserId};

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

/// Adds the call's entries screened eligible to the round.
pub async fn add_eligible_entries(db: &mut TenantTx, round: RoundId, call: CallId) -> sqlx::Result<u64> {
    store::add_eligible_entries(db, round, call).await
}

pub async fn add_reviewer(db: &mut TenantTx, round: RoundId, user: UserId) -> sqlx::Result<()> {
    store::add_reviewer(db, round, user, false).await?;
    Ok(())
}

/// A preference of a reviewer on an entry; a `Conflict` is recorded as declared, with `reason`.
pub async fn preference(
    db: &mut TenantTx,
    round: RoundId,
    (entry, reviewer): (SubmissionId, UserId),
    preference: Preference,
    reason: &str,
) -> sqlx::Result<()> {
    match preference {
        Preference::Conflict => {
            store::set_conflict(db, round, entry, reviewer, ConflictSource::Declared, reason, reviewer).await
        }
        other => store::set_preference(db, round, entry, reviewer, Some(other)).await,
    }
}

/// A conflict set by staff.
pub async fn staff_conflict(
    db: &mut TenantTx,
    round: RoundId,
    (entry, reviewer): (SubmissionId, UserId),
    reason: &str,
    by: UserId,
) -> sqlx::Result<()> {
    store::set_conflict(db, round, entry, reviewer, ConflictSource::Staff, reason, by).await
}

/// The automatic assignment of the round, as staff would run it; returns the pairs added.
pub async fn assign_automatically(db: &mut TenantTx, round: RoundId, by: UserId) -> Result<usize, AppError> {
    let round = store::round(db, round, true).await?.ok_or(AppError::NotFound)?;
    let (report, _) = super::service::solve_and_assign(db, &round, by).await?;
    Ok(report.added)
}

/// The round's assignments: (entry, reviewer), in entry then reviewer order.
pub async fn assignments(db: &mut TenantTx, round: RoundId) -> sqlx::Result<Vec<(SubmissionId, UserId)>> {
    Ok(store::assignment_inputs(db, round).await?.assigned)
}

/// A submitted review with its scores (criterion, score, comment), dated `submitted_at`.
pub async fn submitted_review(
    db: &mut TenantTx,
    round: RoundId,
    (entry, reviewer): (SubmissionId, UserId),
    scores: &[(CriterionId, i32, String)],
    recommendation: Recommendation,
    submitted_at: chrono::DateTime<chrono::Utc>,
) -> sqlx::Result<()> {
    let id = ReviewId::new();
    let fields = store::ReviewFields {
        status: ReviewStatus::Submitted,
        recommendation: Some(recommendation),
        note_to_staff: "",
    };
    store::insert_review(db, id, (round, entry, reviewer), &fields).await?;
    let scores: Vec<(CriterionId, Option<i32>, String)> =
        scores.iter().map(|(criterion, score, comment)| (*criterion, Some(*score), comment.clone())).collect();
    store::replace_scores(db, id, &scores).await?;
    store::backdate_review(db, id, submitted_at).await
}

/// A comment in the discussion of an entry.
pub async fn comment(
    db: &mut TenantTx,
    round: RoundId,
    (entry, author): (SubmissionId, UserId),
    body: &str,
) -> sqlx::Result<()> {
    store::insert_comment(db, round, entry, author, body).await
}

/// Computes the round's ranked table from its submitted reviews.
pub async fn rank(db: &mut TenantTx, round: RoundId) -> Result<(), AppError> {
    let round = store::round(db, round, false).await?.ok_or(AppError::NotFound)?;
    super::service::recompute_if_stale(db, &round).await
}

/// A released decision as the demo's 2024 edition made it, dated `released_at`. The caller marks
/// a selected entry selected with its date (`submissions::seed::select` and `backdate`), as the
/// release would have.
pub async fn released_decision(
    db: &mut TenantTx,
    (call, round): (CallId, Option<RoundId>),
    submission: SubmissionId,
    (outcome, rationale, waitlist_position): (Outcome, &str, Option<i32>),
    by: UserId,
    released_at: chrono::DateTime<chrono::Utc>,
    participation: Option<Participation>,
) -> Result<(), AppError> {
    let fields = store::DecisionFields { call, round, outcome, rationale, waitlist_position, decided_by: by };
    store::save_decision(db, submission, 0, &fields).await?;
    store::backdate_decision(db, submission, released_at, participation).await?;
    Ok(())
}

/// The call's own text for an outcome's email (English).
pub async fn decision_template(
    db: &mut TenantTx,
    call: CallId,
    outcome: Outcome,
    subject: &str,
    body: &str,
) -> sqlx::Result<()> {
    store::save_template(db, (call, outcome, "en"), 0, subject, body).await?;
    Ok(())
}
