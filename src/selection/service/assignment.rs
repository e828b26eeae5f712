//! Who reviews what: a round's entries and reviewers, conflicts of interest (from the
//! memberships, declared by reviewers, set by staff), reviewers' preferences, and assignments by
//! hand or by the solver of `selection::assignment`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sqlx::PgPool;

use super::super::assignment::{self, Problem};
use super::super::domain::{
    Assigned, AssignmentMethod, Conflict, ConflictKind, ConflictSource, EntryForReviewer, Preference, ReviewStatus,
    ReviewerCandidate, Round, RoundEntry, RoundInvitation, RoundReviewer,
};
use super::super::store::{self, EntryRow};
use crate::audit;
use crate::calls;
use crate::calls::domain::Call;
use crate::db::cursor::{Cursor, PAGE_SIZE, Page};
use crate::db::wall::TenantTx;
use crate::error::{AppError, FieldErrors};
use crate::ids::{RoundId, SubmissionId, UserId};
use crate::tenancy::access::Access;
use crate::tenancy::policy::{self, Action, ReviewStanding};

/// The round, for staff; 404 when unknown.
pub(super) async fn managed_round(
    db: &mut TenantTx,
    access: &Access,
    id: RoundId,
    lock: bool,
) -> Result<Round, AppError> {
    access.authorize(Action::ManageSelection)?;
    store::round(db, id, lock).await?.ok_or(AppError::NotFound)
}

/// Conflicts of the round's entries in `submissions` (all with `None`), by entry: the automatic
/// ones first, then those recorded.
async fn conflicts_by_entry(
    db: &mut TenantTx,
    round: &Round,
    submissions: Option<&[SubmissionId]>,
) -> Result<BTreeMap<SubmissionId, Vec<Conflict>>, AppError> {
    let mut by_entry: BTreeMap<SubmissionId, Vec<Conflict>> = BTreeMap::new();
    for (entry, user_id, name, own) in
        store::automatic_conflicts(db, round.id, round.conflict_same_country, submissions, None).await?
    {
        let kind = if own { ConflictKind::Organisation } else { ConflictKind::Country };
        by_entry.entry(entry).or_default().push(Conflict { user_id, name, kind, reason: String::new() });
    }
    for (entry, user_id, name, source, reason) in store::recorded_conflicts(db, round.id, submissions).await? {
        let conflicts = by_entry.entry(entry).or_default();
        if !conflicts.iter().any(|c| c.user_id == user_id) {
            conflicts.push(Conflict { user_id, name, kind: source.into(), reason });
        }
    }
    Ok(by_entry)
}

async fn with_reviewers(db: &mut TenantTx, round: &Round, rows: Vec<EntryRow>) -> Result<Vec<RoundEntry>, AppError> {
    let ids: Vec<SubmissionId> = rows.iter().map(|r| r.submission_id).collect();
    let mut assigned: HashMap<SubmissionId, Vec<Assigned>> = HashMap::new();
    for (entry, user_id, name, method) in store::assigned_to(db, round.id, &ids).await? {
        assigned.entry(entry).or_default().push(Assigned { user_id, name, method });
    }
    let mut conflicts = conflicts_by_entry(db, round, Some(&ids)).await?;
    Ok(rows
        .into_iter()
        .map(|row| RoundEntry {
            reviewers: assigned.remove(&row.submission_id).unwrap_or_default(),
            conflicts: conflicts.remove(&row.submission_id).unwrap_or_default(),
            submission_id: row.submission_id,
            title: row.title,
            organisation_name: row.organisation_name,
            country_code: row.country_code,
        })
        .collect())
}

/// A reviewer of the round with how their assignments meet the preferences they stated.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ReviewerLoad {
    #[serde(flatten)]
    pub reviewer: RoundReviewer,
    /// Assignments they said they were eager for, willing to take, or would rather not.
    pub eager: i64,
    pub willing: i64,
    pub rather_not: i64,
}

/// A round's assignment as staff see it: one page of its entries with their reviewers and
/// conflicts, every reviewer's load, and who else could review.
pub struct RoundAssignment {
    pub call: Call,
    pub round: Round,
    pub entries: Page<RoundEntry>,
    /// Entries in the round, and how many of them have fewer reviewers than the round needs.
    pub entry_count: i64,
    pub short_count: i64,
    pub reviewers: Vec<ReviewerLoad>,
    /// People with a reviewing role who are not reviewers of the round yet.
    pub candidates: Vec<ReviewerCandidate>,
    /// The call's other rounds with a short list to start from: (round, name, entries on it).
    pub short_lists: Vec<(RoundId, String, i64)>,
    /// Invitations to review in the round that are still open.
    pub invitations: Vec<RoundInvitation>,
}

pub async fn round_assignment(
    db: &mut TenantTx,
    access: &Access,
    id: RoundId,
    after: Option<Cursor>,
) -> Result<RoundAssignment, AppError> {
    let round = managed_round(db, access, id, false).await?;
    let call = calls::service::call_by_id(db, round.call_id).await?;
    let rows = store::entries_page(db, id, after.as_ref(), PAGE_SIZE + 1).await?;
    let page = Page::of(rows, |row| Cursor { at: row.added_at, id: row.submission_id.0 }.encode());
    let entries = Page { items: with_reviewers(db, &round, page.items).await?, next: page.next };
    let (entry_count, short_count) = store::entry_counts(db, id, round.reviews_per_entry).await?;
    let met: HashMap<UserId, (i64, i64, i64)> =
        store::preferences_met(db, id).await?.into_iter().map(|(u, e, w, r)| (u, (e, w, r))).collect();
    let reviewers: Vec<ReviewerLoad> = store::reviewers(db, id)
        .await?
        .into_iter()
        .map(|reviewer| {
            let (eager, willing, rather_not) = met.get(&reviewer.user_id).copied().unwrap_or_default();
            ReviewerLoad { reviewer, eager, willing, rather_not }
        })
        .collect();
    let taken: BTreeSet<UserId> = reviewers.iter().map(|r| r.reviewer.user_id).collect();
    let candidates =
        store::reviewer_candidates(db).await?.into_iter().filter(|c| !taken.contains(&c.user_id)).collect();
    let short_lists = store::short_lists(db, round.call_id, id).await?;
    let invitations = store::open_invitations(db, id).await?;
    Ok(RoundAssignment {
        call,
        round,
        entries,
        entry_count,
        short_count,
        reviewers,
        candidates,
        short_lists,
        invitations,
    })
}

/// Where a round's entries come from.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EntriesSource {
    /// Another round of the same call whose short list the round takes (a short-list round after
    /// a long-list one); empty or absent: every entry of the call screened eligible.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub from_round: Option<RoundId>,
}

/// Adds entries to the round: the call's entries screened eligible, or those on the short list
/// of another round of the call (still submitted and eligible). Returns how many joined; entries
/// already in the round stay as they are. 422 when `from_round` is the round itself or not a
/// round of its call.
pub async fn add_entries(pool: &PgPool, access: &Access, id: RoundId, source: &EntriesSource) -> Result<u64, AppError> {
    let mut tx = access.db(pool).await?;
    let round = managed_round(&mut tx, access, id, true).await?;
    let added = match source.from_round {
        None => store::add_eligible_entries(&mut tx, id, round.call_id).await?,
        Some(from) => {
            let same_call = store::round(&mut tx, from, false).await?.is_some_and(|r| r.call_id == round.call_id);
            if from == id || !same_call {
                return Err(AppError::invalid("from_round", "error-entries-source"));
            }
            store::add_shortlisted_entries(&mut tx, id, from).await?
        }
    };
    if added > 0 {
        store::touch_results(&mut tx, id).await?;
    }
    let details = serde_json::json!({ "added": added, "from_round": source.from_round });
    audit::record(&mut tx, access.audit("round.entries_added", "round", id).details(details)).await?;
    tx.commit().await?;
    Ok(added)
}

/// Takes an entry out of the round, with its assignments.
pub async fn remove_entry(
    pool: &PgPool,
    access: &Access,
    id: RoundId,
    submission: SubmissionId,
) -> Result<(), AppError> {
    let mut tx = access.db(pool).await?;
    managed_round(&mut tx, access, id, true).await?;
    // Reviews submitted are kept: the entry stays, and staff decide on it instead.
    if store::submitted_reviews_of(&mut tx, Some(id), submission).await? > 0 {
        return Err(AppError::Conflict("error-entry-has-reviews"));
    }
    store::delete_drafts(&mut tx, Some(id), Some(submission), None).await?;
    if !store::remove_entry(&mut tx, id, submission).await? {
        return Err(AppError::NotFound);
    }
    store::touch_results(&mut tx, id).await?;
    let details = serde_json::json!({ "round": id });
    audit::record(&mut tx, access.audit("round.entry_removed", "submission", submission).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

/// Makes a person with a reviewing role (reviewer, staff, admin) a reviewer of the round.
pub async fn add_reviewer(pool: &PgPool, access: &Access, id: RoundId, user: UserId) -> Result<(), AppError> {
    let mut tx = access.db(pool).await?;
    managed_round(&mut tx, access, id, true).await?;
    if !store::is_candidate(&mut tx, user).await? {
        return Err(AppError::invalid("reviewer", "error-reviewer-not-candidate"));
    }
    if store::add_reviewer(&mut tx, id, user, false).await? {
        audit::record(
            &mut tx,
            access.audit("round.reviewer_added", "user", user).details(serde_json::json!({ "round": id })),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Takes a reviewer off the round, with their assignments.
pub async fn remove_reviewer(pool: &PgPool, access: &Access, id: RoundId, user: UserId) -> Result<(), AppError> {
    let mut tx = access.db(pool).await?;
    managed_round(&mut tx, access, id, true).await?;
    if store::has_submitted(&mut tx, id, None, user).await? {
        return Err(AppError::Conflict("error-reviewer-has-reviews"));
    }
    store::delete_drafts(&mut tx, Some(id), None, Some(user)).await?;
    if !store::remove_reviewer(&mut tx, id, user).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        access.audit("round.reviewer_removed", "user", user).details(serde_json::json!({ "round": id })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One entry of a round with its reviewers and conflicts, and every reviewer of the round: what
/// the entry's assignment page shows staff.
pub struct EntryAssignment {
    pub call: Call,
    pub round: Round,
    pub entry: RoundEntry,
    pub reviewers: Vec<RoundReviewer>,
}

pub async fn entry_assignment(
    db: &mut TenantTx,
    access: &Access,
    id: RoundId,
    submission: SubmissionId,
) -> Result<EntryAssignment, AppError> {
    let round = managed_round(db, access, id, false).await?;
    let call = calls::service::call_by_id(db, round.call_id).await?;
    let row = store::entry(db, id, submission).await?.ok_or(AppError::NotFound)?;
    let entry = with_reviewers(db, &round, vec![row]).await?.remove(0);
    let reviewers = store::reviewers(db, id).await?;
    Ok(EntryAssignment { call, round, entry, reviewers })
}

/// Whether `user` has a conflict of interest with the entry, of any kind.
async fn conflicted(
    db: &mut TenantTx,
    round: &Round,
    submission: SubmissionId,
    user: UserId,
) -> Result<bool, AppError> {
    let automatic =
        store::automatic_conflicts(db, round.id, round.conflict_same_country, Some(&[submission]), Some(user)).await?;
    if !automatic.is_empty() {
        return Ok(true);
    }
    Ok(store::recorded_conflicts(db, round.id, Some(&[submission])).await?.iter().any(|c| c.1 == user))
}

/// Assigns a reviewer of the round to one of its entries by hand. A conflicted pair is refused
/// (409): conflicts are never assigned.
pub async fn assign(
    pool: &PgPool,
    access: &Access,
    id: RoundId,
    submission: SubmissionId,
    user: UserId,
) -> Result<(), AppError> {
    let by = access.user()?.id;
    let mut tx = access.db(pool).await?;
    let round = managed_round(&mut tx, access, id, true).await?;
    if !store::is_entry(&mut tx, id, submission).await? {
        return Err(AppError::NotFound);
    }
    if !store::is_reviewer(&mut tx, id, user).await? {
        return Err(AppError::invalid("reviewer", "error-assign-not-reviewer"));
    }
    if conflicted(&mut tx, &round, submission, user).await? {
        return Err(AppError::Conflict("error-assign-conflicted"));
    }
    if store::assign(&mut tx, id, submission, user, AssignmentMethod::Manual, by).await? {
        let details = serde_json::json!({ "round": id, "reviewer": user });
        audit::record(&mut tx, access.audit("review.assigned", "submission", submission).details(details)).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Takes a reviewer off an entry.
pub async fn unassign(
    pool: &PgPool,
    access: &Access,
    id: RoundId,
    submission: SubmissionId,
    user: UserId,
) -> Result<(), AppError> {
    let mut tx = access.db(pool).await?;
    managed_round(&mut tx, access, id, true).await?;
    if store::has_submitted(&mut tx, id, Some(submission), user).await? {
        return Err(AppError::Conflict("error-unassign-reviewed"));
    }
    if !store::unassign(&mut tx, id, submission, user).await? {
        return Err(AppError::NotFound);
    }
    store::delete_drafts(&mut tx, Some(id), Some(submission), Some(user)).await?;
    let details = serde_json::json!({ "round": id, "reviewer": user });
    audit::record(&mut tx, access.audit("review.unassigned", "submission", submission).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

/// A conflict's reason: 1–500 characters.
fn parse_reason(raw: &str) -> Result<String, &'static str> {
    let reason = raw.trim();
    if reason.is_empty() {
        Err("error-conflict-reason-missing")
    } else if reason.chars().count() > 500 {
        Err("error-conflict-reason-too-long")
    } else {
        Ok(reason.to_string())
    }
}

/// Records a conflict of interest (staff), with its reason; an assignment of the pair is taken
/// back, and both are audited.
pub async fn set_conflict(
    pool: &PgPool,
    access: &Access,
    id: RoundId,
    submission: SubmissionId,
    user: UserId,
    reason: &str,
) -> Result<(), AppError> {
    let by = access.user()?.id;
    let mut tx = access.db(pool).await?;
    managed_round(&mut tx, access, id, true).await?;
    if !store::is_entry(&mut tx, id, submission).await? {
        return Err(AppError::NotFound);
    }
    if !store::is_reviewer(&mut tx, id, user).await? {
        return Err(AppError::invalid("reviewer", "error-assign-not-reviewer"));
    }
    let reason = parse_reason(reason).map_err(|e| AppError::invalid("reason", e))?;
    store::set_conflict(&mut tx, id, submission, user, ConflictSource::Staff, &reason, by).await?;
    store::delete_drafts(&mut tx, Some(id), Some(submission), Some(user)).await?;
    let details = serde_json::json!({ "round": id, "reviewer": user, "reason": reason });
    audit::record(&mut tx, access.audit("review.conflict_set", "submission", submission).details(details)).await?;
    // Found after the review was submitted: the review stays on record, out of the results.
    if store::move_review(&mut tx, (id, submission, user), ReviewStatus::Submitted, ReviewStatus::SetAside).await? {
        store::touch_results(&mut tx, id).await?;
        let details = serde_json::json!({ "round": id, "reviewer": user });
        audit::record(&mut tx, access.audit("review.set_aside", "submission", submission).details(details)).await?;
    }
    if store::unassign(&mut tx, id, submission, user).await? {
        let details = serde_json::json!({ "round": id, "reviewer": user });
        audit::record(&mut tx, access.audit("review.unassigned", "submission", submission).details(details)).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Removes a recorded conflict (staff), whoever recorded it; a review it set aside counts again
/// unless the memberships still conflict. The automatic ones follow the memberships and cannot
/// be removed here.
pub async fn clear_conflict(
    pool: &PgPool,
    access: &Access,
    id: RoundId,
    submission: SubmissionId,
    user: UserId,
) -> Result<(), AppError> {
    let mut tx = access.db(pool).await?;
    let round = managed_round(&mut tx, access, id, true).await?;
    if !store::clear_conflict(&mut tx, id, submission, user, None).await? {
        return Err(AppError::NotFound);
    }
    let details = serde_json::json!({ "round": id, "reviewer": user });
    audit::record(&mut tx, access.audit("review.conflict_cleared", "submission", submission).details(details)).await?;
    // A review set aside for this conflict counts again, unless the memberships still conflict.
    let automatic =
        store::automatic_conflicts(&mut tx, id, round.conflict_same_country, Some(&[submission]), Some(user)).await?;
    if automatic.is_empty()
        && store::move_review(&mut tx, (id, submission, user), ReviewStatus::SetAside, ReviewStatus::Submitted).await?
    {
        store::touch_results(&mut tx, id).await?;
        let details = serde_json::json!({ "round": id, "reviewer": user });
        audit::record(&mut tx, access.audit("review.restored", "submission", submission).details(details)).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What an automatic assignment did.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct AutomaticAssignment {
    /// Pairs added.
    pub added: usize,
    /// Entries that still need reviewers (conflicts left too few, or too few reviewers), with
    /// how many each lacks.
    pub shortfalls: Vec<Shortfall>,
    /// Whether every reviewer's load is within one of every other's.
    pub balanced: bool,
    /// The lightest and heaviest load after the assignment.
    pub least_load: u32,
    pub most_load: u32,
}

#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Shortfall {
    pub submission_id: SubmissionId,
    pub missing: u32,
}

/// Assigns reviewers to every entry short of the round's reviews per entry, keeping the
/// assignments already made: the minimum-cost flow of `selection::assignment` over the round's
/// conflicts (never assigned) and preferences (eager 0, willing 1, none 2, rather not 5). The
/// same round gives the same pairs. One audit row says what was added; each pair is a row with
/// method `automatic`.
pub async fn assign_automatically(
    pool: &PgPool,
    access: &Access,
    id: RoundId,
) -> Result<AutomaticAssignment, AppError> {
    let by = access.user()?.id;
    let mut tx = access.db(pool).await?;
    // The lock keeps two runs (two staff pressing the button) from adding on top of each other.
    let round = managed_round(&mut tx, access, id, true).await?;
    let (report, cost) = solve_and_assign(&mut tx, &round, by).await?;
    let details = serde_json::json!({
        "added": report.added,
        "entries_short": report.shortfalls.len(),
        "loads": format!("{}–{}", report.least_load, report.most_load),
        "cost": cost,
    });
    audit::record(&mut tx, access.audit("round.assigned_automatically", "round", id).details(details)).await?;
    tx.commit().await?;
    Ok(report)
}

/// The automatic assignment's work, without the policy or the audit (the caller's): reads the
/// round's inputs in `tx`, solves, and inserts the pairs. Returns the report and the total
/// preference cost. The demo loader runs it too (`selection::seed`).
pub(in crate::selection) async fn solve_and_assign(
    tx: &mut TenantTx,
    round: &Round,
    by: UserId,
) -> Result<(AutomaticAssignment, u64), AppError> {
    let inputs = store::assignment_inputs(tx, round.id).await?;
    let mut conflicts: BTreeSet<(SubmissionId, UserId)> = inputs.recorded_conflicts.iter().copied().collect();
    for (entry, user, _, _) in store::automatic_conflicts(tx, round.id, round.conflict_same_country, None, None).await?
    {
        conflicts.insert((entry, user));
    }
    let problem = build_problem(round, &inputs, &conflicts);
    let entries = inputs.entries.clone();
    let reviewers = inputs.reviewers.clone();
    let solved = tokio::task::spawn_blocking(move || assignment::assign(&problem))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("the assignment solver stopped: {e}")))?
        .map_err(|e| AppError::Internal(anyhow::anyhow!("the assignment problem was malformed: {e}")))?;
    let pairs: Vec<(SubmissionId, UserId)> = solved.pairs.iter().map(|&(e, r)| (entries[e], reviewers[r])).collect();
    store::assign_automatically(tx, round.id, &pairs, by).await?;
    let shortfalls: Vec<Shortfall> = solved
        .shortfalls
        .iter()
        .map(|&(entry, missing)| Shortfall { submission_id: entries[entry], missing })
        .collect();
    let report = AutomaticAssignment {
        added: pairs.len(),
        balanced: solved.balanced(),
        least_load: solved.loads.iter().copied().min().unwrap_or(0),
        most_load: solved.loads.iter().copied().max().unwrap_or(0),
        shortfalls,
    };
    Ok((report, solved.cost))
}

/// The solver's problem for a round: entries and reviewers in id order, what each entry still
/// needs and each reviewer already holds, and a cost per pair from the preferences, with
/// conflicts and pairs already assigned left out.
fn build_problem(
    round: &Round,
    inputs: &store::AssignmentInputs,
    conflicts: &BTreeSet<(SubmissionId, UserId)>,
) -> Problem {
    let entry_index: HashMap<SubmissionId, usize> = inputs.entries.iter().enumerate().map(|(i, e)| (*e, i)).collect();
    let reviewer_index: HashMap<UserId, usize> = inputs.reviewers.iter().enumerate().map(|(i, r)| (*r, i)).collect();
    let (entries, reviewers) = (inputs.entries.len(), inputs.reviewers.len());
    let mut given = vec![0u32; entries];
    let mut held = vec![0u32; reviewers];
    let mut costs: Vec<Option<u32>> = vec![Preference::cost(None); entries * reviewers];
    for (entry, user, preference) in &inputs.preferences {
        if let (Some(&e), Some(&r)) = (entry_index.get(entry), reviewer_index.get(user)) {
            costs[e * reviewers + r] = Preference::cost(Some(*preference));
        }
    }
    for (entry, user) in conflicts {
        if let (Some(&e), Some(&r)) = (entry_index.get(entry), reviewer_index.get(user)) {
            costs[e * reviewers + r] = None;
        }
    }
    for (entry, user) in &inputs.assigned {
        if let (Some(&e), Some(&r)) = (entry_index.get(entry), reviewer_index.get(user)) {
            costs[e * reviewers + r] = None;
            given[e] += 1;
            held[r] += 1;
        }
    }
    let wanted = u32::try_from(round.reviews_per_entry).unwrap_or(0);
    Problem { needs: given.iter().map(|g| wanted.saturating_sub(*g)).collect(), held, costs }
}

// ---- Reviewers ----

/// A round a person reviews, with its call and their number of assignments.
pub struct ReviewedRound {
    pub call: Call,
    pub round: Round,
    pub assigned: i64,
}

/// The rounds the person reviews, latest closing first: those of a reviewing role, and those they
/// were invited to. 403 for someone with neither.
pub async fn reviewer_rounds(db: &mut TenantTx, access: &Access) -> Result<Vec<ReviewedRound>, AppError> {
    let user = access.user()?.id;
    let may_review = access.can(Action::Review);
    // The rounds in one query; their calls once each (a reviewer's rounds share a call or two).
    let mut known_calls: HashMap<crate::ids::CallId, Call> = HashMap::new();
    let mut rounds = Vec::new();
    let reviews_in = |row: &store::ReviewedRoundRow| {
        policy::may_review_in_round(&access.actor, ReviewStanding::in_round(Some(row.invited)))
    };
    let rows: Vec<_> = store::rounds_reviewed_by(db, user).await?.into_iter().filter(reviews_in).collect();
    if rows.is_empty() && !may_review {
        return Err(AppError::Forbidden);
    }
    for row in rows {
        let call = match known_calls.get(&row.round.call_id) {
            Some(call) => call.clone(),
            None => {
                let call = calls::service::call_by_id(db, row.round.call_id).await?;
                known_calls.insert(row.round.call_id, call.clone());
                call
            }
        };
        rounds.push(ReviewedRound { call, round: row.round, assigned: row.assigned });
    }
    Ok(rounds)
}

/// The round, for one of its reviewers (401 signed out, 403 for anyone else, 404 when unknown).
pub(super) async fn round_of_reviewer(
    db: &mut TenantTx,
    access: &Access,
    id: RoundId,
) -> Result<(Round, UserId), AppError> {
    let user = access.user()?.id;
    let round = store::round(db, id, false).await?.ok_or(AppError::NotFound)?;
    let membership = store::reviewer_membership(db, id, user).await?;
    policy::authorize_review_in_round(&access.actor, ReviewStanding::in_round(membership))?;
    Ok((round, user))
}

/// One page of a round's entries as a reviewer sees them, with what they said of each: the
/// preferences page.
pub struct ReviewerEntries {
    pub call: Call,
    pub round: Round,
    pub entries: Page<EntryForReviewer>,
}

pub async fn reviewer_entries(
    db: &mut TenantTx,
    access: &Access,
    id: RoundId,
    after: Option<Cursor>,
) -> Result<ReviewerEntries, AppError> {
    let (round, user) = round_of_reviewer(db, access, id).await?;
    let call = calls::service::call_by_id(db, round.call_id).await?;
    let rows = store::entries_page(db, id, after.as_ref(), PAGE_SIZE + 1).await?;
    let page = Page::of(rows, |row| Cursor { at: row.added_at, id: row.submission_id.0 }.encode());
    let ids: Vec<SubmissionId> = page.items.iter().map(|r| r.submission_id).collect();
    let automatic: HashMap<SubmissionId, bool> =
        store::automatic_conflicts(db, id, round.conflict_same_country, Some(&ids), Some(user))
            .await?
            .into_iter()
            .map(|(entry, _, _, own)| (entry, own))
            .collect();
    let marks: HashMap<SubmissionId, _> = store::reviewer_marks(db, id, user, &ids)
        .await?
        .into_iter()
        .map(|(entry, preference, source, reason, assigned)| (entry, (preference, source, reason, assigned)))
        .collect();
    let items = page
        .items
        .into_iter()
        .map(|row| {
            let (preference, source, reason, assigned) = marks.get(&row.submission_id).cloned().unwrap_or_default();
            let conflict = match (automatic.get(&row.submission_id), source) {
                (Some(true), _) => Some(ConflictKind::Organisation),
                (Some(false), _) => Some(ConflictKind::Country),
                (None, Some(source)) => Some(ConflictKind::from(source)),
                (None, None) => None,
            };
            let preference =
                if source == Some(ConflictSource::Declared) { Some(Preference::Conflict) } else { preference };
            // Blind rounds never hand the organisation or country further; a conflicted
            // reviewer gets the title only.
            EntryForReviewer {
                submission_id: row.submission_id,
                title: row.title,
                summary: conflict.is_none().then_some(row.summary),
                organisation_name: (!round.blind).then_some(row.organisation_name),
                country_code: (!round.blind).then_some(row.country_code),
                preference,
                conflict,
                conflict_reason: if source.is_some() { reason.unwrap_or_default() } else { String::new() },
                assigned,
            }
        })
        .collect();
    Ok(ReviewerEntries { call, round, entries: Page { items, next: page.next } })
}

/// What a reviewer says of one entry: `preference` is empty (nothing said), `eager`, `willing`,
/// `rather_not` or `conflict`, the last with a `reason`.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PreferenceInput {
    pub submission_id: Option<SubmissionId>,
    #[schema(schema_with = crate::request_schema::preference)]
    pub preference: String,
    /// Required with `conflict`: why (at most 500 characters). Staff read it; the team never does.
    #[schema(schema_with = crate::request_schema::text_up_to::<500>)]
    pub reason: String,
}

/// Saves a reviewer's preferences on entries of the round, all or none: each problem is reported
/// at `preference-<entry id>` or `reason-<entry id>`. Declaring a conflict takes back an
/// assignment of the entry to them (audited); preferences close with the round.
pub async fn save_preferences(
    pool: &PgPool,
    access: &Access,
    id: RoundId,
    inputs: &[PreferenceInput],
) -> Result<(), AppError> {
    let mut tx = access.db(pool).await?;
    let (round, user) = round_of_reviewer(&mut tx, access, id).await?;
    if round.closes_at <= chrono::Utc::now() {
        return Err(AppError::Conflict("error-round-closed"));
    }
    let mut errors = FieldErrors::new();
    let mut valid = Vec::new();
    for input in inputs {
        let Some(entry) = input.submission_id else {
            errors.add("submission_id", "error-preference-entry-missing");
            continue;
        };
        let field = format!("preference-{entry}");
        let preference = match input.preference.trim() {
            "" => None,
            raw => match Preference::from_name(raw) {
                Some(preference) => Some(preference),
                None => {
                    errors.add(&field, "error-preference-invalid");
                    continue;
                }
            },
        };
        if !store::is_entry(&mut tx, id, entry).await? {
            errors.add(&field, "error-preference-entry-unknown");
            continue;
        }
        let reason = if preference == Some(Preference::Conflict) {
            if store::has_submitted(&mut tx, id, Some(entry), user).await? {
                errors.add(&field, "error-conflict-after-review");
                continue;
            }
            match parse_reason(&input.reason) {
                Ok(reason) => Some(reason),
                Err(code) => {
                    errors.add(&format!("reason-{entry}"), code);
                    continue;
                }
            }
        } else {
            None
        };
        valid.push((entry, preference, reason));
    }
    errors.into_result()?;
    for (entry, preference, reason) in valid {
        match (preference, reason) {
            (Some(Preference::Conflict), Some(reason)) => {
                store::set_preference(&mut tx, id, entry, user, None).await?;
                store::set_conflict(&mut tx, id, entry, user, ConflictSource::Declared, &reason, user).await?;
                store::delete_drafts(&mut tx, Some(id), Some(entry), Some(user)).await?;
                let details = serde_json::json!({ "round": id, "reason": reason });
                audit::record(&mut tx, access.audit("review.conflict_declared", "submission", entry).details(details))
                    .await?;
                if store::unassign(&mut tx, id, entry, user).await? {
                    let details = serde_json::json!({ "round": id, "reviewer": user });
                    audit::record(&mut tx, access.audit("review.unassigned", "submission", entry).details(details))
                        .await?;
                }
            }
            (preference, _) => {
                // A reviewer takes back only a conflict they declared; staff's stand.
                if store::clear_conflict(&mut tx, id, entry, user, Some(ConflictSource::Declared)).await? {
                    let details = serde_json::json!({ "round": id });
                    audit::record(
                        &mut tx,
                        access.audit("review.conflict_withdrawn", "submission", entry).details(details),
                    )
                    .await?;
                }
                store::set_preference(&mut tx, id, entry, user, preference).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}
