//! SQL for matching: the selected entries a run reads, staff's pair rules, stored runs and
//! published matches. Every function takes a `TenantTx` and filters by its tenant. Private to
//! `matching`.

use std::collections::BTreeSet;

use sqlx::types::Json;

use super::domain::{PairRule, Participant, RuleRow, RunSummary};
use super::run::Outcome;
use crate::db::wall::TenantTx;
use crate::ids::{MatchId, MatchingRunId, ProgrammeId, SubmissionId, UserId};

/// Which entries are selected, over `calls c`, `decisions d` and `submissions s`: of a call for
/// challenges or solutions, decided selected, released, not declined by their team, submitted.
const SELECTED: &str = "c.kind in ('challenge', 'solution')
            and d.outcome = 'selected' and d.released_at is not null
            and d.participation is distinct from 'declined' and s.status = 'submitted'";

/// The programme's selected entries of both sides (`SELECTED`). By side, then id (the order runs
/// read them in).
pub async fn participants(db: &mut TenantTx, programme: ProgrammeId) -> sqlx::Result<Vec<Participant>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select s.id, c.kind as side, s.title, o.id as organisation_id, o.name as organisation_name,
                o.country_code::text as country_code
           from calls c
           join decisions d on d.tenant_id = c.tenant_id and d.call_id = c.id
           join submissions s on s.tenant_id = d.tenant_id and s.id = d.submission_id
           join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
          where c.tenant_id = $1 and c.programme_id = $2 and {SELECTED}
          order by c.kind, s.id"
    ))
    .bind(tenant_id)
    .bind(programme)
    .fetch_all(&mut **db)
    .await
}

/// A selected entry (`SELECTED`) with its programme and summary.
#[derive(sqlx::FromRow)]
pub struct SelectedEntryRow {
    #[sqlx(flatten)]
    pub participant: Participant,
    pub programme_slug: String,
    pub programme_title: String,
    pub summary: String,
}

pub async fn selected_entry(db: &mut TenantTx, id: SubmissionId) -> sqlx::Result<Option<SelectedEntryRow>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select s.id, c.kind as side, s.title, o.id as organisation_id, o.name as organisation_name,
                o.country_code::text as country_code, p.slug as programme_slug, p.title as programme_title,
                s.summary
           from submissions s
           join calls c on c.tenant_id = s.tenant_id and c.id = s.call_id
           join programmes p on p.tenant_id = c.tenant_id and p.id = c.programme_id
           join decisions d on d.tenant_id = s.tenant_id and d.submission_id = s.id and d.call_id = c.id
           join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
          where s.tenant_id = $1 and s.id = $2 and {SELECTED}"
    ))
    .bind(tenant_id)
    .bind(id)
    .fetch_optional(&mut **db)
    .await
}

/// An entry's non-blank written answers (short and long texts) with their questions' labels, in
/// the questions' order.
pub async fn labelled_answers(db: &mut TenantTx, id: SubmissionId) -> sqlx::Result<Vec<(String, String)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select q.label, a.value #>> '{}'
           from submission_answers a
           join call_questions q on q.tenant_id = a.tenant_id and q.id = a.question_id
          where a.tenant_id = $1 and a.submission_id = $2
            and q.kind in ('short_text', 'long_text') and jsonb_typeof(a.value) = 'string'
            and btrim(a.value #>> '{}') <> ''
          order by q.position, q.id",
    )
    .bind(tenant_id)
    .bind(id)
    .fetch_all(&mut **db)
    .await
}

/// The written answers of these entries (short and long texts), by entry, in the questions'
/// order: what affinity compares besides the title and summary.
pub async fn written_answers(db: &mut TenantTx, ids: &[SubmissionId]) -> sqlx::Result<Vec<(SubmissionId, String)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select a.submission_id, a.value #>> '{}'
           from submission_answers a
           join call_questions q on q.tenant_id = a.tenant_id and q.id = a.question_id
          where a.tenant_id = $1 and a.submission_id = any($2)
            and q.kind in ('short_text', 'long_text') and jsonb_typeof(a.value) = 'string'
          order by a.submission_id, q.position, q.id",
    )
    .bind(tenant_id)
    .bind(ids)
    .fetch_all(&mut **db)
    .await
}

/// The summaries of these entries (the title is read with the participants).
pub async fn summaries(db: &mut TenantTx, ids: &[SubmissionId]) -> sqlx::Result<Vec<(SubmissionId, String)>> {
    let tenant_id = db.tenant();
    sqlx::query_as("select id, summary from submissions where tenant_id = $1 and id = any($2)")
        .bind(tenant_id)
        .bind(ids)
        .fetch_all(&mut **db)
        .await
}

/// The themes of these entries, by name (a run's record keeps the names it compared).
pub async fn themes(db: &mut TenantTx, ids: &[SubmissionId]) -> sqlx::Result<Vec<(SubmissionId, String)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select st.submission_id, t.name
           from submission_themes st join themes t on t.tenant_id = st.tenant_id and t.id = st.theme_id
          where st.tenant_id = $1 and st.submission_id = any($2)",
    )
    .bind(tenant_id)
    .bind(ids)
    .fetch_all(&mut **db)
    .await
}

/// The challenges each of these solutions chose to help in its submission.
pub async fn chosen(db: &mut TenantTx, ids: &[SubmissionId]) -> sqlx::Result<Vec<(SubmissionId, SubmissionId)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select solution_id, challenge_id from solution_offers where tenant_id = $1 and solution_id = any($2)",
    )
    .bind(tenant_id)
    .bind(ids)
    .fetch_all(&mut **db)
    .await
}

/// The programme's pair rules, by challenge then provider.
pub async fn rules(db: &mut TenantTx, programme: ProgrammeId) -> sqlx::Result<Vec<RuleRow>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select r.challenge_id, r.provider_id, r.rule, u.display_name as set_by_name, r.updated_at
           from matching_pair_rules r left join users u on u.id = r.set_by
          where r.tenant_id = $1 and r.programme_id = $2
          order by r.challenge_id, r.provider_id",
    )
    .bind(tenant_id)
    .bind(programme)
    .fetch_all(&mut **db)
    .await
}

/// Sets the pair's rule, or removes it (`None`).
pub async fn set_rule(
    db: &mut TenantTx,
    programme: ProgrammeId,
    (challenge, provider): (SubmissionId, SubmissionId),
    rule: Option<PairRule>,
    by: UserId,
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    match rule {
        Some(rule) => sqlx::query(
            "insert into matching_pair_rules (tenant_id, programme_id, challenge_id, provider_id, rule, set_by)
             values ($1, $2, $3, $4, $5, $6)
             on conflict (tenant_id, programme_id, challenge_id, provider_id)
             do update set rule = excluded.rule, set_by = excluded.set_by",
        )
        .bind(tenant_id)
        .bind(programme)
        .bind(challenge)
        .bind(provider)
        .bind(rule)
        .bind(by)
        .execute(&mut **db)
        .await
        .map(drop),
        None => sqlx::query(
            "delete from matching_pair_rules
              where tenant_id = $1 and programme_id = $2 and challenge_id = $3 and provider_id = $4",
        )
        .bind(tenant_id)
        .bind(programme)
        .bind(challenge)
        .bind(provider)
        .execute(&mut **db)
        .await
        .map(drop),
    }
}

const RUN_COLUMNS: &str = "r.id, r.programme_id, r.number, r.rerun_of, r.reproduces, r.inputs_hash, r.solver,
    r.objective, jsonb_array_length(r.outcome -> 'matches') as matches,
    jsonb_array_length(r.outcome -> 'shortfalls') as shortfalls, u.display_name as created_by_name,
    r.created_at, r.confirmed_at, r.published_at";

/// Takes the programme's runs' lock (the programme's row) so that two runs started together get
/// numbers one after the other.
pub async fn lock_runs(db: &mut TenantTx, programme: ProgrammeId) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query("select 1 from programmes where tenant_id = $1 and id = $2 for update")
        .bind(tenant_id)
        .bind(programme)
        .execute(&mut **db)
        .await
        .map(drop)
}

pub struct NewRun<'a> {
    pub id: MatchingRunId,
    pub programme: ProgrammeId,
    pub rerun_of: Option<(MatchingRunId, bool)>,
    pub inputs: &'a str,
    pub outcome: &'a Outcome,
    pub by: UserId,
}

/// Stores a run with the next number of its programme (call `lock_runs` first); returns it.
pub async fn insert_run(db: &mut TenantTx, run: &NewRun<'_>) -> sqlx::Result<i32> {
    let tenant_id = db.tenant();
    sqlx::query_scalar(
        "insert into matching_runs (tenant_id, id, programme_id, number, rerun_of, reproduces, inputs, inputs_hash,
           solver, objective, outcome, created_by)
         select $1, $2, $3, coalesce(max(number), 0) + 1, $4, $5, $6, $7, $8, $9, $10, $11
           from matching_runs where tenant_id = $1 and programme_id = $3
         returning number",
    )
    .bind(tenant_id)
    .bind(run.id)
    .bind(run.programme)
    .bind(run.rerun_of.map(|(id, _)| id))
    .bind(run.rerun_of.map(|(_, same)| same))
    .bind(run.inputs)
    .bind(&run.outcome.inputs_hash)
    .bind(&run.outcome.solver)
    .bind(run.outcome.objective)
    .bind(Json(run.outcome))
    .bind(run.by)
    .fetch_one(&mut **db)
    .await
}

/// The programme's runs, newest first (at most 200: a programme runs matching a few dozen times).
pub async fn runs(db: &mut TenantTx, programme: ProgrammeId) -> sqlx::Result<Vec<RunSummary>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {RUN_COLUMNS} from matching_runs r left join users u on u.id = r.created_by
          where r.tenant_id = $1 and r.programme_id = $2 order by r.number desc limit 200"
    ))
    .bind(tenant_id)
    .bind(programme)
    .fetch_all(&mut **db)
    .await
}

/// A stored run: its summary, its inputs exactly as hashed, and its outcome.
pub async fn run(db: &mut TenantTx, id: MatchingRunId) -> sqlx::Result<Option<(RunSummary, String, Outcome)>> {
    let tenant_id = db.tenant();
    let found: Option<(String, Json<Outcome>)> =
        sqlx::query_as("select inputs, outcome from matching_runs where tenant_id = $1 and id = $2")
            .bind(tenant_id)
            .bind(id)
            .fetch_optional(&mut **db)
            .await?;
    let Some((inputs, Json(outcome))) = found else { return Ok(None) };
    let summary = sqlx::query_as(&format!(
        "select {RUN_COLUMNS} from matching_runs r left join users u on u.id = r.created_by
          where r.tenant_id = $1 and r.id = $2"
    ))
    .bind(tenant_id)
    .bind(id)
    .fetch_one(&mut **db)
    .await?;
    Ok(Some((summary, inputs, outcome)))
}

/// Marks the run as the programme's proposal (and no other unpublished run); false when it was
/// already published.
pub async fn confirm(db: &mut TenantTx, run: &RunSummary, by: UserId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    sqlx::query(
        "update matching_runs set confirmed_at = null, confirmed_by = null
          where tenant_id = $1 and programme_id = $2 and id <> $3 and published_at is null and confirmed_at is not null",
    )
    .bind(tenant_id)
    .bind(run.programme_id)
    .bind(run.id)
    .execute(&mut **db)
    .await?;
    let done = sqlx::query(
        "update matching_runs set confirmed_at = now(), confirmed_by = $3
          where tenant_id = $1 and id = $2 and published_at is null",
    )
    .bind(tenant_id)
    .bind(run.id)
    .bind(by)
    .execute(&mut **db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn mark_published(db: &mut TenantTx, run: MatchingRunId, by: UserId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let done = sqlx::query(
        "update matching_runs set published_at = now(), published_by = $3
          where tenant_id = $1 and id = $2 and confirmed_at is not null and published_at is null",
    )
    .bind(tenant_id)
    .bind(run)
    .bind(by)
    .execute(&mut **db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The challenge's match in the programme, created for `run` or moved to it; returns its id and
/// the providers it had before.
pub async fn upsert_match(
    db: &mut TenantTx,
    programme: ProgrammeId,
    challenge: SubmissionId,
    run: MatchingRunId,
) -> sqlx::Result<(MatchId, BTreeSet<SubmissionId>)> {
    let tenant_id = db.tenant();
    let id: MatchId = sqlx::query_scalar(
        "insert into matches (tenant_id, id, programme_id, challenge_id, run_id, published_at)
         values ($1, $2, $3, $4, $5, now())
         on conflict (tenant_id, programme_id, challenge_id)
         do update set run_id = excluded.run_id, published_at = excluded.published_at
         returning id",
    )
    .bind(tenant_id)
    .bind(MatchId::new())
    .bind(programme)
    .bind(challenge)
    .bind(run)
    .fetch_one(&mut **db)
    .await?;
    let before: Vec<SubmissionId> =
        sqlx::query_scalar("delete from match_providers where tenant_id = $1 and match_id = $2 returning provider_id")
            .bind(tenant_id)
            .bind(id)
            .fetch_all(&mut **db)
            .await?;
    Ok((id, before.into_iter().collect()))
}

pub async fn insert_match_provider(
    db: &mut TenantTx,
    id: MatchId,
    provider: SubmissionId,
    affinity: &super::affinity::Explanation,
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "insert into match_providers (tenant_id, match_id, provider_id, affinity, explanation)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(provider)
    .bind(affinity.score.clamp(0.0, 1.0))
    .bind(Json(affinity))
    .execute(&mut **db)
    .await
    .map(drop)
}

/// A published match's row: its challenge and the run it came from.
#[derive(sqlx::FromRow)]
pub struct MatchRow {
    pub id: MatchId,
    pub programme_id: ProgrammeId,
    pub challenge_id: SubmissionId,
    pub run_id: MatchingRunId,
    pub run_number: i32,
    pub published_at: chrono::DateTime<chrono::Utc>,
}

const MATCH_COLUMNS: &str = "m.id, m.programme_id, m.challenge_id, m.run_id, r.number as run_number, m.published_at";

pub async fn match_row(db: &mut TenantTx, id: MatchId) -> sqlx::Result<Option<MatchRow>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {MATCH_COLUMNS} from matches m join matching_runs r on r.tenant_id = m.tenant_id and r.id = m.run_id
          where m.tenant_id = $1 and m.id = $2"
    ))
    .bind(tenant_id)
    .bind(id)
    .fetch_optional(&mut **db)
    .await
}

/// The challenge's match, if one is published.
pub async fn match_of_challenge(db: &mut TenantTx, challenge: SubmissionId) -> sqlx::Result<Option<MatchRow>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {MATCH_COLUMNS} from matches m join matching_runs r on r.tenant_id = m.tenant_id and r.id = m.run_id
          where m.tenant_id = $1 and m.challenge_id = $2"
    ))
    .bind(tenant_id)
    .bind(challenge)
    .fetch_optional(&mut **db)
    .await
}

/// Published matches of a programme (`Some`), or of the tenant's programmes whose challenge or a
/// provider belongs to one of `organisations` (`programme` `None`), by challenge title.
pub async fn match_rows(
    db: &mut TenantTx,
    programme: Option<ProgrammeId>,
    organisations: Option<&[crate::ids::OrganisationId]>,
) -> sqlx::Result<Vec<MatchRow>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {MATCH_COLUMNS}
           from matches m
           join matching_runs r on r.tenant_id = m.tenant_id and r.id = m.run_id
           join submissions s on s.tenant_id = m.tenant_id and s.id = m.challenge_id
          where m.tenant_id = $1 and ($2::uuid is null or m.programme_id = $2)
            and ($3::uuid[] is null
                 or s.organisation_id = any($3)
                 or exists (select 1 from match_providers mp
                              join submissions p on p.tenant_id = mp.tenant_id and p.id = mp.provider_id
                             where mp.tenant_id = m.tenant_id and mp.match_id = m.id and p.organisation_id = any($3)))
          order by lower(s.title), m.id
          limit 500"
    ))
    .bind(tenant_id)
    .bind(programme)
    .bind(organisations)
    .fetch_all(&mut **db)
    .await
}

/// How many published matches `match_rows` would list with the same filters (without reading
/// them): the tenant home's link.
pub async fn match_count(db: &mut TenantTx, organisations: Option<&[crate::ids::OrganisationId]>) -> sqlx::Result<i64> {
    let tenant_id = db.tenant();
    sqlx::query_scalar(
        "select count(*)
           from matches m
           join submissions s on s.tenant_id = m.tenant_id and s.id = m.challenge_id
          where m.tenant_id = $1
            and ($2::uuid[] is null
                 or s.organisation_id = any($2)
                 or exists (select 1 from match_providers mp
                              join submissions p on p.tenant_id = mp.tenant_id and p.id = mp.provider_id
                             where mp.tenant_id = m.tenant_id and mp.match_id = m.id and p.organisation_id = any($2)))",
    )
    .bind(tenant_id)
    .bind(organisations)
    .fetch_one(&mut **db)
    .await
}

/// The providers of these matches with their explanations.
pub async fn match_providers(
    db: &mut TenantTx,
    matches: &[MatchId],
) -> sqlx::Result<Vec<(MatchId, SubmissionId, Json<super::affinity::Explanation>)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select match_id, provider_id, explanation from match_providers
          where tenant_id = $1 and match_id = any($2) order by match_id, affinity desc, provider_id",
    )
    .bind(tenant_id)
    .bind(matches)
    .fetch_all(&mut **db)
    .await
}

/// These entries as participants (whatever their selection now), by id.
pub async fn participants_by_id(db: &mut TenantTx, ids: &[SubmissionId]) -> sqlx::Result<Vec<Participant>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select s.id, c.kind as side, s.title, o.id as organisation_id, o.name as organisation_name,
                o.country_code::text as country_code
           from submissions s
           join calls c on c.tenant_id = s.tenant_id and c.id = s.call_id
           join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
          where s.tenant_id = $1 and s.id = any($2) and c.kind in ('challenge', 'solution')
          order by s.id",
    )
    .bind(tenant_id)
    .bind(ids)
    .fetch_all(&mut **db)
    .await
}
