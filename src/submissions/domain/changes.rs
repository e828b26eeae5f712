//! What changed between two versions of a submission, word by word, and the plain-text copy of
//! every answer that a receipt carries.

use std::collections::HashMap;

use super::{Answer, Content, FormParts};
use crate::i18n::Lang;
use crate::ids::{SubmissionId, ThemeId};

/// The names of what a submission chooses by id: its themes, and the challenges it offers to help
/// (by title), so that pages and differences name them.
#[derive(Clone, Debug, Default)]
pub struct ChoiceNames {
    pub themes: HashMap<ThemeId, String>,
    pub offers: HashMap<SubmissionId, String>,
}

impl ChoiceNames {
    /// The names of `content`'s themes and offers, A to Z; an id without a name (removed since)
    /// reads as its id.
    pub fn of(&self, content: &Content) -> (Vec<String>, Vec<String>) {
        let mut themes: Vec<String> = content.themes.iter().map(|id| self.theme(id)).collect();
        let mut offers: Vec<String> = content.offers.iter().map(|id| self.offer(id)).collect();
        // A to Z, as a list shows them, whatever order they were ticked in.
        themes.sort_by_key(|name| name.to_lowercase());
        offers.sort_by_key(|name| name.to_lowercase());
        (themes, offers)
    }
    fn theme(&self, id: &ThemeId) -> String {
        self.themes.get(id).cloned().unwrap_or_else(|| id.to_string())
    }
    fn offer(&self, id: &SubmissionId) -> String {
        self.offers.get(id).cloned().unwrap_or_else(|| id.to_string())
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
}

/// One field that differs between two versions: its text with the words added and removed
/// marked; for themes and offers, their names, those added and removed marked.
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

/// The members of a set before and after, named, as segments: kept, added and removed, separated
/// by commas (the order of `after`, then what was removed).
fn set_diff<T: PartialEq>(before: &[T], after: &[T], name: impl Fn(&T) -> String) -> Vec<(DiffKind, String)> {
    let kept_or_added =
        after.iter().map(|item| (if before.contains(item) { DiffKind::Same } else { DiffKind::Added }, item));
    let removed = before.iter().filter(|item| !after.contains(item)).map(|item| (DiffKind::Removed, item));
    let mut segments = Vec::new();
    for (index, (kind, item)) in kept_or_added.chain(removed).enumerate() {
        if index > 0 {
            segments.push((DiffKind::Same, ", ".to_string()));
        }
        segments.push((kind, name(item)));
    }
    segments
}

/// The fields that differ between `before` and `after`, in form order, themes and offers named
/// by `names`.
pub fn changes(form: &FormParts, before: &Content, after: &Content, names: &ChoiceNames) -> Vec<Change> {
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
        let segments = set_diff(&before.themes, &after.themes, |id| names.theme(id));
        changes.push(Change { field: Changed::Themes, segments });
    }
    if before.offers != after.offers {
        let segments = set_diff(&before.offers, &after.offers, |id| names.offer(id));
        changes.push(Change { field: Changed::Offers, segments });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_diff_names_what_was_kept_added_and_removed() {
        let diff = set_diff(&[1, 2], &[2, 3], |n| format!("t{n}"));
        assert_eq!(
            diff,
            vec![
                (DiffKind::Same, "t2".into()),
                (DiffKind::Same, ", ".into()),
                (DiffKind::Added, "t3".into()),
                (DiffKind::Same, ", ".into()),
                (DiffKind::Removed, "t1".into()),
            ]
        );
    }

    #[test]
    fn a_word_diff_marks_what_was_added_and_removed() {
        let diff = word_diff("digital by default", "digital by default without leaving anyone behind");
        assert!(diff.iter().any(|(k, t)| *k == DiffKind::Added && t.contains("leaving")));
        assert!(diff.iter().all(|(k, _)| *k != DiffKind::Removed));
    }
}
