//! Submission rows: starting one, reading one (with its content, locked for a save), selecting,
//! the counts by state, a team's own, and a programme's selected challenges.

use chrono::{DateTime, Utc};

use crate::db::wall::TenantTx;
use crate::ids::{CallId, OrganisationId, ProgrammeId, SubmissionId, UserId};
use crate::submissions::domain::{Content, SelectedChallenge, Submission, SubmissionStatus, TeamSubmission};

pub(super) const SUBMISSION_COLUMNS: &str = "s.id, s.call_id, s.organisation_id, o.name as organisation_name,
  o.country_code::text as country_code, c.name_en as country_name, c.continent, o.level, s.status, s.title, s.summary, s.version,
  s.selected_at, s.submitted_at, s.withdrawn_at, s.created_at, s.updated_at";

/// What `SUBMISSION_COLUMNS` reads besides `submissions s` (or a subquery named `s`).
pub(super) const SUBMISSION_JOINS: &str =
    "join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
  join countries c on c.code = o.country_code";

pub async fn insert_submission(
    db: &mut TenantTx,
    id: SubmissionId,
    call_id: CallId,
    organisation_id: OrganisationId,
    created_by: UserId,
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query("insert into submissions (tenant_id, id, call_id, organisation_id, created_by, version) values ($1, $2, $3, $4, $5, 0)")
        .bind(tenant_id)
        .bind(id)
        .bind(call_id)
        .bind(organisation_id)
        .bind(created_by)
        .execute(&mut **db)
        .await?;
    Ok(())
}

pub async fn submission(db: &mut TenantTx, id: SubmissionId) -> sqlx::Result<Option<Submission>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {SUBMISSION_COLUMNS} from submissions s {SUBMISSION_JOINS} where s.tenant_id = $1 and s.id = $2"
    ))
    .bind(tenant_id)
    .bind(id)
    .fetch_optional(&mut **db)
    .await
}

/// A submission with its current content, in one round trip; with `lock`, the row stays locked
/// for the rest of the transaction (a save reads what it changes under the lock it writes with).
pub async fn with_content(
    db: &mut TenantTx,
    id: SubmissionId,
    lock: bool,
) -> sqlx::Result<Option<(Submission, Content)>> {
    let tenant_id = db.tenant();
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        submission: Submission,
        themes: Vec<crate::ids::ThemeId>,
        offers: Vec<SubmissionId>,
        answers:
            sqlx::types::Json<std::collections::BTreeMap<crate::ids::QuestionId, crate::submissions::domain::Answer>>,
    }
    let row: Option<Row> = sqlx::query_as(&format!(
        "select {SUBMISSION_COLUMNS},
           array(select theme_id from submission_themes t where t.tenant_id = s.tenant_id and t.submission_id = s.id
                 order by theme_id) as themes,
           array(select challenge_id from solution_offers f where f.tenant_id = s.tenant_id and f.solution_id = s.id
                 order by challenge_id) as offers,
           coalesce((select jsonb_object_agg(a.question_id, a.value) from submission_answers a
                     where a.tenant_id = s.tenant_id and a.submission_id = s.id), '{{}}') as answers
         from submissions s {SUBMISSION_JOINS} where s.tenant_id = $1 and s.id = $2{}",
        if lock { " for update of s" } else { "" }
    ))
    .bind(tenant_id)
    .bind(id)
    .fetch_optional(&mut **db)
    .await?;
    Ok(row.map(|row| {
        let content = Content {
            title: row.submission.title.clone(),
            summary: row.submission.summary.clone(),
            themes: row.themes,
            offers: row.offers,
            answers: row.answers.0,
        };
        (row.submission, content)
    }))
}

pub async fn set_selected(db: &mut TenantTx, id: SubmissionId, selected: bool) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update submissions set selected_at = case when $3 then coalesce(selected_at, now()) end
         where tenant_id = $1 and id = $2 and status = 'submitted'",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(selected)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// How many submissions a call has in each state, from the counters the database keeps (one row
/// per state, whatever the call's size).
pub async fn counts_by_status(db: &mut TenantTx, call_id: CallId) -> sqlx::Result<Vec<(SubmissionStatus, i64)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select status, count from call_submission_counts
         where tenant_id = $1 and call_id = $2 and count > 0 order by status",
    )
    .bind(tenant_id)
    .bind(call_id)
    .fetch_all(&mut **db)
    .await
}

/// The submissions of the organisations of person `$2` in tenant `$1`, as `TeamSubmission`s; the
/// callers add their own conditions and order.
const MEMBER_SUBMISSIONS: &str = "select s.id, s.title, s.status, s.organisation_id, o.name as organisation_name,
    c.title as call_title, c.closes_at, s.updated_at, s.selected_at is not null as selected
  from organisation_members m
  join submissions s on s.tenant_id = m.tenant_id and s.organisation_id = m.organisation_id
  join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
  join calls c on c.tenant_id = s.tenant_id and c.id = s.call_id
  where m.tenant_id = $1 and m.user_id = $2";

pub async fn of_member(db: &mut TenantTx, user_id: UserId) -> sqlx::Result<Vec<TeamSubmission>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!("{MEMBER_SUBMISSIONS} order by s.updated_at desc limit 200"))
        .bind(tenant_id)
        .bind(user_id)
        .fetch_all(&mut **db)
        .await
}

/// The entries of the person's organisations in call `call_id`, recently changed first (at most 20).
pub async fn of_member_in_call(
    db: &mut TenantTx,
    user_id: UserId,
    call_id: CallId,
) -> sqlx::Result<Vec<TeamSubmission>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!("{MEMBER_SUBMISSIONS} and s.call_id = $3 order by s.updated_at desc limit 20"))
        .bind(tenant_id)
        .bind(user_id)
        .bind(call_id)
        .fetch_all(&mut **db)
        .await
}

pub async fn selected_challenges(db: &mut TenantTx, programme_id: ProgrammeId) -> sqlx::Result<Vec<SelectedChallenge>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select s.id, s.title, o.name as organisation_name, co.name_en as country_name
         from submissions s
         join calls c on c.tenant_id = s.tenant_id and c.id = s.call_id
         join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
         join countries co on co.code = o.country_code
         where s.tenant_id = $1 and c.programme_id = $2 and c.kind = 'challenge' and s.selected_at is not null
         order by s.title limit 100",
    )
    .bind(tenant_id)
    .bind(programme_id)
    .fetch_all(&mut **db)
    .await
}

/// Dates a submission and its two versions (the empty draft, the sent entry) as started at
/// `started` and sent at `sent`, and a selected one as selected at `selected` (then its last
/// change): for the demo's past edition only.
pub async fn backdate(
    db: &mut TenantTx,
    id: SubmissionId,
    (started, sent): (DateTime<Utc>, DateTime<Utc>),
    selected: Option<DateTime<Utc>>,
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "update submissions set created_at = $3, updated_at = coalesce($5, $4),
                submitted_at = case when submitted_at is null then null else $4 end,
                selected_at = case when selected_at is null then null else $5 end
         where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(started)
    .bind(sent)
    .bind(selected)
    .execute(&mut **db)
    .await?;
    sqlx::query(
        "update submission_versions set created_at = case when version = 1 then $3 else $4 end
         where tenant_id = $1 and submission_id = $2",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(started)
    .bind(sent)
    .execute(&mut **db)
    .await?;
    Ok(())
}
