//! Matching selected challenges with selected solution providers: each challenge gets up to `k`
//! providers, each provider serves at most `c` challenges, pairs staff lock in are kept, pairs that
//! may not be made are never made, and among the matchings with the most pairs the one with the
//! largest total affinity is chosen, exactly. A pure function over plain numbers, like
//! `selection::assignment`, solved the same way: a minimum-cost flow (source → challenge, capacity
//! `k` less its locked pairs → provider, capacity 1 at cost 1 − affinity → sink, capacity `c`
//! less its locked pairs), by LEMON's network simplex (`mcmf`), whose answer is a maximum flow of
//! minimum cost: every unit crosses one pair arc, so the least cost is the largest affinity. Affinities are counted in millionths ([`SCALE`]), so the optimum is exact for
//! affinities given to six decimal places. The same problem always gives the same matches: arcs
//! are added in index order.
//!
//! When a challenge cannot get its `k`, the answer says why, in numbers the caller words
//! ("Italy: only one eligible provider outside Italy"): how many providers it may be paired with,
//! how many are excluded for each reason, and how many of the eligible ones are taken up to their
//! `c` by other challenges.

use mcmf::{Capacity, Cost, GraphBuilder, Vertex};

/// Affinities are whole millionths in the flow.
pub const SCALE: f64 = 1_000_000.0;

/// Why a pair may not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// The provider is from the challenge owner's country and staff did not allow the pair.
    SameCountry,
    /// Staff ruled the pair out.
    RuledOut,
    /// The pair's affinity is below the run's minimum.
    BelowMinimum,
}

/// One pair of the table: its affinity (0–1) when it may be made, else why not.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pair {
    Allowed(f64),
    Excluded(Exclusion),
}

/// What to match. Challenges and providers are indices; the caller keeps what they stand for.
#[derive(Clone, Debug)]
pub struct Problem {
    pub providers: usize,
    /// Providers per challenge.
    pub k: u32,
    /// Challenges per provider, at most.
    pub c: u32,
    /// Per challenge, its candidate providers by index, each with its pair. A provider missing
    /// from a challenge's row is no candidate for it (the caller pruned it: see
    /// `matching::affinity::top_candidates`); `Problem::dense` lists every provider.
    pub rows: Vec<Vec<(usize, Pair)>>,
    /// Pairs staff locked in: always in the answer (a lock allows a pair otherwise excluded or
    /// left out of the row).
    pub locked: Vec<(usize, usize)>,
}

impl Problem {
    /// A problem listing every provider for every challenge: `pairs` row-major, challenge `i`
    /// and provider `j` at `i * providers + j`.
    pub fn dense(providers: usize, k: u32, c: u32, pairs: &[Pair], locked: Vec<(usize, usize)>) -> Problem {
        let rows = if providers == 0 {
            Vec::new()
        } else {
            pairs.chunks(providers).map(|row| row.iter().copied().enumerate().collect()).collect()
        };
        Problem { providers, k, c, rows, locked }
    }
}

/// Why a challenge got fewer than `k` providers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shortfall {
    pub challenge: usize,
    /// How many providers it lacks.
    pub missing: u32,
    /// Providers it may be paired with (locked ones included).
    pub eligible: u32,
    /// Providers excluded, by reason, in the order of [`Exclusion`].
    pub excluded: Vec<(Exclusion, u32)>,
    /// Providers not among its candidates (pruned before solving).
    pub not_candidates: u32,
    /// Eligible providers not given to it because other challenges use all their `c` places.
    pub taken_elsewhere: u32,
}

/// The solver's answer.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Matching {
    /// The pairs `(challenge, provider)`, locked ones included, by challenge then provider.
    pub pairs: Vec<(usize, usize)>,
    /// The sum of the pairs' affinities in the rows, in millionths: what the solver maximised.
    /// A locked pair the rows exclude or leave out counts 0 here (its affinity is not given).
    pub objective: i64,
    /// Challenges with fewer than `k` providers, by challenge.
    pub shortfalls: Vec<Shortfall>,
}

/// Why a problem cannot be solved as given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProblemError {
    #[error("challenge {0} lists provider {1}, which does not exist or is listed twice")]
    ProviderUnknown(usize, usize),
    #[error("an affinity is not a number from 0 to 1")]
    AffinityOutOfRange,
    #[error("a locked pair names challenge {0} or provider {1}, which do not exist")]
    LockUnknown(usize, usize),
    #[error("challenge {0} has more locked pairs than its k")]
    TooManyLocksForChallenge(usize),
    #[error("provider {0} has more locked pairs than its c")]
    TooManyLocksForProvider(usize),
    #[error("the problem is too large for the solver's 32-bit capacities")]
    TooLarge,
}

/// An affinity (0–1) in millionths, as objectives count it.
pub fn scaled(affinity: f64) -> i64 {
    (affinity * SCALE).round() as i64
}

/// Matches challenges with providers by the rules of the module's documentation.
///
/// Runs in about `docs/PERFORMANCE.md`'s figures (1,000 × 1,000 listed in full; 10,000 ×
/// 10,000 pruned to the best candidates). Errors: [`ProblemError`] for a row naming an unknown
/// or repeated provider, an affinity outside 0–1 (or not a number), a lock naming an unknown
/// index, or locks that break `k` or `c`.
pub fn solve(problem: &Problem) -> Result<Matching, ProblemError> {
    let (n, m) = (problem.rows.len(), problem.providers);
    let mut rows: Vec<Vec<(usize, Pair)>> = problem.rows.clone();
    for (i, row) in rows.iter_mut().enumerate() {
        row.sort_by_key(|(j, _)| *j);
        if let Some(w) = row.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(ProblemError::ProviderUnknown(i, w[0].0));
        }
        if let Some((j, _)) = row.iter().find(|(j, _)| *j >= m) {
            return Err(ProblemError::ProviderUnknown(i, *j));
        }
        if row.iter().any(|(_, p)| matches!(p, Pair::Allowed(a) if !(0.0..=1.0).contains(a))) {
            return Err(ProblemError::AffinityOutOfRange);
        }
    }
    let pair = |i: usize, j: usize| rows[i].binary_search_by_key(&j, |(x, _)| *x).ok().map(|at| rows[i][at].1);
    let capacity = |x: u32| i32::try_from(x).map_err(|_| ProblemError::TooLarge);
    let mut locked = problem.locked.clone();
    locked.sort_unstable();
    locked.dedup();
    let mut locked_of_challenge = vec![0u32; n];
    let mut locked_of_provider = vec![0u32; m];
    for &(i, j) in &locked {
        if i >= n || j >= m {
            return Err(ProblemError::LockUnknown(i, j));
        }
        locked_of_challenge[i] += 1;
        locked_of_provider[j] += 1;
    }
    let is_locked = |i: usize, j: usize| locked.binary_search(&(i, j)).is_ok();
    if let Some(i) = (0..n).find(|&i| locked_of_challenge[i] > problem.k) {
        return Err(ProblemError::TooManyLocksForChallenge(i));
    }
    if let Some(j) = (0..m).find(|&j| locked_of_provider[j] > problem.c) {
        return Err(ProblemError::TooManyLocksForProvider(j));
    }

    // Nodes: challenges 0..n, providers n..n + m.
    let mut graph = GraphBuilder::new();
    for (i, locks) in locked_of_challenge.iter().enumerate() {
        let open = problem.k - locks;
        if open > 0 {
            graph.add_edge(Vertex::Source, i, Capacity(capacity(open)?), Cost(0));
        }
    }
    // Costs are 1 − affinity (in millionths), never negative: every unit of flow crosses one
    // pair arc, so at the maximum flow the least cost is the largest total affinity. (With
    // negative costs the `mcmf` crate lets flow end in a node without a way on; a pair arc only
    // goes where both ends still have room, too.)
    for (i, row) in rows.iter().enumerate() {
        if problem.k == locked_of_challenge[i] {
            continue;
        }
        for &(j, pair) in row {
            if let Pair::Allowed(affinity) = pair
                && !is_locked(i, j)
                && locked_of_provider[j] < problem.c
            {
                let cost = i32::try_from(scaled(1.0) - scaled(affinity)).map_err(|_| ProblemError::TooLarge)?;
                graph.add_edge(i, n + j, Capacity(1), Cost(cost));
            }
        }
    }
    for (j, locks) in locked_of_provider.iter().enumerate() {
        let open = problem.c - locks;
        if open > 0 {
            graph.add_edge(n + j, Vertex::Sink, Capacity(capacity(open)?), Cost(0));
        }
    }
    let mut pairs = locked.clone();
    if !graph.edge_list.is_empty() {
        let (_, paths) = graph.mcmf();
        for path in paths {
            // Every path is source → challenge → provider → sink, one unit per pair.
            if let [_, Vertex::Node(i), Vertex::Node(j), _] = path.vertices()[..] {
                for _ in 0..path.amount() {
                    pairs.push((*i, *j - n));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();

    let affinity_of = |i: usize, j: usize| match pair(i, j) {
        Some(Pair::Allowed(a)) => scaled(a),
        _ => 0,
    };
    let objective = pairs.iter().map(|&(i, j)| affinity_of(i, j)).sum();
    let mut given = vec![0u32; n];
    let mut load = vec![0u32; m];
    for &(i, j) in &pairs {
        given[i] += 1;
        load[j] += 1;
    }
    let shortfalls = (0..n)
        .filter(|&i| given[i] < problem.k)
        .map(|i| {
            let mut eligible: Vec<usize> =
                rows[i].iter().filter(|(_, p)| matches!(p, Pair::Allowed(_))).map(|(j, _)| *j).collect();
            eligible.extend(locked.iter().filter(|l| l.0 == i).map(|l| l.1));
            eligible.sort_unstable();
            eligible.dedup();
            let mut excluded: Vec<(Exclusion, u32)> = Vec::new();
            for &(j, pair) in &rows[i] {
                if let Pair::Excluded(reason) = pair
                    && !is_locked(i, j)
                {
                    match excluded.iter_mut().find(|(r, _)| *r == reason) {
                        Some((_, count)) => *count += 1,
                        None => excluded.push((reason, 1)),
                    }
                }
            }
            excluded.sort_unstable();
            let listed = rows[i].len() + locked.iter().filter(|l| l.0 == i && pair(i, l.1).is_none()).count();
            let mine = |j: usize| pairs.binary_search(&(i, j)).is_ok();
            let taken_elsewhere = eligible.iter().filter(|&&j| !mine(j) && load[j] >= problem.c).count() as u32;
            Shortfall {
                challenge: i,
                missing: problem.k - given[i],
                eligible: eligible.len() as u32,
                excluded,
                not_candidates: (m - listed) as u32,
                taken_elsewhere,
            }
        })
        .collect();
    Ok(Matching { pairs, objective, shortfalls })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn allowed(affinities: &[f64]) -> Vec<Pair> {
        affinities.iter().map(|&a| Pair::Allowed(a)).collect()
    }

    fn pair_of(p: &Problem, i: usize, j: usize) -> Option<Pair> {
        p.rows[i].iter().find(|(x, _)| *x == j).map(|(_, pair)| *pair)
    }

    /// Every rule that must hold whatever the optimum.
    fn check_constraints(p: &Problem, a: &Matching) {
        let m = p.providers;
        let mut given = vec![0u32; p.rows.len()];
        let mut load = vec![0u32; m];
        for &(i, j) in &a.pairs {
            let locked = p.locked.contains(&(i, j));
            assert!(locked || matches!(pair_of(p, i, j), Some(Pair::Allowed(_))), "an excluded pair {i},{j} was made");
            given[i] += 1;
            load[j] += 1;
        }
        for lock in &p.locked {
            assert!(a.pairs.contains(lock), "locked pair {lock:?} missing");
        }
        assert!(given.iter().all(|&g| g <= p.k), "a challenge over k");
        assert!(load.iter().all(|&l| l <= p.c), "a provider over c");
        for (i, &g) in given.iter().enumerate() {
            let missing = a.shortfalls.iter().find(|s| s.challenge == i).map_or(0, |s| s.missing);
            assert_eq!(g + missing, p.k, "challenge {i}'s shortfall");
        }
    }

    /// The best (pairs, total affinity) over every way of giving each challenge at most k of the
    /// providers it may have, locked pairs included, no provider over c.
    fn brute_force(p: &Problem) -> (usize, i64) {
        fn walk(p: &Problem, i: usize, load: &mut Vec<u32>, count: usize, total: i64, best: &mut (usize, i64)) {
            let m = p.providers;
            if i == p.rows.len() {
                *best = (*best).max((count, total));
                return;
            }
            for subset in 0u32..(1 << m) {
                let members: Vec<usize> = (0..m).filter(|j| subset & (1 << j) != 0).collect();
                let locks_in = p.locked.iter().filter(|l| l.0 == i).all(|l| members.contains(&l.1));
                let allowed = members.iter().all(|&j| {
                    load[j] < p.c && (p.locked.contains(&(i, j)) || matches!(pair_of(p, i, j), Some(Pair::Allowed(_))))
                });
                if members.len() as u32 > p.k || !locks_in || !allowed {
                    continue;
                }
                let gain: i64 = members
                    .iter()
                    .map(|&j| match pair_of(p, i, j) {
                        Some(Pair::Allowed(a)) => scaled(a),
                        _ => 0,
                    })
                    .sum();
                members.iter().for_each(|&j| load[j] += 1);
                walk(p, i + 1, load, count + members.len(), total + gain, best);
                members.iter().for_each(|&j| load[j] -= 1);
            }
        }
        let mut best = (0, i64::MIN);
        walk(p, 0, &mut vec![0; p.providers], 0, 0, &mut best);
        best
    }

    fn small_problem() -> impl Strategy<Value = Problem> {
        (1usize..=3, 1usize..=4, 1u32..=2, 1u32..=2).prop_flat_map(|(n, m, k, c)| {
            let pair = prop_oneof![
                4 => (0u32..=1000).prop_map(|a| Pair::Allowed(f64::from(a) / 1000.0)),
                1 => prop::sample::select(vec![Exclusion::SameCountry, Exclusion::RuledOut, Exclusion::BelowMinimum])
                    .prop_map(Pair::Excluded),
            ];
            (prop::collection::vec(pair, n * m), prop::option::of((0..n, 0..m)))
                .prop_map(move |(pairs, lock)| Problem::dense(m, k, c, &pairs, lock.into_iter().collect()))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn optimal_against_brute_force(p in small_problem()) {
            let a = solve(&p).unwrap();
            check_constraints(&p, &a);
            prop_assert_eq!((a.pairs.len(), a.objective), brute_force(&p));
        }

        #[test]
        fn same_input_same_matches(p in small_problem()) {
            prop_assert_eq!(solve(&p).unwrap(), solve(&p).unwrap());
        }
    }

    #[test]
    fn the_2024_shape_each_challenge_gets_its_two_best_providers_once() {
        // Four challenges, eight providers, k = 2, c = 1: each challenge's two strongest.
        let mut affinities = vec![0.1; 32];
        for (i, best) in [(0, [0, 1]), (1, [2, 3]), (2, [4, 5]), (3, [6, 7])] {
            for j in best {
                affinities[i * 8 + j] = 0.9;
            }
        }
        let p = Problem::dense(8, 2, 1, &allowed(&affinities), vec![]);
        let a = solve(&p).unwrap();
        assert_eq!(a.pairs, vec![(0, 0), (0, 1), (1, 2), (1, 3), (2, 4), (2, 5), (3, 6), (3, 7)]);
        assert_eq!(a.objective, 8 * 900_000);
        assert!(a.shortfalls.is_empty());
    }

    #[test]
    fn a_challenge_with_one_provider_outside_its_country_says_so() {
        // Challenge 0 (Italy): providers 0 and 1 are Italian, provider 2 is not. k = 2.
        let pairs =
            vec![Pair::Excluded(Exclusion::SameCountry), Pair::Excluded(Exclusion::SameCountry), Pair::Allowed(0.4)];
        let p = Problem::dense(3, 2, 1, &pairs, vec![]);
        let a = solve(&p).unwrap();
        assert_eq!(a.pairs, vec![(0, 2)]);
        assert_eq!(
            a.shortfalls,
            vec![Shortfall {
                challenge: 0,
                missing: 1,
                eligible: 1,
                excluded: vec![(Exclusion::SameCountry, 2)],
                not_candidates: 0,
                taken_elsewhere: 0
            }]
        );
        // Staff allow the pair by locking it in: it is made.
        let p = Problem { locked: vec![(0, 0)], ..p };
        let a = solve(&p).unwrap();
        assert_eq!((a.pairs, a.shortfalls), (vec![(0, 0), (0, 2)], vec![]));
    }

    #[test]
    fn a_provider_taken_up_elsewhere_is_counted() {
        // One provider, two challenges wanting it, c = 1: the stronger pair wins, the other
        // challenge lacks one, taken elsewhere.
        let p = Problem::dense(1, 1, 1, &allowed(&[0.3, 0.8]), vec![]);
        let a = solve(&p).unwrap();
        assert_eq!(a.pairs, vec![(1, 0)]);
        assert_eq!(a.shortfalls[0].taken_elsewhere, 1);
    }

    #[test]
    fn a_pruned_provider_is_counted_as_no_candidate() {
        // Challenge 0 lists provider 1 only; provider 0 was pruned.
        let p = Problem { providers: 2, k: 2, c: 1, rows: vec![vec![(1, Pair::Allowed(0.5))]], locked: vec![] };
        let a = solve(&p).unwrap();
        assert_eq!((a.shortfalls[0].eligible, a.shortfalls[0].not_candidates), (1, 1));
    }

    #[test]
    fn bad_problems_are_refused() {
        let base = Problem::dense(2, 1, 1, &allowed(&[0.5, 0.5]), vec![]);
        let unknown = Problem { rows: vec![vec![(5, Pair::Allowed(0.5))]], ..base.clone() };
        assert_eq!(solve(&unknown), Err(ProblemError::ProviderUnknown(0, 5)));
        let twice = Problem { rows: vec![vec![(0, Pair::Allowed(0.5)), (0, Pair::Allowed(0.2))]], ..base.clone() };
        assert_eq!(solve(&twice), Err(ProblemError::ProviderUnknown(0, 0)));
        assert_eq!(
            solve(&Problem::dense(2, 1, 1, &allowed(&[1.5, 0.5]), vec![])),
            Err(ProblemError::AffinityOutOfRange)
        );
        assert_eq!(
            solve(&Problem::dense(2, 1, 1, &allowed(&[f64::NAN, 0.5]), vec![])),
            Err(ProblemError::AffinityOutOfRange)
        );
        assert_eq!(solve(&Problem { locked: vec![(0, 5)], ..base.clone() }), Err(ProblemError::LockUnknown(0, 5)));
        assert_eq!(
            solve(&Problem { locked: vec![(0, 0), (0, 1)], ..base.clone() }),
            Err(ProblemError::TooManyLocksForChallenge(0))
        );
        let two = Problem::dense(1, 1, 1, &allowed(&[0.5, 0.5]), vec![(0, 0), (1, 0)]);
        assert_eq!(solve(&two), Err(ProblemError::TooManyLocksForProvider(0)));
    }
}
