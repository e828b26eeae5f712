//! Automatic assignment of reviewers to entries, as a minimum-cost flow: a pure function over
//! plain numbers (no database, no HTTP), so that matching can reuse the approach.
//!
//! The rules, in order of priority (each is a lexicographic level of one objective):
//! 1. **Coverage.** Every entry gets the reviews it still needs, as far as the conflicts allow (a
//!    maximum flow). An entry that cannot is reported in [`Assignment::shortfalls`].
//! 2. **Balance.** Reviewers' loads (what they already hold plus what they get) stay within one of
//!    each other where coverage allows: each ends with ⌊T/R⌋ or ⌈T/R⌉ assignments, T being all
//!    assignments held and needed and R the reviewers. Each load unit up to the floor earns a
//!    bonus, each unit past the ceiling pays the same amount as a penalty, and that amount is
//!    large enough that no preference outweighs it (the standard way to put bounds into a cost,
//!    Ahuja, Magnanti & Orlin, *Network Flows*, 1993, §2.4). The ceiling is not a hard capacity:
//!    when conflicts leave an entry only reviewers at the ceiling, one of them takes it rather
//!    than the entry going without.
//! 3. **Preferences.** The total cost of the pairs chosen is as small as possible; the caller
//!    prices each pair (a reviewer's "eager" cheaper than "rather not") and leaves out the pairs
//!    that may never be (conflicts, pairs already assigned).
//!
//! The network: source → entry (capacity: reviews needed, cost 0) → reviewer (capacity 1, the
//! pair's cost) → sink (capacity ⌊T/R⌋ − held at cost −B, then up to ⌈T/R⌉ − held at cost 0, then
//! the rest at cost +B).
//! It is solved with LEMON's primal network simplex (the `mcmf` crate). The same input always
//! gives the same output: the arcs are added in the order of the indices.

use mcmf::{Capacity, Cost, GraphBuilder, Vertex};

/// What to assign. Entries and reviewers are indices (`0..needs.len()`, `0..held.len()`); the
/// caller keeps what they stand for.
#[derive(Clone, Debug)]
pub struct Problem {
    /// Per entry: how many more reviews it needs (0 when it has enough).
    pub needs: Vec<u32>,
    /// Per reviewer: how many assignments they already hold in this round (kept as they are).
    pub held: Vec<u32>,
    /// Row-major `needs.len() × held.len()`: the cost of giving entry `e` to reviewer `r` at
    /// `e * held.len() + r`, or `None` where the pair may not be made (a conflict, a pair already
    /// assigned). Costs are small non-negative numbers, at most [`MAX_PAIR_COST`].
    pub costs: Vec<Option<u32>>,
}

/// The largest cost a pair may carry; larger ones are refused by [`assign`] (they would let a
/// preference outweigh the balance of loads in 32-bit arc costs).
pub const MAX_PAIR_COST: u32 = 1_000;

/// The solver's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    /// The new pairs `(entry, reviewer)`, ordered by entry then reviewer.
    pub pairs: Vec<(usize, usize)>,
    /// Entries that got fewer reviews than they needed: `(entry, reviews missing)`, by entry.
    pub shortfalls: Vec<(usize, u32)>,
    /// Per reviewer: the load after assignment (held plus new).
    pub loads: Vec<u32>,
    /// The sum of the chosen pairs' costs.
    pub cost: u64,
}

impl Assignment {
    /// Whether every reviewer's load is within one of every other's.
    pub fn balanced(&self) -> bool {
        match (self.loads.iter().min(), self.loads.iter().max()) {
            (Some(least), Some(most)) => most - least <= 1,
            _ => true,
        }
    }
}

/// Why a problem could not be solved as given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProblemError {
    #[error("the cost matrix has {found} cells, expected {expected}")]
    CostsShape { expected: usize, found: usize },
    #[error("a pair costs {0}, more than the largest allowed")]
    CostTooLarge(u32),
    #[error("the problem is too large for the solver's 32-bit arc costs")]
    TooLarge,
}

/// The load every reviewer should reach (`floor`) and may not pass (`ceiling`): the total of held
/// and needed assignments shared out as evenly as whole numbers allow.
pub fn load_targets(problem: &Problem) -> (u32, u32) {
    let reviewers = problem.held.len() as u64;
    if reviewers == 0 {
        return (0, 0);
    }
    let total: u64 = problem.held.iter().map(|&h| u64::from(h)).sum::<u64>()
        + problem.needs.iter().map(|&n| u64::from(n)).sum::<u64>();
    let floor = total / reviewers;
    let ceiling = total.div_ceil(reviewers);
    (floor as u32, ceiling as u32)
}

/// Assigns reviewers to entries by the three rules of the module's documentation.
///
/// Runs in about 0.6 s for 5,000 entries × 200 reviewers × 3 reviews each (a million arcs;
/// `docs/PERFORMANCE.md`). Errors: [`ProblemError`] when the cost matrix has the wrong shape or a
/// cost is out of range.
pub fn assign(problem: &Problem) -> Result<Assignment, ProblemError> {
    let entries = problem.needs.len();
    let reviewers = problem.held.len();
    if problem.costs.len() != entries * reviewers {
        return Err(ProblemError::CostsShape { expected: entries * reviewers, found: problem.costs.len() });
    }
    if let Some(too_large) = problem.costs.iter().flatten().find(|&&c| c > MAX_PAIR_COST) {
        return Err(ProblemError::CostTooLarge(*too_large));
    }
    let (floor, ceiling) = load_targets(problem);
    let units: u64 = problem.needs.iter().map(|&n| u64::from(n)).sum();
    // The floor's bonus must outweigh any difference in preference costs between two flows of
    // the same size: no more than every unit's largest cost.
    let bonus = (units + 1) * u64::from(MAX_PAIR_COST.max(1));
    let bonus = i32::try_from(bonus).map_err(|_| ProblemError::TooLarge)?;
    let needs_capacity = |n: u32| i32::try_from(n).map_err(|_| ProblemError::TooLarge);

    // Nodes: entries are 0..entries, reviewers entries..entries + reviewers.
    let mut graph = GraphBuilder::new();
    for (entry, &need) in problem.needs.iter().enumerate() {
        if need > 0 {
            graph.add_edge(Vertex::Source, entry, Capacity(needs_capacity(need)?), Cost(0));
        }
    }
    for entry in 0..entries {
        if problem.needs[entry] == 0 {
            continue;
        }
        for reviewer in 0..reviewers {
            if let Some(cost) = problem.costs[entry * reviewers + reviewer] {
                graph.add_edge(entry, entries + reviewer, Capacity(1), Cost(cost as i32));
            }
        }
    }
    for (reviewer, &held) in problem.held.iter().enumerate() {
        let to_floor = floor.saturating_sub(held);
        let to_ceiling = ceiling.saturating_sub(held.max(floor));
        if to_floor > 0 {
            graph.add_edge(entries + reviewer, Vertex::Sink, Capacity(needs_capacity(to_floor)?), Cost(-bonus));
        }
        if to_ceiling > 0 {
            graph.add_edge(entries + reviewer, Vertex::Sink, Capacity(needs_capacity(to_ceiling)?), Cost(0));
        }
        // Past the ceiling only when coverage needs it: a reviewer can take at most one review of
        // each entry.
        let past_ceiling = u32::try_from(entries).map_err(|_| ProblemError::TooLarge)?;
        graph.add_edge(entries + reviewer, Vertex::Sink, Capacity(needs_capacity(past_ceiling)?), Cost(bonus));
    }

    let mut pairs = Vec::with_capacity(units as usize);
    if !graph.edge_list.is_empty() {
        let (_, paths) = graph.mcmf();
        for path in paths {
            // Every path is source → entry → reviewer → sink, carrying one unit per pair (the
            // entry → reviewer arcs have capacity 1).
            let vertices = path.vertices();
            if let [_, Vertex::Node(entry), Vertex::Node(reviewer), _] = vertices[..] {
                for _ in 0..path.amount() {
                    pairs.push((*entry, *reviewer - entries));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();

    let mut given = vec![0u32; entries];
    let mut loads = problem.held.clone();
    let mut cost = 0u64;
    for &(entry, reviewer) in &pairs {
        given[entry] += 1;
        loads[reviewer] += 1;
        cost += u64::from(problem.costs[entry * reviewers + reviewer].unwrap_or(0));
    }
    let shortfalls = problem
        .needs
        .iter()
        .zip(&given)
        .enumerate()
        .filter(|(_, (need, got))| got < need)
        .map(|(entry, (need, got))| (entry, need - got))
        .collect();
    Ok(Assignment { pairs, shortfalls, loads, cost })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn problem(needs: Vec<u32>, held: Vec<u32>, costs: Vec<Option<u32>>) -> Problem {
        Problem { needs, held, costs }
    }

    /// Every rule that must hold whatever the optimum: no forbidden or repeated pair, no entry
    /// over its need, and the reported figures add up.
    fn check_constraints(p: &Problem, a: &Assignment) {
        let reviewers = p.held.len();
        let mut given = vec![0u32; p.needs.len()];
        let mut loads = p.held.clone();
        let mut cost = 0;
        let mut seen = std::collections::BTreeSet::new();
        for &(e, r) in &a.pairs {
            assert!(seen.insert((e, r)), "pair {e},{r} twice");
            let c = p.costs[e * reviewers + r].expect("a forbidden pair was assigned");
            cost += u64::from(c);
            given[e] += 1;
            loads[r] += 1;
        }
        for (e, (&got, &need)) in given.iter().zip(&p.needs).enumerate() {
            assert!(got <= need, "entry {e} got {got} of {need}");
            let missing = a.shortfalls.iter().find(|s| s.0 == e).map_or(0, |s| s.1);
            assert_eq!(got + missing, need, "entry {e}'s shortfall");
        }
        assert_eq!(loads, a.loads);
        assert_eq!(cost, a.cost);
    }

    /// The objective as three numbers, larger first: pairs made, load units up to the floor less
    /// new units past the ceiling, and the negated preference cost.
    fn score(p: &Problem, pairs: &[(usize, usize)]) -> (u64, i64, i64) {
        let (floor, ceiling) = load_targets(p);
        let mut new = vec![0u32; p.held.len()];
        let mut cost = 0i64;
        for &(e, r) in pairs {
            new[r] += 1;
            cost += i64::from(p.costs[e * p.held.len() + r].unwrap());
        }
        let to_floor: i64 = new.iter().zip(&p.held).map(|(&n, &h)| i64::from(n.min(floor.saturating_sub(h)))).sum();
        // New units past the ceiling (what a reviewer held already is not the solver's doing).
        let past: i64 = new.iter().zip(&p.held).map(|(&n, &h)| i64::from((h + n).saturating_sub(ceiling.max(h)))).sum();
        (pairs.len() as u64, to_floor - past, -cost)
    }

    /// The best score over every way of giving each entry a set of allowed reviewers, at most its
    /// need.
    fn brute_force(p: &Problem) -> (u64, i64, i64) {
        fn walk(p: &Problem, entry: usize, chosen: &mut Vec<(usize, usize)>, best: &mut (u64, i64, i64)) {
            let reviewers = p.held.len();
            if entry == p.needs.len() {
                *best = (*best).max(score(p, chosen));
                return;
            }
            for subset in 0u32..(1 << reviewers) {
                if subset.count_ones() > p.needs[entry] {
                    continue;
                }
                let members: Vec<usize> = (0..reviewers).filter(|r| subset & (1 << r) != 0).collect();
                if !members.iter().all(|&r| p.costs[entry * reviewers + r].is_some()) {
                    continue;
                }
                for &r in &members {
                    chosen.push((entry, r));
                }
                walk(p, entry + 1, chosen, best);
                for _ in &members {
                    chosen.pop();
                }
            }
        }
        let mut best = (0, i64::MIN, i64::MIN);
        walk(p, 0, &mut Vec::new(), &mut best);
        best
    }

    fn small_problem() -> impl Strategy<Value = Problem> {
        (1usize..=4, 1usize..=4).prop_flat_map(|(entries, reviewers)| {
            (
                prop::collection::vec(0u32..=3, entries),
                prop::collection::vec(0u32..=2, reviewers),
                prop::collection::vec(
                    prop_oneof![1 => Just(None), 4 => (0u32..=6).prop_map(Some)],
                    entries * reviewers,
                ),
            )
                .prop_map(|(needs, held, costs)| problem(needs, held, costs))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn optimal_against_brute_force(p in small_problem()) {
            let a = assign(&p).unwrap();
            check_constraints(&p, &a);
            prop_assert_eq!(score(&p, &a.pairs), brute_force(&p));
        }

        #[test]
        fn same_input_same_answer(p in small_problem()) {
            prop_assert_eq!(assign(&p).unwrap(), assign(&p).unwrap());
        }
    }

    #[test]
    fn hand_worked_case_prefers_the_eager_reviewer_and_balances() {
        // Two entries, one review each, two reviewers. Reviewer 0 is eager (0) for both, reviewer
        // 1 willing (1). Balance wins over preference: each reviewer gets one entry, so one
        // willing pair is unavoidable and the cost is 1.
        let p = problem(vec![1, 1], vec![0, 0], vec![Some(0), Some(1), Some(0), Some(1)]);
        let a = assign(&p).unwrap();
        assert_eq!(a.loads, vec![1, 1]);
        assert_eq!(a.cost, 1);
        assert!(a.shortfalls.is_empty());
        // A conflict on (entry 1, reviewer 0) leaves one way only.
        let p = problem(vec![1, 1], vec![0, 0], vec![Some(5), Some(0), None, Some(0)]);
        let a = assign(&p).unwrap();
        assert_eq!(a.pairs, vec![(0, 0), (1, 1)]);
        assert_eq!(a.cost, 5);
    }

    #[test]
    fn conflicts_that_leave_too_few_reviewers_are_reported() {
        // Entry 0 needs 2 reviews but only reviewer 1 is free of conflict.
        let p = problem(vec![2, 1], vec![0, 0], vec![None, Some(1), Some(1), Some(1)]);
        let a = assign(&p).unwrap();
        check_constraints(&p, &a);
        assert_eq!(a.shortfalls, vec![(0, 1)]);
    }

    #[test]
    fn coverage_comes_before_balance_when_conflicts_leave_one_reviewer() {
        // Reviewer 1 is conflicted with both entries: reviewer 0 takes both (past the ceiling of
        // one) rather than an entry going without.
        let p = problem(vec![1, 1], vec![0, 0], vec![Some(0), None, Some(0), None]);
        let a = assign(&p).unwrap();
        check_constraints(&p, &a);
        assert_eq!((a.pairs, a.loads, a.shortfalls), (vec![(0, 0), (1, 0)], vec![2, 0], vec![]));
        assert!(!assign(&p).unwrap().balanced(), "reported as unbalanced");
    }

    #[test]
    fn held_assignments_count_towards_the_balance() {
        // Reviewer 0 already holds 2; the two new reviews both go to reviewer 1.
        let p = problem(vec![1, 1], vec![2, 0], vec![Some(0); 4]);
        let a = assign(&p).unwrap();
        assert_eq!(a.loads, vec![2, 2]);
        assert!(a.balanced());
    }

    #[test]
    fn wrong_shapes_and_costs_are_refused() {
        let short = problem(vec![1], vec![0, 0], vec![Some(0)]);
        assert_eq!(assign(&short), Err(ProblemError::CostsShape { expected: 2, found: 1 }));
        let dear = problem(vec![1], vec![0], vec![Some(MAX_PAIR_COST + 1)]);
        assert_eq!(assign(&dear), Err(ProblemError::CostTooLarge(MAX_PAIR_COST + 1)));
    }

    #[test]
    fn nothing_to_assign_is_an_empty_answer() {
        let a = assign(&problem(vec![], vec![], vec![])).unwrap();
        assert!(a.pairs.is_empty());
        let a = assign(&problem(vec![2], vec![], vec![])).unwrap();
        assert_eq!(a.shortfalls, vec![(0, 2)]);
    }
}
