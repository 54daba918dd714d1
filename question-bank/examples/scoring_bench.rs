//! How long scoring takes: a sitting's worth of 50-item papers scored, its scores binned and
//! summarized, many times over (the integer arithmetic `overflow-checks` would guard). A
//! benchmark to rerun, not a test:
//!
//! ```text
//! cargo run --release -p question-bank --example scoring_bench
//! ```

use std::hint::black_box;
use std::time::Instant;

use question_bank::bank::question::Answer;
use question_bank::exam::scoring::{score, MarkedItem, MultiChoicePolicy};
use question_bank::results::analysis;

fn main() {
    let keys: Vec<Answer> = (0..50u8)
        .map(|i| Answer::Choices([i % 4, (i + 1) % 4].into_iter().collect()))
        .collect();
    let candidates: Vec<Vec<Answer>> = (0..200u8)
        .map(|c| {
            (0..50u8)
                .map(|i| Answer::Choices([(i ^ c) % 4].into_iter().collect()))
                .collect()
        })
        .collect();
    let policy = MultiChoicePolicy::PartialCredit { percent: 50 };
    let rounds = 500;
    let started = Instant::now();
    let mut checksum = 0_i64;
    for _ in 0..rounds {
        let scores: Vec<i64> = candidates
            .iter()
            .map(|answers| {
                let items: Vec<MarkedItem<'_>> = keys
                    .iter()
                    .zip(answers)
                    .map(|(key, response)| MarkedItem {
                        key,
                        points: 2,
                        response: Some(response),
                    })
                    .collect();
                score(black_box(&items), policy).earned
            })
            .collect();
        let bins = analysis::histogram(black_box(&scores), 100, 10);
        let as_f64: Vec<f64> = scores.iter().map(|&s| s as f64).collect();
        let summary = analysis::summarize(&as_f64);
        checksum += bins.len() as i64 + i64::from(summary.is_some()) + scores.iter().sum::<i64>();
    }
    let elapsed = started.elapsed();
    println!(
        "{rounds} sittings of {} papers of {} items scored and summarized: {:.1} µs a sitting (checksum {checksum})",
        candidates.len(),
        keys.len(),
        elapsed.as_secs_f64() * 1e6 / f64::from(rounds),
    );
}
