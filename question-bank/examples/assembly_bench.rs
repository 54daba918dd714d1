//! How long drawing a paper takes: the published 50-question blueprint over the seed bank's
//! questions (the pool a sitting freezes), as a candidate's start and the sitting page's 200
//! simulated draws do it. A benchmark to rerun, not a test:
//!
//! ```text
//! cargo run --release -p question-bank --features formats --example assembly_bench
//! ```

use std::collections::HashSet;
use std::time::Instant;

use question_bank::bank::question::QuestionKind;
use question_bank::exam::blueprint::{Blueprint, BlueprintRow, DifficultyRange};
use question_bank::exam::paper::{self, PoolQuestion};

fn main() {
    let seed = question_bank::bank::seed::questions().expect("seed bank");
    let pool: Vec<PoolQuestion> = seed
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind().is_objective())
        .map(|(i, q)| PoolQuestion {
            id: i as i64 + 1,
            kind: q.kind(),
            bank: q.bank(),
            law: q.citation().law().to_owned(),
            difficulty: q.difficulty().get(),
            options: q.options().len() as u8,
        })
        .collect();
    let row = |kind, law: Option<&str>, min, max, count| BlueprintRow {
        kind,
        bank: None,
        law: law.map(str::to_owned),
        difficulty: DifficultyRange::new(min, max).expect("range"),
        count,
        points_each: 2,
    };
    let blueprint = Blueprint::from_rows(vec![
        row(QuestionKind::SingleChoice, Some("constitution"), 1, 2, 10),
        row(QuestionKind::SingleChoice, Some("constitution"), 3, 5, 10),
        row(QuestionKind::MultipleChoice, Some("constitution"), 1, 5, 10),
        row(QuestionKind::TrueFalse, None, 1, 5, 20),
    ])
    .expect("blueprint");
    let usable: Vec<PoolQuestion> = pool
        .iter()
        .filter(|q| q.usable_by(&blueprint))
        .cloned()
        .collect();

    let papers = 2_000u64;
    let started = Instant::now();
    for seed in 0..papers {
        paper::assemble(&blueprint, &usable, seed, &HashSet::new()).expect("paper");
    }
    let elapsed = started.elapsed();
    println!(
        "{papers} papers of {} questions from a pool of {}: {:.1} µs a paper ({:.0} papers/s)",
        blueprint.question_count(),
        usable.len(),
        elapsed.as_secs_f64() * 1e6 / papers as f64,
        papers as f64 / elapsed.as_secs_f64()
    );

    // A retake that must avoid a first paper's questions.
    let first = paper::assemble(&blueprint, &usable, 1, &HashSet::new()).expect("first");
    let seen: HashSet<i64> = first.items.iter().map(|i| i.question_id).collect();
    let started = Instant::now();
    let mut repeated = 0;
    for seed in 0..papers {
        repeated += paper::assemble(&blueprint, &usable, seed, &seen)
            .expect("retake")
            .repeated;
    }
    println!(
        "{papers} retakes avoiding 50 seen questions: {:.1} µs a paper, {:.2} repeats a paper on average",
        started.elapsed().as_secs_f64() * 1e6 / papers as f64,
        repeated as f64 / papers as f64
    );
}
