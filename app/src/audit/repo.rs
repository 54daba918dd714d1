use async_trait::async_trait;

use super::{Actor, AuditEventView};
use crate::state::StoreError;

/// Reading the audit log. Writing happens inside each audited change's own transaction.
#[async_trait]
pub trait AuditRepo: Send + Sync {
    /// The newest events about records in jurisdictions under `scope_path`, newest first.
    async fn audit_events(
        &self,
        scope_path: &str,
        limit: i64,
    ) -> Result<Vec<AuditEventView>, StoreError>;
    /// Records an action that changes no record but must be traceable (e.g. exporting the
    /// bank with its keys). Changes record their events inside their own transactions instead.
    async fn record_event(
        &self,
        actor: &Actor,
        action: &str,
        entity: &str,
        entity_id: &str,
        detail: serde_json::Value,
    ) -> Result<(), StoreError>;
}
