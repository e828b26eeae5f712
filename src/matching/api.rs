//! JSON twin of the matching pages: a programme's matching (participants, rules, runs, matches),
//! runs (create, read, candidate table, re-run, compare, confirm, publish), staff's rules on
//! pairs, the published matches a person may read, and a run's files for an auditor: its record
//! and its inputs exactly as hashed.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::domain::{PairRule, Participant, PublishedMatch, RuleRow, RunSettings, RunSummary};
use super::service::{self, RunRecord};
use crate::error::AppError;
use crate::ids::{MatchId, MatchingRunId, SubmissionId};
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::web::download::content_disposition;
use crate::web::extract::{Json, Path};
use crate::web::problems::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_programme_matching))
        .routes(routes!(create_matching_run))
        .routes(routes!(set_matching_pair_rule))
        .routes(routes!(get_matching_run))
        .routes(routes!(get_matching_run_candidates))
        .routes(routes!(rerun_matching_run))
        .routes(routes!(compare_matching_runs))
        .routes(routes!(download_matching_comparison))
        .routes(routes!(confirm_matching_run))
        .routes(routes!(publish_matching_run))
        .routes(routes!(download_matching_run_record))
        .routes(routes!(download_matching_run_inputs))
        .routes(routes!(list_published_matches))
        .routes(routes!(get_published_match))
}

/// A programme's matching: who takes part, staff's rules, the runs, the published matches.
#[derive(Serialize, ToSchema)]
pub struct MatchingView {
    pub challenges: Vec<Participant>,
    pub providers: Vec<Participant>,
    pub rules: Vec<RuleRow>,
    /// Newest first.
    pub runs: Vec<RunSummary>,
    pub matches: Vec<PublishedMatch>,
}

/// A programme's matching (staff, admins, advisors).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/programmes/{programme}/matching", tag = "matching",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug")),
    responses((status = 200, description = "The programme's matching", body = MatchingView), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn get_programme_matching(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme)): Path<(String, String)>,
) -> Result<axum::Json<MatchingView>, AppError> {
    let found = service::overview(&mut access.db(&state.pool).await?, &access, &programme).await?;
    Ok(axum::Json(MatchingView {
        challenges: found.challenges,
        providers: found.providers,
        rules: found.rules,
        runs: found.runs,
        matches: found.matches,
    }))
}

/// A stored run: its summary, the parameters and rules it ran with, and its outcome.
#[derive(Serialize, ToSchema)]
pub struct RunView {
    pub run: RunSummary,
    /// k, c, weights, minimum affinity, locked, ruled-out and same-country pairs (ids).
    #[schema(value_type = Object)]
    pub parameters: super::run::Parameters,
    /// The matches with their explanations, the objective and the shortfalls with their reasons.
    #[schema(value_type = Object)]
    pub outcome: super::run::Outcome,
}

fn run_view(record: RunRecord) -> RunView {
    RunView { run: record.summary, parameters: record.inputs.parameters, outcome: record.outcome }
}

async fn run_of(state: &AppState, access: &Access, id: MatchingRunId) -> Result<RunView, AppError> {
    Ok(run_view(service::run_record(&mut access.db(&state.pool).await?, access, id).await?))
}

/// Runs matching over the programme's selected challenges and providers now, with these
/// settings and the programme's rules on pairs, and stores the run (staff). 409 when there is
/// no selected challenge or provider.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/programmes/{programme}/matching/runs", tag = "matching",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug")),
    request_body = RunSettings,
    responses((status = 201, description = "The stored run", body = RunView), BadRequest, Unauthorized, Forbidden, NotFound, Conflict, Unprocessable),
    security(("bearer" = []), ("session" = []))
)]
async fn create_matching_run(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme)): Path<(String, String)>,
    Json(settings): Json<RunSettings>,
) -> Result<(StatusCode, axum::Json<RunView>), AppError> {
    let id = service::create_run(&state.pool, &access, &programme, &settings).await?;
    Ok((StatusCode::CREATED, axum::Json(run_of(&state, &access, id).await?)))
}

/// Staff's rule on a pair, or `null` to clear it. Both ids are required (422 without them).
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RuleInput {
    pub challenge_id: Option<SubmissionId>,
    pub provider_id: Option<SubmissionId>,
    pub rule: Option<PairRule>,
}

/// Sets or clears the rule on a pair of a selected challenge and a selected provider (staff); the
/// next run applies it.
#[utoipa::path(put, path = "/api/v1/t/{tenant}/programmes/{programme}/matching/rules", tag = "matching",
    params(("tenant" = String, Path, description = "Tenant slug"), ("programme" = String, Path, description = "Programme slug")),
    request_body = RuleInput,
    responses((status = 204, description = "Saved"), BadRequest, Unauthorized, Forbidden, NotFound, Unprocessable),
    security(("bearer" = []), ("session" = []))
)]
async fn set_matching_pair_rule(
    State(state): State<AppState>,
    access: Access,
    Path((_, programme)): Path<(String, String)>,
    Json(input): Json<RuleInput>,
) -> Result<StatusCode, AppError> {
    service::set_rule(&state.pool, &access, &programme, (input.challenge_id, input.provider_id), input.rule).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A stored run (staff, admins, advisors).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/matching/runs/{run}", tag = "matching",
    params(("tenant" = String, Path, description = "Tenant slug"), ("run" = MatchingRunId, Path, description = "Run id")),
    responses((status = 200, description = "The run", body = RunView), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn get_matching_run(
    State(state): State<AppState>,
    access: Access,
    Path((_, run)): Path<(String, MatchingRunId)>,
) -> Result<axum::Json<RunView>, AppError> {
    Ok(axum::Json(run_of(&state, &access, run).await?))
}

/// The candidate table of a run: for each challenge (by id), its best providers by affinity with
/// their explanations, whether each pair may be made and why not, plus every pair with a rule.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/matching/runs/{run}/candidates", tag = "matching",
    params(("tenant" = String, Path, description = "Tenant slug"), ("run" = MatchingRunId, Path, description = "Run id")),
    responses((status = 200, description = "One list per challenge", body = Vec<Vec<Object>>), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn get_matching_run_candidates(
    State(state): State<AppState>,
    access: Access,
    Path((_, run)): Path<(String, MatchingRunId)>,
) -> Result<axum::Json<Vec<Vec<super::run::Candidate>>>, AppError> {
    let record = service::run_record(&mut access.db(&state.pool).await?, &access, run).await?;
    Ok(axum::Json(service::candidates(&record).await?))
}

/// Runs a stored run's inputs again and stores the result as a new run, which says whether it
/// reproduced the stored one (staff).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/matching/runs/{run}/rerun", tag = "matching",
    params(("tenant" = String, Path, description = "Tenant slug"), ("run" = MatchingRunId, Path, description = "Run id")),
    responses((status = 201, description = "The new run", body = RunView), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn rerun_matching_run(
    State(state): State<AppState>,
    access: Access,
    Path((_, run)): Path<(String, MatchingRunId)>,
) -> Result<(StatusCode, axum::Json<RunView>), AppError> {
    let id = service::rerun(&state.pool, &access, run).await?;
    Ok((StatusCode::CREATED, axum::Json(run_of(&state, &access, id).await?)))
}

/// Run `run` against run `other` of the same programme: parameters changed, pairs kept, added
/// and removed with the reasons.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/matching/runs/{run}/compare/{other}", tag = "matching",
    params(("tenant" = String, Path, description = "Tenant slug"), ("run" = MatchingRunId, Path, description = "The later run"), ("other" = MatchingRunId, Path, description = "The earlier run")),
    responses((status = 200, description = "The comparison", body = Object), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn compare_matching_runs(
    State(state): State<AppState>,
    access: Access,
    Path((_, run, other)): Path<(String, MatchingRunId, MatchingRunId)>,
) -> Result<axum::Json<super::run::Comparison>, AppError> {
    let (_, _, comparison) = service::compare(&mut access.db(&state.pool).await?, &access, other, run).await?;
    Ok(axum::Json(comparison))
}

/// Confirms a run as the programme's proposal (staff).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/matching/runs/{run}/confirm", tag = "matching",
    params(("tenant" = String, Path, description = "Tenant slug"), ("run" = MatchingRunId, Path, description = "Run id")),
    responses((status = 204, description = "Confirmed"), Unauthorized, Forbidden, NotFound, Conflict),
    security(("bearer" = []), ("session" = []))
)]
async fn confirm_matching_run(
    State(state): State<AppState>,
    access: Access,
    Path((_, run)): Path<(String, MatchingRunId)>,
) -> Result<StatusCode, AppError> {
    service::confirm(&state.pool, &access, run).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Published {
    /// How many challenges have their match.
    pub matches: usize,
    /// How many of those matches are new or have other providers than before: their teams were
    /// emailed (0 when the run publishes the same matches again).
    pub changed: usize,
}

/// Publishes a confirmed run (staff): each matched challenge gets its match page, and the teams
/// of each new or changed match are emailed.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/matching/runs/{run}/publish", tag = "matching",
    params(("tenant" = String, Path, description = "Tenant slug"), ("run" = MatchingRunId, Path, description = "Run id")),
    responses((status = 200, description = "Published", body = Published), Unauthorized, Forbidden, NotFound, Conflict),
    security(("bearer" = []), ("session" = []))
)]
async fn publish_matching_run(
    State(state): State<AppState>,
    access: Access,
    Path((_, run)): Path<(String, MatchingRunId)>,
) -> Result<axum::Json<Published>, AppError> {
    let (matches, changed) = service::publish(&state.pool, &state.config, &access, run).await?;
    Ok(axum::Json(Published { matches, changed }))
}

/// What the record says to whoever checks it.
const RECORD_FORMAT: &str = "sweetspot-matching-run/1";
const RECORD_HOW_TO_CHECK: &str = "inputs_sha256 is the SHA-256 (lowercase hex) of the run's inputs file \
     (GET /api/v1/t/{tenant}/matching/runs/{run}/inputs) byte for byte: its canonical JSON, challenges and \
     providers sorted by id, every set in order, no spaces. `inputs` below holds the same values. Running those \
     inputs through the solver named gives `outcome` again: the most pairs first, then the largest total \
     affinity (objective, in millionths of the sum of the matches' affinities).";

/// A run's record, for an auditor: the format, how to check it, the run, its inputs (as JSON)
/// with their SHA-256, and its outcome. Downloads as `matching-run-<n>.json`.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/matching/runs/{run}/record", tag = "matching",
    params(("tenant" = String, Path, description = "Tenant slug"), ("run" = MatchingRunId, Path, description = "Run id")),
    responses((status = 200, description = "The run's record", body = Object, content_type = "application/json"), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn download_matching_run_record(
    State(state): State<AppState>,
    access: Access,
    Path((_, run)): Path<(String, MatchingRunId)>,
) -> Result<Response, AppError> {
    let record = service::run_record(&mut access.db(&state.pool).await?, &access, run).await?;
    json_download(&run_document(&record), &format!("matching-run-{}.json", record.summary.number))
}

/// A run's record as a JSON document: the format, how to check it, the run, its inputs with
/// their SHA-256, and its outcome.
fn run_document(record: &service::RunRecord) -> serde_json::Value {
    serde_json::json!({
        "format": RECORD_FORMAT,
        "how_to_check": RECORD_HOW_TO_CHECK,
        "programme": { "slug": record.programme.slug, "title": record.programme.title },
        "run": record.summary,
        "inputs_sha256": record.summary.inputs_hash,
        "inputs": record.inputs,
        "outcome": record.outcome,
    })
}

/// `document` as a pretty-printed JSON attachment named `name`.
fn json_download(document: &serde_json::Value, name: &str) -> Result<Response, AppError> {
    let body = serde_json::to_vec_pretty(document).map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::CONTENT_DISPOSITION, content_disposition(name)),
        ],
        body,
    )
        .into_response())
}

const COMPARISON_FORMAT: &str = "sweetspot-matching-comparison/1";
const COMPARISON_HOW_TO_CHECK: &str = "`earlier` and `later` are the two runs' records, each checkable on its own \
     (see their how_to_check). `comparison` follows from them alone: parameters_changed names the parameters whose \
     values differ; kept lists the [challenge, provider] pairs in both outcomes; added and removed the pairs in only \
     the later or only the earlier outcome, each with its affinity as each run recorded it and its reasons, read \
     from the two runs' parameters: locked_in, lock_removed, ruled_out, no_longer_ruled_out, same_country_changed \
     (the pair's rule changed); affinity_changed (the pair's affinity differs between the runs); \
     other_pairs_changed (none of these: other pairs decided it).";

/// Two runs of a programme compared, for an auditor: both records in full (inputs, parameters,
/// outcomes) and the comparison, so that it can be checked without Sweetspot. Downloads as
/// `matching-runs-<earlier>-<later>-compared.json`.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/matching/runs/{run}/compare/{other}/record", tag = "matching",
    params(("tenant" = String, Path, description = "Tenant slug"), ("run" = MatchingRunId, Path, description = "The later run"), ("other" = MatchingRunId, Path, description = "The earlier run")),
    responses((status = 200, description = "Both records and their comparison", body = Object, content_type = "application/json"), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn download_matching_comparison(
    State(state): State<AppState>,
    access: Access,
    Path((_, run, other)): Path<(String, MatchingRunId, MatchingRunId)>,
) -> Result<Response, AppError> {
    let (earlier, later, comparison) =
        service::compare(&mut access.db(&state.pool).await?, &access, other, run).await?;
    let document = serde_json::json!({
        "format": COMPARISON_FORMAT,
        "how_to_check": COMPARISON_HOW_TO_CHECK,
        "earlier": run_document(&earlier),
        "later": run_document(&later),
        "comparison": comparison,
    });
    let name = format!("matching-runs-{}-{}-compared.json", earlier.summary.number, later.summary.number);
    json_download(&document, &name)
}

/// A run's inputs exactly as hashed: the SHA-256 of this file is the run's `inputs_hash`.
/// Downloads as `matching-run-<n>-inputs.json`.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/matching/runs/{run}/inputs", tag = "matching",
    params(("tenant" = String, Path, description = "Tenant slug"), ("run" = MatchingRunId, Path, description = "Run id")),
    responses((status = 200, description = "The canonical JSON of the inputs", body = Object, content_type = "application/json"), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn download_matching_run_inputs(
    State(state): State<AppState>,
    access: Access,
    Path((_, run)): Path<(String, MatchingRunId)>,
) -> Result<Response, AppError> {
    let record = service::run_record(&mut access.db(&state.pool).await?, &access, run).await?;
    let name = format!("matching-run-{}-inputs.json", record.summary.number);
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::CONTENT_DISPOSITION, content_disposition(&name)),
        ],
        record.canonical_inputs,
    )
        .into_response())
}

/// The published matches the person may read: all of the tenant's for staff, admins and
/// advisors; a team's own for its members.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/matches", tag = "matching",
    params(("tenant" = String, Path, description = "Tenant slug")),
    responses((status = 200, description = "The matches", body = Vec<PublishedMatch>), Unauthorized),
    security(("bearer" = []), ("session" = []))
)]
async fn list_published_matches(
    State(state): State<AppState>,
    access: Access,
) -> Result<axum::Json<Vec<PublishedMatch>>, AppError> {
    Ok(axum::Json(service::my_matches(&mut access.db(&state.pool).await?, &access).await?))
}

/// A published match, for the board and the match's teams.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/matches/{match}", tag = "matching",
    params(("tenant" = String, Path, description = "Tenant slug"), ("match" = MatchId, Path, description = "Match id")),
    responses((status = 200, description = "The match", body = PublishedMatch), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn get_published_match(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, MatchId)>,
) -> Result<axum::Json<PublishedMatch>, AppError> {
    Ok(axum::Json(service::published_match(&mut access.db(&state.pool).await?, &access, id).await?))
}
