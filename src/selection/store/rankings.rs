//! SQL for the ranked table of a round and the discussion of its entries.

use super::super::domain::Ranking;
use crate::db::wall::TenantTx;
use crate::ids::{CriterionId, RoundId, SubmissionId, UserId};

/// Records that what the ranking reads has changed (a review, the entries).
pub async fn touch_results(db: &mut TenantTx, round: RoundId) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query("update review_rounds set results_version = results_version + 1 where tenant_id = $1 and id = $2")
        .bind(tenant_id)
        .bind(round)
        .execute(&mut **db)
        .await?;
    Ok(())
}

/// The round's change counter, with the round's row locked until the transaction ends, and
/// whether the stored ranking was computed at that count.
pub async fn lock_results(db: &mut TenantTx, round: RoundId) -> sqlx::Result<Option<(i32, bool)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select results_version, ranked_version is not distinct from results_version
           from review_rounds where tenant_id = $1 and id = $2 for update",
    )
    .bind(tenant_id)
    .bind(round)
    .fetch_optional(&mut **db)
    .await
}

/// Whether the stored ranking is current (read without a lock, for pages that only read).
pub async fn ranking_is_current(db: &mut TenantTx, round: RoundId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let current: Option<bool> = sqlx::query_scalar(
        "select ranked_version is not distinct from results_version from review_rounds where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(round)
    .fetch_optional(&mut **db)
    .await?;
    Ok(current.unwrap_or(true))
}

/// The round's entries in id order.
pub async fn entry_ids(db: &mut TenantTx, round: RoundId) -> sqlx::Result<Vec<SubmissionId>> {
    let tenant_id = db.tenant();
    sqlx::query_scalar(
        "select submission_id from round_entries where tenant_id = $1 and round_id = $2 order by submission_id",
    )
    .bind(tenant_id)
    .bind(round)
    .fetch_all(&mut **db)
    .await
}

/// Every score of the round's submitted reviews: (entry, reviewer, criterion, score), in entry,
/// reviewer order.
pub async fn submitted_scores(
    db: &mut TenantTx,
    round: RoundId,
) -> sqlx::Result<Vec<(SubmissionId, UserId, CriterionId, Option<i32>)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select r.submission_id, r.user_id, s.criterion_id, s.score
           from reviews r join review_scores s on s.tenant_id = r.tenant_id and s.review_id = r.id
          where r.tenant_id = $1 and r.round_id = $2 and r.status = 'submitted'
          order by r.submission_id, r.user_id",
    )
    .bind(tenant_id)
    .bind(round)
    .fetch_all(&mut **db)
    .await
}

/// A computed row of the ranked table, as stored.
#[derive(serde::Serialize)]
pub struct RankingRow {
    pub submission_id: SubmissionId,
    pub reviews: i32,
    pub total: Option<f64>,
    pub criterion_means: Vec<Option<f64>>,
    pub spread: f64,
    pub disagreement: bool,
    pub normalised: Option<f64>,
    pub rank: Option<i32>,
    pub normalised_rank: Option<i32>,
    pub position: i32,
    pub normalised_position: i32,
}

/// Replaces the round's ranked table and marks it computed at `version`.
pub async fn replace_ranking(db: &mut TenantTx, round: RoundId, rows: &[RankingRow], version: i32) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query("delete from round_rankings where tenant_id = $1 and round_id = $2")
        .bind(tenant_id)
        .bind(round)
        .execute(&mut **db)
        .await?;
    // One statement for thousands of rows: the rows as a JSON array, read back as records
    // (a JSON array becomes a PostgreSQL array column).
    let rows = serde_json::to_value(rows).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "insert into round_rankings (tenant_id, round_id, submission_id, reviews, total, criterion_means, spread,
           disagreement, normalised, rank, normalised_rank, position, normalised_position)
         select $1, $2, x.submission_id, x.reviews, x.total, x.criterion_means, x.spread, x.disagreement, x.normalised,
                x.rank, x.normalised_rank, x.position, x.normalised_position
           from jsonb_to_recordset($3) as x(submission_id uuid, reviews integer, total double precision,
                criterion_means double precision[], spread double precision, disagreement boolean,
                normalised double precision, rank integer, normalised_rank integer, position integer,
                normalised_position integer)",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(rows)
    .execute(&mut **db)
    .await?;
    sqlx::query("update review_rounds set ranked_version = $3 where tenant_id = $1 and id = $2")
        .bind(tenant_id)
        .bind(round)
        .bind(version)
        .execute(&mut **db)
        .await?;
    Ok(())
}

const RANKING_COLUMNS: &str =
    "k.submission_id, s.title, o.name as organisation_name, o.country_code::text as country_code,
    k.reviews, k.total, k.criterion_means, k.spread, k.disagreement, k.normalised, k.rank, k.normalised_rank,
    k.position, k.normalised_position,
    exists (select 1 from round_entries e where e.tenant_id = k.tenant_id and e.round_id = k.round_id
             and e.submission_id = k.submission_id and e.shortlisted_at is not null) as shortlisted";

/// `limit` rows of the ranked table after `after` (a position), in the raw order or the
/// normalised one, without the entries in `hidden`.
pub async fn ranking_page(
    db: &mut TenantTx,
    round: RoundId,
    normalised: bool,
    after: Option<i32>,
    limit: i64,
    hidden: &[SubmissionId],
) -> sqlx::Result<Vec<Ranking>> {
    let tenant_id = db.tenant();
    let position = if normalised { "k.normalised_position" } else { "k.position" };
    let hidden: Vec<uuid::Uuid> = hidden.iter().map(|s| s.0).collect();
    sqlx::query_as(&format!(
        "select {RANKING_COLUMNS}
           from round_rankings k
           join submissions s on s.tenant_id = k.tenant_id and s.id = k.submission_id
           join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
          where k.tenant_id = $1 and k.round_id = $2 and {position} > $3 and k.submission_id <> all($5)
          order by {position}
          limit $4"
    ))
    .bind(tenant_id)
    .bind(round)
    .bind(after.unwrap_or(0))
    .bind(limit)
    .bind(&hidden)
    .fetch_all(&mut **db)
    .await
}

/// One entry's row of the ranked table.
pub async fn ranking_of(db: &mut TenantTx, round: RoundId, submission: SubmissionId) -> sqlx::Result<Option<Ranking>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {RANKING_COLUMNS}
           from round_rankings k
           join submissions s on s.tenant_id = k.tenant_id and s.id = k.submission_id
           join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
          where k.tenant_id = $1 and k.round_id = $2 and k.submission_id = $3"
    ))
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .fetch_optional(&mut **db)
    .await
}

/// Every submitted and draft review of an entry with its reviewer's name, for staff.
pub async fn reviews_of_entry(
    db: &mut TenantTx,
    round: RoundId,
    submission: SubmissionId,
) -> sqlx::Result<Vec<(super::super::domain::Review, String)>> {
    let tenant_id = db.tenant();
    let rows: Vec<ReviewWithName> = sqlx::query_as(
        "select r.id, r.submission_id, r.user_id, r.status, r.recommendation, r.note_to_staff, r.version, r.submitted_at,
                r.updated_at, u.display_name as reviewer_name
           from reviews r join users u on u.id = r.user_id
          where r.tenant_id = $1 and r.round_id = $2 and r.submission_id = $3
          order by r.submitted_at nulls last, r.id",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .fetch_all(&mut **db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.review, r.reviewer_name)).collect())
}

#[derive(sqlx::FromRow)]
struct ReviewWithName {
    #[sqlx(flatten)]
    review: super::super::domain::Review,
    reviewer_name: String,
}

/// The discussion of an entry, oldest first (at most 500 comments): (author name, body, when).
pub async fn comments(
    db: &mut TenantTx,
    round: RoundId,
    submission: SubmissionId,
) -> sqlx::Result<Vec<super::super::domain::Comment>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select c.id, u.display_name as author_name, c.body, c.created_at
           from round_comments c join users u on u.id = c.author_id
          where c.tenant_id = $1 and c.round_id = $2 and c.submission_id = $3
          order by c.created_at, c.id
          limit 500",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .fetch_all(&mut **db)
    .await
}

pub async fn insert_comment(
    db: &mut TenantTx,
    round: RoundId,
    submission: SubmissionId,
    author: UserId,
    body: &str,
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "insert into round_comments (tenant_id, id, round_id, submission_id, author_id, body)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant_id)
    .bind(uuid::Uuid::now_v7())
    .bind(round)
    .bind(submission)
    .bind(author)
    .bind(body)
    .execute(&mut **db)
    .await?;
    Ok(())
}
