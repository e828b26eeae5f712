//! What matching's pages and API show: the programme's selected challenges and providers, the
//! rules staff set on pairs, runs as stored, and published matches.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{AppError, FieldErrors};
use crate::ids::{MatchId, MatchingRunId, OrganisationId, ProgrammeId, SubmissionId};
use crate::text_enum::text_enum;

use super::affinity::{Explanation, Weights};
use super::run::Parameters;

text_enum! {
    /// What staff decided about a pair of a selected challenge and a selected provider, applied
    /// to every later run of the programme.
    pub enum PairRule {
        /// The pair is made whatever the solver would prefer.
        Lock = "lock" => "pair-rule-lock",
        /// The pair is never made.
        RuleOut = "rule_out" => "pair-rule-rule-out",
        /// The pair may be made although both teams are of the same country.
        AllowSameCountry = "allow_same_country" => "pair-rule-allow-same-country",
    }
}

text_enum! {
    /// Which side of matching a selected entry is on.
    pub enum Side {
        /// From the call for challenges: a problem owner.
        Challenge = "challenge" => "side-challenge",
        /// From the call for solutions: a team that has solved something similar.
        Provider = "solution" => "side-provider",
    }
}

/// A selected challenge or provider: a released selection its team has not declined.
#[derive(Clone, Debug, sqlx::FromRow, Serialize, ToSchema)]
pub struct Participant {
    pub id: SubmissionId,
    pub side: Side,
    pub title: String,
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
}

/// A rule set on a pair, with who set it.
#[derive(Clone, Debug, sqlx::FromRow, Serialize, ToSchema)]
pub struct RuleRow {
    pub challenge_id: SubmissionId,
    pub provider_id: SubmissionId,
    pub rule: PairRule,
    pub set_by_name: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// A stored run without its inputs and outcome: a line of the runs list.
#[derive(Clone, Debug, sqlx::FromRow, Serialize, ToSchema)]
pub struct RunSummary {
    pub id: MatchingRunId,
    pub programme_id: ProgrammeId,
    /// 1, 2, 3… within the programme.
    pub number: i32,
    /// The run this one repeats, if it is a re-run.
    pub rerun_of: Option<MatchingRunId>,
    /// For a re-run: whether it gave the same outcome as the run it repeats.
    pub reproduces: Option<bool>,
    /// SHA-256 of the canonical JSON of the inputs, lowercase hex.
    pub inputs_hash: String,
    pub solver: String,
    /// The sum of the matches' affinities, in millionths.
    pub objective: i64,
    pub matches: i32,
    pub shortfalls: i32,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
}

impl RunSummary {
    /// The objective as a total of affinities (0–1 each), for reading.
    pub fn total_affinity(&self) -> f64 {
        self.objective as f64 / super::solver::SCALE
    }
}

/// A published match: a challenge, its owner, and the providers the published run gave it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PublishedMatch {
    pub id: MatchId,
    pub programme_id: ProgrammeId,
    pub challenge: Participant,
    pub providers: Vec<MatchedProvider>,
    pub run_id: MatchingRunId,
    pub run_number: i32,
    pub published_at: DateTime<Utc>,
}

impl PublishedMatch {
    /// The organisations whose members are the match's teams: its challenge's owner and its
    /// providers.
    pub fn teams(&self) -> Vec<OrganisationId> {
        std::iter::once(self.challenge.organisation_id)
            .chain(self.providers.iter().map(|p| p.provider.organisation_id))
            .collect()
    }
}

/// A selected challenge or provider, as far as deciding who reads it needs: the entry, its
/// programme, and, for a challenge, its published match.
#[derive(Clone, Debug)]
pub struct SelectedEntry {
    pub participant: Participant,
    pub programme_slug: String,
    pub programme_title: String,
    /// What its team wrote to sum it up ('' when nothing).
    pub summary: String,
    /// A challenge's published match, if any (never a provider's).
    pub published: Option<PublishedMatch>,
}

impl SelectedEntry {
    /// The organisations whose members are the entry's teams: its own and, for a challenge, its
    /// published match's (the same owner, and the providers).
    pub fn teams(&self) -> Vec<OrganisationId> {
        match &self.published {
            Some(found) => found.teams(),
            None => vec![self.participant.organisation_id],
        }
    }
}

/// The rest of what a selected entry's team wrote that matching compares, as its page shows it.
#[derive(Clone, Debug)]
pub struct EntryContent {
    /// Theme names, alphabetically.
    pub themes: Vec<String>,
    /// The written answers: (question label, text), in the form's order.
    pub answers: Vec<(String, String)>,
}

/// A provider of a published match, with the affinity that made it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MatchedProvider {
    pub provider: Participant,
    #[schema(value_type = Object)]
    pub affinity: Explanation,
}

/// What staff set for a run, as typed: the rules on pairs come from the programme's saved rules.
#[derive(Clone, Copy, Debug, PartialEq, serde::Deserialize, ToSchema)]
pub struct RunSettings {
    /// Providers per challenge (1–10; 2 in 2024).
    #[serde(default = "default_k", deserialize_with = "crate::request_schema::whole_number")]
    pub k: u32,
    /// Challenges per provider, at most (1–10; 1 in 2024).
    #[serde(default = "default_c", deserialize_with = "crate::request_schema::whole_number")]
    pub c: u32,
    /// The weight of the text similarity (0–100; only the ratios of the three count).
    #[serde(default = "default_text_weight")]
    pub text_weight: f64,
    /// The weight of the shared themes (0–100).
    #[serde(default = "default_themes_weight")]
    pub themes_weight: f64,
    /// The weight of the provider's own choice of the challenge (0–100).
    #[serde(default = "default_chosen_weight")]
    pub chosen_weight: f64,
    /// Pairs below it are not made (0–1).
    #[serde(default)]
    pub min_affinity: f64,
}

fn default_k() -> u32 {
    2
}
fn default_c() -> u32 {
    1
}
fn default_text_weight() -> f64 {
    Weights::default().text * 100.0
}
fn default_themes_weight() -> f64 {
    Weights::default().themes * 100.0
}
fn default_chosen_weight() -> f64 {
    Weights::default().chosen * 100.0
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            k: default_k(),
            c: default_c(),
            text_weight: default_text_weight(),
            themes_weight: default_themes_weight(),
            chosen_weight: default_chosen_weight(),
            min_affinity: 0.0,
        }
    }
}

impl RunSettings {
    /// The settings of a stored run's parameters (to start the next run's form from them).
    pub fn of(parameters: &Parameters) -> Self {
        RunSettings {
            k: parameters.k,
            c: parameters.c,
            text_weight: parameters.weights.text * 100.0,
            themes_weight: parameters.weights.themes * 100.0,
            chosen_weight: parameters.weights.chosen * 100.0,
            min_affinity: parameters.min_affinity,
        }
    }

    /// Checks the numbers; errors are field errors on `k`, `c`, the weights and `min_affinity`.
    pub fn validate(&self) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        if !(1..=10).contains(&self.k) {
            errors.add("k", "error-matching-k");
        }
        if !(1..=10).contains(&self.c) {
            errors.add("c", "error-matching-c");
        }
        // Each weight's message names it: three of one message in a summary say nothing of which.
        for (field, weight, message) in [
            ("text_weight", self.text_weight, "error-matching-text-weight"),
            ("themes_weight", self.themes_weight, "error-matching-themes-weight"),
            ("chosen_weight", self.chosen_weight, "error-matching-chosen-weight"),
        ] {
            if !(0.0..=100.0).contains(&weight) {
                errors.add(field, message);
            }
        }
        if self.text_weight + self.themes_weight + self.chosen_weight <= 0.0 && errors.is_empty() {
            errors.add("text_weight", "error-matching-weights-zero");
        }
        if !(0.0..=1.0).contains(&self.min_affinity) {
            errors.add("min_affinity", "error-matching-minimum");
        }
        if errors.is_empty() { Ok(()) } else { Err(AppError::Validation(errors)) }
    }

    /// The weights as the affinity takes them (fractions of one).
    pub fn weights(&self) -> Weights {
        Weights {
            text: self.text_weight / 100.0,
            themes: self.themes_weight / 100.0,
            chosen: self.chosen_weight / 100.0,
        }
    }
}
