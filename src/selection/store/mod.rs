//! SQL for screening, review rounds and their rubric. Every function takes a `TenantTx` and
//! filters by its tenant. Private to `selection`.

use chrono::{DateTime, Utc};

mod assignment;
mod decisions;
mod exports;
mod invitations;
mod rankings;
mod reviews;
pub use assignment::*;
pub use decisions::*;
pub use exports::*;
pub use invitations::*;
pub use rankings::*;
pub use reviews::*;

use super::domain::{Criterion, Round, Screening};
use crate::db::wall::TenantTx;
use crate::ids::{CallId, CriterionId, RoundId, SubmissionId, UserId};

const ROUND_COLUMNS: &str = "id, call_id, name, instructions, opens_at, closes_at, reviews_per_entry, blind,
    conflict_same_country, disagreement_at, remind_hours_before, version";

const CRITERION_COLUMNS: &str = "id, position, name, description, weight, scale_min, scale_max, anchors";

pub struct RoundFields<'a> {
    pub name: &'a str,
    pub instructions: &'a str,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub reviews_per_entry: i32,
    pub blind: bool,
    pub conflict_same_country: bool,
    pub disagreement_at: i32,
    pub remind_hours_before: i32,
}

/// Fails with a unique violation on `review_rounds_name_key` when the call has a round so named.
pub async fn insert_round(db: &mut TenantTx, call: CallId, id: RoundId, fields: &RoundFields<'_>) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "insert into review_rounds (tenant_id, id, call_id, name, instructions, opens_at, closes_at,
           reviews_per_entry, blind, conflict_same_country, disagreement_at, remind_hours_before)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(call)
    .bind(fields.name)
    .bind(fields.instructions)
    .bind(fields.opens_at)
    .bind(fields.closes_at)
    .bind(fields.reviews_per_entry)
    .bind(fields.blind)
    .bind(fields.conflict_same_country)
    .bind(fields.disagreement_at)
    .bind(fields.remind_hours_before)
    .execute(&mut **db)
    .await?;
    Ok(())
}

/// Applies an edit made on `version`; false when someone saved in between.
pub async fn update_round(
    db: &mut TenantTx,
    id: RoundId,
    version: i32,
    fields: &RoundFields<'_>,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update review_rounds set name = $4, instructions = $5, opens_at = $6, closes_at = $7, reviews_per_entry = $8,
           blind = $9, conflict_same_country = $10, disagreement_at = $11, remind_hours_before = $12,
           version = version + 1
         where tenant_id = $1 and id = $2 and version = $3",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(version)
    .bind(fields.name)
    .bind(fields.instructions)
    .bind(fields.opens_at)
    .bind(fields.closes_at)
    .bind(fields.reviews_per_entry)
    .bind(fields.blind)
    .bind(fields.conflict_same_country)
    .bind(fields.disagreement_at)
    .bind(fields.remind_hours_before)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// A round by id; with `for_update`, locked until the transaction ends (edits of its rubric
/// take the lock so that two of them never interleave their positions).
pub async fn round(db: &mut TenantTx, id: RoundId, for_update: bool) -> sqlx::Result<Option<Round>> {
    let tenant_id = db.tenant();
    let lock = if for_update { " for update" } else { "" };
    sqlx::query_as(&format!("select {ROUND_COLUMNS} from review_rounds where tenant_id = $1 and id = $2{lock}"))
        .bind(tenant_id)
        .bind(id)
        .fetch_optional(&mut **db)
        .await
}

/// A call's rounds in the order they open (a call has a handful; at most 100).
pub async fn rounds_of_call(db: &mut TenantTx, call: CallId) -> sqlx::Result<Vec<Round>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {ROUND_COLUMNS} from review_rounds where tenant_id = $1 and call_id = $2
         order by opens_at, id limit 100"
    ))
    .bind(tenant_id)
    .bind(call)
    .fetch_all(&mut **db)
    .await
}

pub struct CriterionFields<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub weight: i32,
    pub scale_min: i32,
    pub scale_max: i32,
    pub anchors: &'a [String],
}

/// A round's rubric in order.
pub async fn criteria(db: &mut TenantTx, round: RoundId) -> sqlx::Result<Vec<Criterion>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {CRITERION_COLUMNS} from round_criteria where tenant_id = $1 and round_id = $2 order by position, id"
    ))
    .bind(tenant_id)
    .bind(round)
    .fetch_all(&mut **db)
    .await
}

/// Adds a criterion after the rubric's last.
pub async fn insert_criterion(
    db: &mut TenantTx,
    round: RoundId,
    id: CriterionId,
    fields: &CriterionFields<'_>,
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "insert into round_criteria (tenant_id, round_id, id, position, name, description, weight, scale_min, scale_max, anchors)
         values ($1, $2, $3,
           (select coalesce(max(position), 0) + 1 from round_criteria where tenant_id = $1 and round_id = $2),
           $4, $5, $6, $7, $8, $9)",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(id)
    .bind(fields.name)
    .bind(fields.description)
    .bind(fields.weight)
    .bind(fields.scale_min)
    .bind(fields.scale_max)
    .bind(fields.anchors)
    .execute(&mut **db)
    .await?;
    Ok(())
}

/// False when the round has no such criterion.
pub async fn update_criterion(
    db: &mut TenantTx,
    round: RoundId,
    id: CriterionId,
    fields: &CriterionFields<'_>,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update round_criteria set name = $4, description = $5, weight = $6, scale_min = $7, scale_max = $8, anchors = $9
         where tenant_id = $1 and round_id = $2 and id = $3",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(id)
    .bind(fields.name)
    .bind(fields.description)
    .bind(fields.weight)
    .bind(fields.scale_min)
    .bind(fields.scale_max)
    .bind(fields.anchors)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// False when the round has no such criterion.
pub async fn delete_criterion(db: &mut TenantTx, round: RoundId, id: CriterionId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query("delete from round_criteria where tenant_id = $1 and round_id = $2 and id = $3")
        .bind(tenant_id)
        .bind(round)
        .bind(id)
        .execute(&mut **db)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Gives the criteria the positions 1, 2, 3… in the order of `ids`.
pub async fn set_criterion_order(db: &mut TenantTx, round: RoundId, ids: &[CriterionId]) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    let ids: Vec<uuid::Uuid> = ids.iter().map(|id| id.0).collect();
    sqlx::query(
        "update round_criteria c set position = o.position
         from unnest($3::uuid[]) with ordinality as o(id, position)
         where c.tenant_id = $1 and c.round_id = $2 and c.id = o.id",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(&ids)
    .execute(&mut **db)
    .await?;
    Ok(())
}

// ---- Screening ----

/// The call's ineligibility reasons and the version of the list (0 before any was saved).
pub async fn screening_reasons(db: &mut TenantTx, call: CallId) -> sqlx::Result<(Vec<String>, i32)> {
    let tenant_id = db.tenant();
    let row: Option<(Vec<String>, i32)> =
        sqlx::query_as("select reasons, version from screening_reasons where tenant_id = $1 and call_id = $2")
            .bind(tenant_id)
            .bind(call)
            .fetch_optional(&mut **db)
            .await?;
    Ok(row.unwrap_or_default())
}

/// Saves the list over `version` (0: none saved yet); false when someone saved in between.
pub async fn save_screening_reasons(
    db: &mut TenantTx,
    call: CallId,
    version: i32,
    reasons: &[String],
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let sql = if version == 0 {
        "insert into screening_reasons (tenant_id, call_id, reasons) values ($1, $2, $4)
         on conflict (tenant_id, call_id) do nothing"
    } else {
        "update screening_reasons set reasons = $4, version = version + 1
         where tenant_id = $1 and call_id = $2 and version = $3"
    };
    let result = sqlx::query(sql).bind(tenant_id).bind(call).bind(version).bind(reasons).execute(&mut **db).await?;
    Ok(result.rows_affected() == 1)
}

const SCREENING_COLUMNS: &str = "submission_id, eligible, reason, note, screened_by, version, updated_at";

pub async fn screening(db: &mut TenantTx, submission: SubmissionId) -> sqlx::Result<Option<Screening>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {SCREENING_COLUMNS} from submission_screenings where tenant_id = $1 and submission_id = $2"
    ))
    .bind(tenant_id)
    .bind(submission)
    .fetch_optional(&mut **db)
    .await
}

pub struct ScreeningFields<'a> {
    pub eligible: bool,
    pub reason: Option<&'a str>,
    pub note: &'a str,
    pub screened_by: UserId,
}

/// Records the screening over `version` (0: not screened yet); false when someone screened the
/// entry in between.
pub async fn save_screening(
    db: &mut TenantTx,
    submission: SubmissionId,
    version: i32,
    fields: &ScreeningFields<'_>,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let sql = if version == 0 {
        "insert into submission_screenings (tenant_id, submission_id, eligible, reason, note, screened_by)
         values ($1, $2, $4, $5, $6, $7)
         on conflict (tenant_id, submission_id) do nothing"
    } else {
        "update submission_screenings set eligible = $4, reason = $5, note = $6, screened_by = $7, version = version + 1
         where tenant_id = $1 and submission_id = $2 and version = $3"
    };
    let result = sqlx::query(sql)
        .bind(tenant_id)
        .bind(submission)
        .bind(version)
        .bind(fields.eligible)
        .bind(fields.reason)
        .bind(fields.note)
        .bind(fields.screened_by)
        .execute(&mut **db)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// How many of a call's submitted entries are eligible, ineligible, and not screened yet.
pub async fn screening_counts(db: &mut TenantTx, call: CallId) -> sqlx::Result<(i64, i64, i64)> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select count(*) filter (where sc.eligible), count(*) filter (where not sc.eligible),
                count(*) filter (where sc.submission_id is null)
         from submissions s
         left join submission_screenings sc on sc.tenant_id = s.tenant_id and sc.submission_id = s.id
         where s.tenant_id = $1 and s.call_id = $2 and s.status = 'submitted'",
    )
    .bind(tenant_id)
    .bind(call)
    .fetch_one(&mut **db)
    .await
}
