//! SQL for calls and their questions. Every function takes a `TenantTx` and filters by its tenant. Private to `calls`.

use chrono::{DateTime, Utc};

use sqlx::FromRow;

use super::domain::{Call, CallKind, Question, QuestionKind};
use crate::db::wall::TenantTx;
use crate::i18n::{Lang, TimeZone};
use crate::ids::{CallId, ProgrammeId, QuestionId};
use crate::programmes::domain::Programme;

const CALL_COLUMNS: &str =
    "id, programme_id, kind, slug, title, description, eligibility, opens_at, closes_at, version";

pub struct CallFields<'a> {
    pub kind: CallKind,
    pub slug: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub eligibility: &'a str,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

/// Fails with a unique violation on `calls_slug_key` when the programme has that slug.
pub async fn insert_call(
    db: &mut TenantTx,
    programme_id: ProgrammeId,
    id: CallId,
    fields: &CallFields<'_>,
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "insert into calls (tenant_id, id, programme_id, kind, slug, title, description, eligibility, opens_at, closes_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(programme_id)
    .bind(fields.kind)
    .bind(fields.slug)
    .bind(fields.title)
    .bind(fields.description)
    .bind(fields.eligibility)
    .bind(fields.opens_at)
    .bind(fields.closes_at)
    .execute(&mut **db)
    .await?;
    Ok(())
}

/// Applies an edit made on `version`; false when someone saved in between.
pub async fn update_call(db: &mut TenantTx, id: CallId, version: i32, fields: &CallFields<'_>) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update calls set kind = $4, slug = $5, title = $6, description = $7, eligibility = $8, opens_at = $9, closes_at = $10,
                version = version + 1
         where tenant_id = $1 and id = $2 and version = $3",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(version)
    .bind(fields.kind)
    .bind(fields.slug)
    .bind(fields.title)
    .bind(fields.description)
    .bind(fields.eligibility)
    .bind(fields.opens_at)
    .bind(fields.closes_at)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Moves the deadline.
pub async fn set_closes_at(db: &mut TenantTx, id: CallId, closes_at: DateTime<Utc>) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query("update calls set closes_at = $3, version = version + 1 where tenant_id = $1 and id = $2")
        .bind(tenant_id)
        .bind(id)
        .bind(closes_at)
        .execute(&mut **db)
        .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn call_by_slug(db: &mut TenantTx, programme_id: ProgrammeId, slug: &str) -> sqlx::Result<Option<Call>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {CALL_COLUMNS} from calls where tenant_id = $1 and programme_id = $2 and slug = $3"
    ))
    .bind(tenant_id)
    .bind(programme_id)
    .bind(slug)
    .fetch_optional(&mut **db)
    .await
}

/// A call and its programme, by their slugs, in one query (every call page needs both).
pub async fn programme_and_call(
    db: &mut TenantTx,
    programme_slug: &str,
    call_slug: &str,
) -> sqlx::Result<Option<(Programme, Call)>> {
    let tenant_id = db.tenant();
    use sqlx::Row;
    let row = sqlx::query(
        "select p.id as p_id, p.slug as p_slug, p.title as p_title, p.summary as p_summary,
           p.time_zone as p_time_zone, p.version as p_version, p.created_at as p_created_at,
           c.id, c.programme_id, c.kind, c.slug, c.title, c.description, c.eligibility, c.opens_at, c.closes_at,
           c.version
         from programmes p
         join calls c on c.tenant_id = p.tenant_id and c.programme_id = p.id
         where p.tenant_id = $1 and p.slug = $2 and c.slug = $3",
    )
    .bind(tenant_id)
    .bind(programme_slug)
    .bind(call_slug)
    .fetch_optional(&mut **db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let programme = Programme {
        id: row.try_get("p_id")?,
        slug: row.try_get("p_slug")?,
        title: row.try_get("p_title")?,
        summary: row.try_get("p_summary")?,
        time_zone: row.try_get("p_time_zone")?,
        version: row.try_get("p_version")?,
        created_at: row.try_get("p_created_at")?,
    };
    Ok(Some((programme, Call::from_row(&row)?)))
}

pub async fn call_by_id(db: &mut TenantTx, id: CallId) -> sqlx::Result<Option<Call>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!("select {CALL_COLUMNS} from calls where tenant_id = $1 and id = $2"))
        .bind(tenant_id)
        .bind(id)
        .fetch_optional(&mut **db)
        .await
}

/// A programme's calls in the order they open.
pub async fn calls_of_programme(db: &mut TenantTx, programme_id: ProgrammeId) -> sqlx::Result<Vec<Call>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {CALL_COLUMNS} from calls where tenant_id = $1 and programme_id = $2 order by opens_at, id limit 100"
    ))
    .bind(tenant_id)
    .bind(programme_id)
    .fetch_all(&mut **db)
    .await
}

const QUESTION_COLUMNS: &str = "id, position, section, label, help, kind, required, word_limit, options";

pub async fn questions(db: &mut TenantTx, call_id: CallId) -> sqlx::Result<Vec<Question>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {QUESTION_COLUMNS} from call_questions where tenant_id = $1 and call_id = $2 order by position, id"
    ))
    .bind(tenant_id)
    .bind(call_id)
    .fetch_all(&mut **db)
    .await
}

pub struct QuestionFields<'a> {
    pub section: &'a str,
    pub label: &'a str,
    pub help: &'a str,
    pub kind: QuestionKind,
    pub required: bool,
    pub word_limit: Option<i32>,
    pub options: &'a [String],
}

/// Adds a question at the end of the call's list.
pub async fn insert_question(
    db: &mut TenantTx,
    call_id: CallId,
    id: QuestionId,
    fields: &QuestionFields<'_>,
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    // Lock the call row: two staff adding at once still get distinct positions.
    sqlx::query("select 1 from calls where tenant_id = $1 and id = $2 for update")
        .bind(tenant_id)
        .bind(call_id)
        .execute(&mut **db)
        .await?;
    sqlx::query(
        "insert into call_questions (tenant_id, call_id, id, position, section, label, help, kind, required, word_limit, options)
         values ($1, $2, $3,
                 (select coalesce(max(position), 0) + 1 from call_questions where tenant_id = $1 and call_id = $2),
                 $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(tenant_id)
    .bind(call_id)
    .bind(id)
    .bind(fields.section)
    .bind(fields.label)
    .bind(fields.help)
    .bind(fields.kind)
    .bind(fields.required)
    .bind(fields.word_limit)
    .bind(fields.options)
    .execute(&mut **db)
    .await?;
    Ok(())
}

pub async fn update_question(
    db: &mut TenantTx,
    call_id: CallId,
    id: QuestionId,
    fields: &QuestionFields<'_>,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update call_questions set section = $4, label = $5, help = $6, kind = $7, required = $8, word_limit = $9, options = $10
         where tenant_id = $1 and call_id = $2 and id = $3",
    )
    .bind(tenant_id)
    .bind(call_id)
    .bind(id)
    .bind(fields.section)
    .bind(fields.label)
    .bind(fields.help)
    .bind(fields.kind)
    .bind(fields.required)
    .bind(fields.word_limit)
    .bind(fields.options)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn delete_question(db: &mut TenantTx, call_id: CallId, id: QuestionId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query("delete from call_questions where tenant_id = $1 and call_id = $2 and id = $3")
        .bind(tenant_id)
        .bind(call_id)
        .bind(id)
        .execute(&mut **db)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Swaps a question with its neighbour above (`up`) or below. False when the call has no such
/// question; at either end nothing moves, and that is not an error.
pub async fn move_question(db: &mut TenantTx, call_id: CallId, id: QuestionId, up: bool) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let order = if up { "desc" } else { "asc" };
    let comparison = if up { "<" } else { ">" };
    sqlx::query_scalar(&format!(
        "with me as (
           select id, position from call_questions where tenant_id = $1 and call_id = $2 and id = $3 for update
         ), neighbour as (
           select q.id, q.position from call_questions q, me
           where q.tenant_id = $1 and q.call_id = $2 and q.position {comparison} me.position
           order by q.position {order} limit 1 for update
         ), swapped as (
           update call_questions q set position = case when q.id = me.id then neighbour.position else me.position end
           from me, neighbour
           where q.tenant_id = $1 and q.call_id = $2 and q.id in (me.id, neighbour.id)
         )
         select exists (select 1 from me)"
    ))
    .bind(tenant_id)
    .bind(call_id)
    .bind(id)
    .fetch_one(&mut **db)
    .await
}

/// (email, name, language) of everyone in an organisation with a live entry in the call.
pub async fn applicant_emails(
    db: &mut TenantTx,
    call_id: CallId,
) -> sqlx::Result<Vec<(String, String, Lang, TimeZone)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select distinct u.email::text, u.display_name, u.locale, u.time_zone
         from submissions s
         join organisation_members m on m.tenant_id = s.tenant_id and m.organisation_id = s.organisation_id
         join users u on u.id = m.user_id
         where s.tenant_id = $1 and s.call_id = $2 and s.status <> 'withdrawn'
         order by 1 limit 10000",
    )
    .bind(tenant_id)
    .bind(call_id)
    .fetch_all(&mut **db)
    .await
}
