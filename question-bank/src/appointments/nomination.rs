//! A nomination's course (提请任命): nominated, on a meeting's agenda once the exam gate
//! opens, voted on (appointed or not), or deferred or withdrawn; and which step may be
//! recorded in which state. The gate itself is [`crate::appointments::appointment::agenda_gate`].

use crate::named::named_enum;
use crate::Bilingual;

named_enum! {
    /// Where a nomination stands.
    pub enum NominationStatus {
        /// 已提请: received, not yet on an agenda.
        Nominated => ("nominated", "已提请", "Nominated"),
        /// 已列入议程: through the exam gate, on a meeting's agenda.
        OnAgenda => ("on_agenda", "已列入议程", "On the agenda"),
        /// 已任命: the vote carried.
        Appointed => ("appointed", "已任命", "Appointed"),
        /// 未通过: the vote did not carry.
        NotAppointed => ("not_appointed", "未获通过", "Not appointed"),
        Deferred => ("deferred", "暂缓提请", "Deferred"),
        Withdrawn => ("withdrawn", "已撤回", "Withdrawn"),
    }
}

impl NominationStatus {
    /// Whether the nomination is still open (not decided, deferred or withdrawn).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Nominated | Self::OnAgenda)
    }
}

named_enum! {
    /// A step staff record on a nomination.
    pub enum Step {
        /// Through the exam gate.
        Agenda => ("agenda", "列入会议议程", "put it on the agenda"),
        Exemption => ("exemption", "记录免考", "record an exemption"),
        Statement => ("statement", "记录表态发言", "record the statement"),
        Vote => ("vote", "记录表决结果", "record the vote"),
        Certificate => ("certificate", "登记任命书", "register the certificate"),
        Defer => ("defer", "暂缓提请", "defer it"),
        Withdraw => ("withdraw", "撤回提请", "withdraw it"),
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
