//! What a submission holds: saving a new version of its content, the versions kept,
//! and the answers and themes of many submissions at once (exports).

use crate::db::wall::TenantTx;
use crate::ids::{QuestionId, SubmissionId, UserId};
use crate::submissions::domain::{Answer, Content, SubmissionStatus, Version};

/// Writes `content` as version `version + 1` (the caller holds the row lock and checked the
/// version), with a full copy in the version history.
pub async fn save_content(
    db: &mut TenantTx,
    id: SubmissionId,
    version: i32,
    status: SubmissionStatus,
    content: &Content,
    saved_by: UserId,
) -> sqlx::Result<i32> {
    let tenant_id = db.tenant();
    let new_version: i32 = sqlx::query_scalar(
        "update submissions set title = $3, summary = $4, status = $5, version = version + 1,
                submitted_at = case when $5 = 'submitted' then coalesce(submitted_at, now())
                                    when $5 = 'draft' then null else submitted_at end,
                withdrawn_at = case when $5 = 'withdrawn' then now() when $5 = 'draft' then null else withdrawn_at end
         where tenant_id = $1 and id = $2 returning version",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(&content.title)
    .bind(&content.summary)
    .bind(status)
    .fetch_one(&mut **db)
    .await?;
    debug_assert_eq!(new_version, version + 1);
    sqlx::query("delete from submission_answers where tenant_id = $1 and submission_id = $2")
        .bind(tenant_id)
        .bind(id)
        .execute(&mut **db)
        .await?;
    let (questions, values): (Vec<QuestionId>, Vec<sqlx::types::Json<&Answer>>) =
        content.answers.iter().filter(|(_, a)| !a.is_blank()).map(|(q, a)| (*q, sqlx::types::Json(a))).unzip();
    sqlx::query(
        "insert into submission_answers (tenant_id, submission_id, question_id, value)
         select $1, $2, * from unnest($3::uuid[], $4::jsonb[])",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(&questions)
    .bind(&values)
    .execute(&mut **db)
    .await?;
    sqlx::query("delete from submission_themes where tenant_id = $1 and submission_id = $2")
        .bind(tenant_id)
        .bind(id)
        .execute(&mut **db)
        .await?;
    sqlx::query("insert into submission_themes (tenant_id, submission_id, theme_id) select $1, $2, unnest($3::uuid[])")
        .bind(tenant_id)
        .bind(id)
        .bind(&content.themes)
        .execute(&mut **db)
        .await?;
    sqlx::query("delete from solution_offers where tenant_id = $1 and solution_id = $2")
        .bind(tenant_id)
        .bind(id)
        .execute(&mut **db)
        .await?;
    sqlx::query("insert into solution_offers (tenant_id, solution_id, challenge_id) select $1, $2, unnest($3::uuid[])")
        .bind(tenant_id)
        .bind(id)
        .bind(&content.offers)
        .execute(&mut **db)
        .await?;
    sqlx::query("insert into submission_versions (tenant_id, submission_id, version, saved_by, status, content) values ($1, $2, $3, $4, $5, $6)")
        .bind(tenant_id)
        .bind(id)
        .bind(new_version)
        .bind(saved_by)
        .bind(status)
        .bind(sqlx::types::Json(content))
        .execute(&mut **db)
        .await?;
    Ok(new_version)
}

pub async fn versions(db: &mut TenantTx, id: SubmissionId) -> sqlx::Result<Vec<Version>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select v.version, v.status, u.display_name as saved_by, v.created_at
         from submission_versions v left join users u on u.id = v.saved_by
         where v.tenant_id = $1 and v.submission_id = $2 order by v.version desc limit 500",
    )
    .bind(tenant_id)
    .bind(id)
    .fetch_all(&mut **db)
    .await
}

pub async fn version_content(db: &mut TenantTx, id: SubmissionId, version: i32) -> sqlx::Result<Option<Content>> {
    let tenant_id = db.tenant();
    let row: Option<sqlx::types::Json<Content>> = sqlx::query_scalar(
        "select content from submission_versions where tenant_id = $1 and submission_id = $2 and version = $3",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(version)
    .fetch_optional(&mut **db)
    .await?;
    Ok(row.map(|json| json.0))
}

/// The status each of versions `version - 1` and `version` was saved in (one row for version 1).
pub async fn version_statuses(
    db: &mut TenantTx,
    id: SubmissionId,
    version: i32,
) -> sqlx::Result<Vec<(i32, SubmissionStatus)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select version, status from submission_versions
         where tenant_id = $1 and submission_id = $2 and version in ($3 - 1, $3) order by version",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(version)
    .fetch_all(&mut **db)
    .await
}

/// Answers of many submissions in one query (exports: no query per row).
pub async fn answers_of(
    db: &mut TenantTx,
    ids: &[SubmissionId],
) -> sqlx::Result<Vec<(SubmissionId, QuestionId, sqlx::types::Json<Answer>)>> {
    let tenant_id = db.tenant();
    sqlx::query_as("select submission_id, question_id, value from submission_answers where tenant_id = $1 and submission_id = any($2)")
        .bind(tenant_id)
        .bind(ids)
        .fetch_all(&mut **db)
        .await
}

/// Theme names of many submissions in one query.
pub async fn theme_names_of(db: &mut TenantTx, ids: &[SubmissionId]) -> sqlx::Result<Vec<(SubmissionId, String)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select st.submission_id, t.name from submission_themes st join themes t on t.tenant_id = st.tenant_id and t.id = st.theme_id
         where st.tenant_id = $1 and st.submission_id = any($2) order by t.name",
    )
    .bind(tenant_id)
    .bind(ids)
    .fetch_all(&mut **db)
    .await
}

/// The challenges each of many solutions offers to help, by id and title, in one query.
pub async fn offers_of(
    db: &mut TenantTx,
    ids: &[SubmissionId],
) -> sqlx::Result<Vec<(SubmissionId, SubmissionId, String)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select f.solution_id, c.id, c.title from solution_offers f join submissions c on c.tenant_id = f.tenant_id and c.id = f.challenge_id
         where f.tenant_id = $1 and f.solution_id = any($2) order by c.title, c.id",
    )
    .bind(tenant_id)
    .bind(ids)
    .fetch_all(&mut **db)
    .await
}

/// The titles of these submissions (the challenges a solution offers to help), by id.
pub async fn titles_of(db: &mut TenantTx, ids: &[SubmissionId]) -> sqlx::Result<Vec<(SubmissionId, String)>> {
    let tenant_id = db.tenant();
    sqlx::query_as("select id, title from submissions where tenant_id = $1 and id = any($2)")
        .bind(tenant_id)
        .bind(ids)
        .fetch_all(&mut **db)
        .await
}
