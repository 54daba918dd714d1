//! A sitting's states (草稿 → 已发布 → 考试中 → 已结束 → 已归档) and which staff actions
//! each state allows. Every rule about "may this happen now" lives here; the database
//! only records the state and the instants it changed.

use crate::exam::clock::MINUTE_MS;
use crate::named::named_enum;
use crate::Bilingual;

/// How long before its opening time a sitting may be opened (the proctor's preparation).
pub const OPEN_EARLY_MINUTES: i64 = 30;

named_enum! {
    /// Where a sitting is in its life.
    pub enum SittingState {
        /// 草稿: being set up; candidates cannot log in yet.
        Draft => ("draft", "草稿", "Draft"),
        /// 已发布: the schedule stands; candidates may log in and wait for the opening.
        Scheduled => ("scheduled", "已发布", "Scheduled"),
        /// 考试中: opened by staff; candidates may begin within the window.
        Open => ("open", "考试中", "Open"),
        /// 已结束: every paper is in; results are worked on.
        Closed => ("closed", "已结束", "Closed"),
        /// 已归档: kept for the record; nothing changes any more.
        Archived => ("archived", "已归档", "Archived"),
    }
}

impl SittingState {
    /// Whether candidates may be enrolled (by hand or from a roster).
    pub fn enrols(self) -> bool {
        matches!(self, Self::Draft | Self::Scheduled | Self::Open)
    }

    /// Whether a candidate may log in to this sitting.
    pub fn admits_logins(self) -> bool {
        matches!(self, Self::Scheduled | Self::Open | Self::Closed)
    }

    /// Whether access codes may be issued again (lost slips, another PC).
    pub fn reissues_codes(self) -> bool {
        matches!(self, Self::Scheduled | Self::Open)
    }

    /// The state changes staff may ask for from here, in the order the page offers them.
    pub fn next(self) -> &'static [Transition] {
        match self {
            Self::Draft => &[Transition::Schedule],
            Self::Scheduled => &[Transition::Open, Transition::Unschedule],
            Self::Open => &[Transition::Close],
            Self::Closed => &[Transition::Archive],
            Self::Archived => &[],
        }
    }
}

named_enum! {
    /// A change of state staff ask for.
    pub enum Transition {
        /// 发布: draft → scheduled.
        Schedule => ("schedule", "发布考试", "Schedule"),
        /// 撤回为草稿: scheduled → draft (needs a reason).
        Unschedule => ("unschedule", "撤回为草稿", "Back to draft"),
        /// 开考: scheduled → open.
        Open => ("open", "开考", "Open the sitting"),
        /// 结束考试: open → closed.
        Close => ("close", "结束考试", "Close the sitting"),
        /// 归档: closed → archived.
        Archive => ("archive", "归档", "Archive"),
    }
}

impl Transition {
    /// Whether staff must say why (a step back, or ending a sitting).
    pub fn needs_reason(self) -> bool {
        matches!(self, Self::Unschedule)
    }

    pub fn from_state(self) -> SittingState {
        match self {
            Self::Schedule => SittingState::Draft,
            Self::Unschedule | Self::Open => SittingState::Scheduled,
            Self::Close => SittingState::Open,
            Self::Archive => SittingState::Closed,
        }
    }

    pub fn to_state(self) -> SittingState {
        match self {
            Self::Schedule => SittingState::Scheduled,
            Self::Unschedule => SittingState::Draft,
            Self::Open => SittingState::Open,
            Self::Close => SittingState::Closed,
            Self::Archive => SittingState::Archived,
        }
    }
}

/// What a transition's check needs to know about the sitting now.
#[derive(Clone, Copy, Debug, Default)]
pub struct SittingFacts {
    pub opens_at: i64,
    pub closes_at: i64,
    /// Attempts begun whose papers may still be written (deadline plus grace not passed).
    pub writing: i64,
    /// Attempts begun at all (a sitting someone has sat cannot go back to draft).
    pub begun: i64,
}

/// Why a state change was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("本场考试当前为“{}”，不能{}", .state.label_zh(), .transition.label_zh())]
    WrongState {
        state: SittingState,
        transition: Transition,
    },
    #[error("请填写{}的原因", .0.label_zh())]
    NeedsReason(Transition),
    #[error("开考时间前{minutes}分钟内才能开考", minutes = OPEN_EARLY_MINUTES)]
    TooEarly,
    #[error("考试时段已过，不能开考；请修改时间后重新安排")]
    WindowOver,
    #[error("还有{0}名考生正在答题，请在其交卷或时间到后再结束考试")]
    StillWriting(i64),
    #[error("已有考生开始答题，不能撤回为草稿")]
    AlreadyBegun,
}

impl Bilingual for TransitionError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::WrongState { state, transition } => format!(
                "the sitting is {}; it cannot take “{}”",
                state.label_en().to_lowercase(),
                transition.label_en().to_lowercase()
            ),
            Self::NeedsReason(t) => format!("give the reason for “{}”", t.label_en().to_lowercase()),
            Self::TooEarly => format!(
                "a sitting can be opened at most {OPEN_EARLY_MINUTES} minutes before its opening time"
            ),
            Self::WindowOver => {
                "the sitting's window is over; change its times and schedule it again".into()
            }
            Self::StillWriting(n) => format!(
                "{n} candidates are still writing; close the sitting when they have handed in or their time is up"
            ),
            Self::AlreadyBegun => "candidates have begun; the sitting cannot go back to draft".into(),
        }
    }
}

/// Checks a state change against the sitting as it is at `now`; returns the new state.
pub fn check(
    state: SittingState,
    transition: Transition,
    facts: SittingFacts,
    now: i64,
    reason: &str,
) -> Result<SittingState, TransitionError> {
    if transition.from_state() != state {
        return Err(TransitionError::WrongState { state, transition });
    }
    if transition.needs_reason() && reason.trim().is_empty() {
        return Err(TransitionError::NeedsReason(transition));
    }
    match transition {
        Transition::Unschedule if facts.begun > 0 => Err(TransitionError::AlreadyBegun),
        Transition::Open
            if now
                < facts
                    .opens_at
                    .saturating_sub(OPEN_EARLY_MINUTES * MINUTE_MS) =>
        {
            Err(TransitionError::TooEarly)
        }
        Transition::Open if now >= facts.closes_at => Err(TransitionError::WindowOver),
        Transition::Close if facts.writing > 0 => Err(TransitionError::StillWriting(facts.writing)),
        _ => Ok(transition.to_state()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPENS: i64 = 1_000 * MINUTE_MS;

    fn facts() -> SittingFacts {
        SittingFacts {
            opens_at: OPENS,
            closes_at: OPENS + 120 * MINUTE_MS,
            writing: 0,
            begun: 0,
        }
    }

    #[test]
    fn every_transition_leaves_from_one_state_and_is_offered_there() {
        for t in Transition::ALL {
            assert!(t.from_state().next().contains(&t), "{t:?}");
            for s in SittingState::ALL {
                let result = check(s, t, facts(), OPENS, "reason");
                assert_eq!(result.is_ok(), s == t.from_state(), "{s:?} {t:?}");
            }
        }
        assert!(SittingState::Archived.next().is_empty());
    }

    #[test]
    fn opening_is_allowed_from_half_an_hour_before_until_the_close() {
        let open = |now| check(SittingState::Scheduled, Transition::Open, facts(), now, "");
        assert_eq!(open(OPENS - 31 * MINUTE_MS), Err(TransitionError::TooEarly));
        assert_eq!(open(OPENS - 30 * MINUTE_MS), Ok(SittingState::Open));
        assert_eq!(
            open(OPENS + 120 * MINUTE_MS),
            Err(TransitionError::WindowOver)
        );
    }

    #[test]
    fn closing_waits_for_every_paper_being_written() {
        let writing = SittingFacts {
            writing: 2,
            ..facts()
        };
        let err = check(SittingState::Open, Transition::Close, writing, OPENS, "").unwrap_err();
        assert_eq!(err, TransitionError::StillWriting(2));
        assert!(err.zh().contains("2名考生"));
        assert_eq!(
            check(SittingState::Open, Transition::Close, facts(), OPENS, ""),
            Ok(SittingState::Closed)
        );
    }

    #[test]
    fn going_back_to_draft_needs_a_reason_and_nobody_having_begun() {
        let back = |f, reason| {
            check(
                SittingState::Scheduled,
                Transition::Unschedule,
                f,
                OPENS,
                reason,
            )
        };
        assert_eq!(
            back(facts(), " "),
            Err(TransitionError::NeedsReason(Transition::Unschedule))
        );
        let begun = SittingFacts {
            begun: 1,
            ..facts()
        };
        assert_eq!(back(begun, "改期"), Err(TransitionError::AlreadyBegun));
        assert_eq!(back(facts(), "改期"), Ok(SittingState::Draft));
    }

    #[test]
    fn names_round_trip() {
        for s in SittingState::ALL {
            assert_eq!(SittingState::parse(s.as_str()), Some(s));
        }
        for t in Transition::ALL {
            assert_eq!(Transition::parse(t.as_str()), Some(t));
        }
    }
}
