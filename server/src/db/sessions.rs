//! tower-sessions storage in our own `sessions` table, on whichever backend is configured.

use async_trait::async_trait;
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result, SessionStore};

use crate::db::{backend_error, Db};

/// Sessions kept in the database, so they survive restarts and are shared by every instance.
#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    /// A store over this database.
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Removes sessions that have expired; returns how many.
    pub async fn delete_expired(&self, now_ms: i64) -> std::result::Result<u64, sqlx::Error> {
        Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now_ms)
            .execute(self.db.pool())
            .await?
            .rows_affected())
    }
}

/// Ends every session of the staff accounts `user_ids` (sign-out everywhere, a disabled
/// account, a deactivated district) inside the caller's transaction; returns how many.
/// Sessions store their data as JSON, so each one's principal is read the way the session
/// layer reads it, never matched as text.
pub(crate) async fn delete_staff_sessions(
    conn: &mut sqlx::AnyConnection,
    user_ids: &[i64],
) -> std::result::Result<u64, sqlx::Error> {
    use app::auth::guard::{Principal, PRINCIPAL_KEY};
    if user_ids.is_empty() {
        return Ok(0);
    }
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, data FROM sessions")
        .fetch_all(&mut *conn)
        .await?;
    let mut ended = 0;
    for (id, data) in rows {
        let principal = serde_json::from_str::<serde_json::Value>(&data)
            .ok()
            .and_then(|mut v| v.get_mut(PRINCIPAL_KEY).map(serde_json::Value::take))
            .and_then(|p| serde_json::from_value::<Principal>(p).ok());
        if matches!(principal, Some(Principal::Staff { user_id }) if user_ids.contains(&user_id)) {
            ended += sqlx::query("DELETE FROM sessions WHERE id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?
                .rows_affected();
        }
    }
    Ok(ended)
}

fn expiry_ms(record: &Record) -> i64 {
    (record.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64
}

fn backend(e: sqlx::Error) -> Error {
    Error::Backend(e.to_string())
}

fn stored(e: app::state::StoreError) -> Error {
    Error::Backend(e.to_string())
}

/// What writing a session does to a stored one with the same id.
#[derive(Clone, Copy)]
enum OnConflict {
    /// Leaves it (a new session's id was drawn again).
    Keep,
    /// Replaces its data and expiry.
    Replace,
}

impl DbSessionStore {
    /// Writes `record` in one statement; whether it was written.
    async fn put(&self, record: &Record, on_conflict: OnConflict) -> Result<bool> {
        let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
        let (id, expires_at) = (record.id.to_string(), expiry_ms(record));
        let sql = match on_conflict {
            OnConflict::Keep => "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
            OnConflict::Replace => "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
        };
        self.db
            .write_statement(move |conn| {
                Box::pin(async move {
                    sqlx::query(sql)
                        .bind(id)
                        .bind(data)
                        .bind(expires_at)
                        .execute(&mut *conn)
                        .await
                        .map(|done| done.rows_affected() == 1)
                        .map_err(backend_error)
                })
            })
            .await
            .map_err(stored)
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        loop {
            if self.put(record, OnConflict::Keep).await? {
                return Ok(());
            }
            record.id = Id::default(); // a collision of 128 random bits: draw again
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        self.put(record, OnConflict::Replace).await.map(|_| ())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let now = app::state::now_ms();
        let row: Option<(String, i64)> = sqlx::query_as(
            "SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2",
        )
        .bind(id.to_string())
        .bind(now)
        .fetch_optional(self.db.pool())
        .await
        .map_err(backend)?;
        let Some((data, expires_at)) = row else {
            return Ok(None);
        };
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&data).map_err(|e| Error::Decode(e.to_string()))?,
            expiry_date: OffsetDateTime::from_unix_timestamp_nanos(
                i128::from(expires_at) * 1_000_000,
            )
            .map_err(|e| Error::Decode(e.to_string()))?,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        let id = id.to_string();
        self.db
            .write_statement(move |conn| {
                Box::pin(async move {
                    sqlx::query("DELETE FROM sessions WHERE id = $1")
                        .bind(id)
                        .execute(&mut *conn)
                        .await
                        .map_err(backend_error)?;
                    Ok(())
                })
            })
            .await
            .map_err(stored)
    }
}
