//! Selection's types: review rounds, their rubric, and eligibility screening. Parsing functions
//! validate raw input and return Fluent message keys as errors.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::calls::domain::CallStatus;
use crate::ids::{CallId, CriterionId, ReviewId, RoundId, RoundInvitationId, SubmissionId, UserId};
use crate::text_enum::text_enum;

/// The widest scale a criterion may have: 0–10, eleven points.
pub const SCALE_LIMIT: i32 = 10;

text_enum! {
    /// What a reviewer says of reviewing an entry, before assignment.
    pub enum Preference {
        Eager = "eager" => "preference-eager",
        Willing = "willing" => "preference-willing",
        RatherNot = "rather_not" => "preference-rather-not",
        /// A declared conflict of interest: never assigned.
        Conflict = "conflict" => "preference-conflict",
    }
}

impl Preference {
    /// The cost of assigning the entry to the reviewer in the assignment's flow
    /// (`selection::assignment`), `None` for a conflict; `None` as the argument is a reviewer who
    /// said nothing, between willing and rather not. "Rather not" costs more than two unstated
    /// pairs, so the solver moves it elsewhere whenever balance allows.
    pub fn cost(preference: Option<Preference>) -> Option<u32> {
        match preference {
            Some(Preference::Eager) => Some(0),
            Some(Preference::Willing) => Some(1),
            None => Some(2),
            Some(Preference::RatherNot) => Some(5),
            Some(Preference::Conflict) => None,
        }
    }
}

text_enum! {
    /// Who recorded a conflict of interest that is not read from the memberships.
    pub enum ConflictSource {
        /// The reviewer declared it, with a reason.
        Declared = "declared" => "conflict-source-declared",
        /// Staff set it, with a reason.
        Staff = "staff" => "conflict-source-staff",
    }
}

/// Why a reviewer may not review an entry: read from the memberships (automatic), or recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// The reviewer belongs to the submitting organisation.
    Organisation,
    /// The reviewer belongs to an organisation of the entry's country, and the round counts that.
    Country,
    Declared,
    Staff,
}

impl ConflictKind {
    /// As JSON and the CSV write it.
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictKind::Organisation => "organisation",
            ConflictKind::Country => "country",
            ConflictKind::Declared => "declared",
            ConflictKind::Staff => "staff",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            ConflictKind::Organisation => "conflict-kind-organisation",
            ConflictKind::Country => "conflict-kind-country",
            ConflictKind::Declared => "conflict-kind-declared",
            ConflictKind::Staff => "conflict-kind-staff",
        }
    }
}

impl From<ConflictSource> for ConflictKind {
    fn from(source: ConflictSource) -> Self {
        match source {
            ConflictSource::Declared => ConflictKind::Declared,
            ConflictSource::Staff => ConflictKind::Staff,
        }
    }
}

text_enum! {
    /// How an assignment was made.
    pub enum AssignmentMethod {
        Manual = "manual" => "assignment-method-manual",
        Automatic = "automatic" => "assignment-method-automatic",
    }
}

/// A reviewer of a round, with how many entries they are assigned.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct RoundReviewer {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    /// They joined through an invitation for this round (they may have no reviewing role).
    pub invited: bool,
    pub assigned: i64,
}

/// An invitation to review in one round, sent by email to someone who need not have a reviewing
/// role; open until accepted, withdrawn, or the round closes.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct RoundInvitation {
    pub id: RoundInvitationId,
    pub round_id: RoundId,
    pub email: String,
    pub invited_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A person the round may take as a reviewer: someone with the reviewer, staff or admin role.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ReviewerCandidate {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
}

/// A conflict of interest between a reviewer and an entry, with where it comes from.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Conflict {
    pub user_id: UserId,
    pub name: String,
    pub kind: ConflictKind,
    /// The reason given; empty for the automatic ones.
    pub reason: String,
}

/// A reviewer assigned to an entry.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Assigned {
    pub user_id: UserId,
    pub name: String,
    pub method: AssignmentMethod,
}

/// An entry of a round as staff see it: who reviews it and who may not.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RoundEntry {
    pub submission_id: SubmissionId,
    pub title: String,
    pub organisation_name: String,
    pub country_code: String,
    pub reviewers: Vec<Assigned>,
    pub conflicts: Vec<Conflict>,
}

/// An entry of a round as a reviewer sees it on the preferences page. In a blind round the
/// organisation and country are left out (`None`) by the service, before any page or JSON sees
/// them; an entry the reviewer is conflicted with shows its title only.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct EntryForReviewer {
    pub submission_id: SubmissionId,
    pub title: String,
    /// `None` when the reviewer is conflicted with the entry.
    pub summary: Option<String>,
    pub organisation_name: Option<String>,
    pub country_code: Option<String>,
    /// What the reviewer said; `conflict` when they declared one.
    pub preference: Option<Preference>,
    /// Why the reviewer may not review it, if they may not.
    pub conflict: Option<ConflictKind>,
    pub conflict_reason: String,
    pub assigned: bool,
}

text_enum! {
    /// A review's state: a draft the reviewer may leave and come back to, or submitted (still
    /// editable until the round closes).
    pub enum ReviewStatus {
        Draft = "draft" => "reviewing-status-draft",
        Submitted = "submitted" => "reviewing-status-submitted",
        /// Submitted, then set aside when a conflict of interest was found: kept on record for
        /// staff, left out of the results.
        SetAside = "set_aside" => "reviewing-status-set-aside",
    }
}

text_enum! {
    /// A reviewer's overall recommendation on an entry.
    pub enum Recommendation {
        StronglySupport = "strongly_support" => "recommendation-strongly-support",
        Support = "support" => "recommendation-support",
        Reservations = "reservations" => "recommendation-reservations",
        Oppose = "oppose" => "recommendation-oppose",
    }
}

/// A review as stored: its state, recommendation and private note, without its scores.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Review {
    pub id: ReviewId,
    pub submission_id: SubmissionId,
    #[serde(skip)]
    pub user_id: UserId,
    pub status: ReviewStatus,
    pub recommendation: Option<Recommendation>,
    /// For staff only: never shown to other reviewers or the team.
    pub note_to_staff: String,
    pub version: i32,
    pub submitted_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// A review's score and comment on one criterion.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Score {
    pub criterion_id: CriterionId,
    /// On the criterion's scale; `None` while a draft leaves it open.
    pub score: Option<i32>,
    pub comment: String,
}

/// A row of a round's ranked table: the entry, its figures (`selection::ranking`), and its
/// places in the raw and normalised orders.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Ranking {
    pub submission_id: SubmissionId,
    pub title: String,
    pub organisation_name: String,
    pub country_code: String,
    /// Submitted reviews counted.
    pub reviews: i32,
    /// Mean of the review totals, 0–100; `null` without reviews.
    pub total: Option<f64>,
    /// Per criterion of the rubric, in its order: the mean score on the criterion's scale.
    #[schema(value_type = Vec<Option<f64>>)]
    pub criterion_means: Vec<Option<f64>>,
    /// Highest minus lowest review total, points of 100.
    pub spread: f64,
    /// The spread reaches the round's disagreement threshold.
    pub disagreement: bool,
    /// Mean of the reviews' z-scores against each reviewer's own totals.
    pub normalised: Option<f64>,
    /// Competition ranks ("1224"); `null` without reviews.
    pub rank: Option<i32>,
    pub normalised_rank: Option<i32>,
    #[serde(skip)]
    pub position: i32,
    #[serde(skip)]
    pub normalised_position: i32,
    /// Staff put the entry on the round's short list.
    pub shortlisted: bool,
}

/// A comment in the discussion of an entry among staff and its reviewers.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Comment {
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// Whether `score` is a point of the criterion's scale.
pub fn check_score(criterion: &Criterion, score: i32) -> Result<i32, &'static str> {
    if (criterion.scale_min..=criterion.scale_max).contains(&score) {
        Ok(score)
    } else {
        Err("error-score-out-of-scale")
    }
}

text_enum! {
    /// What staff decided for an entry.
    pub enum Outcome {
        Selected = "selected" => "outcome-selected",
        Waitlisted = "waitlisted" => "outcome-waitlisted",
        Rejected = "rejected" => "outcome-rejected",
    }
}

text_enum! {
    /// A selected team's answer to its selection.
    pub enum Participation {
        Pending = "pending" => "participation-pending",
        Confirmed = "confirmed" => "participation-confirmed",
        Declined = "declined" => "participation-declined",
    }
}

/// A decision on an entry, as staff record it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Decision {
    pub submission_id: SubmissionId,
    /// The round it was decided in; `null`: decided without a round.
    pub round_id: Option<RoundId>,
    pub outcome: Outcome,
    /// Staff's reasons; the team reads them only if the email's text includes `{rationale}`.
    pub rationale: String,
    pub waitlist_position: Option<i32>,
    /// `null` until the decisions are released to the teams.
    pub released_at: Option<DateTime<Utc>>,
    /// For a selected entry once released: whether its team confirmed it takes part.
    pub participation: Option<Participation>,
    pub participation_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// The placeholders a decision email's text may use, each replaced when the email is written.
pub const PLACEHOLDERS: [&str; 7] = ["team", "title", "call", "programme", "rationale", "position", "link"];

/// Checks a template's text: every `{name}` is one of `PLACEHOLDERS`, braces closed. Returns the
/// text trimmed, or the Fluent key of the problem.
pub fn parse_template_text(raw: &str, limit: usize, missing: &'static str) -> Result<String, &'static str> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(missing);
    }
    if text.chars().count() > limit {
        return Err("error-template-too-long");
    }
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { return Err("error-template-placeholder-unclosed") };
        let name = &rest[open + 1..open + close];
        if !PLACEHOLDERS.contains(&name) {
            return Err("error-template-placeholder-unknown");
        }
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') {
        return Err("error-template-placeholder-unclosed");
    }
    Ok(text.to_string())
}

/// A template's text with its placeholders replaced by `values` (name, value); a placeholder
/// without a value becomes empty.
pub fn fill_template(text: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                let name = &rest[open + 1..open + close];
                if let Some((_, value)) = values.iter().find(|(n, _)| *n == name) {
                    out.push_str(value);
                }
                rest = &rest[open + close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A review round on a call.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Round {
    pub id: RoundId,
    pub call_id: CallId,
    pub name: String,
    /// Markdown for the reviewers.
    pub instructions: String,
    pub opens_at: DateTime<Utc>,
    /// Reviews can be written and changed until this instant (excluded).
    pub closes_at: DateTime<Utc>,
    /// How many reviews each entry needs.
    pub reviews_per_entry: i32,
    /// Whether reviewers are kept from seeing the organisation, country and people of an entry.
    pub blind: bool,
    /// Whether a reviewer from an entry's country is conflicted (their own organisation always is).
    pub conflict_same_country: bool,
    /// The spread of an entry's review totals (points of 100) from which reviewers disagree.
    pub disagreement_at: i32,
    /// How many hours before the round closes reviewers with reviews not submitted are reminded.
    pub remind_hours_before: i32,
    pub version: i32,
}

impl Round {
    /// Upcoming, open (reviews may be written) or closed, by the server's clock.
    pub fn status(&self, now: DateTime<Utc>) -> CallStatus {
        CallStatus::at(now, self.opens_at, self.closes_at)
    }
}

/// One criterion of a round's rubric.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Criterion {
    pub id: CriterionId,
    pub position: i32,
    pub name: String,
    pub description: String,
    /// 1–100; only the ratio between a rubric's criteria matters.
    pub weight: i32,
    pub scale_min: i32,
    pub scale_max: i32,
    /// One text per point of the scale, lowest first.
    pub anchors: Vec<String>,
}

impl Criterion {
    /// The points of the scale with their anchor texts, lowest first.
    pub fn points(&self) -> impl Iterator<Item = (i32, &str)> {
        (self.scale_min..=self.scale_max).zip(self.anchors.iter().map(String::as_str))
    }

    /// The criterion's share of the rubric's weight, in per cent.
    pub fn share(&self, rubric: &[Criterion]) -> f64 {
        let total: i32 = rubric.iter().map(|c| c.weight).sum();
        if total == 0 { 0.0 } else { 100.0 * f64::from(self.weight) / f64::from(total) }
    }
}

/// Staff's screening of a submitted entry.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Screening {
    pub submission_id: SubmissionId,
    pub eligible: bool,
    /// One of the call's ineligibility reasons, when ineligible.
    pub reason: Option<String>,
    pub note: String,
    #[serde(skip)]
    pub screened_by: Option<UserId>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// A one-line name of at most `limit` characters.
pub fn parse_line(
    raw: &str,
    limit: usize,
    missing: &'static str,
    too_long: &'static str,
) -> Result<String, &'static str> {
    let line = raw.trim();
    if line.is_empty() {
        Err(missing)
    } else if line.chars().count() > limit {
        Err(too_long)
    } else if line.contains(['\n', '\r']) {
        Err("error-line-breaks")
    } else {
        Ok(line.to_string())
    }
}

pub fn parse_reviews_per_entry(value: i32) -> Result<i32, &'static str> {
    if (1..=20).contains(&value) { Ok(value) } else { Err("error-round-reviews-per-entry-invalid") }
}

pub fn parse_disagreement_at(value: i32) -> Result<i32, &'static str> {
    if (1..=100).contains(&value) { Ok(value) } else { Err("error-round-disagreement-invalid") }
}

pub fn parse_remind_hours(value: i32) -> Result<i32, &'static str> {
    if (1..=720).contains(&value) { Ok(value) } else { Err("error-round-remind-invalid") }
}

pub fn parse_weight(value: i32) -> Result<i32, &'static str> {
    if (1..=100).contains(&value) { Ok(value) } else { Err("error-criterion-weight-invalid") }
}

/// A scale `min`–`max`: whole points within 0–10, at least two of them.
pub fn parse_scale(min: i32, max: i32) -> Result<(i32, i32), &'static str> {
    if !(0..=SCALE_LIMIT).contains(&min) || !(0..=SCALE_LIMIT).contains(&max) {
        Err("error-criterion-scale-range")
    } else if max <= min {
        Err("error-criterion-scale-order")
    } else {
        Ok((min, max))
    }
}

/// One anchor per point of the scale (lowest first), each 1–300 characters on one line.
pub fn parse_anchors(raw: &[String], points: usize) -> Result<Vec<String>, &'static str> {
    let anchors: Vec<String> = raw.iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect();
    if anchors.len() != points {
        return Err("error-criterion-anchors-count");
    }
    if anchors.iter().any(|a| a.chars().count() > 300 || a.contains(['\n', '\r'])) {
        return Err("error-criterion-anchor-too-long");
    }
    Ok(anchors)
}

/// The reasons a call lists for ineligibility: one per line, blank lines dropped, each at most
/// 200 characters, at most 30, no two alike.
pub fn parse_ineligibility_reasons(raw: &[String]) -> Result<Vec<String>, &'static str> {
    let mut reasons: Vec<String> = Vec::new();
    for reason in raw.iter().flat_map(|r| r.lines()).map(str::trim).filter(|r| !r.is_empty()) {
        if reason.chars().count() > 200 {
            return Err("error-screening-reason-too-long");
        }
        if !reasons.iter().any(|r| r == reason) {
            reasons.push(reason.to_string());
        }
    }
    if reasons.len() > 30 {
        return Err("error-screening-reasons-too-many");
    }
    Ok(reasons)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_whole_points_within_zero_to_ten() {
        assert_eq!(parse_scale(1, 5), Ok((1, 5)));
        assert_eq!(parse_scale(0, 10), Ok((0, 10)));
        assert_eq!(parse_scale(3, 3), Err("error-criterion-scale-order"));
        assert_eq!(parse_scale(5, 1), Err("error-criterion-scale-order"));
        assert_eq!(parse_scale(-1, 4), Err("error-criterion-scale-range"));
        assert_eq!(parse_scale(1, 11), Err("error-criterion-scale-range"));
    }

    #[test]
    fn every_point_of_the_scale_has_one_anchor() {
        let anchors: Vec<String> = ["Poor", " ", "Fair", "Good"].map(String::from).into();
        assert_eq!(parse_anchors(&anchors, 3).unwrap(), vec!["Poor", "Fair", "Good"]);
        assert_eq!(parse_anchors(&anchors, 4), Err("error-criterion-anchors-count"));
        assert_eq!(parse_anchors(&["x".repeat(301)], 1), Err("error-criterion-anchor-too-long"));
    }

    #[test]
    fn weights_give_shares_of_the_rubric() {
        let criterion = |weight| Criterion {
            id: CriterionId::new(),
            position: 0,
            name: String::new(),
            description: String::new(),
            weight,
            scale_min: 1,
            scale_max: 2,
            anchors: vec!["a".into(), "b".into()],
        };
        let rubric = vec![criterion(2), criterion(1), criterion(1)];
        assert_eq!(rubric[0].share(&rubric), 50.0);
        assert_eq!(rubric[0].points().collect::<Vec<_>>(), vec![(1, "a"), (2, "b")]);
        assert_eq!(parse_weight(0), Err("error-criterion-weight-invalid"));
        assert_eq!(parse_weight(101), Err("error-criterion-weight-invalid"));
    }

    #[test]
    fn templates_take_known_placeholders_and_fill_them() {
        assert_eq!(
            parse_template_text(" Dear {team}, about {title} ", 100, "m"),
            Ok("Dear {team}, about {title}".into())
        );
        assert_eq!(parse_template_text("Dear {name}", 100, "m"), Err("error-template-placeholder-unknown"));
        assert_eq!(parse_template_text("Dear {team", 100, "m"), Err("error-template-placeholder-unclosed"));
        assert_eq!(parse_template_text("Dear team}", 100, "m"), Err("error-template-placeholder-unclosed"));
        assert_eq!(parse_template_text("  ", 100, "missing"), Err("missing"));
        let filled = fill_template(
            "Dear {team}: {title} ({position})",
            &[("team", "Digital Lab".into()), ("title", "Open data".into())],
        );
        assert_eq!(filled, "Dear Digital Lab: Open data ()");
    }

    #[test]
    fn reasons_are_one_per_line_without_repeats() {
        let raw = vec!["Not a public body\n\nOut of scope\nNot a public body ".to_string()];
        assert_eq!(parse_ineligibility_reasons(&raw).unwrap(), vec!["Not a public body", "Out of scope"]);
        let many: Vec<String> = (0..31).map(|i| format!("Reason {i}")).collect();
        assert_eq!(parse_ineligibility_reasons(&many), Err("error-screening-reasons-too-many"));
    }
}
