use async_trait::async_trait;
use question_bank::audit_chain::ChainHead;

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
        action: &str,
        entity: &str,
        entity_id: &str,
        detail: serde_json::Value,
    ) -> Result<(), StoreError>;
    /// The newest event of the chain (id and hash), as recorded now.
    async fn audit_head(&self) -> Result<ChainHead, StoreError>;
}
