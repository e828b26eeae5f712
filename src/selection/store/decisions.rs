//! SQL for decisions, their email templates and the short list.

use super::super::domain::{Decision, Outcome, Participation};
use crate::db::wall::TenantTx;
use crate::i18n::{Lang, TimeZone};
use crate::ids::{CallId, RoundId, SubmissionId};

const DECISION_COLUMNS: &str = "submission_id, round_id, outcome, rationale, waitlist_position, released_at,
    participation, participation_at, version, updated_at";

pub async fn decision(db: &mut TenantTx, submission: SubmissionId, lock: bool) -> sqlx::Result<Option<Decision>> {
    let tenant_id = db.tenant();
    let lock = if lock { " for update" } else { "" };
    sqlx::query_as(&format!(
        "select {DECISION_COLUMNS} from decisions where tenant_id = $1 and submission_id = $2{lock}"
    ))
    .bind(tenant_id)
    .bind(submission)
    .fetch_optional(&mut **db)
    .await
}

pub struct DecisionFields<'a> {
    pub call: CallId,
    pub round: Option<RoundId>,
    pub outcome: Outcome,
    pub rationale: &'a str,
    pub waitlist_position: Option<i32>,
    pub decided_by: crate::ids::UserId,
}

/// The place after the last on the call's waiting list (1 when it is empty), leaving `except`
/// out (the entry being decided again).
pub async fn next_waitlist_place(db: &mut TenantTx, call: CallId, except: SubmissionId) -> sqlx::Result<i32> {
    let tenant_id = db.tenant();
    sqlx::query_scalar(
        "select coalesce(max(waitlist_position), 0) + 1 from decisions
          where tenant_id = $1 and call_id = $2 and outcome = 'waitlisted' and submission_id <> $3",
    )
    .bind(tenant_id)
    .bind(call)
    .bind(except)
    .fetch_one(&mut **db)
    .await
}

/// Records a decision over `version` (0: none yet); false when someone decided meanwhile or the
/// decision was released (released decisions change only by promotion).
pub async fn save_decision(
    db: &mut TenantTx,
    submission: SubmissionId,
    version: i32,
    fields: &DecisionFields<'_>,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let sql = if version == 0 {
        "insert into decisions (tenant_id, submission_id, call_id, round_id, outcome, rationale, waitlist_position, decided_by)
         values ($1, $2, $4, $5, $6, $7, $8, $9)
         on conflict (tenant_id, submission_id) do nothing"
    } else {
        "update decisions set round_id = $5, outcome = $6, rationale = $7, waitlist_position = $8, decided_by = $9,
                version = version + 1
          where tenant_id = $1 and submission_id = $2 and version = $3 and call_id = $4 and released_at is null"
    };
    let result = sqlx::query(sql)
        .bind(tenant_id)
        .bind(submission)
        .bind(version)
        .bind(fields.call)
        .bind(fields.round)
        .bind(fields.outcome)
        .bind(fields.rationale)
        .bind(fields.waitlist_position)
        .bind(fields.decided_by)
        .execute(&mut **db)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// A row of a call's decisions page: a submitted entry, its screening and its decision.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DecisionRow {
    pub submission_id: SubmissionId,
    pub title: String,
    pub organisation_name: String,
    pub country_code: String,
    pub eligible: Option<bool>,
    pub outcome: Option<Outcome>,
    pub released: bool,
    pub participation: Option<Participation>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One page of a call's submitted entries with their decisions, in the order they were started.
pub async fn decision_rows(
    db: &mut TenantTx,
    call: CallId,
    after: Option<&crate::db::cursor::Cursor>,
    limit: i64,
) -> sqlx::Result<Vec<DecisionRow>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select s.id as submission_id, s.title, o.name as organisation_name, o.country_code::text as country_code,
                sc.eligible, d.outcome, d.released_at is not null as released, d.participation, s.created_at
           from submissions s
           join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
           left join submission_screenings sc on sc.tenant_id = s.tenant_id and sc.submission_id = s.id
           left join decisions d on d.tenant_id = s.tenant_id and d.submission_id = s.id
          where s.tenant_id = $1 and s.call_id = $2 and s.status = 'submitted'
            and ($3::timestamptz is null or (s.created_at, s.id) > ($3, $4))
          order by s.created_at, s.id
          limit $5",
    )
    .bind(tenant_id)
    .bind(call)
    .bind(after.map(|c| c.at))
    .bind(after.map(|c| c.id))
    .bind(limit)
    .fetch_all(&mut **db)
    .await
}

/// How many decisions of the call have each outcome, and how many are not released yet.
pub async fn decision_counts(db: &mut TenantTx, call: CallId) -> sqlx::Result<(i64, i64, i64, i64)> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select count(*) filter (where outcome = 'selected'), count(*) filter (where outcome = 'waitlisted'),
                count(*) filter (where outcome = 'rejected'), count(*) filter (where released_at is null)
           from decisions where tenant_id = $1 and call_id = $2",
    )
    .bind(tenant_id)
    .bind(call)
    .fetch_one(&mut **db)
    .await
}

/// A decision to release, with what its email needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Unreleased {
    pub submission_id: SubmissionId,
    pub title: String,
    pub organisation_id: crate::ids::OrganisationId,
    pub organisation_name: String,
    pub outcome: Outcome,
    pub rationale: String,
    pub waitlist_position: Option<i32>,
    pub round_id: Option<RoundId>,
}

/// The call's decisions not released yet, locked (at most 10,000).
pub async fn unreleased(db: &mut TenantTx, call: CallId) -> sqlx::Result<Vec<Unreleased>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select d.submission_id, s.title, s.organisation_id, o.name as organisation_name, d.outcome, d.rationale,
                d.waitlist_position, d.round_id
           from decisions d
           join submissions s on s.tenant_id = d.tenant_id and s.id = d.submission_id
           join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
          where d.tenant_id = $1 and d.call_id = $2 and d.released_at is null
          order by d.outcome, d.waitlist_position nulls last, d.submission_id
          limit 10000
          for update of d",
    )
    .bind(tenant_id)
    .bind(call)
    .fetch_all(&mut **db)
    .await
}

/// Marks decisions released; selected ones wait for their team's confirmation.
pub async fn mark_released(db: &mut TenantTx, submissions: &[SubmissionId]) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    let ids: Vec<uuid::Uuid> = submissions.iter().map(|s| s.0).collect();
    sqlx::query(
        "update decisions set released_at = now(),
                participation = case when outcome = 'selected' then 'pending' end,
                version = version + 1
          where tenant_id = $1 and submission_id = any($2)",
    )
    .bind(tenant_id)
    .bind(&ids)
    .execute(&mut **db)
    .await?;
    Ok(())
}

/// The people of an organisation, to write to: (email, name, language, zone).
pub async fn organisation_people(
    db: &mut TenantTx,
    organisation: crate::ids::OrganisationId,
) -> sqlx::Result<Vec<(String, String, Lang, TimeZone)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select u.email::text, u.display_name, u.locale, u.time_zone
           from organisation_members m join users u on u.id = m.user_id
          where m.tenant_id = $1 and m.organisation_id = $2
          order by u.email
          limit 200",
    )
    .bind(tenant_id)
    .bind(organisation)
    .fetch_all(&mut **db)
    .await
}

/// A selected team's answer; false when the decision is not a released selection awaiting one.
pub async fn set_participation(
    db: &mut TenantTx,
    submission: SubmissionId,
    answer: Participation,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update decisions set participation = $3, participation_at = now(), version = version + 1
          where tenant_id = $1 and submission_id = $2 and outcome = 'selected' and released_at is not null
            and participation = 'pending'",
    )
    .bind(tenant_id)
    .bind(submission)
    .bind(answer)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// A released waitlisted entry whose place moved up: (entry, title, organisation, new place).
pub type MovedUp = (SubmissionId, String, crate::ids::OrganisationId, i32);

/// Promotes a released waitlisted entry to selected (awaiting confirmation) and moves the rest of
/// the call's waiting list up one place. Returns the released entries that moved up (the teams
/// to tell), or `None` when the entry was not waitlisted and released.
pub async fn promote(db: &mut TenantTx, submission: SubmissionId, call: CallId) -> sqlx::Result<Option<Vec<MovedUp>>> {
    let tenant_id = db.tenant();
    let position: Option<Option<i32>> = sqlx::query_scalar(
        "update decisions set outcome = 'selected', participation = 'pending', participation_at = null,
                waitlist_position = null, released_at = now(), version = version + 1
          where tenant_id = $1 and submission_id = $2 and outcome = 'waitlisted' and released_at is not null
          returning (select waitlist_position from decisions where tenant_id = $1 and submission_id = $2)",
    )
    .bind(tenant_id)
    .bind(submission)
    .fetch_optional(&mut **db)
    .await?;
    let Some(position) = position else { return Ok(None) };
    let Some(position) = position else { return Ok(Some(Vec::new())) };
    let moved: Vec<(SubmissionId, String, crate::ids::OrganisationId, i32, bool)> = sqlx::query_as(
        "update decisions d set waitlist_position = d.waitlist_position - 1
           from submissions s
          where d.tenant_id = $1 and d.call_id = $2 and d.outcome = 'waitlisted' and d.waitlist_position > $3
            and s.tenant_id = d.tenant_id and s.id = d.submission_id
          returning d.submission_id, s.title, s.organisation_id, d.waitlist_position, d.released_at is not null",
    )
    .bind(tenant_id)
    .bind(call)
    .bind(position)
    .fetch_all(&mut **db)
    .await?;
    let mut told: Vec<MovedUp> = moved
        .into_iter()
        .filter(|m| m.4)
        .map(|(id, title, organisation, place, _)| (id, title, organisation, place))
        .collect();
    told.sort_by_key(|m| m.3);
    Ok(Some(told))
}

/// The email template of a call for an outcome and language: (subject, body, version).
pub async fn template(
    db: &mut TenantTx,
    call: CallId,
    outcome: Outcome,
    lang: &str,
) -> sqlx::Result<Option<(String, String, i32)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select subject, body, version from decision_templates
          where tenant_id = $1 and call_id = $2 and outcome = $3 and lang = $4",
    )
    .bind(tenant_id)
    .bind(call)
    .bind(outcome)
    .bind(lang)
    .fetch_optional(&mut **db)
    .await
}

/// Saves a template over `version` (0: the built-in text so far); false when someone saved first.
pub async fn save_template(
    db: &mut TenantTx,
    (call, outcome, lang): (CallId, Outcome, &str),
    version: i32,
    subject: &str,
    body: &str,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let sql = if version == 0 {
        "insert into decision_templates (tenant_id, call_id, outcome, lang, subject, body) values ($1, $2, $3, $4, $6, $7)
         on conflict (tenant_id, call_id, outcome, lang) do nothing"
    } else {
        "update decision_templates set subject = $6, body = $7, version = version + 1
          where tenant_id = $1 and call_id = $2 and outcome = $3 and lang = $4 and version = $5"
    };
    let result = sqlx::query(sql)
        .bind(tenant_id)
        .bind(call)
        .bind(outcome)
        .bind(lang)
        .bind(version)
        .bind(subject)
        .bind(body)
        .execute(&mut **db)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Puts an entry on the round's short list or takes it off; false when it is not in the round.
pub async fn set_shortlisted(
    db: &mut TenantTx,
    round: RoundId,
    submission: SubmissionId,
    on: bool,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update round_entries set shortlisted_at = case when $4 then coalesce(shortlisted_at, now()) end
          where tenant_id = $1 and round_id = $2 and submission_id = $3",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .bind(on)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn is_shortlisted(db: &mut TenantTx, round: RoundId, submission: SubmissionId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let found: Option<bool> = sqlx::query_scalar(
        "select shortlisted_at is not null from round_entries where tenant_id = $1 and round_id = $2 and submission_id = $3",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(submission)
    .fetch_optional(&mut **db)
    .await?;
    Ok(found.unwrap_or(false))
}

/// Selected teams still to confirm, last reminded (or released) more than three days ago: whom
/// to remind, with the submission's title.
pub async fn confirmations_due(
    db: &mut TenantTx,
) -> sqlx::Result<Vec<(SubmissionId, crate::ids::OrganisationId, String)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select d.submission_id, s.organisation_id, s.title
           from decisions d join submissions s on s.tenant_id = d.tenant_id and s.id = d.submission_id
          where d.tenant_id = $1 and d.participation = 'pending'
            and coalesce(d.reminded_at, d.released_at) < now() - interval '3 days'
          order by d.submission_id
          limit 1000",
    )
    .bind(tenant_id)
    .fetch_all(&mut **db)
    .await
}

pub async fn mark_confirmation_reminded(db: &mut TenantTx, submission: SubmissionId) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query("update decisions set reminded_at = now() where tenant_id = $1 and submission_id = $2")
        .bind(tenant_id)
        .bind(submission)
        .execute(&mut **db)
        .await?;
    Ok(())
}

/// Dates a decision's release and its team's answer (the demo's 2024 decisions).
pub async fn backdate_decision(
    db: &mut TenantTx,
    submission: SubmissionId,
    released_at: chrono::DateTime<chrono::Utc>,
    participation: Option<Participation>,
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "update decisions set released_at = $3, participation = $4, participation_at = case when $4 is not null then $3 end,
                created_at = $3, updated_at = $3
          where tenant_id = $1 and submission_id = $2",
    )
    .bind(tenant_id)
    .bind(submission)
    .bind(released_at)
    .bind(participation)
    .execute(&mut **db)
    .await?;
    Ok(())
}
