//! A sitting's state changes and a jurisdiction's rules in the database. Whether a change
//! may happen is `question_bank::exam::lifecycle`'s to say; this module gathers the facts it
//! needs, records the change and audits it in one transaction.

use app::audit::Actor;
use app::sittings::repo::StateChange;
use app::state::StoreError;
use question_bank::appointments::appointment::{
    format_dates, parse_dates, AppointmentRules, FailurePolicy, SatisfactionRule,
};
use question_bank::audit_action::AuditAction;
use question_bank::bank::region::Region;
use question_bank::exam::clock::accepts_writes;
use question_bank::exam::lifecycle::{self, SittingFacts, SittingState, Transition};
use question_bank::exam::rules::{ExamRules, PaperMode, ReviewPolicy};
use question_bank::refusal::Refusal;
use serde_json::json;
use sqlx::AnyConnection;

use crate::db::{backend_error, from_json, AuditRecord, Db};

#[derive(sqlx::FromRow)]
struct LockedSitting {
    id: i64,
    jurisdiction_id: i64,
    state: String,
    opens_at: i64,
    closes_at: i64,
    paper_mode: String,
}

impl Db {
    /// Moves a sitting to its next state; see `SittingRepo::change_state`.
    pub(crate) async fn change_sitting_state(
        &self,
        actor: &Actor,
        scope_path: &str,
        change: StateChange<'_>,
    ) -> Result<SittingState, StoreError> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "SELECT s.id, s.jurisdiction_id, s.state, s.opens_at, s.closes_at, s.paper_mode FROM sittings s \
             JOIN jurisdictions j ON j.id = s.jurisdiction_id WHERE s.id = $1 AND j.path LIKE $2 || '%'{}",
            self.lock_rows("s")
        );
        let sitting: LockedSitting = sqlx::query_as(&sql)
            .bind(change.sitting_id)
            .bind(scope_path)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend_error)?
            .ok_or(StoreError::NotFound)?;
        let state = SittingState::parse(&sitting.state)
            .ok_or_else(|| StoreError::backend(format!("unknown state {}", sitting.state)))?;
        let unfinished: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT a.id, a.deadline_at FROM attempts a JOIN candidates c ON c.id = a.candidate_id \
             WHERE c.sitting_id = $1 AND a.finished_at IS NULL",
        )
        .bind(sitting.id)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend_error)?;
        let (begun,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM attempts a JOIN candidates c ON c.id = a.candidate_id WHERE c.sitting_id = $1",
        )
        .bind(sitting.id)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend_error)?;
        let facts = SittingFacts {
            opens_at: sitting.opens_at,
            closes_at: sitting.closes_at,
            writing: unfinished
                .iter()
                .filter(|(_, deadline)| accepts_writes(change.now, *deadline, change.grace_ms))
                .count() as i64,
            begun,
        };
        let next = lifecycle::check(state, change.transition, facts, change.now, change.reason)
            .map_err(|e| StoreError::refused(Refusal::state(e)))?;
        let mut detail = json!({ "from": state.as_str(), "to": next.as_str() });
        match change.transition {
            Transition::Open => {
                let lot = (sitting.paper_mode == PaperMode::AbByLot.as_str()).then_some(
                    if change.lot.is_multiple_of(2) {
                        "A"
                    } else {
                        "B"
                    },
                );
                sqlx::query("UPDATE sittings SET opened_at = $1, paper_lot = $2 WHERE id = $3")
                    .bind(change.now)
                    .bind(lot)
                    .bind(sitting.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
                if let Some(lot) = lot {
                    detail["paper_lot"] = json!(lot);
                }
            }
            Transition::Close => {
                // Nobody may still write (checked above): what is unfinished is out of time.
                for (attempt_id, _) in &unfinished {
                    // The sweeper may have finished it since it was read.
                    if let Some(attempt) = self.lock_attempt(&mut tx, *attempt_id, None).await? {
                        if attempt.finished_at.is_none() {
                            self.finalize(&mut tx, &attempt, change.now).await?;
                        }
                    }
                }
                // Papers prepared for those who never began are no one's.
                for table in ["prepared_items", "prepared_papers"] {
                    sqlx::query(&format!(
                        "DELETE FROM {table} WHERE candidate_id IN (SELECT id FROM candidates WHERE sitting_id = $1)"
                    ))
                    .bind(sitting.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
                }
                sqlx::query("UPDATE sittings SET closed_at = $1 WHERE id = $2")
                    .bind(change.now)
                    .bind(sitting.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
                detail["finalized"] = json!(unfinished.len());
            }
            Transition::Unschedule => {
                sqlx::query("UPDATE sittings SET opened_at = NULL WHERE id = $1")
                    .bind(sitting.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
            }
            Transition::Schedule | Transition::Archive => {}
        }
        let moved = sqlx::query("UPDATE sittings SET state = $1 WHERE id = $2 AND state = $3")
            .bind(next.as_str())
            .bind(sitting.id)
            .bind(state.as_str())
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        if moved.rows_affected() != 1 {
            return Err(StoreError::backend(format!(
                "sitting {} changed while locked",
                sitting.id
            )));
        }
        let reason = change.reason.trim();
        AuditRecord::new(
            match change.transition {
                Transition::Schedule => AuditAction::SittingSchedule,
                Transition::Unschedule => AuditAction::SittingUnschedule,
                Transition::Open => AuditAction::SittingOpen,
                Transition::Close => AuditAction::SittingClose,
                Transition::Archive => AuditAction::SittingArchive,
            },
            "sitting",
            sitting.id,
        )
        .jurisdiction(Some(sitting.jurisdiction_id))
        .reason(Some(reason).filter(|r| !r.is_empty()))
        .detail(detail)
        .commit(tx, actor, change.now)
        .await?;
        self.changes().mark(sitting.id);
        if change.transition == Transition::Open {
            // Papers before the bell. The sitting is open whatever happens here: a candidate
            // whose paper is not ready yet gets it drawn at the start, and the jobs loop
            // prepares the rest.
            if let Err(e) = self.prepare_papers(Some(sitting.id), change.now).await {
                tracing::warn!(error = %e, sitting = sitting.id, "could not prepare papers at the opening");
            }
        }
        Ok(next)
    }

    /// The rules in force at a jurisdiction; see `SittingRepo::rules_for`.
    pub(crate) async fn rules_in_force(
        &self,
        jurisdiction_id: i64,
    ) -> Result<(ExamRules, Option<String>), StoreError> {
        #[allow(clippy::type_complexity, reason = "one row of the query below")]
        let row: Option<RulesRow> = sqlx::query_as(
            "SELECT r.duration_minutes, r.pass_mark, r.late_entry_minutes, r.retakes_allowed, r.review_policy, r.paper_mode, r.term_ends_at, \
                    r.failure_policy, r.oath_working_days, r.chair_name, r.committee_members, r.holidays, r.make_up_workdays, r.satisfaction_rule, r.local_regulations, j.name \
             FROM jurisdiction_rules r JOIN jurisdictions j ON j.id = r.jurisdiction_id \
             WHERE (SELECT path FROM jurisdictions WHERE id = $1) LIKE j.path || '%' \
             ORDER BY LENGTH(j.path) DESC LIMIT 1",
        )
        .bind(jurisdiction_id)
        .fetch_optional(self.pool())
        .await
        .map_err(backend_error)?;
        let Some(r) = row else {
            return Ok((ExamRules::default(), None));
        };
        let unknown = |v: &str| StoreError::backend(format!("unknown rule value {v}"));
        let dates = |text: &str| parse_dates(text).map_err(|bad| unknown(&bad));
        Ok((
            ExamRules {
                duration_minutes: r.duration_minutes,
                pass_mark: r.pass_mark,
                late_entry_minutes: r.late_entry_minutes,
                retakes_allowed: r.retakes_allowed,
                review: ReviewPolicy::parse(&r.review_policy)
                    .ok_or_else(|| unknown(&r.review_policy))?,
                paper_mode: PaperMode::parse(&r.paper_mode)
                    .ok_or_else(|| unknown(&r.paper_mode))?,
                term_ends_at: r.term_ends_at,
                appointment: AppointmentRules {
                    failure_policy: FailurePolicy::parse(&r.failure_policy)
                        .ok_or_else(|| unknown(&r.failure_policy))?,
                    oath_working_days: u32::try_from(r.oath_working_days)
                        .map_err(|_| unknown("oath_working_days"))?,
                    satisfaction: match r.satisfaction_rule.as_str() {
                        "" => SatisfactionRule::default(),
                        json => from_json(json)?,
                    },
                    chair_name: r.chair_name,
                    committee_members: r.committee_members,
                    holidays: dates(&r.holidays)?,
                    make_up_workdays: dates(&r.make_up_workdays)?,
                },
                local_regulations: read_region(&r.local_regulations)?,
            },
            Some(r.name),
        ))
    }

    /// Sets a jurisdiction's own rules; see `SittingRepo::set_rules`.
    pub(crate) async fn write_rules(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        rules: &ExamRules,
        reason: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let chain = &rules.appointment;
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM jurisdiction_rules WHERE jurisdiction_id = $1")
            .bind(jurisdiction_id)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        sqlx::query(
            "INSERT INTO jurisdiction_rules (jurisdiction_id, duration_minutes, pass_mark, late_entry_minutes, retakes_allowed, review_policy, paper_mode, updated_by, updated_at, term_ends_at, \
                                             failure_policy, oath_working_days, chair_name, committee_members, holidays, make_up_workdays, satisfaction_rule, local_regulations) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
        )
        .bind(jurisdiction_id)
        .bind(rules.duration_minutes)
        .bind(rules.pass_mark)
        .bind(rules.late_entry_minutes)
        .bind(rules.retakes_allowed)
        .bind(rules.review.as_str())
        .bind(rules.paper_mode.as_str())
        .bind(actor.user_id)
        .bind(now)
        .bind(rules.term_ends_at)
        .bind(chain.failure_policy.as_str())
        .bind(i64::from(chain.oath_working_days))
        .bind(&chain.chair_name)
        .bind(chain.committee_members)
        .bind(format_dates(&chain.holidays))
        .bind(format_dates(&chain.make_up_workdays))
        .bind(serde_json::to_string(&chain.satisfaction).map_err(|e| StoreError::backend(e.to_string()))?)
        .bind(rules.local_regulations.map_or("", Region::as_str))
        .execute(&mut *tx)
        .await
        .map_err(backend_error)?;
        AuditRecord::for_jurisdiction(AuditAction::RulesUpdate, jurisdiction_id)
            .reason(Some(reason.trim()).filter(|r| !r.is_empty()))
            .detail(json!(rules))
            .commit(tx, actor, now)
            .await?;
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
struct RulesRow {
    duration_minutes: i64,
    pass_mark: i64,
    late_entry_minutes: Option<i64>,
    retakes_allowed: i64,
    review_policy: String,
    paper_mode: String,
    term_ends_at: Option<i64>,
    failure_policy: String,
    oath_working_days: i64,
    chair_name: String,
    committee_members: i64,
    holidays: String,
    make_up_workdays: String,
    satisfaction_rule: String,
    local_regulations: String,
    name: String,
}

/// Whose local regulations apply at `scope_path`: the nearest rules at or above it, as
/// `rules_in_force` reads them, on the caller's connection (inside its transaction).
pub(crate) async fn local_regulations_at(
    conn: &mut AnyConnection,
    scope_path: &str,
) -> Result<Option<Region>, StoreError> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT r.local_regulations FROM jurisdiction_rules r JOIN jurisdictions j ON j.id = r.jurisdiction_id \
         WHERE $1 LIKE j.path || '%' ORDER BY LENGTH(j.path) DESC LIMIT 1",
    )
    .bind(scope_path)
    .fetch_optional(conn)
    .await
    .map_err(backend_error)?;
    row.map_or(Ok(None), |(id,)| read_region(&id))
}

/// A stored `local_regulations` column: '' for none.
fn read_region(text: &str) -> Result<Option<Region>, StoreError> {
    match text {
        "" => Ok(None),
        id => Region::parse(id)
            .map(Some)
            .ok_or_else(|| StoreError::backend(format!("unknown region {id}"))),
    }
}
