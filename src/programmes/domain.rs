//! Programme types that validate on construction. Errors are Fluent message keys.

use chrono::NaiveDate;
use serde::Serialize;

use crate::i18n::TimeZone;
use crate::ids::{ProgrammeId, ThemeId};
use crate::text_enum::text_enum;

text_enum! {
    /// The phases of a programme's timeline, in the order they run.
    pub enum PhaseKind {
        ChallengeCall = "challenge_call" => "phase-challenge-call",
        ChallengeSelection = "challenge_selection" => "phase-challenge-selection",
        SolutionCall = "solution_call" => "phase-solution-call",
        SolutionSelection = "solution_selection" => "phase-solution-selection",
        Matching = "matching" => "phase-matching",
        Incubation = "incubation" => "phase-incubation",
        CohortTrack = "cohort_track" => "phase-cohort-track",
        Showcase = "showcase" => "phase-showcase",
    }
}

/// A programme's address part: lowercase letters, digits and inner hyphens, 1–60 characters.
pub fn parse_slug(raw: &str) -> Result<String, &'static str> {
    let slug = raw.trim();
    if slug.is_empty() {
        return Err("error-programme-slug-missing");
    }
    let valid = slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid || slug.len() > 60 || slug.starts_with('-') || slug.ends_with('-') {
        return Err("error-programme-slug-invalid");
    }
    Ok(slug.to_string())
}

pub fn parse_title(raw: &str) -> Result<String, &'static str> {
    let title = raw.trim();
    if title.is_empty() {
        return Err("error-programme-title-missing");
    }
    if title.chars().count() > 200 {
        return Err("error-programme-title-too-long");
    }
    if title.chars().any(char::is_control) {
        return Err("error-text-control-characters");
    }
    Ok(title.to_string())
}

pub fn parse_summary(raw: &str) -> Result<String, &'static str> {
    let summary = raw.trim();
    if summary.chars().count() > 2000 {
        return Err("error-programme-summary-too-long");
    }
    Ok(summary.to_string())
}

/// One phase's dates as typed: both empty means the programme skips the phase.
pub fn parse_phase(starts: &str, ends: &str) -> Result<Option<(NaiveDate, NaiveDate)>, &'static str> {
    let (starts, ends) = (starts.trim(), ends.trim());
    if starts.is_empty() && ends.is_empty() {
        return Ok(None);
    }
    if starts.is_empty() || ends.is_empty() {
        return Err("error-phase-both-dates");
    }
    let parse = |raw: &str| NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| "error-phase-date-invalid");
    let (starts, ends) = (parse(starts)?, parse(ends)?);
    if ends < starts {
        return Err("error-phase-ends-before-start");
    }
    Ok(Some((starts, ends)))
}

/// A phase on a programme's timeline.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Phase {
    pub kind: PhaseKind,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Programme {
    pub id: ProgrammeId,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// IANA name of the zone whose calendar days the timeline counts in.
    #[schema(value_type = String, example = "Europe/Paris")]
    pub time_zone: TimeZone,
    pub version: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A theme of the tenant's taxonomy, which submissions choose from.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Theme {
    pub id: ThemeId,
    pub name: String,
    pub archived: bool,
}

impl Programme {
    /// Today in the programme's own zone: its phases are calendar days there.
    pub fn today(&self) -> NaiveDate {
        self.time_zone.today()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phase_kinds_round_trip_in_timeline_order() {
        for kind in PhaseKind::ALL {
            assert_eq!(PhaseKind::from_name(kind.as_str()), Some(*kind));
        }
        assert_eq!(PhaseKind::ChallengeCall.label_key(), "phase-challenge-call");
        assert_eq!(PhaseKind::from_name("party"), None);
    }

    #[test]
    fn programme_fields_are_checked() {
        assert_eq!(parse_slug(" incubator-2024 "), Ok("incubator-2024".into()));
        assert_eq!(parse_slug(""), Err("error-programme-slug-missing"));
        assert_eq!(parse_slug("Incubator 2024"), Err("error-programme-slug-invalid"));
        assert_eq!(parse_title("  Innovation Incubator 2024 "), Ok("Innovation Incubator 2024".into()));
        assert_eq!(parse_title(""), Err("error-programme-title-missing"));
        assert!(parse_summary(&"a".repeat(2001)).is_err());
    }

    #[test]
    fn phases_need_both_dates_in_order() {
        assert_eq!(parse_phase("", ""), Ok(None));
        let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(parse_phase("2023-12-01", "2024-01-31"), Ok(Some((day("2023-12-01"), day("2024-01-31")))));
        assert_eq!(parse_phase("2023-12-01", ""), Err("error-phase-both-dates"));
        assert_eq!(parse_phase("2023-12-01", "2023-11-30"), Err("error-phase-ends-before-start"));
        assert_eq!(parse_phase("1 Dec", "2024-01-31"), Err("error-phase-date-invalid"));
    }
}
