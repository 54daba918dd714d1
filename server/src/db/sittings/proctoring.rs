//! Proctor actions in the database: one candidate's (or every writing candidate's) record
//! changed and audited in one transaction. Whether an action may happen is
//! `question_bank::exam::proctoring`'s to say.

use app::audit::Actor;
use app::state::StoreError;
use question_bank::audit_action::AuditAction;
use question_bank::exam::clock::MINUTE_MS;
use question_bank::exam::lifecycle::SittingState;
use question_bank::exam::proctoring::{self, CandidateFacts, ProctorAction};
use question_bank::refusal::Refusal;
use serde_json::json;

use crate::db::{backend_error, AuditRecord, Db};

#[derive(sqlx::FromRow)]
struct LockedCandidate {
    sitting_id: i64,
    jurisdiction_id: i64,
    state: String,
    absent_at: Option<i64>,
    attempt_id: Option<i64>,
    finished_at: Option<i64>,
    voided_at: Option<i64>,
}

fn refused(e: proctoring::ProctorError) -> StoreError {
    StoreError::refused(Refusal::state(e))
}

fn state_of(text: &str) -> Result<SittingState, StoreError> {
    SittingState::parse(text).ok_or_else(|| StoreError::backend(format!("unknown state {text}")))
}

impl Db {
    /// A proctor's action on one candidate in scope; see `SittingRepo::proctor`.
    pub(crate) async fn proctor_action(
        &self,
        actor: &Actor,
        scope_path: &str,
        candidate_id: i64,
        action: ProctorAction,
        reason: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "SELECT c.sitting_id, s.jurisdiction_id, s.state, c.absent_at, a.id AS attempt_id, a.finished_at, a.voided_at \
             FROM candidates c JOIN sittings s ON s.id = c.sitting_id JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             LEFT JOIN attempts a ON a.candidate_id = c.id WHERE c.id = $1 AND j.path LIKE $2 || '%'{}",
            self.lock_rows("c")
        );
        let c: LockedCandidate = sqlx::query_as(&sql)
            .bind(candidate_id)
            .bind(scope_path)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend_error)?
            .ok_or(StoreError::NotFound)?;
        let facts = CandidateFacts {
            began: c.attempt_id.is_some(),
            finished: c.finished_at.is_some(),
            voided: c.voided_at.is_some(),
            absent: c.absent_at.is_some(),
        };
        proctoring::check(action, state_of(&c.state)?, facts, reason).map_err(refused)?;
        let mut detail = json!({ "sitting_id": c.sitting_id });
        match (action, c.attempt_id) {
            (ProctorAction::Extend { minutes }, Some(attempt)) => {
                let moved = sqlx::query(
                    "UPDATE attempts SET deadline_at = deadline_at + $1, extended_minutes = extended_minutes + $2 WHERE id = $3 AND finished_at IS NULL",
                )
                .bind(minutes * MINUTE_MS)
                .bind(minutes)
                .bind(attempt)
                .execute(&mut *tx)
                .await
                .map_err(backend_error)?;
                if moved.rows_affected() != 1 {
                    return Err(refused(proctoring::ProctorError::AlreadyFinished(action)));
                }
                detail["minutes"] = json!(minutes);
            }
            (ProctorAction::ForceSubmit | ProctorAction::Void, Some(attempt)) => {
                if let Some(locked) = self.lock_attempt(&mut tx, attempt, None).await? {
                    if locked.finished_at.is_none() {
                        let done = self.finalize(&mut tx, &locked, now).await?;
                        sqlx::query("UPDATE attempts SET finished_by = $1 WHERE id = $2")
                            .bind(actor.user_id)
                            .bind(attempt)
                            .execute(&mut *tx)
                            .await
                            .map_err(backend_error)?;
                        detail["finished_at"] = json!(done.finished_at);
                    }
                }
                if action == ProctorAction::Void {
                    sqlx::query("UPDATE attempts SET voided_at = $1 WHERE id = $2")
                        .bind(now)
                        .bind(attempt)
                        .execute(&mut *tx)
                        .await
                        .map_err(backend_error)?;
                }
            }
            (ProctorAction::MarkAbsent, _) => {
                sqlx::query("UPDATE candidates SET absent_at = $1 WHERE id = $2")
                    .bind(now)
                    .bind(candidate_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
            }
            (ProctorAction::AdmitLate, _) => {
                sqlx::query("UPDATE candidates SET late_admitted_at = $1 WHERE id = $2")
                    .bind(now)
                    .bind(candidate_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
            }
            // `check` refuses these without an attempt.
            (
                ProctorAction::Extend { .. } | ProctorAction::ForceSubmit | ProctorAction::Void,
                None,
            ) => return Err(StoreError::NotFound),
        }
        AuditRecord::new(
            match action {
                ProctorAction::Extend { .. } => AuditAction::AttemptExtend,
                ProctorAction::ForceSubmit => AuditAction::AttemptForceSubmit,
                ProctorAction::Void => AuditAction::AttemptVoid,
                ProctorAction::MarkAbsent => AuditAction::CandidateAbsent,
                ProctorAction::AdmitLate => AuditAction::CandidateAdmitLate,
            },
            "candidate",
            candidate_id,
        )
        .jurisdiction(Some(c.jurisdiction_id))
        .reason(Some(reason.trim()))
        .detail(detail)
        .commit(tx, actor, now)
        .await?;
        self.changes().mark(c.sitting_id);
        Ok(())
    }

    /// Extends every unfinished paper of a sitting; see `SittingRepo::extend_everyone`.
    pub(crate) async fn extend_sitting(
        &self,
        actor: &Actor,
        scope_path: &str,
        sitting_id: i64,
        minutes: i64,
        reason: &str,
        now: i64,
    ) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "SELECT s.jurisdiction_id, s.state FROM sittings s JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             WHERE s.id = $1 AND j.path LIKE $2 || '%'{}",
            self.lock_rows("s")
        );
        let (jurisdiction_id, state): (i64, String) = sqlx::query_as(&sql)
            .bind(sitting_id)
            .bind(scope_path)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend_error)?
            .ok_or(StoreError::NotFound)?;
        // The same rules as for one writing candidate.
        let writing = CandidateFacts {
            began: true,
            ..CandidateFacts::default()
        };
        proctoring::check(
            ProctorAction::Extend { minutes },
            state_of(&state)?,
            writing,
            reason,
        )
        .map_err(refused)?;
        let extended = sqlx::query(
            "UPDATE attempts SET deadline_at = deadline_at + $1, extended_minutes = extended_minutes + $2 \
             WHERE finished_at IS NULL AND candidate_id IN (SELECT id FROM candidates WHERE sitting_id = $3)",
        )
        .bind(minutes * MINUTE_MS)
        .bind(minutes)
        .bind(sitting_id)
        .execute(&mut *tx)
        .await
        .map_err(backend_error)?
        .rows_affected() as usize;
        AuditRecord::new(AuditAction::SittingExtendAll, "sitting", sitting_id)
            .jurisdiction(Some(jurisdiction_id))
            .reason(Some(reason.trim()))
            .detail(json!({ "minutes": minutes, "attempts": extended }))
            .commit(tx, actor, now)
            .await?;
        self.changes().mark(sitting_id);
        Ok(extended)
    }
}
