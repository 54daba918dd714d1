use app::audit::repo::AuditRepo;
use app::audit::{Actor, AuditEventView};
use app::state::StoreError;
use async_trait::async_trait;
use sqlx::AnyConnection;

use super::{backend_error, Db};

/// One audit event to append inside the transaction of the change it records.
pub struct AuditRecord<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub jurisdiction_id: Option<i64>,
    pub reason: Option<&'a str>,
    pub detail: serde_json::Value,
}

impl AuditRecord<'_> {
    /// Appends the event. Called with the change's own transaction, so both commit or neither.
    pub async fn append(
        self,
        conn: &mut AnyConnection,
        actor: &Actor,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO audit_events (at, actor_user_id, actor, jurisdiction_id, action, entity, entity_id, reason, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(at)
        .bind(actor.user_id)
        .bind(&actor.label)
        .bind(self.jurisdiction_id.or(actor.jurisdiction_id))
        .bind(self.action)
        .bind(self.entity)
        .bind(&self.entity_id)
        .bind(self.reason)
        .bind(self.detail.to_string())
        .execute(conn)
        .await
        .map_err(backend_error)?;
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: i64,
    actor: String,
    action: String,
    entity: String,
    entity_id: String,
    reason: Option<String>,
    detail: String,
}

#[async_trait]
impl AuditRepo for Db {
    async fn record_event(
        &self,
        actor: &Actor,
        action: &str,
        entity: &str,
        entity_id: &str,
        detail: serde_json::Value,
    ) -> Result<(), StoreError> {
        let mut conn = self.pool().acquire().await.map_err(backend_error)?;
        AuditRecord {
            action,
            entity,
            entity_id: entity_id.to_owned(),
            jurisdiction_id: None,
            reason: None,
            detail,
        }
        .append(&mut conn, actor, app::state::now_ms())
        .await
    }

    async fn audit_events(
        &self,
        scope_path: &str,
        limit: i64,
    ) -> Result<Vec<AuditEventView>, StoreError> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.reason, e.detail \
             FROM audit_events e JOIN jurisdictions j ON j.id = e.jurisdiction_id \
             WHERE j.path LIKE $1 || '%' \
             ORDER BY e.id DESC LIMIT $2",
        )
        .bind(scope_path)
        .bind(limit)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        Ok(rows
            .into_iter()
            .map(|r| AuditEventView {
                id: r.id,
                at: r.at,
                actor: r.actor,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                reason: r.reason,
                detail: r.detail,
            })
            .collect())
    }
}
