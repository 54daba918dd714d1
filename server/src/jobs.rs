//! Background jobs. The deadline sweeper runs at start-up (so attempts that expired while the
//! server was down are finalized after a restart) and then every few seconds; it also
//! prepares the papers of candidates enrolled after their sitting opened.

use std::time::Duration;

use app::exam::repo::AttemptRepo;
use app::state::now_ms;

use crate::db::sessions::DbSessionStore;
use crate::db::Db;

/// Finalizes expired attempts, prepares pending papers and drops expired sessions, forever.
pub fn spawn_sweeper(db: Db, grace_ms: i64, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let sessions = DbSessionStore::new(db.clone());
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            let now = now_ms();
            match db.finish_expired(now, grace_ms).await {
                Ok(0) => {}
                Ok(n) => {
                    tracing::info!(finalized = n, "deadline sweeper finalized expired attempts")
                }
                Err(e) => tracing::error!(error = %e, "deadline sweeper failed"),
            }
            // Papers before the bell for anyone enrolled after their sitting opened.
            match db.prepare_papers(None, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(prepared = n, "papers prepared ahead of the start"),
                Err(e) => tracing::error!(error = %e, "preparing papers failed"),
            }
            if let Err(e) = sessions.delete_expired(now).await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
        }
    })
}

/// Writes a backup into `dir` every day at `at` (China Standard Time) and deletes the oldest
/// beyond `keep`. A failed backup is logged and tried again the next day.
pub fn spawn_backups(
    db: Db,
    database_url: String,
    dir: std::path::PathBuf,
    at: crate::config::TimeOfDay,
    keep: usize,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let now = now_ms();
            let next = crate::backup::next_run(now, at.0);
            tokio::time::sleep(Duration::from_millis((next - now).max(0) as u64)).await;
            if let Err(e) = std::fs::create_dir_all(&dir) {
                tracing::error!(error = %e, dir = %dir.display(), "scheduled backup: no folder");
                continue;
            }
            let to = dir.join(crate::backup::scheduled_name(now_ms()));
            match crate::backup::backup(
                &db,
                &database_url,
                &to,
                &app::audit::Actor::system("backup job"),
            )
            .await
            {
                Ok(m) => tracing::info!(
                    file = %to.display(),
                    sha256 = %m.database_sha256,
                    "scheduled backup written"
                ),
                Err(e) => {
                    tracing::error!(error = %e, "scheduled backup failed");
                    continue;
                }
            }
            match crate::backup::prune(&dir, keep) {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "old scheduled backups deleted"),
                Err(e) => tracing::warn!(error = %e, "could not delete old backups"),
            }
        }
    })
}
