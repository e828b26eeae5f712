//! SQL for reviews and their scores.

use super::super::domain::{Recommendation, Review, ReviewStatus, Score};
use crate::db::wall::TenantTx;
use crate::i18n::{Lang, TimeZone};
use crate::ids::{CriterionId, ReviewId, RoundId, SubmissionId, UserId};

const REVIEW_COLUMNS: &str =
    "id, submission_id, user_id, status, recommendation, note_to_staff, version, submitted_at, updated_at";

/// A reviewer's review of an entry; with `lock`, held until the transaction ends.
pub async fn review_of(
    db: &mut TenantTx,
    round: RoundId,
    submission: SubmissionId,
    user: UserId,
    lock: bool,
) -> sqlx::Result<Option<Review>> {
    let tenant_id = db.tenant();
    let lock = if lock { " for update" } else { "" };
    sqlx::query_as(&format!(
        "select {REVIEW_COLUMNS} from reviews
          where tenant_id = $1 and round_id = $2 and submission_id = $3 and user_id = $4{lock}"
    ))
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .bind(user)
    .fetch_optional(&mut **db)
    .await
}

/// The scores of `reviews`, each with its review.
pub async fn scores_of(db: &mut TenantTx, reviews: &[ReviewId]) -> sqlx::Result<Vec<(ReviewId, Score)>> {
    let tenant_id = db.tenant();
    let ids: Vec<uuid::Uuid> = reviews.iter().map(|r| r.0).collect();
    let rows: Vec<(ReviewId, CriterionId, Option<i32>, String)> = sqlx::query_as(
        "select review_id, criterion_id, score, comment from review_scores
          where tenant_id = $1 and review_id = any($2)",
    )
    .bind(tenant_id)
    .bind(&ids)
    .fetch_all(&mut **db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(review, criterion_id, score, comment)| (review, Score { criterion_id, score, comment }))
        .collect())
}

/// The fields a save writes.
pub struct ReviewFields<'a> {
    pub status: ReviewStatus,
    pub recommendation: Option<Recommendation>,
    pub note_to_staff: &'a str,
}

/// A new review (version 1); fails on the unique pair when the reviewer has one already.
pub async fn insert_review(
    db: &mut TenantTx,
    id: ReviewId,
    (round, submission, user): (RoundId, SubmissionId, UserId),
    fields: &ReviewFields<'_>,
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "insert into reviews (tenant_id, id, round_id, submission_id, user_id, status, recommendation, note_to_staff,
           submitted_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, case when $6 = 'submitted' then now() end)",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(round)
    .bind(submission)
    .bind(user)
    .bind(fields.status)
    .bind(fields.recommendation)
    .bind(fields.note_to_staff)
    .execute(&mut **db)
    .await?;
    Ok(())
}

/// Saves over `version`; false when someone (another window) saved in between. The first
/// submission sets `submitted_at`; later saves of a submitted review keep it.
pub async fn update_review(
    db: &mut TenantTx,
    id: ReviewId,
    version: i32,
    fields: &ReviewFields<'_>,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update reviews set status = $4, recommendation = $5, note_to_staff = $6,
                submitted_at = case when $4 = 'submitted' then coalesce(submitted_at, now()) end,
                version = version + 1
          where tenant_id = $1 and id = $2 and version = $3",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(version)
    .bind(fields.status)
    .bind(fields.recommendation)
    .bind(fields.note_to_staff)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Replaces a review's scores with `scores` (criterion, score, comment) in one statement.
pub async fn replace_scores(
    db: &mut TenantTx,
    review: ReviewId,
    scores: &[(CriterionId, Option<i32>, String)],
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query("delete from review_scores where tenant_id = $1 and review_id = $2")
        .bind(tenant_id)
        .bind(review)
        .execute(&mut **db)
        .await?;
    let criteria: Vec<uuid::Uuid> = scores.iter().map(|s| s.0.0).collect();
    let values: Vec<Option<i32>> = scores.iter().map(|s| s.1).collect();
    let comments: Vec<&str> = scores.iter().map(|s| s.2.as_str()).collect();
    sqlx::query(
        "insert into review_scores (tenant_id, review_id, criterion_id, score, comment)
         select $1, $2, s.criterion, s.score, s.comment
           from unnest($3::uuid[], $4::int[], $5::text[]) as s(criterion, score, comment)",
    )
    .bind(tenant_id)
    .bind(review)
    .bind(&criteria)
    .bind(&values)
    .bind(&comments)
    .execute(&mut **db)
    .await?;
    Ok(())
}

/// The submitted reviews of an entry by anyone but `except`, in the order they were submitted.
pub async fn other_submitted_reviews(
    db: &mut TenantTx,
    round: RoundId,
    submission: SubmissionId,
    except: UserId,
) -> sqlx::Result<Vec<Review>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {REVIEW_COLUMNS} from reviews
          where tenant_id = $1 and round_id = $2 and submission_id = $3 and user_id <> $4 and status = 'submitted'
          order by submitted_at, id"
    ))
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .bind(except)
    .fetch_all(&mut **db)
    .await
}

/// The entries assigned to a reviewer in a round, with the state of their review of each:
/// (entry, title, review status or none yet).
pub async fn assigned_with_status(
    db: &mut TenantTx,
    round: RoundId,
    user: UserId,
) -> sqlx::Result<Vec<(SubmissionId, String, Option<ReviewStatus>)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select a.submission_id, s.title, r.status
           from review_assignments a
           join submissions s on s.tenant_id = a.tenant_id and s.id = a.submission_id
           left join reviews r on r.tenant_id = a.tenant_id and r.round_id = a.round_id
                and r.submission_id = a.submission_id and r.user_id = a.user_id
          where a.tenant_id = $1 and a.round_id = $2 and a.user_id = $3
          order by a.created_at, a.submission_id
          limit 1000",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(user)
    .fetch_all(&mut **db)
    .await
}

/// Whether any review of the round has been submitted, set aside since or not (its rubric is
/// then fixed: the scores on record stay on their criteria).
pub async fn has_submitted_reviews(db: &mut TenantTx, round: RoundId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    sqlx::query_scalar(
        "select exists (select 1 from reviews where tenant_id = $1 and round_id = $2
                          and status in ('submitted', 'set_aside'))",
    )
    .bind(tenant_id)
    .bind(round)
    .fetch_one(&mut **db)
    .await
}

/// Whether the reviewer has submitted reviews in the round: of `submission`, or of any entry.
pub async fn has_submitted(
    db: &mut TenantTx,
    round: RoundId,
    submission: Option<SubmissionId>,
    user: UserId,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    sqlx::query_scalar(
        "select exists (select 1 from reviews where tenant_id = $1 and round_id = $2 and user_id = $4
                          and ($3::uuid is null or submission_id = $3) and status = 'submitted')",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .bind(user)
    .fetch_one(&mut **db)
    .await
}

/// Deletes drafts: in `round` (every round with `None`), of `submission` (every entry with
/// `None`), by `user` (everyone with `None`). Submitted reviews are never deleted.
pub async fn delete_drafts(
    db: &mut TenantTx,
    round: Option<RoundId>,
    submission: Option<SubmissionId>,
    user: Option<UserId>,
) -> sqlx::Result<u64> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "delete from reviews where tenant_id = $1 and status = 'draft'
           and ($2::uuid is null or round_id = $2) and ($3::uuid is null or submission_id = $3)
           and ($4::uuid is null or user_id = $4)",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .bind(user)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected())
}

/// Moves the reviewer's review of the entry from status `from` to `to`: a submitted review set
/// aside (a conflict of interest found after it was submitted), or counted again (the conflict
/// cleared). False when there is none in `from`.
pub async fn move_review(
    db: &mut TenantTx,
    (round, submission, user): (RoundId, SubmissionId, UserId),
    from: ReviewStatus,
    to: ReviewStatus,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update reviews set status = $6, version = version + 1
          where tenant_id = $1 and round_id = $2 and submission_id = $3 and user_id = $4 and status = $5",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .bind(user)
    .bind(from)
    .bind(to)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// How many reviews an entry has on record (submitted, or submitted and set aside): in `round`,
/// or in every round with `None`.
pub async fn submitted_reviews_of(
    db: &mut TenantTx,
    round: Option<RoundId>,
    submission: SubmissionId,
) -> sqlx::Result<i64> {
    let tenant_id = db.tenant();
    sqlx::query_scalar(
        "select count(*) from reviews where tenant_id = $1 and ($2::uuid is null or round_id = $2)
           and submission_id = $3 and status in ('submitted', 'set_aside')",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .fetch_one(&mut **db)
    .await
}

/// A reviewer with assigned entries not yet reviewed (no review, or a draft): whom to remind.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LateReviewer {
    pub email: String,
    pub name: String,
    pub lang: Lang,
    pub time_zone: TimeZone,
    pub missing: i64,
}

pub async fn late_reviewers(db: &mut TenantTx, round: RoundId) -> sqlx::Result<Vec<LateReviewer>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select u.email::text as email, u.display_name as name, u.locale as lang, u.time_zone,
                count(*) as missing
           from review_assignments a
           join users u on u.id = a.user_id
           left join reviews r on r.tenant_id = a.tenant_id and r.round_id = a.round_id
                and r.submission_id = a.submission_id and r.user_id = a.user_id
          where a.tenant_id = $1 and a.round_id = $2 and (r.status is null or r.status = 'draft')
          group by u.id, u.email, u.display_name, u.locale, u.time_zone
          order by u.display_name, u.id",
    )
    .bind(tenant_id)
    .bind(round)
    .fetch_all(&mut **db)
    .await
}

/// Rounds of the tenant whose automatic reminder is due: closing within their reminder window,
/// not closed yet, not reminded yet.
pub async fn rounds_due_a_reminder(db: &mut TenantTx) -> sqlx::Result<Vec<RoundId>> {
    let tenant_id = db.tenant();
    sqlx::query_scalar(
        "select id from review_rounds
          where tenant_id = $1 and reminded_at is null and closes_at > now()
            and closes_at - make_interval(hours => remind_hours_before) <= now()
          order by closes_at, id",
    )
    .bind(tenant_id)
    .fetch_all(&mut **db)
    .await
}

/// Marks the round's automatic reminder as sent; false when another instance sent it first.
pub async fn mark_reminded(db: &mut TenantTx, round: RoundId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update review_rounds set reminded_at = now() where tenant_id = $1 and id = $2 and reminded_at is null",
    )
    .bind(tenant_id)
    .bind(round)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Dates a review as submitted at `at` (the demo's 2024 reviews).
pub async fn backdate_review(db: &mut TenantTx, id: ReviewId, at: chrono::DateTime<chrono::Utc>) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "update reviews set submitted_at = $3, created_at = $3, updated_at = $3 where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(at)
    .execute(&mut **db)
    .await?;
    Ok(())
}
