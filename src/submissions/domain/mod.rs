//! Submission types and the rules written once: states and their moves, answers, content, the
//! rows lists show, and the checks made at submit (`form.rs`: the form in parts and an edit of
//! one; `changes.rs`: what changed between versions). Errors are Fluent message keys.

mod changes;
mod form;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use changes::{Change, Changed, ChoiceNames, DiffKind, changes, plain_copy};
pub use form::{FormParts, PartEdit, PartProgress, PartState, answer_field};

use super::attachments::FileRef;
use crate::calls::domain::{Question, QuestionKind, word_count};
use crate::ids::{CallId, OrganisationId, QuestionId, SubmissionId, ThemeId};
use crate::tenancy::domain::GovernmentLevel;
use crate::text_enum::text_enum;

text_enum! {
    /// draft → submitted → withdrawn. The allowed moves are written here once.
    pub enum SubmissionStatus {
        Draft = "draft" => "submission-status-draft",
        Submitted = "submitted" => "submission-status-submitted",
        Withdrawn = "withdrawn" => "submission-status-withdrawn",
    }
}

impl SubmissionStatus {
    /// Whether `self` may move to `to`.
    pub fn can_become(self, to: SubmissionStatus) -> bool {
        matches!(
            (self, to),
            (SubmissionStatus::Draft, SubmissionStatus::Submitted)
                | (SubmissionStatus::Submitted, SubmissionStatus::Withdrawn)
                | (SubmissionStatus::Withdrawn, SubmissionStatus::Draft)
        )
    }
    /// Drafts and submitted entries can change until the deadline; withdrawn ones never.
    pub fn is_editable(self) -> bool {
        matches!(self, SubmissionStatus::Draft | SubmissionStatus::Submitted)
    }
}

/// An answer as typed: one string, or several for multiple choice. Drafts keep whatever was
/// typed; the checks run at submit (and on every save once submitted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum Answer {
    One(String),
    Many(Vec<String>),
    /// A file question's answer: the attachment, as uploaded through the form.
    File(FileRef),
}

impl Answer {
    pub fn is_blank(&self) -> bool {
        match self {
            Answer::One(text) => text.trim().is_empty(),
            Answer::Many(items) => items.iter().all(|i| i.trim().is_empty()),
            Answer::File(_) => false,
        }
    }
    pub fn text(&self) -> String {
        match self {
            Answer::One(text) => text.clone(),
            Answer::Many(items) => items.join(", "),
            Answer::File(file) => file.describe(),
        }
    }
    pub fn contains(&self, option: &str) -> bool {
        match self {
            Answer::One(text) => text == option,
            Answer::Many(items) => items.iter().any(|i| i == option),
            Answer::File(_) => false,
        }
    }
    pub fn file(&self) -> Option<&FileRef> {
        match self {
            Answer::File(file) => Some(file),
            _ => None,
        }
    }
}

pub const TITLE_MAX_CHARS: usize = 200;
pub const SUMMARY_MAX_WORDS: usize = 250;
pub const SHORT_TEXT_MAX_CHARS: usize = 300;

/// What a submission holds, as saved in each version.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Content {
    pub title: String,
    pub summary: String,
    #[schema(value_type = Vec<String>)]
    pub themes: Vec<ThemeId>,
    /// For solutions: the challenges offered help.
    #[schema(value_type = Vec<String>)]
    pub offers: Vec<SubmissionId>,
    #[schema(value_type = Object)]
    pub answers: BTreeMap<QuestionId, Answer>,
}

/// Checks one answer against its question. Blank answers are the caller's business (required).
pub fn check_answer(question: &Question, answer: &Answer) -> Result<(), &'static str> {
    match (question.kind, answer) {
        (QuestionKind::MultipleChoice, Answer::Many(items)) => {
            if items.iter().all(|i| question.options.contains(i)) {
                Ok(())
            } else {
                Err("error-answer-choice-invalid")
            }
        }
        (QuestionKind::MultipleChoice, Answer::One(item)) => {
            if question.options.contains(item) {
                Ok(())
            } else {
                Err("error-answer-choice-invalid")
            }
        }
        (QuestionKind::File, Answer::File(_)) => Ok(()),
        (QuestionKind::File, _) => Err("error-answer-file-invalid"),
        (_, Answer::File(_)) => Err("error-answer-file-unexpected"),
        (_, Answer::Many(_)) => Err("error-answer-one-value"),
        (QuestionKind::ShortText, Answer::One(text)) => {
            if text.trim().chars().count() > SHORT_TEXT_MAX_CHARS {
                Err("error-answer-too-long")
            } else {
                Ok(())
            }
        }
        (QuestionKind::LongText, Answer::One(text)) => match question.word_limit {
            Some(limit) if word_count(text) > limit as usize => Err("error-answer-too-many-words"),
            _ => Ok(()),
        },
        (QuestionKind::SingleChoice, Answer::One(choice)) => {
            if question.options.contains(choice) {
                Ok(())
            } else {
                Err("error-answer-choice-invalid")
            }
        }
        (QuestionKind::Number, Answer::One(text)) => {
            text.trim().replace(',', ".").parse::<f64>().map(|_| ()).map_err(|_| "error-answer-number-invalid")
        }
        (QuestionKind::Url, Answer::One(text)) => match url::Url::parse(text.trim()) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(()),
            _ => Err("error-answer-url-invalid"),
        },
        (QuestionKind::Date, Answer::One(text)) => {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map(|_| ()).map_err(|_| "error-answer-date-invalid")
        }
        (QuestionKind::YesNo, Answer::One(text)) => {
            if matches!(text.as_str(), "yes" | "no") {
                Ok(())
            } else {
                Err("error-answer-yes-no-invalid")
            }
        }
    }
}

/// A submission of one of the person's organisations, with its call (the tenant home lists them).
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct TeamSubmission {
    pub id: SubmissionId,
    pub title: String,
    pub status: SubmissionStatus,
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub call_title: String,
    pub closes_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Selected by the programme's staff (a challenge the incubator takes on).
    pub selected: bool,
}

/// A selected challenge of a programme, which solutions may offer to help.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SelectedChallenge {
    pub id: SubmissionId,
    pub title: String,
    pub organisation_name: String,
    pub country_name: String,
}

/// One saved version of a submission: who saved it, when, and in which state it left it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Version {
    pub version: i32,
    pub status: SubmissionStatus,
    pub saved_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A submission as lists and pages show it: its row with its organisation's name, country and
/// level.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Submission {
    pub id: SubmissionId,
    pub call_id: CallId,
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub country_code: String,
    pub country_name: String,
    pub continent: String,
    pub level: GovernmentLevel,
    pub status: SubmissionStatus,
    pub title: String,
    pub summary: String,
    pub version: i32,
    pub selected_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A challenge a solution offers to help (a selected challenge of the same programme).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OfferedChallenge {
    #[schema(value_type = String)]
    pub id: SubmissionId,
    pub title: String,
}

/// A submission as the staff's JSON list shows it: with the challenges a solution offers to help
/// (empty for a challenge).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ListedSubmission {
    #[serde(flatten)]
    pub submission: Submission,
    pub offers: Vec<OfferedChallenge>,
}

/// A problem found when checking a whole submission: the field (`title`, `summary`, `themes`,
/// `offers` or `q_<question id>`) and the message key, with arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub code: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Problem {
    /// An answer not given yet (unfinished), as opposed to one given that cannot be accepted.
    pub fn is_missing(&self) -> bool {
        self.code == "error-answer-required" || self.code.ends_with("-missing")
    }
}

/// Everything checked at submit: required answers, word limits, formats.
pub fn check_complete(content: &Content, questions: &[Question], needs_offers: bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut add = |field: String, code: &'static str, args: Vec<(&'static str, String)>| {
        problems.push(Problem { field, code, args })
    };
    let title = content.title.trim();
    if title.is_empty() {
        add("title".into(), "error-submission-title-missing", vec![]);
    } else if title.chars().count() > TITLE_MAX_CHARS {
        add("title".into(), "error-submission-title-too-long", vec![]);
    }
    let summary_words = word_count(&content.summary);
    if summary_words == 0 {
        add("summary".into(), "error-submission-summary-missing", vec![]);
    } else if summary_words > SUMMARY_MAX_WORDS {
        add("summary".into(), "error-submission-summary-too-long", vec![("count", summary_words.to_string())]);
    }
    if needs_offers && content.offers.is_empty() {
        add("offers".into(), "error-submission-offers-missing", vec![]);
    }
    for question in questions {
        let field = answer_field(question.id);
        match content.answers.get(&question.id).filter(|a| !a.is_blank()) {
            None if question.required => {
                add(field, "error-answer-required", vec![("question", question.label.clone())])
            }
            None => {}
            Some(answer) => {
                if let Err(code) = check_answer(question, answer) {
                    let mut args = vec![("question", question.label.clone())];
                    if let (Some(limit), Answer::One(text)) = (question.word_limit, answer) {
                        args.push(("limit", limit.to_string()));
                        args.push(("count", word_count(text).to_string()));
                    }
                    add(field, code, args);
                }
            }
        }
    }
    problems
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn question(kind: &str, required: bool, word_limit: Option<i32>, options: &[&str]) -> Question {
        Question {
            id: QuestionId::new(),
            position: 1,
            section: String::new(),
            label: format!("A {kind} question"),
            help: String::new(),
            kind: QuestionKind::from_name(kind).unwrap(),
            required,
            word_limit,
            options: options.iter().map(|o| o.to_string()).collect(),
        }
    }

    #[test]
    fn only_the_written_transitions_are_allowed() {
        use SubmissionStatus::*;
        assert!(Draft.can_become(Submitted));
        assert!(Submitted.can_become(Withdrawn));
        assert!(Withdrawn.can_become(Draft), "reopened while the call is open");
        for (from, to) in [(Draft, Withdrawn), (Submitted, Draft), (Withdrawn, Submitted), (Draft, Draft)] {
            assert!(!from.can_become(to), "{from:?} → {to:?}");
        }
        assert!(!Withdrawn.is_editable());
    }

    #[test]
    fn a_word_limit_exceeded_by_one_word_is_refused() {
        let q = question("long_text", true, Some(5), &[]);
        assert_eq!(check_answer(&q, &Answer::One("one two three four five".into())), Ok(()));
        assert_eq!(
            check_answer(&q, &Answer::One("one two three four five six".into())),
            Err("error-answer-too-many-words")
        );
    }

    #[test]
    fn formats_are_checked_per_kind() {
        assert!(check_answer(&question("number", false, None, &[]), &Answer::One("12,5".into())).is_ok());
        assert!(check_answer(&question("number", false, None, &[]), &Answer::One("twelve".into())).is_err());
        assert!(check_answer(&question("url", false, None, &[]), &Answer::One("https://gov.example".into())).is_ok());
        assert!(check_answer(&question("url", false, None, &[]), &Answer::One("javascript:x".into())).is_err());
        assert!(check_answer(&question("date", false, None, &[]), &Answer::One("2024-02-29".into())).is_ok());
        assert!(check_answer(&question("date", false, None, &[]), &Answer::One("2023-02-29".into())).is_err());
        assert!(check_answer(&question("yes_no", false, None, &[]), &Answer::One("yes".into())).is_ok());
        assert!(check_answer(&question("yes_no", false, None, &[]), &Answer::One("maybe".into())).is_err());
        let choice = question("single_choice", false, None, &["A", "B"]);
        assert!(check_answer(&choice, &Answer::One("A".into())).is_ok());
        assert!(check_answer(&choice, &Answer::One("C".into())).is_err());
        assert!(check_answer(&choice, &Answer::Many(vec!["A".into(), "B".into()])).is_err());
        let many = question("multiple_choice", false, None, &["A", "B"]);
        assert!(check_answer(&many, &Answer::Many(vec!["A".into(), "B".into()])).is_ok());
        assert!(check_answer(&many, &Answer::Many(vec!["A".into(), "Z".into()])).is_err());
        assert!(check_answer(&question("short_text", false, None, &[]), &Answer::One("x".repeat(301))).is_err());
    }

    #[test]
    fn completeness_lists_every_problem_in_form_order() {
        let required = question("short_text", true, None, &[]);
        let limited = question("long_text", false, Some(3), &[]);
        let mut content = Content { summary: "word ".repeat(251), ..Default::default() };
        content.answers.insert(limited.id, Answer::One("far too many words here".into()));
        let problems = check_complete(&content, &[required.clone(), limited.clone()], true);
        let codes: Vec<&str> = problems.iter().map(|p| p.code).collect();
        assert_eq!(
            codes,
            [
                "error-submission-title-missing",
                "error-submission-summary-too-long",
                "error-submission-offers-missing",
                "error-answer-required",
                "error-answer-too-many-words"
            ]
        );
        assert_eq!(
            problems[4].args,
            vec![("question", limited.label.clone()), ("limit", "3".into()), ("count", "5".into())]
        );
    }
}
