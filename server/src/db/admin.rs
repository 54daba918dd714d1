//! Administration outside the web UI: jurisdictions and staff accounts for the CLI, the
//! demo seed and test fixtures. Every change is audited like a staff action.

use app::admin::repo::{AccountChange, AdminRepo};
use app::admin::{JurisdictionRow, StaffRow};
use app::audit::Actor;
use app::auth::Role;
use app::state::{now_ms, StoreError};
use async_trait::async_trait;
use question_bank::administration::AdminRefusal;
use question_bank::audit_action::AuditAction;
use serde_json::json;
use sqlx::AnyConnection;

use crate::db::sessions::delete_staff_sessions;
use crate::db::{backend_error, unless_taken, AuditRecord, Db};

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
                        StoreError::refused(AdminRefusal::NoParent {
                            code: parent.to_string(),
                        })
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
        let mut tx = self.begin_write().await?;
        let id = insert_staff(
            &mut tx,
            actor,
            jurisdiction_id,
            username,
            display_name,
            role,
            password_hash,
        )
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
        AuditRecord::new(AuditAction::UserResetPassword, "user", id)
            .jurisdiction(Some(jurisdiction_id))
            .reason(Some(reason))
            .detail(json!({ "username": username }))
            .commit(tx, actor, now)
            .await?;
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
            StoreError::refused(AdminRefusal::NoSuchCode {
                code: code.to_string(),
            })
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

/// Inserts a staff account and its audit event in the caller's transaction.
async fn insert_staff(
    conn: &mut AnyConnection,
    actor: &Actor,
    jurisdiction_id: i64,
    username: &str,
    display_name: &str,
    role: Role,
    password_hash: &str,
) -> Result<i64, StoreError> {
    let now = now_ms();
    let inserted = sqlx::query_as::<_, (i64,)>(
        "INSERT INTO users (jurisdiction_id, username, display_name, role, password_hash, active, created_at) VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id",
    )
    .bind(jurisdiction_id)
    .bind(username)
    .bind(display_name)
    .bind(role.as_str())
    .bind(password_hash)
    .bind(now)
    .fetch_one(&mut *conn)
    .await;
    let (id,) = unless_taken(inserted, || {
        AdminRefusal::UsernameTaken {
            username: username.to_string(),
        }
        .into()
    })?;
    AuditRecord::new(AuditAction::UserCreate, "user", id)
        .jurisdiction(Some(jurisdiction_id))
        .detail(json!({ "username": username, "role": role.as_str() }))
        .append(conn, actor, now)
        .await?;
    Ok(id)
}

/// A jurisdiction as read for a scope check: (id, path, active, name).
type JurisdictionKey = (i64, String, i64, String);

/// The jurisdiction `id` if it is under `scope` (itself included with `or_self`).
async fn jurisdiction_in(
    conn: &mut AnyConnection,
    scope: &str,
    id: i64,
    or_self: bool,
) -> Result<JurisdictionKey, StoreError> {
    let found: Option<JurisdictionKey> = sqlx::query_as(
        "SELECT id, path, active, name FROM jurisdictions WHERE id = $1 AND path LIKE $2 || '%'",
    )
    .bind(id)
    .bind(scope)
    .fetch_optional(&mut *conn)
    .await
    .map_err(backend_error)?;
    match found {
        Some(j) if or_self || j.1 != scope => Ok(j),
        Some(_) => Err(StoreError::refused(AdminRefusal::OwnJurisdiction)),
        None => Err(StoreError::refused(AdminRefusal::JurisdictionOutOfReach)),
    }
}

/// Refuses a change that would leave the top-level jurisdiction of `path` without an active
/// administrator (the only accounts that can reach everything): checked in the change's
/// transaction after the change, so the change is rolled back.
async fn keep_a_top_admin(conn: &mut AnyConnection, path: &str) -> Result<(), StoreError> {
    let top = path
        .split('/')
        .find(|s| !s.is_empty())
        .map(|id| format!("/{id}/"))
        .unwrap_or_default();
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM users u JOIN jurisdictions j ON j.id = u.jurisdiction_id \
         WHERE j.path = $1 AND u.role = 'admin' AND u.active = 1",
    )
    .bind(top)
    .fetch_one(&mut *conn)
    .await
    .map_err(backend_error)?;
    if n == 0 {
        return Err(StoreError::refused(AdminRefusal::LastCityAdministrator));
    }
    Ok(())
}

fn session_error(e: sqlx::Error) -> StoreError {
    backend_error(e)
}

#[async_trait]
impl AdminRepo for Db {
    async fn jurisdictions_in(&self, scope: &str) -> Result<Vec<JurisdictionRow>, StoreError> {
        let rows: Vec<(i64, String, String, Option<i64>, i64)> = sqlx::query_as(
            "SELECT id, code, name, parent_id, active FROM jurisdictions \
             WHERE path LIKE $1 || '%' ORDER BY path",
        )
        .bind(scope)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        Ok(rows
            .into_iter()
            .map(|(id, code, name, parent_id, active)| JurisdictionRow {
                id,
                code,
                name,
                parent_id,
                active: active != 0,
            })
            .collect())
    }

    async fn jurisdictions_outside(&self, scope: &str) -> Result<i64, StoreError> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM jurisdictions WHERE path NOT LIKE $1 || '%'")
                .bind(scope)
                .fetch_one(self.pool())
                .await
                .map_err(backend_error)?;
        Ok(n)
    }

    async fn staff_in(&self, scope: &str) -> Result<Vec<StaffRow>, StoreError> {
        // The last login is the newest successful login attempt counted against the account
        // (see `throttle::staff_subject`).
        let rows: Vec<(i64, String, String, String, i64, String, i64, Option<i64>)> =
            sqlx::query_as(
                "SELECT u.id, u.username, u.display_name, u.role, u.jurisdiction_id, j.name, u.active, \
                        (SELECT MAX(a.at) FROM login_attempts a \
                          WHERE a.subject = 'staff:' || LOWER(u.username) AND a.succeeded = 1) \
                 FROM users u JOIN jurisdictions j ON j.id = u.jurisdiction_id \
                 WHERE j.path LIKE $1 || '%' ORDER BY j.path, u.username",
            )
            .bind(scope)
            .fetch_all(self.pool())
            .await
            .map_err(backend_error)?;
        rows.into_iter()
            .map(
                |(
                    id,
                    username,
                    display_name,
                    role,
                    jurisdiction_id,
                    jurisdiction_name,
                    active,
                    last,
                )| {
                    Ok(StaffRow {
                        id,
                        username,
                        display_name,
                        role: Role::parse(&role)
                            .ok_or_else(|| StoreError::backend(format!("unknown role {role}")))?,
                        jurisdiction_id,
                        jurisdiction_name,
                        active: active != 0,
                        last_login_at: last,
                    })
                },
            )
            .collect()
    }

    async fn create_district(
        &self,
        actor: &Actor,
        scope: &str,
        code: &str,
        name: &str,
    ) -> Result<i64, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let parent: Option<(i64, Option<i64>, i64)> =
            sqlx::query_as("SELECT id, parent_id, active FROM jurisdictions WHERE path = $1")
                .bind(scope)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend_error)?;
        // Districts are made by the city: a district's administrator sees only itself.
        let Some((parent_id, None, 1)) = parent else {
            return Err(StoreError::refused(AdminRefusal::OnlyCityCreatesDistricts));
        };
        let inserted = sqlx::query_as::<_, (i64,)>(
            "INSERT INTO jurisdictions (parent_id, code, name, path, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(parent_id)
        .bind(code)
        .bind(name)
        .bind(format!("pending:{code}"))
        .bind(now)
        .fetch_one(&mut *tx)
        .await;
        let (id,) = unless_taken(inserted, || {
            AdminRefusal::CodeTaken {
                code: code.to_string(),
            }
            .into()
        })?;
        sqlx::query("UPDATE jurisdictions SET path = $1 WHERE id = $2")
            .bind(format!("{scope}{id}/"))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        AuditRecord::for_jurisdiction(AuditAction::JurisdictionCreate, id)
            .detail(json!({ "code": code, "name": name, "parent_id": parent_id }))
            .commit(tx, actor, now)
            .await?;
        Ok(id)
    }

    async fn rename_jurisdiction(
        &self,
        actor: &Actor,
        scope: &str,
        id: i64,
        name: &str,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let (_, _, _, old) = jurisdiction_in(&mut tx, scope, id, false).await?;
        sqlx::query("UPDATE jurisdictions SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        AuditRecord::for_jurisdiction(AuditAction::JurisdictionRename, id)
            .detail(json!({ "from": old, "to": name }))
            .commit(tx, actor, now)
            .await?;
        Ok(())
    }

    async fn set_jurisdiction_active(
        &self,
        actor: &Actor,
        scope: &str,
        id: i64,
        active: bool,
        reason: &str,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let (_, path, _, _) = jurisdiction_in(&mut tx, scope, id, false).await?;
        sqlx::query("UPDATE jurisdictions SET active = $1 WHERE id = $2")
            .bind(i64::from(active))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        let mut disabled = Vec::new();
        if !active {
            // Its records stay; its people stop: every account in it and below is disabled
            // and signed out in the same change.
            let ids: Vec<(i64,)> = sqlx::query_as(
                "SELECT u.id FROM users u JOIN jurisdictions j ON j.id = u.jurisdiction_id \
                 WHERE j.path LIKE $1 || '%' AND u.active = 1",
            )
            .bind(&path)
            .fetch_all(&mut *tx)
            .await
            .map_err(backend_error)?;
            disabled = ids.into_iter().map(|(id,)| id).collect();
            sqlx::query(
                "UPDATE users SET active = 0 WHERE jurisdiction_id IN \
                 (SELECT id FROM jurisdictions WHERE path LIKE $1 || '%')",
            )
            .bind(&path)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
            delete_staff_sessions(&mut tx, &disabled)
                .await
                .map_err(session_error)?;
        }
        AuditRecord::for_jurisdiction(
            if active {
                AuditAction::JurisdictionActivate
            } else {
                AuditAction::JurisdictionDeactivate
            },
            id,
        )
        .reason(Some(reason).filter(|r| !r.is_empty()))
        .detail(json!({ "disabled_accounts": disabled }))
        .commit(tx, actor, now)
        .await?;
        Ok(())
    }

    async fn create_account(
        &self,
        actor: &Actor,
        scope: &str,
        jurisdiction_id: i64,
        username: &str,
        display_name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<i64, StoreError> {
        // Checked and inserted in one transaction: a district deactivated meanwhile
        // gets no new account.
        let mut tx = self.begin_write().await?;
        let (_, _, active, _) = jurisdiction_in(&mut tx, scope, jurisdiction_id, true).await?;
        if active == 0 {
            return Err(StoreError::refused(AdminRefusal::JurisdictionDeactivated));
        }
        let id = insert_staff(
            &mut tx,
            actor,
            jurisdiction_id,
            username,
            display_name,
            role,
            password_hash,
        )
        .await?;
        tx.commit().await.map_err(backend_error)?;
        Ok(id)
    }

    async fn change_account(
        &self,
        actor: &Actor,
        scope: &str,
        user_id: i64,
        change: AccountChange<'_>,
        reason: &str,
    ) -> Result<String, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let found: Option<(String, i64, String, i64)> = sqlx::query_as(
            "SELECT u.username, u.jurisdiction_id, j.path, j.active FROM users u \
             JOIN jurisdictions j ON j.id = u.jurisdiction_id \
             WHERE u.id = $1 AND j.path LIKE $2 || '%'",
        )
        .bind(user_id)
        .bind(scope)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend_error)?;
        let Some((username, jurisdiction_id, path, jurisdiction_active)) = found else {
            return Err(StoreError::refused(AdminRefusal::AccountOutOfReach));
        };
        let action = match change {
            AccountChange::Password(hash) => {
                sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                    .bind(hash)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
                AuditAction::UserResetPassword
            }
            AccountChange::Active(active) => {
                if active && jurisdiction_active == 0 {
                    return Err(StoreError::refused(
                        AdminRefusal::AccountJurisdictionDeactivated,
                    ));
                }
                sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
                    .bind(i64::from(active))
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
                if active {
                    AuditAction::UserEnable
                } else {
                    keep_a_top_admin(&mut tx, &path).await?;
                    delete_staff_sessions(&mut tx, &[user_id])
                        .await
                        .map_err(session_error)?;
                    AuditAction::UserDisable
                }
            }
            AccountChange::SignOut => {
                delete_staff_sessions(&mut tx, &[user_id])
                    .await
                    .map_err(session_error)?;
                AuditAction::UserSignOutEverywhere
            }
        };
        AuditRecord::new(action, "user", user_id)
            .jurisdiction(Some(jurisdiction_id))
            .reason(Some(reason).filter(|r| !r.is_empty()))
            .detail(json!({ "username": username }))
            .commit(tx, actor, now)
            .await?;
        Ok(username)
    }
}
