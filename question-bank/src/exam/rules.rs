//! A jurisdiction's exam rules (考试规则): local rules differ, so each standing committee
//! sets its own, and a district without rules of its own follows the nearest one above it.
//! The defaults are the published ones: 90 minutes, pass mark 60 of 100, entry up to 15
//! minutes late, one retake (补考), and after publication candidates may review their
//! answers with the key, the explanation and the cited article.

use crate::named::named_enum;
use crate::Bilingual;

named_enum! {
    /// How a sitting's papers are made.
    #[derive(Default)]
    pub enum PaperMode {
        /// A paper of their own for each candidate, drawn by the blueprint.
        #[default]
        Drawn => (
            "drawn",
            "按组卷规则为每位考生随机组卷",
            "A paper of their own for each candidate, drawn by the blueprint",
        ),
        /// Papers A and B drawn by the blueprint; one is chosen by lot when the sitting opens
        /// and everyone answers it.
        AbByLot => (
            "ab",
            "按组卷规则组A、B两卷，开考时抽签定卷",
            "Papers A and B by the blueprint, one drawn by lot at the opening",
        ),
        /// Questions chosen by hand, the same for everyone.
        Fixed => ("fixed", "固定试题（所有考生相同）", "Fixed questions (the same for everyone)"),
    }
}

impl PaperMode {
    /// Whether the paper comes from a blueprint.
    pub fn uses_blueprint(self) -> bool {
        !matches!(self, Self::Fixed)
    }
}

named_enum! {
    /// What a candidate may see of their paper once results are published.
    #[derive(Default)]
    pub enum ReviewPolicy {
        /// 仅成绩: the score and whether it passed.
        ScoreOnly => ("score", "仅可查看成绩", "The score only"),
        /// 成绩和本人作答: also their own answers, marked right or wrong.
        OwnAnswers => ("answers", "可查看成绩和本人作答", "The score and their own answers"),
        /// 成绩、作答、正确答案、解析和法条.
        #[default]
        Full => (
            "full",
            "可查看成绩、作答、正确答案、解析和法条",
            "Score, answers, key, explanation and article",
        ),
    }
}

/// The most retakes a rule may allow.
pub const MAX_RETAKES: i64 = 3;

/// The longest exam allowed (published rules use 90 or 120 minutes).
pub const MAX_DURATION_MINUTES: i64 = 240;

/// A jurisdiction's rules: the defaults of every sitting it sets up.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExamRules {
    pub duration_minutes: i64,
    pub pass_mark: i64,
    /// 迟到限制; none for no limit.
    pub late_entry_minutes: Option<i64>,
    /// 补考: further sittings a person who failed may enrol in before passing.
    pub retakes_allowed: i64,
    pub review: ReviewPolicy,
    pub paper_mode: PaperMode,
    /// 本届任期届满: a pass counts until then (本届内有效); none: for one full term from the
    /// pass (see `results::pass_valid_until`).
    #[serde(default)]
    pub term_ends_at: Option<i64>,
    /// The local rules from nomination to oath (failure policy, oath deadline, signer…).
    #[serde(default)]
    pub appointment: crate::appointments::appointment::AppointmentRules,
    /// 适用的地方性法规: whose local regulations papers and practice may draw on; none for
    /// national laws only (`region::applies_here`).
    #[serde(default)]
    pub local_regulations: Option<crate::bank::region::Region>,
}

impl Default for ExamRules {
    fn default() -> Self {
        Self {
            duration_minutes: 90,
            pass_mark: 60,
            late_entry_minutes: Some(15),
            retakes_allowed: 1,
            review: ReviewPolicy::Full,
            paper_mode: PaperMode::Drawn,
            term_ends_at: None,
            appointment: crate::appointments::appointment::AppointmentRules::default(),
            local_regulations: None,
        }
    }
}

impl ExamRules {
    /// Checks rules as staff typed them.
    pub fn check(self) -> Result<Self, RuleError> {
        if !(1..=MAX_DURATION_MINUTES).contains(&self.duration_minutes) {
            return Err(RuleError::Duration(self.duration_minutes));
        }
        if !(0..=100).contains(&self.pass_mark) {
            return Err(RuleError::PassMark(self.pass_mark));
        }
        if let Some(late) = self.late_entry_minutes {
            if !(0..self.duration_minutes).contains(&late) {
                return Err(RuleError::LateEntry(late));
            }
        }
        if !(0..=MAX_RETAKES).contains(&self.retakes_allowed) {
            return Err(RuleError::Retakes(self.retakes_allowed));
        }
        Ok(self)
    }
}

/// Why rules were refused, with the form field it is about.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("考试时长应为1至240分钟，当前为{0}")]
    Duration(i64),
    #[error("默认及格分应为0至100，当前为{0}")]
    PassMark(i64),
    #[error("迟到限制应为0分钟以上且短于考试时长，当前为{0}")]
    LateEntry(i64),
    #[error("补考次数应为0至3次，当前为{0}")]
    Retakes(i64),
}

impl RuleError {
    pub fn field(&self) -> &'static str {
        match self {
            Self::Duration(_) => "duration_minutes",
            Self::PassMark(_) => "pass_mark",
            Self::LateEntry(_) => "late_entry_minutes",
            Self::Retakes(_) => "retakes_allowed",
        }
    }
}

impl Bilingual for RuleError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::Duration(n) => format!("the duration must be 1 to 240 minutes; it is {n}"),
            Self::PassMark(n) => format!("the default pass mark must be 0 to 100; it is {n}"),
            Self::LateEntry(n) => format!(
                "the late-entry limit must be 0 or more minutes and shorter than the exam; it is {n}"
            ),
            Self::Retakes(n) => format!("retakes must be 0 to 3; it is {n}"),
        }
    }
}

/// Where a person stands when enrolled: a first sitting or which retake.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Standing {
    /// No failed attempt since their last pass (or ever).
    First,
    /// The n-th retake (补考) since their last pass.
    Retake(i64),
}

/// Why a person may not be enrolled again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("该考生已{failures}次考试不合格，按本地规则最多补考{allowed}次，不能再报名")]
pub struct RetakesUsed {
    pub failures: i64,
    pub allowed: i64,
}

impl Bilingual for RetakesUsed {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        format!(
            "this person has failed {} times and the local rules allow {} retakes; they cannot be enrolled again",
            self.failures, self.allowed
        )
    }
}

/// Whether a person whose finished attempts passed or failed as `results` (oldest first)
/// may sit again under a rule allowing `retakes_allowed` retakes: failures count since the
/// last pass.
pub fn standing(results: &[bool], retakes_allowed: i64) -> Result<Standing, RetakesUsed> {
    let failures = results.iter().rev().take_while(|passed| !**passed).count() as i64;
    match failures {
        0 => Ok(Standing::First),
        n if n <= retakes_allowed => Ok(Standing::Retake(n)),
        n => Err(RetakesUsed {
            failures: n,
            allowed: retakes_allowed,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_rules_are_the_defaults() {
        let rules = ExamRules::default();
        assert_eq!((rules.duration_minutes, rules.pass_mark), (90, 60));
        assert_eq!(rules.late_entry_minutes, Some(15));
        assert_eq!(rules.retakes_allowed, 1);
        assert_eq!(rules.clone().check(), Ok(rules));
    }

    #[test]
    fn one_retake_after_a_failure_then_no_more() {
        assert_eq!(standing(&[], 1), Ok(Standing::First));
        assert_eq!(standing(&[false], 1), Ok(Standing::Retake(1)));
        let used = standing(&[false, false], 1).unwrap_err();
        assert_eq!(
            used,
            RetakesUsed {
                failures: 2,
                allowed: 1
            }
        );
        assert!(used.zh().contains("最多补考1次"));
        // A pass wipes the slate: failures count since the last pass.
        assert_eq!(standing(&[false, false, true], 1), Ok(Standing::First));
        assert_eq!(standing(&[false, true, false], 0).unwrap_err().failures, 1);
    }

    #[test]
    fn rules_out_of_range_name_their_field() {
        let late = ExamRules {
            late_entry_minutes: Some(90),
            ..ExamRules::default()
        };
        assert_eq!(late.check().unwrap_err().field(), "late_entry_minutes");
        let retakes = ExamRules {
            retakes_allowed: 4,
            ..ExamRules::default()
        };
        assert_eq!(retakes.check(), Err(RuleError::Retakes(4)));
    }

    #[test]
    fn names_round_trip() {
        for m in PaperMode::ALL {
            assert_eq!(PaperMode::parse(m.as_str()), Some(m));
        }
        for p in ReviewPolicy::ALL {
            assert_eq!(ReviewPolicy::parse(p.as_str()), Some(p));
        }
    }
}
