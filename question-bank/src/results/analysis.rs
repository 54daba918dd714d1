//! Statistics of a sitting's results: descriptive statistics, a score histogram, and
//! classical item analysis (facility, point-biserial and upper-lower 27% discrimination,
//! KR-20 reliability) with flags for items to review.
//!
//! Every function takes finite scores; every division is guarded, and a statistic that is
//! undefined for the data (too few sheets, no spread) is `None` rather than NaN, so that
//! nothing meaningless reaches a report.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// Descriptive statistics of a set of scores.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// How many scores.
    pub count: usize,
    /// The arithmetic mean.
    pub mean: f64,
    /// The middle score; for an even count, the mean of the two middle scores.
    pub median: f64,
    /// The population standard deviation (dividing by n, not n − 1): the sitting's
    /// candidates are the whole population being described, not a sample of one.
    pub std_dev: f64,
    /// The lowest score.
    pub min: f64,
    /// The highest score.
    pub max: f64,
}

/// Count, mean, median, population standard deviation and range of `scores`; `None` when
/// there are none, since none of these means anything for an empty set.
pub fn summarize(scores: &[f64]) -> Option<Summary> {
    let mut sorted = scores.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (&min, &max) = (sorted.first()?, sorted.last()?);
    let count = sorted.len();
    let middle = count / 2;
    let median = if count.is_multiple_of(2) {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
    };
    let (mean, variance) = mean_and_variance(&sorted)?;
    Some(Summary {
        count,
        mean,
        median,
        std_dev: variance.sqrt(),
        min,
        max,
    })
}

/// One bar of a histogram: scores from `from` to `to` inclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bin {
    /// The lowest score of the bar.
    pub from: i64,
    /// The highest score of the bar, included.
    pub to: i64,
    /// How many scores fall in the bar.
    pub count: usize,
}

/// Bars of `width` points from 0 to `possible`; the last bar includes `possible` itself
/// (e.g. possible 100, width 10 -> 0-9, 10-19, ..., 80-89, 90-100: ten bars), so a full
/// score does not stand alone in a bar of its own. Scores below 0 count in the first bar,
/// above possible in the last, so that every score is counted somewhere. Empty when
/// `width` or `possible` is not positive.
pub fn histogram(scores: &[i64], possible: i64, width: i64) -> Vec<Bin> {
    if width <= 0 || possible <= 0 {
        return Vec::new();
    }
    // One bar for every start 0, width, 2·width, … below `possible`.
    let bars = possible / width + i64::from(possible % width != 0);
    let mut bins: Vec<Bin> = (0..bars)
        .map(|i| {
            let from = i * width;
            let to = if i == bars - 1 {
                possible
            } else {
                from.saturating_add(width - 1)
            };
            Bin { from, to, count: 0 }
        })
        .collect();
    let last = bins.len() - 1;
    for &score in scores {
        let index = usize::try_from(score.max(0) / width).map_or(last, |i| i.min(last));
        bins[index].count += 1;
    }
    bins
}

/// One candidate's marked paper: the total and, per question of their paper, the share of
/// its points earned (1 for a right answer, 0 for a wrong one, 0.7 for a short answer
/// marked 7 out of 10).
///
/// A question appears at most once on a paper; should an id repeat, item analysis counts
/// its first occurrence only and [`kr20`] declines the sitting.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// The candidate's total score (points, not items right).
    pub total: f64,
    /// (question id, share of its points earned, from 0 to 1) for each question of the
    /// candidate's paper. A share outside 0..=1 (or not a number) is clamped into it.
    pub items: Vec<(i64, f64)>,
}

/// Why an item deserves a look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemFlag {
    /// Nobody who had it earned any of its points: a wrong key, or far too hard.
    NobodyCorrect,
    /// Everybody who had it earned all its points: it tells candidates apart not at all.
    EverybodyCorrect,
    /// Weaker candidates did better on it than stronger ones: often a wrong key or an
    /// ambiguous wording.
    NegativeDiscrimination,
}

/// One question's statistics across the sheets that contain it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemStats {
    /// The question.
    pub question_id: i64,
    /// How many sheets contain the item: with drawn papers, not every candidate had it.
    pub answered_by: usize,
    /// How many of those earned all its points.
    pub correct: usize,
    /// The facility (difficulty index p): the mean share of its points earned over the
    /// sheets containing it. For a right-or-wrong item that is `correct / answered_by`;
    /// a short answer marked 7 of 10 by everyone has facility 0.7.
    pub facility: f64,
    /// The uncorrected item-total correlation among the n sheets containing it: Pearson's
    /// r between the share earned and the total score (population moments). For a
    /// right-or-wrong item it is the point-biserial r_pb = (M1 − M0) / s · √(p·q), where
    /// M1 and M0 are the mean totals of those who got it right and wrong, s the
    /// population standard deviation of the n totals, p the facility and q = 1 − p.
    /// `None` with fewer than two sheets, when every sheet earned the same share (p is 0
    /// or 1, say), or when all the totals are equal: it is undefined then.
    pub point_biserial: Option<f64>,
    /// The upper-lower 27% discrimination index D = p_upper − p_lower. Among the n sheets
    /// containing the item, sorted by total descending (ties keep the input order),
    /// g = max(1, round(0.27·n)), rounding halves up; the upper group is the first g
    /// sheets, the lower the last g, and p_upper, p_lower the mean share earned in each
    /// group (the share right, for a right-or-wrong item). `None` with fewer than two
    /// sheets.
    pub upper_lower: Option<f64>,
    /// What to review, in the order of [`ItemFlag`]'s variants.
    pub flags: Vec<ItemFlag>,
}

/// One entry per distinct question id, sorted by question id, each computed over the
/// sheets that contain that question (see [`ItemStats`] for the definitions).
///
/// Flags: [`ItemFlag::NobodyCorrect`] when nobody earned any of its points (facility 0),
/// [`ItemFlag::EverybodyCorrect`] when everybody earned all of them (facility 1), [`ItemFlag::NegativeDiscrimination`] when either
/// discrimination index is available and negative.
pub fn item_analysis(sheets: &[Sheet]) -> Vec<ItemStats> {
    // Per question, (total, share earned) of each sheet containing it, in input order:
    // the stable sort of the upper-lower index depends on that order.
    let mut by_question: BTreeMap<i64, Vec<(f64, f64)>> = BTreeMap::new();
    for sheet in sheets {
        let mut seen = BTreeSet::new();
        for &(id, share) in &sheet.items {
            if seen.insert(id) {
                by_question
                    .entry(id)
                    .or_default()
                    .push((sheet.total, clamp_share(share)));
            }
        }
    }
    by_question
        .into_iter()
        .map(|(question_id, responses)| item_stats(question_id, responses))
        .collect()
}

/// A share of points, into 0..=1 (NaN counts as nothing earned).
fn clamp_share(share: f64) -> f64 {
    if share.is_nan() {
        0.0
    } else {
        share.clamp(0.0, 1.0)
    }
}

/// The mean share earned; 0 for none.
fn mean_share(responses: &[(f64, f64)]) -> f64 {
    mean_and_variance(&responses.iter().map(|&(_, s)| s).collect::<Vec<_>>())
        .map_or(0.0, |(mean, _)| mean)
}

/// The statistics of one question from its (total, share earned) pairs, in input order.
fn item_stats(question_id: i64, mut responses: Vec<(f64, f64)>) -> ItemStats {
    let answered_by = responses.len();
    let correct = responses.iter().filter(|&&(_, share)| share >= 1.0).count();
    // `answered_by` is at least 1: a question is only known from a sheet containing it.
    let facility = mean_share(&responses);
    let point_biserial = point_biserial(&responses);
    let upper_lower = upper_lower(&mut responses);

    let mut flags = Vec::new();
    if responses.iter().all(|&(_, share)| share <= 0.0) {
        flags.push(ItemFlag::NobodyCorrect);
    }
    if correct == answered_by {
        flags.push(ItemFlag::EverybodyCorrect);
    }
    if point_biserial.is_some_and(|r| r < 0.0) || upper_lower.is_some_and(|d| d < 0.0) {
        flags.push(ItemFlag::NegativeDiscrimination);
    }
    ItemStats {
        question_id,
        answered_by,
        correct,
        facility,
        point_biserial,
        upper_lower,
        flags,
    }
}

/// Pearson's r of share earned with total (r_pb for right-or-wrong items); `None` where
/// it is undefined.
fn point_biserial(responses: &[(f64, f64)]) -> Option<f64> {
    if responses.len() < 2 {
        return None;
    }
    let totals: Vec<f64> = responses.iter().map(|&(total, _)| total).collect();
    let shares: Vec<f64> = responses.iter().map(|&(_, share)| share).collect();
    if all_equal(&totals) || all_equal(&shares) {
        return None;
    }
    let (mean_t, var_t) = mean_and_variance(&totals)?;
    let (mean_s, var_s) = mean_and_variance(&shares)?;
    let spread = (var_t * var_s).sqrt();
    if spread.is_nan() || spread <= 0.0 {
        return None;
    }
    let covariance = responses
        .iter()
        .map(|&(t, s)| (t - mean_t) * (s - mean_s))
        .sum::<f64>()
        / responses.len() as f64;
    Some(covariance / spread)
}

/// D = p_upper − p_lower over the top and bottom 27%; sorts `responses` by total.
fn upper_lower(responses: &mut [(f64, f64)]) -> Option<f64> {
    let n = responses.len();
    if n < 2 {
        return None;
    }
    // `sort_by` is stable: candidates with equal totals keep their input order.
    responses.sort_by(|a, b| b.0.total_cmp(&a.0));
    // round(0.27·n) in integers, halves up: no floating-point surprise at n = 50, 150, …
    // Never above n/2 for n ≥ 2, so the groups never overlap; the bound only guards overflow.
    let g = (n.saturating_mul(27).saturating_add(50) / 100).clamp(1, n / 2);
    Some(mean_share(&responses[..g]) - mean_share(&responses[n - g..]))
}

/// Kuder-Richardson formula 20, the reliability of a fixed paper of right-or-wrong items:
/// KR-20 = k/(k−1) · (1 − Σ p_i·q_i / σ²), where k is the number of items, p_i the facility
/// of item i, q_i = 1 − p_i, and σ² the population variance of the candidates'
/// number-correct totals.
///
/// The totals are the number of items right, not [`Sheet::total`]: KR-20 is defined for
/// dichotomous items, and the points total may include items (short answers, weighted
/// items) that the formula does not describe.
///
/// `None` unless every sheet has the same set of question ids (a fixed paper, in any
/// order, none repeated), every item was right or wrong on every sheet (a share of 0 or
/// 1: a part-marked short answer is not dichotomous), there are at least two items and
/// two sheets, and the number-correct totals vary. The value may be negative for an incoherent paper.
pub fn kr20(sheets: &[Sheet]) -> Option<f64> {
    let (first, rest) = sheets.split_first()?;
    if rest.is_empty() {
        return None;
    }
    let ids = |sheet: &Sheet| {
        let mut ids: Vec<i64> = sheet.items.iter().map(|&(id, _)| id).collect();
        ids.sort_unstable();
        ids
    };
    let paper = ids(first);
    let k = paper.len();
    if k < 2 || paper.windows(2).any(|pair| pair[0] == pair[1]) {
        return None;
    }
    if rest.iter().any(|sheet| ids(sheet) != paper) {
        return None;
    }
    let right = |share: f64| match clamp_share(share) {
        s if s >= 1.0 => Some(true),
        s if s <= 0.0 => Some(false),
        _ => None,
    };
    if sheets
        .iter()
        .any(|sheet| sheet.items.iter().any(|&(_, share)| right(share).is_none()))
    {
        return None;
    }

    let n = sheets.len();
    let number_right: Vec<f64> = sheets
        .iter()
        .map(|sheet| {
            let right_count = sheet.items.iter().filter(|&&(_, s)| right(s) == Some(true));
            right_count.count() as f64
        })
        .collect();
    if all_equal(&number_right) {
        return None;
    }
    let (_, variance) = mean_and_variance(&number_right)?;
    if variance.is_nan() || variance <= 0.0 {
        return None;
    }

    let mut right_per_item: BTreeMap<i64, usize> = BTreeMap::new();
    for sheet in sheets {
        for &(id, share) in &sheet.items {
            *right_per_item.entry(id).or_default() += usize::from(right(share) == Some(true));
        }
    }
    let sum_pq: f64 = right_per_item
        .values()
        .map(|&right| {
            let p = ratio(right, n);
            p * (1.0 - p)
        })
        .sum();
    let k = k as f64;
    Some(k / (k - 1.0) * (1.0 - sum_pq / variance))
}

/// Mean and population variance; `None` for no values.
fn mean_and_variance(values: &[f64]) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    Some((mean, variance))
}

/// Whether every value is the same: then there is no spread, whatever rounding makes of
/// the computed variance.
fn all_equal(values: &[f64]) -> bool {
    values.windows(2).all(|pair| pair[0] == pair[1])
}

/// `part / whole`, 0 for an empty whole.
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOLERANCE: f64 = 1e-9;

    fn assert_close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < TOLERANCE,
            "expected {expected}, got {actual}"
        );
    }

    fn assert_close_some(actual: Option<f64>, expected: f64) {
        match actual {
            Some(actual) => assert_close(actual, expected),
            None => panic!("expected {expected}, got None"),
        }
    }

    fn sheet(total: f64, items: &[(i64, bool)]) -> Sheet {
        scored(
            total,
            &items
                .iter()
                .map(|&(id, right)| (id, if right { 1.0 } else { 0.0 }))
                .collect::<Vec<_>>(),
        )
    }

    fn scored(total: f64, items: &[(i64, f64)]) -> Sheet {
        Sheet {
            total,
            items: items.to_vec(),
        }
    }

    fn stats_of(stats: &[ItemStats], question_id: i64) -> &ItemStats {
        match stats.iter().find(|s| s.question_id == question_id) {
            Some(found) => found,
            None => panic!("no statistics for question {question_id}"),
        }
    }

    #[test]
    fn an_even_count_has_the_mean_of_the_two_middle_scores_as_median() {
        // mean = (60 + 70 + 80 + 90) / 4 = 300 / 4 = 75; median = (70 + 80) / 2 = 75.
        // Deviations −15, −5, 5, 15; squares 225 + 25 + 25 + 225 = 500; / 4 = 125.
        let Some(summary) = summarize(&[90.0, 60.0, 80.0, 70.0]) else {
            panic!("four scores have a summary");
        };
        assert_eq!(summary.count, 4);
        assert_close(summary.mean, 75.0);
        assert_close(summary.median, 75.0);
        assert_close(summary.std_dev, 125f64.sqrt());
        assert_close(summary.std_dev, 11.180_339_887_498_949);
        assert_close(summary.min, 60.0);
        assert_close(summary.max, 90.0);
    }

    #[test]
    fn an_odd_count_has_the_middle_score_as_median() {
        // Sorted 10, 20, 90: median 20, mean 120 / 3 = 40.
        // Deviations −30, −20, 50; squares 900 + 400 + 2500 = 3800; / 3.
        let Some(summary) = summarize(&[90.0, 10.0, 20.0]) else {
            panic!("three scores have a summary");
        };
        assert_eq!(summary.count, 3);
        assert_close(summary.median, 20.0);
        assert_close(summary.mean, 40.0);
        assert_close(summary.std_dev, (3800.0f64 / 3.0).sqrt());
        assert_close(summary.min, 10.0);
        assert_close(summary.max, 90.0);
    }

    #[test]
    fn one_score_has_no_spread() {
        let Some(summary) = summarize(&[42.5]) else {
            panic!("one score has a summary");
        };
        assert_eq!(summary.count, 1);
        assert_close(summary.mean, 42.5);
        assert_close(summary.median, 42.5);
        assert_close(summary.std_dev, 0.0);
    }

    #[test]
    fn no_scores_have_no_summary() {
        assert_eq!(summarize(&[]), None);
    }

    #[test]
    fn the_last_bar_includes_the_full_score() {
        // 0, 9 -> 0-9; 10 -> 10-19; 59 -> 50-59; 60 -> 60-69; 99, 100 -> 90-100.
        let bins = histogram(&[0, 9, 10, 59, 60, 99, 100], 100, 10);
        assert_eq!(bins.len(), 10);
        let counts: Vec<usize> = bins.iter().map(|b| b.count).collect();
        assert_eq!(counts, [2, 1, 0, 0, 0, 1, 1, 0, 0, 2]);
        let ranges: Vec<(i64, i64)> = bins.iter().map(|b| (b.from, b.to)).collect();
        assert_eq!(
            ranges,
            [
                (0, 9),
                (10, 19),
                (20, 29),
                (30, 39),
                (40, 49),
                (50, 59),
                (60, 69),
                (70, 79),
                (80, 89),
                (90, 100),
            ]
        );
    }

    #[test]
    fn scores_out_of_range_count_in_the_end_bars() {
        // −5 -> 0-9 (first bar); 120 and i64::MAX -> 90-100 (last bar); i64::MIN -> first.
        let bins = histogram(&[-5, 120, i64::MAX, i64::MIN, 50], 100, 10);
        assert_eq!(bins[0].count, 2);
        assert_eq!(bins[5].count, 1);
        assert_eq!(bins[9].count, 2);
        assert_eq!(bins.iter().map(|b| b.count).sum::<usize>(), 5);
    }

    #[test]
    fn a_possible_score_not_a_multiple_of_the_width_ends_in_a_short_bar() {
        // possible 25, width 10: starts 0, 10, 20 -> 0-9, 10-19, 20-25.
        let bins = histogram(&[5, 20, 25], 25, 10);
        assert_eq!(
            bins,
            [
                Bin {
                    from: 0,
                    to: 9,
                    count: 1
                },
                Bin {
                    from: 10,
                    to: 19,
                    count: 0
                },
                Bin {
                    from: 20,
                    to: 25,
                    count: 2
                },
            ]
        );
        // possible 101, width 10: 0-9, …, 90-99, 100-101: eleven bars.
        let bins = histogram(&[], 101, 10);
        assert_eq!(bins.len(), 11);
        assert_eq!((bins[10].from, bins[10].to), (100, 101));
        // A width wider than the paper: one bar 0-5.
        assert_eq!(
            histogram(&[3], 5, 10),
            [Bin {
                from: 0,
                to: 5,
                count: 1
            }]
        );
    }

    #[test]
    fn a_width_or_possible_score_that_is_not_positive_gives_no_bars() {
        assert!(histogram(&[1, 2], 100, 0).is_empty());
        assert!(histogram(&[1, 2], 100, -10).is_empty());
        assert!(histogram(&[1, 2], 0, 10).is_empty());
        assert!(histogram(&[1, 2], -100, 10).is_empty());
    }

    /// Five candidates on one fixed paper of three items, best first:
    ///
    /// | candidate | total | q1 | q2 | q3 |
    /// |-----------|-------|----|----|----|
    /// | A         | 90    | ✓  | ✓  | ✗  |
    /// | B         | 80    | ✓  | ✓  | ✗  |
    /// | C         | 70    | ✗  | ✓  | ✓  |
    /// | D         | 60    | ✗  | ✓  | ✗  |
    /// | E         | 50    | ✗  | ✓  | ✓  |
    fn fixed_paper() -> Vec<Sheet> {
        vec![
            sheet(90.0, &[(1, true), (2, true), (3, false)]),
            sheet(80.0, &[(1, true), (2, true), (3, false)]),
            sheet(70.0, &[(1, false), (2, true), (3, true)]),
            sheet(60.0, &[(1, false), (2, true), (3, false)]),
            sheet(50.0, &[(1, false), (2, true), (3, true)]),
        ]
    }

    #[test]
    fn item_analysis_of_a_fixed_paper_matches_the_hand_computation() {
        // All five totals: mean 70; deviations ±20, ±10, 0; squares 400 + 100 + 0 + 100 + 400
        // = 1000; / 5 = 200 = s², s = √200. g = round(0.27·5) = round(1.35) = 1: the upper
        // group is A (90), the lower E (50).
        let stats = item_analysis(&fixed_paper());
        let ids: Vec<i64> = stats.iter().map(|s| s.question_id).collect();
        assert_eq!(ids, [1, 2, 3]);

        // q1: right A, B. p = 2/5 = 0.4, q = 0.6, pq = 0.24. M1 = (90 + 80) / 2 = 85,
        // M0 = (70 + 60 + 50) / 3 = 60. r = 25 / √200 · √0.24 = 25 · √0.0012 = √0.75
        // = √3 / 2 ≈ 0.866025. D = 1/1 (A right) − 0/1 (E wrong) = 1.
        let q1 = stats_of(&stats, 1);
        assert_eq!((q1.answered_by, q1.correct), (5, 2));
        assert_close(q1.facility, 0.4);
        assert_close_some(q1.point_biserial, 3f64.sqrt() / 2.0);
        assert_close_some(q1.upper_lower, 1.0);
        assert!(q1.flags.is_empty());

        // q2: everybody right. p = 1, so r is undefined; D = 1/1 − 1/1 = 0.
        let q2 = stats_of(&stats, 2);
        assert_eq!((q2.answered_by, q2.correct), (5, 5));
        assert_close(q2.facility, 1.0);
        assert_eq!(q2.point_biserial, None);
        assert_close_some(q2.upper_lower, 0.0);
        assert_eq!(q2.flags, [ItemFlag::EverybodyCorrect]);

        // q3: right C, E. p = 0.4, pq = 0.24. M1 = (70 + 50) / 2 = 60,
        // M0 = (90 + 80 + 60) / 3 = 230/3. M1 − M0 = −50/3.
        // r = −50/3 · √0.0012 = −√(2500/9 · 0.0012) = −√(1/3) ≈ −0.577350.
        // D = 0/1 (A wrong) − 1/1 (E right) = −1.
        let q3 = stats_of(&stats, 3);
        assert_eq!((q3.answered_by, q3.correct), (5, 2));
        assert_close(q3.facility, 0.4);
        assert_close_some(q3.point_biserial, -(1.0f64 / 3.0).sqrt());
        assert_close_some(q3.upper_lower, -1.0);
        assert_eq!(q3.flags, [ItemFlag::NegativeDiscrimination]);
    }

    #[test]
    fn an_item_nobody_got_right_is_flagged_and_has_no_point_biserial() {
        // p = 0/3 = 0: r undefined. g = round(0.81) = 1; D = 0/1 − 0/1 = 0.
        let sheets = [
            sheet(3.0, &[(7, false)]),
            sheet(2.0, &[(7, false)]),
            sheet(1.0, &[(7, false)]),
        ];
        let stats = item_analysis(&sheets);
        assert_eq!(stats.len(), 1);
        assert_eq!((stats[0].answered_by, stats[0].correct), (3, 0));
        assert_close(stats[0].facility, 0.0);
        assert_eq!(stats[0].point_biserial, None);
        assert_close_some(stats[0].upper_lower, 0.0);
        assert_eq!(stats[0].flags, [ItemFlag::NobodyCorrect]);
    }

    /// Three candidates on drawn papers, each with a different pair of questions, plus a
    /// question 4 that only the first had.
    ///
    /// | sheet | total | q1 | q2 | q3 | q4 |
    /// |-------|-------|----|----|----|----|
    /// | S1    | 10    | ✓  | ✗  |    | ✓  |
    /// | S2    | 8     |    | ✓  | ✓  |    |
    /// | S3    | 4     | ✗  |    | ✗  |    |
    fn drawn_papers() -> Vec<Sheet> {
        vec![
            sheet(10.0, &[(2, false), (1, true), (4, true)]),
            sheet(8.0, &[(3, true), (2, true)]),
            sheet(4.0, &[(1, false), (3, false)]),
        ]
    }

    #[test]
    fn with_drawn_papers_each_item_counts_only_the_sheets_that_contain_it() {
        // Every item on two sheets has g = max(1, round(0.54)) = 1 and p = 1/2, √(pq) = 1/2.
        let stats = item_analysis(&drawn_papers());
        let ids: Vec<i64> = stats.iter().map(|s| s.question_id).collect();
        assert_eq!(ids, [1, 2, 3, 4]);

        // q1 on S1 (10, ✓), S3 (4, ✗): mean 7, s = 3. r = (10 − 4) / 3 · 1/2 = 1.
        // D = 1 (S1) − 0 (S3) = 1.
        let q1 = stats_of(&stats, 1);
        assert_eq!((q1.answered_by, q1.correct), (2, 1));
        assert_close(q1.facility, 0.5);
        assert_close_some(q1.point_biserial, 1.0);
        assert_close_some(q1.upper_lower, 1.0);
        assert!(q1.flags.is_empty());

        // q2 on S1 (10, ✗), S2 (8, ✓): mean 9, s = 1. r = (8 − 10) / 1 · 1/2 = −1.
        // D = 0 (S1) − 1 (S2) = −1.
        let q2 = stats_of(&stats, 2);
        assert_eq!((q2.answered_by, q2.correct), (2, 1));
        assert_close_some(q2.point_biserial, -1.0);
        assert_close_some(q2.upper_lower, -1.0);
        assert_eq!(q2.flags, [ItemFlag::NegativeDiscrimination]);

        // q3 on S2 (8, ✓), S3 (4, ✗): mean 6, s = 2. r = (8 − 4) / 2 · 1/2 = 1. D = 1.
        let q3 = stats_of(&stats, 3);
        assert_eq!((q3.answered_by, q3.correct), (2, 1));
        assert_close_some(q3.point_biserial, 1.0);
        assert_close_some(q3.upper_lower, 1.0);

        // q4 on S1 only: one sheet, so neither index is defined.
        let q4 = stats_of(&stats, 4);
        assert_eq!((q4.answered_by, q4.correct), (1, 1));
        assert_close(q4.facility, 1.0);
        assert_eq!(q4.point_biserial, None);
        assert_eq!(q4.upper_lower, None);
        assert_eq!(q4.flags, [ItemFlag::EverybodyCorrect]);
    }

    #[test]
    fn equal_totals_keep_their_input_order_in_the_upper_lower_groups() {
        // Both totals 5: s = 0, so r is undefined; the stable sort puts the first sheet in
        // the upper group (g = 1) and the second in the lower.
        let right_first = [sheet(5.0, &[(1, true)]), sheet(5.0, &[(1, false)])];
        let stats = item_analysis(&right_first);
        assert_eq!(stats[0].point_biserial, None);
        assert_close_some(stats[0].upper_lower, 1.0);
        assert!(stats[0].flags.is_empty());

        // Swapped: D = 0 − 1 = −1, which alone flags the item.
        let wrong_first = [sheet(5.0, &[(1, false)]), sheet(5.0, &[(1, true)])];
        let stats = item_analysis(&wrong_first);
        assert_eq!(stats[0].point_biserial, None);
        assert_close_some(stats[0].upper_lower, -1.0);
        assert_eq!(stats[0].flags, [ItemFlag::NegativeDiscrimination]);
    }

    #[test]
    fn the_upper_lower_groups_are_27_percent_of_the_sheets() {
        // n = 10, g = round(2.7) = 3. Totals 10 down to 1; the item is right on the sheets
        // with totals 10, 9, 5 and 1. Upper (10, 9, 8): 2 right; lower (3, 2, 1): 1 right.
        // D = 2/3 − 1/3 = 1/3.
        let sheets: Vec<Sheet> = (1..=10)
            .rev()
            .map(|total| sheet(f64::from(total), &[(1, [10, 9, 5, 1].contains(&total))]))
            .collect();
        let stats = item_analysis(&sheets);
        assert_close_some(stats[0].upper_lower, 1.0 / 3.0);
    }

    #[test]
    fn a_repeated_question_on_a_sheet_counts_once() {
        let sheets = [
            sheet(2.0, &[(1, true), (1, false)]),
            sheet(1.0, &[(1, false)]),
        ];
        let stats = item_analysis(&sheets);
        assert_eq!((stats[0].answered_by, stats[0].correct), (2, 1));
    }

    #[test]
    fn no_sheets_have_no_items() {
        assert!(item_analysis(&[]).is_empty());
    }

    /// Four candidates on a fixed paper of three items, with equal points totals: KR-20
    /// must use the number right, not the points.
    ///
    /// | candidate | q1 | q2 | q3 | right |
    /// |-----------|----|----|----|-------|
    /// | P1        | ✓  | ✓  | ✓  | 3     |
    /// | P2        | ✓  | ✓  | ✗  | 2     |
    /// | P3        | ✓  | ✗  | ✗  | 1     |
    /// | P4        | ✗  | ✗  | ✗  | 0     |
    #[test]
    fn kr20_of_a_fixed_paper_matches_the_hand_computation() {
        // p = 3/4, 2/4, 1/4; pq = 3/16 + 4/16 + 3/16 = 10/16 = 0.625.
        // Number right 3, 2, 1, 0: mean 1.5; squares 2.25 + 0.25 + 0.25 + 2.25 = 5; / 4 = 1.25.
        // KR-20 = 3/2 · (1 − 0.625 / 1.25) = 1.5 · 0.5 = 0.75.
        let sheets = [
            sheet(50.0, &[(1, true), (2, true), (3, true)]),
            sheet(50.0, &[(3, false), (1, true), (2, true)]),
            sheet(50.0, &[(1, true), (2, false), (3, false)]),
            sheet(50.0, &[(2, false), (3, false), (1, false)]),
        ];
        assert_close_some(kr20(&sheets), 0.75);
    }

    #[test]
    fn kr20_of_the_item_analysis_paper_matches_the_hand_computation() {
        // The five-candidate paper: p = 0.4, 1, 0.4; pq = 0.24 + 0 + 0.24 = 0.48.
        // Number right 2, 2, 2, 1, 2: mean 9/5 = 1.8; squares 0.04·4 + 0.64 = 0.8; / 5 = 0.16.
        // KR-20 = 3/2 · (1 − 0.48 / 0.16) = 1.5 · (1 − 3) = −3: an incoherent paper.
        assert_close_some(kr20(&fixed_paper()), -3.0);
    }

    #[test]
    fn kr20_needs_every_sheet_to_have_the_same_questions() {
        assert_eq!(kr20(&drawn_papers()), None);
        // Same count, one question different.
        let sheets = [
            sheet(2.0, &[(1, true), (2, true)]),
            sheet(0.0, &[(1, false), (3, false)]),
        ];
        assert_eq!(kr20(&sheets), None);
        // A repeated id is not a fixed paper of distinct items.
        let sheets = [
            sheet(2.0, &[(1, true), (1, true)]),
            sheet(0.0, &[(1, false), (1, false)]),
        ];
        assert_eq!(kr20(&sheets), None);
    }

    #[test]
    fn kr20_needs_two_sheets_and_two_items() {
        assert_eq!(kr20(&[]), None);
        assert_eq!(kr20(&[sheet(1.0, &[(1, true), (2, false)])]), None);
        let one_item = [sheet(1.0, &[(1, true)]), sheet(0.0, &[(1, false)])];
        assert_eq!(kr20(&one_item), None);
    }

    #[test]
    fn kr20_needs_the_number_right_to_vary() {
        // Each candidate got one of two right: number right 1, 1, variance 0, even though
        // the points totals differ.
        let sheets = [
            sheet(10.0, &[(1, true), (2, false)]),
            sheet(5.0, &[(1, false), (2, true)]),
        ];
        assert_eq!(kr20(&sheets), None);
    }

    /// A short answer every candidate scored 7 out of 10: the facility is the mean share
    /// earned, 0.7, not 0 (nobody had full marks, but everybody earned most of them), so
    /// neither "nobody right" nor "everybody right" applies; with no spread in the share
    /// there is no correlation; the upper and lower groups earned the same (D = 0).
    #[test]
    fn a_part_marked_item_has_the_mean_share_as_its_facility() {
        let sheets = [
            scored(87.0, &[(9, 0.7), (1, 1.0)]),
            scored(77.0, &[(9, 0.7), (1, 0.0)]),
            scored(67.0, &[(9, 0.7), (1, 1.0)]),
        ];
        let stats = item_analysis(&sheets);
        let short = &stats[1];
        assert_eq!(short.question_id, 9);
        assert_eq!(short.correct, 0);
        assert_close(short.facility, 0.7);
        assert!(short.flags.is_empty(), "{:?}", short.flags);
        assert_eq!(short.point_biserial, None);
        assert_close_some(short.upper_lower, 0.0);
        // Part marks are not right-or-wrong: KR-20 does not describe this paper.
        assert_eq!(kr20(&sheets), None);
    }

    /// Shares 1, 0.5, 0 for totals 30, 20, 10: facility (1 + 0.5 + 0)/3 = 0.5; the share
    /// rises with the total in step, r = cov/(s_t·s_s) = (10/3)/√(200/3 · 0.5/3) = 1;
    /// g = round(0.27·3) = 1, D = 1 − 0 = 1; one full mark.
    #[test]
    fn a_part_marked_item_correlates_by_share_and_splits_groups_by_mean_share() {
        let sheets = [
            scored(30.0, &[(4, 1.0)]),
            scored(20.0, &[(4, 0.5)]),
            scored(10.0, &[(4, 0.0)]),
        ];
        let stats = item_analysis(&sheets);
        assert_eq!(stats[0].correct, 1);
        assert_close(stats[0].facility, 0.5);
        assert_close_some(stats[0].point_biserial, 1.0);
        assert_close_some(stats[0].upper_lower, 1.0);
        assert!(stats[0].flags.is_empty(), "{:?}", stats[0].flags);
    }

    /// A share of 0.3 from one of three candidates is something earned: facility 0.1, and
    /// not "nobody right"; shares out of range are clamped (1.5 -> 1, -1 -> 0, NaN -> 0).
    #[test]
    fn nobody_right_means_nobody_earned_anything() {
        let some = item_analysis(&[
            scored(3.0, &[(1, 0.3)]),
            scored(2.0, &[(1, 0.0)]),
            scored(1.0, &[(1, 0.0)]),
        ]);
        assert_close(some[0].facility, 0.1);
        assert!(!some[0].flags.contains(&ItemFlag::NobodyCorrect));
        let clamped = item_analysis(&[
            scored(3.0, &[(1, 1.5)]),
            scored(2.0, &[(1, -1.0)]),
            scored(1.0, &[(1, f64::NAN)]),
        ]);
        assert_close(clamped[0].facility, 1.0 / 3.0);
        assert_eq!(clamped[0].correct, 1);
        let none = item_analysis(&[scored(3.0, &[(1, 0.0)]), scored(2.0, &[(1, 0.0)])]);
        assert_eq!(none[0].flags, vec![ItemFlag::NobodyCorrect]);
    }
}
