//! What a proctor may do to one candidate during a sitting (监考操作), and when: extend their
//! time, hand their paper in for them, void it, mark them absent, or admit them after the
//! late-entry limit. Each needs a reason, which goes to the audit log with the action.

use crate::exam::lifecycle::SittingState;
use crate::Bilingual;

/// The most minutes one extension may add.
pub const MAX_EXTENSION_MINUTES: i64 = 60;

/// A proctor's action on one candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ProctorAction {
    /// 延长时间: the candidate's deadline moves later by so many minutes.
    Extend { minutes: i64 },
    /// 强制交卷: the paper is handed in now, as it stands.
    ForceSubmit,
    /// 作废: the paper no longer counts (misconduct, a wrong person); handed in if it was not.
    Void,
    /// 记为缺考: the candidate did not come.
    MarkAbsent,
    /// 准许迟到入场: the candidate may begin after the late-entry limit.
    AdmitLate,
}

impl ProctorAction {
    /// From a form's action name and minutes field.
    pub fn parse(name: &str, minutes: i64) -> Option<Self> {
        Some(match name {
            "extend" => Self::Extend { minutes },
            "force_submit" => Self::ForceSubmit,
            "void" => Self::Void,
            "mark_absent" => Self::MarkAbsent,
            "admit_late" => Self::AdmitLate,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Extend { .. } => "extend",
            Self::ForceSubmit => "force_submit",
            Self::Void => "void",
            Self::MarkAbsent => "mark_absent",
            Self::AdmitLate => "admit_late",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Extend { .. } => "延长时间",
            Self::ForceSubmit => "强制交卷",
            Self::Void => "作废答卷",
            Self::MarkAbsent => "记为缺考",
            Self::AdmitLate => "准许迟到入场",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Extend { .. } => "Extend time",
            Self::ForceSubmit => "Hand in for them",
            Self::Void => "Void the paper",
            Self::MarkAbsent => "Mark absent",
            Self::AdmitLate => "Admit late",
        }
    }

    /// Every action, for forms (an extension of 5 minutes stands for all).
    pub const ALL: [Self; 5] = [
        Self::Extend { minutes: 5 },
        Self::ForceSubmit,
        Self::Void,
        Self::MarkAbsent,
        Self::AdmitLate,
    ];
}

/// Where a candidate stands, as an action's check needs it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CandidateFacts {
    pub began: bool,
    pub finished: bool,
    pub voided: bool,
    pub absent: bool,
}

/// Why a proctor's action was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProctorError {
    #[error("请填写{}的原因", .0.label_zh())]
    NeedsReason(ProctorAction),
    #[error("只有考试中的场次才能{}", .0.label_zh())]
    SittingNotOpen(ProctorAction),
    #[error("延长时间应为1至60分钟，当前为{0}")]
    Minutes(i64),
    #[error("该考生尚未开始答题，不能{}", .0.label_zh())]
    NotBegun(ProctorAction),
    #[error("该考生已交卷，不能{}", .0.label_zh())]
    AlreadyFinished(ProctorAction),
    #[error("该考生已开始答题，不能{}", .0.label_zh())]
    AlreadyBegun(ProctorAction),
    #[error("该考生的答卷已作废")]
    AlreadyVoided,
    #[error("该考生已记为缺考")]
    AlreadyAbsent,
}

impl Bilingual for ProctorError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        let verb = |a: &ProctorAction| a.label_en().to_lowercase();
        match self {
            Self::NeedsReason(a) => format!("give the reason to {}", verb(a)),
            Self::SittingNotOpen(a) => format!("only an open sitting lets you {}", verb(a)),
            Self::Minutes(n) => format!("an extension is 1 to 60 minutes; it is {n}"),
            Self::NotBegun(a) => format!("the candidate has not begun; you cannot {}", verb(a)),
            Self::AlreadyFinished(a) => {
                format!("the paper is already in; you cannot {}", verb(a))
            }
            Self::AlreadyBegun(a) => format!("the candidate has begun; you cannot {}", verb(a)),
            Self::AlreadyVoided => "the paper is already void".into(),
            Self::AlreadyAbsent => "the candidate is already marked absent".into(),
        }
    }
}

/// Checks a proctor's action on a candidate of a sitting in `state`.
pub fn check(
    action: ProctorAction,
    state: SittingState,
    c: CandidateFacts,
    reason: &str,
) -> Result<(), ProctorError> {
    use ProctorAction::*;
    if reason.trim().is_empty() {
        return Err(ProctorError::NeedsReason(action));
    }
    // A paper found void after the exam (a wrong person, misconduct) can still be voided.
    let state_ok = state == SittingState::Open || (action == Void && state == SittingState::Closed);
    if !state_ok {
        return Err(ProctorError::SittingNotOpen(action));
    }
    if c.voided {
        return Err(ProctorError::AlreadyVoided);
    }
    match action {
        Extend { minutes } if !(1..=MAX_EXTENSION_MINUTES).contains(&minutes) => {
            Err(ProctorError::Minutes(minutes))
        }
        Extend { .. } | ForceSubmit | Void if !c.began => Err(ProctorError::NotBegun(action)),
        Extend { .. } | ForceSubmit if c.finished => Err(ProctorError::AlreadyFinished(action)),
        MarkAbsent | AdmitLate if c.began => Err(ProctorError::AlreadyBegun(action)),
        MarkAbsent | AdmitLate if c.absent => Err(ProctorError::AlreadyAbsent),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProctorAction::*;

    const WRITING: CandidateFacts = CandidateFacts {
        began: true,
        finished: false,
        voided: false,
        absent: false,
    };
    const WAITING: CandidateFacts = CandidateFacts {
        began: false,
        finished: false,
        voided: false,
        absent: false,
    };

    #[test]
    fn a_writing_candidate_can_be_extended_handed_in_or_voided_but_not_marked_absent() {
        let open = SittingState::Open;
        assert_eq!(check(Extend { minutes: 10 }, open, WRITING, "停电"), Ok(()));
        assert_eq!(check(ForceSubmit, open, WRITING, "违纪"), Ok(()));
        assert_eq!(check(Void, open, WRITING, "替考"), Ok(()));
        assert_eq!(
            check(MarkAbsent, open, WRITING, "未到"),
            Err(ProctorError::AlreadyBegun(MarkAbsent))
        );
        assert_eq!(
            check(Extend { minutes: 61 }, open, WRITING, "停电"),
            Err(ProctorError::Minutes(61))
        );
    }

    #[test]
    fn a_waiting_candidate_can_be_admitted_late_or_marked_absent_once() {
        let open = SittingState::Open;
        assert_eq!(check(AdmitLate, open, WAITING, "交通管制"), Ok(()));
        assert_eq!(
            check(ForceSubmit, open, WAITING, "x"),
            Err(ProctorError::NotBegun(ForceSubmit))
        );
        let absent = CandidateFacts {
            absent: true,
            ..WAITING
        };
        assert_eq!(
            check(MarkAbsent, open, absent, "未到"),
            Err(ProctorError::AlreadyAbsent)
        );
    }

    #[test]
    fn every_action_needs_a_reason_and_an_open_sitting_except_voiding_after_the_close() {
        let err = check(ForceSubmit, SittingState::Open, WRITING, " ").unwrap_err();
        assert!(err.zh().contains("强制交卷的原因"), "{err}");
        let finished = CandidateFacts {
            finished: true,
            ..WRITING
        };
        assert_eq!(
            check(Void, SittingState::Closed, finished, "事后发现替考"),
            Ok(())
        );
        assert_eq!(
            check(Extend { minutes: 5 }, SittingState::Closed, finished, "x"),
            Err(ProctorError::SittingNotOpen(Extend { minutes: 5 }))
        );
        let voided = CandidateFacts {
            voided: true,
            ..finished
        };
        assert_eq!(
            check(Void, SittingState::Open, voided, "x"),
            Err(ProctorError::AlreadyVoided)
        );
    }

    #[test]
    fn names_round_trip() {
        for a in ProctorAction::ALL {
            let minutes = match a {
                Extend { minutes } => minutes,
                _ => 0,
            };
            assert_eq!(ProctorAction::parse(a.as_str(), minutes), Some(a));
        }
    }
}
