//! What the audit log (审计日志) records: every kind of audited action, its stored code and its
//! label, written once.

use std::borrow::Cow;

use crate::appointments::nomination::Step;

macro_rules! audit_actions {
    ($( $variant:ident = $code:literal => ($zh:literal, $en:literal) ),* $(,)?) => {
        /// An audited action. Stored as its code ("sitting.open"); a nomination's steps are
        /// stored as "nomination.<step>" and labelled by the step.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum AuditAction {
            $( $variant, )*
            /// A step of a nomination (任免), labelled as the step is.
            Nomination(Step),
        }

        impl AuditAction {
            /// Every action with a fixed code (the nomination steps are `Step::ALL`).
            pub const FIXED: &[Self] = &[$( Self::$variant ),*];

            /// The code as stored in the audit log.
            pub fn code(self) -> Cow<'static, str> {
                match self {
                    $( Self::$variant => Cow::Borrowed($code), )*
                    Self::Nomination(step) => Cow::Owned(format!("nomination.{}", step.as_str())),
                }
            }

            /// The action a stored code names, if it names one.
            pub fn parse(code: &str) -> Option<Self> {
                match code {
                    $( $code => Some(Self::$variant), )*
                    other => other.strip_prefix("nomination.").and_then(Step::parse).map(Self::Nomination),
                }
            }

            pub fn label_zh(self) -> &'static str {
                match self {
                    $( Self::$variant => $zh, )*
                    Self::Nomination(step) => step.label_zh(),
                }
            }

            pub fn label_en(self) -> &'static str {
                match self {
                    $( Self::$variant => $en, )*
                    Self::Nomination(step) => step.label_en(),
                }
            }
        }
    };
}

audit_actions! {
        QuestionCreate = "question.create" => ("新增试题", "Question added"),
        QuestionImport = "question.import" => ("导入试题", "Questions imported"),
        QuestionRevise = "question.revise" => ("修改试题（新版本）", "Question revised"),
        QuestionReviewConfirm = "question.review_confirm" => ("复核确认试题（法律修改后仍正确）", "Question confirmed after a law change"),
        QuestionReviewRevise = "question.review_revise" => ("复核修改试题（按新版法律）", "Question revised after a law change"),
        StatuteLoad = "statute.load" => ("载入新版本法律文本", "New statute text loaded"),
        QuestionActivate = "question.activate" => ("启用试题", "Questions activated"),
        QuestionRetire = "question.retire" => ("停用试题", "Questions retired"),
        QuestionReserve = "question.reserve" => ("设为正式考试专用", "Reserved for real sittings"),
        QuestionUnreserve = "question.unreserve" => ("取消正式考试专用", "Released to practice"),
        QuestionTagAdd = "question.tag_add" => ("添加标签", "Tag added"),
        QuestionTagRemove = "question.tag_remove" => ("移除标签", "Tag removed"),
        SittingCreate = "sitting.create" => ("新建考试场次", "Sitting created"),
        SittingSchedule = "sitting.schedule" => ("发布考试", "Sitting scheduled"),
        SittingUnschedule = "sitting.unschedule" => ("撤回发布", "Sitting unscheduled"),
        SittingOpen = "sitting.open" => ("开考", "Sitting opened"),
        SittingClose = "sitting.close" => ("结束考试", "Sitting closed"),
        SittingArchive = "sitting.archive" => ("归档", "Sitting archived"),
        SittingExtendAll = "sitting.extend_all" => ("全场延时", "Time extended for all"),
        SittingPublishResults = "sitting.publish_results" => ("发布成绩", "Results published"),
        SittingRegrade = "sitting.regrade" => ("重新评分", "Sitting regraded"),
        CandidateEnrol = "candidate.enrol" => ("考生报名", "Candidate enrolled"),
        CandidateImport = "candidate.import" => ("从名单报名", "Roster enrolled"),
        CandidateReissueCode = "candidate.reissue_code" => ("重新发放访问码", "Access code reissued"),
        CandidatePrintSlips = "candidate.print_slips" => ("打印准考证", "Admission slips printed"),
        CandidateAbsent = "candidate.absent" => ("记为缺考", "Marked absent"),
        CandidateAdmitLate = "candidate.admit_late" => ("准许迟到入场", "Admitted late"),
        CandidateLoginRefused = "candidate.login_refused" => ("拒绝重复登录", "Second login refused"),
        CandidateLoginEvicted = "candidate.login_evicted" => ("异地登录，旧会话结束", "Second login, old session ended"),
        AttemptExtend = "attempt.extend" => ("延长时间", "Time extended"),
        AttemptForceSubmit = "attempt.force_submit" => ("强制交卷", "Handed in by the proctor"),
        AttemptVoid = "attempt.void" => ("作废答卷", "Attempt voided"),
        AttemptFinalize = "attempt.finalize" => ("到时自动交卷", "Finalized at deadline"),
        ScriptMark = "script.mark" => ("阅卷评分", "Script marked"),
        AppealFile = "appeal.file" => ("提出复核申请", "Appeal filed"),
        AppealDecide = "appeal.decide" => ("复核决定", "Appeal decided"),
        RulesUpdate = "rules.update" => ("修改考试规则", "Exam rules changed"),
        MeetingCreate = "meeting.create" => ("新建会议", "Meeting created"),
        NominationCreate = "nomination.create" => ("提请任命", "Nomination made"),
        OathRecord = "oath.record" => ("记录宪法宣誓", "Oath recorded"),
        ReportRecord = "report.record" => ("记录履职报告", "Performance report recorded"),
        UserCreate = "user.create" => ("新建账号", "Account created"),
        UserResetPassword = "user.reset_password" => ("重置密码", "Password reset"),
        UserDisable = "user.disable" => ("停用账号", "Account disabled"),
        UserEnable = "user.enable" => ("启用账号", "Account enabled"),
        UserSignOutEverywhere = "user.sign_out_everywhere" => ("强制退出所有登录", "Signed out everywhere"),
        JurisdictionCreate = "jurisdiction.create" => ("新建行政区", "District created"),
        JurisdictionRename = "jurisdiction.rename" => ("行政区改名", "District renamed"),
        JurisdictionDeactivate = "jurisdiction.deactivate" => ("停用行政区", "District deactivated"),
        JurisdictionActivate = "jurisdiction.activate" => ("恢复行政区", "District reactivated"),
        LoginFailed = "login.failed" => ("登录失败", "Failed login"),
        LoginLocked = "login.locked" => ("登录被锁定", "Login locked"),
        AuditExport = "audit.export" => ("导出审计日志", "Audit log exported"),
        QuestionExport = "question.export" => ("导出题库（含答案）", "Bank exported (with keys)"),
        BackupCreate = "backup.create" => ("备份数据库", "Database backed up"),
        BackupDownload = "backup.download" => ("下载数据库备份", "Database backup downloaded"),
        BackupRestore = "backup.restore" => ("从备份恢复数据库", "Database restored from a backup"),
        AccessForbidden = "access.forbidden" => ("越权操作被拒绝", "Forbidden action refused"),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_code_and_codes_are_distinct() {
        let all: Vec<AuditAction> = AuditAction::FIXED
            .iter()
            .copied()
            .chain(Step::ALL.into_iter().map(AuditAction::Nomination))
            .collect();
        let mut codes = std::collections::HashSet::new();
        for action in all {
            assert_eq!(AuditAction::parse(&action.code()), Some(action));
            assert!(codes.insert(action.code()), "{action:?} twice");
            assert!(!action.label_zh().is_empty() && !action.label_en().is_empty());
        }
        assert_eq!(AuditAction::parse("nomination.nonsense"), None);
        assert_eq!(AuditAction::parse("sitting"), None);
    }
}
