//! Online backups and verified restores (`renqian backup`, `renqian restore`, the daily job).
//!
//! A backup is one zip archive holding the database copy and `manifest.json`: when it was
//! taken, the backend, the schema version (the last applied migration), every table's row
//! count, the audit chain's head, and the SHA-256 of the copy. The counts and the head are read
//! from the very snapshot that was copied, so they describe the copy exactly even while
//! candidates keep saving answers:
//! - SQLite: `VACUUM INTO` writes a consistent copy from one read transaction (WAL: the writer
//!   is never blocked); the counts are then read from the copy itself.
//! - PostgreSQL: a REPEATABLE READ transaction exports its snapshot, the counts are read in it,
//!   and `pg_dump --snapshot` dumps that same snapshot in the custom format.
//!
//! A restore goes into an empty database only. It checks the archive (the copy's hash, the
//! backend), restores, then compares the restored database with the manifest (schema version,
//! every row count, the audit head) and recomputes the audit chain; any difference is an error.

use question_bank::audit_action::AuditAction;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use app::admin::backups::{scheduled_archives, SCHEDULED_PREFIX};
use question_bank::audit_chain::ChainHead;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Connection};

use crate::db::{AuditRecord, Backend, Db};

/// The manifest's name inside the archive.
pub const MANIFEST: &str = "manifest.json";
/// The archive layout this build writes and reads.
pub const FORMAT: u32 = 1;

/// What a backup archive says about its copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The archive layout ([`FORMAT`]).
    pub format: u32,
    /// When the snapshot was taken (Unix milliseconds).
    pub created_at_ms: i64,
    /// The same, in China Standard Time, for people.
    pub created_at: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The Renqian version that wrote it.
    pub renqian_version: String,
    /// The schema version, the row counts and the audit head of the copy.
    #[serde(flatten)]
    pub contents: Contents,
    /// The copy's name inside the archive.
    pub database_file: String,
    /// The copy's SHA-256, lowercase hex.
    pub database_sha256: String,
}

/// What a database holds, as far as a restore checks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contents {
    /// The last applied migration (`_sqlx_migrations.version`).
    pub schema_version: i64,
    /// Rows per table.
    pub tables: BTreeMap<String, i64>,
    /// The audit chain's recorded head, where the database has one.
    pub audit_head: Option<ChainHead>,
}

impl Contents {
    /// Every way `found` differs from `self` (the manifest's), for the operator to read.
    pub fn differences(&self, found: &Contents) -> Vec<String> {
        let mut out = Vec::new();
        if self.schema_version != found.schema_version {
            out.push(format!(
                "schema version: manifest {}, database {}",
                self.schema_version, found.schema_version
            ));
        }
        for (table, expected) in &self.tables {
            match found.tables.get(table) {
                None => out.push(format!(
                    "table {table}: in the manifest, not in the database"
                )),
                Some(n) if n != expected => out.push(format!(
                    "table {table}: manifest {expected} rows, database {n}"
                )),
                Some(_) => {}
            }
        }
        for table in found.tables.keys() {
            if !self.tables.contains_key(table) {
                out.push(format!(
                    "table {table}: in the database, not in the manifest"
                ));
            }
        }
        if self.audit_head != found.audit_head {
            let show = |h: &Option<ChainHead>| {
                h.as_ref()
                    .map_or("none".to_owned(), |h| format!("#{} {}", h.id, h.hash))
            };
            out.push(format!(
                "audit head: manifest {}, database {}",
                show(&self.audit_head),
                show(&found.audit_head)
            ));
        }
        out
    }
}

/// Why a backup or a restore did not happen or did not verify.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The restore target already holds data.
    #[error("refused: {0}")]
    NotEmpty(String),
    /// The archive is damaged or altered, or does not fit the target.
    #[error("refused: the backup archive cannot be trusted: {0}")]
    BadArchive(String),
    /// The restored database is not what the manifest describes.
    #[error("the restored database does not match the backup's manifest:\n  {}", .0.join("\n  "))]
    Mismatch(Vec<String>),
    /// Anything else (the database, the disk, pg_dump).
    #[error("{0}")]
    Failed(String),
}

impl From<sqlx::Error> for BackupError {
    fn from(e: sqlx::Error) -> Self {
        Self::Failed(format!("database: {e}"))
    }
}

impl From<std::io::Error> for BackupError {
    fn from(e: std::io::Error) -> Self {
        Self::Failed(e.to_string())
    }
}

impl From<app::state::StoreError> for BackupError {
    fn from(e: app::state::StoreError) -> Self {
        Self::Failed(format!("database: {e:?}"))
    }
}

/// What a verified restore found.
#[derive(Clone, Debug)]
pub struct Restored {
    /// The archive's manifest (every count and the head matched it).
    pub manifest: Manifest,
    /// Audit events whose chain was recomputed.
    pub audit_events_checked: u64,
}

/// The backend a URL points at (the same rule as [`Db::connect`]).
pub fn backend_of(url: &str) -> Result<Backend, BackupError> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Backend::Postgres)
    } else if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else {
        Err(BackupError::Failed(format!(
            "unsupported database URL (use sqlite:// or postgres://): {url}"
        )))
    }
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

fn copy_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "database.sqlite",
        Backend::Postgres => "database.pgdump",
    }
}

/// The file of a `sqlite://path?options` URL.
fn sqlite_path(url: &str) -> PathBuf {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    PathBuf::from(rest.split('?').next().unwrap_or(rest))
}

fn sqlite_read_only_url(path: &Path) -> String {
    format!("sqlite://{}?mode=ro", path.display())
}

/// Row counts, schema version and audit head, read on one connection (inside a transaction
/// when the caller wants a snapshot).
async fn describe(conn: &mut AnyConnection, backend: Backend) -> Result<Contents, sqlx::Error> {
    let list = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        }
    };
    let names: Vec<(String,)> = sqlx::query_as(list).fetch_all(&mut *conn).await?;
    let mut tables = BTreeMap::new();
    for (name,) in names {
        let quoted = name.replace('"', "\"\"");
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM \"{quoted}\""))
            .fetch_one(&mut *conn)
            .await?;
        tables.insert(name, n);
    }
    let schema_version = if tables.contains_key("_sqlx_migrations") {
        let (v,): (i64,) = sqlx::query_as(
            "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM _sqlx_migrations",
        )
        .fetch_one(&mut *conn)
        .await?;
        v
    } else {
        0
    };
    let audit_head = if tables.contains_key("audit_chain_head") {
        sqlx::query_as::<_, (i64, String)>(
            "SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1",
        )
        .fetch_optional(&mut *conn)
        .await?
        .map(|(id, hash)| ChainHead { id, hash })
    } else {
        None
    };
    Ok(Contents {
        schema_version,
        tables,
        audit_head,
    })
}

/// A working folder removed when dropped.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new(next_to: &Path, what: &str) -> Result<Self, BackupError> {
        let parent = match next_to.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let dir = parent.join(format!(
            ".renqian-{what}-{}-{}",
            std::process::id(),
            rand::random::<u32>()
        ));
        std::fs::create_dir(&dir)
            .map_err(|e| BackupError::Failed(format!("cannot create {}: {e}", dir.display())))?;
        Ok(Self(dir))
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn run_tool(program: &str, args: &[String]) -> Result<(), BackupError> {
    let mut command = std::process::Command::new(program);
    command.args(args).stdin(std::process::Stdio::null());
    let program = program.to_owned();
    let out = tokio::task::spawn_blocking(move || command.output())
        .await
        .map_err(|e| BackupError::Failed(e.to_string()))?
        .map_err(|e| BackupError::Failed(format!("cannot run {program}: {e}")))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(BackupError::Failed(format!(
            "{program} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

/// The file name of `path`, as audit events name an archive.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// Takes a consistent copy of the live database `db` (at `url`) into the archive `to`,
/// while the server keeps writing. The archive appears whole or not at all. The backup is
/// audited (`backup.create`, by `actor`) before the copy is taken, so the copy holds the
/// record of its own making and its manifest's chain head covers it.
pub async fn backup(
    db: &Db,
    url: &str,
    to: &Path,
    actor: &app::audit::Actor,
) -> Result<Manifest, BackupError> {
    let record = AuditRecord::new(AuditAction::BackupCreate, "backup", file_name(to))
        .detail(serde_json::json!({ "to": to.display().to_string() }));
    backup_recorded(db, url, to, actor, record).await
}

/// [`backup`], audited with `record` (e.g. an administrator's download, with its reason)
/// instead of `backup.create`.
pub async fn backup_recorded(
    db: &Db,
    url: &str,
    to: &Path,
    actor: &app::audit::Actor,
    record: AuditRecord<'_>,
) -> Result<Manifest, BackupError> {
    sqlx::any::install_default_drivers();
    let backend = db.backend();
    let work = WorkDir::new(to, "backup")?;
    db.record(actor, record).await?;
    let copy = work.0.join(copy_name(backend));
    let created_at_ms = app::state::now_ms();
    let contents = match backend {
        Backend::Sqlite => {
            let target = copy.display().to_string().replace('\'', "''");
            sqlx::query(&format!("VACUUM INTO '{target}'"))
                .execute(db.pool())
                .await?;
            let mut conn = AnyConnection::connect(&sqlite_read_only_url(&copy)).await?;
            let contents = describe(&mut conn, backend).await;
            conn.close().await?;
            contents?
        }
        Backend::Postgres => {
            let mut tx = db.pool().begin().await?;
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *tx)
                .await?;
            let (snapshot,): (String,) = sqlx::query_as("SELECT pg_export_snapshot()")
                .fetch_one(&mut *tx)
                .await?;
            let contents = describe(&mut tx, backend).await?;
            // The exporting transaction stays open until pg_dump has taken the snapshot.
            let dumped = run_tool(
                "pg_dump",
                &[
                    "--format=custom".to_owned(),
                    "--no-owner".to_owned(),
                    "--no-privileges".to_owned(),
                    format!("--snapshot={snapshot}"),
                    format!("--file={}", copy.display()),
                    format!("--dbname={url}"),
                ],
            )
            .await;
            tx.rollback().await?;
            dumped?;
            contents
        }
    };
    if !contents.tables.contains_key("_sqlx_migrations") {
        return Err(BackupError::Failed(
            "the database has no Renqian schema (run `renqian migrate` first): nothing to back up"
                .to_owned(),
        ));
    }
    let manifest = Manifest {
        format: FORMAT,
        created_at_ms,
        created_at: question_bank::exam::clock::format_cst(created_at_ms),
        backend: backend_name(backend).to_owned(),
        renqian_version: env!("CARGO_PKG_VERSION").to_owned(),
        contents,
        database_file: copy_name(backend).to_owned(),
        database_sha256: String::new(),
    };
    let to = to.to_path_buf();
    let partial = work.0.join("archive.zip");
    tokio::task::spawn_blocking(move || -> Result<Manifest, BackupError> {
        let mut manifest = manifest;
        manifest.database_sha256 = sha256_file(&copy)?;
        write_archive(&partial, &manifest, &copy)?;
        std::fs::rename(&partial, &to)
            .map_err(|e| BackupError::Failed(format!("cannot write {}: {e}", to.display())))?;
        Ok(manifest)
    })
    .await
    .map_err(|e| BackupError::Failed(e.to_string()))?
}

fn write_archive(path: &Path, manifest: &Manifest, copy: &Path) -> Result<(), BackupError> {
    use zip::write::SimpleFileOptions;
    let zip_err = |e: zip::result::ZipError| BackupError::Failed(format!("archive: {e}"));
    let file = std::fs::File::create(path)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(MANIFEST, options).map_err(zip_err)?;
    let json =
        serde_json::to_vec_pretty(manifest).map_err(|e| BackupError::Failed(e.to_string()))?;
    zip.write_all(&json)?;
    let size = std::fs::metadata(copy)?.len();
    zip.start_file(
        manifest.database_file.as_str(),
        options.large_file(size >= u64::from(u32::MAX)),
    )
    .map_err(zip_err)?;
    std::io::copy(&mut std::fs::File::open(copy)?, &mut zip)?;
    let mut inner = zip.finish().map_err(zip_err)?;
    inner.flush()?;
    inner
        .into_inner()
        .map_err(|e| BackupError::Failed(e.to_string()))?
        .sync_all()?;
    Ok(())
}

/// Reads the manifest and extracts the copy into `dir`, checking its SHA-256.
fn open_archive(from: &Path, dir: &Path) -> Result<(Manifest, PathBuf), BackupError> {
    let bad = |what: String| BackupError::BadArchive(what);
    let file = std::fs::File::open(from)
        .map_err(|e| BackupError::Failed(format!("cannot open {}: {e}", from.display())))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| bad(format!("not a Renqian backup archive: {e}")))?;
    let manifest: Manifest = {
        let mut entry = zip
            .by_name(MANIFEST)
            .map_err(|_| bad(format!("it has no {MANIFEST}")))?;
        let mut text = Vec::new();
        entry
            .read_to_end(&mut text)
            .map_err(|e| bad(format!("{MANIFEST} is damaged: {e}")))?;
        serde_json::from_slice(&text).map_err(|e| bad(format!("{MANIFEST} is unreadable: {e}")))?
    };
    if manifest.format != FORMAT {
        return Err(bad(format!(
            "archive format {} (this Renqian reads {FORMAT})",
            manifest.format
        )));
    }
    let name = manifest.database_file.clone();
    if name.contains(['/', '\\']) || name.starts_with('.') || name.is_empty() {
        return Err(bad(format!("odd database file name {name:?}")));
    }
    let copy = dir.join(&name);
    {
        let mut entry = zip
            .by_name(&name)
            .map_err(|_| bad(format!("it has no {name}")))?;
        let mut out = std::fs::File::create(&copy)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = entry
                .read(&mut buf)
                .map_err(|e| bad(format!("{name} is damaged: {e}")))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])?;
        }
        out.sync_all()?;
        let found = hex(&hasher.finalize());
        if found != manifest.database_sha256 {
            return Err(bad(format!(
                "{name} has SHA-256 {found}, the manifest says {}",
                manifest.database_sha256
            )));
        }
    }
    Ok((manifest, copy))
}

/// Restores the archive `from` into the EMPTY database at `url` and verifies it against the
/// manifest (schema version, every row count, the audit head) and the audit chain. Once
/// verified, the restore is audited (`backup.restore`, by `actor`, naming the archive and
/// when its copy was taken), as the first event after the backup's chain head.
pub async fn restore(
    url: &str,
    from: &Path,
    actor: &app::audit::Actor,
) -> Result<Restored, BackupError> {
    // A restore's first connection is not through `Db::connect`, which installs these.
    sqlx::any::install_default_drivers();
    let backend = backend_of(url)?;
    let staging_next_to = match backend {
        Backend::Sqlite => sqlite_path(url),
        Backend::Postgres => std::env::temp_dir().join("x"),
    };
    let work = WorkDir::new(&staging_next_to, "restore")?;
    let (manifest, copy) = {
        let (from, dir) = (from.to_path_buf(), work.0.clone());
        tokio::task::spawn_blocking(move || open_archive(&from, &dir))
            .await
            .map_err(|e| BackupError::Failed(e.to_string()))??
    };
    if manifest.backend != backend_name(backend) {
        return Err(BackupError::BadArchive(format!(
            "it is a {} backup and the target is a {} database",
            manifest.backend,
            backend_name(backend)
        )));
    }
    match backend {
        Backend::Sqlite => restore_sqlite(url, &manifest, &copy).await?,
        Backend::Postgres => restore_postgres(url, &copy).await?,
    }
    let db = Db::connect(url).await?;
    let verified = verify_restored(&db, &manifest).await;
    let audited = match &verified {
        Ok(_) => Some(record_restore(&db, actor, from, &manifest).await),
        Err(_) => None,
    };
    db.close().await;
    match verified {
        Ok(checked) => {
            // Verified data stays even if the record could not be written; the operator is told.
            audited.transpose().map_err(|e| {
                BackupError::Failed(format!(
                    "restored and verified, but the restore could not be recorded in the audit log: {e:?}"
                ))
            })?;
            Ok(Restored {
                manifest,
                audit_events_checked: checked,
            })
        }
        Err(e) => {
            // The target was empty: take the unverified copy away again.
            match backend {
                Backend::Sqlite => remove_sqlite_files(&sqlite_path(url)),
                Backend::Postgres => {
                    if let Err(cleanup) = drop_postgres_tables(url).await {
                        tracing::error!(error = %cleanup, "could not remove the unverified restore");
                    }
                }
            }
            Err(e)
        }
    }
}

async fn record_restore(
    db: &Db,
    actor: &app::audit::Actor,
    from: &Path,
    manifest: &Manifest,
) -> Result<(), app::state::StoreError> {
    let record = AuditRecord::new(AuditAction::BackupRestore, "backup", file_name(from)).detail(
        serde_json::json!({
            "from": from.display().to_string(),
            "backup_taken_at": manifest.created_at,
            "backup_taken_at_ms": manifest.created_at_ms,
            "database_sha256": manifest.database_sha256,
            "renqian_version": manifest.renqian_version,
        }),
    );
    db.record(actor, record).await
}

async fn verify_restored(db: &Db, manifest: &Manifest) -> Result<u64, BackupError> {
    let mut conn = db.pool().acquire().await?;
    let found = describe(&mut conn, db.backend()).await?;
    drop(conn);
    let mut problems = manifest.contents.differences(&found);
    let checked = match db.verify_audit_chain().await? {
        Ok((head, checked)) => {
            if let Some(expected) = &manifest.contents.audit_head {
                if &head != expected {
                    problems.push(format!(
                        "audit chain recomputes to head #{} {}, the manifest says #{} {}",
                        head.id, head.hash, expected.id, expected.hash
                    ));
                }
            }
            checked
        }
        Err(broken) => {
            problems.push(broken.to_string());
            0
        }
    };
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(BackupError::Mismatch(problems))
    }
}

fn remove_sqlite_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

async fn restore_sqlite(url: &str, manifest: &Manifest, copy: &Path) -> Result<(), BackupError> {
    let target = sqlite_path(url);
    if target.exists() {
        let mut conn = AnyConnection::connect(&sqlite_read_only_url(&target)).await?;
        let found = describe(&mut conn, Backend::Sqlite).await;
        conn.close().await?;
        let found = found?;
        if !found.tables.is_empty() {
            return Err(BackupError::NotEmpty(format!(
                "{} already has {} tables; restore into a new, empty database",
                target.display(),
                found.tables.len()
            )));
        }
    }
    // Check the staged copy against the manifest before it takes the target's place.
    let mut conn = AnyConnection::connect(&sqlite_read_only_url(copy)).await?;
    let found = describe(&mut conn, Backend::Sqlite).await;
    conn.close().await?;
    let problems = manifest.contents.differences(&found?);
    if !problems.is_empty() {
        return Err(BackupError::Mismatch(problems));
    }
    remove_sqlite_files(&target);
    std::fs::rename(copy, &target)
        .map_err(|e| BackupError::Failed(format!("cannot write {}: {e}", target.display())))?;
    Ok(())
}

/// Drops every table of the (formerly empty) target's schema.
async fn drop_postgres_tables(url: &str) -> Result<(), sqlx::Error> {
    let mut conn = AnyConnection::connect(url).await?;
    let tables = describe(&mut conn, Backend::Postgres).await?.tables;
    for table in tables.keys() {
        let quoted = table.replace('"', "\"\"");
        sqlx::query(&format!("DROP TABLE IF EXISTS \"{quoted}\" CASCADE"))
            .execute(&mut conn)
            .await?;
    }
    conn.close().await
}

async fn restore_postgres(url: &str, copy: &Path) -> Result<(), BackupError> {
    let mut conn = AnyConnection::connect(url).await?;
    let found = describe(&mut conn, Backend::Postgres).await;
    conn.close().await?;
    let found = found?;
    if !found.tables.is_empty() {
        return Err(BackupError::NotEmpty(format!(
            "the database already has {} tables; restore into a new, empty database (createdb)",
            found.tables.len()
        )));
    }
    run_tool(
        "pg_restore",
        &[
            "--no-owner".to_owned(),
            "--no-privileges".to_owned(),
            "--exit-on-error".to_owned(),
            "--single-transaction".to_owned(),
            format!("--dbname={url}"),
            copy.display().to_string(),
        ],
    )
    .await
}

/// The archive name of a scheduled backup taken at `ms`: sorts by time.
pub fn scheduled_name(ms: i64) -> String {
    let stamp = question_bank::exam::clock::to_cst_input(ms).replace(':', "");
    format!("{SCHEDULED_PREFIX}{stamp}.zip")
}

/// Deletes the oldest scheduled backups in `dir` beyond the newest `keep`; returns how many.
pub fn prune(dir: &Path, keep: usize) -> std::io::Result<usize> {
    let names = scheduled_archives(dir)?;
    let excess = names.len().saturating_sub(keep);
    for name in &names[..excess] {
        std::fs::remove_file(dir.join(name))?;
    }
    Ok(excess)
}

/// The next instant (Unix ms) after `now` whose China Standard Time clock reads
/// `minute_of_day` minutes past midnight.
pub fn next_run(now: i64, minute_of_day: u32) -> i64 {
    const CST: i64 = 8 * 3_600_000;
    const DAY: i64 = 24 * 3_600_000;
    let local_midnight = (now + CST).div_euclid(DAY) * DAY;
    let at = local_midnight + i64::from(minute_of_day) * 60_000 - CST;
    if at > now {
        at
    } else {
        at + DAY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_run_is_the_coming_time_of_day_in_china_standard_time() {
        // 2026-12-07 12:00 UTC = 20:00 CST.
        let now = question_bank::exam::clock::parse_cst("2026-12-07 20:00").unwrap();
        let at = |t: &str| question_bank::exam::clock::parse_cst(t).unwrap();
        assert_eq!(next_run(now, 21 * 60), at("2026-12-07 21:00"));
        assert_eq!(next_run(now, 2 * 60), at("2026-12-08 02:00"));
        assert_eq!(next_run(now, 20 * 60), at("2026-12-08 20:00"));
        assert_eq!(next_run(now, 20 * 60 + 1), at("2026-12-07 20:01"));
        // Just after midnight CST (16:00 UTC the day before).
        let late = at("2026-12-08 00:05");
        assert_eq!(next_run(late, 2 * 60), at("2026-12-08 02:00"));
        assert_eq!(next_run(late, 0), at("2026-12-09 00:00"));
    }

    #[test]
    fn prune_keeps_the_newest_backups_and_nothing_else_is_touched() {
        let dir = std::env::temp_dir().join(format!("rq-prune-{}", rand::random::<u32>()));
        std::fs::create_dir(&dir).unwrap();
        let day = 24 * 3_600_000;
        let start = question_bank::exam::clock::parse_cst("2026-12-01 02:00").unwrap();
        for i in 0..5 {
            std::fs::write(dir.join(scheduled_name(start + i * day)), b"x").unwrap();
        }
        std::fs::write(dir.join("notes.txt"), b"keep me").unwrap();
        assert_eq!(prune(&dir, 2).unwrap(), 3);
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "notes.txt",
                "renqian-backup-2026-12-04T0200.zip",
                "renqian-backup-2026-12-05T0200.zip"
            ]
        );
        assert_eq!(prune(&dir, 2).unwrap(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn differences_name_every_count_and_the_head() {
        let head = |id| ChainHead {
            id,
            hash: "ab".into(),
        };
        let a = Contents {
            schema_version: 5,
            tables: [("x".to_owned(), 1), ("y".to_owned(), 2)].into(),
            audit_head: Some(head(3)),
        };
        assert!(a.differences(&a).is_empty());
        let b = Contents {
            schema_version: 6,
            tables: [("x".to_owned(), 2), ("z".to_owned(), 0)].into(),
            audit_head: Some(head(4)),
        };
        let d = a.differences(&b);
        assert_eq!(d.len(), 5, "{d:?}");
    }
}
