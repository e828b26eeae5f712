//! A matching run as a record an auditor can check without Sweetspot: the inputs (challenges,
//! providers, parameters) in one canonical JSON form with its SHA-256, the solver that ran, and
//! the result (the matches with their explained affinities, the objective, the shortfalls). Running
//! the same inputs again gives the same result, so a stored run can be re-run to show it
//! reproduces; two runs compare pair by pair, with the reasons a pair came or went. Pure: the
//! capability's service reads the inputs from the database and stores the record.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::affinity::{self, Corpus, Explanation, Facts, Language, Text, Weights};
use super::solver::{self, Exclusion, Pair, Problem};

/// Past this many pairs a run solves over each side's best candidates (see
/// `affinity::top_candidates`), and its record says so.
pub const EXACT_UP_TO_PAIRS: usize = 1_000_000;

/// How many candidates each side keeps when a run is pruned.
pub const CANDIDATES: usize = 100;

/// What the solver is, as the record names it.
pub const SOLVER: &str = "min-cost flow, LEMON network simplex (mcmf 2); affinity TF-IDF cosine over Snowball stems";

/// A selected challenge, as the run reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChallengeInput {
    /// The submission's id, as text.
    pub id: String,
    /// ISO 3166-1 alpha-2 code of the owning organisation's country.
    pub country: String,
    /// The problem, who is affected and the outcome sought, together.
    pub text: String,
    pub language: Option<Language>,
    pub themes: BTreeSet<String>,
}

/// A selected solution provider, as the run reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderInput {
    pub id: String,
    pub country: String,
    /// Its experience, as it described it.
    pub text: String,
    pub language: Option<Language>,
    pub themes: BTreeSet<String>,
    /// The ids of the challenges it chose in its submission.
    pub chosen: BTreeSet<String>,
}

/// What staff set for a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Parameters {
    /// Providers per challenge (2 in 2024).
    pub k: u32,
    /// Challenges per provider, at most (1 in 2024).
    pub c: u32,
    pub weights: Weights,
    /// Pairs below it are not made (0–1).
    pub min_affinity: f64,
    /// Pairs of the same country that staff allow: (challenge id, provider id).
    pub allowed_same_country: BTreeSet<(String, String)>,
    /// Pairs staff locked in.
    pub locked: BTreeSet<(String, String)>,
    /// Pairs staff ruled out.
    pub ruled_out: BTreeSet<(String, String)>,
}

impl Default for Parameters {
    fn default() -> Self {
        Parameters {
            k: 2,
            c: 1,
            weights: Weights::default(),
            min_affinity: 0.0,
            allowed_same_country: BTreeSet::new(),
            locked: BTreeSet::new(),
            ruled_out: BTreeSet::new(),
        }
    }
}

/// Everything a run reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inputs {
    pub challenges: Vec<ChallengeInput>,
    pub providers: Vec<ProviderInput>,
    pub parameters: Parameters,
}

impl Inputs {
    /// The canonical JSON of the inputs: challenges and providers by id, every set in order, the
    /// fields in their declared order. Two equal inputs give the same bytes.
    pub fn canonical_json(&self) -> Vec<u8> {
        let mut sorted = self.clone();
        sorted.challenges.sort_by(|a, b| a.id.cmp(&b.id));
        sorted.providers.sort_by(|a, b| a.id.cmp(&b.id));
        serde_json::to_vec(&sorted).unwrap_or_default()
    }

    /// The SHA-256 of the canonical JSON, in lowercase hex.
    pub fn hash(&self) -> String {
        hex::encode(Sha256::digest(self.canonical_json()))
    }
}

/// A match of the result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Match {
    pub challenge: String,
    pub provider: String,
    /// Staff locked the pair in.
    pub locked: bool,
    pub affinity: Explanation,
}

/// A challenge that got fewer than `k` providers, with the numbers that say why (those of
/// [`solver::Shortfall`], the challenge named by its id rather than its place in the solver's rows).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Short {
    pub challenge: String,
    /// ISO 3166-1 alpha-2 code of the challenge owner's country.
    pub country: String,
    pub missing: u32,
    pub eligible: u32,
    pub excluded: Vec<(Exclusion, u32)>,
    pub not_candidates: u32,
    pub taken_elsewhere: u32,
}

impl Short {
    /// How many providers were excluded for `reason`.
    pub fn excluded_for(&self, reason: Exclusion) -> u32 {
        self.excluded.iter().find(|(r, _)| *r == reason).map_or(0, |(_, n)| *n)
    }
}

/// What a run produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub inputs_hash: String,
    pub solver: String,
    /// `None` when every pair was considered; else how many candidates each side kept.
    pub pruned_to: Option<usize>,
    /// The sum of the matches' affinities, in millionths.
    pub objective: i64,
    /// By challenge id, then provider id.
    pub matches: Vec<Match>,
    pub shortfalls: Vec<Short>,
}

/// Why a run's inputs cannot be matched.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    #[error("two challenges or two providers share the id {0}")]
    DuplicateId(String),
    #[error("a pair names an unknown challenge or provider: {0} × {1}")]
    UnknownPair(String, String),
    #[error("a pair is both locked in and ruled out: {0} × {1}")]
    LockedAndRuledOut(String, String),
    #[error("the minimum affinity is not a number from 0 to 1")]
    MinimumOutOfRange,
    #[error(transparent)]
    Solver(#[from] solver::ProblemError),
}

/// The inputs made ready for the solver and the candidate table: sorted by id, indexed, the
/// text corpus built, the staff's pairs as indices.
struct Prepared<'a> {
    challenges: Vec<&'a ChallengeInput>,
    providers: Vec<&'a ProviderInput>,
    corpus: Corpus,
    challenge_facts: Vec<Facts>,
    provider_facts: Vec<Facts>,
    chosen: Vec<Vec<usize>>,
    locked: BTreeSet<(usize, usize)>,
    ruled_out: BTreeSet<(usize, usize)>,
    allowed: BTreeSet<(usize, usize)>,
    parameters: &'a Parameters,
}

impl<'a> Prepared<'a> {
    fn new(inputs: &'a Inputs) -> Result<Self, RunError> {
        let mut challenges: Vec<&ChallengeInput> = inputs.challenges.iter().collect();
        challenges.sort_by(|a, b| a.id.cmp(&b.id));
        let mut providers: Vec<&ProviderInput> = inputs.providers.iter().collect();
        providers.sort_by(|a, b| a.id.cmp(&b.id));
        let challenge_index = index_of(challenges.iter().map(|c| c.id.as_str()))?;
        let provider_index = index_of(providers.iter().map(|p| p.id.as_str()))?;
        let parameters = &inputs.parameters;
        if !(0.0..=1.0).contains(&parameters.min_affinity) {
            return Err(RunError::MinimumOutOfRange);
        }
        let pair_index =
            |(c, p): &(String, String)| match (challenge_index.get(c.as_str()), provider_index.get(p.as_str())) {
                (Some(&i), Some(&j)) => Ok((i, j)),
                _ => Err(RunError::UnknownPair(c.clone(), p.clone())),
            };
        let locked: BTreeSet<(usize, usize)> = parameters.locked.iter().map(pair_index).collect::<Result<_, _>>()?;
        let ruled_out: BTreeSet<(usize, usize)> =
            parameters.ruled_out.iter().map(pair_index).collect::<Result<_, _>>()?;
        let allowed: BTreeSet<(usize, usize)> =
            parameters.allowed_same_country.iter().map(pair_index).collect::<Result<_, _>>()?;
        if let Some(&(i, j)) = locked.intersection(&ruled_out).next() {
            return Err(RunError::LockedAndRuledOut(challenges[i].id.clone(), providers[j].id.clone()));
        }
        let texts = |body: &str, language: Option<Language>| Text { body: body.to_string(), language };
        let corpus = Corpus::build(
            &challenges.iter().map(|c| texts(&c.text, c.language)).collect::<Vec<_>>(),
            &providers.iter().map(|p| texts(&p.text, p.language)).collect::<Vec<_>>(),
        );
        let challenge_facts = challenges.iter().map(|c| Facts { themes: c.themes.clone() }).collect();
        let provider_facts = providers.iter().map(|p| Facts { themes: p.themes.clone() }).collect();
        let chosen = providers
            .iter()
            .map(|p| p.chosen.iter().filter_map(|id| challenge_index.get(id.as_str()).copied()).collect())
            .collect();
        Ok(Prepared {
            challenges,
            providers,
            corpus,
            challenge_facts,
            provider_facts,
            chosen,
            locked,
            ruled_out,
            allowed,
            parameters,
        })
    }

    /// Each challenge's best `n` providers and each provider's best `n` challenges, scored.
    fn candidates(&self, n: usize) -> Vec<Vec<(usize, f64)>> {
        affinity::top_candidates(
            &self.corpus,
            self.parameters.weights,
            &self.challenge_facts,
            &self.provider_facts,
            &self.chosen,
            n,
        )
    }

    /// Whether pair `(i, j)` of affinity `score` may be made, and if not why not (a lock aside).
    fn pair(&self, (i, j): (usize, usize), score: f64) -> Pair {
        if self.ruled_out.contains(&(i, j)) {
            Pair::Excluded(Exclusion::RuledOut)
        } else if self.challenges[i].country == self.providers[j].country && !self.allowed.contains(&(i, j)) {
            Pair::Excluded(Exclusion::SameCountry)
        } else if score < self.parameters.min_affinity {
            Pair::Excluded(Exclusion::BelowMinimum)
        } else {
            Pair::Allowed(score)
        }
    }

    fn explain(&self, (i, j): (usize, usize)) -> Explanation {
        affinity::affinity(
            &self.corpus,
            self.parameters.weights,
            (i, &self.challenge_facts[i]),
            (j, &self.provider_facts[j]),
            self.chosen[j].contains(&i),
        )
    }
}

/// Runs the matching: affinities, exclusions, the solver. The same inputs always give the same
/// outcome. Errors: [`RunError`].
pub fn run(inputs: &Inputs) -> Result<Outcome, RunError> {
    let prepared = Prepared::new(inputs)?;
    let (n, m) = (prepared.challenges.len(), prepared.providers.len());
    let pruned_to = (n * m > EXACT_UP_TO_PAIRS).then_some(CANDIDATES);
    let rows = prepared
        .candidates(pruned_to.unwrap_or(m))
        .into_iter()
        .enumerate()
        .map(|(i, row)| row.into_iter().map(|(j, score)| (j, prepared.pair((i, j), score))).collect())
        .collect();
    let problem = Problem {
        providers: m,
        k: inputs.parameters.k,
        c: inputs.parameters.c,
        rows,
        locked: prepared.locked.iter().copied().collect(),
    };
    let solved = solver::solve(&problem)?;
    let matches: Vec<Match> = solved
        .pairs
        .iter()
        .map(|&(i, j)| Match {
            challenge: prepared.challenges[i].id.clone(),
            provider: prepared.providers[j].id.clone(),
            locked: prepared.locked.contains(&(i, j)),
            affinity: prepared.explain((i, j)),
        })
        .collect();
    let shortfalls = solved
        .shortfalls
        .into_iter()
        .map(|numbers| Short {
            challenge: prepared.challenges[numbers.challenge].id.clone(),
            country: prepared.challenges[numbers.challenge].country.clone(),
            missing: numbers.missing,
            eligible: numbers.eligible,
            excluded: numbers.excluded,
            not_candidates: numbers.not_candidates,
            taken_elsewhere: numbers.taken_elsewhere,
        })
        .collect();
    // The solver's objective counts only the affinities in its rows; a locked pair that the
    // lock let past an exclusion (or the pruning) has none there, yet is a match with its
    // affinity, which the record's total must include.
    let objective = matches.iter().map(|m| solver::scaled(m.affinity.score)).sum();
    Ok(Outcome { inputs_hash: inputs.hash(), solver: SOLVER.to_string(), pruned_to, objective, matches, shortfalls })
}

/// A pair of the candidate table: its affinity explained, and whether it may be made.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    pub challenge: String,
    pub provider: String,
    pub affinity: Explanation,
    /// Why the pair may not be made (`None`: it may). A locked pair is made whatever this says.
    pub excluded: Option<Exclusion>,
    pub locked: bool,
}

/// The candidate table of a run's inputs: for each challenge (by id), its `per_challenge` best
/// providers by affinity, best first, plus every pair staff locked or ruled out. Errors: as
/// [`run`]'s before solving.
pub fn candidate_table(inputs: &Inputs, per_challenge: usize) -> Result<Vec<Vec<Candidate>>, RunError> {
    let prepared = Prepared::new(inputs)?;
    let rows = prepared.candidates(per_challenge);
    Ok(rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let mut best: Vec<(usize, f64)> = row;
            best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            best.truncate(per_challenge);
            let mut providers: Vec<usize> = best.into_iter().map(|(j, _)| j).collect();
            for &(li, j) in prepared.locked.iter().chain(&prepared.ruled_out).chain(&prepared.allowed) {
                if li == i && !providers.contains(&j) {
                    providers.push(j);
                }
            }
            providers
                .into_iter()
                .map(|j| {
                    let affinity = prepared.explain((i, j));
                    let excluded = match prepared.pair((i, j), affinity.score) {
                        Pair::Excluded(reason) => Some(reason),
                        Pair::Allowed(_) => None,
                    };
                    Candidate {
                        challenge: prepared.challenges[i].id.clone(),
                        provider: prepared.providers[j].id.clone(),
                        locked: prepared.locked.contains(&(i, j)),
                        excluded,
                        affinity,
                    }
                })
                .collect()
        })
        .collect())
}

fn index_of<'a>(ids: impl Iterator<Item = &'a str>) -> Result<BTreeMap<&'a str, usize>, RunError> {
    let mut index = BTreeMap::new();
    for (at, id) in ids.enumerate() {
        if index.insert(id, at).is_some() {
            return Err(RunError::DuplicateId(id.to_string()));
        }
    }
    Ok(index)
}

/// How a pair fared between two runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairChange {
    pub challenge: String,
    pub provider: String,
    /// The pair's affinity in each run (`None` where that run did not make it).
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// What changed for this pair between the runs, as codes: `locked_in`, `lock_removed`,
    /// `ruled_out`, `no_longer_ruled_out`, `same_country_changed`, `affinity_changed`, or
    /// `other_pairs_changed` when nothing of its own did.
    pub reasons: Vec<&'static str>,
}

/// Two runs side by side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub same_inputs: bool,
    /// Parameters that differ, by name.
    pub parameters_changed: Vec<&'static str>,
    pub kept: Vec<(String, String)>,
    pub added: Vec<PairChange>,
    pub removed: Vec<PairChange>,
}

/// Compares run `b` (later) with run `a`, each given with its inputs.
pub fn compare((a_inputs, a): (&Inputs, &Outcome), (b_inputs, b): (&Inputs, &Outcome)) -> Comparison {
    let (pa, pb) = (&a_inputs.parameters, &b_inputs.parameters);
    let mut parameters_changed = Vec::new();
    for (name, differs) in [
        ("k", pa.k != pb.k),
        ("c", pa.c != pb.c),
        ("weights", pa.weights != pb.weights),
        ("min_affinity", pa.min_affinity != pb.min_affinity),
        ("allowed_same_country", pa.allowed_same_country != pb.allowed_same_country),
        ("locked", pa.locked != pb.locked),
        ("ruled_out", pa.ruled_out != pb.ruled_out),
    ] {
        if differs {
            parameters_changed.push(name);
        }
    }
    let pairs = |o: &Outcome| -> BTreeMap<(String, String), f64> {
        o.matches.iter().map(|m| ((m.challenge.clone(), m.provider.clone()), m.affinity.score)).collect()
    };
    let (before, after) = (pairs(a), pairs(b));
    let reasons = |key: &(String, String), score_a: Option<f64>, score_b: Option<f64>| {
        let mut reasons = Vec::new();
        let toggled = |set_a: &BTreeSet<(String, String)>, set_b: &BTreeSet<(String, String)>| {
            set_a.contains(key) != set_b.contains(key)
        };
        if toggled(&pa.locked, &pb.locked) {
            reasons.push(if pb.locked.contains(key) { "locked_in" } else { "lock_removed" });
        }
        if toggled(&pa.ruled_out, &pb.ruled_out) {
            reasons.push(if pb.ruled_out.contains(key) { "ruled_out" } else { "no_longer_ruled_out" });
        }
        if toggled(&pa.allowed_same_country, &pb.allowed_same_country) {
            reasons.push("same_country_changed");
        }
        if let (Some(x), Some(y)) = (score_a, score_b)
            && (x - y).abs() > 1e-9
        {
            reasons.push("affinity_changed");
        }
        if reasons.is_empty() {
            reasons.push("other_pairs_changed");
        }
        reasons
    };
    // Each side's affinities are the ones its run recorded for the pairs it made.
    let added = after
        .iter()
        .filter(|(key, _)| !before.contains_key(*key))
        .map(|(key, score)| PairChange {
            challenge: key.0.clone(),
            provider: key.1.clone(),
            before: None,
            after: Some(*score),
            reasons: reasons(key, None, Some(*score)),
        })
        .collect();
    let removed = before
        .iter()
        .filter(|(key, _)| !after.contains_key(*key))
        .map(|(key, score)| PairChange {
            challenge: key.0.clone(),
            provider: key.1.clone(),
            before: Some(*score),
            after: None,
            reasons: reasons(key, Some(*score), None),
        })
        .collect();
    let kept = after.keys().filter(|key| before.contains_key(*key)).cloned().collect();
    Comparison { same_inputs: a.inputs_hash == b.inputs_hash, parameters_changed, kept, added, removed }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge(id: &str, country: &str, text: &str) -> ChallengeInput {
        ChallengeInput {
            id: id.into(),
            country: country.into(),
            text: text.into(),
            language: None,
            themes: BTreeSet::new(),
        }
    }

    fn provider(id: &str, country: &str, text: &str) -> ProviderInput {
        ProviderInput {
            id: id.into(),
            country: country.into(),
            text: text.into(),
            language: None,
            themes: BTreeSet::new(),
            chosen: BTreeSet::new(),
        }
    }

    fn pair(c: &str, p: &str) -> (String, String) {
        (c.to_string(), p.to_string())
    }

    /// Italy's challenge with two Italian providers and one Norwegian; France's with two others.
    fn inputs() -> Inputs {
        Inputs {
            challenges: vec![
                challenge("it", "IT", "project management culture for artificial intelligence"),
                challenge("fr", "FR", "common data spaces shared with the public"),
            ],
            providers: vec![
                provider("it-1", "IT", "artificial intelligence projects managed across ministries"),
                provider("it-2", "IT", "a culture of project management"),
                provider("no", "NO", "artificial intelligence management in government"),
                provider("loti", "GB", "data spaces shared between boroughs and the public"),
                provider("room", "BE", "a data room for the public"),
            ],
            // Pairs with nothing in common are not made.
            parameters: Parameters { k: 2, c: 1, min_affinity: 0.01, ..Parameters::default() },
        }
    }

    #[test]
    fn a_run_reproduces_and_its_hash_ignores_the_order_of_the_inputs() {
        let first = run(&inputs()).unwrap();
        assert_eq!(first, run(&inputs()).unwrap(), "the same inputs, the same outcome");
        let mut shuffled = inputs();
        shuffled.challenges.reverse();
        shuffled.providers.reverse();
        assert_eq!(shuffled.hash(), inputs().hash());
        assert_eq!(run(&shuffled).unwrap(), first);
        assert_eq!(first.inputs_hash.len(), 64);
        assert_eq!(first.pruned_to, None);
        let canonical: serde_json::Value = serde_json::from_slice(&inputs().canonical_json()).unwrap();
        assert_eq!(canonical["challenges"][0]["id"], "fr", "by id");
    }

    #[test]
    fn no_provider_from_the_owners_country_and_the_shortfall_says_why() {
        let outcome = run(&inputs()).unwrap();
        let italy: Vec<&str> =
            outcome.matches.iter().filter(|m| m.challenge == "it").map(|m| m.provider.as_str()).collect();
        assert_eq!(italy, ["no"], "the Italian providers are excluded");
        let short = &outcome.shortfalls[0];
        assert_eq!((short.challenge.as_str(), short.country.as_str()), ("it", "IT"));
        assert_eq!(short.eligible, 1);
        assert_eq!(short.excluded_for(Exclusion::SameCountry), 2, "{short:?}");
        let france: BTreeSet<&str> =
            outcome.matches.iter().filter(|m| m.challenge == "fr").map(|m| m.provider.as_str()).collect();
        assert_eq!(france, BTreeSet::from(["loti", "room"]));
        let explained = &outcome.matches.iter().find(|m| m.provider == "loti").unwrap().affinity;
        assert!(explained.shared_terms.iter().any(|(t, _)| t == "data"), "{:?}", explained.shared_terms);
    }

    #[test]
    fn allowing_a_same_country_pair_and_comparing_the_runs_says_what_changed() {
        let before_inputs = inputs();
        let before = run(&before_inputs).unwrap();
        let mut after_inputs = inputs();
        after_inputs.parameters.allowed_same_country.insert(pair("it", "it-1"));
        after_inputs.parameters.ruled_out.insert(pair("fr", "room"));
        let after = run(&after_inputs).unwrap();
        assert!(after.matches.iter().any(|m| m.challenge == "it" && m.provider == "it-1"));
        let comparison = compare((&before_inputs, &before), (&after_inputs, &after));
        assert!(!comparison.same_inputs);
        assert_eq!(comparison.parameters_changed, ["allowed_same_country", "ruled_out"]);
        let added = comparison.added.iter().find(|c| c.provider == "it-1").unwrap();
        assert_eq!(added.reasons, ["same_country_changed"]);
        let removed = comparison.removed.iter().find(|c| c.provider == "room").unwrap();
        assert_eq!(removed.reasons, ["ruled_out"]);
        assert!(comparison.kept.contains(&pair("fr", "loti")));
    }

    /// A stored run is read back from JSON: every affinity must come back to the same bit, or a
    /// re-run of a stored run never "reproduces" it (serde_json's default float parser could be
    /// one unit in the last place off; the crate's `float_roundtrip` feature is on for this).
    #[test]
    fn an_outcome_and_its_inputs_survive_json_exactly() {
        let inputs = inputs();
        let outcome = run(&inputs).unwrap();
        let text = serde_json::to_string(&outcome).unwrap();
        let back: Outcome = serde_json::from_str(&text).unwrap();
        assert_eq!(back, outcome);
        let read: Inputs = serde_json::from_slice(&inputs.canonical_json()).unwrap();
        assert_eq!(read.hash(), inputs.hash());
        assert_eq!(run(&read).unwrap(), outcome);
        // Values that need all 17 digits, as affinities do.
        for value in [0.1 + 0.2, 1.0 / 3.0, 0.7234567890123457, 2.0f64.sqrt() - 1.0, 5e-324] {
            let back: f64 = serde_json::from_str(&serde_json::to_string(&value).unwrap()).unwrap();
            assert_eq!(back.to_bits(), value.to_bits(), "{value}");
        }
    }

    #[test]
    fn locks_are_kept_and_contradictions_refused() {
        let mut locked = inputs();
        locked.parameters.locked.insert(pair("it", "it-2"));
        let outcome = run(&locked).unwrap();
        assert!(outcome.matches.iter().any(|m| m.provider == "it-2" && m.locked));
        let mut both = locked.clone();
        both.parameters.ruled_out.insert(pair("it", "it-2"));
        assert_eq!(run(&both), Err(RunError::LockedAndRuledOut("it".into(), "it-2".into())));
        let mut unknown = inputs();
        unknown.parameters.locked.insert(pair("it", "nobody"));
        assert_eq!(run(&unknown), Err(RunError::UnknownPair("it".into(), "nobody".into())));
        let mut twice = inputs();
        twice.providers.push(provider("no", "NO", "again"));
        assert_eq!(run(&twice), Err(RunError::DuplicateId("no".into())));
        let mut minimum = inputs();
        minimum.parameters.min_affinity = 1.5;
        assert_eq!(run(&minimum), Err(RunError::MinimumOutOfRange));
    }

    /// The objective is what the record says it is, the sum of the matches' affinities, locked
    /// pairs included even where the lock overrides an exclusion (their affinity is not in the
    /// solver's rows).
    #[test]
    fn the_objective_is_the_sum_of_every_matchs_affinity_locked_ones_included() {
        let mut locked = inputs();
        locked.parameters.locked.insert(pair("it", "it-2"));
        locked.parameters.min_affinity = 0.99;
        let outcome = run(&locked).unwrap();
        let made = outcome.matches.iter().find(|m| m.provider == "it-2").expect("the lock holds");
        assert!(made.affinity.score > 0.0, "{:?}", made.affinity);
        let sum: i64 = outcome.matches.iter().map(|m| solver::scaled(m.affinity.score)).sum();
        assert_eq!(outcome.objective, sum);
        assert!(outcome.objective > 0);
    }

    #[test]
    fn a_minimum_affinity_leaves_weak_pairs_unmade() {
        let mut strict = inputs();
        strict.parameters.min_affinity = 0.99;
        let outcome = run(&strict).unwrap();
        assert!(outcome.matches.is_empty());
        assert!(outcome.shortfalls.iter().all(|s| s.excluded_for(Exclusion::BelowMinimum) > 0));
    }
}
