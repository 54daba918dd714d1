//! Hand marking of short answers (简答题阅卷): blind, optionally by two markers, with a
//! third who settles a difference beyond the sitting's margin.
//!
//! Each short answer on a paper is an item to mark. Under single marking (单评) the first
//! mark is final. Under double marking (双评) two different markers mark it without seeing
//! each other's mark; when their marks differ by no more than the margin the item gets their
//! mean (rounded half up), otherwise a third marker reconciles (仲裁) and that mark is final.
//! A paper's score is final only when every item on it is.

use crate::named::FormChoice;
use crate::Bilingual;

/// How a sitting's short answers are marked, chosen with the sitting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MarkingPlan {
    /// 单评: one marker's mark is final.
    #[default]
    Single,
    /// 双评: two markers; a difference above `margin` points goes to a third.
    Double { margin: i64 },
}

impl MarkingPlan {
    /// The choices a sitting form offers.
    pub const OFFERED: [Self; 3] = [
        Self::Single,
        Self::Double { margin: 2 },
        Self::Double { margin: 0 },
    ];

    /// The margins double marking may have, in points.
    pub const MARGIN: std::ops::RangeInclusive<i64> = 0..=100;

    /// "single", "double:2": the stored and submitted form.
    pub fn as_string(self) -> String {
        match self {
            Self::Single => "single".into(),
            Self::Double { margin } => format!("double:{margin}"),
        }
    }

    /// Reads `as_string`'s form; a margin is 0 to 100 points.
    pub fn parse(text: &str) -> Option<Self> {
        match text.split_once(':') {
            None if text == "single" => Some(Self::Single),
            Some(("double", n)) => n
                .parse::<i64>()
                .ok()
                .filter(|m| Self::MARGIN.contains(m))
                .map(|margin| Self::Double { margin }),
            _ => None,
        }
    }

    pub fn label_zh(self) -> String {
        match self {
            Self::Single => "单评：一位阅卷人评定".into(),
            Self::Double { margin } => {
                format!("双评：两位阅卷人分别评分，分差超过{margin}分由第三人仲裁，否则取平均分")
            }
        }
    }

    /// How many different markers it takes so that no item can be left without one: one
    /// under single marking; under double marking two, and a third who has marked neither
    /// for a difference beyond the margin (仲裁).
    pub fn markers_needed(self) -> usize {
        match self {
            Self::Single => 1,
            Self::Double { .. } => 3,
        }
    }

    pub fn label_en(self) -> String {
        match self {
            Self::Single => "Single: one marker".into(),
            Self::Double { margin } => format!(
                "Double: two markers; a difference over {margin} points goes to a third, otherwise the mean"
            ),
        }
    }
}

impl FormChoice for MarkingPlan {
    fn from_form(text: &str) -> Option<Self> {
        Self::parse(text)
    }

    fn offered() -> Vec<String> {
        let (low, high) = Self::MARGIN.into_inner();
        vec!["single".into(), format!("double:{low}–{high}")]
    }
}

/// A 密封号 such as "K7QD-M2XA": 40 random bits in letters and digits no one misreads (no
/// I, O, 0 or 1). Markers see this code, never a name, a ticket or a record number.
pub fn seal_code(rng: &mut impl rand::Rng) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut code = String::with_capacity(9);
    for i in 0..8 {
        if i == 4 {
            code.push('-');
        }
        code.push(ALPHABET[rng.random_range(0..ALPHABET.len())] as char);
    }
    code
}

/// Which mark of an item a marker gives.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Stage {
    /// 初评 (or the only mark under single marking).
    First,
    /// 复评: the second, independent mark.
    Second,
    /// 仲裁: the third mark, which settles a difference beyond the margin.
    Reconciliation,
}

impl Stage {
    pub const ALL: [Self; 3] = [Self::First, Self::Second, Self::Reconciliation];

    /// 1, 2, 3: the stored form.
    pub fn number(self) -> i64 {
        match self {
            Self::First => 1,
            Self::Second => 2,
            Self::Reconciliation => 3,
        }
    }

    pub fn from_number(n: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.number() == n)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::First => "初评",
            Self::Second => "复评",
            Self::Reconciliation => "仲裁",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::First => "First marking",
            Self::Second => "Second marking",
            Self::Reconciliation => "Reconciliation",
        }
    }
}

/// A mark given to one item.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GivenMark {
    pub stage: Stage,
    /// The marker's account name.
    pub marker: String,
    pub points: i64,
}

/// Where an item's marking stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Progress {
    /// The next mark the item needs.
    Needs(Stage),
    /// Marked: the points it earns.
    Final(i64),
}

fn mark_of(marks: &[GivenMark], stage: Stage) -> Option<i64> {
    marks.iter().find(|m| m.stage == stage).map(|m| m.points)
}

/// The mean of two marks, a half rounded up: (3, 4) gives 4, (3, 5) gives 4.
fn mean(a: i64, b: i64) -> i64 {
    // In i128: marks are bounded by `check_mark`, but a mean must never overflow.
    let mean = (i128::from(a) + i128::from(b) + 1).div_euclid(2);
    i64::try_from(mean).unwrap_or(if mean < 0 { i64::MIN } else { i64::MAX })
}

/// Where an item stands under `plan`, given its marks so far.
pub fn progress(plan: MarkingPlan, marks: &[GivenMark]) -> Progress {
    let Some(first) = mark_of(marks, Stage::First) else {
        return Progress::Needs(Stage::First);
    };
    let MarkingPlan::Double { margin } = plan else {
        return Progress::Final(first);
    };
    let Some(second) = mark_of(marks, Stage::Second) else {
        return Progress::Needs(Stage::Second);
    };
    if (first - second).abs() <= margin {
        return Progress::Final(mean(first, second));
    }
    match mark_of(marks, Stage::Reconciliation) {
        Some(third) => Progress::Final(third),
        None => Progress::Needs(Stage::Reconciliation),
    }
}

/// Why a mark cannot be given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MarkError {
    /// The points are outside 0 to the item's points.
    #[error("得分应为0至{0}分的整数")]
    OutOfRange(i64),
    /// Someone gave this mark meanwhile, or the item is marked already.
    #[error("这份答卷的{}已由其他阅卷人完成，请评阅下一份", .0.label_zh())]
    Taken(Stage),
    /// A marker marks an item once: the second and the third mark are independent.
    #[error("您已评阅过这道题的这份答卷，需由另一位阅卷人评定")]
    SameMarker,
    /// The sitting's results are published: a change goes through an appeal.
    #[error("本场考试的成绩已经发布，评分不能再改动；如需更正请走复核程序。")]
    Published,
}

impl From<MarkError> for crate::refusal::Refusal {
    fn from(e: MarkError) -> Self {
        match e {
            MarkError::OutOfRange(_) => Self::field("points", e),
            _ => Self::state(e),
        }
    }
}

impl Bilingual for MarkError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::OutOfRange(max) => format!("the mark must be a whole number from 0 to {max}"),
            Self::Taken(stage) => format!(
                "another marker has just given this script's {}; mark the next one",
                stage.label_en().to_lowercase()
            ),
            Self::SameMarker => {
                "you have marked this answer already; another marker must give this mark".into()
            }
            Self::Published => {
                "This sitting's results are published: marks can no longer change; use an appeal."
                    .into()
            }
        }
    }
}

/// Checks that `marker` may give `points` (of `max` available) as the `stage` mark of an
/// item whose marks so far are `marks`.
pub fn check_mark(
    plan: MarkingPlan,
    marks: &[GivenMark],
    stage: Stage,
    marker: &str,
    points: i64,
    max: i64,
) -> Result<(), MarkError> {
    if !(0..=max).contains(&points) {
        return Err(MarkError::OutOfRange(max));
    }
    if progress(plan, marks) != Progress::Needs(stage) {
        return Err(MarkError::Taken(stage));
    }
    if marks.iter().any(|m| m.marker == marker) {
        return Err(MarkError::SameMarker);
    }
    Ok(())
}

/// Whether `marker` can give an item its next mark: it needs one, and they have not
/// marked it before.
pub fn next_for(plan: MarkingPlan, marks: &[GivenMark], marker: &str) -> Option<Stage> {
    match progress(plan, marks) {
        Progress::Needs(stage) if marks.iter().all(|m| m.marker != marker) => Some(stage),
        _ => None,
    }
}

/// A paper's total: the objective points plus every item's final mark; none while any item
/// still needs a mark.
pub fn paper_total(objective: i64, items: &[Progress]) -> Option<i64> {
    items.iter().try_fold(objective, |total, item| match item {
        Progress::Final(points) => Some(total.saturating_add(*points)),
        Progress::Needs(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_marking_needs_a_third_marker_to_arbitrate() {
        assert_eq!(MarkingPlan::Single.markers_needed(), 1);
        assert_eq!(MarkingPlan::Double { margin: 2 }.markers_needed(), 3);
        // Two markers who differ beyond the margin leave the item to someone else.
        let marks = [
            GivenMark {
                stage: Stage::First,
                marker: "a".into(),
                points: 2,
            },
            GivenMark {
                stage: Stage::Second,
                marker: "b".into(),
                points: 9,
            },
        ];
        let plan = MarkingPlan::Double { margin: 2 };
        assert_eq!(next_for(plan, &marks, "a"), None);
        assert_eq!(next_for(plan, &marks, "b"), None);
        assert_eq!(next_for(plan, &marks, "c"), Some(Stage::Reconciliation));
    }

    #[test]
    fn means_and_totals_hold_at_the_ends_of_i64() {
        assert_eq!(mean(i64::MAX, i64::MAX), i64::MAX);
        assert_eq!(mean(i64::MIN, i64::MIN), i64::MIN);
        assert_eq!(mean(3, 4), 4);
        assert_eq!(
            paper_total(i64::MAX, &[Progress::Final(i64::MAX)]),
            Some(i64::MAX)
        );
    }

    fn mark(stage: Stage, marker: &str, points: i64) -> GivenMark {
        GivenMark {
            stage,
            marker: marker.into(),
            points,
        }
    }

    #[test]
    fn plans_read_back_as_written() {
        for plan in MarkingPlan::OFFERED {
            assert_eq!(MarkingPlan::parse(&plan.as_string()), Some(plan));
        }
        assert_eq!(
            MarkingPlan::parse("double:3"),
            Some(MarkingPlan::Double { margin: 3 })
        );
        assert_eq!(MarkingPlan::parse("double:-1"), None);
        assert_eq!(MarkingPlan::parse("double:x"), None);
        assert_eq!(MarkingPlan::parse("triple"), None);
        for stage in Stage::ALL {
            assert_eq!(Stage::from_number(stage.number()), Some(stage));
        }
    }

    #[test]
    fn seal_codes_are_nine_unambiguous_characters() {
        use rand::SeedableRng;
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        let codes: std::collections::BTreeSet<String> =
            (0..1000).map(|_| seal_code(&mut rng)).collect();
        assert_eq!(codes.len(), 1000);
        for code in &codes {
            assert_eq!(code.len(), 9);
            assert_eq!(&code[4..5], "-");
            assert!(!code.contains(['I', 'O', '0', '1']), "{code}");
        }
    }

    #[test]
    fn single_marking_takes_the_first_mark() {
        let plan = MarkingPlan::Single;
        assert_eq!(progress(plan, &[]), Progress::Needs(Stage::First));
        assert_eq!(
            progress(plan, &[mark(Stage::First, "a", 7)]),
            Progress::Final(7)
        );
    }

    #[test]
    fn double_marking_averages_within_the_margin_and_reconciles_beyond_it() {
        let plan = MarkingPlan::Double { margin: 2 };
        let first = mark(Stage::First, "a", 6);
        assert_eq!(
            progress(plan, std::slice::from_ref(&first)),
            Progress::Needs(Stage::Second)
        );
        // |6 - 8| = 2 ≤ 2: the mean, 7.
        let close = [first.clone(), mark(Stage::Second, "b", 8)];
        assert_eq!(progress(plan, &close), Progress::Final(7));
        // |6 - 9| = 3 > 2: a third marker decides.
        let far = [first.clone(), mark(Stage::Second, "b", 9)];
        assert_eq!(progress(plan, &far), Progress::Needs(Stage::Reconciliation));
        let settled = [
            first,
            mark(Stage::Second, "b", 9),
            mark(Stage::Reconciliation, "c", 8),
        ];
        assert_eq!(progress(plan, &settled), Progress::Final(8));
    }

    #[test]
    fn the_mean_rounds_a_half_up() {
        // (3 + 4) / 2 = 3.5 → 4; (3 + 5) / 2 = 4; (0 + 1) / 2 = 0.5 → 1.
        assert_eq!(mean(3, 4), 4);
        assert_eq!(mean(3, 5), 4);
        assert_eq!(mean(0, 1), 1);
        assert_eq!(mean(0, 0), 0);
        // With a zero margin only equal marks are final without a third.
        let plan = MarkingPlan::Double { margin: 0 };
        let marks = [mark(Stage::First, "a", 3), mark(Stage::Second, "b", 4)];
        assert_eq!(
            progress(plan, &marks),
            Progress::Needs(Stage::Reconciliation)
        );
    }

    #[test]
    fn marks_are_in_range_in_turn_and_independent() {
        let plan = MarkingPlan::Double { margin: 1 };
        assert_eq!(
            check_mark(plan, &[], Stage::First, "a", 11, 10),
            Err(MarkError::OutOfRange(10))
        );
        assert_eq!(
            check_mark(plan, &[], Stage::First, "a", -1, 10),
            Err(MarkError::OutOfRange(10))
        );
        assert_eq!(check_mark(plan, &[], Stage::First, "a", 10, 10), Ok(()));
        let first = [mark(Stage::First, "a", 5)];
        // The first mark is taken; the same marker cannot give the second.
        assert_eq!(
            check_mark(plan, &first, Stage::First, "b", 5, 10),
            Err(MarkError::Taken(Stage::First))
        );
        assert_eq!(
            check_mark(plan, &first, Stage::Second, "a", 5, 10),
            Err(MarkError::SameMarker)
        );
        assert_eq!(check_mark(plan, &first, Stage::Second, "b", 5, 10), Ok(()));
        assert_eq!(next_for(plan, &first, "a"), None);
        assert_eq!(next_for(plan, &first, "b"), Some(Stage::Second));
        // Agreeing marks need no reconciliation, so none may be given.
        let agreed = [mark(Stage::First, "a", 5), mark(Stage::Second, "b", 6)];
        assert_eq!(
            check_mark(plan, &agreed, Stage::Reconciliation, "c", 5, 10),
            Err(MarkError::Taken(Stage::Reconciliation))
        );
        assert_eq!(next_for(plan, &agreed, "c"), None);
    }

    #[test]
    fn a_paper_totals_only_when_every_item_is_final() {
        assert_eq!(paper_total(40, &[]), Some(40));
        assert_eq!(
            paper_total(40, &[Progress::Final(6), Progress::Final(3)]),
            Some(49)
        );
        assert_eq!(
            paper_total(40, &[Progress::Final(6), Progress::Needs(Stage::Second)]),
            None
        );
    }
}
