//! The audit log (审计日志): an append-only record of every staff action.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;

use serde::{Deserialize, Serialize};

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
