//! The save path: every candidate's click ends here, so it is a read and one conditional
//! write, and nothing is acknowledged before it is committed.
//!
//! - **The read** (`read_target`): the candidate's session generation, the attempt (its
//!   owner, deadline, hand-in) and the paper item with its question, in one statement. The
//!   rules are decided on it in Rust (`accept`: the session is current, the attempt is not
//!   handed in and within its deadline plus grace, the answer fits the question, mapped
//!   back to the question's own option order).
//! - **PostgreSQL** then writes with one statement (`POSTGRES_WRITE`): an `UPDATE` of the
//!   attempt that re-checks under its row lock everything the read decided on (owner, not
//!   handed in, the same deadline, the same session generation) gates the answer's upsert,
//!   which keeps the higher sequence number. No transaction, no second lock: a hand-in that
//!   commits between the read and the write makes the gate fail, and the save is read and
//!   decided again (the hand-in's `SELECT … FOR UPDATE` and the gate's `UPDATE` exclude each
//!   other, so no answer lands after the paper was marked).
//! - **SQLite** writes through the group-commit writer (`Db::write`, see `group`): each save
//!   is read, decided and written under the write lock, inside a savepoint of its own, and
//!   committed together with every other write queued meanwhile; it is answered only after
//!   that commit returned.

use app::exam::repo::{AnswerSave, SaveResult};
use app::state::StoreError;
use question_bank::bank::question::{Answer, QuestionKind};
use question_bank::exam::attempt::{may_save, SaveFacts};
use sqlx::AnyConnection;

use crate::db::group::Tx;
use crate::db::sittings::papers::paper_item;
use crate::db::{backend_error, from_json, to_json, Backend, Db};
/// How many times a PostgreSQL save is read and decided again when its attempt changed
/// between the read and the write (a hand-in, an extension, a new login).
const TRIES: usize = 3;

/// What the rules of a save are decided on.
#[derive(sqlx::FromRow)]
struct Target {
    sitting_id: i64,
    session_generation: i64,
    deadline_at: i64,
    finished_at: Option<i64>,
    kind: String,
    options: String,
    points: i64,
    section: i64,
    option_order: String,
}

/// A save the rules accepted: the answer as stored, the deadline it was decided with, and
/// the sitting whose console shows it.
struct Accepted {
    response: String,
    deadline_at: i64,
    sitting_id: i64,
}

/// The candidate's generation, the attempt (if the candidate owns it) and the paper item.
async fn read_target(
    conn: &mut AnyConnection,
    save: &AnswerSave<'_>,
) -> Result<Option<Target>, StoreError> {
    sqlx::query_as(
        "SELECT c.sitting_id, c.session_generation, a.deadline_at, a.finished_at, q.kind, q.options, pi.points, pi.section, pi.option_order \
         FROM attempts a JOIN candidates c ON c.id = a.candidate_id \
         JOIN paper_items pi ON pi.attempt_id = a.id AND pi.question_id = $3 JOIN questions q ON q.id = pi.question_id \
         WHERE a.id = $1 AND a.candidate_id = $2",
    )
    .bind(save.attempt_id)
    .bind(save.candidate_id)
    .bind(save.question_id)
    .fetch_optional(conn)
    .await
    .map_err(backend_error)
}

/// The rules of a save (`attempt::may_save`), on what `read_target` read.
fn accept(
    save: &AnswerSave<'_>,
    target: Option<Target>,
    now: i64,
    grace_ms: i64,
) -> Result<Accepted, StoreError> {
    let target = target.ok_or(StoreError::NotFound)?;
    let kind = QuestionKind::parse(&target.kind)
        .ok_or_else(|| StoreError::backend(format!("unknown kind {}", target.kind)))?;
    let option_count = from_json::<Vec<String>>(&target.options)?.len();
    // The page sends options as this paper shows them (checked as sent, so nothing out of
    // range is dropped unseen), stored as the question has them.
    let facts = SaveFacts {
        generation_now: target.session_generation,
        generation_sent: save.generation,
        handed_in: target.finished_at.is_some(),
        deadline_at: target.deadline_at,
        fits: save.answer.fits(kind, option_count),
    };
    may_save(&facts, now, grace_ms).map_err(StoreError::refused)?;
    let item = paper_item(
        save.question_id,
        target.points,
        target.section,
        &target.option_order,
    )?;
    Ok(Accepted {
        response: to_json(&item.to_original(save.answer)),
        deadline_at: target.deadline_at,
        sitting_id: target.sitting_id,
    })
}

/// PostgreSQL's write: the gate (`UPDATE attempts`, which locks the row and re-checks the
/// read's facts) and the upsert (kept only over a lower sequence number), in one statement.
/// Returns (1 if the gate passed, 1 if the answer was written).
const POSTGRES_WRITE: &str = "WITH gate AS ( \
       UPDATE attempts SET last_seq = CASE WHEN last_seq < $4 THEN $4 ELSE last_seq END, last_contact_at = $5 \
       WHERE id = $1 AND candidate_id = $2 AND finished_at IS NULL AND deadline_at = $6 \
         AND EXISTS (SELECT 1 FROM candidates WHERE id = $2 AND session_generation = $7) \
       RETURNING id), \
     written AS ( \
       INSERT INTO answers (attempt_id, question_id, response, seq, saved_at) SELECT id, $3, $8, $4, $5 FROM gate \
       ON CONFLICT (attempt_id, question_id) DO UPDATE SET response = excluded.response, seq = excluded.seq, saved_at = excluded.saved_at \
       WHERE answers.seq < excluded.seq \
       RETURNING 1) \
     SELECT (SELECT COUNT(*) FROM gate), (SELECT COUNT(*) FROM written)";

impl Db {
    /// Saves one answer (see the module's notes): the repository's `save_answer`.
    pub(crate) async fn save(
        &self,
        save: AnswerSave<'_>,
        now: i64,
        grace_ms: i64,
    ) -> Result<SaveResult, StoreError> {
        if self.backend() == Backend::Postgres {
            return self.save_postgres(save, now, grace_ms).await;
        }
        let save = OwnedSave::from(save);
        let (saved, sitting_id) = self
            .write(move |tx| {
                Box::pin(async move {
                    let save = save.borrowed();
                    let target = read_target(tx, &save).await?;
                    let accepted = accept(&save, target, now, grace_ms)?;
                    let applied = write_sqlite(tx, &save, &accepted, now).await?;
                    let saved = SaveResult {
                        applied,
                        deadline_at: accepted.deadline_at,
                    };
                    Ok((saved, accepted.sitting_id))
                })
            })
            .await?;
        self.changes().mark(sitting_id);
        Ok(saved)
    }

    async fn save_postgres(
        &self,
        save: AnswerSave<'_>,
        now: i64,
        grace_ms: i64,
    ) -> Result<SaveResult, StoreError> {
        let mut conn = self.pool().acquire().await.map_err(backend_error)?;
        for _ in 0..TRIES {
            let target = read_target(&mut conn, &save).await?;
            let accepted = accept(&save, target, now, grace_ms)?;
            let (gate, written): (i64, i64) = sqlx::query_as(POSTGRES_WRITE)
                .bind(save.attempt_id)
                .bind(save.candidate_id)
                .bind(save.question_id)
                .bind(save.seq)
                .bind(now)
                .bind(accepted.deadline_at)
                .bind(save.generation)
                .bind(&accepted.response)
                .fetch_one(&mut *conn)
                .await
                .map_err(backend_error)?;
            if gate == 1 {
                self.changes().mark(accepted.sitting_id);
                return Ok(SaveResult {
                    applied: written == 1,
                    deadline_at: accepted.deadline_at,
                });
            }
            // The attempt changed between the read and the write: read and decide again.
        }
        Err(StoreError::backend(format!(
            "attempt {} changed under {TRIES} saves in a row",
            save.attempt_id
        )))
    }
}

/// A save held by the writer's queue (which outlives the request that borrowed it).
struct OwnedSave {
    candidate_id: i64,
    generation: i64,
    attempt_id: i64,
    question_id: i64,
    answer: Answer,
    seq: i64,
}

impl From<AnswerSave<'_>> for OwnedSave {
    fn from(save: AnswerSave<'_>) -> Self {
        Self {
            candidate_id: save.candidate_id,
            generation: save.generation,
            attempt_id: save.attempt_id,
            question_id: save.question_id,
            answer: save.answer.clone(),
            seq: save.seq,
        }
    }
}

impl OwnedSave {
    fn borrowed(&self) -> AnswerSave<'_> {
        AnswerSave {
            candidate_id: self.candidate_id,
            generation: self.generation,
            attempt_id: self.attempt_id,
            question_id: self.question_id,
            answer: &self.answer,
            seq: self.seq,
        }
    }
}

/// SQLite's write of an accepted save: the upsert (kept only over a lower sequence number)
/// and the attempt's last sequence and contact. Returns whether the answer was written.
async fn write_sqlite(
    tx: &mut Tx,
    save: &AnswerSave<'_>,
    accepted: &Accepted,
    now: i64,
) -> Result<bool, StoreError> {
    let written = sqlx::query(
        "INSERT INTO answers (attempt_id, question_id, response, seq, saved_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (attempt_id, question_id) DO UPDATE SET response = excluded.response, seq = excluded.seq, saved_at = excluded.saved_at \
         WHERE answers.seq < excluded.seq",
    )
    .bind(save.attempt_id)
    .bind(save.question_id)
    .bind(&accepted.response)
    .bind(save.seq)
    .bind(now)
    .execute(&mut **tx)
    .await
    .map_err(backend_error)?;
    sqlx::query("UPDATE attempts SET last_seq = CASE WHEN last_seq < $1 THEN $1 ELSE last_seq END, last_contact_at = $2 WHERE id = $3")
        .bind(save.seq)
        .bind(now)
        .bind(save.attempt_id)
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
    Ok(written.rows_affected() == 1)
}
