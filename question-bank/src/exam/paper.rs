//! Papers (试卷): one per candidate, drawn from a sitting's pool to fit its blueprint.
//!
//! - Every slot of the blueprint (a section's difficulty stratum, so many times) is filled
//!   with a different eligible question. Sections may share questions (two sections of the
//!   same type over overlapping laws), so filling them is a bipartite matching: slots to
//!   questions. A randomized augmenting-path matching gives a random paper whenever one
//!   exists, and when none does, the exact shortfall.
//! - Fair: each stratum draws its own count from its own difficulty range, so every paper of
//!   a sitting has the same difficulty make-up; [`Spread`] measures what remains.
//! - Reproducible: the only randomness is a ChaCha20 stream from the stored seed, consumed by
//!   this module's own shuffle, so the same blueprint, pool and seed give the same paper on
//!   any machine and after any library upgrade.
//! - A retake (补考) prefers questions the candidate has not seen and says how many it could
//!   not avoid.
//! - Question order is shuffled within each section, option order within each question; the
//!   key is remapped through [`PaperItem::to_displayed`] and back through
//!   [`PaperItem::to_original`].

use std::collections::HashSet;

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};

use crate::bank::question::{Answer, QuestionKind};
use crate::bank::Bank;
use crate::exam::blueprint::{Blueprint, Section, Stratum};
use crate::Bilingual;

/// A question a sitting may draw: what the blueprint filters on, and its option count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolQuestion {
    /// The question version's id.
    pub id: i64,
    pub kind: QuestionKind,
    pub bank: Bank,
    pub law: String,
    pub difficulty: u8,
    /// Options (0 for true/false and short answers).
    pub options: u8,
}

impl PoolQuestion {
    /// Whether some part of `blueprint` could draw this question (what a sitting freezes).
    pub fn usable_by(&self, blueprint: &Blueprint) -> bool {
        blueprint.sections().iter().any(|s| self.fits_section(s))
    }

    /// Whether some stratum of `section` could draw this question.
    pub fn fits_section(&self, section: &Section) -> bool {
        section.strata.iter().any(|st| self.fits(section, st))
    }

    fn fits(&self, section: &Section, stratum: &Stratum) -> bool {
        self.kind == section.kind
            && (section.banks.is_empty() || section.banks.contains(&self.bank))
            && (section.laws.is_empty() || section.laws.contains(&self.law))
            && stratum.difficulty.contains(self.difficulty)
    }
}

/// One question of a paper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperItem {
    pub question_id: i64,
    /// The blueprint section it fills (0-based).
    pub section: usize,
    pub points: u32,
    /// `option_order[shown]` is the original option shown in place `shown` (empty when the
    /// question has no options).
    pub option_order: Vec<u8>,
}

impl PaperItem {
    /// An answer in the original option order (a key, say) as the candidate sees it.
    pub fn to_displayed(&self, answer: &Answer) -> Answer {
        match answer {
            Answer::Choices(set) if !self.option_order.is_empty() => Answer::Choices(
                set.iter()
                    .filter_map(|&o| self.option_order.iter().position(|&x| x == o))
                    .map(|shown| shown as u8)
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// The question's options in the order this paper shows them.
    pub fn displayed_options(&self, options: &[String]) -> Vec<String> {
        if self.option_order.is_empty() {
            return options.to_vec();
        }
        self.option_order
            .iter()
            .filter_map(|&o| options.get(usize::from(o)).cloned())
            .collect()
    }

    /// What the candidate chose, in the question's original option order (for marking), as
    /// stored: text of blanks alone is stored empty, so that a blank answer (nothing ticked,
    /// nothing written) has one stored form per kind and is counted alike everywhere.
    pub fn to_original(&self, answer: &Answer) -> Answer {
        match answer {
            Answer::Text(text) if answer.is_blank() && !text.is_empty() => {
                Answer::Text(String::new())
            }
            Answer::Choices(set) if !self.option_order.is_empty() => Answer::Choices(
                set.iter()
                    .filter_map(|&shown| self.option_order.get(usize::from(shown)).copied())
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

/// One candidate's paper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paper {
    /// The seed it was drawn from (stored, so it can be drawn again for an audit).
    pub seed: u64,
    /// In the order the candidate sees them: section by section.
    pub items: Vec<PaperItem>,
    /// Questions the candidate had seen before, where the pool left no other choice.
    pub repeated: usize,
}

impl Paper {
    /// The mean difficulty of the paper's questions.
    pub fn mean_difficulty(&self, pool: &[PoolQuestion]) -> f64 {
        let levels: Vec<f64> = self
            .items
            .iter()
            .filter_map(|item| pool.iter().find(|q| q.id == item.question_id))
            .map(|q| f64::from(q.difficulty))
            .collect();
        if levels.is_empty() {
            0.0
        } else {
            levels.iter().sum::<f64>() / levels.len() as f64
        }
    }
}

/// A stratum the pool cannot fill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortfall {
    /// 1-based section number.
    pub section: usize,
    /// What the section draws ("宪法多选题").
    pub what_zh: String,
    pub what_en: String,
    pub difficulty_zh: String,
    pub difficulty_en: String,
    /// Questions the stratum needs.
    pub needed: u32,
    /// Eligible questions in the pool (for a shared shortfall: what the sections sharing
    /// them could get in all).
    pub available: u32,
    /// The stratum alone would fit, but not together with the sections that draw from the
    /// same questions.
    pub shared: bool,
}

impl Bilingual for Shortfall {
    /// "第2部分需要20道宪法多选题（难度≥3），题库中仅有14道".
    fn zh(&self) -> String {
        let difficulty = if self.difficulty_zh.is_empty() {
            String::new()
        } else {
            format!("（{}）", self.difficulty_zh)
        };
        if self.shared {
            format!(
                "第{}部分需要{}道{}{}，与其他部分共用的试题不够分配，还差{}道",
                self.section,
                self.needed,
                self.what_zh,
                difficulty,
                self.needed.saturating_sub(self.available)
            )
        } else {
            format!(
                "第{}部分需要{}道{}{}，题库中仅有{}道",
                self.section, self.needed, self.what_zh, difficulty, self.available
            )
        }
    }
    fn en(&self) -> String {
        let difficulty = if self.difficulty_en.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.difficulty_en)
        };
        if self.shared {
            format!(
                "section {} needs {} {}{}; the questions it shares with other sections leave it {} short",
                self.section,
                self.needed,
                self.what_en,
                difficulty,
                self.needed.saturating_sub(self.available)
            )
        } else {
            format!(
                "section {} needs {} {}{}; the bank has only {}",
                self.section, self.needed, self.what_en, difficulty, self.available
            )
        }
    }
}

/// A slot to fill: a section's stratum, once per question it gives.
struct Slot {
    section: usize,
    stratum: usize,
}

/// Checks that `pool` can fill `blueprint` at all; the shortfalls otherwise.
pub fn check(blueprint: &Blueprint, pool: &[PoolQuestion]) -> Result<(), Vec<Shortfall>> {
    assemble(blueprint, pool, 0, &HashSet::new()).map(|_| ())
}

/// Draws papers A and B of a sitting that uses one of them, chosen by lot: A with `seed`,
/// then B with the next seed avoiding A's questions wherever the pool allows (B.repeated
/// counts those it could not avoid).
pub fn assemble_pair(
    blueprint: &Blueprint,
    pool: &[PoolQuestion],
    seed: u64,
) -> Result<[Paper; 2], Vec<Shortfall>> {
    let a = assemble(blueprint, pool, seed, &HashSet::new())?;
    let in_a: HashSet<i64> = a.items.iter().map(|i| i.question_id).collect();
    let b = assemble(blueprint, pool, seed.wrapping_add(1), &in_a)?;
    Ok([a, b])
}

/// Draws a paper from `pool` for `blueprint` with `seed`, avoiding the questions in `seen`
/// wherever the pool allows (a retake; pass an empty set for a first attempt).
pub fn assemble(
    blueprint: &Blueprint,
    pool: &[PoolQuestion],
    seed: u64,
    seen: &HashSet<i64>,
) -> Result<Paper, Vec<Shortfall>> {
    let shortfalls = alone_shortfalls(blueprint, pool);
    if !shortfalls.is_empty() {
        return Err(shortfalls);
    }
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let slots: Vec<Slot> = blueprint
        .sections()
        .iter()
        .enumerate()
        .flat_map(|(section, s)| {
            s.strata.iter().enumerate().flat_map(move |(stratum, st)| {
                (0..st.count).map(move |_| Slot { section, stratum })
            })
        })
        .collect();
    // Each stratum's candidates in a random order: the unseen ones alone, and the unseen
    // ones followed by the seen (a retake falls back to those only if it must).
    let mut unseen: Vec<Vec<Vec<usize>>> = Vec::new();
    let mut everything: Vec<Vec<Vec<usize>>> = Vec::new();
    for section in blueprint.sections() {
        let (mut fresh_lists, mut full_lists) = (Vec::new(), Vec::new());
        for stratum in &section.strata {
            let (mut fresh, mut old): (Vec<usize>, Vec<usize>) = (0..pool.len())
                .filter(|&i| pool[i].fits(section, stratum))
                .partition(|&i| !seen.contains(&pool[i].id));
            shuffle(&mut fresh, &mut rng);
            shuffle(&mut old, &mut rng);
            fresh_lists.push(fresh.clone());
            fresh.extend(old);
            full_lists.push(fresh);
        }
        unseen.push(fresh_lists);
        everything.push(full_lists);
    }
    let assignment = match_slots(&slots, pool.len(), |slot| {
        &unseen[slot.section][slot.stratum]
    })
    .or_else(|| {
        match_slots(&slots, pool.len(), |slot| {
            &everything[slot.section][slot.stratum]
        })
    });
    let Some(assignment) = assignment else {
        return Err(shared_shortfalls(blueprint, pool, &slots, &everything));
    };
    let mut items: Vec<PaperItem> = Vec::with_capacity(slots.len());
    for (section_index, section) in blueprint.sections().iter().enumerate() {
        let mut chosen: Vec<usize> = slots
            .iter()
            .zip(&assignment)
            .filter(|(slot, _)| slot.section == section_index)
            .map(|(_, &q)| q)
            .collect();
        chosen.sort_unstable();
        shuffle(&mut chosen, &mut rng);
        for q in chosen {
            let mut option_order: Vec<u8> = (0..pool[q].options).collect();
            shuffle(&mut option_order, &mut rng);
            items.push(PaperItem {
                question_id: pool[q].id,
                section: section_index,
                points: section.points_each,
                option_order,
            });
        }
    }
    let repeated = items
        .iter()
        .filter(|i| seen.contains(&i.question_id))
        .count();
    Ok(Paper {
        seed,
        items,
        repeated,
    })
}

/// Strata whose eligible questions are too few even before other sections take any.
fn alone_shortfalls(blueprint: &Blueprint, pool: &[PoolQuestion]) -> Vec<Shortfall> {
    let mut out = Vec::new();
    for (i, section) in blueprint.sections().iter().enumerate() {
        for stratum in &section.strata {
            let available = pool.iter().filter(|q| q.fits(section, stratum)).count() as u32;
            if available < stratum.count {
                out.push(shortfall(i, section, stratum, available, false));
            }
        }
    }
    out
}

/// Every stratum fits alone but not all together: name the strata left short by a maximum
/// matching, with how many of their slots it could fill.
fn shared_shortfalls(
    blueprint: &Blueprint,
    pool: &[PoolQuestion],
    slots: &[Slot],
    candidates: &[Vec<Vec<usize>>],
) -> Vec<Shortfall> {
    let filled = max_matching(slots, pool.len(), |slot| {
        &candidates[slot.section][slot.stratum]
    });
    let mut out = Vec::new();
    for (i, section) in blueprint.sections().iter().enumerate() {
        for (j, stratum) in section.strata.iter().enumerate() {
            let got = slots
                .iter()
                .zip(&filled)
                .filter(|(s, q)| s.section == i && s.stratum == j && q.is_some())
                .count() as u32;
            if got < stratum.count {
                out.push(shortfall(i, section, stratum, got, true));
            }
        }
    }
    out
}

fn shortfall(
    index: usize,
    section: &Section,
    stratum: &Stratum,
    available: u32,
    shared: bool,
) -> Shortfall {
    Shortfall {
        section: index + 1,
        what_zh: section.describe_zh(),
        what_en: section.describe_en(),
        difficulty_zh: stratum.difficulty.label_zh(),
        difficulty_en: stratum.difficulty.label_en(),
        needed: stratum.count,
        available,
        shared,
    }
}

/// Fills every slot with a different question, or `None`.
fn match_slots<'a>(
    slots: &[Slot],
    questions: usize,
    candidates: impl Fn(&Slot) -> &'a Vec<usize>,
) -> Option<Vec<usize>> {
    max_matching(slots, questions, candidates)
        .into_iter()
        .collect()
}

/// A maximum matching of slots to questions (Kuhn's augmenting paths, trying each slot's
/// candidates in their given order): for each slot, its question if it got one.
fn max_matching<'a>(
    slots: &[Slot],
    questions: usize,
    candidates: impl Fn(&Slot) -> &'a Vec<usize>,
) -> Vec<Option<usize>> {
    let lists: Vec<&Vec<usize>> = slots.iter().map(&candidates).collect();
    let mut owner: Vec<Option<usize>> = vec![None; questions];
    for slot in 0..slots.len() {
        let mut visited = vec![false; questions];
        augment(slot, &lists, &mut owner, &mut visited);
    }
    let mut filled = vec![None; slots.len()];
    for (question, slot) in owner.iter().enumerate() {
        if let Some(slot) = slot {
            filled[*slot] = Some(question);
        }
    }
    filled
}

fn augment(
    slot: usize,
    lists: &[&Vec<usize>],
    owner: &mut [Option<usize>],
    visited: &mut [bool],
) -> bool {
    for &q in lists[slot] {
        if visited[q] {
            continue;
        }
        visited[q] = true;
        if owner[q].is_none_or(|other| augment(other, lists, owner, visited)) {
            owner[q] = Some(slot);
            return true;
        }
    }
    false
}

/// Puts a paper's questions (or a blueprint's rows) into its parts, in the published type
/// order ([`QuestionKind::ALL`]: 单选题, 多选题, 判断题, 简答题), whatever order they were
/// chosen in; within a type they keep their order. A paper so ordered reads as one part per
/// type (一、单选题 … 二、多选题 …), never as alternating runs of the same types.
pub fn in_type_order<T>(items: &mut [T], kind: impl Fn(&T) -> QuestionKind) {
    let rank = |k: QuestionKind| QuestionKind::ALL.iter().position(|&a| a == k);
    // `sort_by_key` is stable: the order within a type is kept.
    items.sort_by_key(|item| rank(kind(item)));
}

/// Fisher-Yates with this module's own bounded draw, so a paper depends only on the
/// ChaCha20 stream and not on a library's sampling algorithm.
fn shuffle<T>(items: &mut [T], rng: &mut ChaCha20Rng) {
    for i in (1..items.len()).rev() {
        items.swap(i, below(rng, i as u64 + 1) as usize);
    }
}

/// A uniform number in `0..n` (n > 0), by rejection.
fn below(rng: &mut ChaCha20Rng, n: u64) -> u64 {
    let zone = u64::MAX - u64::MAX % n;
    loop {
        let x = rng.next_u64();
        if x < zone {
            return x % n;
        }
    }
}

/// How much the papers of one sitting differ in difficulty.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub papers: usize,
    /// Mean of the papers' mean difficulties.
    pub mean: f64,
    pub min: f64,
    pub max: f64,
    /// Standard deviation of the papers' mean difficulties.
    pub std_dev: f64,
}

/// The spread of `papers`' mean difficulties; `None` without papers.
pub fn spread(papers: &[Paper], pool: &[PoolQuestion]) -> Option<Spread> {
    let means: Vec<f64> = papers.iter().map(|p| p.mean_difficulty(pool)).collect();
    if means.is_empty() {
        return None;
    }
    let n = means.len() as f64;
    let mean = means.iter().sum::<f64>() / n;
    let variance = means.iter().map(|m| (m - mean).powi(2)).sum::<f64>() / n;
    Some(Spread {
        papers: means.len(),
        mean,
        min: means.iter().copied().fold(f64::INFINITY, f64::min),
        max: means.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        std_dev: variance.sqrt(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use QuestionKind::*;

    /// Ticked alternately (and in every rotation of that order), the questions come out in
    /// one run per type, in the published order, each type keeping its ticked order.
    #[test]
    fn a_paper_is_grouped_by_type_in_the_published_order() {
        let ticked = [
            (11, TrueFalse),
            (3, SingleChoice),
            (7, ShortAnswer),
            (5, MultipleChoice),
            (1, TrueFalse),
            (9, SingleChoice),
            (2, MultipleChoice),
            (4, SingleChoice),
            (8, TrueFalse),
        ];
        for turn in 0..ticked.len() {
            let mut paper = ticked.to_vec();
            paper.rotate_left(turn);
            let expected_within = |k: QuestionKind| -> Vec<i64> {
                paper.iter().filter(|q| q.1 == k).map(|q| q.0).collect()
            };
            let expected: Vec<i64> = QuestionKind::ALL
                .into_iter()
                .flat_map(expected_within)
                .collect();
            in_type_order(&mut paper, |q| q.1);
            let ids: Vec<i64> = paper.iter().map(|q| q.0).collect();
            assert_eq!(ids, expected, "rotation {turn}");
            let mut kinds: Vec<QuestionKind> = paper.iter().map(|q| q.1).collect();
            kinds.dedup();
            assert_eq!(kinds, QuestionKind::ALL.to_vec(), "rotation {turn}");
        }
    }
}
