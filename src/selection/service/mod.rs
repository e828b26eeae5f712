//! Selection's service: eligibility screening, review rounds and their rubric. Reads are named
//! after their question and verbs open one transaction each; every one checks the policy.

use sqlx::PgPool;

mod assignment;
mod decisions;
mod exports;
mod invitations;
mod rankings;
mod reviews;
pub use assignment::*;
pub use decisions::*;
pub use exports::*;
pub use invitations::*;
pub use rankings::*;
pub use reviews::*;

use super::domain::{
    Criterion, Round, Screening, parse_anchors, parse_disagreement_at, parse_ineligibility_reasons, parse_line,
    parse_remind_hours, parse_reviews_per_entry, parse_scale, parse_weight,
};
use super::store::{self, CriterionFields, RoundFields, ScreeningFields};
use crate::audit;
use crate::calls;
use crate::calls::domain::{Call, parse_instant, parse_markdown};
use crate::db::OnConstraint;
use crate::db::wall::TenantTx;
use crate::error::{AppError, FieldErrors};
use crate::ids::{CriterionId, RoundId, SubmissionId};
use crate::programmes::domain::Programme;
use crate::submissions;
use crate::submissions::domain::{Submission, SubmissionStatus};
use crate::tenancy::access::Access;
use crate::tenancy::policy::Action;

// ---- Rounds: reads ----

/// A call's review rounds, for staff.
pub struct CallRounds {
    pub programme: Programme,
    pub call: Call,
    pub rounds: Vec<Round>,
}

pub async fn call_rounds(
    db: &mut TenantTx,
    access: &Access,
    programme: &str,
    call: &str,
) -> Result<CallRounds, AppError> {
    access.authorize(Action::ManageSelection)?;
    let (programme, call) = calls::service::call(db, programme, call).await?;
    let rounds = store::rounds_of_call(db, call.id).await?;
    Ok(CallRounds { programme, call, rounds })
}

/// A round with its call and rubric: what the round's pages show staff.
pub struct RoundWithRubric {
    pub call: Call,
    pub round: Round,
    pub rubric: Vec<Criterion>,
}

pub async fn round_to_manage(db: &mut TenantTx, access: &Access, id: RoundId) -> Result<RoundWithRubric, AppError> {
    access.authorize(Action::ManageSelection)?;
    let round = store::round(db, id, false).await?.ok_or(AppError::NotFound)?;
    let call = calls::service::call_by_id(db, round.call_id).await?;
    let rubric = store::criteria(db, id).await?;
    Ok(RoundWithRubric { call, round, rubric })
}

// ---- Rounds: verbs ----

/// Raw round fields. Times are RFC 3339 instants or wall-clock times in the programme's zone, as
/// for calls.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RoundInput {
    /// 1–120 characters, unique in the call.
    #[schema(schema_with = crate::request_schema::line::<120>)]
    pub name: String,
    /// Markdown for the reviewers, at most 20,000 characters.
    #[schema(schema_with = crate::request_schema::text_up_to::<20000>)]
    pub instructions: String,
    #[schema(schema_with = crate::request_schema::call_time)]
    pub opens_at: String,
    /// After `opens_at`.
    #[schema(schema_with = crate::request_schema::call_time)]
    pub closes_at: String,
    /// 1–20.
    #[schema(minimum = 1, maximum = 20)]
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub reviews_per_entry: i32,
    pub blind: bool,
    pub conflict_same_country: bool,
    /// 1–100: the spread of review totals (points of 100) from which reviewers disagree.
    #[schema(minimum = 1, maximum = 100)]
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub disagreement_at: i32,
    /// 1–720: how many hours before the round closes reviewers with reviews not submitted are
    /// reminded by email.
    #[schema(minimum = 1, maximum = 720)]
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub remind_hours_before: i32,
}

impl Default for RoundInput {
    fn default() -> Self {
        Self {
            name: String::new(),
            instructions: String::new(),
            opens_at: String::new(),
            closes_at: String::new(),
            reviews_per_entry: 3,
            blind: true,
            conflict_same_country: false,
            disagreement_at: 25,
            remind_hours_before: 48,
        }
    }
}

impl From<&Round> for RoundInput {
    /// The input of a round as it is saved (what a `PATCH` merges onto).
    fn from(round: &Round) -> Self {
        Self {
            name: round.name.clone(),
            instructions: round.instructions.clone(),
            opens_at: round.opens_at.to_rfc3339(),
            closes_at: round.closes_at.to_rfc3339(),
            reviews_per_entry: round.reviews_per_entry,
            blind: round.blind,
            conflict_same_country: round.conflict_same_country,
            disagreement_at: round.disagreement_at,
            remind_hours_before: round.remind_hours_before,
        }
    }
}

struct ValidRound {
    name: String,
    instructions: String,
    opens_at: chrono::DateTime<chrono::Utc>,
    closes_at: chrono::DateTime<chrono::Utc>,
    reviews_per_entry: i32,
    disagreement_at: i32,
    remind_hours_before: i32,
}

fn validate_round(input: &RoundInput, zone: chrono_tz::Tz) -> Result<ValidRound, AppError> {
    let mut errors = FieldErrors::new();
    let name =
        errors.check("name", parse_line(&input.name, 120, "error-round-name-missing", "error-round-name-too-long"));
    let instructions =
        errors.check("instructions", parse_markdown(&input.instructions, "error-round-instructions-too-long"));
    let opens_at = errors.check("opens_at", parse_instant(&input.opens_at, zone, "error-round-opens-missing"));
    let closes_at = errors.check("closes_at", parse_instant(&input.closes_at, zone, "error-round-closes-missing"));
    if let (Some(opens), Some(closes)) = (opens_at, closes_at)
        && closes <= opens
    {
        errors.add("closes_at", "error-round-closes-before-opens");
    }
    let reviews_per_entry = errors.check("reviews_per_entry", parse_reviews_per_entry(input.reviews_per_entry));
    let disagreement_at = errors.check("disagreement_at", parse_disagreement_at(input.disagreement_at));
    let remind_hours_before = errors.check("remind_hours_before", parse_remind_hours(input.remind_hours_before));
    match (name, instructions, opens_at, closes_at, reviews_per_entry, disagreement_at, remind_hours_before) {
        (
            Some(name),
            Some(instructions),
            Some(opens_at),
            Some(closes_at),
            Some(reviews_per_entry),
            Some(disagreement_at),
            Some(remind_hours_before),
        ) if errors.is_empty() => Ok(ValidRound {
            name,
            instructions,
            opens_at,
            closes_at,
            reviews_per_entry,
            disagreement_at,
            remind_hours_before,
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

impl ValidRound {
    fn fields<'a>(&'a self, input: &RoundInput) -> RoundFields<'a> {
        RoundFields {
            name: &self.name,
            instructions: &self.instructions,
            opens_at: self.opens_at,
            closes_at: self.closes_at,
            reviews_per_entry: self.reviews_per_entry,
            blind: input.blind,
            conflict_same_country: input.conflict_same_country,
            disagreement_at: self.disagreement_at,
            remind_hours_before: self.remind_hours_before,
        }
    }
}

fn name_taken() -> AppError {
    AppError::invalid("name", "error-round-name-taken")
}

/// Starts a review round on a call (staff). Returns its id.
pub async fn create_round(
    pool: &PgPool,
    access: &Access,
    programme: &str,
    call: &str,
    input: &RoundInput,
) -> Result<RoundId, AppError> {
    access.authorize(Action::ManageSelection)?;
    let mut tx = access.db(pool).await?;
    let (programme, call) = calls::service::call(&mut tx, programme, call).await?;
    let valid = validate_round(input, programme.time_zone.tz())?;
    let id = RoundId::new();
    store::insert_round(&mut tx, call.id, id, &valid.fields(input))
        .await
        .on_constraint("review_rounds_name_key", name_taken)?;
    let details = serde_json::json!({ "call": call.id, "name": valid.name });
    audit::record(&mut tx, access.audit("round.created", "round", id).details(details)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves an edit of a round made on `version` (a stale one is refused with 409).
pub async fn update_round(
    pool: &PgPool,
    access: &Access,
    id: RoundId,
    version: i32,
    input: &RoundInput,
) -> Result<(), AppError> {
    access.authorize(Action::ManageSelection)?;
    let mut tx = access.db(pool).await?;
    let round = store::round(&mut tx, id, true).await?.ok_or(AppError::NotFound)?;
    let call = calls::service::call_by_id(&mut tx, round.call_id).await?;
    let programme = crate::programmes::service::programme_by_id(&mut tx, call.programme_id).await?;
    let valid = validate_round(input, programme.time_zone.tz())?;
    let saved = store::update_round(&mut tx, id, version, &valid.fields(input))
        .await
        .on_constraint("review_rounds_name_key", name_taken)?;
    if !saved {
        return Err(AppError::Stale("error-stale-round"));
    }
    let details = serde_json::json!({ "name": valid.name, "opens_at": valid.opens_at, "closes_at": valid.closes_at });
    audit::record(&mut tx, access.audit("round.updated", "round", id).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

// ---- The rubric ----

/// Raw criterion fields. `anchors` holds one text per point of the scale, lowest first (one per
/// line in forms).
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CriterionInput {
    /// 1–200 characters.
    #[schema(schema_with = crate::request_schema::line::<200>)]
    pub name: String,
    /// What reviewers judge, at most 2,000 characters.
    #[schema(schema_with = crate::request_schema::text_up_to::<2000>)]
    pub description: String,
    /// 1–100; only the ratio between a rubric's criteria matters.
    #[schema(minimum = 1, maximum = 100)]
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub weight: i32,
    /// 0–9, below `scale_max`.
    #[schema(minimum = 0, maximum = 9)]
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub scale_min: i32,
    /// 1–10, above `scale_min`.
    #[schema(minimum = 1, maximum = 10)]
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub scale_max: i32,
    /// One text per point, lowest first, each 1–300 characters.
    #[schema(inline, value_type = Vec<String>)]
    pub anchors: Vec<String>,
}

impl Default for CriterionInput {
    fn default() -> Self {
        Self {
            name: String::new(),
            description: String::new(),
            weight: 1,
            scale_min: 1,
            scale_max: 5,
            anchors: Vec::new(),
        }
    }
}

impl From<&Criterion> for CriterionInput {
    fn from(criterion: &Criterion) -> Self {
        Self {
            name: criterion.name.clone(),
            description: criterion.description.clone(),
            weight: criterion.weight,
            scale_min: criterion.scale_min,
            scale_max: criterion.scale_max,
            anchors: criterion.anchors.clone(),
        }
    }
}

struct ValidCriterion {
    name: String,
    description: String,
    weight: i32,
    scale: (i32, i32),
    anchors: Vec<String>,
}

impl ValidCriterion {
    fn fields(&self) -> CriterionFields<'_> {
        CriterionFields {
            name: &self.name,
            description: &self.description,
            weight: self.weight,
            scale_min: self.scale.0,
            scale_max: self.scale.1,
            anchors: &self.anchors,
        }
    }
}

fn validate_criterion(input: &CriterionInput) -> Result<ValidCriterion, AppError> {
    let mut errors = FieldErrors::new();
    let name = errors
        .check("name", parse_line(&input.name, 200, "error-criterion-name-missing", "error-criterion-name-too-long"));
    let description = input.description.trim().to_string();
    if description.chars().count() > 2000 {
        errors.add("description", "error-criterion-description-too-long");
    }
    let weight = errors.check("weight", parse_weight(input.weight));
    let scale = errors.check("scale_max", parse_scale(input.scale_min, input.scale_max));
    let anchors =
        scale.and_then(|(min, max)| errors.check("anchors", parse_anchors(&input.anchors, (max - min + 1) as usize)));
    match (name, weight, scale, anchors) {
        (Some(name), Some(weight), Some(scale), Some(anchors)) if errors.is_empty() => {
            Ok(ValidCriterion { name, description, weight, scale, anchors })
        }
        _ => Err(AppError::Validation(errors)),
    }
}

/// The round, locked for an edit of its rubric; 404 when unknown, 409 once a review is
/// submitted (scores given on one rubric must not be read against another).
async fn round_for_rubric(tx: &mut TenantTx, id: RoundId) -> Result<Round, AppError> {
    let round = store::round(tx, id, true).await?.ok_or(AppError::NotFound)?;
    if store::has_submitted_reviews(tx, id).await? {
        return Err(AppError::Conflict("error-rubric-fixed"));
    }
    Ok(round)
}

/// Adds a criterion at the end of a round's rubric.
pub async fn add_criterion(
    pool: &PgPool,
    access: &Access,
    round: RoundId,
    input: &CriterionInput,
) -> Result<CriterionId, AppError> {
    access.authorize(Action::ManageSelection)?;
    let mut tx = access.db(pool).await?;
    round_for_rubric(&mut tx, round).await?;
    let valid = validate_criterion(input)?;
    let id = CriterionId::new();
    store::insert_criterion(&mut tx, round, id, &valid.fields()).await?;
    let details = serde_json::json!({ "round": round, "name": valid.name, "weight": valid.weight });
    audit::record(&mut tx, access.audit("criterion.added", "round", round).details(details)).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_criterion(
    pool: &PgPool,
    access: &Access,
    round: RoundId,
    id: CriterionId,
    input: &CriterionInput,
) -> Result<(), AppError> {
    access.authorize(Action::ManageSelection)?;
    let mut tx = access.db(pool).await?;
    round_for_rubric(&mut tx, round).await?;
    let valid = validate_criterion(input)?;
    if !store::update_criterion(&mut tx, round, id, &valid.fields()).await? {
        return Err(AppError::NotFound);
    }
    let details = serde_json::json!({ "name": valid.name, "weight": valid.weight });
    audit::record(&mut tx, access.audit("criterion.updated", "round", round).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_criterion(pool: &PgPool, access: &Access, round: RoundId, id: CriterionId) -> Result<(), AppError> {
    access.authorize(Action::ManageSelection)?;
    let mut tx = access.db(pool).await?;
    round_for_rubric(&mut tx, round).await?;
    let rubric = store::criteria(&mut tx, round).await?;
    let criterion = rubric.iter().find(|c| c.id == id).ok_or(AppError::NotFound)?;
    store::delete_criterion(&mut tx, round, id).await?;
    let details = serde_json::json!({ "name": criterion.name });
    audit::record(&mut tx, access.audit("criterion.deleted", "round", round).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a criterion one place up or down; at either end nothing moves.
pub async fn move_criterion(
    pool: &PgPool,
    access: &Access,
    round: RoundId,
    id: CriterionId,
    up: bool,
) -> Result<(), AppError> {
    access.authorize(Action::ManageSelection)?;
    let mut tx = access.db(pool).await?;
    round_for_rubric(&mut tx, round).await?;
    let mut order: Vec<CriterionId> = store::criteria(&mut tx, round).await?.into_iter().map(|c| c.id).collect();
    let at = order.iter().position(|c| *c == id).ok_or(AppError::NotFound)?;
    let to = if up { at.checked_sub(1) } else { Some(at + 1).filter(|to| *to < order.len()) };
    if let Some(to) = to {
        order.swap(at, to);
        store::set_criterion_order(&mut tx, round, &order).await?;
    }
    tx.commit().await?;
    Ok(())
}

// ---- Screening ----

/// A call's screening: its list of ineligibility reasons and how far screening has gone.
pub struct CallScreening {
    pub programme: Programme,
    pub call: Call,
    pub reasons: Vec<String>,
    pub reasons_version: i32,
    pub eligible: i64,
    pub ineligible: i64,
    pub unscreened: i64,
}

pub async fn call_screening(
    db: &mut TenantTx,
    access: &Access,
    programme: &str,
    call: &str,
) -> Result<CallScreening, AppError> {
    access.authorize(Action::ManageSelection)?;
    let (programme, call) = calls::service::call(db, programme, call).await?;
    let (reasons, reasons_version) = store::screening_reasons(db, call.id).await?;
    let (eligible, ineligible, unscreened) = store::screening_counts(db, call.id).await?;
    Ok(CallScreening { programme, call, reasons, reasons_version, eligible, ineligible, unscreened })
}

/// The reasons as a form or the API sends them: a list, or one per line.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReasonsInput {
    /// The version the list was read at (0 before any list was saved).
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub version: i32,
    /// At most 30 reasons of at most 200 characters; blank ones and repeats are dropped.
    #[schema(inline, value_type = Vec<String>)]
    pub reasons: Vec<String>,
}

/// Saves a call's list of ineligibility reasons. Screenings already made keep the reason they
/// were given.
pub async fn save_screening_reasons(
    pool: &PgPool,
    access: &Access,
    programme: &str,
    call: &str,
    input: &ReasonsInput,
) -> Result<(), AppError> {
    access.authorize(Action::ManageSelection)?;
    let mut tx = access.db(pool).await?;
    let (_, call) = calls::service::call(&mut tx, programme, call).await?;
    let reasons = parse_ineligibility_reasons(&input.reasons).map_err(|e| AppError::invalid("reasons", e))?;
    if !store::save_screening_reasons(&mut tx, call.id, input.version, &reasons).await? {
        return Err(AppError::Stale("error-stale-reasons"));
    }
    let details = serde_json::json!({ "reasons": reasons });
    audit::record(&mut tx, access.audit("screening.reasons_saved", "call", call.id).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

/// An entry's screening with what its form offers: the call's reasons.
pub struct EntryScreening {
    pub submission: Submission,
    pub screening: Option<Screening>,
    pub reasons: Vec<String>,
}

pub async fn entry_screening(db: &mut TenantTx, access: &Access, id: SubmissionId) -> Result<EntryScreening, AppError> {
    access.authorize(Action::ManageSelection)?;
    let submission = submissions::service::summary(db, access, id).await?;
    let screening = store::screening(db, id).await?;
    let (reasons, _) = store::screening_reasons(db, submission.call_id).await?;
    Ok(EntryScreening { submission, screening, reasons })
}

/// A screening decision as sent.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ScreeningInput {
    /// The screening's version as read (0 when the entry was not screened yet).
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub version: i32,
    /// `eligible` or `ineligible`.
    #[schema(schema_with = crate::request_schema::screening_outcome)]
    pub outcome: String,
    /// For an ineligible entry: one of the call's reasons (or empty, with a note).
    #[schema(schema_with = crate::request_schema::text)]
    pub reason: String,
    /// Free text for staff, at most 2,000 characters; required when ineligible without a reason.
    #[schema(schema_with = crate::request_schema::text_up_to::<2000>)]
    pub note: String,
}

/// Marks a submitted entry eligible or ineligible. The team is not told: ineligible entries
/// leave the rounds, and teams learn outcomes only when decisions are released.
pub async fn screen(pool: &PgPool, access: &Access, id: SubmissionId, input: &ScreeningInput) -> Result<(), AppError> {
    access.authorize(Action::ManageSelection)?;
    let user = access.user()?.id;
    let mut tx = access.db(pool).await?;
    let submission = submissions::service::summary(&mut tx, access, id).await?;
    if submission.status != SubmissionStatus::Submitted {
        return Err(AppError::Conflict("error-screening-not-submitted"));
    }
    let (reasons, _) = store::screening_reasons(&mut tx, submission.call_id).await?;
    let mut errors = FieldErrors::new();
    let eligible = match input.outcome.trim() {
        "eligible" => Some(true),
        "ineligible" => Some(false),
        "" => {
            errors.add("outcome", "error-screening-outcome-missing");
            None
        }
        _ => {
            errors.add("outcome", "error-screening-outcome-invalid");
            None
        }
    };
    let reason = input.reason.trim();
    let note = input.note.trim();
    if note.chars().count() > 2000 {
        errors.add("note", "error-screening-note-too-long");
    }
    if !reason.is_empty() && !reasons.iter().any(|r| r == reason) {
        errors.add("reason", "error-screening-reason-unknown");
    }
    if eligible == Some(false) && reason.is_empty() && note.is_empty() {
        errors.add("reason", "error-screening-reason-missing");
    }
    errors.into_result()?;
    let eligible = eligible.unwrap_or(false);
    // An eligible entry keeps no reason: one left in a form's select would read as a finding.
    let (reason, note) = if eligible { (None, note) } else { (Some(reason).filter(|r| !r.is_empty()), note) };
    let fields = ScreeningFields { eligible, reason, note, screened_by: user };
    if !store::save_screening(&mut tx, id, input.version, &fields).await? {
        return Err(AppError::Stale("error-stale-screening"));
    }
    // Ineligible entries leave the rounds, with their assignments and drafts; once reviewed,
    // an entry's outcome is a decision, not a screening.
    let left_rounds = if eligible {
        Vec::new()
    } else {
        if store::submitted_reviews_of(&mut tx, None, id).await? > 0 {
            return Err(AppError::Conflict("error-screening-reviewed"));
        }
        store::delete_drafts(&mut tx, None, Some(id), None).await?;
        let rounds = store::remove_from_every_round(&mut tx, id).await?;
        for round in &rounds {
            store::touch_results(&mut tx, *round).await?;
        }
        rounds
    };
    let details = serde_json::json!({ "eligible": eligible, "reason": reason, "left_rounds": left_rounds.len() });
    audit::record(&mut tx, access.audit("submission.screened", "submission", id).details(details)).await?;
    tx.commit().await?;
    Ok(())
}
