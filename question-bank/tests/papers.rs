//! Paper assembly, property by property: over many random pools and blueprints (a fixed
//! seed, so a failure reruns identically), every paper satisfies its blueprint, repeats no
//! question, is reproducible from its seed, keeps a retake apart from what was seen when the
//! pool allows, and keeps the sitting's papers close in difficulty.

use std::collections::{HashMap, HashSet};

use question_bank::bank::question::{Answer, QuestionKind};
use question_bank::bank::Bank;
use question_bank::exam::blueprint::{Blueprint, DifficultyRange, Section, Stratum};
use question_bank::exam::paper::{self, Paper, PoolQuestion};
use question_bank::Bilingual;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const LAWS: [&str; 4] = [
    "constitution",
    "local-organic-law",
    "judges-law",
    "supervision-law",
];

fn random_pool(rng: &mut StdRng, size: usize) -> Vec<PoolQuestion> {
    (0..size)
        .map(|i| {
            let kind = QuestionKind::ALL[rng.random_range(0..3)];
            PoolQuestion {
                id: 1000 + i as i64,
                kind,
                bank: Bank::ALL[rng.random_range(0..Bank::ALL.len())],
                law: LAWS[rng.random_range(0..LAWS.len())].to_owned(),
                difficulty: rng.random_range(1..=5),
                options: if kind == QuestionKind::TrueFalse {
                    0
                } else {
                    rng.random_range(3..=6)
                },
            }
        })
        .collect()
}

fn range(min: u8, max: u8) -> DifficultyRange {
    DifficultyRange::new(min, max).expect("range")
}

fn random_blueprint(rng: &mut StdRng) -> Blueprint {
    let sections = (0..rng.random_range(1..=3))
        .map(|i| {
            let split = rng.random_range(1..=4);
            let strata = if rng.random_bool(0.5) {
                vec![Stratum {
                    difficulty: range(1, 5),
                    count: rng.random_range(1..=8),
                }]
            } else {
                vec![
                    Stratum {
                        difficulty: range(1, split),
                        count: rng.random_range(1..=5),
                    },
                    Stratum {
                        difficulty: range(split + 1, 5),
                        count: rng.random_range(1..=5),
                    },
                ]
            };
            Section {
                kind: QuestionKind::ALL[i % 3],
                points_each: rng.random_range(1..=5),
                banks: if rng.random_bool(0.3) {
                    vec![Bank::Common, Bank::Court]
                } else {
                    Vec::new()
                },
                laws: if rng.random_bool(0.5) {
                    vec![LAWS[rng.random_range(0..LAWS.len())].to_owned()]
                } else {
                    Vec::new()
                },
                strata,
            }
        })
        .collect();
    Blueprint::parse(sections).expect("a valid random blueprint")
}

/// Every item fits its section; every stratum got its count; no question twice; options are
/// a permutation of the question's own.
fn assert_fits(blueprint: &Blueprint, pool: &[PoolQuestion], paper: &Paper) {
    let by_id: HashMap<i64, &PoolQuestion> = pool.iter().map(|q| (q.id, q)).collect();
    let ids: HashSet<i64> = paper.items.iter().map(|i| i.question_id).collect();
    assert_eq!(ids.len(), paper.items.len(), "no question twice");
    assert_eq!(paper.items.len() as u32, blueprint.question_count());
    for (s, section) in blueprint.sections().iter().enumerate() {
        for stratum in &section.strata {
            let got = paper
                .items
                .iter()
                .filter(|i| i.section == s)
                .filter(|i| {
                    stratum
                        .difficulty
                        .contains(by_id[&i.question_id].difficulty)
                })
                .count() as u32;
            assert_eq!(got, stratum.count, "section {s} stratum {stratum:?}");
        }
    }
    for item in &paper.items {
        let q = by_id[&item.question_id];
        let section = &blueprint.sections()[item.section];
        assert_eq!(q.kind, section.kind);
        assert!(section.banks.is_empty() || section.banks.contains(&q.bank));
        assert!(section.laws.is_empty() || section.laws.contains(&q.law));
        assert_eq!(item.points, section.points_each);
        let mut order = item.option_order.clone();
        order.sort_unstable();
        assert_eq!(order, (0..q.options).collect::<Vec<_>>());
    }
    let sections: Vec<usize> = paper.items.iter().map(|i| i.section).collect();
    assert!(sections.is_sorted(), "section by section");
}

#[test]
fn every_paper_fits_its_blueprint_repeats_nothing_and_redraws_identically() {
    let mut rng = StdRng::seed_from_u64(20261201);
    let (mut drawn, mut refused) = (0, 0);
    for _ in 0..400 {
        let size = rng.random_range(20..200);
        let pool = random_pool(&mut rng, size);
        let blueprint = random_blueprint(&mut rng);
        let seed: u64 = rng.random();
        match paper::assemble(&blueprint, &pool, seed, &HashSet::new()) {
            Ok(paper) => {
                assert_fits(&blueprint, &pool, &paper);
                assert_eq!(
                    paper::assemble(&blueprint, &pool, seed, &HashSet::new()),
                    Ok(paper),
                    "the same seed draws the same paper"
                );
                drawn += 1;
            }
            Err(shortfalls) => {
                assert!(!shortfalls.is_empty());
                assert!(paper::check(&blueprint, &pool).is_err());
                refused += 1;
            }
        }
    }
    assert!(
        drawn > 200 && refused > 10,
        "both cases exercised: {drawn} drawn, {refused} refused"
    );
}

/// Brute force on tiny cases: assembly refuses exactly when no valid paper exists.
#[test]
fn assembly_refuses_only_what_no_paper_could_satisfy() {
    let mut rng = StdRng::seed_from_u64(7);
    let (mut feasible_cases, mut infeasible_cases) = (0, 0);
    for _ in 0..1000 {
        let size = rng.random_range(3..9);
        let pool = random_pool(&mut rng, size);
        let blueprint = random_blueprint(&mut rng);
        if blueprint.question_count() > 6 {
            continue;
        }
        let feasible = exists_assignment(&blueprint, &pool);
        assert_eq!(
            paper::check(&blueprint, &pool).is_ok(),
            feasible,
            "{blueprint:?} over {pool:?}"
        );
        if feasible {
            feasible_cases += 1;
        } else {
            infeasible_cases += 1;
        }
    }
    assert!(
        feasible_cases >= 20 && infeasible_cases >= 20,
        "{feasible_cases} feasible, {infeasible_cases} infeasible"
    );
}

fn exists_assignment(blueprint: &Blueprint, pool: &[PoolQuestion]) -> bool {
    let slots: Vec<(&Section, &Stratum)> = blueprint
        .sections()
        .iter()
        .flat_map(|s| {
            s.strata
                .iter()
                .flat_map(move |st| (0..st.count).map(move |_| (s, st)))
        })
        .collect();
    fn go(slots: &[(&Section, &Stratum)], pool: &[PoolQuestion], used: &mut Vec<bool>) -> bool {
        let Some(((section, stratum), rest)) = slots.split_first() else {
            return true;
        };
        for (i, q) in pool.iter().enumerate() {
            let fits = q.kind == section.kind
                && (section.banks.is_empty() || section.banks.contains(&q.bank))
                && (section.laws.is_empty() || section.laws.contains(&q.law))
                && stratum.difficulty.contains(q.difficulty);
            if fits && !used[i] {
                used[i] = true;
                if go(rest, pool, used) {
                    return true;
                }
                used[i] = false;
            }
        }
        false
    }
    go(&slots, pool, &mut vec![false; pool.len()])
}

fn constitution_pool(per_kind_and_level: usize) -> Vec<PoolQuestion> {
    let mut pool = Vec::new();
    for kind in [
        QuestionKind::SingleChoice,
        QuestionKind::MultipleChoice,
        QuestionKind::TrueFalse,
    ] {
        for difficulty in 1..=5 {
            for _ in 0..per_kind_and_level {
                pool.push(PoolQuestion {
                    id: pool.len() as i64 + 1,
                    kind,
                    bank: Bank::Common,
                    law: "constitution".into(),
                    difficulty,
                    options: if kind == QuestionKind::TrueFalse {
                        0
                    } else {
                        4
                    },
                });
            }
        }
    }
    pool
}

fn published_blueprint() -> Blueprint {
    let section = |kind, strata: Vec<Stratum>| Section {
        kind,
        points_each: 2,
        banks: Vec::new(),
        laws: vec!["constitution".into()],
        strata,
    };
    Blueprint::parse(vec![
        section(
            QuestionKind::SingleChoice,
            vec![
                Stratum {
                    difficulty: range(1, 2),
                    count: 8,
                },
                Stratum {
                    difficulty: range(3, 3),
                    count: 8,
                },
                Stratum {
                    difficulty: range(4, 5),
                    count: 4,
                },
            ],
        ),
        section(
            QuestionKind::MultipleChoice,
            vec![
                Stratum {
                    difficulty: range(1, 2),
                    count: 6,
                },
                Stratum {
                    difficulty: range(3, 5),
                    count: 9,
                },
            ],
        ),
        section(
            QuestionKind::TrueFalse,
            vec![Stratum {
                difficulty: range(1, 5),
                count: 15,
            }],
        ),
    ])
    .expect("valid")
}

#[test]
fn an_infeasible_blueprint_is_refused_with_the_exact_shortfall() {
    let mut pool = constitution_pool(6);
    // 14 multiple-choice questions of difficulty 3 or more, where 20 are needed.
    pool.retain(|q| {
        !(q.kind == QuestionKind::MultipleChoice && q.difficulty >= 3) || q.id % 9 != 0
    });
    let hard_multi = pool
        .iter()
        .filter(|q| q.kind == QuestionKind::MultipleChoice && q.difficulty >= 3)
        .count();
    let blueprint = Blueprint::parse(vec![
        Section {
            kind: QuestionKind::SingleChoice,
            points_each: 2,
            banks: Vec::new(),
            laws: vec!["constitution".into()],
            strata: vec![Stratum {
                difficulty: range(1, 5),
                count: 20,
            }],
        },
        Section {
            kind: QuestionKind::MultipleChoice,
            points_each: 3,
            banks: Vec::new(),
            laws: vec!["constitution".into()],
            strata: vec![Stratum {
                difficulty: range(3, 5),
                count: 20,
            }],
        },
    ])
    .expect("valid");
    let shortfalls = paper::check(&blueprint, &pool).expect_err("too few");
    assert_eq!(shortfalls.len(), 1);
    assert_eq!(
        shortfalls[0].zh(),
        format!("第2部分需要20道宪法多选题（难度≥3），题库中仅有{hard_multi}道")
    );
    assert_eq!(
        shortfalls[0].en(),
        format!("section 2 needs 20 multiple choice questions on 宪法 (difficulty ≥ 3); the bank has only {hard_multi}")
    );
}

#[test]
fn sections_that_share_questions_are_refused_when_together_they_need_too_many() {
    let pool = constitution_pool(2); // 10 true/false in all
    let tf = |count| Section {
        kind: QuestionKind::TrueFalse,
        points_each: 1,
        banks: Vec::new(),
        laws: Vec::new(),
        strata: vec![Stratum {
            difficulty: range(1, 5),
            count,
        }],
    };
    let blueprint = Blueprint::parse(vec![tf(6), tf(6)]).expect("valid");
    let shortfalls = paper::check(&blueprint, &pool).expect_err("12 from 10");
    let short: u32 = shortfalls.iter().map(|s| s.needed - s.available).sum();
    assert_eq!(short, 2, "{shortfalls:?}");
    assert!(shortfalls.iter().all(|s| s.shared));
    assert!(shortfalls[0].zh().contains("与其他部分共用的试题不够分配"));
}

#[test]
fn a_retake_draws_unseen_questions_and_counts_the_repeats_it_cannot_avoid() {
    let blueprint = published_blueprint();
    // 20 a type and level: room for two disjoint papers (the tightest stratum, 8 single
    // choice of difficulty 3, leaves 12 unseen).
    let pool = constitution_pool(20);
    let first = paper::assemble(&blueprint, &pool, 1, &HashSet::new()).expect("first");
    let seen: HashSet<i64> = first.items.iter().map(|i| i.question_id).collect();
    let retake = paper::assemble(&blueprint, &pool, 2, &seen).expect("retake");
    assert_fits(&blueprint, &pool, &retake);
    assert_eq!(retake.repeated, 0);
    assert!(retake.items.iter().all(|i| !seen.contains(&i.question_id)));

    // 8 a type and level: the 8 single-choice questions of difficulty 3 are all on the first
    // paper, and every other stratum has unseen questions to spare.
    let small = constitution_pool(8);
    let first = paper::assemble(&blueprint, &small, 1, &HashSet::new()).expect("first");
    let seen: HashSet<i64> = first.items.iter().map(|i| i.question_id).collect();
    let retake = paper::assemble(&blueprint, &small, 2, &seen).expect("retake");
    assert_fits(&blueprint, &small, &retake);
    let repeats = retake
        .items
        .iter()
        .filter(|i| seen.contains(&i.question_id))
        .count();
    assert_eq!(retake.repeated, repeats);
    assert_eq!(
        retake.repeated, 8,
        "only the stratum with nothing left repeats"
    );
}

#[test]
fn papers_a_and_b_share_no_question_when_the_pool_allows_and_redraw_identically() {
    let blueprint = published_blueprint();
    let pool = constitution_pool(20);
    let [a, b] = paper::assemble_pair(&blueprint, &pool, 7).expect("pair");
    assert_fits(&blueprint, &pool, &a);
    assert_fits(&blueprint, &pool, &b);
    let in_a: HashSet<i64> = a.items.iter().map(|i| i.question_id).collect();
    assert!(b.items.iter().all(|i| !in_a.contains(&i.question_id)));
    assert_eq!((a.repeated, b.repeated), (0, 0));
    assert_eq!(
        paper::assemble_pair(&blueprint, &pool, 7).expect("again"),
        [a, b]
    );

    // 8 a type and level: B must repeat A's 8 single-choice questions of difficulty 3.
    let [_, b] = paper::assemble_pair(&blueprint, &constitution_pool(8), 7).expect("pair");
    assert_eq!(b.repeated, 8);
}

#[test]
fn papers_of_one_sitting_differ_but_stay_close_in_difficulty() {
    let blueprint = published_blueprint();
    let pool = constitution_pool(10);
    let papers: Vec<Paper> = (0..200)
        .map(|seed| paper::assemble(&blueprint, &pool, seed, &HashSet::new()).expect("paper"))
        .collect();
    let distinct: HashSet<Vec<i64>> = papers
        .iter()
        .map(|p| p.items.iter().map(|i| i.question_id).collect())
        .collect();
    assert_eq!(distinct.len(), 200, "a different paper for every candidate");
    let spread = paper::spread(&papers, &pool).expect("spread");
    // Strata fix the make-up; what varies is the level within a band (e.g. 1 or 2).
    assert!(spread.max - spread.min < 0.6, "{spread:?}");
    assert!(spread.std_dev < 0.15, "{spread:?}");
    assert!((2.6..3.4).contains(&spread.mean), "{spread:?}");

    // Single-level strata leave no spread at all.
    let exact = Blueprint::parse(vec![Section {
        kind: QuestionKind::SingleChoice,
        points_each: 10,
        banks: Vec::new(),
        laws: Vec::new(),
        strata: (1..=5)
            .map(|d| Stratum {
                difficulty: range(d, d),
                count: 2,
            })
            .collect(),
    }])
    .expect("valid");
    let papers: Vec<Paper> = (0..50)
        .map(|seed| paper::assemble(&exact, &pool, seed, &HashSet::new()).expect("paper"))
        .collect();
    assert_eq!(paper::spread(&papers, &pool).expect("spread").std_dev, 0.0);
}

#[test]
fn shuffled_options_carry_the_key_there_and_back() {
    let blueprint = published_blueprint();
    let pool = constitution_pool(10);
    let paper = paper::assemble(&blueprint, &pool, 99, &HashSet::new()).expect("paper");
    let mut moved = 0;
    for item in paper.items.iter().filter(|i| !i.option_order.is_empty()) {
        let key = Answer::Choices([0, 2].into());
        let shown = item.to_displayed(&key);
        assert_eq!(item.to_original(&shown), key);
        if shown != key {
            moved += 1;
        }
    }
    assert!(moved > 10, "options are shuffled: {moved}");
    let judgement = Answer::Judgement(true);
    let tf = paper
        .items
        .iter()
        .find(|i| i.option_order.is_empty())
        .expect("a true/false item");
    assert_eq!(tf.to_original(&tf.to_displayed(&judgement)), judgement);
}

/// A paper depends only on the seed, the blueprint and the pool: this one, drawn once and
/// written down, must come out the same on any machine and after any dependency upgrade.
#[test]
fn a_stored_seed_draws_the_same_paper_as_it_did_when_this_test_was_written() {
    let tf = Blueprint::parse(vec![Section {
        kind: QuestionKind::SingleChoice,
        points_each: 25,
        banks: Vec::new(),
        laws: Vec::new(),
        strata: vec![Stratum {
            difficulty: range(1, 5),
            count: 4,
        }],
    }])
    .expect("valid");
    let pool = constitution_pool(2);
    let paper = paper::assemble(&tf, &pool, 20261201, &HashSet::new()).expect("paper");
    let drawn: Vec<(i64, Vec<u8>)> = paper
        .items
        .iter()
        .map(|i| (i.question_id, i.option_order.clone()))
        .collect();
    assert_eq!(
        drawn,
        EXPECTED_PAPER
            .iter()
            .map(|(id, o)| (*id, o.to_vec()))
            .collect::<Vec<_>>()
    );
}

/// Drawn on 2026-12-01 (question ids and option orders).
const EXPECTED_PAPER: [(i64, [u8; 4]); 4] = [
    (8, [2, 3, 0, 1]),
    (9, [0, 2, 1, 3]),
    (4, [2, 0, 3, 1]),
    (1, [2, 1, 3, 0]),
];
