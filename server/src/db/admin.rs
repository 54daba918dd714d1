//! Administration outside the web UI: jurisdictions and staff accounts for the CLI, the
//! demo seed and test fixtures. Every change is audited like a staff action.

use app::audit::Actor;
use app::auth::Role;
use app::error::AppError;
use app::state::{now_ms, StoreError};
use serde_json::json;

use super::{backend_error, is_unique_violation, AuditRecord, Db};

impl Db {
    /// The id of the jurisdiction with `code`, creating it (under `parent_code`) if missing.
    pub async fn ensure_jurisdiction(
        &self,
        code: &str,
        name: &str,
        parent_code: Option<&str>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        if let Some((id,)) =
            sqlx::query_as::<_, (i64,)>("SELECT id FROM jurisdictions WHERE code = $1")
                .bind(code)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend_error)?
        {
            return Ok(id);
        }
        let parent: Option<(i64, String)> = match parent_code {
            Some(parent) => Some(
                sqlx::query_as("SELECT id, path FROM jurisdictions WHERE code = $1")
                    .bind(parent)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(backend_error)?
                    .ok_or_else(|| {
                        StoreError::Rejected(AppError::invalid(
                            Some("parent"),
                            format!("上级行政区 {parent} 不存在"),
                            format!("no parent jurisdiction {parent}"),
                        ))
                    })?,
            ),
            None => None,
        };
        let (id,): (i64,) = sqlx::query_as("INSERT INTO jurisdictions (parent_id, code, name, path, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(parent.as_ref().map(|p| p.0))
            .bind(code)
            .bind(name)
            .bind(format!("pending:{code}"))
            .bind(now_ms())
            .fetch_one(&mut *tx)
            .await
            .map_err(backend_error)?;
        let path = format!("{}{id}/", parent.map_or_else(|| "/".to_owned(), |p| p.1));
        sqlx::query("UPDATE jurisdictions SET path = $1 WHERE id = $2")
            .bind(path)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        tx.commit().await.map_err(backend_error)?;
        Ok(id)
    }

    /// Creates a staff account in a jurisdiction, audited.
    pub async fn create_staff(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        username: &str,
        display_name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<i64, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query_as::<_, (i64,)>(
            "INSERT INTO users (jurisdiction_id, username, display_name, role, password_hash, active, created_at) VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id",
        )
        .bind(jurisdiction_id)
        .bind(username)
        .bind(display_name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await;
        let (id,) = match inserted {
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::Rejected(AppError::invalid(
                    Some("username"),
                    format!("用户名 {username} 已存在"),
                    format!("username {username} is taken"),
                )));
            }
            other => other.map_err(backend_error)?,
        };
        AuditRecord {
            action: "user.create",
            entity: "user",
            entity_id: id.to_string(),
            jurisdiction_id: Some(jurisdiction_id),
            reason: None,
            detail: json!({ "username": username, "role": role.as_str() }),
        }
        .append(&mut tx, actor, now)
        .await?;
        tx.commit().await.map_err(backend_error)?;
        Ok(id)
    }

    /// Replaces a staff member's password hash, audited with the reason.
    pub async fn set_password(
        &self,
        actor: &Actor,
        username: &str,
        password_hash: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let (id, jurisdiction_id): (i64, i64) =
            sqlx::query_as("SELECT id, jurisdiction_id FROM users WHERE username = $1")
                .bind(username)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend_error)?
                .ok_or(StoreError::NotFound)?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        AuditRecord {
            action: "user.reset_password",
            entity: "user",
            entity_id: id.to_string(),
            jurisdiction_id: Some(jurisdiction_id),
            reason: Some(reason),
            detail: json!({ "username": username }),
        }
        .append(&mut tx, actor, now)
        .await?;
        tx.commit().await.map_err(backend_error)?;
        Ok(())
    }

    /// The id of the jurisdiction with `code`.
    pub async fn jurisdiction_id(&self, code: &str) -> Result<i64, StoreError> {
        let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM jurisdictions WHERE code = $1")
            .bind(code)
            .fetch_optional(self.pool())
            .await
            .map_err(backend_error)?;
        found.map(|(id,)| id).ok_or_else(|| {
            StoreError::Rejected(AppError::invalid(
                Some("jurisdiction_code"),
                format!("行政区代码 {code} 不存在"),
                format!("no jurisdiction with code {code}"),
            ))
        })
    }

    /// Whether the database holds no jurisdiction yet (a fresh install).
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM jurisdictions")
            .fetch_one(self.pool())
            .await
            .map_err(backend_error)?;
        Ok(n == 0)
    }
}
