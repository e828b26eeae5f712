//! Times affinity and matching together at the sizes issue 14 sets: the 2024 edition (4 × 8),
//! the full 2024 calls (72 × 26), 1,000 × 1,000 solved exactly over every pair, and 10,000 ×
//! 10,000 with k = 2, c = 2 over each challenge's best candidates; at 1,000 × 1,000 it also solves
//! over the pruned candidates and says whether the optimum changed. Synthetic texts of 80 words
//! from a 3,000-word vocabulary with a Zipf-like spread, 1–4 of 30 themes per side, each provider
//! choosing 1–3 challenges. Run with `cargo run --release --example matching_bench`; the figures
//! go to `docs/PERFORMANCE.md`.

use std::collections::BTreeSet;
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sweetspot::matching::affinity::{Corpus, Facts, Language, Text, Weights, top_candidates};
use sweetspot::matching::solver::{Pair, Problem, solve};

/// How many candidates each challenge (and each provider) keeps when the table is pruned; the
/// second argument changes it.
fn candidates() -> usize {
    std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(100)
}

struct Side {
    texts: Vec<Text>,
    facts: Vec<Facts>,
}

fn side(rng: &mut StdRng, count: usize) -> Side {
    let mut texts = Vec::with_capacity(count);
    let mut facts = Vec::with_capacity(count);
    for _ in 0..count {
        // Zipf-like: the square of a uniform number favours the first words.
        let words: Vec<String> =
            (0..80).map(|_| format!("w{}", (rng.random::<f64>().powi(2) * 3000.0) as usize)).collect();
        texts.push(Text { body: words.join(" "), language: Some(Language::English) });
        let themes: BTreeSet<String> =
            (0..rng.random_range(1..=4)).map(|_| format!("t{}", rng.random_range(0..30))).collect();
        facts.push(Facts { themes });
    }
    Side { texts, facts }
}

fn peak_memory_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Affinity and matching for `n` challenges × `m` providers; returns the objective.
fn run(n: usize, m: usize, k: u32, c: u32, candidates: usize, seed: u64) -> i64 {
    let mut rng = StdRng::seed_from_u64(seed);
    let started = Instant::now();
    let challenges = side(&mut rng, n);
    let providers = side(&mut rng, m);
    let chosen: Vec<Vec<usize>> = (0..m)
        .map(|_| {
            let mut picks: Vec<usize> = (0..rng.random_range(1..=3)).map(|_| rng.random_range(0..n)).collect();
            picks.sort_unstable();
            picks.dedup();
            picks
        })
        .collect();
    let generated = started.elapsed();
    let started = Instant::now();
    let corpus = Corpus::build(&challenges.texts, &providers.texts);
    let top = top_candidates(&corpus, Weights::default(), &challenges.facts, &providers.facts, &chosen, candidates);
    let scored = started.elapsed();
    let rows = top.into_iter().map(|row| row.into_iter().map(|(j, a)| (j, Pair::Allowed(a))).collect()).collect();
    let problem = Problem { providers: m, k, c, rows, locked: vec![] };
    let solving = Instant::now();
    let matching = solve(&problem).expect("a valid problem");
    let solved = solving.elapsed();
    println!(
        "{n} × {m}, k = {k}, c = {c}, {} candidates each: affinity {:.3} s, matching {:.3} s, together {:.3} s; \
         {} pairs, {} short, objective {}; peak memory {:.0} MiB (generating the texts: {:.2} s apart)",
        candidates.min(m),
        scored.as_secs_f64(),
        solved.as_secs_f64(),
        (scored + solved).as_secs_f64(),
        matching.pairs.len(),
        matching.shortfalls.len(),
        matching.objective,
        peak_memory_mib(),
        generated.as_secs_f64(),
    );
    matching.objective
}

fn main() {
    let only: Option<usize> = std::env::args().nth(1).and_then(|a| a.parse().ok());
    if only.is_none_or(|n| n == 4) {
        run(4, 8, 2, 1, 8, 14);
    }
    if only.is_none_or(|n| n == 72) {
        run(72, 26, 2, 6, 26, 14);
    }
    if only.is_none_or(|n| n == 1000) {
        let exact = run(1_000, 1_000, 2, 2, 1_000, 14);
        let pruned = run(1_000, 1_000, 2, 2, candidates(), 14);
        println!(
            "1,000 × 1,000: the optimum over {} candidates per challenge and per provider {} the exact one",
            candidates(),
            if exact == pruned { "equals" } else { "DIFFERS FROM" }
        );
    }
    if only.is_none_or(|n| n == 10_000) {
        run(10_000, 10_000, 2, 2, candidates(), 14);
    }
}
