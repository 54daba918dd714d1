use leptos::prelude::*;

use super::AuditEventView;
use crate::error::AppError;

/// The latest 200 audit events in the caller's jurisdiction and below (admins only).
#[server(prefix = "/api", endpoint = "audit/list")]
pub async fn list_audit_events() -> Result<Vec<AuditEventView>, AppError> {
    use crate::auth::guard::{require_staff, respond};
    use crate::auth::Permission;
    respond(async {
        let (user, state) = require_staff(Permission::ViewAudit).await?;
        Ok(state
            .store
            .audit_events(&user.jurisdiction_path, 200)
            .await?)
    })
    .await
}
