//! Attempts and answers: the path every candidate's click takes, so it is short, durable
//! and serialized per attempt (row lock on PostgreSQL, the write lock on SQLite).

pub(crate) mod saves;

use app::audit::Actor;
use app::exam::repo::{
    AnswerSave, AttemptRecord, AttemptRepo, CandidateOverview, PaperItem, SaveResult,
};
use app::state::StoreError;
use async_trait::async_trait;
use question_bank::audit_action::AuditAction;
use question_bank::bank::question::{Answer, QuestionKind};
use question_bank::exam::attempt::{may_start, FinishReason, StartFacts};
use question_bank::exam::clock::{accepts_writes, attempt_deadline};
use question_bank::exam::lifecycle::SittingState;
use question_bank::exam::rules::PaperMode;
use question_bank::exam::scoring::{passed, score, MarkedItem, MultiChoicePolicy, Score};
use serde_json::json;
use sqlx::{Any, AnyConnection, Transaction};

use crate::db::sittings::papers::{
    draw_paper, newest_attempt_of_person, paper_item, read_blueprint, sitting_pool, write_paper,
    PaperOf,
};
use crate::db::{backend_error, from_json, AuditRecord, Db};

#[derive(sqlx::FromRow)]
struct OverviewRow {
    candidate_id: i64,
    name: String,
    ticket_number: String,
    sitting_title: String,
    opens_at: i64,
    closes_at: i64,
    duration_minutes: i64,
    question_count: i64,
    total_points: i64,
    attempt_id: Option<i64>,
    started_at: Option<i64>,
    deadline_at: Option<i64>,
    last_seq: Option<i64>,
    finished_at: Option<i64>,
    finish_reason: Option<String>,
    state: String,
    voided: i64,
    absent: i64,
}

/// An attempt locked for finishing, with what marking needs.
#[derive(sqlx::FromRow)]
pub(crate) struct LockedAttempt {
    id: i64,
    started_at: i64,
    deadline_at: i64,
    last_seq: i64,
    pub(crate) finished_at: Option<i64>,
    finish_reason: Option<String>,
    sitting_id: i64,
    jurisdiction_id: i64,
    pass_mark: i64,
    multi_choice_policy: String,
}

impl LockedAttempt {
    fn record(&self) -> AttemptRecord {
        AttemptRecord {
            id: self.id,
            started_at: self.started_at,
            deadline_at: self.deadline_at,
            last_seq: self.last_seq,
            finished_at: self.finished_at,
            finish_reason: self.finish_reason.as_deref().and_then(FinishReason::parse),
        }
    }
}

impl Db {
    /// Locks an attempt (of this candidate, when given) for the rest of the transaction.
    pub(crate) async fn lock_attempt(
        &self,
        tx: &mut Transaction<'static, Any>,
        attempt_id: i64,
        candidate_id: Option<i64>,
    ) -> Result<Option<LockedAttempt>, StoreError> {
        let sql = format!(
            "SELECT a.id, a.started_at, a.deadline_at, a.last_seq, a.finished_at, a.finish_reason, s.id AS sitting_id, s.jurisdiction_id, s.pass_mark, s.multi_choice_policy \
             FROM attempts a JOIN candidates c ON c.id = a.candidate_id JOIN sittings s ON s.id = c.sitting_id \
             WHERE a.id = $1{}{}",
            if candidate_id.is_some() { " AND a.candidate_id = $2" } else { "" },
            self.lock_rows("a")
        );
        let query = sqlx::query_as::<_, LockedAttempt>(&sql).bind(attempt_id);
        let query = match candidate_id {
            Some(id) => query.bind(id),
            None => query,
        };
        query.fetch_optional(&mut **tx).await.map_err(backend_error)
    }

    /// Marks and closes a locked, unfinished attempt. At or before the deadline it counts
    /// as handed in now; after it, as finished at the deadline.
    pub(crate) async fn finalize(
        &self,
        tx: &mut Transaction<'static, Any>,
        attempt: &LockedAttempt,
        now: i64,
    ) -> Result<AttemptRecord, StoreError> {
        let policy = MultiChoicePolicy::parse(&attempt.multi_choice_policy).ok_or_else(|| {
            StoreError::backend(format!("unknown policy {}", attempt.multi_choice_policy))
        })?;
        let total = mark_paper(tx, attempt.id, policy).await?;
        // A paper with short answers has its score when a marker has marked them all.
        let (score, outcome) = if total.awaiting_marking == 0 {
            (
                Some(total.earned),
                Some(i64::from(passed(total.earned, attempt.pass_mark))),
            )
        } else {
            (None, None)
        };
        let (finished_at, reason) = FinishReason::finish(now, attempt.deadline_at);
        let done = sqlx::query("UPDATE attempts SET finished_at = $1, finish_reason = $2, score = $3, possible = $4, passed = $5 WHERE id = $6 AND finished_at IS NULL")
            .bind(finished_at)
            .bind(reason.as_str())
            .bind(score)
            .bind(total.possible)
            .bind(outcome)
            .bind(attempt.id)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::backend(format!(
                "attempt {} changed while locked",
                attempt.id
            )));
        }
        Ok(AttemptRecord {
            finished_at: Some(finished_at),
            finish_reason: Some(reason),
            ..attempt.record()
        })
    }
}

impl Db {
    /// Finalizes one expired attempt for the sweeper, unless it was finished (or its time
    /// extended) since it was found; true when this call finalized it.
    async fn finish_one_expired(
        &self,
        attempt_id: i64,
        now: i64,
        grace_ms: i64,
        sweeper: &Actor,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some(attempt) = self.lock_attempt(&mut tx, attempt_id, None).await? else {
            return Ok(false);
        };
        if attempt.finished_at.is_some() || accepts_writes(now, attempt.deadline_at, grace_ms) {
            return Ok(false); // finished (or extended) meanwhile
        }
        let record = self.finalize(&mut tx, &attempt, now).await?;
        AuditRecord::new(AuditAction::AttemptFinalize, "attempt", attempt_id)
            .jurisdiction(Some(attempt.jurisdiction_id))
            .reason(Some("deadline passed"))
            .detail(json!({ "finished_at": record.finished_at, "sitting_id": attempt.sitting_id }))
            .commit(tx, sweeper, now)
            .await?;
        self.changes().mark(attempt.sitting_id);
        Ok(true)
    }
}

impl Db {
    /// Papers before the bell: draws the paper of every enrolled candidate of an open drawn
    /// sitting (only `sitting_id`, when given) who has neither begun nor a prepared paper,
    /// and returns how many it prepared. Called when a sitting opens and by the jobs loop
    /// (for anyone enrolled later). Idempotent and safe beside other instances: a paper
    /// already prepared (by anyone) is kept. Starting uses the prepared paper
    /// (`start_attempt`); nothing else reads it, and nothing counts it as begun. A sitting
    /// whose papers cannot be drawn is logged and does not hold up the others.
    pub async fn prepare_papers(
        &self,
        sitting_id: Option<i64>,
        now: i64,
    ) -> Result<usize, StoreError> {
        let sql = format!(
            "SELECT s.id, s.blueprint FROM sittings s \
             WHERE s.state = $1 AND s.blueprint IS NOT NULL AND s.paper_mode <> $2{} \
             AND EXISTS (SELECT 1 FROM candidates c WHERE c.sitting_id = s.id AND {UNPREPARED}) ORDER BY s.id",
            if sitting_id.is_some() { " AND s.id = $3" } else { "" }
        );
        let query = sqlx::query_as(&sql)
            .bind(SittingState::Open.as_str())
            .bind(PaperMode::AbByLot.as_str());
        let sittings: Vec<(i64, String)> = match sitting_id {
            Some(id) => query.bind(id),
            None => query,
        }
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        let mut prepared = 0;
        for (sitting, blueprint) in sittings {
            match self.prepare_sitting(sitting, &blueprint, now).await {
                Ok(n) => prepared += n,
                Err(e) => tracing::error!(sitting, error = %e, "could not prepare papers"),
            }
        }
        Ok(prepared)
    }

    /// `prepare_papers` for one sitting, a batch of candidates per transaction.
    async fn prepare_sitting(
        &self,
        sitting_id: i64,
        blueprint: &str,
        now: i64,
    ) -> Result<usize, StoreError> {
        let blueprint = read_blueprint(blueprint)?;
        let pool = {
            let mut conn = self.pool().acquire().await.map_err(backend_error)?;
            // Frozen when the sitting was created.
            sitting_pool(&mut conn, sitting_id).await?
        };
        let mut prepared = 0;
        loop {
            let pending: Vec<(i64,)> = sqlx::query_as(&format!(
                "SELECT c.id FROM candidates c WHERE c.sitting_id = $1 AND {UNPREPARED} ORDER BY c.id LIMIT {PREPARE_BATCH}"
            ))
            .bind(sitting_id)
            .fetch_all(self.pool())
            .await
            .map_err(backend_error)?;
            if pending.is_empty() {
                return Ok(prepared);
            }
            let mut tx = self.begin_write().await?;
            for (candidate_id,) in pending {
                let seed = rand::random::<u64>();
                let newest = newest_attempt_of_person(&mut tx, candidate_id).await?;
                let paper = draw_paper(
                    &mut tx,
                    sitting_id,
                    &pool,
                    candidate_id,
                    newest + 1,
                    &blueprint,
                    seed,
                )
                .await?
                .map_err(|shortfalls| {
                    StoreError::backend(format!(
                        "sitting {sitting_id}: frozen pool cannot fill its blueprint: {shortfalls:?}"
                    ))
                })?;
                let claimed = sqlx::query(
                    "INSERT INTO prepared_papers (candidate_id, paper_seed, seen_through, prepared_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (candidate_id) DO NOTHING",
                )
                .bind(candidate_id)
                // The same 64 bits, as the database's signed integer.
                .bind(seed as i64)
                .bind(newest)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(backend_error)?;
                // Another instance prepared it meanwhile: theirs stands.
                if claimed.rows_affected() == 1 {
                    write_paper(&mut tx, PaperOf::Prepared(candidate_id), &paper.items).await?;
                    prepared += 1;
                }
            }
            tx.commit().await.map_err(backend_error)?;
        }
    }
}

/// How many candidates one transaction prepares papers for, so a large roster never holds
/// the write lock (SQLite) for long and every batch is committed work.
const PREPARE_BATCH: i64 = 25;

/// A candidate `c` still to be prepared: present, not begun, no paper prepared.
const UNPREPARED: &str = "c.absent_at IS NULL \
    AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.candidate_id = c.id) \
    AND NOT EXISTS (SELECT 1 FROM prepared_papers p WHERE p.candidate_id = c.id)";

/// Marks a paper's objective items with its own keys; short answers earn nothing here and
/// are counted as awaiting marking (their final marks are the marking module's).
pub(crate) async fn mark_paper(
    tx: &mut Transaction<'static, Any>,
    attempt_id: i64,
    policy: MultiChoicePolicy,
) -> Result<Score, StoreError> {
    // Answers are stored in the question's own option order, so the key applies as is.
    let rows: Vec<(String, i64, Option<String>)> = sqlx::query_as(
        "SELECT q.answer_key, pi.points, an.response FROM paper_items pi JOIN questions q ON q.id = pi.question_id \
         LEFT JOIN answers an ON an.attempt_id = pi.attempt_id AND an.question_id = pi.question_id \
         WHERE pi.attempt_id = $1 ORDER BY pi.position",
    )
    .bind(attempt_id)
    .fetch_all(&mut **tx)
    .await
    .map_err(backend_error)?;
    let mut keyed: Vec<(Answer, i64, Option<Answer>)> = Vec::with_capacity(rows.len());
    for (key, points, response) in rows {
        keyed.push((
            from_json(&key)?,
            points,
            response.as_deref().map(from_json).transpose()?,
        ));
    }
    let items: Vec<MarkedItem<'_>> = keyed
        .iter()
        .map(|(key, points, response)| MarkedItem {
            key,
            points: *points,
            response: response.as_ref(),
        })
        .collect();
    Ok(score(&items, policy))
}

/// Where a drawn attempt's paper comes from.
enum Drawn {
    /// Prepared ahead of the start (`prepared_papers`), drawn with `seed`.
    Prepared { seed: i64 },
    /// Drawn at the start.
    Now(question_bank::exam::paper::Paper),
}

#[async_trait]
impl AttemptRepo for Db {
    async fn candidate_overview(
        &self,
        candidate_id: i64,
    ) -> Result<Option<CandidateOverview>, StoreError> {
        let row: Option<OverviewRow> = sqlx::query_as(
            "SELECT c.id AS candidate_id, p.name, c.ticket_number, s.title AS sitting_title, s.opens_at, s.closes_at, s.duration_minutes, \
                    s.question_count, s.total_points, s.state, \
                    CAST(CASE WHEN a.voided_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS voided, \
                    CAST(CASE WHEN c.absent_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS absent, \
                    a.id AS attempt_id, a.started_at, a.deadline_at, a.last_seq, a.finished_at, a.finish_reason \
             FROM candidates c JOIN people p ON p.id = c.person_id JOIN sittings s ON s.id = c.sitting_id \
             LEFT JOIN attempts a ON a.candidate_id = c.id WHERE c.id = $1",
        )
        .bind(candidate_id)
        .fetch_optional(self.pool())
        .await
        .map_err(backend_error)?;
        Ok(row.map(|r| CandidateOverview {
            state: SittingState::parse(&r.state).unwrap_or(SittingState::Draft),
            voided: r.voided != 0,
            absent: r.absent != 0,
            attempt: match (r.attempt_id, r.started_at, r.deadline_at) {
                (Some(id), Some(started_at), Some(deadline_at)) => Some(AttemptRecord {
                    id,
                    started_at,
                    deadline_at,
                    last_seq: r.last_seq.unwrap_or(0),
                    finished_at: r.finished_at,
                    finish_reason: r.finish_reason.as_deref().and_then(FinishReason::parse),
                }),
                _ => None,
            },
            candidate_id: r.candidate_id,
            name: r.name,
            ticket_number: r.ticket_number,
            sitting_title: r.sitting_title,
            opens_at: r.opens_at,
            closes_at: r.closes_at,
            duration_minutes: r.duration_minutes,
            question_count: r.question_count,
            total_points: r.total_points,
        }))
    }

    async fn start_attempt(
        &self,
        candidate_id: i64,
        now: i64,
        seed: u64,
    ) -> Result<AttemptRecord, StoreError> {
        let lock = self.lock_rows("c");
        let (attempt, sitting_id) = self
            .write(move |tx| Box::pin(start_in(tx, lock, candidate_id, now, seed)))
            .await?;
        self.changes().mark(sitting_id);
        Ok(attempt)
    }

    async fn paper(&self, attempt_id: i64) -> Result<Vec<PaperItem>, StoreError> {
        #[allow(clippy::type_complexity, reason = "one row of the query below")]
        let rows: Vec<(i64, i64, i64, i64, String, String, String, String)> = sqlx::query_as(
            "SELECT pi.question_id, pi.position, pi.points, pi.section, pi.option_order, q.kind, q.stem, q.options \
             FROM paper_items pi JOIN questions q ON q.id = pi.question_id WHERE pi.attempt_id = $1 ORDER BY pi.position",
        )
        .bind(attempt_id)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        rows.into_iter()
            .map(
                |(question_id, position, points, section, order, kind, stem, options)| {
                    let item = paper_item(question_id, points, section, &order)?;
                    Ok(PaperItem {
                        question_id,
                        position,
                        points,
                        kind: QuestionKind::parse(&kind)
                            .ok_or_else(|| StoreError::backend(format!("unknown kind {kind}")))?,
                        stem,
                        options: item.displayed_options(&from_json::<Vec<String>>(&options)?),
                    })
                },
            )
            .collect()
    }

    async fn saved_answers(&self, attempt_id: i64) -> Result<Vec<(i64, Answer)>, StoreError> {
        let rows: Vec<(i64, String, i64, i64, String)> = sqlx::query_as(
            "SELECT an.question_id, an.response, pi.points, pi.section, pi.option_order FROM answers an \
             JOIN paper_items pi ON pi.attempt_id = an.attempt_id AND pi.question_id = an.question_id WHERE an.attempt_id = $1",
        )
        .bind(attempt_id)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        // Stored in the question's own option order; the candidate sees the paper's.
        rows.into_iter()
            .map(|(id, response, points, section, order)| {
                let item = paper_item(id, points, section, &order)?;
                Ok((id, item.to_displayed(&from_json(&response)?)))
            })
            .collect()
    }

    async fn save_answer(
        &self,
        save: AnswerSave<'_>,
        now: i64,
        grace_ms: i64,
    ) -> Result<SaveResult, StoreError> {
        // The hot path has a module of its own (one statement on PostgreSQL, batched
        // commits on SQLite).
        self.save(save, now, grace_ms).await
    }

    async fn finish_attempt(
        &self,
        candidate_id: i64,
        attempt_id: i64,
        now: i64,
    ) -> Result<AttemptRecord, StoreError> {
        // Through the group-commit writer: at the end of a sitting a whole room hands in
        // within seconds, and on SQLite each hand-in would otherwise wait for an fsync of
        // its own.
        let db = self.clone();
        let (finished, sitting_id) = self
            .write(move |tx| {
                Box::pin(async move {
                    let attempt = db
                        .lock_attempt(tx, attempt_id, Some(candidate_id))
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    if attempt.finished_at.is_some() {
                        return Ok((attempt.record(), attempt.sitting_id));
                    }
                    Ok((db.finalize(tx, &attempt, now).await?, attempt.sitting_id))
                })
            })
            .await?;
        self.changes().mark(sitting_id);
        Ok(finished)
    }

    async fn record_focus_loss(
        &self,
        candidate_id: i64,
        attempt_id: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE attempts SET focus_losses = focus_losses + 1, last_contact_at = $1 \
             WHERE id = $2 AND candidate_id = $3 AND finished_at IS NULL",
        )
        .bind(now)
        .bind(attempt_id)
        .bind(candidate_id)
        .execute(self.pool())
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn finish_expired(&self, now: i64, grace_ms: i64) -> Result<usize, StoreError> {
        let expired: Vec<(i64,)> = sqlx::query_as("SELECT id FROM attempts WHERE finished_at IS NULL AND deadline_at < $1 ORDER BY deadline_at")
            .bind(now - grace_ms)
            .fetch_all(self.pool())
            .await
            .map_err(backend_error)?;
        let sweeper = Actor::system("deadline sweeper");
        let mut finished = 0;
        for (attempt_id,) in expired {
            match self
                .finish_one_expired(attempt_id, now, grace_ms, &sweeper)
                .await
            {
                Ok(true) => finished += 1,
                Ok(false) => {}
                // One attempt that cannot be finalized must not keep every later one open:
                // it is logged and tried again at the next sweep.
                Err(e) => {
                    tracing::error!(attempt_id, error = %e, "could not finalize an expired attempt")
                }
            }
        }
        Ok(finished)
    }
}

/// Starts the candidate's attempt (or returns the one begun before), with its sitting,
/// inside `Db::write`'s transaction; `lock` locks the candidate's row on PostgreSQL (`Db::lock_rows`).
async fn start_in(
    tx: &mut AnyConnection,
    lock: String,
    candidate_id: i64,
    now: i64,
    seed: u64,
) -> Result<(AttemptRecord, i64), StoreError> {
    let sql = format!(
        "SELECT s.id, s.opens_at, s.closes_at, s.duration_minutes, s.blueprint, s.late_entry_minutes, s.state, s.opened_at, s.paper_mode, \
                c.absent_at, c.late_admitted_at \
         FROM candidates c JOIN sittings s ON s.id = c.sitting_id WHERE c.id = $1{lock}"
    );
    #[allow(clippy::type_complexity, reason = "one row of the query above")]
    let (
        sitting_id,
        opens_at,
        closes_at,
        duration,
        blueprint,
        late_entry,
        sitting_state,
        opened_at,
        mode,
        absent_at,
        late_admitted_at,
    ): (
        i64,
        i64,
        i64,
        i64,
        Option<String>,
        Option<i64>,
        String,
        Option<i64>,
        String,
        Option<i64>,
        Option<i64>,
    ) = sqlx::query_as(&sql)
        .bind(candidate_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend_error)?
        .ok_or(StoreError::NotFound)?;
    #[allow(clippy::type_complexity, reason = "one row of the query below")]
    let existing: Option<(i64, i64, i64, i64, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT id, started_at, deadline_at, last_seq, finished_at, finish_reason FROM attempts WHERE candidate_id = $1",
    )
    .bind(candidate_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(backend_error)?;
    if let Some((id, started_at, deadline_at, last_seq, finished_at, finish_reason)) = existing {
        let resumed = AttemptRecord {
            id,
            started_at,
            deadline_at,
            last_seq,
            finished_at,
            finish_reason: finish_reason.as_deref().and_then(FinishReason::parse),
        };
        return Ok((resumed, sitting_id));
    }
    let facts = StartFacts {
        state: SittingState::parse(&sitting_state)
            .ok_or_else(|| StoreError::backend(format!("unknown sitting state {sitting_state}")))?,
        opens_at,
        closes_at,
        opened_at,
        late_entry_minutes: late_entry,
        absent: absent_at.is_some(),
        late_admitted: late_admitted_at.is_some(),
    };
    may_start(&facts, now).map_err(StoreError::refused)?;
    let deadline_at = attempt_deadline(now, duration, closes_at);
    let blueprint = blueprint.as_deref().map(read_blueprint).transpose()?;
    // A paper of the candidate's own: the one drawn when the sitting opened (or since, by
    // the jobs loop), if the person began nothing since; else drawn now, the same way.
    let drawn = match &blueprint {
        Some(blueprint) if mode != PaperMode::AbByLot.as_str() => {
            let newest = newest_attempt_of_person(tx, candidate_id).await?;
            let prepared: Option<(i64,)> = sqlx::query_as(
                "SELECT paper_seed FROM prepared_papers WHERE candidate_id = $1 AND seen_through = $2",
            )
            .bind(candidate_id)
            .bind(newest)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend_error)?;
            Some(match prepared {
                Some((seed,)) => Drawn::Prepared { seed },
                None => {
                    let pool = sitting_pool(tx, sitting_id).await?;
                    let paper =
                        draw_paper(tx, sitting_id, &pool, candidate_id, newest + 1, blueprint, seed)
                            .await?
                            .map_err(|shortfalls| {
                                StoreError::backend(format!(
                                    "sitting {sitting_id}: frozen pool cannot fill its blueprint: {shortfalls:?}"
                                ))
                            })?;
                    Drawn::Now(paper)
                }
            })
        }
        _ => None,
    };
    let paper_seed = drawn.as_ref().map(|d| match d {
        Drawn::Prepared { seed } => *seed,
        // The same 64 bits, as the database's signed integer.
        Drawn::Now(paper) => paper.seed as i64,
    });
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO attempts (candidate_id, started_at, deadline_at, last_seq, last_contact_at, paper_seed) VALUES ($1, $2, $3, 0, $2, $4) RETURNING id",
    )
    .bind(candidate_id)
    .bind(now)
    .bind(deadline_at)
    .bind(paper_seed)
    .fetch_one(&mut *tx)
    .await
    .map_err(backend_error)?;
    match (drawn, blueprint) {
        (Some(Drawn::Prepared { .. }), _) => {
            sqlx::query(
                "INSERT INTO paper_items (attempt_id, position, question_id, points, section, option_order) \
                 SELECT $1, position, question_id, points, section, option_order FROM prepared_items WHERE candidate_id = $2",
            )
            .bind(id)
            .bind(candidate_id)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        }
        (Some(Drawn::Now(paper)), _) => {
            write_paper(tx, PaperOf::Attempt(id), &paper.items).await?;
        }
        // A/B papers: the one the lot chose at the opening, the same for everyone.
        (None, Some(_)) => {
            sqlx::query(
                "INSERT INTO paper_items (attempt_id, position, question_id, points, section, option_order) \
                 SELECT $1, sp.position, sp.question_id, sp.points, sp.section, sp.option_order FROM sitting_papers sp \
                 JOIN sittings s ON s.id = sp.sitting_id AND s.paper_lot = sp.label WHERE sp.sitting_id = $2",
            )
            .bind(id)
            .bind(sitting_id)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        }
        // A fixed paper: the sitting's questions, in order, as written.
        (None, None) => {
            sqlx::query(
                "INSERT INTO paper_items (attempt_id, position, question_id, points) \
                 SELECT $1, sq.position, sq.question_id, sq.points FROM sitting_questions sq WHERE sq.sitting_id = $2",
            )
            .bind(id)
            .bind(sitting_id)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        }
    }
    let started = AttemptRecord {
        id,
        started_at: now,
        deadline_at,
        last_seq: 0,
        finished_at: None,
        finish_reason: None,
    };
    Ok((started, sitting_id))
}
