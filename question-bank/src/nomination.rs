//! A nomination's course (提请任命): nominated, on a meeting's agenda once the exam gate
//! opens, voted on (appointed or not), or deferred or withdrawn; and which step may be
//! recorded in which state. The gate itself is [`crate::appointment::agenda_gate`].

use crate::Bilingual;

/// Where a nomination stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum NominationStatus {
    /// 已提请: received, not yet on an agenda.
    Nominated,
    /// 已列入议程: through the exam gate, on a meeting's agenda.
    OnAgenda,
    /// 已任命: the vote carried.
    Appointed,
    /// 未通过: the vote did not carry.
    NotAppointed,
    /// 暂缓提请.
    Deferred,
    /// 已撤回.
    Withdrawn,
}

impl NominationStatus {
    pub const ALL: [Self; 6] = [
        Self::Nominated,
        Self::OnAgenda,
        Self::Appointed,
        Self::NotAppointed,
        Self::Deferred,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Nominated => "nominated",
            Self::OnAgenda => "on_agenda",
            Self::Appointed => "appointed",
            Self::NotAppointed => "not_appointed",
            Self::Deferred => "deferred",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Nominated => "已提请",
            Self::OnAgenda => "已列入议程",
            Self::Appointed => "已任命",
            Self::NotAppointed => "未获通过",
            Self::Deferred => "暂缓提请",
            Self::Withdrawn => "已撤回",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Nominated => "Nominated",
            Self::OnAgenda => "On the agenda",
            Self::Appointed => "Appointed",
            Self::NotAppointed => "Not appointed",
            Self::Deferred => "Deferred",
            Self::Withdrawn => "Withdrawn",
        }
    }

    /// Whether the nomination is still open (not decided, deferred or withdrawn).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Nominated | Self::OnAgenda)
    }
}

/// A step staff record on a nomination.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Step {
    /// 列入会议议程 (through the exam gate).
    Agenda,
    /// 记录免考.
    Exemption,
    /// 记录表态发言.
    Statement,
    /// 记录表决结果.
    Vote,
    /// 登记任命书.
    Certificate,
    /// 暂缓提请.
    Defer,
    /// 撤回提请.
    Withdraw,
}

impl Step {
    /// Every step.
    pub const ALL: [Self; 7] = [
        Self::Agenda,
        Self::Exemption,
        Self::Statement,
        Self::Vote,
        Self::Certificate,
        Self::Defer,
        Self::Withdraw,
    ];

    /// The step a stored identifier names.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agenda => "agenda",
            Self::Exemption => "exemption",
            Self::Statement => "statement",
            Self::Vote => "vote",
            Self::Certificate => "certificate",
            Self::Defer => "defer",
            Self::Withdraw => "withdraw",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Agenda => "列入会议议程",
            Self::Exemption => "记录免考",
            Self::Statement => "记录表态发言",
            Self::Vote => "记录表决结果",
            Self::Certificate => "登记任命书",
            Self::Defer => "暂缓提请",
            Self::Withdraw => "撤回提请",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Agenda => "put it on the agenda",
            Self::Exemption => "record an exemption",
            Self::Statement => "record the statement",
            Self::Vote => "record the vote",
            Self::Certificate => "register the certificate",
            Self::Defer => "defer it",
            Self::Withdraw => "withdraw it",
        }
    }
}

/// Why a step cannot be recorded now.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// The nomination is in a state where the step makes no sense.
    #[error("该提请任命当前为“{}”，不能{}", .status.label_zh(), .step.label_zh())]
    WrongStatus {
        status: NominationStatus,
        step: Step,
    },
    /// The vote comes after the statement is recorded (made, written or not required).
    #[error("请先记录表态发言情况（已发言、书面表态或无需表态），再记录表决结果")]
    StatementFirst,
    /// A reason is required to defer or withdraw.
    #[error("请填写暂缓或撤回的理由")]
    NeedsReason,
}

impl Bilingual for StepError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::WrongStatus { status, step } => format!(
                "the nomination is {}: cannot {}",
                status.label_en().to_lowercase(),
                step.label_en()
            ),
            Self::StatementFirst => {
                "record the statement (made, written or not required) before the vote".into()
            }
            Self::NeedsReason => "give the reason for deferring or withdrawing".into(),
        }
    }
}

/// Checks that `step` may be recorded on a nomination in `status` (`statement_recorded`:
/// whether its statement is). Defer and withdraw need `reason`.
pub fn check_step(
    status: NominationStatus,
    step: Step,
    statement_recorded: bool,
    reason: &str,
) -> Result<(), StepError> {
    use NominationStatus::*;
    let allowed = match step {
        Step::Agenda | Step::Exemption => matches!(status, Nominated | Deferred),
        Step::Statement | Step::Vote => status == OnAgenda,
        Step::Certificate => status == Appointed,
        Step::Defer => matches!(status, Nominated | OnAgenda),
        Step::Withdraw => matches!(status, Nominated | OnAgenda | Deferred),
    };
    if !allowed {
        return Err(StepError::WrongStatus { status, step });
    }
    if step == Step::Vote && !statement_recorded {
        return Err(StepError::StatementFirst);
    }
    if matches!(step, Step::Defer | Step::Withdraw) && reason.trim().is_empty() {
        return Err(StepError::NeedsReason);
    }
    Ok(())
}

/// The status after `step` (`carried`: whether a vote appointed the nominee).
pub fn after(status: NominationStatus, step: Step, carried: bool) -> NominationStatus {
    match step {
        Step::Agenda => NominationStatus::OnAgenda,
        Step::Vote if carried => NominationStatus::Appointed,
        Step::Vote => NominationStatus::NotAppointed,
        Step::Defer => NominationStatus::Deferred,
        Step::Withdraw => NominationStatus::Withdrawn,
        Step::Exemption | Step::Statement | Step::Certificate => status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NominationStatus::*;

    #[test]
    fn statuses_read_back() {
        for s in NominationStatus::ALL {
            assert_eq!(NominationStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn a_nomination_goes_on_the_agenda_then_to_the_vote_after_its_statement() {
        assert_eq!(check_step(Nominated, Step::Agenda, false, ""), Ok(()));
        assert_eq!(after(Nominated, Step::Agenda, false), OnAgenda);
        assert_eq!(
            check_step(Nominated, Step::Vote, true, ""),
            Err(StepError::WrongStatus {
                status: Nominated,
                step: Step::Vote
            })
        );
        assert_eq!(
            check_step(OnAgenda, Step::Vote, false, ""),
            Err(StepError::StatementFirst)
        );
        assert_eq!(check_step(OnAgenda, Step::Vote, true, ""), Ok(()));
        assert_eq!(after(OnAgenda, Step::Vote, true), Appointed);
        assert_eq!(after(OnAgenda, Step::Vote, false), NotAppointed);
        assert_eq!(check_step(Appointed, Step::Certificate, true, ""), Ok(()));
        assert!(check_step(NotAppointed, Step::Certificate, true, "").is_err());
        assert!(check_step(Appointed, Step::Agenda, true, "").is_err());
    }

    #[test]
    fn deferring_and_withdrawing_need_a_reason_and_an_open_nomination() {
        assert_eq!(
            check_step(Nominated, Step::Withdraw, false, " "),
            Err(StepError::NeedsReason)
        );
        assert_eq!(
            check_step(Deferred, Step::Withdraw, false, "补考仍不及格"),
            Ok(())
        );
        assert_eq!(check_step(Deferred, Step::Agenda, false, ""), Ok(()));
        assert!(check_step(Withdrawn, Step::Agenda, false, "").is_err());
        assert!(check_step(Appointed, Step::Defer, true, "x").is_err());
    }
}
