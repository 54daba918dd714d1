use async_trait::async_trait;

use super::AuditEventView;
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
}
