//! Small write transactions committed together on SQLite ("group commit").
//!
//! SQLite has one writer at a time and a commit costs an `fsync` (`synchronous = FULL`), so
//! a storm of small transactions (a room logging in and starting at once, two thousand saves
//! a second) queues behind one `fsync` each. Instead, one writer task takes every queued
//! piece of work and runs them in one `BEGIN IMMEDIATE` transaction, each inside a savepoint
//! of its own: a piece that fails rolls back alone and its neighbours go on. Each caller is
//! answered only after the commit returned; if the commit fails, every piece of the batch
//! gets the error and none is acknowledged. On PostgreSQL the same work runs in a
//! transaction of its own: the server already flushes concurrent commits together.
//!
//! [`Db::write`] runs a piece of work as a transaction; [`Db::write_statement`] runs a piece
//! that is one statement, atomic by itself, so it needs neither a savepoint on SQLite nor a
//! transaction on PostgreSQL (each costs two more round trips, which on the login and the
//! save is a third of the work). A piece of work reads and writes through the connection it
//! is given only: inside the batch the write lock is held, so it must not wait for the pool
//! (or call `Db::write` again).

use std::future::Future;
use std::pin::Pin;

use app::state::StoreError;
use sqlx::{Any, AnyConnection, AnyPool, Transaction};
use tokio::sync::{mpsc, oneshot};

use crate::db::{backend_error, Db};

/// The transaction a piece of work runs in.
pub(crate) type Tx = Transaction<'static, Any>;
/// A piece of work's future, borrowing the transaction.
pub(crate) type WorkFuture<'t, T> =
    Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 't>>;

/// The most pieces of work one SQLite transaction commits.
const MAX_BATCH: usize = 256;
/// Pieces waiting for the writer; past that, a caller waits its turn (admission control
/// bounds how many requests are in flight anyway).
const QUEUE: usize = 1024;

/// Tells a caller its outcome once the batch's commit returned.
type Answer = Box<dyn FnOnce(Result<(), StoreError>) + Send>;
/// A piece of work with its caller's channel: run it, then say whether it succeeded (kept)
/// and how to answer its caller.
type Run = Box<
    dyn for<'t> FnOnce(&'t mut Tx) -> Pin<Box<dyn Future<Output = (bool, Answer)> + Send + 't>>
        + Send,
>;

/// A piece of work in the writer's queue.
struct Job {
    run: Run,
    /// Whether it needs a savepoint of its own (more than one statement).
    savepoint: bool,
}

/// The queue into SQLite's writer.
#[derive(Clone, Debug)]
pub(super) struct Writer(mpsc::Sender<Job>);

/// Whose turn it is to begin a write transaction on SQLite: the writer's next batch or a
/// transaction of its own (`Db::begin_write`). SQLite's own wait for its write lock is a
/// busy loop of sleeps, which a writer committing batch after batch would win again and
/// again; this queue is fair (first come, first served), so neither side starves. It is
/// held only until `BEGIN IMMEDIATE` returns, not for the transaction.
pub(super) type Turn = std::sync::Arc<tokio::sync::Mutex<()>>;

impl Writer {
    /// Starts the writer over `pool`, taking its turns in `turn`; it ends when every sender
    /// of the queue is gone.
    pub(super) fn spawn(pool: AnyPool, turn: Turn) -> Self {
        let (queue, mut jobs) = mpsc::channel::<Job>(QUEUE);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            // Waits for one piece, then takes every piece queued meanwhile (up to MAX_BATCH):
            // while one batch commits, the next one gathers.
            while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
                let taken = std::mem::replace(&mut batch, Vec::with_capacity(MAX_BATCH));
                // A panic fails only its own batch: those callers' channels are dropped
                // unanswered (an error for each, never an acknowledgement) and the writer
                // goes on.
                if let Err(e) = tokio::spawn(commit_batch(pool.clone(), turn.clone(), taken)).await
                {
                    tracing::error!(error = %e, "a batch of writes failed");
                }
            }
        });
        Self(queue)
    }
}

impl Db {
    /// Runs `work` in a write transaction and commits it: on SQLite together with whatever
    /// else is queued (see the module's notes), on PostgreSQL on its own. The result is
    /// returned only once it is committed; an error from `work` leaves nothing written.
    pub(crate) async fn write<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'t> FnOnce(&'t mut Tx) -> WorkFuture<'t, T> + Send + 'static,
    {
        let Some(writer) = &self.writer else {
            let mut tx = self.begin_write().await?;
            let done = work(&mut tx).await?;
            tx.commit().await.map_err(backend_error)?;
            return Ok(done);
        };
        writer.queue(true, work).await
    }

    /// Runs `work`, which must be exactly one statement (atomic by itself) and nothing after
    /// it that can fail (on SQLite a failed statement undoes itself inside the batch, but a
    /// later error would leave it written), and commits it: on SQLite together with whatever
    /// else is queued, on PostgreSQL on its own, outside a transaction. The result is
    /// returned only once it is committed.
    pub(crate) async fn write_statement<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> WorkFuture<'c, T> + Send + 'static,
    {
        let Some(writer) = &self.writer else {
            let mut conn = self.pool().acquire().await.map_err(backend_error)?;
            return work(&mut conn).await;
        };
        writer.queue(false, move |tx| work(tx)).await
    }
}

impl Writer {
    /// Queues `work` and waits until its batch has committed.
    async fn queue<T, F>(&self, savepoint: bool, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'t> FnOnce(&'t mut Tx) -> WorkFuture<'t, T> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let run: Run = Box::new(move |tx| {
            Box::pin(async move {
                let outcome = work(tx).await;
                let kept = outcome.is_ok();
                let answer: Answer = Box::new(move |committed| {
                    let _ = reply.send(committed.and(outcome));
                });
                (kept, answer)
            })
        });
        self.0
            .send(Job { run, savepoint })
            .await
            .map_err(|_| StoreError::backend("the database writer has stopped"))?;
        answer
            .await
            .map_err(|_| StoreError::backend("the database writer dropped a write uncommitted"))?
    }
}

/// Runs a batch in one transaction; answers each caller once the commit has returned.
async fn commit_batch(pool: AnyPool, turn: Turn, jobs: Vec<Job>) {
    // If the transaction cannot begin, the jobs are dropped: each caller gets an error.
    let began = {
        let _turn = turn.lock().await;
        pool.begin_with("BEGIN IMMEDIATE").await
    };
    let mut tx = match began {
        Ok(tx) => tx,
        Err(e) => {
            tracing::error!(error = %e, "the database writer could not begin");
            return;
        }
    };
    let mut answers = Vec::with_capacity(jobs.len());
    let mut sound = true;
    for job in jobs {
        if job.savepoint {
            if let Err(e) = sqlx::query("SAVEPOINT work").execute(&mut *tx).await {
                tracing::error!(error = %e, "the database writer could not set a savepoint");
                sound = false;
                break;
            }
        }
        let (kept, answer) = (job.run)(&mut tx).await;
        answers.push(answer);
        // Keep or undo this piece alone (a single statement that failed undid itself).
        let close: &[&str] = match (job.savepoint, kept) {
            (false, _) => &[],
            (true, true) => &["RELEASE work"],
            (true, false) => &["ROLLBACK TO work", "RELEASE work"],
        };
        for statement in close {
            if let Err(e) = sqlx::query(statement).execute(&mut *tx).await {
                tracing::error!(error = %e, "the database writer could not close a savepoint");
                sound = false;
            }
        }
        if !sound {
            break;
        }
    }
    // A savepoint that could not be closed might keep a failed piece's writes: then the
    // whole batch is rolled back and no caller is acknowledged (the jobs not yet run are
    // dropped, which answers their callers with an error too).
    let committed = if sound {
        tx.commit().await.map_err(|e| e.to_string())
    } else {
        let _ = tx.rollback().await;
        Err("the batch was rolled back".to_owned())
    };
    for answer in answers {
        answer(committed.clone().map_err(StoreError::backend));
    }
}
