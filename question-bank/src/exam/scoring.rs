//! Marking objective answers and deciding pass or fail.

use crate::bank::question::Answer;
use crate::named::FormChoice;

/// One item of a paper as the marker sees it.
#[derive(Clone, Debug)]
pub struct MarkedItem<'a> {
    /// The question's key.
    pub key: &'a Answer,
    /// Points for a correct answer.
    pub points: i64,
    /// What the candidate last saved, if anything.
    pub response: Option<&'a Answer>,
}

/// A candidate's total against the paper's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score {
    /// Points earned.
    pub earned: i64,
    /// Points available.
    pub possible: i64,
    /// Items answered correctly.
    pub correct: usize,
    /// Short answers, which only a marker can score: their points are in `possible`, none in
    /// `earned`, until they are marked.
    pub awaiting_marking: usize,
}

/// How a multiple-choice question is marked (多选题计分), set for each sitting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MultiChoicePolicy {
    /// 全部选对才得分: only exactly the key earns the points.
    #[default]
    AllOrNothing,
    /// 少选得部分分: choosing only right options, but not all of them, earns `percent` of the
    /// points (rounded down); any wrong option earns nothing.
    PartialCredit { percent: i64 },
}

impl MultiChoicePolicy {
    /// The choices a sitting form offers.
    pub const OFFERED: [Self; 2] = [Self::AllOrNothing, Self::PartialCredit { percent: 50 }];

    /// The shares a partial credit may be, in percent.
    pub const PARTIAL_PERCENT: std::ops::RangeInclusive<i64> = 1..=99;

    /// "all", "partial:50": the stored and submitted form.
    pub fn as_string(self) -> String {
        match self {
            Self::AllOrNothing => "all".into(),
            Self::PartialCredit { percent } => format!("partial:{percent}"),
        }
    }

    /// Reads `as_string`'s form; a partial share is 1 to 99 percent.
    pub fn parse(text: &str) -> Option<Self> {
        match text.split_once(':') {
            None if text == "all" => Some(Self::AllOrNothing),
            Some(("partial", n)) => n
                .parse::<i64>()
                .ok()
                .filter(|p| Self::PARTIAL_PERCENT.contains(p))
                .map(|percent| Self::PartialCredit { percent }),
            _ => None,
        }
    }

    pub fn label_zh(self) -> String {
        match self {
            Self::AllOrNothing => "多选题全部选对才得分".into(),
            Self::PartialCredit { percent } => {
                format!("多选题少选（无错选）得该题{percent}%的分，错选不得分")
            }
        }
    }

    pub fn label_en(self) -> String {
        match self {
            Self::AllOrNothing => "Multiple choice: all right or nothing".into(),
            Self::PartialCredit { percent } => format!(
                "Multiple choice: only right options but not all earn {percent}%; any wrong option earns nothing"
            ),
        }
    }
}

impl FormChoice for MultiChoicePolicy {
    fn from_form(text: &str) -> Option<Self> {
        Self::parse(text)
    }

    fn offered() -> Vec<String> {
        let (low, high) = Self::PARTIAL_PERCENT.into_inner();
        vec!["all".into(), format!("partial:{low}–{high}")]
    }
}

/// All or nothing: a response earns the points only if it is exactly the key. A short
/// answer is never correct by itself: copying the reference answer's words is for a marker
/// to judge.
pub fn is_correct(key: &Answer, response: Option<&Answer>) -> bool {
    !matches!(key, Answer::Text(_)) && response == Some(key)
}

/// The points a response earns under the sitting's multiple-choice policy: all of them for
/// exactly the key; a share for a partial multiple-choice answer where the policy gives one.
pub fn points_earned(
    key: &Answer,
    points: i64,
    response: Option<&Answer>,
    policy: MultiChoicePolicy,
) -> i64 {
    if is_correct(key, response) {
        return points;
    }
    match (policy, key, response) {
        (
            MultiChoicePolicy::PartialCredit { percent },
            Answer::Choices(key),
            Some(Answer::Choices(chosen)),
        ) if key.len() > 1 && !chosen.is_empty() && chosen.is_subset(key) => {
            points.saturating_mul(percent) / 100
        }
        _ => 0,
    }
}

/// What one item earns: a short answer its marker's final mark (nothing until marked), any
/// other kind what `points_earned` gives.
pub fn item_earned(
    key: &Answer,
    points: i64,
    response: Option<&Answer>,
    marked: Option<i64>,
    policy: MultiChoicePolicy,
) -> i64 {
    match key {
        Answer::Text(_) => marked.unwrap_or(0),
        _ => points_earned(key, points, response, policy),
    }
}

/// Whether an item earned all its points: what item statistics count as right. A short
/// answer does when its final mark is full.
pub fn full_marks(
    key: &Answer,
    points: i64,
    response: Option<&Answer>,
    marked: Option<i64>,
) -> bool {
    match key {
        Answer::Text(_) => marked == Some(points),
        _ => is_correct(key, response),
    }
}

/// Marks every item of a paper.
pub fn score(items: &[MarkedItem<'_>], policy: MultiChoicePolicy) -> Score {
    let mut total = Score {
        earned: 0,
        possible: 0,
        correct: 0,
        awaiting_marking: 0,
    };
    for item in items {
        // Saturating: points are bounded where they enter (a blueprint's or a fixed
        // paper's), so this only matters for a corrupt record, which must not crash.
        total.possible = total.possible.saturating_add(item.points);
        if matches!(item.key, Answer::Text(_)) {
            total.awaiting_marking += 1;
        }
        total.earned = total.earned.saturating_add(points_earned(
            item.key,
            item.points,
            item.response,
            policy,
        ));
        if is_correct(item.key, item.response) {
            total.correct += 1;
        }
    }
    total
}

/// A pass is a score at or above the pass mark.
pub fn passed(earned: i64, pass_mark: i64) -> bool {
    earned >= pass_mark
}

/// One item of a marked paper as a regrade sees it: the version the paper used and the
/// latest version of the same question.
#[derive(Clone, Debug)]
pub struct RegradeItem {
    pub points: i64,
    pub options: Vec<String>,
    pub key: Answer,
    pub latest_options: Vec<String>,
    pub latest_key: Answer,
    pub response: Option<Answer>,
}

impl RegradeItem {
    /// The key a regrade marks with: the latest version's when it keeps the paper's options
    /// and type (a corrected key), otherwise the paper's own (a question rewritten beyond its
    /// key is not this paper's question any more).
    pub fn key(&self) -> &Answer {
        let same_kind =
            std::mem::discriminant(&self.key) == std::mem::discriminant(&self.latest_key);
        if same_kind && self.options == self.latest_options {
            &self.latest_key
        } else {
            &self.key
        }
    }

    /// Whether the regrade marks this item with a key other than the one it was marked with.
    pub fn corrected(&self) -> bool {
        self.key() != &self.key
    }
}

/// A paper marked again with its questions' corrected keys.
pub fn regrade(items: &[RegradeItem], policy: MultiChoicePolicy) -> Score {
    score(
        &items
            .iter()
            .map(|i| MarkedItem {
                key: i.key(),
                points: i.points,
                response: i.response.as_ref(),
            })
            .collect::<Vec<_>>(),
        policy,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_saturate_instead_of_overflowing() {
        let key = Answer::Choices([0, 1].into_iter().collect());
        let partial = Answer::Choices([0].into_iter().collect());
        let policy = MultiChoicePolicy::PartialCredit { percent: 50 };
        assert_eq!(
            points_earned(&key, i64::MAX, Some(&partial), policy),
            i64::MAX / 100
        );
        let item = MarkedItem {
            key: &key,
            points: i64::MAX,
            response: Some(&key),
        };
        let total = score(&[item.clone(), item], policy);
        assert_eq!((total.earned, total.possible), (i64::MAX, i64::MAX));
        assert!(passed(total.earned, i64::MAX));
    }

    #[test]
    fn short_answers_earn_their_hand_mark_and_count_right_only_at_full_marks() {
        let text = Answer::Text("一切权力属于人民".into());
        let given = Answer::Text("权力属于人民".into());
        let p = MultiChoicePolicy::AllOrNothing;
        assert_eq!(item_earned(&text, 10, Some(&given), None, p), 0);
        assert_eq!(item_earned(&text, 10, Some(&given), Some(7), p), 7);
        assert!(!full_marks(&text, 10, Some(&given), Some(7)));
        assert!(full_marks(&text, 10, Some(&given), Some(10)));
        let key = Answer::Judgement(true);
        assert_eq!(item_earned(&key, 2, Some(&key), None, p), 2);
        assert!(full_marks(&key, 2, Some(&key), None));
    }

    #[test]
    fn only_an_exact_response_earns_the_points() {
        let single = Answer::Choices([1].into());
        let multi = Answer::Choices([0, 2].into());
        let judge = Answer::Judgement(true);
        let partial = Answer::Choices([0].into());
        let wrong_judge = Answer::Judgement(false);
        let reference = Answer::Text("一切权力属于人民".into());
        let items = [
            MarkedItem {
                key: &single,
                points: 2,
                response: Some(&single),
            },
            MarkedItem {
                key: &multi,
                points: 3,
                response: Some(&partial),
            },
            MarkedItem {
                key: &judge,
                points: 1,
                response: Some(&wrong_judge),
            },
            MarkedItem {
                key: &judge,
                points: 1,
                response: None,
            },
            MarkedItem {
                key: &multi,
                points: 3,
                response: Some(&multi),
            },
            MarkedItem {
                key: &reference,
                points: 10,
                response: Some(&reference),
            },
        ];
        assert_eq!(
            score(&items, MultiChoicePolicy::AllOrNothing),
            Score {
                earned: 5,
                possible: 20,
                correct: 2,
                awaiting_marking: 1,
            }
        );
    }

    #[test]
    fn the_pass_mark_itself_passes() {
        assert!(passed(60, 60));
        assert!(!passed(59, 60));
    }

    #[test]
    fn a_regrade_marks_with_a_corrected_key_but_not_with_a_rewritten_question() {
        let options = vec!["甲".to_owned(), "乙".to_owned()];
        let item = |latest_options: Vec<String>, latest_key: Answer| RegradeItem {
            points: 5,
            options: options.clone(),
            key: Answer::Choices([0].into()),
            latest_options,
            latest_key,
            response: Some(Answer::Choices([1].into())),
        };
        let corrected = item(options.clone(), Answer::Choices([1].into()));
        assert!(corrected.corrected());
        assert_eq!(
            regrade(&[corrected], MultiChoicePolicy::AllOrNothing).earned,
            5
        );
        let rewritten = item(vec!["丙".into(), "乙".into()], Answer::Choices([1].into()));
        assert!(!rewritten.corrected());
        assert_eq!(
            regrade(&[rewritten], MultiChoicePolicy::AllOrNothing).earned,
            0
        );
        let unchanged = item(options.clone(), Answer::Choices([0].into()));
        assert!(!unchanged.corrected());
        assert_eq!(
            regrade(&[unchanged], MultiChoicePolicy::AllOrNothing).earned,
            0
        );
    }

    #[test]
    fn partial_credit_pays_a_share_for_right_options_only_and_nothing_for_a_wrong_one() {
        let key = Answer::Choices([0, 2, 3].into());
        let half = MultiChoicePolicy::PartialCredit { percent: 50 };
        let earned = |chosen: &[u8], policy| {
            let response = Answer::Choices(chosen.iter().copied().collect());
            points_earned(&key, 5, Some(&response), policy)
        };
        assert_eq!(earned(&[0, 2, 3], half), 5, "the key earns everything");
        assert_eq!(earned(&[0, 2], half), 2, "half of 5, rounded down");
        assert_eq!(earned(&[0, 1], half), 0, "a wrong option earns nothing");
        assert_eq!(earned(&[], half), 0);
        assert_eq!(earned(&[0, 2], MultiChoicePolicy::AllOrNothing), 0);
        // A single choice has no partial answer.
        let single = Answer::Choices([1].into());
        assert_eq!(
            points_earned(&single, 2, Some(&Answer::Choices([0].into())), half),
            0
        );
        let paper = [
            MarkedItem {
                key: &key,
                points: 4,
                response: Some(&Answer::Choices([3].into())),
            },
            MarkedItem {
                key: &single,
                points: 2,
                response: Some(&single),
            },
        ];
        assert_eq!(
            score(&paper, half),
            Score {
                earned: 4,
                possible: 6,
                correct: 1,
                awaiting_marking: 0
            }
        );
    }

    #[test]
    fn a_policy_reads_back_what_it_writes() {
        for p in MultiChoicePolicy::OFFERED {
            assert_eq!(MultiChoicePolicy::parse(&p.as_string()), Some(p));
        }
        assert_eq!(MultiChoicePolicy::parse("partial:0"), None);
        assert_eq!(MultiChoicePolicy::parse("partial:x"), None);
        assert_eq!(MultiChoicePolicy::parse("some"), None);
    }
}
