//! Call and question types that validate on construction. Errors are Fluent message keys.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::ids::{CallId, ProgrammeId, QuestionId};
use crate::text_enum::text_enum;

text_enum! {
    /// What a call asks for.
    pub enum CallKind {
        Challenge = "challenge" => "call-kind-challenge",
        Solution = "solution" => "call-kind-solution",
        Cohort = "cohort" => "call-kind-cohort",
    }
}

impl CallKind {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        CallKind::from_name(raw.trim()).ok_or("error-call-kind-invalid")
    }
}

text_enum! {
    /// Where a call stands, by the server's clock.
    pub enum CallStatus {
        Upcoming = "upcoming" => "call-status-upcoming",
        Open = "open" => "call-status-open",
        Closed = "closed" => "call-status-closed",
    }
}

impl CallStatus {
    /// Open from `opens_at` (included) to `closes_at` (excluded).
    pub fn at(now: DateTime<Utc>, opens_at: DateTime<Utc>, closes_at: DateTime<Utc>) -> Self {
        if now < opens_at {
            CallStatus::Upcoming
        } else if now < closes_at {
            CallStatus::Open
        } else {
            CallStatus::Closed
        }
    }
    pub fn is_open(self) -> bool {
        self == CallStatus::Open
    }
}

text_enum! {
    /// What kind of answer a question takes.
    pub enum QuestionKind {
        ShortText = "short_text" => "question-kind-short-text",
        LongText = "long_text" => "question-kind-long-text",
        SingleChoice = "single_choice" => "question-kind-single-choice",
        MultipleChoice = "multiple_choice" => "question-kind-multiple-choice",
        Number = "number" => "question-kind-number",
        Url = "url" => "question-kind-url",
        Date = "date" => "question-kind-date",
        YesNo = "yes_no" => "question-kind-yes-no",
        File = "file" => "question-kind-file",
    }
}

impl QuestionKind {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        if raw.trim().is_empty() {
            return Err("error-question-kind-missing");
        }
        QuestionKind::from_name(raw.trim()).ok_or("error-question-kind-invalid")
    }
    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::SingleChoice | QuestionKind::MultipleChoice)
    }

    /// Whether every answer comes from a fixed set (the call's options, or yes and no): a value
    /// outside it was never offered by the form, so even a draft refuses it.
    pub fn is_closed_set(self) -> bool {
        self.has_options() || self == QuestionKind::YesNo
    }
}

pub fn parse_call_title(raw: &str) -> Result<String, &'static str> {
    let title = raw.trim();
    match title.chars().count() {
        0 => Err("error-call-title-missing"),
        n if n > 200 => Err("error-call-title-too-long"),
        _ => Ok(title.to_string()),
    }
}

pub fn parse_markdown(raw: &str, too_long: &'static str) -> Result<String, &'static str> {
    let text = raw.trim();
    if text.chars().count() > 20_000 { Err(too_long) } else { Ok(text.to_string()) }
}

/// A wall-clock time typed in a form (`YYYY-MM-DDTHH:MM`, as `<input type="datetime-local">`
/// sends it), read in `zone`. A time that does not exist or exists twice there (clock changes)
/// is refused rather than guessed.
pub fn parse_local_time(raw: &str, zone: Tz, missing: &'static str) -> Result<DateTime<Utc>, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(missing);
    }
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| "error-datetime-invalid")?;
    match zone.from_local_datetime(&naive).single() {
        Some(local) => Ok(local.with_timezone(&Utc)),
        None => Err("error-datetime-ambiguous"),
    }
}

/// An instant as the API and forms send it: RFC 3339 (`2024-01-31T22:59:00Z`), or a wall-clock
/// time (`2024-01-31T23:59`) read in `zone` by `parse_local_time`.
pub fn parse_instant(raw: &str, zone: Tz, missing: &'static str) -> Result<DateTime<Utc>, &'static str> {
    match DateTime::parse_from_rfc3339(raw.trim()) {
        Ok(instant) => Ok(instant.with_timezone(&Utc)),
        Err(_) => parse_local_time(raw, zone, missing),
    }
}

/// The value for a `datetime-local` input showing `instant` in `zone`.
pub fn local_input_value(instant: &DateTime<Utc>, zone: Tz) -> String {
    instant.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string()
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Call {
    pub id: CallId,
    /// The programme edition the call belongs to.
    #[serde(skip)]
    pub programme_id: ProgrammeId,
    pub kind: CallKind,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub eligibility: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub version: i32,
}

impl Call {
    pub fn status(&self, now: DateTime<Utc>) -> CallStatus {
        CallStatus::at(now, self.opens_at, self.closes_at)
    }
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Question {
    pub id: QuestionId,
    pub position: i32,
    pub section: String,
    pub label: String,
    pub help: String,
    pub kind: QuestionKind,
    pub required: bool,
    pub word_limit: Option<i32>,
    pub options: Vec<String>,
}

/// Questions grouped by section, in order, for display.
#[derive(Clone, Debug)]
pub struct Section {
    pub title: String,
    pub questions: Vec<Question>,
}

pub fn sections(questions: Vec<Question>) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    for question in questions {
        match sections.last_mut() {
            Some(section) if section.title == question.section => section.questions.push(question),
            _ => sections.push(Section { title: question.section.clone(), questions: vec![question] }),
        }
    }
    sections
}

/// Words as a reader counts them: runs of non-space characters.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_open_from_its_opening_to_just_before_its_closing() {
        let opens = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
        let closes = Utc.with_ymd_and_hms(2024, 1, 31, 23, 59, 59).unwrap();
        assert_eq!(CallStatus::at(opens - chrono::Duration::seconds(1), opens, closes), CallStatus::Upcoming);
        assert_eq!(CallStatus::at(opens, opens, closes), CallStatus::Open);
        assert_eq!(CallStatus::at(closes - chrono::Duration::seconds(1), opens, closes), CallStatus::Open);
        assert_eq!(CallStatus::at(closes, opens, closes), CallStatus::Closed);
    }

    #[test]
    fn local_times_are_read_in_the_programme_zone() {
        let paris = chrono_tz::Europe::Paris;
        let instant = parse_local_time("2024-01-31T23:59", paris, "m").unwrap();
        assert_eq!(instant, Utc.with_ymd_and_hms(2024, 1, 31, 22, 59, 0).unwrap());
        assert_eq!(local_input_value(&instant, paris), "2024-01-31T23:59");
        assert_eq!(parse_local_time("", paris, "missing"), Err("missing"));
        assert_eq!(parse_local_time("31/01/2024", paris, "m"), Err("error-datetime-invalid"));
        // 02:30 on the last Sunday of March does not exist in Paris.
        assert_eq!(parse_local_time("2024-03-31T02:30", paris, "m"), Err("error-datetime-ambiguous"));
    }

    #[test]
    fn kinds_round_trip() {
        for kind in QuestionKind::ALL {
            assert_eq!(QuestionKind::parse(kind.as_str()), Ok(*kind));
        }
        assert_eq!(QuestionKind::parse(""), Err("error-question-kind-missing"));
        assert_eq!(QuestionKind::parse("essay"), Err("error-question-kind-invalid"));
        for kind in CallKind::ALL {
            assert_eq!(CallKind::parse(kind.as_str()), Ok(*kind));
        }
    }

    #[test]
    fn words_are_counted_like_a_reader_would() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("  digital   by default,\nbut without leaving anyone behind "), 8);
    }
}
