//! Which sittings changed: the write path marks a sitting when it has committed something a
//! proctor's console shows (a save, a start, a hand-in, a proctor's action), and each open
//! console waits for its sitting's mark instead of reading the whole sitting every second
//! (`web::console_events`).
//!
//! Within one process a mark is a `tokio::sync::watch` per sitting. Across the instances
//! that share a PostgreSQL server, each instance also publishes its marks with `NOTIFY`
//! and hears everyone's with `LISTEN` (`Changes::bridge`): at most one `NOTIFY` per sitting
//! every `PUBLISH_EVERY` from each instance, sent by a task of its own, so no save waits
//! for it. A mark that is lost (an instance restarting, the listener reconnecting) costs
//! only time: every console also reads its sitting every few seconds, whatever it hears.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::postgres::PgListener;
use sqlx::AnyPool;
use tokio::sync::{mpsc, watch};

/// The PostgreSQL channel the instances tell each other on.
const CHANNEL: &str = "renqian_sittings";
/// How long an instance gathers its marks before it publishes them.
const PUBLISH_EVERY: Duration = Duration::from_millis(200);
/// How long the listener waits before it connects again after losing its connection.
const RECONNECT: Duration = Duration::from_secs(2);

/// The sittings' marks, shared by every clone.
#[derive(Clone, Default)]
pub struct Changes {
    watched: Arc<Mutex<HashMap<i64, watch::Sender<u64>>>>,
    /// Where marks go to be published to the other instances (PostgreSQL only).
    outbox: Option<mpsc::UnboundedSender<i64>>,
}

impl std::fmt::Debug for Changes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Changes")
            .field("bridged", &self.outbox.is_some())
            .finish()
    }
}

impl Changes {
    /// Marks `sitting_id` changed: here at once, and on the other instances soon.
    pub fn mark(&self, sitting_id: i64) {
        self.mark_here(sitting_id);
        if let Some(outbox) = &self.outbox {
            let _ = outbox.send(sitting_id);
        }
    }

    /// Wakes this process's watchers of `sitting_id`; forgets a sitting no one watches.
    fn mark_here(&self, sitting_id: i64) {
        let mut watched = self.watched.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(sender) = watched.get(&sitting_id) {
            if sender.receiver_count() == 0 {
                watched.remove(&sitting_id);
            } else {
                sender.send_modify(|n| *n = n.wrapping_add(1));
            }
        }
    }

    /// A receiver that changes whenever `sitting_id` is marked.
    pub fn watch(&self, sitting_id: i64) -> watch::Receiver<u64> {
        let mut watched = self.watched.lock().unwrap_or_else(|e| e.into_inner());
        watched
            .entry(sitting_id)
            .or_insert_with(|| watch::channel(0).0)
            .subscribe()
    }

    /// The same marks, also published to and heard from every other instance on the
    /// PostgreSQL server at `url` (two tasks for the life of the process).
    pub fn bridge(self, pool: AnyPool, url: Arc<str>) -> Self {
        let (outbox, pending) = mpsc::unbounded_channel();
        tokio::spawn(publish(pool, pending));
        let bridged = Self {
            outbox: Some(outbox),
            ..self
        };
        tokio::spawn(listen(bridged.clone(), url));
        bridged
    }
}

/// Sends the marks gathered over each `PUBLISH_EVERY`, one `NOTIFY` per sitting.
async fn publish(pool: AnyPool, mut pending: mpsc::UnboundedReceiver<i64>) {
    while let Some(first) = pending.recv().await {
        tokio::time::sleep(PUBLISH_EVERY).await;
        let mut sittings = HashSet::from([first]);
        while let Ok(next) = pending.try_recv() {
            sittings.insert(next);
        }
        for sitting_id in sittings {
            let sent = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(sitting_id.to_string())
                .execute(&pool)
                .await;
            if let Err(e) = sent {
                tracing::warn!(error = %e, sitting_id, "could not tell the other instances of a change");
            }
        }
    }
}

/// Hears the other instances' marks (and this one's own, which is harmless) for as long as
/// the process runs, connecting again whenever the connection is lost.
async fn listen(changes: Changes, url: Arc<str>) {
    loop {
        match PgListener::connect(&url).await {
            Ok(mut listener) => match listener.listen(CHANNEL).await {
                Ok(()) => loop {
                    match listener.recv().await {
                        Ok(note) => {
                            if let Ok(sitting_id) = note.payload().parse::<i64>() {
                                changes.mark_here(sitting_id);
                            }
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "the change listener lost its connection");
                            break;
                        }
                    }
                },
                Err(e) => {
                    tracing::warn!(error = %e, "could not listen for other instances' changes")
                }
            },
            Err(e) => tracing::warn!(error = %e, "could not connect the change listener"),
        }
        tokio::time::sleep(RECONNECT).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_mark_wakes_the_sittings_watchers_only_and_an_unwatched_sitting_is_forgotten() {
        let changes = Changes::default();
        let mut one = changes.watch(1);
        let two = changes.watch(2);
        changes.mark(1);
        assert!(one.has_changed().expect("open"));
        assert!(!two.has_changed().expect("open"));
        one.mark_unchanged();
        drop(two);
        changes.mark(2);
        assert!(!changes.watched.lock().expect("lock").contains_key(&2));
        changes.mark(1);
        assert!(one.changed().await.is_ok());
    }
}
