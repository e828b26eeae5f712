//! Times the automatic assignment of reviewers at the size issue 13 sets: 5,000 entries ×
//! 200 reviewers × 3 reviews each, 5% of pairs in conflict, random preferences. Run with
//! `cargo run --release --example assignment_bench [entries reviewers reviews runs]`; the figures
//! go to `docs/PERFORMANCE.md`.

use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sweetspot::selection::assignment::{Problem, assign};
use sweetspot::selection::domain::Preference;

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let entries = args.first().copied().unwrap_or(5_000);
    let reviewers = args.get(1).copied().unwrap_or(200);
    let reviews = args.get(2).copied().unwrap_or(3) as u32;
    let runs = args.get(3).copied().unwrap_or(5);

    let mut rng = StdRng::seed_from_u64(13);
    let costs = (0..entries * reviewers)
        .map(|_| {
            let preference = match rng.random_range(0..100) {
                0..5 => Some(Preference::Conflict),
                5..15 => Some(Preference::Eager),
                15..35 => Some(Preference::Willing),
                35..45 => Some(Preference::RatherNot),
                _ => None,
            };
            Preference::cost(preference)
        })
        .collect();
    let problem = Problem { needs: vec![reviews; entries], held: vec![0; reviewers], costs };

    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let answer = assign(&problem).expect("a well-formed problem");
        times.push(started.elapsed());
        assert!(answer.shortfalls.is_empty(), "every entry is covered");
        assert!(answer.balanced(), "loads within one of each other");
        println!(
            "{entries} entries × {reviewers} reviewers × {reviews}: {} pairs, cost {}, loads {}–{}, {:.3} s",
            answer.pairs.len(),
            answer.cost,
            answer.loads.iter().min().unwrap_or(&0),
            answer.loads.iter().max().unwrap_or(&0),
            started.elapsed().as_secs_f64()
        );
    }
    times.sort();
    println!(
        "median {:.3} s, slowest {:.3} s over {runs} runs",
        times[times.len() / 2].as_secs_f64(),
        times[times.len() - 1].as_secs_f64()
    );
}
