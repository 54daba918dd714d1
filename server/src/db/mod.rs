//! The database adapter: one implementation of the app's repository traits over sqlx's Any
//! driver, for SQLite (the zero-configuration default) and PostgreSQL (large deployments).
//!
//! Portability rules kept by every query here: `$1`-style parameters (SQLite reads them
//! too); instants as BIGINT milliseconds; flags as 0/1 BIGINT; `CAST(SUM(..) AS BIGINT)`
//! (PostgreSQL's SUM of BIGINT is NUMERIC); `RETURNING id`. What differs per backend is
//! here and only here: connection settings, migrations, and how a write transaction begins.

pub mod admin;
mod appointments;
mod audit;
mod auth;
mod bank;
mod changes;
mod exam;
mod group;
mod marking;
mod practice;
mod results;
pub mod sessions;
mod sittings;

use std::str::FromStr;

use app::state::StoreError;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, ConnectOptions, Executor, Transaction};

pub use audit::AuditRecord;
pub use bank::law_versions::ShippedText;
pub use changes::Changes;

/// Which database a URL points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// One file, WAL, durable commits.
    Sqlite,
    /// A server shared by several app instances.
    Postgres,
}

/// The connection pool and its backend.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    url: DatabaseUrl,
    /// SQLite's group-commit writer (see `group`); none on PostgreSQL.
    writer: Option<group::Writer>,
    /// SQLite: whose turn it is to begin a write transaction (see `group::Turn`).
    turn: group::Turn,
    /// Which sittings changed, for the proctors' consoles (see `changes`).
    changes: Changes,
}

/// The URL the pool connected with (`pg_dump` connects with it too); it may hold a password,
/// so it is never printed.
#[derive(Clone)]
struct DatabaseUrl(std::sync::Arc<str>);

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DatabaseUrl(..)")
    }
}

impl Db {
    /// Connects to `sqlite://path` (the file is created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(sqlx::Error::Configuration(
                format!("unsupported database URL (use sqlite:// or postgres://): {url}").into(),
            ));
        };
        let given = DatabaseUrl(url.into());
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_owned(),
        };
        let options =
            AnyConnectOptions::from_str(&url)?.log_statements(tracing::log::LevelFilter::Trace);
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL: readers never block the writer. FULL: a commit is on disk before
                        // it is acknowledged, so an acknowledged answer survives power loss.
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let turn = group::Turn::default();
        let writer =
            (backend == Backend::Sqlite).then(|| group::Writer::spawn(pool.clone(), turn.clone()));
        Ok(Self {
            pool,
            backend,
            url: given,
            writer,
            turn,
            changes: Changes::default(),
        })
    }

    /// Which sittings changed: marked by the writes a console shows, watched by consoles.
    pub fn changes(&self) -> &Changes {
        &self.changes
    }

    /// The same database, its changes also told to and heard from the other instances
    /// serving from the same PostgreSQL server (for a serving process; SQLite has one).
    pub fn told_across_instances(self) -> Self {
        match self.backend {
            Backend::Sqlite => self,
            Backend::Postgres => Self {
                changes: self
                    .changes
                    .clone()
                    .bridge(self.pool.clone(), self.url.0.clone()),
                ..self
            },
        }
    }

    /// Brings the schema up to date (migrations are embedded in the binary), then chains
    /// any audit events written before the audit chain existed.
    pub async fn migrate(&self) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("../migrations/sqlite").run(&self.pool).await,
            Backend::Postgres => {
                sqlx::migrate!("../migrations/postgres")
                    .run(&self.pool)
                    .await
            }
        }?;
        self.chain_unchained_audit_events().await?;
        let (shipped, earlier) = ShippedText::library();
        self.adopt_shipped_statutes(&shipped, &earlier).await?;
        Ok(())
    }

    /// Closes every connection (for tests that simulate a restart).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The URL it was connected with.
    pub fn url(&self) -> &str {
        &self.url.0
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for reads.
    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a read-then-write transaction never fails with SQLITE_BUSY
    /// halfway; it waits its turn instead, in order with the group-commit writer's batches
    /// (`group::Turn`).
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Any>, StoreError> {
        match self.backend {
            Backend::Sqlite => {
                let _turn = self.turn.lock().await;
                self.pool.begin_with("BEGIN IMMEDIATE").await
            }
            Backend::Postgres => self.pool.begin().await,
        }
        .map_err(backend_error)
    }

    /// Appended to a SELECT that must lock the rows of table alias `of` until commit:
    /// PostgreSQL needs it; on SQLite the immediate transaction already excludes other writers.
    pub(crate) fn lock_rows(&self, of: &str) -> String {
        match self.backend {
            Backend::Sqlite => String::new(),
            Backend::Postgres => format!(" FOR UPDATE OF {of}"),
        }
    }
}

/// Maps a database failure once; the error is kept as the cause of `StoreError::Backend`,
/// which never leaves the server.
pub(crate) fn backend_error(e: sqlx::Error) -> StoreError {
    StoreError::backend(e)
}

/// A write's result, with a unique-constraint violation (a code, a name, a number already
/// taken) answered as the conflict `taken` says.
pub(crate) fn unless_taken<T>(
    written: Result<T, sqlx::Error>,
    taken: impl FnOnce() -> question_bank::refusal::Refusal,
) -> Result<T, StoreError> {
    written.map_err(|e| {
        if e.as_database_error()
            .is_some_and(|d| d.is_unique_violation())
        {
            StoreError::Conflict(taken())
        } else {
            backend_error(e)
        }
    })
}

/// `$first, $first+1, …` for an IN list of `n` values.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Decodes a JSON column written by this program.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::backend(format!("stored JSON unreadable: {e}")))
}

/// Encodes a value for a JSON column.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}
