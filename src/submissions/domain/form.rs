//! The call's form as the task list divides it into parts, and an edit of one part as a browser
//! posts it.

use super::{Answer, Content, Problem, check_complete};
use crate::calls::domain::{Question, QuestionKind, Section, sections};
use crate::ids::{QuestionId, SubmissionId, ThemeId};
use crate::submissions::attachments::FileRef;

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

    /// The problems the checks at submit find in part `part`. Without `with_missing`, only
    /// answers given that cannot be accepted (too many words, a malformed date…), which a part's
    /// page always shows; with it, also what is not answered yet ("Check your answers" links).
    pub fn part_problems(
        &self,
        part: usize,
        content: &Content,
        needs_offers: bool,
        with_missing: bool,
    ) -> Vec<Problem> {
        let questions: Vec<Question> = self.section(part).map(|s| s.questions.clone()).unwrap_or_default();
        check_complete(content, &questions, needs_offers)
            .into_iter()
            .filter(|p| self.part_of(&p.field) == part)
            .filter(|p| with_missing || !p.is_missing())
            .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::submissions::domain::tests::question;

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
