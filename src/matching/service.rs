//! Matching's reads and verbs: a programme's selected challenges and providers, the rules staff
//! set on pairs, runs (create, read, re-run, compare, the auditor's files), the candidate table,
//! confirming and publishing a run, and the published matches each person may read.
//!
//! Who may: `ViewMatching` (staff, admins, the advisory board) reads everything of a programme's
//! matching; `ManageMatching` (staff, admins) changes it; a team reads the matches it is part of
//! (`policy::may_read_matching_subject`), and a selected entry it is, or is matched with.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sqlx::PgPool;

use super::affinity::Language;
use super::domain::{
    EntryContent, MatchedProvider, PairRule, Participant, PublishedMatch, RuleRow, RunSettings, RunSummary,
    SelectedEntry, Side,
};
use super::run::{self, ChallengeInput, Comparison, Inputs, Outcome, Parameters, ProviderInput};
use super::store::{self, MatchRow, NewRun};
use crate::audit;
use crate::config::Config;
use crate::db::wall::TenantTx;
use crate::error::AppError;
use crate::ids::{MatchId, MatchingRunId, OrganisationId, SubmissionId, UserId};
use crate::notify::{emails, enqueue};
use crate::programmes;
use crate::programmes::domain::Programme;
use crate::tenancy::access::Access;
use crate::tenancy::policy::{self, Action};

/// How many providers the candidate table shows per challenge (rules set on others are added).
pub const CANDIDATES_SHOWN: usize = 10;

/// A programme's matching page: who takes part, staff's rules, the runs, the published matches,
/// and the settings the next run's form starts from (the latest run's).
pub struct Overview {
    pub programme: Programme,
    pub challenges: Vec<Participant>,
    pub providers: Vec<Participant>,
    pub rules: Vec<RuleRow>,
    pub runs: Vec<RunSummary>,
    pub matches: Vec<PublishedMatch>,
    pub settings: RunSettings,
}

impl Overview {
    /// The run whose matches are published now: the last one published. Runs published before
    /// it were replaced by it.
    pub fn current_published(&self) -> Option<MatchingRunId> {
        self.runs.iter().filter(|r| r.published_at.is_some()).max_by_key(|r| r.published_at).map(|r| r.id)
    }

    /// Whether `run` was published and another run published since.
    pub fn replaced(&self, run: &RunSummary) -> bool {
        run.published_at.is_some() && self.current_published() != Some(run.id)
    }
}

pub async fn overview(db: &mut TenantTx, access: &Access, programme: &str) -> Result<Overview, AppError> {
    access.authorize(Action::ViewMatching)?;
    let programme = programmes::service::programme(db, programme).await?;
    let (challenges, providers) = split(store::participants(db, programme.id).await?);
    let rules = store::rules(db, programme.id).await?;
    let runs = store::runs(db, programme.id).await?;
    let settings = match runs.first() {
        Some(latest) => match store::run(db, latest.id).await? {
            Some((_, inputs, _)) => RunSettings::of(&parse_inputs(&inputs)?.parameters),
            None => RunSettings::default(),
        },
        None => RunSettings::default(),
    };
    let rows = store::match_rows(db, Some(programme.id), None).await?;
    let matches = published(db, rows).await?;
    Ok(Overview { programme, challenges, providers, rules, runs, matches, settings })
}

fn split(participants: Vec<Participant>) -> (Vec<Participant>, Vec<Participant>) {
    participants.into_iter().partition(|p| p.side == Side::Challenge)
}

fn parse_inputs(inputs: &str) -> Result<Inputs, AppError> {
    serde_json::from_str(inputs).map_err(|e| AppError::Internal(anyhow::anyhow!("stored run inputs: {e}")))
}

/// What a run reads of the programme now: its selected entries (title, summary and written
/// answers as text, themes, and for providers the challenges they chose), with the programme's
/// rules on pairs and the staff's settings. Rules on entries no longer selected are left out.
async fn current_inputs(
    db: &mut TenantTx,
    programme: &Programme,
    settings: &RunSettings,
) -> Result<(Inputs, Vec<Participant>), AppError> {
    let participants = store::participants(db, programme.id).await?;
    let ids: Vec<SubmissionId> = participants.iter().map(|p| p.id).collect();
    let mut texts: HashMap<SubmissionId, String> = HashMap::new();
    for p in &participants {
        texts.insert(p.id, p.title.clone());
    }
    for (id, summary) in store::summaries(db, &ids).await? {
        push_paragraph(texts.entry(id).or_default(), &summary);
    }
    for (id, answer) in store::written_answers(db, &ids).await? {
        push_paragraph(texts.entry(id).or_default(), &answer);
    }
    let mut themes: HashMap<SubmissionId, BTreeSet<String>> = HashMap::new();
    for (id, theme) in store::themes(db, &ids).await? {
        themes.entry(id).or_default().insert(theme);
    }
    let mut chosen: HashMap<SubmissionId, BTreeSet<String>> = HashMap::new();
    for (solution, challenge) in store::chosen(db, &ids).await? {
        chosen.entry(solution).or_default().insert(challenge.to_string());
    }
    let text_of = |id: SubmissionId| texts.get(&id).cloned().unwrap_or_default();
    let mut challenges = Vec::new();
    let mut providers = Vec::new();
    for p in &participants {
        let text = text_of(p.id);
        let language = Some(Language::guess(&text));
        let entry_themes = themes.remove(&p.id).unwrap_or_default();
        match p.side {
            Side::Challenge => challenges.push(ChallengeInput {
                id: p.id.to_string(),
                country: p.country_code.clone(),
                text,
                language,
                themes: entry_themes,
            }),
            Side::Provider => providers.push(ProviderInput {
                id: p.id.to_string(),
                country: p.country_code.clone(),
                text,
                language,
                themes: entry_themes,
                chosen: chosen.remove(&p.id).unwrap_or_default(),
            }),
        }
    }
    let selected: BTreeSet<String> = ids.iter().map(ToString::to_string).collect();
    let mut parameters = Parameters {
        k: settings.k,
        c: settings.c,
        weights: settings.weights(),
        min_affinity: settings.min_affinity,
        ..Parameters::default()
    };
    for rule in store::rules(db, programme.id).await? {
        let pair = (rule.challenge_id.to_string(), rule.provider_id.to_string());
        if !selected.contains(&pair.0) || !selected.contains(&pair.1) {
            continue;
        }
        match rule.rule {
            PairRule::Lock => parameters.locked.insert(pair),
            PairRule::RuleOut => parameters.ruled_out.insert(pair),
            PairRule::AllowSameCountry => parameters.allowed_same_country.insert(pair),
        };
    }
    Ok((Inputs { challenges, providers, parameters }, participants))
}

fn push_paragraph(text: &mut String, more: &str) {
    if more.trim().is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(more.trim());
}

/// Solves off the async threads: a large programme's run takes seconds (`docs/PERFORMANCE.md`).
async fn solve(inputs: Inputs) -> Result<(Inputs, Outcome), AppError> {
    tokio::task::spawn_blocking(move || {
        let outcome = run::run(&inputs);
        (inputs, outcome)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))
    .and_then(|(inputs, outcome)| match outcome {
        Ok(outcome) => Ok((inputs, outcome)),
        Err(e) => Err(AppError::Internal(anyhow::anyhow!("matching run: {e}"))),
    })
}

/// Runs matching over the programme's selected entries now, with `settings` and the programme's
/// rules on pairs, and stores the run (staff). 422 for settings out of range; 409 when the
/// programme has no selected challenge or no selected provider.
pub async fn create_run(
    pool: &PgPool,
    access: &Access,
    programme: &str,
    settings: &RunSettings,
) -> Result<MatchingRunId, AppError> {
    access.authorize(Action::ManageMatching)?;
    settings.validate()?;
    let user = access.user()?.id;
    let mut tx = access.db(pool).await?;
    let programme = programmes::service::programme(&mut tx, programme).await?;
    let (id, number, outcome) = run_and_store(&mut tx, &programme, settings, user).await?;
    let details = serde_json::json!({ "number": number, "inputs_sha256": outcome.inputs_hash,
        "matches": outcome.matches.len(), "shortfalls": outcome.shortfalls.len() });
    audit::record(&mut tx, access.audit("matching.run_created", "matching_run", id).details(details)).await?;
    tx.commit().await?;
    Ok(id)
}

/// A run over the programme's selected entries now, stored, without asking the policy (the
/// service's verb and the demo's seed call it). 409 when either side has nobody.
pub(super) async fn run_and_store(
    tx: &mut TenantTx,
    programme: &Programme,
    settings: &RunSettings,
    by: UserId,
) -> Result<(MatchingRunId, i32, Outcome), AppError> {
    store::lock_runs(tx, programme.id).await?;
    let (inputs, _) = current_inputs(tx, programme, settings).await?;
    if inputs.challenges.is_empty() || inputs.providers.is_empty() {
        return Err(AppError::Conflict("error-matching-nobody"));
    }
    let (inputs, outcome) = solve(inputs).await?;
    let canonical = String::from_utf8(inputs.canonical_json()).map_err(|e| AppError::Internal(e.into()))?;
    let id = MatchingRunId::new();
    let new = NewRun { id, programme: programme.id, rerun_of: None, inputs: &canonical, outcome: &outcome, by };
    let number = store::insert_run(tx, &new).await?;
    Ok((id, number, outcome))
}

/// A stored run, whole: its inputs and outcome, and the entries it names as they are now (an
/// entry's title and team, whatever its selection since).
pub struct RunRecord {
    pub programme: Programme,
    pub summary: RunSummary,
    /// The canonical JSON of the inputs, exactly the bytes `summary.inputs_hash` is taken of.
    pub canonical_inputs: String,
    pub inputs: Inputs,
    pub outcome: Outcome,
    pub participants: BTreeMap<String, Participant>,
}

impl RunRecord {
    /// The entry a run names by id (`None` only if it was deleted since).
    pub fn participant(&self, id: &str) -> Option<&Participant> {
        self.participants.get(id)
    }
}

pub async fn run_record(db: &mut TenantTx, access: &Access, id: MatchingRunId) -> Result<RunRecord, AppError> {
    access.authorize(Action::ViewMatching)?;
    let (summary, canonical_inputs, outcome) = store::run(db, id).await?.ok_or(AppError::NotFound)?;
    let programme = programmes::service::programme_by_id(db, summary.programme_id).await?;
    let inputs = parse_inputs(&canonical_inputs)?;
    let ids: Vec<SubmissionId> = inputs
        .challenges
        .iter()
        .map(|c| c.id.as_str())
        .chain(inputs.providers.iter().map(|p| p.id.as_str()))
        .filter_map(|id| id.parse().ok())
        .collect();
    let participants = store::participants_by_id(db, &ids).await?.into_iter().map(|p| (p.id.to_string(), p)).collect();
    Ok(RunRecord { programme, summary, canonical_inputs, inputs, outcome, participants })
}

/// The candidate table of a run: each challenge's best providers by affinity with their
/// explanations, and every pair with a rule (`run::candidate_table`).
pub async fn candidates(record: &RunRecord) -> Result<Vec<Vec<run::Candidate>>, AppError> {
    let inputs = record.inputs.clone();
    tokio::task::spawn_blocking(move || run::candidate_table(&inputs, CANDIDATES_SHOWN))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(anyhow::anyhow!("candidate table: {e}")))
}

/// Runs a stored run's inputs again and stores the result as a new run that names it, with
/// whether it reproduced the stored outcome (staff). It should always: a `false` is a defect
/// and is logged.
pub async fn rerun(pool: &PgPool, access: &Access, id: MatchingRunId) -> Result<MatchingRunId, AppError> {
    access.authorize(Action::ManageMatching)?;
    let user = access.user()?.id;
    let mut tx = access.db(pool).await?;
    let (summary, canonical, stored) = store::run(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    store::lock_runs(&mut tx, summary.programme_id).await?;
    let (_, outcome) = solve(parse_inputs(&canonical)?).await?;
    let reproduces = outcome == stored;
    if !reproduces {
        tracing::error!(run = %id, "a re-run of a stored matching run did not reproduce it");
    }
    let new_id = MatchingRunId::new();
    let new = NewRun {
        id: new_id,
        programme: summary.programme_id,
        rerun_of: Some((id, reproduces)),
        inputs: &canonical,
        outcome: &outcome,
        by: user,
    };
    let number = store::insert_run(&mut tx, &new).await?;
    let details = serde_json::json!({ "number": number, "rerun_of": summary.number, "reproduces": reproduces });
    audit::record(&mut tx, access.audit("matching.run_repeated", "matching_run", new_id).details(details)).await?;
    tx.commit().await?;
    Ok(new_id)
}

/// The run before `run` in its programme (by number), if any.
pub async fn previous_run(
    db: &mut TenantTx,
    access: &Access,
    run: MatchingRunId,
) -> Result<Option<MatchingRunId>, AppError> {
    access.authorize(Action::ViewMatching)?;
    let (summary, _, _) = store::run(db, run).await?.ok_or(AppError::NotFound)?;
    let runs = store::runs(db, summary.programme_id).await?;
    Ok(runs.iter().find(|r| r.number < summary.number).map(|r| r.id))
}

/// Two runs of one programme side by side: `later` against `earlier`. 404 when either is not
/// the tenant's or they are of different programmes.
pub async fn compare(
    db: &mut TenantTx,
    access: &Access,
    earlier: MatchingRunId,
    later: MatchingRunId,
) -> Result<(RunRecord, RunRecord, Comparison), AppError> {
    let a = run_record(db, access, earlier).await?;
    let b = run_record(db, access, later).await?;
    if a.summary.programme_id != b.summary.programme_id {
        return Err(AppError::NotFound);
    }
    let comparison = run::compare((&a.inputs, &a.outcome), (&b.inputs, &b.outcome));
    Ok((a, b, comparison))
}

/// Sets or clears staff's rule on a pair of the programme's selected challenge and provider; the
/// next run applies it. 422 on `provider` when the two are not a selected challenge and a
/// selected provider of the programme; 422 on `rule` for allowing the same country to teams of
/// two countries (it would mean nothing).
pub async fn set_rule(
    pool: &PgPool,
    access: &Access,
    programme: &str,
    pair: (Option<SubmissionId>, Option<SubmissionId>),
    rule: Option<PairRule>,
) -> Result<(), AppError> {
    access.authorize(Action::ManageMatching)?;
    let user = access.user()?.id;
    let (Some(challenge), Some(provider)) = pair else {
        return Err(AppError::invalid("provider", "error-matching-pair-unknown"));
    };
    let mut tx = access.db(pool).await?;
    let programme = programmes::service::programme(&mut tx, programme).await?;
    let participants = store::participants(&mut tx, programme.id).await?;
    let find = |id: SubmissionId, side: Side| participants.iter().find(|p| p.id == id && p.side == side);
    let (Some(c), Some(p)) = (find(challenge, Side::Challenge), find(provider, Side::Provider)) else {
        return Err(AppError::invalid("provider", "error-matching-pair-unknown"));
    };
    if rule == Some(PairRule::AllowSameCountry) && c.country_code != p.country_code {
        return Err(AppError::invalid("rule", "error-matching-allow-not-same-country"));
    }
    store::set_rule(&mut tx, programme.id, (challenge, provider), rule, user).await?;
    let details = serde_json::json!({ "challenge": challenge, "provider": provider,
        "rule": rule.map(|r| r.as_str()) });
    audit::record(&mut tx, access.audit("matching.pair_rule_set", "programme", programme.id).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

/// Confirms a run as the programme's proposal (staff): the one to publish; any other unpublished
/// proposal stops being one. 409 when the run is published already.
pub async fn confirm(pool: &PgPool, access: &Access, id: MatchingRunId) -> Result<(), AppError> {
    access.authorize(Action::ManageMatching)?;
    let user = access.user()?.id;
    let mut tx = access.db(pool).await?;
    let number = confirm_run(&mut tx, id, user).await?;
    let details = serde_json::json!({ "number": number });
    audit::record(&mut tx, access.audit("matching.run_confirmed", "matching_run", id).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

/// Confirms a run without asking the policy; returns its number.
pub(super) async fn confirm_run(tx: &mut TenantTx, id: MatchingRunId, by: UserId) -> Result<i32, AppError> {
    let (summary, _, _) = store::run(tx, id).await?.ok_or(AppError::NotFound)?;
    if !store::confirm(tx, &summary, by).await? {
        return Err(AppError::Conflict("error-matching-run-published"));
    }
    Ok(summary.number)
}

/// Publishes a confirmed run (staff): each challenge it matched gets its match (a challenge
/// matched before keeps its match and page, with the new providers), and every member of each
/// team of a match that is new or changed is emailed its page. Challenges the run left without
/// providers keep no match. Returns how many matches were published and how many of them are
/// new or changed (their teams were emailed). 409 when the run is not confirmed, is published
/// already, or made no match.
pub async fn publish(
    pool: &PgPool,
    config: &Config,
    access: &Access,
    id: MatchingRunId,
) -> Result<(usize, usize), AppError> {
    access.authorize(Action::ManageMatching)?;
    let user = access.user()?.id;
    let mut tx = access.db(pool).await?;
    let Published { programme, number, matches, changed } = publish_run(&mut tx, id, user).await?;
    for (match_id, challenge, providers) in &changed {
        let link = config.link(&format!("/t/{}/matches/{match_id}", access.tenant.slug));
        let organisations: Vec<_> =
            std::iter::once(challenge.organisation_id).chain(providers.iter().map(|p| p.organisation_id)).collect();
        for person in crate::tenancy::service::correspondents(&mut tx, &organisations).await? {
            let others: Vec<&str> = std::iter::once(challenge)
                .chain(providers)
                .filter(|p| p.organisation_id != person.organisation_id)
                .map(|p| p.organisation_name.as_str())
                .collect();
            let message = emails::match_published(
                person.lang,
                &person.email,
                &person.display_name,
                (&programme.title, &challenge.title),
                &others.join(", "),
                &link,
            );
            enqueue(&mut tx, Some(access.tenant.id), message).await?;
        }
    }
    let details = serde_json::json!({ "number": number, "matches": matches, "changed": changed.len() });
    audit::record(&mut tx, access.audit("matching.run_published", "matching_run", id).details(details)).await?;
    tx.commit().await?;
    Ok((matches, changed.len()))
}

/// What publishing a run did: its programme and number, how many matches it has, and the
/// matches that are new or have other providers than before (whose teams are told).
pub(super) struct Published {
    programme: Programme,
    number: i32,
    matches: usize,
    changed: Vec<(MatchId, Participant, Vec<Participant>)>,
}

/// Publishes a confirmed run without asking the policy or writing emails (the service's verb
/// and the demo's seed call it).
pub(super) async fn publish_run(tx: &mut TenantTx, id: MatchingRunId, by: UserId) -> Result<Published, AppError> {
    let (summary, _, outcome) = store::run(tx, id).await?.ok_or(AppError::NotFound)?;
    if summary.published_at.is_some() {
        return Err(AppError::Conflict("error-matching-run-published"));
    }
    if summary.confirmed_at.is_none() {
        return Err(AppError::Conflict("error-matching-run-not-confirmed"));
    }
    if outcome.matches.is_empty() {
        return Err(AppError::Conflict("error-matching-run-empty"));
    }
    store::lock_runs(tx, summary.programme_id).await?;
    if !store::mark_published(tx, id, by).await? {
        return Err(AppError::Conflict("error-matching-run-published"));
    }
    let programme = programmes::service::programme_by_id(tx, summary.programme_id).await?;
    let mut by_challenge: BTreeMap<&str, Vec<&run::Match>> = BTreeMap::new();
    for m in &outcome.matches {
        by_challenge.entry(m.challenge.as_str()).or_default().push(m);
    }
    let ids: Vec<SubmissionId> = outcome
        .matches
        .iter()
        .flat_map(|m| [m.challenge.as_str(), m.provider.as_str()])
        .filter_map(|id| id.parse().ok())
        .collect();
    let participants: HashMap<SubmissionId, Participant> =
        store::participants_by_id(tx, &ids).await?.into_iter().map(|p| (p.id, p)).collect();
    let entry = |id: &str| -> Result<&Participant, AppError> {
        id.parse::<SubmissionId>()
            .ok()
            .and_then(|id| participants.get(&id))
            .ok_or(AppError::Conflict("error-matching-entry-gone"))
    };
    let mut changed = Vec::new();
    for (challenge, pairs) in &by_challenge {
        let challenge = entry(challenge)?;
        let (match_id, before) = store::upsert_match(tx, programme.id, challenge.id, id).await?;
        let mut after = BTreeSet::new();
        for pair in pairs {
            let provider = entry(&pair.provider)?;
            store::insert_match_provider(tx, match_id, provider.id, &pair.affinity).await?;
            after.insert(provider.id);
        }
        if before != after {
            let providers = after.iter().filter_map(|p| participants.get(p)).cloned().collect();
            changed.push((match_id, challenge.clone(), providers));
        }
    }
    Ok(Published { programme, number: summary.number, matches: by_challenge.len(), changed })
}

/// Builds the published matches of these rows: their challenges and providers, two queries.
async fn published(db: &mut TenantTx, rows: Vec<MatchRow>) -> Result<Vec<PublishedMatch>, AppError> {
    let ids: Vec<MatchId> = rows.iter().map(|r| r.id).collect();
    let providers = store::match_providers(db, &ids).await?;
    let entries: Vec<SubmissionId> =
        rows.iter().map(|r| r.challenge_id).chain(providers.iter().map(|(_, p, _)| *p)).collect();
    let participants: HashMap<SubmissionId, Participant> =
        store::participants_by_id(db, &entries).await?.into_iter().map(|p| (p.id, p)).collect();
    let mut by_match: HashMap<MatchId, Vec<MatchedProvider>> = HashMap::new();
    for (m, provider, explanation) in providers {
        if let Some(provider) = participants.get(&provider) {
            by_match
                .entry(m)
                .or_default()
                .push(MatchedProvider { provider: provider.clone(), affinity: explanation.0 });
        }
    }
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(PublishedMatch {
                id: r.id,
                programme_id: r.programme_id,
                challenge: participants.get(&r.challenge_id)?.clone(),
                providers: by_match.remove(&r.id).unwrap_or_default(),
                run_id: r.run_id,
                run_number: r.run_number,
                published_at: r.published_at,
            })
        })
        .collect())
}

/// Whether the person belongs to a team of the match: its challenge's owner or a provider.
pub fn team_of_match(access: &Access, found: &PublishedMatch) -> bool {
    member_of_any(access, &found.teams())
}

/// Whether the person belongs to one of `teams`.
fn member_of_any(access: &Access, teams: &[OrganisationId]) -> bool {
    teams.iter().any(|team| access.actor.organisations.contains(team))
}

/// A published match, for whoever may read it (`policy::may_read_matching_subject`): 404 when the tenant
/// has no such match, 403 (401 signed out) for everyone else, so a team learns nothing of other
/// matches.
pub async fn published_match(db: &mut TenantTx, access: &Access, id: MatchId) -> Result<PublishedMatch, AppError> {
    if !access.actor.is_signed_in() {
        return Err(AppError::Unauthorized);
    }
    let row = store::match_row(db, id).await?.ok_or(AppError::NotFound)?;
    let found = published(db, vec![row]).await?.pop().ok_or(AppError::NotFound)?;
    if !policy::may_read_matching_subject(&access.actor, team_of_match(access, &found)) {
        return Err(AppError::Forbidden);
    }
    Ok(found)
}

/// A selected challenge or provider, read-only, for whoever may read it
/// (`policy::may_read_matching_subject`): the board, the entry's own team, and for a challenge
/// the teams of its published match. 404 when the tenant has no such selected entry (a draft, an
/// entry not selected or not released, or declined by its team); 403 (401 signed out) for
/// everyone else. What its team wrote is read apart (`entry_content`), once this allowed it.
pub async fn selected_entry(db: &mut TenantTx, access: &Access, id: SubmissionId) -> Result<SelectedEntry, AppError> {
    if !access.actor.is_signed_in() {
        return Err(AppError::Unauthorized);
    }
    let participant = store::selected_entry(db, id).await?.ok_or(AppError::NotFound)?;
    let published = match participant.participant.side {
        Side::Challenge => match store::match_of_challenge(db, id).await? {
            Some(found) => published(db, vec![found]).await?.pop(),
            None => None,
        },
        Side::Provider => None,
    };
    let entry = SelectedEntry {
        participant: participant.participant,
        programme_slug: participant.programme_slug,
        programme_title: participant.programme_title,
        summary: participant.summary,
        published,
    };
    if !policy::may_read_matching_subject(&access.actor, team_of_entry(access, &entry)) {
        return Err(AppError::Forbidden);
    }
    Ok(entry)
}

/// The themes and written answers of an entry the reader was allowed (`selected_entry`).
pub async fn entry_content(db: &mut TenantTx, entry: &SelectedEntry) -> Result<EntryContent, AppError> {
    let id = entry.participant.id;
    let mut themes: Vec<String> = store::themes(db, &[id]).await?.into_iter().map(|(_, name)| name).collect();
    themes.sort();
    let answers = store::labelled_answers(db, id).await?;
    Ok(EntryContent { themes, answers })
}

/// Whether the person belongs to a team of the selected entry (`SelectedEntry::teams`).
pub fn team_of_entry(access: &Access, entry: &SelectedEntry) -> bool {
    member_of_any(access, &entry.teams())
}

/// How many matches `my_matches` would give the person (0 signed out), counted in SQL.
pub async fn my_match_count(db: &mut TenantTx, access: &Access) -> Result<i64, AppError> {
    if !access.actor.is_signed_in() || (!access.can(Action::ViewMatching) && access.actor.organisations.is_empty()) {
        return Ok(0);
    }
    let organisations = (!access.can(Action::ViewMatching)).then_some(access.actor.organisations.as_slice());
    Ok(store::match_count(db, organisations).await?)
}

/// The matches a person may read: all of the tenant's for the board (staff, admins, advisors),
/// a team's own for its members, none for anyone else.
pub async fn my_matches(db: &mut TenantTx, access: &Access) -> Result<Vec<PublishedMatch>, AppError> {
    if !access.actor.is_signed_in() {
        return Err(AppError::Unauthorized);
    }
    let rows = if access.can(Action::ViewMatching) {
        store::match_rows(db, None, None).await?
    } else if access.actor.organisations.is_empty() {
        Vec::new()
    } else {
        store::match_rows(db, None, Some(&access.actor.organisations)).await?
    };
    published(db, rows).await
}
