//! Background jobs. The deadline sweeper runs at start-up (so attempts that expired while the
//! server was down are finalized after a restart) and then every few seconds.

use std::time::Duration;

use app::exam::repo::AttemptRepo;
use app::state::now_ms;

use crate::db::sessions::DbSessionStore;
use crate::db::Db;

/// Finalizes expired attempts and drops expired sessions, forever.
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
            if let Err(e) = sessions.delete_expired(now).await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
        }
    })
}
