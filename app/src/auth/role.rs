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
    /// 阅卷: marks and reviews results.
    Grader,
}

/// Something a role may or may not do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Add and edit questions.
    ManageBank,
    /// Create sittings and enrol candidates.
    ManageSittings,
    /// See sittings, candidates and scores.
    ViewSittings,
    /// Read the audit log.
    ViewAudit,
    /// Open and close a sitting in the exam room.
    ConductSittings,
    /// Set the jurisdiction's exam rules.
    ManageRules,
    /// 成绩发布: check results and publish them (graders and reviewers, staff).
    PublishResults,
    /// 阅卷: marking short answers, blind.
    MarkScripts,
    /// 任免: nominations, meetings, oaths and reports.
    ManageAppointments,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Self::Admin, Self::Staff, Self::Proctor, Self::Grader];

    /// The stored identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Staff => "staff",
            Self::Proctor => "proctor",
            Self::Grader => "grader",
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
        }
    }

    /// The one place that says who may do what.
    pub fn may(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Self::Admin => true,
            Self::Staff => matches!(
                permission,
                ManageBank
                    | ManageSittings
                    | ViewSittings
                    | ConductSittings
                    | PublishResults
                    | ManageAppointments
            ),
            Self::Proctor => matches!(permission, ViewSittings | ConductSittings),
            Self::Grader => matches!(permission, ViewSittings | PublishResults | MarkScripts),
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
        assert!(Role::Grader.may(Permission::ViewSittings));
        assert!(Role::Grader.may(Permission::PublishResults));
        assert!(!Role::Proctor.may(Permission::PublishResults));
        assert!(Role::Grader.may(Permission::MarkScripts));
        assert!(!Role::Staff.may(Permission::MarkScripts));
        assert!(!Role::Proctor.may(Permission::MarkScripts));
        assert!(Role::Staff.may(Permission::ManageAppointments));
        assert!(!Role::Grader.may(Permission::ManageAppointments));
        assert!(Role::Proctor.may(Permission::ConductSittings));
        assert!(!Role::Proctor.may(Permission::ManageSittings));
        assert!(!Role::Staff.may(Permission::ManageRules));
        assert!(Role::ALL
            .iter()
            .all(|r| Role::parse(r.as_str()) == Some(*r)));
    }
}
