//! SQL for a round's entries, reviewers, conflicts of interest, preferences and assignments.

use chrono::{DateTime, Utc};

use super::super::domain::{AssignmentMethod, ConflictSource, Preference, ReviewerCandidate, RoundReviewer};
use crate::db::cursor::Cursor;
use crate::db::wall::TenantTx;
use crate::ids::{CallId, RoundId, SubmissionId, UserId};

// ---- Entries ----

/// Adds the call's submitted entries screened eligible that the round does not hold yet; returns
/// how many were added.
pub async fn add_eligible_entries(db: &mut TenantTx, round: RoundId, call: CallId) -> sqlx::Result<u64> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "insert into round_entries (tenant_id, round_id, submission_id)
         select s.tenant_id, $2, s.id
           from submissions s
           join submission_screenings sc on sc.tenant_id = s.tenant_id and sc.submission_id = s.id and sc.eligible
          where s.tenant_id = $1 and s.call_id = $3 and s.status = 'submitted'
          order by s.created_at, s.id
         on conflict do nothing",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(call)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected())
}

/// Adds the entries on `from`'s short list that are still submitted and eligible and that the
/// round does not hold yet; returns how many were added.
pub async fn add_shortlisted_entries(db: &mut TenantTx, round: RoundId, from: RoundId) -> sqlx::Result<u64> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "insert into round_entries (tenant_id, round_id, submission_id)
         select e.tenant_id, $2, e.submission_id
           from round_entries e
           join submissions s on s.tenant_id = e.tenant_id and s.id = e.submission_id and s.status = 'submitted'
           join submission_screenings sc on sc.tenant_id = s.tenant_id and sc.submission_id = s.id and sc.eligible
          where e.tenant_id = $1 and e.round_id = $3 and e.shortlisted_at is not null
          order by e.shortlisted_at, e.submission_id
         on conflict do nothing",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(from)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected())
}

/// The call's rounds other than `round` whose short list holds entries: (round, name, how many
/// are short-listed), in the order the rounds open.
pub async fn short_lists(db: &mut TenantTx, call: CallId, round: RoundId) -> sqlx::Result<Vec<(RoundId, String, i64)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select r.id, r.name, count(*)
           from review_rounds r
           join round_entries e on e.tenant_id = r.tenant_id and e.round_id = r.id and e.shortlisted_at is not null
          where r.tenant_id = $1 and r.call_id = $2 and r.id <> $3
          group by r.id, r.name, r.opens_at
          order by r.opens_at, r.id",
    )
    .bind(tenant_id)
    .bind(call)
    .bind(round)
    .fetch_all(&mut **db)
    .await
}

/// Takes an entry out of the round, with its assignments, conflicts and preferences.
pub async fn remove_entry(db: &mut TenantTx, round: RoundId, submission: SubmissionId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query("delete from round_entries where tenant_id = $1 and round_id = $2 and submission_id = $3")
        .bind(tenant_id)
        .bind(round)
        .bind(submission)
        .execute(&mut **db)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Takes an entry out of every round it is in (it was found ineligible); returns those rounds.
pub async fn remove_from_every_round(db: &mut TenantTx, submission: SubmissionId) -> sqlx::Result<Vec<RoundId>> {
    let tenant_id = db.tenant();
    sqlx::query_scalar("delete from round_entries where tenant_id = $1 and submission_id = $2 returning round_id")
        .bind(tenant_id)
        .bind(submission)
        .fetch_all(&mut **db)
        .await
}

pub async fn is_entry(db: &mut TenantTx, round: RoundId, submission: SubmissionId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    sqlx::query_scalar(
        "select exists (select 1 from round_entries where tenant_id = $1 and round_id = $2 and submission_id = $3)",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .fetch_one(&mut **db)
    .await
}

/// How many entries the round holds, and how many of them have fewer reviewers than `needed`.
pub async fn entry_counts(db: &mut TenantTx, round: RoundId, needed: i32) -> sqlx::Result<(i64, i64)> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select count(*), count(*) filter (where coalesce(a.assigned, 0) < $3)
           from round_entries e
           left join (select submission_id, count(*) as assigned from review_assignments
                       where tenant_id = $1 and round_id = $2 group by submission_id) a
             on a.submission_id = e.submission_id
          where e.tenant_id = $1 and e.round_id = $2",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(needed)
    .fetch_one(&mut **db)
    .await
}

/// An entry of a round with what staff and reviewers see of it in lists.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EntryRow {
    pub submission_id: SubmissionId,
    pub title: String,
    pub summary: String,
    pub organisation_name: String,
    pub country_code: String,
    /// When it joined the round: the list's order, with the id.
    pub added_at: DateTime<Utc>,
}

const ENTRY_COLUMNS: &str = "e.submission_id, s.title, s.summary, o.name as organisation_name,
    o.country_code::text as country_code, e.created_at as added_at";

/// One page of the round's entries in the order they joined it (`limit` rows after `after`).
pub async fn entries_page(
    db: &mut TenantTx,
    round: RoundId,
    after: Option<&Cursor>,
    limit: i64,
) -> sqlx::Result<Vec<EntryRow>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {ENTRY_COLUMNS}
           from round_entries e
           join submissions s on s.tenant_id = e.tenant_id and s.id = e.submission_id
           join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
          where e.tenant_id = $1 and e.round_id = $2
            and ($3::timestamptz is null or (e.created_at, e.submission_id) > ($3, $4))
          order by e.created_at, e.submission_id
          limit $5"
    ))
    .bind(tenant_id)
    .bind(round)
    .bind(after.map(|c| c.at))
    .bind(after.map(|c| c.id))
    .bind(limit)
    .fetch_all(&mut **db)
    .await
}

pub async fn entry(db: &mut TenantTx, round: RoundId, submission: SubmissionId) -> sqlx::Result<Option<EntryRow>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {ENTRY_COLUMNS}
           from round_entries e
           join submissions s on s.tenant_id = e.tenant_id and s.id = e.submission_id
           join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
          where e.tenant_id = $1 and e.round_id = $2 and e.submission_id = $3"
    ))
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .fetch_optional(&mut **db)
    .await
}

/// The reviewers assigned to each of `submissions`: (entry, reviewer, name, method), by entry.
pub async fn assigned_to(
    db: &mut TenantTx,
    round: RoundId,
    submissions: &[SubmissionId],
) -> sqlx::Result<Vec<(SubmissionId, UserId, String, AssignmentMethod)>> {
    let tenant_id = db.tenant();
    let ids: Vec<uuid::Uuid> = submissions.iter().map(|s| s.0).collect();
    sqlx::query_as(
        "select a.submission_id, a.user_id, u.display_name, a.method
           from review_assignments a join users u on u.id = a.user_id
          where a.tenant_id = $1 and a.round_id = $2 and a.submission_id = any($3)
          order by a.submission_id, u.display_name, a.user_id",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(&ids)
    .fetch_all(&mut **db)
    .await
}

/// Conflicts recorded for `submissions` (all of the round's with `None`): (entry, reviewer,
/// name, source, reason).
pub async fn recorded_conflicts(
    db: &mut TenantTx,
    round: RoundId,
    submissions: Option<&[SubmissionId]>,
) -> sqlx::Result<Vec<(SubmissionId, UserId, String, ConflictSource, String)>> {
    let tenant_id = db.tenant();
    let ids: Option<Vec<uuid::Uuid>> = submissions.map(|s| s.iter().map(|s| s.0).collect());
    sqlx::query_as(
        "select c.submission_id, c.user_id, u.display_name, c.source, c.reason
           from review_conflicts c join users u on u.id = c.user_id
          where c.tenant_id = $1 and c.round_id = $2 and ($3::uuid[] is null or c.submission_id = any($3))
          order by c.submission_id, u.display_name, c.user_id",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(ids)
    .fetch_all(&mut **db)
    .await
}

/// Conflicts read from the memberships: a reviewer of the round who belongs to the submitting
/// organisation (`true`), or, with `same_country`, to any organisation of the entry's country
/// (`false`). For `submissions`, or all of the round's entries with `None`; for `reviewer` only
/// when given. Two equality joins rather than one `or`, so PostgreSQL can hash both.
pub async fn automatic_conflicts(
    db: &mut TenantTx,
    round: RoundId,
    same_country: bool,
    submissions: Option<&[SubmissionId]>,
    reviewer: Option<UserId>,
) -> sqlx::Result<Vec<(SubmissionId, UserId, String, bool)>> {
    let tenant_id = db.tenant();
    let ids: Option<Vec<uuid::Uuid>> = submissions.map(|s| s.iter().map(|s| s.0).collect());
    sqlx::query_as(
        "with reviewer_orgs as (
           select r.user_id, u.display_name, m.organisation_id, o.country_code
             from round_reviewers r
             join users u on u.id = r.user_id
             join organisation_members m on m.tenant_id = r.tenant_id and m.user_id = r.user_id
             join organisations o on o.tenant_id = m.tenant_id and o.id = m.organisation_id
            where r.tenant_id = $1 and r.round_id = $2 and ($5::uuid is null or r.user_id = $5)
         ), entries as (
           select e.submission_id, s.organisation_id, o.country_code
             from round_entries e
             join submissions s on s.tenant_id = e.tenant_id and s.id = e.submission_id
             join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
            where e.tenant_id = $1 and e.round_id = $2 and ($4::uuid[] is null or e.submission_id = any($4))
         )
         select submission_id, user_id, display_name, bool_or(own) from (
           select e.submission_id, r.user_id, r.display_name, true as own
             from entries e join reviewer_orgs r on r.organisation_id = e.organisation_id
           union all
           select e.submission_id, r.user_id, r.display_name, false
             from entries e join reviewer_orgs r on r.country_code = e.country_code
            where $3
         ) pairs
         group by submission_id, user_id, display_name
         order by submission_id, display_name, user_id",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(same_country)
    .bind(ids)
    .bind(reviewer)
    .fetch_all(&mut **db)
    .await
}

/// The entries of the round a reviewer has a recorded conflict of interest with (the automatic
/// ones are `automatic_conflicts`').
pub async fn recorded_conflicts_of(db: &mut TenantTx, round: RoundId, user: UserId) -> sqlx::Result<Vec<SubmissionId>> {
    let tenant_id = db.tenant();
    sqlx::query_scalar(
        "select submission_id from review_conflicts where tenant_id = $1 and round_id = $2 and user_id = $3",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(user)
    .fetch_all(&mut **db)
    .await
}

// ---- Reviewers ----

/// People who may review: the tenant's reviewers, staff and admins, by name (a host has a few
/// dozen; at most 500).
pub async fn reviewer_candidates(db: &mut TenantTx) -> sqlx::Result<Vec<ReviewerCandidate>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select u.id as user_id, u.display_name as name, u.email::text as email
           from tenant_members tm join users u on u.id = tm.user_id
          where tm.tenant_id = $1 and tm.role in ('reviewer', 'staff', 'admin')
          order by u.display_name, u.id
          limit 500",
    )
    .bind(tenant_id)
    .fetch_all(&mut **db)
    .await
}

pub async fn is_candidate(db: &mut TenantTx, user: UserId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    sqlx::query_scalar(
        "select exists (select 1 from tenant_members where tenant_id = $1 and user_id = $2
                          and role in ('reviewer', 'staff', 'admin'))",
    )
    .bind(tenant_id)
    .bind(user)
    .fetch_one(&mut **db)
    .await
}

/// Makes the person a reviewer of the round (`invited`: through an invitation for it); false
/// when they were a reviewer of the round already.
pub async fn add_reviewer(db: &mut TenantTx, round: RoundId, user: UserId, invited: bool) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "insert into round_reviewers (tenant_id, round_id, user_id, invited) values ($1, $2, $3, $4)
         on conflict do nothing",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(user)
    .bind(invited)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Takes a reviewer off the round with their assignments; false when they were not on it.
pub async fn remove_reviewer(db: &mut TenantTx, round: RoundId, user: UserId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query("delete from round_reviewers where tenant_id = $1 and round_id = $2 and user_id = $3")
        .bind(tenant_id)
        .bind(round)
        .bind(user)
        .execute(&mut **db)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// The round's reviewers by name, each with their number of assignments.
pub async fn reviewers(db: &mut TenantTx, round: RoundId) -> sqlx::Result<Vec<RoundReviewer>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select r.user_id, u.display_name as name, u.email::text as email, r.invited,
                (select count(*) from review_assignments a
                  where a.tenant_id = r.tenant_id and a.round_id = r.round_id and a.user_id = r.user_id) as assigned
           from round_reviewers r join users u on u.id = r.user_id
          where r.tenant_id = $1 and r.round_id = $2
          order by u.display_name, r.user_id",
    )
    .bind(tenant_id)
    .bind(round)
    .fetch_all(&mut **db)
    .await
}

/// Whether the person is a reviewer of the round: `None` when not, else whether they joined it
/// through an invitation.
pub async fn reviewer_membership(db: &mut TenantTx, round: RoundId, user: UserId) -> sqlx::Result<Option<bool>> {
    let tenant_id = db.tenant();
    sqlx::query_scalar("select invited from round_reviewers where tenant_id = $1 and round_id = $2 and user_id = $3")
        .bind(tenant_id)
        .bind(round)
        .bind(user)
        .fetch_optional(&mut **db)
        .await
}

pub async fn is_reviewer(db: &mut TenantTx, round: RoundId, user: UserId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    sqlx::query_scalar(
        "select exists (select 1 from round_reviewers where tenant_id = $1 and round_id = $2 and user_id = $3)",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(user)
    .fetch_one(&mut **db)
    .await
}

/// A round with how many of its entries are assigned to one reviewer.
#[derive(sqlx::FromRow)]
pub struct ReviewedRoundRow {
    #[sqlx(flatten)]
    pub round: super::super::domain::Round,
    pub assigned: i64,
    /// They joined the round through an invitation.
    pub invited: bool,
}

/// The rounds a person reviews, each with how many entries it assigns them, latest closing
/// first, in one query (at most 100).
pub async fn rounds_reviewed_by(db: &mut TenantTx, user: UserId) -> sqlx::Result<Vec<ReviewedRoundRow>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {columns},
                (select count(*) from review_assignments a
                  where a.tenant_id = rr.tenant_id and a.round_id = rr.id and a.user_id = $2) as assigned,
                r.invited
           from review_rounds rr
           join round_reviewers r on r.tenant_id = rr.tenant_id and r.round_id = rr.id and r.user_id = $2
          where rr.tenant_id = $1
          order by rr.closes_at desc, rr.id
          limit 100",
        columns = super::ROUND_COLUMNS
    ))
    .bind(tenant_id)
    .bind(user)
    .fetch_all(&mut **db)
    .await
}

// ---- Conflicts and preferences ----

/// Records a conflict (replacing one recorded before for the same pair).
pub async fn set_conflict(
    db: &mut TenantTx,
    round: RoundId,
    submission: SubmissionId,
    user: UserId,
    source: ConflictSource,
    reason: &str,
    by: UserId,
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "insert into review_conflicts (tenant_id, round_id, submission_id, user_id, source, reason, created_by)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (tenant_id, round_id, submission_id, user_id)
           do update set source = excluded.source, reason = excluded.reason, created_by = excluded.created_by",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .bind(user)
    .bind(source)
    .bind(reason)
    .bind(by)
    .execute(&mut **db)
    .await?;
    Ok(())
}

/// Removes a recorded conflict (of `source` only, when given); false when there was none.
pub async fn clear_conflict(
    db: &mut TenantTx,
    round: RoundId,
    submission: SubmissionId,
    user: UserId,
    source: Option<ConflictSource>,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "delete from review_conflicts
          where tenant_id = $1 and round_id = $2 and submission_id = $3 and user_id = $4
            and ($5::text is null or source = $5)",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .bind(user)
    .bind(source)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Sets a reviewer's preference on an entry (`None` removes it).
pub async fn set_preference(
    db: &mut TenantTx,
    round: RoundId,
    submission: SubmissionId,
    user: UserId,
    preference: Option<Preference>,
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    match preference {
        Some(preference) => {
            sqlx::query(
                "insert into review_preferences (tenant_id, round_id, submission_id, user_id, preference)
                 values ($1, $2, $3, $4, $5)
                 on conflict (tenant_id, round_id, submission_id, user_id) do update set preference = excluded.preference",
            )
            .bind(tenant_id)
            .bind(round)
            .bind(submission)
            .bind(user)
            .bind(preference)
            .execute(&mut **db)
            .await?;
        }
        None => {
            sqlx::query(
                "delete from review_preferences
                  where tenant_id = $1 and round_id = $2 and submission_id = $3 and user_id = $4",
            )
            .bind(tenant_id)
            .bind(round)
            .bind(submission)
            .bind(user)
            .execute(&mut **db)
            .await?;
        }
    }
    Ok(())
}

/// A reviewer's preferences and recorded conflicts on `submissions`, with whether each is
/// assigned to them: (entry, preference, recorded conflict source and reason, assigned).
pub async fn reviewer_marks(
    db: &mut TenantTx,
    round: RoundId,
    user: UserId,
    submissions: &[SubmissionId],
) -> sqlx::Result<Vec<(SubmissionId, Option<Preference>, Option<ConflictSource>, Option<String>, bool)>> {
    let tenant_id = db.tenant();
    let ids: Vec<uuid::Uuid> = submissions.iter().map(|s| s.0).collect();
    sqlx::query_as(
        "select e.id, p.preference, c.source, c.reason, a.user_id is not null
           from unnest($4::uuid[]) as e(id)
           left join review_preferences p on p.tenant_id = $1 and p.round_id = $2 and p.submission_id = e.id and p.user_id = $3
           left join review_conflicts c on c.tenant_id = $1 and c.round_id = $2 and c.submission_id = e.id and c.user_id = $3
           left join review_assignments a on a.tenant_id = $1 and a.round_id = $2 and a.submission_id = e.id and a.user_id = $3",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(user)
    .bind(&ids)
    .fetch_all(&mut **db)
    .await
}

// ---- Assignments ----

/// Assigns one pair; false when it was assigned already.
pub async fn assign(
    db: &mut TenantTx,
    round: RoundId,
    submission: SubmissionId,
    user: UserId,
    method: AssignmentMethod,
    by: UserId,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "insert into review_assignments (tenant_id, round_id, submission_id, user_id, method, assigned_by)
         values ($1, $2, $3, $4, $5, $6) on conflict do nothing",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .bind(user)
    .bind(method)
    .bind(by)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Assigns many pairs in one statement, as the automatic assignment made them.
pub async fn assign_automatically(
    db: &mut TenantTx,
    round: RoundId,
    pairs: &[(SubmissionId, UserId)],
    by: UserId,
) -> sqlx::Result<u64> {
    let tenant_id = db.tenant();
    let entries: Vec<uuid::Uuid> = pairs.iter().map(|p| p.0.0).collect();
    let reviewers: Vec<uuid::Uuid> = pairs.iter().map(|p| p.1.0).collect();
    let result = sqlx::query(
        "insert into review_assignments (tenant_id, round_id, submission_id, user_id, method, assigned_by)
         select $1, $2, p.entry, p.reviewer, 'automatic', $5
           from unnest($3::uuid[], $4::uuid[]) as p(entry, reviewer)
         on conflict do nothing",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(&entries)
    .bind(&reviewers)
    .bind(by)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected())
}

pub async fn unassign(db: &mut TenantTx, round: RoundId, submission: SubmissionId, user: UserId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "delete from review_assignments where tenant_id = $1 and round_id = $2 and submission_id = $3 and user_id = $4",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .bind(user)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Everything the automatic assignment reads, each list in a fixed order so that the same round
/// gives the solver the same problem.
pub struct AssignmentInputs {
    pub entries: Vec<SubmissionId>,
    pub reviewers: Vec<UserId>,
    pub assigned: Vec<(SubmissionId, UserId)>,
    pub preferences: Vec<(SubmissionId, UserId, Preference)>,
    pub recorded_conflicts: Vec<(SubmissionId, UserId)>,
}

pub async fn assignment_inputs(db: &mut TenantTx, round: RoundId) -> sqlx::Result<AssignmentInputs> {
    let tenant_id = db.tenant();
    let entries = super::entry_ids(db, round).await?;
    let reviewers = sqlx::query_scalar(
        "select user_id from round_reviewers where tenant_id = $1 and round_id = $2 order by user_id",
    )
    .bind(tenant_id)
    .bind(round)
    .fetch_all(&mut **db)
    .await?;
    let assigned = sqlx::query_as(
        "select submission_id, user_id from review_assignments where tenant_id = $1 and round_id = $2
          order by submission_id, user_id",
    )
    .bind(tenant_id)
    .bind(round)
    .fetch_all(&mut **db)
    .await?;
    let preferences = sqlx::query_as(
        "select submission_id, user_id, preference from review_preferences where tenant_id = $1 and round_id = $2
          order by submission_id, user_id",
    )
    .bind(tenant_id)
    .bind(round)
    .fetch_all(&mut **db)
    .await?;
    let recorded_conflicts = sqlx::query_as(
        "select submission_id, user_id from review_conflicts where tenant_id = $1 and round_id = $2
          order by submission_id, user_id",
    )
    .bind(tenant_id)
    .bind(round)
    .fetch_all(&mut **db)
    .await?;
    Ok(AssignmentInputs { entries, reviewers, assigned, preferences, recorded_conflicts })
}

/// Per reviewer, how many of their assignments they had said they were eager for, willing to
/// take, or would rather not: (reviewer, eager, willing, rather not).
pub async fn preferences_met(db: &mut TenantTx, round: RoundId) -> sqlx::Result<Vec<(UserId, i64, i64, i64)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select a.user_id,
                count(*) filter (where p.preference = 'eager'),
                count(*) filter (where p.preference = 'willing'),
                count(*) filter (where p.preference = 'rather_not')
           from review_assignments a
           left join review_preferences p on p.tenant_id = a.tenant_id and p.round_id = a.round_id
                and p.submission_id = a.submission_id and p.user_id = a.user_id
          where a.tenant_id = $1 and a.round_id = $2
          group by a.user_id",
    )
    .bind(tenant_id)
    .bind(round)
    .fetch_all(&mut **db)
    .await
}
