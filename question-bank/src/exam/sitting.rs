//! A sitting's rules (考试场次): window, duration, pass mark, and its paper: either fixed
//! questions every candidate gets in the same order, or a blueprint each candidate's own
//! paper is drawn from.

use crate::exam::blueprint::Blueprint;
use crate::exam::clock::{parse_cst, MINUTE_MS};
use crate::exam::rules::{PaperMode, ReviewPolicy, MAX_DURATION_MINUTES, MAX_RETAKES};
use crate::exam::scoring::MultiChoicePolicy;
use crate::Bilingual;

/// What staff typed when creating a sitting.
#[derive(Clone, Debug, Default)]
pub struct SittingDraft {
    pub title: String,
    pub venue: String,
    /// "2026-11-22T09:00", China Standard Time.
    pub opens_at: String,
    pub closes_at: String,
    pub duration_minutes: i64,
    pub pass_mark: i64,
    /// 迟到限制: minutes after the opening within which a candidate may still begin; none
    /// for no limit.
    pub late_entry_minutes: Option<i64>,
    /// 补考: further sittings a person who fails this one may enrol in.
    pub retakes_allowed: i64,
    pub review: ReviewPolicy,
    /// 多选题计分.
    pub multi_choice: MultiChoicePolicy,
    /// 简答题阅卷: single or double marking.
    pub marking: crate::results::marking::MarkingPlan,
    pub paper_mode: PaperMode,
    /// For a fixed paper: points per question and the questions.
    pub points_each: i64,
    pub question_ids: Vec<i64>,
    /// A checked blueprint, for the modes that draw papers (then `points_each` and
    /// `question_ids` are not used).
    pub blueprint: Option<Blueprint>,
}

/// What the candidates of a sitting answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaperPlan {
    /// The same questions for everyone, in this order: (question id, points).
    Fixed(Vec<(i64, i64)>),
    /// A paper of its own for each candidate, drawn from the sitting's pool.
    Drawn(Blueprint),
    /// Papers A and B drawn from the sitting's pool (B avoiding A where it can); one is
    /// chosen by lot at the opening.
    AbByLot(Blueprint),
}

impl PaperPlan {
    /// Questions on every paper.
    pub fn question_count(&self) -> i64 {
        match self {
            Self::Fixed(questions) => questions.len() as i64,
            Self::Drawn(blueprint) | Self::AbByLot(blueprint) => {
                i64::from(blueprint.question_count())
            }
        }
    }

    /// The blueprint papers are drawn by, if they are.
    pub fn blueprint(&self) -> Option<&Blueprint> {
        match self {
            Self::Fixed(_) => None,
            Self::Drawn(blueprint) | Self::AbByLot(blueprint) => Some(blueprint),
        }
    }

    pub fn mode(&self) -> PaperMode {
        match self {
            Self::Fixed(_) => PaperMode::Fixed,
            Self::Drawn(_) => PaperMode::Drawn,
            Self::AbByLot(_) => PaperMode::AbByLot,
        }
    }

    /// Points on every paper.
    pub fn total_points(&self) -> i64 {
        match self {
            Self::Fixed(questions) => questions.iter().map(|(_, points)| points).sum(),
            Self::Drawn(blueprint) | Self::AbByLot(blueprint) => {
                i64::from(blueprint.total_points())
            }
        }
    }
}

/// A sitting plan that satisfies every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SittingPlan {
    pub title: String,
    pub venue: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub duration_minutes: i64,
    pub pass_mark: i64,
    pub late_entry_minutes: Option<i64>,
    pub retakes_allowed: i64,
    pub review: ReviewPolicy,
    pub multi_choice: MultiChoicePolicy,
    /// 简答题阅卷: single or double marking.
    pub marking: crate::results::marking::MarkingPlan,
    pub paper: PaperPlan,
}

impl SittingPlan {
    /// Validates a draft; question ids are deduplicated keeping their first place.
    pub fn parse(draft: SittingDraft) -> Result<Self, SittingError> {
        let title = draft.title.trim().to_owned();
        if title.is_empty() {
            return Err(SittingError::EmptyTitle);
        }
        let opens_at = parse_cst(&draft.opens_at).ok_or(SittingError::BadTime("opens_at"))?;
        let closes_at = parse_cst(&draft.closes_at).ok_or(SittingError::BadTime("closes_at"))?;
        if closes_at <= opens_at {
            return Err(SittingError::ClosesBeforeOpening);
        }
        if !(1..=MAX_DURATION_MINUTES).contains(&draft.duration_minutes) {
            return Err(SittingError::Duration(draft.duration_minutes));
        }
        // Both instants are within `clock::YEARS`, so the window cannot overflow; the
        // minutes are multiplied only once they are known to be in range.
        let window = closes_at - opens_at;
        if draft.duration_minutes * MINUTE_MS > window {
            return Err(SittingError::WindowShorterThanDuration);
        }
        if let Some(late) = draft.late_entry_minutes {
            if !crate::bounds::LATE_ENTRY_MINUTES.contains(&late) || late * MINUTE_MS >= window {
                return Err(SittingError::LateEntry(late));
            }
        }
        if !(0..=MAX_RETAKES).contains(&draft.retakes_allowed) {
            return Err(SittingError::Retakes(draft.retakes_allowed));
        }
        let paper = match (draft.paper_mode, draft.blueprint) {
            (PaperMode::Drawn, Some(blueprint)) => PaperPlan::Drawn(blueprint),
            (PaperMode::AbByLot, Some(blueprint)) => PaperPlan::AbByLot(blueprint),
            (PaperMode::Drawn | PaperMode::AbByLot, None) => return Err(SittingError::NoBlueprint),
            (PaperMode::Fixed, _) => {
                if !(1..=100).contains(&draft.points_each) {
                    return Err(SittingError::Points(draft.points_each));
                }
                let mut ids = draft.question_ids;
                let mut seen = std::collections::HashSet::new();
                ids.retain(|id| seen.insert(*id));
                if ids.is_empty() {
                    return Err(SittingError::NoQuestions);
                }
                PaperPlan::Fixed(ids.into_iter().map(|id| (id, draft.points_each)).collect())
            }
        };
        let total = paper.total_points();
        if !(0..=total).contains(&draft.pass_mark) {
            return Err(SittingError::PassMark {
                pass_mark: draft.pass_mark,
                total,
            });
        }
        Ok(Self {
            title,
            venue: draft.venue.trim().to_owned(),
            opens_at,
            closes_at,
            duration_minutes: draft.duration_minutes,
            pass_mark: draft.pass_mark,
            late_entry_minutes: draft.late_entry_minutes,
            retakes_allowed: draft.retakes_allowed,
            review: draft.review,
            multi_choice: draft.multi_choice,
            marking: draft.marking,
            paper,
        })
    }
}

/// Why a sitting was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SittingError {
    #[error("考试名称不能为空")]
    EmptyTitle,
    #[error("时间格式不正确，应为“2026-11-22 09:00”")]
    BadTime(&'static str),
    #[error("结束时间必须晚于开始时间")]
    ClosesBeforeOpening,
    #[error("考试时长应为1至240分钟，当前为{0}")]
    Duration(i64),
    #[error("考试时段短于考试时长，考生无法答满全部时间")]
    WindowShorterThanDuration,
    #[error("每题分值应为1至100，当前为{0}")]
    Points(i64),
    #[error("请至少选择一道试题")]
    NoQuestions,
    #[error("及格分应在0至总分{total}之间，当前为{pass_mark}")]
    PassMark { pass_mark: i64, total: i64 },
    #[error("迟到限制应为0或更多分钟，且短于考试时段，当前为{0}")]
    LateEntry(i64),
    #[error("补考次数应为0至3次，当前为{0}")]
    Retakes(i64),
    #[error("随机组卷需要组卷规则")]
    NoBlueprint,
}

impl SittingError {
    /// The form field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::EmptyTitle => "title",
            Self::BadTime(field) => field,
            Self::ClosesBeforeOpening | Self::WindowShorterThanDuration => "closes_at",
            Self::Duration(_) => "duration_minutes",
            Self::Points(_) => "points_each",
            Self::NoQuestions => "question_ids",
            Self::PassMark { .. } => "pass_mark",
            Self::LateEntry(_) => "late_entry_minutes",
            Self::Retakes(_) => "retakes_allowed",
            Self::NoBlueprint => "blueprint",
        }
    }
}

impl Bilingual for SittingError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::EmptyTitle => "the sitting needs a title".into(),
            Self::BadTime(_) => "the time is not in the form 2026-11-22 09:00".into(),
            Self::ClosesBeforeOpening => "the sitting must close after it opens".into(),
            Self::Duration(n) => format!("the duration must be 1 to 240 minutes; it is {n}"),
            Self::WindowShorterThanDuration => {
                "the sitting's window is shorter than the exam's duration".into()
            }
            Self::Points(n) => format!("points per question must be 1 to 100; it is {n}"),
            Self::NoQuestions => "choose at least one question".into(),
            Self::PassMark { pass_mark, total } => {
                format!("the pass mark must be between 0 and the total {total}; it is {pass_mark}")
            }
            Self::LateEntry(n) => format!(
                "the late-entry limit must be 0 or more minutes, within the sitting's window; it is {n}"
            ),
            Self::Retakes(n) => format!("retakes must be 0 to 3; it is {n}"),
            Self::NoBlueprint => "drawn papers need a blueprint".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> SittingDraft {
        SittingDraft {
            title: " 2026年第一次任前法律知识考试 ".into(),
            venue: "机关三楼考场".into(),
            opens_at: "2026-12-01T09:00".into(),
            closes_at: "2026-12-01T11:00".into(),
            duration_minutes: 90,
            pass_mark: 6,
            late_entry_minutes: None,
            retakes_allowed: 1,
            review: ReviewPolicy::Full,
            multi_choice: MultiChoicePolicy::AllOrNothing,
            marking: crate::results::marking::MarkingPlan::Single,
            paper_mode: PaperMode::Fixed,
            points_each: 2,
            question_ids: vec![3, 1, 3, 2, 5],
            blueprint: None,
        }
    }

    #[test]
    fn a_valid_plan_keeps_question_order_without_repeats() {
        let plan = SittingPlan::parse(draft()).expect("valid");
        assert_eq!(plan.title, "2026年第一次任前法律知识考试");
        assert_eq!(
            plan.paper,
            PaperPlan::Fixed(vec![(3, 2), (1, 2), (2, 2), (5, 2)])
        );
        assert_eq!(plan.closes_at - plan.opens_at, 120 * MINUTE_MS);
    }

    #[test]
    fn the_pass_mark_cannot_exceed_the_total() {
        let err = SittingPlan::parse(SittingDraft {
            pass_mark: 9,
            ..draft()
        })
        .unwrap_err();
        assert_eq!(
            err,
            SittingError::PassMark {
                pass_mark: 9,
                total: 8
            }
        );
        assert_eq!(err.field(), "pass_mark");
    }

    #[test]
    fn a_drawn_paper_takes_its_total_from_the_blueprint() {
        use crate::bank::question::QuestionKind;
        use crate::exam::blueprint::{DifficultyRange, Section, Stratum};
        let blueprint = Blueprint::parse(vec![Section {
            kind: QuestionKind::TrueFalse,
            points_each: 5,
            banks: Vec::new(),
            laws: Vec::new(),
            strata: vec![Stratum {
                difficulty: DifficultyRange::ANY,
                count: 20,
            }],
        }])
        .expect("valid");
        let plan = SittingPlan::parse(SittingDraft {
            pass_mark: 60,
            question_ids: Vec::new(),
            paper_mode: PaperMode::Drawn,
            blueprint: Some(blueprint),
            ..draft()
        })
        .expect("valid");
        assert_eq!(
            (plan.paper.question_count(), plan.paper.total_points()),
            (20, 100)
        );
    }

    #[test]
    fn the_window_must_hold_the_whole_duration() {
        let err = SittingPlan::parse(SittingDraft {
            duration_minutes: 121,
            ..draft()
        })
        .unwrap_err();
        assert_eq!(err, SittingError::WindowShorterThanDuration);
        assert_eq!(
            SittingPlan::parse(SittingDraft {
                question_ids: vec![],
                ..draft()
            })
            .unwrap_err(),
            SittingError::NoQuestions
        );
    }
}

crate::refusals! {
    /// Why a change to a sitting or its roster was refused on what is stored.
    pub enum SittingRefusal {
        QuestionUnusable { question_id: i64 } => ("试题 #{question_id} 不存在、未启用，或待复核（法律修改后），不能组入本场考试。", "Question #{question_id} does not exist, is not active, or awaits review after a law change; it cannot go into this sitting."),
        CodesOnlyWhileLive => ("只有已发布或考试中的场次才能重新发放访问码。", "Access codes are issued again only while a sitting is scheduled or open."),
        EnrolmentEnded => ("本场考试已经结束，不能再报名。", "This sitting has ended; no more enrolments."),
        AlreadyEnrolled => ("该考生已报名本场考试。", "This person is already enrolled in this sitting."),
        IdCardRegistered { registered: String } => ("该身份证号码已登记为“{registered}”，请核对姓名或身份证号码。", "This ID-card number is registered to “{registered}”; check the name or the number."),
    }
}

impl From<SittingRefusal> for crate::refusal::Refusal {
    fn from(why: SittingRefusal) -> Self {
        match why {
            SittingRefusal::QuestionUnusable { .. } => Self::field("question_ids", why),
            SittingRefusal::IdCardRegistered { .. } => Self::field("name", why),
            _ => Self::state(why),
        }
    }
}
