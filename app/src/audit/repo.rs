use async_trait::async_trait;
use question_bank::audit_chain::ChainHead;

use super::words::{Names, RecordKind};
use super::{Actor, AuditEventView, AuditFilter};
use crate::state::StoreError;

/// Reading the audit log. Writing happens inside each audited change's own transaction.
#[async_trait]
pub trait AuditRepo: Send + Sync {
    /// Up to `limit` events matching `filter`, newest first, about records in jurisdictions
    /// under `scope_path`, and with `system_wide` also those tied to no jurisdiction (failed
    /// logins with an unknown name, CLI actions): a top-level jurisdiction's admins see those.
    async fn audit_events(
        &self,
        scope_path: &str,
        system_wide: bool,
        filter: &AuditFilter,
        limit: usize,
    ) -> Result<Vec<AuditEventView>, StoreError>;
    /// Records an action that changes no record but must be traceable (e.g. exporting the
    /// bank with its keys, a failed login). Changes record their events inside their own
    /// transactions instead.
    async fn record_event(
        &self,
        actor: &Actor,
        action: question_bank::audit_action::AuditAction,
        entity: &str,
        entity_id: &str,
        detail: serde_json::Value,
    ) -> Result<(), StoreError>;
    /// The names of the records `refs` point to (a sitting's title, a candidate's name, an
    /// account's name and login, a question's first words), for the audit page. Only records
    /// of jurisdictions under `scope_path` are named, whatever an event refers to.
    async fn record_names(
        &self,
        scope_path: &str,
        refs: &[(RecordKind, i64)],
    ) -> Result<Names, StoreError>;
    /// The newest event of the chain (id and hash), as recorded now.
    async fn audit_head(&self) -> Result<ChainHead, StoreError>;
}
