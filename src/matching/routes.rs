//! Matching pages: a programme's matching (who takes part, runs, the next run's settings, the
//! published matches), a run (its matches explained, shortfalls, the candidate table with staff's
//! rules, re-run, confirm, publish), two runs compared, and the published matches a person may
//! read with each match's page.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::affinity::Explanation;
use super::domain::{
    EntryContent, PairRule, Participant, PublishedMatch, RuleRow, RunSettings, RunSummary, SelectedEntry, Side,
};
use super::run::{Candidate, Comparison, PairChange, Short};
use super::service::{self, Overview, RunRecord};
use super::solver::Exclusion;
use crate::advisory;
use crate::advisory::routes::DiscussionView;
use crate::error::{AppError, FieldErrors};
use crate::ids::{MatchId, MatchingRunId, SubmissionId};
use crate::programmes::domain::Programme;
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::tenancy::policy::Action;
use crate::web::extract::{Form, Path, Query};
use crate::web::form::{Done, after_post};
use crate::web::page::{PageCtx, redirect_with_notice, render};
use crate::web::route_table::RouteTable;

pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/t/{tenant}/p/{programme}/matching", matching_page)
        .post("/t/{tenant}/p/{programme}/matching/runs", create_run)
        .post("/t/{tenant}/p/{programme}/matching/rules", set_rule)
        .get("/t/{tenant}/matching/runs/{run}", run_page)
        .post("/t/{tenant}/matching/runs/{run}/rerun", rerun)
        .post("/t/{tenant}/matching/runs/{run}/confirm", confirm)
        .post("/t/{tenant}/matching/runs/{run}/publish", publish)
        .get("/t/{tenant}/matching/runs/{run}/compare", compare_page)
        .get("/t/{tenant}/matches", matches_page)
        .get("/t/{tenant}/matches/{match}", match_page)
        .get("/t/{tenant}/selected/{entry}", entry_page)
}

fn run_path(access: &Access, run: MatchingRunId) -> String {
    format!("/t/{}/matching/runs/{run}", access.tenant.slug)
}

/// A score (0–1) as pages show it: two decimals; a share that rounds to nothing reads 0.00, never
/// −0.00.
fn score(value: f64) -> String {
    let value = if value.abs() < 0.005 { 0.0 } else { value };
    format!("{value:.2}")
}

/// An entry as a line of a page: title, team and country.
#[derive(Clone)]
struct EntryView {
    id: String,
    title: String,
    team: String,
    country: String,
}

impl EntryView {
    fn of(participant: Option<&Participant>, id: &str) -> Self {
        match participant {
            Some(p) => EntryView {
                id: id.to_string(),
                title: p.title.clone(),
                team: p.organisation_name.clone(),
                country: p.country_code.clone(),
            },
            None => {
                EntryView { id: id.to_string(), title: id.to_string(), team: String::new(), country: String::new() }
            }
        }
    }
}

/// An affinity as a page explains it.
struct AffinityView {
    score: String,
    /// The components' shares, as a sentence.
    why: String,
    chose: bool,
    terms: String,
    shared_themes: String,
}

impl AffinityView {
    fn of(ctx: &PageCtx, e: &Explanation) -> Self {
        let args =
            [("text", score(e.text.share)), ("themes", score(e.themes.share)), ("chosen", score(e.chosen.share))];
        AffinityView {
            score: score(e.score),
            why: ctx.t_args("matching-explanation", &args),
            chose: e.chosen.value > 0.0,
            terms: e.shared_terms.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(", "),
            shared_themes: e.shared_themes.join(", "),
        }
    }
}

// ---- A programme's matching ----

#[derive(Template)]
#[template(path = "matching/matching.html")]
struct MatchingPage {
    ctx: PageCtx,
    overview: Overview,
    manage: bool,
    form: RunForm,
    errors: FieldErrors,
}

impl MatchingPage {
    fn title_of(&self, id: &SubmissionId) -> String {
        self.overview
            .challenges
            .iter()
            .chain(&self.overview.providers)
            .find(|p| p.id == *id)
            .map(|p| p.title.clone())
            .unwrap_or_else(|| id.to_string())
    }
    /// A provider as staff tell providers apart: its team and country (offer titles repeat).
    fn provider_name(&self, id: &SubmissionId) -> String {
        self.overview
            .providers
            .iter()
            .find(|p| p.id == *id)
            .map(|p| format!("{} ({})", p.organisation_name, p.country_code))
            .unwrap_or_else(|| id.to_string())
    }
    fn replaced(&self, run: &RunSummary) -> bool {
        self.overview.replaced(run)
    }
    fn challenge_count(&self) -> i64 {
        self.overview.challenges.len() as i64
    }
    fn provider_count(&self) -> i64 {
        self.overview.providers.len() as i64
    }
    fn rules(&self) -> &[RuleRow] {
        &self.overview.rules
    }
    /// The selected entries by side, each with the Fluent key of its list's heading.
    fn entry_lists(&self) -> [(&'static str, &[Participant]); 2] {
        [("matching-read-challenges", &self.overview.challenges), ("matching-read-providers", &self.overview.providers)]
    }
}

/// The run form as typed.
#[derive(Clone, Default, Deserialize)]
#[serde(default)]
struct RunForm {
    k: String,
    c: String,
    text_weight: String,
    themes_weight: String,
    chosen_weight: String,
    min_affinity: String,
}

impl RunForm {
    fn of(settings: &RunSettings) -> Self {
        RunForm {
            k: settings.k.to_string(),
            c: settings.c.to_string(),
            text_weight: settings.text_weight.to_string(),
            themes_weight: settings.themes_weight.to_string(),
            chosen_weight: settings.chosen_weight.to_string(),
            min_affinity: settings.min_affinity.to_string(),
        }
    }

    fn settings(&self) -> Result<RunSettings, AppError> {
        let mut errors = FieldErrors::new();
        let mut number = |field: &str, raw: &str, key: &'static str| -> f64 {
            raw.trim().replace(',', ".").parse::<f64>().ok().filter(|n| n.is_finite()).unwrap_or_else(|| {
                errors.add(field, key);
                0.0
            })
        };
        let k = number("k", &self.k, "error-matching-k");
        let c = number("c", &self.c, "error-matching-c");
        let text_weight = number("text_weight", &self.text_weight, "error-matching-text-weight");
        let themes_weight = number("themes_weight", &self.themes_weight, "error-matching-themes-weight");
        let chosen_weight = number("chosen_weight", &self.chosen_weight, "error-matching-chosen-weight");
        let min_affinity = number("min_affinity", &self.min_affinity, "error-matching-minimum");
        let whole = |n: f64| if n.fract() == 0.0 && (0.0..=1000.0).contains(&n) { n as u32 } else { 0 };
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let settings =
            RunSettings { k: whole(k), c: whole(c), text_weight, themes_weight, chosen_weight, min_affinity };
        settings.validate()?;
        Ok(settings)
    }
}

async fn matching_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    programme: &str,
) -> Result<MatchingPage, AppError> {
    let overview = service::overview(&mut access.db(&state.pool).await?, access, programme).await?;
    Ok(MatchingPage {
        ctx: ctx.default_zone(overview.programme.time_zone.tz()),
        form: RunForm::of(&overview.settings),
        manage: access.can(Action::ManageMatching),
        overview,
        errors: FieldErrors::new(),
    })
}

async fn matching_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, programme)): Path<(String, String)>,
) -> Result<Response, AppError> {
    render(&matching_view(&state, ctx, &access, &programme).await?)
}

async fn create_run(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, programme)): Path<(String, String)>,
    Form(form): Form<RunForm>,
) -> Result<Response, AppError> {
    let result = match form.settings() {
        Ok(settings) => service::create_run(&state.pool, &access, &programme, &settings).await,
        Err(refused) => {
            access.authorize(Action::ManageMatching)?;
            Err(refused)
        }
    };
    after_post(
        result,
        &session,
        |id| Done::to(run_path(&access, id), "notice-matching-run-created"),
        async |refused| {
            let mut page = matching_view(&state, ctx, &access, &programme).await?;
            page.form = form;
            page.errors = refused.errors();
            Ok(page)
        },
    )
    .await
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct RuleForm {
    challenge: String,
    provider: String,
    /// `lock`, `rule_out`, `allow_same_country`, or `none` to clear.
    rule: String,
    /// The run page to go back to.
    run: String,
}

async fn set_rule(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, programme)): Path<(String, String)>,
    Form(form): Form<RuleForm>,
) -> Result<Response, AppError> {
    // The form's fields come from the run page's buttons: a value that does not parse is a
    // forged or stale request, refused after asking who may set rules at all.
    let pair = match (form.challenge.parse::<SubmissionId>(), form.provider.parse::<SubmissionId>()) {
        (Ok(c), Ok(p)) => (c, p),
        _ => {
            access.authorize(Action::ManageMatching)?;
            return Err(AppError::BadRequest("error-matching-pair-unknown"));
        }
    };
    // The run page the form was on, else the programme's matching.
    let run = form.run.parse::<MatchingRunId>().ok();
    let page = match run {
        Some(run) => run_path(&access, run),
        None => format!("/t/{}/p/{programme}/matching", access.tenant.slug),
    };
    let rule = match form.rule.as_str() {
        // The list starts on no rule, so that "Set" without a choice changes nothing. (Browsers
        // ask for a choice first: the list is required. Without that, the page opens at its top,
        // where the notice is.)
        "" => {
            access.authorize(Action::ManageMatching)?;
            return redirect_with_notice(&session, &page, "notice-matching-rule-not-chosen").await;
        }
        "none" => None,
        other => match PairRule::from_name(other) {
            Some(rule) => Some(rule),
            None => {
                access.authorize(Action::ManageMatching)?;
                return Err(AppError::BadRequest("error-matching-rule-unknown"));
            }
        },
    };
    service::set_rule(&state.pool, &access, &programme, (Some(pair.0), Some(pair.1)), rule).await?;
    // Back where the rule was set: the challenge's place on the run page.
    let back = if run.is_some() { format!("{page}#challenge-{}", pair.0) } else { page };
    redirect_with_notice(&session, &back, "notice-matching-rule-set").await
}

// ---- A run ----

/// A pair as the run page shows it.
struct PairView {
    provider: EntryView,
    affinity: AffinityView,
    locked: bool,
    rule: Option<PairRule>,
    /// Fluent key of why the pair may not be made.
    excluded: Option<&'static str>,
    matched: bool,
}

/// A challenge of the run: its matches, its shortfall, its candidates.
struct ChallengeView {
    challenge: EntryView,
    matches: Vec<PairView>,
    shortfall: Option<String>,
    candidates: Vec<PairView>,
}

#[derive(Template)]
#[template(path = "matching/run.html")]
struct RunPage {
    ctx: PageCtx,
    programme: Programme,
    run: RunSummary,
    pruned_to: Option<usize>,
    parameters_text: String,
    rules_text: String,
    challenges: Vec<ChallengeView>,
    /// The run before this one, to compare with.
    previous: Option<MatchingRunId>,
    /// Published, and another run published since.
    replaced: bool,
    manage: bool,
}

fn exclusion_key(exclusion: Exclusion) -> &'static str {
    match exclusion {
        Exclusion::SameCountry => "matching-excluded-same-country",
        Exclusion::RuledOut => "matching-excluded-ruled-out",
        Exclusion::BelowMinimum => "matching-excluded-below-minimum",
    }
}

/// Why a challenge is short, cause first: too few eligible providers for `k`, or eligible ones
/// taken by other challenges (each provider takes at most `c`); then what made the others
/// ineligible.
fn shortfall_text(ctx: &PageCtx, short: &Short, (k, c): (u32, u32)) -> String {
    let count = |reason: Exclusion| short.excluded_for(reason).to_string();
    let args = [
        ("k", k.to_string()),
        ("c", c.to_string()),
        ("given", k.saturating_sub(short.missing).to_string()),
        ("eligible", short.eligible.to_string()),
        ("country", short.country.clone()),
        ("same_country", count(Exclusion::SameCountry)),
        ("ruled_out", count(Exclusion::RuledOut)),
        ("below", count(Exclusion::BelowMinimum)),
        ("taken", short.taken_elsewhere.to_string()),
        ("pruned", short.not_candidates.to_string()),
    ];
    let key = if short.eligible < k { "matching-shortfall-too-few" } else { "matching-shortfall-taken" };
    ctx.t_args(key, &args)
}

fn run_view(ctx: &PageCtx, record: &RunRecord, table: Vec<Vec<Candidate>>, rules: &[RuleRow]) -> Vec<ChallengeView> {
    let rule_of = |c: &str, p: &str| {
        rules.iter().find(|r| r.challenge_id.to_string() == c && r.provider_id.to_string() == p).map(|r| r.rule)
    };
    let mut ids: Vec<&str> = record.inputs.challenges.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    let limits = (record.inputs.parameters.k, record.inputs.parameters.c);
    let mut table = table.into_iter();
    ids.into_iter()
        .map(|id| {
            let mut matched: Vec<&super::run::Match> =
                record.outcome.matches.iter().filter(|m| m.challenge == id).collect();
            // Strongest first, as the candidate table lists them.
            matched.sort_by(|a, b| {
                b.affinity.score.total_cmp(&a.affinity.score).then_with(|| a.provider.cmp(&b.provider))
            });
            let candidates = table.next().unwrap_or_default();
            let view = |provider: &str, affinity: &Explanation, locked: bool, excluded: Option<Exclusion>| PairView {
                provider: EntryView::of(record.participant(provider), provider),
                affinity: AffinityView::of(ctx, affinity),
                locked,
                rule: rule_of(id, provider),
                excluded: excluded.map(exclusion_key),
                matched: matched.iter().any(|m| m.provider == provider),
            };
            ChallengeView {
                challenge: EntryView::of(record.participant(id), id),
                matches: matched.iter().map(|m| view(&m.provider, &m.affinity, m.locked, None)).collect(),
                shortfall: record
                    .outcome
                    .shortfalls
                    .iter()
                    .find(|s| s.challenge == id)
                    .map(|s| shortfall_text(ctx, s, limits)),
                candidates: candidates.iter().map(|c| view(&c.provider, &c.affinity, c.locked, c.excluded)).collect(),
            }
        })
        .collect()
}

async fn run_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, run)): Path<(String, MatchingRunId)>,
) -> Result<Response, AppError> {
    let mut db = access.db(&state.pool).await?;
    let record = service::run_record(&mut db, &access, run).await?;
    let overview = service::overview(&mut db, &access, &record.programme.slug).await?;
    drop(db);
    let table = service::candidates(&record).await?;
    let previous = overview.runs.iter().find(|r| r.number < record.summary.number).map(|r| r.id);
    let parameters = &record.inputs.parameters;
    let challenges = run_view(&ctx, &record, table, &overview.rules);
    let settings = RunSettings::of(parameters);
    let parameters_text = ctx.t_args(
        "matching-run-parameters-text",
        &[
            ("k", settings.k.to_string()),
            ("c", settings.c.to_string()),
            ("text", settings.text_weight.to_string()),
            ("themes", settings.themes_weight.to_string()),
            ("chosen", settings.chosen_weight.to_string()),
            ("minimum", settings.min_affinity.to_string()),
        ],
    );
    let rules_text = ctx.t_args(
        "matching-run-rules-text",
        &[
            ("locked", parameters.locked.len().to_string()),
            ("ruled_out", parameters.ruled_out.len().to_string()),
            ("allowed", parameters.allowed_same_country.len().to_string()),
        ],
    );
    render(&RunPage {
        ctx: ctx.default_zone(record.programme.time_zone.tz()),
        pruned_to: record.outcome.pruned_to,
        parameters_text,
        rules_text,
        challenges,
        previous,
        replaced: overview.replaced(&record.summary),
        manage: access.can(Action::ManageMatching),
        programme: record.programme,
        run: record.summary,
    })
}

async fn rerun(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, run)): Path<(String, MatchingRunId)>,
) -> Result<Response, AppError> {
    let id = service::rerun(&state.pool, &access, run).await?;
    redirect_with_notice(&session, &run_path(&access, id), "notice-matching-run-repeated").await
}

async fn confirm(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, run)): Path<(String, MatchingRunId)>,
) -> Result<Response, AppError> {
    service::confirm(&state.pool, &access, run).await?;
    redirect_with_notice(&session, &run_path(&access, run), "notice-matching-run-confirmed").await
}

async fn publish(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, run)): Path<(String, MatchingRunId)>,
) -> Result<Response, AppError> {
    let (_, changed) = service::publish(&state.pool, &state.config, &access, run).await?;
    let notice = if changed == 0 { "notice-matching-run-published-unchanged" } else { "notice-matching-run-published" };
    redirect_with_notice(&session, &run_path(&access, run), notice).await
}

// ---- Two runs compared ----

/// The run to compare with; the one before, when not given.
#[derive(Deserialize)]
struct CompareQuery {
    with: Option<MatchingRunId>,
}

/// A pair that came or went, as the comparison page shows it.
struct ChangeView {
    challenge: EntryView,
    provider: EntryView,
    before: String,
    after: String,
    /// Fluent keys of the reasons.
    reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "matching/compare.html")]
struct ComparePage {
    ctx: PageCtx,
    programme: Programme,
    earlier: RunSummary,
    later: RunSummary,
    same_inputs: bool,
    parameters_changed: Vec<&'static str>,
    kept: Vec<(EntryView, EntryView)>,
    added: Vec<ChangeView>,
    removed: Vec<ChangeView>,
}

fn change_view(record: &RunRecord, change: &PairChange) -> ChangeView {
    let shown = |score_of: Option<f64>| score_of.map(score).unwrap_or_else(|| "–".into());
    ChangeView {
        challenge: EntryView::of(record.participant(&change.challenge), &change.challenge),
        provider: EntryView::of(record.participant(&change.provider), &change.provider),
        before: shown(change.before),
        after: shown(change.after),
        reasons: change.reasons.iter().map(|r| format!("matching-change-{}", r.replace('_', "-"))).collect(),
    }
}

async fn compare_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, run)): Path<(String, MatchingRunId)>,
    Query(query): Query<CompareQuery>,
) -> Result<Response, AppError> {
    let mut db = access.db(&state.pool).await?;
    let earlier = match query.with {
        Some(earlier) => earlier,
        None => service::previous_run(&mut db, &access, run).await?.ok_or(AppError::NotFound)?,
    };
    let (a, b, comparison): (RunRecord, RunRecord, Comparison) =
        service::compare(&mut db, &access, earlier, run).await?;
    if a.summary.number > b.summary.number {
        // The page is the later run's: asked the other way round, it is that run's comparison.
        let canonical = format!("{}/compare?with={}", run_path(&access, a.summary.id), b.summary.id);
        return Ok(Redirect::to(&canonical).into_response());
    }
    let kept = comparison
        .kept
        .iter()
        .map(|(c, p)| (EntryView::of(b.participant(c), c), EntryView::of(b.participant(p), p)))
        .collect();
    render(&ComparePage {
        ctx: ctx.default_zone(b.programme.time_zone.tz()),
        added: comparison.added.iter().map(|c| change_view(&b, c)).collect(),
        removed: comparison.removed.iter().map(|c| change_view(&a, c)).collect(),
        kept,
        same_inputs: comparison.same_inputs,
        parameters_changed: comparison.parameters_changed,
        programme: b.programme,
        earlier: a.summary,
        later: b.summary,
    })
}

// ---- Published matches ----

/// A published match as pages show it.
struct MatchView {
    id: MatchId,
    challenge: EntryView,
    providers: Vec<(EntryView, AffinityView)>,
    run_number: i32,
    run_id: MatchingRunId,
    published_at: chrono::DateTime<chrono::Utc>,
}

impl MatchView {
    fn of(ctx: &PageCtx, m: &PublishedMatch) -> Self {
        let entry = |p: &Participant| EntryView::of(Some(p), &p.id.to_string());
        MatchView {
            id: m.id,
            challenge: entry(&m.challenge),
            providers: m.providers.iter().map(|p| (entry(&p.provider), AffinityView::of(ctx, &p.affinity))).collect(),
            run_number: m.run_number,
            run_id: m.run_id,
            published_at: m.published_at,
        }
    }
}

#[derive(Template)]
#[template(path = "matching/matches.html")]
struct MatchesPage {
    ctx: PageCtx,
    matches: Vec<MatchView>,
}

async fn matches_page(State(state): State<AppState>, ctx: PageCtx, access: Access) -> Result<Response, AppError> {
    let matches = service::my_matches(&mut access.db(&state.pool).await?, &access).await?;
    let matches = matches.iter().map(|m| MatchView::of(&ctx, m)).collect();
    render(&MatchesPage { ctx, matches })
}

#[derive(Template)]
#[template(path = "matching/match.html")]
struct MatchPage {
    ctx: PageCtx,
    found: MatchView,
    /// Whether the reader may see the run the match came from (staff and advisors).
    board: bool,
    discussion: DiscussionView,
}

async fn match_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id)): Path<(String, MatchId)>,
) -> Result<Response, AppError> {
    let mut db = access.db(&state.pool).await?;
    let found = service::published_match(&mut db, &access, id).await?;
    let subject = advisory::service::match_subject_of(&access, &found);
    let discussion = advisory::routes::discussion(&mut db, &access, &subject).await?;
    let found = MatchView::of(&ctx, &found);
    render(&MatchPage { ctx, found, board: access.can(Action::ViewMatching), discussion })
}

// ---- A selected entry ----

#[derive(Template)]
#[template(path = "matching/entry.html")]
struct EntryPage {
    ctx: PageCtx,
    entry: SelectedEntry,
    content: EntryContent,
    /// Its published match, for a challenge.
    found: Option<MatchView>,
    board: bool,
    /// A challenge's discussion (providers are discussed on their matches).
    discussion: Option<DiscussionView>,
}

impl EntryPage {
    fn is_challenge(&self) -> bool {
        self.entry.participant.side == Side::Challenge
    }
}

async fn entry_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<Response, AppError> {
    let mut db = access.db(&state.pool).await?;
    let entry = service::selected_entry(&mut db, &access, id).await?;
    let content = service::entry_content(&mut db, &entry).await?;
    let discussion = match advisory::service::challenge_subject_of(&access, &entry) {
        Some(subject) => Some(advisory::routes::discussion(&mut db, &access, &subject).await?),
        None => None,
    };
    let found = entry.published.as_ref().map(|m| MatchView::of(&ctx, m));
    render(&EntryPage { ctx, entry, content, found, board: access.can(Action::ViewMatching), discussion })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_score_that_rounds_to_nothing_reads_zero_never_minus_zero() {
        assert_eq!(super::score(-0.0), "0.00");
        assert_eq!(super::score(-0.001), "0.00");
        assert_eq!(super::score(0.456), "0.46");
        assert_eq!(super::score(1.0), "1.00");
    }
}
