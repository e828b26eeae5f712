//! The rows of a round's CSV exports for staff: every review, and every pair of entry and
//! reviewer the round records something about (an assignment, a preference, a conflict).

use chrono::{DateTime, Utc};

use super::super::domain::{AssignmentMethod, ConflictSource, Preference, Recommendation, ReviewStatus};
use crate::db::wall::TenantTx;
use crate::ids::{CriterionId, ReviewId, RoundId, SubmissionId, UserId};

/// A review of the round with the entry and reviewer it is about.
#[derive(sqlx::FromRow)]
pub struct ReviewExportRow {
    pub id: ReviewId,
    pub submission_id: SubmissionId,
    pub title: String,
    pub organisation_name: String,
    pub country_code: String,
    pub reviewer_name: String,
    pub status: ReviewStatus,
    pub recommendation: Option<Recommendation>,
    pub note_to_staff: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// Every review of the round, drafts included, by entry title then reviewer name.
pub async fn reviews_for_export(db: &mut TenantTx, round: RoundId) -> sqlx::Result<Vec<ReviewExportRow>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select r.id, r.submission_id, s.title, o.name as organisation_name, o.country_code, u.display_name as reviewer_name,
                r.status, r.recommendation, r.note_to_staff, r.submitted_at, r.updated_at
           from reviews r
           join submissions s on s.tenant_id = r.tenant_id and s.id = r.submission_id
           join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
           join users u on u.id = r.user_id
          where r.tenant_id = $1 and r.round_id = $2
          order by s.title, s.id, u.display_name, u.id",
    )
    .bind(tenant_id)
    .bind(round)
    .fetch_all(&mut **db)
    .await
}

/// Every score of the round's reviews: (review, criterion, score, comment).
pub async fn round_scores(
    db: &mut TenantTx,
    round: RoundId,
) -> sqlx::Result<Vec<(ReviewId, CriterionId, Option<i32>, String)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select s.review_id, s.criterion_id, s.score, s.comment
           from review_scores s join reviews r on r.tenant_id = s.tenant_id and r.id = s.review_id
          where r.tenant_id = $1 and r.round_id = $2",
    )
    .bind(tenant_id)
    .bind(round)
    .fetch_all(&mut **db)
    .await
}

/// A pair of entry and reviewer and what the round records of it.
#[derive(sqlx::FromRow)]
pub struct PairExportRow {
    pub submission_id: SubmissionId,
    pub user_id: UserId,
    pub title: String,
    pub organisation_name: String,
    pub country_code: String,
    pub reviewer_name: String,
    pub method: Option<AssignmentMethod>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub preference: Option<Preference>,
    pub conflict: Option<ConflictSource>,
    pub conflict_reason: Option<String>,
    pub review_status: Option<ReviewStatus>,
}

/// Every pair the round holds an assignment, a preference or a recorded conflict for, and the
/// `more` pairs given (the conflicts read from the memberships, which are never stored), by entry
/// title then reviewer name.
pub async fn pairs_for_export(
    db: &mut TenantTx,
    round: RoundId,
    more: &[(SubmissionId, UserId)],
) -> sqlx::Result<Vec<PairExportRow>> {
    let tenant_id = db.tenant();
    let more_entries: Vec<uuid::Uuid> = more.iter().map(|p| p.0.0).collect();
    let more_reviewers: Vec<uuid::Uuid> = more.iter().map(|p| p.1.0).collect();
    sqlx::query_as(
        "with pairs as (
           select submission_id, user_id from review_assignments where tenant_id = $1 and round_id = $2
           union select submission_id, user_id from review_preferences where tenant_id = $1 and round_id = $2
           union select submission_id, user_id from review_conflicts where tenant_id = $1 and round_id = $2
           union select * from unnest($3::uuid[], $4::uuid[])
         )
         select p.submission_id, p.user_id, s.title, o.name as organisation_name, o.country_code,
                u.display_name as reviewer_name, a.method, a.created_at as assigned_at, pr.preference,
                c.source as conflict, c.reason as conflict_reason, r.status as review_status
           from pairs p
           join submissions s on s.tenant_id = $1 and s.id = p.submission_id
           join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
           join users u on u.id = p.user_id
           left join review_assignments a
                  on a.tenant_id = $1 and a.round_id = $2 and a.submission_id = p.submission_id and a.user_id = p.user_id
           left join review_preferences pr
                  on pr.tenant_id = $1 and pr.round_id = $2 and pr.submission_id = p.submission_id and pr.user_id = p.user_id
           left join review_conflicts c
                  on c.tenant_id = $1 and c.round_id = $2 and c.submission_id = p.submission_id and c.user_id = p.user_id
           left join reviews r
                  on r.tenant_id = $1 and r.round_id = $2 and r.submission_id = p.submission_id and r.user_id = p.user_id
          order by s.title, s.id, u.display_name, u.id",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(&more_entries)
    .bind(&more_reviewers)
    .fetch_all(&mut **db)
    .await
}
