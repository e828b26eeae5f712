//! Submission states, answers and the checks made at submit. Errors are Fluent message keys.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::attachments::FileRef;
use crate::calls::domain::{Question, QuestionKind, Section, sections, word_count};
use crate::i18n::Lang;
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
    pub organisation_name: String,
    pub call_title: String,
    pub closes_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
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

/// A call's form as the task list divides it: part 0 is "about" (title, summary, themes, offers),
/// then part k is the k-th section of questions. The numbering is known here only.
#[derive(Clone, Debug)]
pub struct FormParts {
    sections: Vec<Section>,
}

/// The fields of part 0 that the checks at submit look at.
const ABOUT_FIELDS: [&str; 3] = ["title", "summary", "offers"];

impl FormParts {
    /// The parts of a form with these questions, in form order.
    pub fn new(questions: Vec<Question>) -> Self {
        Self { sections: sections(questions) }
    }

    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// How many parts there are, "about" included.
    pub fn count(&self) -> usize {
        self.sections.len() + 1
    }

    /// Whether part `part` exists.
    pub fn has(&self, part: usize) -> bool {
        part < self.count()
    }

    /// The section that part `part` asks (None for "about" and past the end).
    pub fn section(&self, part: usize) -> Option<&Section> {
        part.checked_sub(1).and_then(|index| self.sections.get(index))
    }

    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    pub fn question(&self, id: QuestionId) -> Option<&Question> {
        self.questions().find(|q| q.id == id)
    }

    /// The part where `field` is asked: a question's section, or "about" for anything else.
    pub fn part_of(&self, field: &str) -> usize {
        self.sections
            .iter()
            .position(|s| s.questions.iter().any(|q| answer_field(q.id) == field))
            .map_or(0, |index| index + 1)
    }

    /// Each part with how far it is filled in, as the task list shows them.
    pub fn progress(&self, content: &Content, needs_offers: bool) -> Vec<PartProgress> {
        let problems = check_complete(content, &self.questions().cloned().collect::<Vec<_>>(), needs_offers);
        let has_problem = |field: &str| problems.iter().any(|p| p.field == field);
        let about_started = !content.title.is_empty() || !content.summary.is_empty();
        let about = match (about_started, ABOUT_FIELDS.iter().any(|f| has_problem(f))) {
            (false, _) => PartState::NotStarted,
            (true, true) => PartState::Incomplete,
            (true, false) => PartState::Completed,
        };
        let mut parts = vec![PartProgress { number: 0, title: None, state: about }];
        for (index, section) in self.sections.iter().enumerate() {
            let started = section.questions.iter().any(|q| content.answers.contains_key(&q.id));
            let complete = !section.questions.iter().any(|q| has_problem(&answer_field(q.id)));
            let state = match (started, complete) {
                (_, true) if started || section.questions.iter().all(|q| !q.required) => PartState::Completed,
                (false, _) => PartState::NotStarted,
                _ => PartState::Incomplete,
            };
            let title = (!section.title.is_empty()).then(|| section.title.clone());
            parts.push(PartProgress { number: index + 1, title, state });
        }
        parts
    }
}

/// The form field of a question's answer: `q_<question id>`.
pub fn answer_field(question: QuestionId) -> String {
    format!("q_{question}")
}

/// A part of the task list and how far it is filled in.
pub struct PartProgress {
    pub number: usize,
    /// The section's title; None for "about" and for untitled sections (named by number).
    pub title: Option<String>,
    pub state: PartState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartState {
    NotStarted,
    Incomplete,
    Completed,
}

impl PartState {
    pub fn label_key(self) -> &'static str {
        match self {
            PartState::NotStarted => "task-not-started",
            PartState::Incomplete => "task-incomplete",
            PartState::Completed => "task-completed",
        }
    }
}

/// One part of the form as typed: the "about" part, or the answers of one section.
#[derive(Clone, Debug, Default)]
pub struct PartEdit {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub themes: Option<Vec<ThemeId>>,
    pub offers: Option<Vec<SubmissionId>>,
    /// Answers for these questions replace the saved ones (blank removes).
    pub answers: Vec<(QuestionId, Answer)>,
}

impl PartEdit {
    /// Part `part` of `form` as a browser posts it: `q_<id>` answers (repeated for multiple
    /// choice), themes and offers repeated, everything else once. A file question's answer
    /// changes only when a file came with the form (`uploaded`) or its "remove" box
    /// (`q_<id>_remove`) was ticked.
    pub fn from_form(
        form: &FormParts,
        part: usize,
        pairs: &[(String, String)],
        uploaded: &[(QuestionId, FileRef)],
        needs_offers: bool,
    ) -> Self {
        let first = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
        let all = |name: &str| pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect::<Vec<_>>();
        if part == 0 {
            return PartEdit {
                title: Some(first("title")),
                summary: Some(first("summary")),
                themes: Some(all("themes").iter().filter_map(|t| t.parse::<ThemeId>().ok()).collect()),
                offers: needs_offers
                    .then(|| all("offers").iter().filter_map(|o| o.parse::<SubmissionId>().ok()).collect()),
                ..Default::default()
            };
        }
        let Some(section) = form.section(part) else { return PartEdit::default() };
        let answers = section
            .questions
            .iter()
            .filter_map(|q| {
                let name = answer_field(q.id);
                let answer = match q.kind {
                    QuestionKind::MultipleChoice => Answer::Many(all(&name)),
                    QuestionKind::File => match uploaded.iter().find(|(id, _)| *id == q.id) {
                        Some((_, file)) => Answer::File(file.clone()),
                        None if first(&format!("{name}_remove")) == "yes" => Answer::One(String::new()),
                        None => return None,
                    },
                    _ => Answer::One(first(&name)),
                };
                Some((q.id, answer))
            })
            .collect();
        PartEdit { answers, ..Default::default() }
    }

    /// `content` with this edit applied: text trimmed, themes and offers sorted without repeats,
    /// blank answers removed.
    pub fn apply(&self, content: &Content) -> Content {
        let mut next = content.clone();
        if let Some(title) = &self.title {
            next.title = title.trim().to_string();
        }
        if let Some(summary) = &self.summary {
            next.summary = summary.trim().to_string();
        }
        if let Some(themes) = &self.themes {
            next.themes = themes.clone();
            next.themes.sort();
            next.themes.dedup();
        }
        if let Some(offers) = &self.offers {
            next.offers = offers.clone();
            next.offers.sort();
            next.offers.dedup();
        }
        for (question, answer) in &self.answers {
            if answer.is_blank() {
                next.answers.remove(question);
            } else {
                next.answers.insert(*question, answer.clone());
            }
        }
        next
    }
}

/// Which field of a submission changed between two versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Changed {
    Title,
    Summary,
    Themes,
    Offers,
    /// A question's answer, named by the question's label.
    Answer(String),
}

impl Changed {
    /// The Fluent key of the field's name (an answer is named by its question instead).
    pub fn label_key(&self) -> Option<&'static str> {
        match self {
            Changed::Title => Some("field-submission-title"),
            Changed::Summary => Some("field-submission-summary"),
            Changed::Themes => Some("field-submission-themes"),
            Changed::Offers => Some("field-submission-offers"),
            Changed::Answer(_) => None,
        }
    }

    /// For a set (themes, offers), the Fluent key of the note that says it changed.
    pub fn note_key(&self) -> Option<&'static str> {
        match self {
            Changed::Themes => Some("history-themes-changed"),
            Changed::Offers => Some("history-offers-changed"),
            _ => None,
        }
    }
}

/// One field that differs between two versions: its text with the words added and removed
/// marked. Themes and offers are sets, so they only say that they changed (no segments).
#[derive(Clone, Debug)]
pub struct Change {
    pub field: Changed,
    pub segments: Vec<(DiffKind, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffKind {
    Same,
    Added,
    Removed,
}

/// Word-level difference (`similar`'s word diff), with neighbouring pieces of the same kind joined.
fn word_diff(before: &str, after: &str) -> Vec<(DiffKind, String)> {
    let mut segments: Vec<(DiffKind, String)> = Vec::new();
    for change in similar::TextDiff::from_words(before, after).iter_all_changes() {
        let kind = match change.tag() {
            similar::ChangeTag::Equal => DiffKind::Same,
            similar::ChangeTag::Insert => DiffKind::Added,
            similar::ChangeTag::Delete => DiffKind::Removed,
        };
        match segments.last_mut() {
            Some((last, text)) if *last == kind => text.push_str(change.value()),
            _ => segments.push((kind, change.value().to_string())),
        }
    }
    segments
}

/// The fields that differ between `before` and `after`, in form order.
pub fn changes(form: &FormParts, before: &Content, after: &Content) -> Vec<Change> {
    let mut texts = vec![
        (Changed::Title, before.title.clone(), after.title.clone()),
        (Changed::Summary, before.summary.clone(), after.summary.clone()),
    ];
    for question in form.questions() {
        let text = |c: &Content| c.answers.get(&question.id).map(Answer::text).unwrap_or_default();
        texts.push((Changed::Answer(question.label.clone()), text(before), text(after)));
    }
    let mut changes: Vec<Change> = texts
        .into_iter()
        .filter(|(_, b, a)| b != a)
        .map(|(field, before, after)| Change { segments: word_diff(&before, &after), field })
        .collect();
    if before.themes != after.themes {
        changes.push(Change { field: Changed::Themes, segments: Vec::new() });
    }
    if before.offers != after.offers {
        changes.push(Change { field: Changed::Offers, segments: Vec::new() });
    }
    changes
}

/// A plain-text copy of every answer, in form order, for the receipt email.
pub fn plain_copy(lang: Lang, form: &FormParts, content: &Content) -> String {
    let mut copy = format!(
        "{}\n{}\n\n{}\n{}\n",
        lang.t("field-submission-title"),
        content.title,
        lang.t("field-submission-summary"),
        content.summary
    );
    for section in form.sections() {
        if !section.title.is_empty() {
            copy.push_str(&format!("\n== {} ==\n", section.title));
        }
        for question in &section.questions {
            let answer = content.answers.get(&question.id).map(Answer::text).unwrap_or_else(|| lang.t("answer-none"));
            copy.push_str(&format!("\n{}\n{}\n", question.label, answer));
        }
    }
    copy
}

/// A problem found when checking a whole submission: the field (`title`, `summary`, `themes`,
/// `offers` or `q_<question id>`) and the message key, with arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub code: &'static str,
    pub args: Vec<(&'static str, String)>,
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
mod tests {
    use super::*;

    fn question(kind: &str, required: bool, word_limit: Option<i32>, options: &[&str]) -> Question {
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
        for (from, to) in
            [(Draft, Withdrawn), (Submitted, Draft), (Withdrawn, Draft), (Withdrawn, Submitted), (Draft, Draft)]
        {
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

    #[test]
    fn a_word_diff_marks_what_was_added_and_removed() {
        let diff = word_diff("digital by default", "digital by default without leaving anyone behind");
        assert!(diff.iter().any(|(k, t)| *k == DiffKind::Added && t.contains("leaving")));
        assert!(diff.iter().all(|(k, _)| *k != DiffKind::Removed));
    }

    #[test]
    fn a_part_edit_changes_only_its_own_fields() {
        let mut content = Content { title: "Old".into(), summary: "Kept".into(), ..Default::default() };
        let question = QuestionId::new();
        content.answers.insert(question, Answer::One("answer".into()));
        let edit = PartEdit {
            title: Some(" New ".into()),
            answers: vec![(question, Answer::One("  ".into()))],
            ..Default::default()
        };
        let next = edit.apply(&content);
        assert_eq!(next.title, "New");
        assert_eq!(next.summary, "Kept");
        assert!(next.answers.is_empty(), "a blank answer removes the saved one");
    }

    #[test]
    fn parts_are_numbered_from_about_and_fields_find_their_part() {
        let mut first = question("short_text", true, None, &[]);
        first.section = "The problem".into();
        let mut second = question("single_choice", true, None, &["A", "B"]);
        second.section = "Your team".into();
        let form = FormParts::new(vec![first.clone(), second.clone()]);
        assert_eq!(form.count(), 3);
        assert!(form.has(2) && !form.has(3));
        assert!(form.section(0).is_none());
        assert_eq!(form.section(2).map(|s| s.title.as_str()), Some("Your team"));
        assert_eq!(form.part_of(&answer_field(second.id)), 2);
        assert_eq!(form.part_of("summary"), 0);
        let content = Content { title: "A title".into(), ..Default::default() };
        let states: Vec<PartState> = form.progress(&content, false).iter().map(|p| p.state).collect();
        assert_eq!(states, [PartState::Incomplete, PartState::NotStarted, PartState::NotStarted]);
    }

    #[test]
    fn a_posted_part_becomes_an_edit_of_its_own_questions() {
        let many = question("multiple_choice", false, None, &["A", "B"]);
        let file = question("file", false, None, &[]);
        let form = FormParts::new(vec![many.clone(), file.clone()]);
        let pairs: Vec<(String, String)> = [
            (answer_field(many.id), "A".to_string()),
            (answer_field(many.id), "B".to_string()),
            (format!("{}_remove", answer_field(file.id)), "yes".to_string()),
            ("title".to_string(), "ignored outside part 0".to_string()),
        ]
        .into();
        let edit = PartEdit::from_form(&form, 1, &pairs, &[], false);
        assert_eq!(edit.title, None);
        assert_eq!(
            edit.answers,
            vec![(many.id, Answer::Many(vec!["A".into(), "B".into()])), (file.id, Answer::One(String::new()))]
        );
        let about = PartEdit::from_form(&form, 0, &[("title".into(), "T".into())], &[], false);
        assert_eq!((about.title.as_deref(), about.offers), (Some("T"), None));
    }
}
