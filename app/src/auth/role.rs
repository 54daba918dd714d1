use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// A staff member's role, scoped to their jurisdiction (and, for a city, its districts).
/// Candidates are not users: they log in with an admission ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 管理员: everything, including the audit log.
    Admin,
    /// 工作人员: question bank, sittings, enrolment.
    Staff,
    /// 监考: watches sittings.
    Proctor,
    /// 阅卷: marks short answers, blind; reads no roster, no paper and no key but the
    /// marking guide of the scripts in front of them.
    Grader,
    /// 复核: decides candidates' appeals, re-checks papers and publishes results; never marks,
    /// so the person who decides an appeal is not the one who gave the mark.
    Reviewer,
}

/// Something a role may or may not do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Add and edit questions.
    ManageBank,
    /// Create sittings and enrol candidates.
    ManageSittings,
    /// See sittings, candidates (by name) and scores.
    ViewSittings,
    /// Read the question bank (stems and options; keys only with [`Permission::ReadKeys`]).
    ViewBank,
    /// Read keys, explanations and marking guides wherever questions are shown to staff:
    /// only roles that manage the bank (see `question_bank::bank::secrecy`).
    ReadKeys,
    /// 复核决定: decide a candidate's appeal.
    DecideAppeals,
    /// Re-check a candidate's paper, named, with every answer and key (appeals, queries).
    CheckPapers,
    /// Read the audit log.
    ViewAudit,
    /// Open and close a sitting in the exam room.
    ConductSittings,
    /// Set the jurisdiction's exam rules.
    ManageRules,
    /// Read scores and pass/fail before and after publication (the report, item analysis, a
    /// person's history, the score column): those who run, check or publish results, not
    /// proctors or markers.
    ReadScores,
    /// 成绩发布: check results and publish them (reviewers and staff; never markers).
    PublishResults,
    /// 阅卷: marking short answers, blind. Whoever holds it holds no permission that shows
    /// a candidate's name next to their answers ([`Permission::ViewSittings`]), and
    /// administrators, who see everything, do not mark.
    MarkScripts,
    /// 任免: nominations, meetings, oaths and reports.
    ManageAppointments,
    /// 管理员: districts and staff accounts in the caller's reach (admins only).
    ManageAccounts,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] = [
        Self::Admin,
        Self::Staff,
        Self::Proctor,
        Self::Grader,
        Self::Reviewer,
    ];

    /// Where the role starts after logging in: the sittings, or for a marker, who may not
    /// read them, the marking desk.
    pub fn home(self) -> &'static str {
        if self.may(Permission::ViewSittings) {
            "/staff/sittings"
        } else {
            "/staff/marking"
        }
    }

    /// The stored identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Staff => "staff",
            Self::Proctor => "proctor",
            Self::Grader => "grader",
            Self::Reviewer => "reviewer",
        }
    }

    /// Parses the stored identifier.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The role's name on screen.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Admin => lang.pick("管理员", "Administrator"),
            Self::Staff => lang.pick("工作人员", "Staff"),
            Self::Proctor => lang.pick("监考人员", "Proctor"),
            Self::Grader => lang.pick("阅卷人员", "Grader"),
            Self::Reviewer => lang.pick("复核人员", "Reviewer"),
        }
    }

    /// The one place that says who may do what.
    pub fn may(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            // Everything but marking: an administrator sees every name, so cannot mark blind.
            Self::Admin => permission != MarkScripts,
            Self::Staff => matches!(
                permission,
                ManageBank
                    | ReadKeys
                    | ManageSittings
                    | ViewSittings
                    | ViewBank
                    | CheckPapers
                    | ConductSittings
                    | PublishResults
                    | ReadScores
                    | ManageAppointments
            ),
            Self::Proctor => matches!(permission, ViewSittings | ViewBank | ConductSittings),
            // A marker marks, blind, and nothing else: publishing is done from the report,
            // which lists every name.
            Self::Grader => matches!(permission, ViewBank | MarkScripts),
            Self::Reviewer => matches!(
                permission,
                ViewSittings | ViewBank | CheckPapers | PublishResults | ReadScores | DecideAppeals
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_read_the_audit_log_and_proctors_change_nothing() {
        assert!(Role::Admin.may(Permission::ViewAudit));
        assert!(!Role::Staff.may(Permission::ViewAudit));
        assert!(Role::Staff.may(Permission::ManageSittings));
        assert!(!Role::Proctor.may(Permission::ManageBank));
        assert!(!Role::Grader.may(Permission::ManageSittings));
        assert!(!Role::Grader.may(Permission::ViewSittings));
        assert!(!Role::Grader.may(Permission::PublishResults));
        assert!(!Role::Proctor.may(Permission::ReadScores));
        assert!(!Role::Grader.may(Permission::ReadScores));
        assert!(Role::Reviewer.may(Permission::ReadScores));
        assert!(Role::Reviewer.may(Permission::PublishResults));
        assert!(!Role::Proctor.may(Permission::PublishResults));
        assert!(Role::Grader.may(Permission::MarkScripts));
        assert!(!Role::Admin.may(Permission::MarkScripts));
        assert!(!Role::Staff.may(Permission::MarkScripts));
        assert!(!Role::Proctor.may(Permission::MarkScripts));
        assert!(Role::Staff.may(Permission::ManageAppointments));
        assert!(Role::Admin.may(Permission::ManageAccounts));
        assert!(Role::ALL
            .iter()
            .filter(|r| r.may(Permission::ManageAccounts))
            .all(|r| *r == Role::Admin));
        assert!(!Role::Grader.may(Permission::ManageAppointments));
        assert!(Role::Proctor.may(Permission::ConductSittings));
        assert!(!Role::Proctor.may(Permission::ManageSittings));
        assert!(!Role::Staff.may(Permission::ManageRules));
        assert!(Role::Reviewer.may(Permission::DecideAppeals));
        assert!(!Role::Reviewer.may(Permission::MarkScripts));
        assert!(!Role::Grader.may(Permission::DecideAppeals));
        assert!(!Role::Staff.may(Permission::DecideAppeals));
        assert_eq!(Role::parse("reviewer"), Some(Role::Reviewer));
        assert!(Role::ALL
            .iter()
            .all(|r| Role::parse(r.as_str()) == Some(*r)));
    }
}

#[cfg(test)]
mod separation {
    use super::*;

    /// Blind marking: no role both marks and sees who wrote a paper; keys are read only by
    /// roles that manage the bank; appeals are decided by someone who does not mark.
    #[test]
    fn markers_see_no_names_keys_stay_with_the_bank_and_markers_decide_no_appeal() {
        for role in Role::ALL {
            assert!(
                !(role.may(Permission::MarkScripts) && role.may(Permission::ViewSittings)),
                "{role:?}"
            );
            assert!(
                !(role.may(Permission::MarkScripts) && role.may(Permission::DecideAppeals)),
                "{role:?}"
            );
            assert_eq!(
                role.may(Permission::ReadKeys),
                role.may(Permission::ManageBank),
                "{role:?}"
            );
            assert!(role.may(Permission::ViewBank), "{role:?}");
        }
        assert!(!Role::Proctor.may(Permission::ReadKeys));
        assert!(!Role::Grader.may(Permission::ReadKeys));
    }
}
