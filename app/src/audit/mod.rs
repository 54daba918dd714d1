//! The audit log (审计日志): an append-only record of every staff action.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// Who made a change, as the audit log records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The staff account, if a person (not the CLI or a background job) acted.
    pub user_id: Option<i64>,
    /// "张明（zhangming）", "cli", "deadline sweeper".
    pub label: String,
    /// The actor's own jurisdiction.
    pub jurisdiction_id: Option<i64>,
}

impl Actor {
    /// A process of the system itself, e.g. the admin CLI or the deadline sweeper.
    pub fn system(label: &str) -> Self {
        Self {
            user_id: None,
            label: label.to_owned(),
            jurisdiction_id: None,
        }
    }
}

/// What an audited action is called on screen; unknown actions show their code.
pub fn action_label(action: &str, lang: Lang) -> String {
    let (zh, en) = match action {
        "question.create" => ("新增试题", "Question added"),
        "sitting.create" => ("新建考试场次", "Sitting created"),
        "candidate.enrol" => ("考生报名", "Candidate enrolled"),
        "candidate.reissue_code" => ("重新发放访问码", "Access code reissued"),
        "attempt.finalize" => ("到时自动交卷", "Finalized at deadline"),
        "user.create" => ("新建账号", "Account created"),
        "user.reset_password" => ("重置密码", "Password reset"),
        other => return other.to_owned(),
    };
    lang.pick(zh, en).to_owned()
}

/// What kind of record an audit event is about, on screen.
pub fn entity_label(entity: &str, lang: Lang) -> String {
    let (zh, en) = match entity {
        "question" => ("试题", "question"),
        "sitting" => ("考试场次", "sitting"),
        "candidate" => ("考生", "candidate"),
        "attempt" => ("答卷", "attempt"),
        "user" => ("账号", "account"),
        other => return other.to_owned(),
    };
    lang.pick(zh, en).to_owned()
}

/// One audit event as the audit page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEventView {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub reason: Option<String>,
    pub detail: String,
}
