//! Affinity between a selected challenge and a selected solution provider: a score in 0–1 built
//! from named components with staff-set weights, each score with its explanation. A pure
//! function over plain data (no database, no HTTP), as `selection::assignment` is.
//!
//! The components:
//! - **text**: the cosine similarity of the challenge's text (problem, who is affected, outcome
//!   sought) and the provider's experience, as TF-IDF vectors of word stems. Words are lowercased,
//!   split at anything that is not a letter or a digit, stripped of the language's commonest
//!   words, and stemmed with the Snowball stemmer of the text's language (English, French,
//!   Spanish or Portuguese; `rust-stemmers`). Term weights are `1 + ln(tf)` (sublinear term
//!   frequency) times the BM25 inverse document frequency `ln(1 + (N − df + 0.5) / (df + 0.5))`
//!   over every challenge and provider text (Robertson & Zaragoza, *The Probabilistic Relevance
//!   Framework: BM25 and Beyond*, 2009), which stays positive for a word every text uses.
//! - **themes**: the Jaccard similarity of the two sets of themes, |A ∩ B| / |A ∪ B| (0 when both
//!   are empty).
//! - **chosen**: 1 when the provider chose this challenge in its submission, else 0.
//!
//! The score is the weighted mean `Σ wᵢ·cᵢ / Σ wᵢ`; the explanation gives each component's share
//! `wᵢ·cᵢ / Σ wᵢ`, so the shares add up to the score, with the shared terms that weigh most in
//! the text similarity and the shared themes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_stemmers::{Algorithm, Stemmer};

/// The languages whose words are stemmed (the programme's four).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    English,
    French,
    Spanish,
    Portuguese,
}

impl Language {
    pub const ALL: [Language; 4] = [Language::English, Language::French, Language::Spanish, Language::Portuguese];

    fn algorithm(self) -> Algorithm {
        match self {
            Language::English => Algorithm::English,
            Language::French => Algorithm::French,
            Language::Spanish => Algorithm::Spanish,
            Language::Portuguese => Algorithm::Portuguese,
        }
    }

    /// The language's commonest words, left out of the vectors (and used to tell the language).
    fn stop_words(self) -> &'static [&'static str] {
        match self {
            Language::English => &[
                "a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "in", "into",
                "is", "it", "its", "of", "on", "or", "our", "that", "the", "their", "them", "they", "this", "to",
                "was", "we", "were", "which", "who", "will", "with",
            ],
            Language::French => &[
                "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "est", "et", "il", "ils",
                "la", "le", "les", "leur", "leurs", "mais", "nous", "ou", "par", "pas", "pour", "qui", "que", "sa",
                "se", "ses", "son", "sont", "sur", "un", "une",
            ],
            Language::Spanish => &[
                "al", "como", "con", "de", "del", "el", "en", "es", "esta", "este", "la", "las", "lo", "los", "más",
                "no", "nos", "o", "para", "pero", "por", "que", "se", "sin", "su", "sus", "son", "un", "una", "y",
            ],
            Language::Portuguese => &[
                "ao", "aos", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "em", "está", "mais", "na",
                "nas", "no", "nos", "o", "os", "ou", "para", "pela", "pelo", "por", "que", "se", "seu", "sua", "um",
                "uma",
            ],
        }
    }

    /// The language whose commonest words the text uses most (English on a tie or none): enough
    /// to pick a stemmer for a paragraph written by a government team.
    pub fn guess(text: &str) -> Language {
        let words: Vec<String> = words(text).collect();
        let mut best = (0usize, Language::English);
        for language in Language::ALL {
            let stop = language.stop_words();
            let count = words.iter().filter(|w| stop.contains(&w.as_str())).count();
            if count > best.0 {
                best = (count, language);
            }
        }
        best.1
    }
}

/// The lowercased words of a text: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

/// A text to compare, with its language (`None`: guessed from the text).
#[derive(Clone, Debug)]
pub struct Text {
    pub body: String,
    pub language: Option<Language>,
}

/// A text as a vector of stems, each with its TF-IDF weight, normalised to length 1.
#[derive(Clone, Debug, Default)]
struct Vector {
    /// (term index, weight), by term index.
    weights: Vec<(u32, f64)>,
}

/// The TF-IDF vectors of every challenge's and provider's text, over one vocabulary.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// Per term index: the word it was first seen as (what an explanation shows).
    surface: Vec<String>,
    challenges: Vec<Vector>,
    providers: Vec<Vector>,
}

impl Corpus {
    /// Builds the vectors of `challenges` and `providers` (the document frequencies count both).
    pub fn build(challenges: &[Text], providers: &[Text]) -> Corpus {
        let stemmers: HashMap<Language, Stemmer> =
            Language::ALL.iter().map(|l| (*l, Stemmer::create(l.algorithm()))).collect();
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        let mut surface: Vec<String> = Vec::new();
        let mut counts = |text: &Text| -> BTreeMap<u32, u32> {
            let language = text.language.unwrap_or_else(|| Language::guess(&text.body));
            let stop = language.stop_words();
            let stemmer = &stemmers[&language];
            let mut counts = BTreeMap::new();
            for word in words(&text.body) {
                if word.chars().count() < 2 || stop.contains(&word.as_str()) || word.chars().all(|c| c.is_numeric()) {
                    continue;
                }
                let stem = stemmer.stem(&word).into_owned();
                let next = vocabulary.len() as u32;
                let index = *vocabulary.entry(stem).or_insert_with(|| {
                    surface.push(word.clone());
                    next
                });
                *counts.entry(index).or_insert(0) += 1;
            }
            counts
        };
        let challenge_counts: Vec<_> = challenges.iter().map(&mut counts).collect();
        let provider_counts: Vec<_> = providers.iter().map(&mut counts).collect();
        let documents = (challenge_counts.len() + provider_counts.len()) as f64;
        let mut document_frequency = vec![0u32; surface.len()];
        for counts in challenge_counts.iter().chain(&provider_counts) {
            for term in counts.keys() {
                document_frequency[*term as usize] += 1;
            }
        }
        let idf: Vec<f64> = document_frequency
            .iter()
            .map(|&df| (1.0 + (documents - f64::from(df) + 0.5) / (f64::from(df) + 0.5)).ln())
            .collect();
        let vector = |counts: &BTreeMap<u32, u32>| {
            let mut weights: Vec<(u32, f64)> =
                counts.iter().map(|(&t, &tf)| (t, (1.0 + f64::from(tf).ln()) * idf[t as usize])).collect();
            let length = weights.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
            if length > 0.0 {
                weights.iter_mut().for_each(|(_, w)| *w /= length);
            }
            Vector { weights }
        };
        Corpus {
            challenges: challenge_counts.iter().map(vector).collect(),
            providers: provider_counts.iter().map(vector).collect(),
            surface,
        }
    }

    /// The cosine similarity of challenge `c`'s and provider `p`'s texts, 0–1, with the shared
    /// terms' contributions (which add up to it), largest first.
    fn compare(&self, c: usize, p: usize) -> (f64, Vec<(u32, f64)>) {
        let (a, b) = (&self.challenges[c].weights, &self.providers[p].weights);
        let (mut i, mut j) = (0, 0);
        let mut shared = Vec::new();
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared.push((a[i].0, a[i].1 * b[j].1));
                    i += 1;
                    j += 1;
                }
            }
        }
        let total = shared.iter().map(|(_, w)| w).sum::<f64>().min(1.0);
        shared.sort_by(|x, y| y.1.total_cmp(&x.1).then(self.surface[x.0 as usize].cmp(&self.surface[y.0 as usize])));
        (total, shared)
    }

    /// The text similarity of challenge `c` and provider `p`, 0–1.
    pub fn similarity(&self, c: usize, p: usize) -> f64 {
        self.compare(c, p).0
    }
}

/// What one side brings besides its text.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// Theme identifiers.
    pub themes: BTreeSet<String>,
}

/// The staff-set weight of each component (any non-negative numbers; only their ratios count).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Weights {
    pub text: f64,
    pub themes: f64,
    pub chosen: f64,
}

impl Default for Weights {
    /// Text first, then themes, then the provider's own choice.
    fn default() -> Self {
        Weights { text: 0.6, themes: 0.25, chosen: 0.15 }
    }
}

/// One component of an affinity: its value (0–1) and its share of the score (its weight times
/// its value over the sum of the weights).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Component {
    pub value: f64,
    pub share: f64,
}

/// An affinity and how it came about.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Explanation {
    /// 0–1: the sum of the components' shares.
    pub score: f64,
    pub text: Component,
    pub themes: Component,
    pub chosen: Component,
    /// The shared words that weigh most in the text similarity (as first written), with their
    /// contributions to it, largest first (at most five).
    pub shared_terms: Vec<(String, f64)>,
    /// The themes both sides have, in order.
    pub shared_themes: Vec<String>,
}

/// How many shared terms an explanation names.
pub const SHARED_TERMS: usize = 5;

/// The affinity of challenge `c` and provider `p`, explained. `chose` says whether the provider
/// chose the challenge in its submission. Weights that are all zero (or negative) give a score of 0.
pub fn affinity(
    corpus: &Corpus,
    weights: Weights,
    (c, challenge): (usize, &Facts),
    (p, provider): (usize, &Facts),
    chose: bool,
) -> Explanation {
    let (text, shared) = corpus.compare(c, p);
    let shared_themes: Vec<String> = challenge.themes.intersection(&provider.themes).cloned().collect();
    let union = challenge.themes.union(&provider.themes).count();
    let themes = if union == 0 { 0.0 } else { shared_themes.len() as f64 / union as f64 };
    let chosen = if chose { 1.0 } else { 0.0 };
    let (wt, wh, wc) = (weights.text.max(0.0), weights.themes.max(0.0), weights.chosen.max(0.0));
    let total = wt + wh + wc;
    let share = |w: f64, value: f64| if total > 0.0 { w * value / total } else { 0.0 };
    let text = Component { value: text, share: share(wt, text) };
    let themes = Component { value: themes, share: share(wh, themes) };
    let chosen = Component { value: chosen, share: share(wc, chosen) };
    Explanation {
        score: text.share + themes.share + chosen.share,
        text,
        themes,
        chosen,
        shared_terms: shared
            .iter()
            .take(SHARED_TERMS)
            .map(|(term, weight)| (corpus.surface[*term as usize].clone(), *weight))
            .collect(),
        shared_themes,
    }
}

/// A set of themes as bits over the themes both sides use.
type ThemeBits = Vec<u64>;

fn theme_bits(sides: [&[Facts]; 2]) -> [Vec<ThemeBits>; 2] {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for facts in sides.iter().flat_map(|side| side.iter()) {
        for theme in &facts.themes {
            let next = index.len();
            index.entry(theme.as_str()).or_insert(next);
        }
    }
    let words = index.len().div_ceil(64).max(1);
    sides.map(|side| {
        side.iter()
            .map(|facts| {
                let mut bits = vec![0u64; words];
                for theme in &facts.themes {
                    let at = index[theme.as_str()];
                    bits[at / 64] |= 1 << (at % 64);
                }
                bits
            })
            .collect()
    })
}

fn jaccard(a: &ThemeBits, b: &ThemeBits) -> f64 {
    let (mut both, mut either) = (0u32, 0u32);
    for (x, y) in a.iter().zip(b) {
        both += (x & y).count_ones();
        either += (x | y).count_ones();
    }
    if either == 0 { 0.0 } else { f64::from(both) / f64::from(either) }
}

/// Per challenge, its candidate providers with their scores, best first: the `n` of highest
/// affinity for it, and every provider for which it is among that provider's `n` best challenges
/// (by score, then index). These are the rows a large matching is solved over
/// (`matching::solver::Problem`): the lists from both sides keep a provider that many challenges
/// want within reach of the challenges it suits best. `chosen[j]` lists, sorted, the challenges
/// provider `j` chose. The text similarities come from an inverted index (each term's providers),
/// so the work per challenge is its terms' postings and one pass over the providers for themes and
/// choices; memory stays at about `2n` per challenge. Scores equal [`affinity`]'s.
pub fn top_candidates(
    corpus: &Corpus,
    weights: Weights,
    challenges: &[Facts],
    providers: &[Facts],
    chosen: &[Vec<usize>],
    n: usize,
) -> Vec<Vec<(usize, f64)>> {
    let m = providers.len();
    let mut postings: Vec<Vec<(u32, f64)>> = vec![Vec::new(); corpus.surface.len()];
    for (j, vector) in corpus.providers.iter().enumerate() {
        for &(term, weight) in &vector.weights {
            postings[term as usize].push((j as u32, weight));
        }
    }
    let [challenge_themes, provider_themes] = theme_bits([challenges, providers]);
    let (wt, wh, wc) = (weights.text.max(0.0), weights.themes.max(0.0), weights.chosen.max(0.0));
    let total = wt + wh + wc;
    // Best first: higher score, then lower index; a heap keeps each provider's worst on top.
    let better = |a: (f64, usize), b: (f64, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    let mut provider_best: Vec<std::collections::BinaryHeap<Ranked>> = vec![std::collections::BinaryHeap::new(); m];
    let mut text = vec![0.0f64; m];
    let mut rows: Vec<Vec<(usize, f64)>> = Vec::with_capacity(challenges.len());
    for (i, (vector, themes_of_challenge)) in corpus.challenges.iter().zip(&challenge_themes).enumerate() {
        text.iter_mut().for_each(|t| *t = 0.0);
        for &(term, weight) in &vector.weights {
            for &(j, other) in &postings[term as usize] {
                text[j as usize] += weight * other;
            }
        }
        let mut scored: Vec<(usize, f64)> = (0..m)
            .map(|j| {
                if total <= 0.0 {
                    return (j, 0.0);
                }
                let themes = jaccard(themes_of_challenge, &provider_themes[j]);
                let chose = if chosen.get(j).is_some_and(|c| c.binary_search(&i).is_ok()) { 1.0 } else { 0.0 };
                (j, (wt * text[j].min(1.0) + wh * themes + wc * chose) / total)
            })
            .collect();
        for &(j, score) in &scored {
            let heap = &mut provider_best[j];
            let ranked = Ranked { score, index: i };
            // Most pairs are worse than a full list's worst: one comparison, no push.
            if heap.len() < n {
                heap.push(ranked);
            } else if heap.peek().is_some_and(|worst| ranked < *worst) {
                heap.pop();
                heap.push(ranked);
            }
        }
        let keep = n.min(m);
        let order = |a: &(usize, f64), b: &(usize, f64)| better((a.1, a.0), (b.1, b.0));
        if keep < m {
            scored.select_nth_unstable_by(keep, order);
            scored.truncate(keep);
            // Keep `keep` places, not the `m` scored: a row per challenge adds up.
            scored.shrink_to_fit();
        }
        rows.push(scored);
    }
    // Add each provider to the rows of its own best challenges.
    let scores_kept: Vec<std::collections::HashSet<usize>> =
        rows.iter().map(|row| row.iter().map(|(j, _)| *j).collect()).collect();
    for (j, heap) in provider_best.into_iter().enumerate() {
        for Ranked { score, index: i } in heap {
            if !scores_kept[i].contains(&j) {
                rows[i].push((j, score));
            }
        }
    }
    for row in &mut rows {
        row.sort_by(|a, b| better((a.1, a.0), (b.1, b.0)));
    }
    rows
}

/// A challenge in a provider's list of best challenges; the heap's top is the worst kept.
#[derive(Clone, Copy, Debug)]
struct Ranked {
    score: f64,
    index: usize,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    /// Worse is greater: a lower score, or the same score and a higher index.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.score.total_cmp(&self.score).then(self.index.cmp(&other.index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(body: &str) -> Text {
        Text { body: body.to_string(), language: None }
    }

    fn themes(list: &[&str]) -> Facts {
        Facts { themes: list.iter().map(|t| t.to_string()).collect() }
    }

    #[test]
    fn languages_are_told_by_their_commonest_words() {
        assert_eq!(Language::guess("The people who need public services most"), Language::English);
        assert_eq!(Language::guess("Les services publics pour les personnes et les familles"), Language::French);
        assert_eq!(Language::guess("Los servicios públicos para las personas y las familias"), Language::Spanish);
        assert_eq!(Language::guess("Os serviços públicos para as pessoas e as famílias"), Language::Portuguese);
        assert_eq!(Language::guess("12345"), Language::English);
    }

    #[test]
    fn word_forms_meet_in_their_stem_and_common_words_weigh_nothing() {
        let corpus = Corpus::build(
            &[text("Citizens participating in budgets"), text("Digital identity for rural residents")],
            &[text("We ran participatory budgeting with citizens"), text("Data rooms for officials")],
        );
        let (similarity, shared) = corpus.compare(0, 0);
        assert!(similarity > 0.3, "{similarity}");
        let terms: Vec<&str> = shared.iter().map(|(t, _)| corpus.surface[*t as usize].as_str()).collect();
        assert!(terms.contains(&"citizens") && terms.contains(&"budgets"), "{terms:?}");
        assert_eq!(corpus.similarity(1, 1), 0.0, "nothing shared");
        // French text meets French text through the French stemmer.
        let french = Corpus::build(
            &[text("La participation des citoyens au budget de la ville")],
            &[text("Nous avons fait participer les citoyennes et les citoyens aux budgets")],
        );
        let (similarity, shared) = french.compare(0, 0);
        let terms: Vec<&str> = shared.iter().map(|(t, _)| french.surface[*t as usize].as_str()).collect();
        assert!(similarity > 0.1 && terms.contains(&"citoyens") && terms.contains(&"budget"), "{similarity} {terms:?}");
    }

    #[test]
    fn a_hand_computed_affinity() {
        // The same text on both sides (cosine 1), themes {a, b} and {b, c} (Jaccard 1/3), chosen:
        // 0.6·1 + 0.25·(1/3) + 0.15·1 = 0.8333…
        let corpus = Corpus::build(&[text("open budgets")], &[text("open budgets")]);
        let explained =
            affinity(&corpus, Weights::default(), (0, &themes(&["a", "b"])), (0, &themes(&["b", "c"])), true);
        assert!((explained.text.value - 1.0).abs() < 1e-9);
        assert!((explained.themes.value - 1.0 / 3.0).abs() < 1e-9);
        assert!((explained.score - (0.6 + 0.25 / 3.0 + 0.15)).abs() < 1e-9, "{}", explained.score);
        assert_eq!(explained.shared_themes, ["b"]);
        assert_eq!(explained.shared_terms.len(), 2);
        let zero = Weights { text: 0.0, themes: 0.0, chosen: 0.0 };
        assert_eq!(affinity(&corpus, zero, (0, &Facts::default()), (0, &Facts::default()), true).score, 0.0);
    }

    fn sentence() -> impl Strategy<Value = String> {
        let vocabulary =
            ["budget", "budgets", "citizen", "citizens", "data", "identity", "rural", "open", "the", "and"];
        prop::collection::vec(prop::sample::select(vocabulary.to_vec()), 0..12).prop_map(|w| w.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn the_explanation_adds_up_to_the_score_which_stays_between_0_and_1(
            challenge in sentence(),
            provider in sentence(),
            weights in (0.0f64..5.0, 0.0f64..5.0, 0.0f64..5.0),
            chose in any::<bool>(),
            challenge_themes in prop::collection::btree_set("[a-d]", 0..4),
            provider_themes in prop::collection::btree_set("[a-d]", 0..4),
        ) {
            let corpus = Corpus::build(&[text(&challenge)], &[text(&provider)]);
            let weights = Weights { text: weights.0, themes: weights.1, chosen: weights.2 };
            let explained = affinity(
                &corpus,
                weights,
                (0, &Facts { themes: challenge_themes }),
                (0, &Facts { themes: provider_themes }),
                chose,
            );
            let shares = explained.text.share + explained.themes.share + explained.chosen.share;
            prop_assert!((shares - explained.score).abs() < 1e-12);
            prop_assert!((0.0..=1.0 + 1e-12).contains(&explained.score));
            let terms: f64 = corpus.compare(0, 0).1.iter().map(|(_, w)| w).sum();
            prop_assert!((terms.min(1.0) - explained.text.value).abs() < 1e-9, "the terms add up to the text value");
        }

        #[test]
        fn the_candidates_are_the_best_by_the_same_scores_as_affinity(
            challenges in prop::collection::vec((sentence(), prop::collection::btree_set("[a-d]", 0..3)), 1..4),
            providers in prop::collection::vec((sentence(), prop::collection::btree_set("[a-d]", 0..3)), 1..6),
            keep in 1usize..7,
        ) {
            let corpus = Corpus::build(
                &challenges.iter().map(|(t, _)| text(t)).collect::<Vec<_>>(),
                &providers.iter().map(|(t, _)| text(t)).collect::<Vec<_>>(),
            );
            let challenge_facts: Vec<Facts> = challenges.iter().map(|(_, th)| Facts { themes: th.clone() }).collect();
            let provider_facts: Vec<Facts> = providers.iter().map(|(_, th)| Facts { themes: th.clone() }).collect();
            let chosen: Vec<Vec<usize>> = (0..providers.len()).map(|j| if j % 2 == 0 { vec![0] } else { vec![] }).collect();
            let top = top_candidates(&corpus, Weights::default(), &challenge_facts, &provider_facts, &chosen, keep);
            let score = |i: usize, j: usize| {
                affinity(&corpus, Weights::default(), (i, &challenge_facts[i]), (j, &provider_facts[j]), chosen[j].contains(&i)).score
            };
            // The keep-th best score of a list (0 when it is shorter).
            let threshold = |mut scores: Vec<f64>| {
                scores.sort_by(|a, b| b.total_cmp(a));
                scores.get(keep - 1).copied().unwrap_or(0.0)
            };
            for (i, row) in top.iter().enumerate() {
                // Each listed score is the pair's affinity.
                for (j, listed) in row {
                    prop_assert!((listed - score(i, *j)).abs() < 1e-9);
                }
                // Every provider clearly among the challenge's best, or with the challenge clearly
                // among its own best, is listed (by value: pairs within rounding may swap).
                let mine = threshold((0..providers.len()).map(|j| score(i, j)).collect());
                for j in 0..providers.len() {
                    let theirs = threshold((0..challenges.len()).map(|x| score(x, j)).collect());
                    let wanted = score(i, j) > mine + 1e-9 || score(i, j) > theirs + 1e-9;
                    prop_assert!(!wanted || row.iter().any(|(x, _)| *x == j), "provider {} missing from challenge {}", j, i);
                }
                prop_assert!(row.len() >= keep.min(providers.len()));
                prop_assert!(row.windows(2).all(|w| w[0].1 >= w[1].1), "best first");
            }
        }

        #[test]
        fn the_same_texts_give_the_same_affinity(challenge in sentence(), provider in sentence()) {
            let build = || Corpus::build(&[text(&challenge)], &[text(&provider)]);
            let facts = Facts::default();
            let first = affinity(&build(), Weights::default(), (0, &facts), (0, &facts), false);
            prop_assert_eq!(first, affinity(&build(), Weights::default(), (0, &facts), (0, &facts), false));
        }
    }
}
