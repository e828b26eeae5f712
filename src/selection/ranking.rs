//! Aggregation of a round's submitted reviews into a ranked table: a pure function over plain
//! numbers, so that the page, the JSON and the CSV rank alike and the arithmetic can be checked
//! by hand.
//!
//! - A review's **total** is the weighted mean of its scores, each first placed on 0–100 by its
//!   criterion's scale: `100 × Σ wᶜ (sᶜ − minᶜ)/(maxᶜ − minᶜ) / Σ wᶜ` over the criteria scored.
//! - An entry's **total** is the mean of its reviews' totals; its **criterion means** are the
//!   plain means of each criterion's scores, on the criterion's own scale.
//! - **Disagreement**: the spread (highest minus lowest review total, points of 100) reaches the
//!   round's threshold.
//! - **Normalised score**: each review total as a standard score (z-score) against the same
//!   reviewer's totals in the round, `(t − μʳ)/σʳ` with the population standard deviation, then
//!   the mean per entry. It corrects for harsh and lenient reviewers (the standard score of
//!   statistics, as conference review systems use it to calibrate reviewers). A reviewer whose
//!   totals do not vary (one review, or all equal) says nothing about relative merit: their
//!   z-scores are 0.
//! - **Ranks** are standard competition ranks ("1224"): equal scores share a rank.

/// One criterion of the rubric: its weight and the ends of its scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// A positive weight; only the ratio between criteria matters.
    pub weight: f64,
    pub min: i32,
    pub max: i32,
}

/// A submitted review: who reviewed which entry, and a score per criterion in the rubric's order
/// (`None` where the reviewer gave none).
#[derive(Clone, Debug, PartialEq)]
pub struct ScoredReview {
    pub entry: usize,
    pub reviewer: usize,
    pub scores: Vec<Option<i32>>,
}

/// One row of the ranked table.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    pub entry: usize,
    /// Submitted reviews counted.
    pub reviews: usize,
    /// Mean of the reviews' totals, 0–100; `None` without reviews.
    pub total: Option<f64>,
    /// Per criterion, the mean score on its scale; `None` where nobody scored it.
    pub criterion_means: Vec<Option<f64>>,
    /// Highest minus lowest review total (points of 100); 0 with fewer than two reviews.
    pub spread: f64,
    /// Whether the spread reaches the round's threshold.
    pub disagreement: bool,
    /// Mean of the reviews' z-scores; `None` without reviews.
    pub normalised: Option<f64>,
    /// Competition rank by `total` (1 is best); entries without reviews come last, unranked.
    pub rank: Option<usize>,
    /// Competition rank by `normalised`.
    pub normalised_rank: Option<usize>,
}

/// A review's total on 0–100, or `None` when it scored no criterion.
pub fn review_total(scales: &[Scale], scores: &[Option<i32>]) -> Option<f64> {
    let mut weighted = 0.0;
    let mut weights = 0.0;
    for (scale, score) in scales.iter().zip(scores) {
        let Some(score) = score else { continue };
        let width = f64::from(scale.max - scale.min);
        let placed = if width > 0.0 { f64::from(score - scale.min) / width } else { 1.0 };
        weighted += scale.weight * placed;
        weights += scale.weight;
    }
    (weights > 0.0).then(|| 100.0 * weighted / weights)
}

/// Ranks `entries` entries (indices `0..entries`) from their submitted reviews. Rows come out in
/// rank order (then by entry index); `disagreement_at` is the spread, in points of 100, from
/// which reviewers are said to disagree.
pub fn rank(scales: &[Scale], reviews: &[ScoredReview], entries: usize, disagreement_at: f64) -> Vec<Ranked> {
    let totals: Vec<Option<f64>> = reviews.iter().map(|r| review_total(scales, &r.scores)).collect();

    // Each reviewer's mean and standard deviation over their totals in the round.
    let mut by_reviewer: std::collections::BTreeMap<usize, Vec<f64>> = Default::default();
    for (review, total) in reviews.iter().zip(&totals) {
        if let Some(total) = total {
            by_reviewer.entry(review.reviewer).or_default().push(*total);
        }
    }
    let calibration: std::collections::BTreeMap<usize, (f64, f64)> =
        by_reviewer.into_iter().map(|(reviewer, totals)| (reviewer, mean_and_deviation(&totals))).collect();

    // Each entry's reviews with a total, found in one pass (a round has thousands of each).
    let mut by_entry: Vec<Vec<(&ScoredReview, f64)>> = vec![Vec::new(); entries];
    for (review, total) in reviews.iter().zip(&totals) {
        if let (Some(total), Some(slot)) = (total, by_entry.get_mut(review.entry)) {
            slot.push((review, *total));
        }
    }

    let mut rows: Vec<Ranked> = by_entry
        .into_iter()
        .enumerate()
        .map(|(entry, mine)| {
            let entry_totals: Vec<f64> = mine.iter().map(|(_, t)| *t).collect();
            let z: Vec<f64> = mine
                .iter()
                .map(|(r, t)| {
                    let (mean, deviation) = calibration[&r.reviewer];
                    if deviation > 0.0 { (t - mean) / deviation } else { 0.0 }
                })
                .collect();
            let criterion_means = (0..scales.len())
                .map(|c| {
                    let scores: Vec<f64> =
                        mine.iter().filter_map(|(r, _)| r.scores.get(c).copied().flatten()).map(f64::from).collect();
                    mean(&scores)
                })
                .collect();
            let spread =
                match (entry_totals.iter().copied().reduce(f64::max), entry_totals.iter().copied().reduce(f64::min)) {
                    (Some(high), Some(low)) => high - low,
                    _ => 0.0,
                };
            Ranked {
                entry,
                reviews: mine.len(),
                total: mean(&entry_totals),
                criterion_means,
                spread,
                disagreement: mine.len() > 1 && spread >= disagreement_at,
                normalised: mean(&z),
                rank: None,
                normalised_rank: None,
            }
        })
        .collect();

    let ranks = competition_ranks(&rows.iter().map(|r| r.total).collect::<Vec<_>>());
    let normalised_ranks = competition_ranks(&rows.iter().map(|r| r.normalised).collect::<Vec<_>>());
    for ((row, rank), normalised_rank) in rows.iter_mut().zip(ranks).zip(normalised_ranks) {
        row.rank = rank;
        row.normalised_rank = normalised_rank;
    }
    rows.sort_by_key(|r| (r.rank.is_none(), r.rank, r.entry));
    rows
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Mean and population standard deviation.
fn mean_and_deviation(values: &[f64]) -> (f64, f64) {
    let mean = mean(values).unwrap_or(0.0);
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len().max(1) as f64;
    (mean, variance.sqrt())
}

/// Standard competition ranks, highest value first; values equal to 1e-9 share a rank. One
/// sort, then a binary search per value: O(n log n).
fn competition_ranks(values: &[Option<f64>]) -> Vec<Option<usize>> {
    let mut sorted: Vec<f64> = values.iter().flatten().copied().collect();
    sorted.sort_by(|a, b| b.total_cmp(a));
    values.iter().map(|value| value.map(|v| 1 + sorted.partition_point(|other| *other > v + 1e-9))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scales() -> Vec<Scale> {
        // Relevance counts twice as much as feasibility; both on 1–5.
        vec![Scale { weight: 2.0, min: 1, max: 5 }, Scale { weight: 1.0, min: 1, max: 5 }]
    }

    fn review(entry: usize, reviewer: usize, a: i32, b: i32) -> ScoredReview {
        ScoredReview { entry, reviewer, scores: vec![Some(a), Some(b)] }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_review_total_is_the_weighted_mean_on_a_hundred() {
        // (2 × 4/4 + 1 × 2/4) / 3 = 2.5 / 3 → 83.33…
        let total = review_total(&scales(), &[Some(5), Some(3)]).unwrap();
        assert!(close(total, 250.0 / 3.0), "{total}");
        // Only the second criterion scored: 2/4 → 50.
        assert!(close(review_total(&scales(), &[None, Some(3)]).unwrap(), 50.0));
        assert_eq!(review_total(&scales(), &[None, None]), None);
    }

    #[test]
    fn hand_computed_round() {
        // Reviewer 0 is lenient, reviewer 1 harsh. Entry 0: totals 100 (r0) and 50 (r1);
        // entry 1: 75 (r0) and 0 (r1); entry 2: no reviews.
        let reviews = vec![review(0, 0, 5, 5), review(0, 1, 3, 3), review(1, 0, 4, 4), review(1, 1, 1, 1)];
        let rows = rank(&scales(), &reviews, 3, 40.0);
        assert_eq!(rows.iter().map(|r| r.entry).collect::<Vec<_>>(), [0, 1, 2]);
        let first = &rows[0];
        assert!(close(first.total.unwrap(), 75.0));
        assert_eq!(first.criterion_means, vec![Some(4.0), Some(4.0)]);
        assert!(close(first.spread, 50.0));
        assert!(first.disagreement);
        // r0: totals 100, 75 → mean 87.5, σ 12.5; r1: 50, 0 → mean 25, σ 25. Entry 0's
        // z-scores are +1 and +1, entry 1's −1 and −1.
        assert!(close(first.normalised.unwrap(), 1.0));
        assert!(close(rows[1].normalised.unwrap(), -1.0));
        assert!(close(rows[1].total.unwrap(), 37.5));
        assert!(close(rows[1].spread, 75.0));
        assert_eq!((first.rank, first.normalised_rank), (Some(1), Some(1)));
        assert_eq!(rows[1].rank, Some(2));
        let unreviewed = &rows[2];
        assert_eq!((unreviewed.reviews, unreviewed.total, unreviewed.rank), (0, None, None));
        assert!(!unreviewed.disagreement);
    }

    #[test]
    fn normalising_reorders_when_a_harsh_reviewer_scored_the_better_entry() {
        // Entry 0 was reviewed only by the harsh reviewer 1 and got their best total (50); entry
        // 1 only by the lenient reviewer 0 and got their worst (75). Raw: 1 before 0.
        // Normalised: entry 0 is +1 for reviewer 1, entry 1 is −1 for reviewer 0.
        let reviews = vec![review(0, 1, 3, 3), review(2, 1, 1, 1), review(1, 0, 4, 4), review(3, 0, 5, 5)];
        let rows = rank(&scales(), &reviews, 4, 40.0);
        let row = |e: usize| rows.iter().find(|r| r.entry == e).unwrap();
        assert_eq!(row(1).rank, Some(2));
        assert_eq!(row(0).rank, Some(3));
        assert_eq!(row(0).normalised_rank, Some(1));
        assert_eq!(row(3).normalised_rank, Some(1));
        assert_eq!(row(1).normalised_rank, Some(3));
    }

    #[test]
    fn ranks_agree_with_their_definition_on_many_values() {
        // Rank = 1 + how many values are greater, ties shared; checked against that definition.
        let values: Vec<Option<f64>> =
            (0..500).map(|i| if i % 7 == 0 { None } else { Some(f64::from((i * 37) % 101) / 4.0) }).collect();
        let ranks = competition_ranks(&values);
        for (value, rank) in values.iter().zip(&ranks) {
            let expected = value.map(|v| 1 + values.iter().flatten().filter(|o| **o > v + 1e-9).count());
            assert_eq!(*rank, expected);
        }
    }

    #[test]
    fn equal_totals_share_a_rank_and_one_review_never_disagrees() {
        let reviews = vec![review(0, 0, 4, 4), review(1, 1, 4, 4), review(2, 2, 1, 1)];
        let rows = rank(&scales(), &reviews, 3, 0.0);
        let ranks: Vec<_> = rows.iter().map(|r| r.rank).collect();
        assert_eq!(ranks, vec![Some(1), Some(1), Some(3)]);
        assert!(rows.iter().all(|r| !r.disagreement));
        // Each reviewer has one review: no calibration, every z-score is 0.
        assert!(rows.iter().all(|r| r.normalised == Some(0.0)));
    }
}
