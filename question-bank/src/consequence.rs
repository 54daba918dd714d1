//! Irreversible actions, and what each one does, said before it is done (issue 19 item 4).
//! Staff confirm such an action in a second step that shows these words; the server refuses
//! the action when the confirmation is missing, with the same words.

use crate::exam::lifecycle::Transition;
use crate::exam::proctoring::ProctorAction;
use crate::Bilingual;

/// What an irreversible action will do, in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Consequence {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Bilingual for Consequence {
    fn zh(&self) -> String {
        self.zh.to_owned()
    }
    fn en(&self) -> String {
        self.en.to_owned()
    }
}

/// A new access code: the old one and its slip stop working at once.
pub const NEW_ACCESS_CODE: Consequence = Consequence {
    zh: "原访问码和已打印的准考证立即失效，考生须凭新访问码登录；如正在作答，原电脑上的考试页面将停止使用（已保存的答案不受影响）。",
    en: "The old access code and its printed slip stop working at once; the candidate logs in with the new code. If they are writing, the exam page on the old computer stops (saved answers are kept).",
};

/// A candidate logging out of the exam: the access code was used up by the login.
pub const CANDIDATE_LOGOUT: Consequence = Consequence {
    zh: "访问码只能使用一次：退出后须请监考人员重新发放访问码才能再次进入考试。已保存的答案不受影响。",
    en: "The access code works only once: after logging out you need a new code from the proctor to return to the exam. Your saved answers are kept.",
};

impl ProctorAction {
    /// What the action does that cannot be undone; none for the ones that can be.
    pub fn consequence(self) -> Option<Consequence> {
        match self {
            Self::Void => Some(Consequence {
                zh: "作废后这份答卷不计成绩，且不能恢复。",
                en: "The paper will not count, and this cannot be undone.",
            }),
            Self::ForceSubmit => Some(Consequence {
                zh: "考生的答卷将立即收卷，不能再作答；已保存的答案按现状评分。此操作不能撤销。",
                en: "The paper is handed in now and the candidate can answer no more; saved answers are scored as they stand. This cannot be undone.",
            }),
            Self::Extend { .. } | Self::MarkAbsent | Self::AdmitLate => None,
        }
    }
}

impl Transition {
    /// What the change does that cannot be undone; none for the ones that can be.
    pub fn consequence(self) -> Option<Consequence> {
        match self {
            Self::Close => Some(Consequence {
                zh: "结束后考生不能再开始或继续作答：正在作答的答卷按已保存的答案收卷，未到考者记为缺考。此操作不能撤销。",
                en: "Once closed, no one can begin or go on: papers being written are handed in as saved, and those who never began are absent. This cannot be undone.",
            }),
            Self::Archive => Some(Consequence {
                zh: "归档后本场次只供查阅，不能再作任何更改。此操作不能撤销。",
                en: "Once archived, the sitting is kept for the record and nothing in it can change. This cannot be undone.",
            }),
            Self::Schedule | Self::Unschedule | Self::Open => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_actions_that_cannot_be_undone_ask_first() {
        let asking: Vec<_> = ProctorAction::ALL
            .into_iter()
            .filter(|a| a.consequence().is_some())
            .collect();
        assert_eq!(asking, [ProctorAction::ForceSubmit, ProctorAction::Void]);
        let asking: Vec<_> = Transition::ALL
            .into_iter()
            .filter(|t| t.consequence().is_some())
            .collect();
        assert_eq!(asking, [Transition::Close, Transition::Archive]);
    }
}
