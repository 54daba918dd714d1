pub(crate) mod lifecycle;
pub(crate) mod papers;
pub(crate) mod proctoring;
use app::audit::Actor;
use app::sittings::repo::{
    CandidateRecord, DrawnSitting, Enrolment, IncidentRecord, RosterEnrolment, SittingRecord,
    SittingRepo, StateChange,
};
use app::sittings::{SittingQuestionView, SittingSummary};
use app::state::{now_ms, StoreError};
use async_trait::async_trait;
use question_bank::audit_action::AuditAction;
use question_bank::bank::question::QuestionKind;
use question_bank::bank::region;
use question_bank::exam::clock::{cst_year, format_cst};
use question_bank::exam::lifecycle::SittingState;
use question_bank::exam::paper::{self, Paper};
use question_bank::exam::proctoring::ProctorAction;
use question_bank::exam::rules::{self, ExamRules, PaperMode, ReviewPolicy};
use question_bank::exam::scoring::MultiChoicePolicy;
use question_bank::exam::sitting::SittingRefusal;
use question_bank::exam::sitting::{PaperPlan, SittingPlan};
use question_bank::exam::ticket::ticket_number;
use question_bank::refusal::{AllOf, Refusal};
use question_bank::results::marking::MarkingPlan;
use serde_json::json;

use crate::db::sittings::lifecycle::local_regulations_at;
use crate::db::sittings::papers::{
    blueprint_json, draw_paper, eligible_pool, freeze_pool, paper_item, read_blueprint,
    sitting_pool, write_paper, PaperOf,
};
use sqlx::AnyPool;

use crate::db::sittings::papers::BLANK_RESPONSES;
use crate::db::{backend_error, AuditRecord, Db};

/// A sitting's list row; `WHERE` is appended by each caller.
const SUMMARY_SELECT: &str = "SELECT s.id, s.title, s.venue, j.name AS jurisdiction_name, s.opens_at, s.closes_at, s.duration_minutes, s.pass_mark, s.late_entry_minutes, \
       s.total_points, s.question_count, s.state, s.paper_mode, s.paper_lot, s.retakes_allowed, s.review_policy, s.multi_choice_policy, s.marking_plan, s.results_published_at, \
       (SELECT COUNT(*) FROM candidates c WHERE c.sitting_id = s.id) AS candidate_count \
     FROM sittings s JOIN jurisdictions j ON j.id = s.jurisdiction_id";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    title: String,
    venue: String,
    jurisdiction_name: String,
    opens_at: i64,
    closes_at: i64,
    duration_minutes: i64,
    pass_mark: i64,
    late_entry_minutes: Option<i64>,
    total_points: i64,
    question_count: i64,
    candidate_count: i64,
    state: String,
    paper_mode: String,
    paper_lot: Option<String>,
    retakes_allowed: i64,
    review_policy: String,
    multi_choice_policy: String,
    marking_plan: String,
    results_published_at: Option<i64>,
}

impl TryFrom<SummaryRow> for SittingSummary {
    type Error = StoreError;
    fn try_from(r: SummaryRow) -> Result<Self, StoreError> {
        let unknown = |what: &str, v: &str| StoreError::backend(format!("unknown {what} {v}"));
        Ok(Self {
            state: SittingState::parse(&r.state).ok_or_else(|| unknown("state", &r.state))?,
            paper_mode: PaperMode::parse(&r.paper_mode)
                .ok_or_else(|| unknown("paper mode", &r.paper_mode))?,
            review: ReviewPolicy::parse(&r.review_policy)
                .ok_or_else(|| unknown("review policy", &r.review_policy))?,
            paper_lot: r.paper_lot,
            retakes_allowed: r.retakes_allowed,
            multi_choice: MultiChoicePolicy::parse(&r.multi_choice_policy)
                .ok_or_else(|| unknown("multiple-choice policy", &r.multi_choice_policy))?,
            marking: MarkingPlan::parse(&r.marking_plan)
                .ok_or_else(|| unknown("marking plan", &r.marking_plan))?,
            results_published_at: r.results_published_at,
            id: r.id,
            title: r.title,
            venue: r.venue,
            jurisdiction_name: r.jurisdiction_name,
            opens_at: r.opens_at,
            closes_at: r.closes_at,
            duration_minutes: r.duration_minutes,
            pass_mark: r.pass_mark,
            late_entry_minutes: r.late_entry_minutes,
            total_points: r.total_points,
            question_count: r.question_count,
            candidate_count: r.candidate_count,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CandidateRow {
    id: i64,
    person_id: i64,
    name: String,
    employer: String,
    proposed_post: String,
    id_card_number: String,
    ticket_number: String,
    started: i64,
    retake: i64,
    absent: i64,
    voided: i64,
    extended_minutes: i64,
    deadline_at: Option<i64>,
    last_contact_at: Option<i64>,
    focus_losses: Option<i64>,
    last_ip: Option<String>,
    finish_reason: Option<String>,
    answered: i64,
    score: Option<i64>,
    passed: Option<i64>,
    slip_printed: i64,
}

#[async_trait]
impl SittingRepo for Db {
    async fn sittings_in_scope(&self, scope_path: &str) -> Result<Vec<SittingSummary>, StoreError> {
        let sql = format!(
            "{SUMMARY_SELECT} WHERE j.path LIKE $1 || '%' ORDER BY s.opens_at DESC, s.id DESC"
        );
        let rows: Vec<SummaryRow> = sqlx::query_as(&sql)
            .bind(scope_path)
            .fetch_all(self.pool())
            .await
            .map_err(backend_error)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    async fn create_sitting(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        scope_path: &str,
        plan: &SittingPlan,
        seed: u64,
    ) -> Result<i64, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO sittings (jurisdiction_id, title, venue, opens_at, closes_at, duration_minutes, pass_mark, created_by, created_at, question_count, total_points, blueprint, late_entry_minutes, \
                                   state, paper_mode, retakes_allowed, review_policy, paper_seed, multi_choice_policy, marking_plan) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'draft', $14, $15, $16, $17, $18, $19) RETURNING id",
        )
        .bind(jurisdiction_id)
        .bind(&plan.title)
        .bind(&plan.venue)
        .bind(plan.opens_at)
        .bind(plan.closes_at)
        .bind(plan.duration_minutes)
        .bind(plan.pass_mark)
        .bind(actor.user_id)
        .bind(now)
        .bind(plan.paper.question_count())
        .bind(plan.paper.total_points())
        .bind(plan.paper.blueprint().map(blueprint_json))
        .bind(plan.late_entry_minutes)
        .bind(plan.paper.mode().as_str())
        .bind(plan.retakes_allowed)
        .bind(plan.review.as_str())
        // The same 64 bits, as the database's signed integer; kept for A/B papers.
        .bind(matches!(plan.paper, PaperPlan::AbByLot(_)).then_some(seed as i64))
        .bind(plan.multi_choice.as_string())
        .bind(plan.marking.as_string())
        .fetch_one(&mut *tx)
        .await
        .map_err(backend_error)?;
        let here = local_regulations_at(&mut tx, scope_path).await?;
        let fixed = match &plan.paper {
            PaperPlan::Fixed(questions) => questions.as_slice(),
            PaperPlan::Drawn(blueprint) | PaperPlan::AbByLot(blueprint) => {
                region::check_blueprint(blueprint, here)
                    .map_err(|e| StoreError::refused(Refusal::field("blueprint", e)))?;
                // Checked against the bank now, and the usable questions frozen, so every
                // candidate's paper can be drawn (and drawn again for an audit).
                let pool = eligible_pool(&mut tx, scope_path).await?;
                if let Err(shortfalls) = paper::check(blueprint, &pool) {
                    return Err(StoreError::refused(Refusal::field(
                        "blueprint",
                        AllOf(shortfalls),
                    )));
                }
                freeze_pool(&mut tx, id, blueprint, &pool).await?;
                if let PaperPlan::AbByLot(_) = plan.paper {
                    let frozen = sitting_pool(&mut tx, id).await?;
                    let pair = paper::assemble_pair(blueprint, &frozen, seed).map_err(|s| {
                        StoreError::backend(format!("a checked pool cannot draw A/B: {s:?}"))
                    })?;
                    for (label, paper) in ["A", "B"].into_iter().zip(&pair) {
                        write_paper(&mut tx, PaperOf::Sitting(id, label), &paper.items).await?;
                    }
                }
                &[]
            }
        };
        // The paper reads in one part per type, in the published order, whatever order
        // the questions were ticked in (a question unknown here keeps its place and is
        // refused below).
        let mut fixed: Vec<(i64, i64, Option<QuestionKind>)> = {
            let mut typed = Vec::with_capacity(fixed.len());
            for &(question_id, points) in fixed {
                let row: Option<(String, String)> =
                    sqlx::query_as("SELECT kind, law_id FROM questions WHERE id = $1")
                        .bind(question_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(backend_error)?;
                if let Some((_, law)) = &row {
                    region::check_question(question_id, law, here)
                        .map_err(|e| StoreError::refused(Refusal::field("question_ids", e)))?;
                }
                let kind = row.and_then(|(k, _)| QuestionKind::parse(&k));
                typed.push((question_id, points, kind));
            }
            typed
        };
        if fixed.iter().all(|(_, _, kind)| kind.is_some()) {
            paper::in_type_order(&mut fixed, |(_, _, kind)| {
                kind.unwrap_or(QuestionKind::ShortAnswer)
            });
        }
        for (position, (question_id, points, _)) in fixed.iter().enumerate() {
            // Only an active question the creator's jurisdiction may use can be placed.
            let placed = sqlx::query(
                "INSERT INTO sitting_questions (sitting_id, position, question_id, points) \
                 SELECT $1, $2, q.id, $3 FROM questions q JOIN jurisdictions j ON j.id = q.jurisdiction_id \
                 WHERE q.id = $4 AND q.status = 'active' AND q.needs_review = 0 AND $5 LIKE j.path || '%'",
            )
            .bind(id)
            .bind(position as i64 + 1)
            .bind(*points)
            .bind(*question_id)
            .bind(scope_path)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
            if placed.rows_affected() != 1 {
                return Err(StoreError::refused(SittingRefusal::QuestionUnusable {
                    question_id: *question_id,
                }));
            }
        }
        AuditRecord::new(AuditAction::SittingCreate, "sitting", id)
            .jurisdiction(Some(jurisdiction_id))
            .detail(json!({ "title": plan.title, "opens_at": format_cst(plan.opens_at), "closes_at": format_cst(plan.closes_at), "duration_minutes": plan.duration_minutes, "pass_mark": plan.pass_mark, "late_entry_minutes": plan.late_entry_minutes, "retakes_allowed": plan.retakes_allowed, "review": plan.review.as_str(), "multi_choice": plan.multi_choice.as_string(), "marking": plan.marking.as_string(), "questions": plan.paper.question_count(), "paper_mode": plan.paper.mode().as_str() }))
            .commit(tx, actor, now)
            .await?;
        Ok(id)
    }

    async fn change_state(
        &self,
        actor: &Actor,
        scope_path: &str,
        change: StateChange<'_>,
    ) -> Result<SittingState, StoreError> {
        self.change_sitting_state(actor, scope_path, change).await
    }

    async fn proctor(
        &self,
        actor: &Actor,
        scope_path: &str,
        candidate_id: i64,
        action: ProctorAction,
        reason: &str,
    ) -> Result<(), StoreError> {
        self.proctor_action(actor, scope_path, candidate_id, action, reason, now_ms())
            .await
    }

    async fn incidents(
        &self,
        scope_path: &str,
        sitting_id: i64,
    ) -> Result<Vec<IncidentRecord>, StoreError> {
        #[allow(clippy::type_complexity, reason = "one row of the query below")]
        let rows: Vec<(i64, String, String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT a.at, a.actor, a.action, p.name, a.reason FROM audit_events a \
             LEFT JOIN candidates c ON a.entity = 'candidate' AND CAST(c.id AS TEXT) = a.entity_id \
             LEFT JOIN people p ON p.id = c.person_id \
             WHERE ((a.entity = 'sitting' AND a.entity_id = $1) OR (a.entity = 'candidate' AND c.sitting_id = $2)) \
               AND EXISTS (SELECT 1 FROM sittings s JOIN jurisdictions j ON j.id = s.jurisdiction_id WHERE s.id = $2 AND j.path LIKE $3 || '%') \
             ORDER BY a.at, a.id",
        )
        .bind(sitting_id.to_string())
        .bind(sitting_id)
        .bind(scope_path)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        Ok(rows
            .into_iter()
            .map(|(at, actor, action, candidate, reason)| IncidentRecord {
                at,
                actor,
                action,
                candidate,
                reason,
            })
            .collect())
    }

    async fn extend_everyone(
        &self,
        actor: &Actor,
        scope_path: &str,
        sitting_id: i64,
        minutes: i64,
        reason: &str,
    ) -> Result<usize, StoreError> {
        self.extend_sitting(actor, scope_path, sitting_id, minutes, reason, now_ms())
            .await
    }

    async fn rules_for(
        &self,
        jurisdiction_id: i64,
    ) -> Result<(ExamRules, Option<String>), StoreError> {
        self.rules_in_force(jurisdiction_id).await
    }

    async fn set_rules(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        rules: &ExamRules,
        reason: &str,
    ) -> Result<(), StoreError> {
        self.write_rules(actor, jurisdiction_id, rules, reason, now_ms())
            .await
    }

    async fn sitting_candidates(
        &self,
        scope_path: &str,
        sitting_id: i64,
    ) -> Result<Option<(SittingState, Vec<CandidateRecord>)>, StoreError> {
        let state: Option<(String,)> = sqlx::query_as(
            "SELECT s.state FROM sittings s JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             WHERE s.id = $1 AND j.path LIKE $2 || '%'",
        )
        .bind(sitting_id)
        .bind(scope_path)
        .fetch_optional(self.pool())
        .await
        .map_err(backend_error)?;
        let Some((state,)) = state else {
            return Ok(None);
        };
        let state = SittingState::parse(&state)
            .ok_or_else(|| StoreError::backend(format!("unknown sitting state {state}")))?;
        Ok(Some((
            state,
            candidate_records(self.pool(), sitting_id).await?,
        )))
    }

    async fn sitting_detail(
        &self,
        scope_path: &str,
        sitting_id: i64,
    ) -> Result<Option<SittingRecord>, StoreError> {
        let Some(summary) = self.sitting_summary(scope_path, sitting_id).await? else {
            return Ok(None);
        };
        let questions: Vec<(i64, i64, String, String, i64)> = sqlx::query_as(
            "SELECT sq.position, sq.question_id, q.kind, q.stem, sq.points FROM sitting_questions sq \
             JOIN questions q ON q.id = sq.question_id WHERE sq.sitting_id = $1 ORDER BY sq.position",
        )
        .bind(sitting_id)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        let mut conn = self.pool().acquire().await.map_err(backend_error)?;
        let (blueprint,): (Option<String>,) =
            sqlx::query_as("SELECT blueprint FROM sittings WHERE id = $1")
                .bind(sitting_id)
                .fetch_one(&mut *conn)
                .await
                .map_err(backend_error)?;
        let drawn = match blueprint.as_deref().map(read_blueprint).transpose()? {
            None => None,
            Some(blueprint) => {
                let pool = sitting_pool(&mut conn, sitting_id).await?;
                let papers = match summary.paper_mode.as_str() {
                    "ab" => sitting_papers(&mut conn, sitting_id).await?,
                    _ => drawn_papers(&mut conn, sitting_id).await?,
                };
                Some(DrawnSitting {
                    blueprint,
                    pool,
                    papers,
                })
            }
        };
        let candidates = candidate_records(self.pool(), sitting_id).await?;
        Ok(Some(SittingRecord {
            summary,
            drawn,
            questions: questions
                .into_iter()
                .map(
                    |(position, question_id, kind, stem, points)| SittingQuestionView {
                        position,
                        question_id,
                        kind: QuestionKind::parse(&kind).unwrap_or(QuestionKind::SingleChoice),
                        stem,
                        points,
                    },
                )
                .collect(),
            candidates,
        }))
    }

    async fn redraw_matches(
        &self,
        scope_path: &str,
        candidate_id: i64,
    ) -> Result<Option<bool>, StoreError> {
        let mut conn = self.pool().acquire().await.map_err(backend_error)?;
        #[allow(clippy::type_complexity, reason = "one row of the query below")]
        let row: Option<(i64, i64, Option<i64>, Option<String>, Option<i64>, Option<String>)> =
            sqlx::query_as(
                "SELECT a.id, s.id, a.paper_seed, s.blueprint, s.paper_seed, s.paper_lot FROM attempts a JOIN candidates c ON c.id = a.candidate_id \
                 JOIN sittings s ON s.id = c.sitting_id JOIN jurisdictions j ON j.id = s.jurisdiction_id \
                 WHERE c.id = $1 AND j.path LIKE $2 || '%'",
            )
            .bind(candidate_id)
            .bind(scope_path)
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend_error)?;
        let Some((attempt_id, sitting_id, attempt_seed, Some(blueprint), sitting_seed, lot)) = row
        else {
            return Ok(None);
        };
        let blueprint = read_blueprint(&blueprint)?;
        let stored: Vec<(i64, i64, i64, String)> = sqlx::query_as(
            "SELECT question_id, points, section, option_order FROM paper_items WHERE attempt_id = $1 ORDER BY position",
        )
        .bind(attempt_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(backend_error)?;
        let stored = stored
            .into_iter()
            .map(|(q, points, section, order)| paper_item(q, points, section, &order))
            .collect::<Result<Vec<_>, _>>()?;
        // Seeds are stored as the same 64 bits.
        let redrawn = match (attempt_seed, sitting_seed, lot.as_deref()) {
            (Some(seed), _, _) => {
                let pool = sitting_pool(&mut conn, sitting_id).await?;
                let (candidate, before, seed) = (candidate_id, attempt_id, seed as u64);
                draw_paper(
                    &mut conn, sitting_id, &pool, candidate, before, &blueprint, seed,
                )
                .await?
            }
            // A/B papers: both drawn again from the sitting's seed; the lot chose one.
            (None, Some(seed), Some(lot)) => {
                let pool = sitting_pool(&mut conn, sitting_id).await?;
                paper::assemble_pair(&blueprint, &pool, seed as u64).map(|[a, b]| {
                    if lot == "A" {
                        a
                    } else {
                        b
                    }
                })
            }
            _ => return Ok(None),
        };
        Ok(Some(redrawn.is_ok_and(|p| p.items == stored)))
    }

    async fn enrol_candidate(
        &self,
        actor: &Actor,
        scope_path: &str,
        e: Enrolment<'_>,
    ) -> Result<(i64, String), StoreError> {
        self.enrol_candidate_at(actor, scope_path, e, now_ms())
            .await
    }

    async fn enrol_roster(
        &self,
        actor: &Actor,
        scope_path: &str,
        sitting_id: i64,
        file_name: &str,
        rows: &[RosterEnrolment<'_>],
    ) -> Result<Vec<(i64, String)>, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let sitting = self
            .lock_enrolling_sitting(&mut tx, scope_path, sitting_id, now)
            .await?;
        let mut enrolled = Vec::with_capacity(rows.len());
        for r in rows {
            // Dropping the transaction on a refusal enrols none of the rows.
            let one = enrol_in(&mut tx, actor, &sitting, &r.enrolment, now)
                .await
                .map_err(|e| e.map_refusal(|why| why.at_row(r.row as u64)))?;
            enrolled.push(one);
        }
        AuditRecord::new(AuditAction::CandidateImport, "sitting", sitting.id)
            .jurisdiction(Some(sitting.jurisdiction_id))
            .detail(json!({ "source": file_name, "enrolled": enrolled.len() }))
            .commit(tx, actor, now)
            .await?;
        Ok(enrolled)
    }

    async fn reissue_access_code(
        &self,
        actor: &Actor,
        scope_path: &str,
        candidate_id: i64,
        hash: &str,
        reason: &str,
    ) -> Result<(i64, String, String), StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let found: Option<(i64, i64, String, String, String)> = sqlx::query_as(
            "SELECT s.id, s.jurisdiction_id, p.name, c.ticket_number, s.state FROM candidates c \
             JOIN sittings s ON s.id = c.sitting_id JOIN jurisdictions j ON j.id = s.jurisdiction_id JOIN people p ON p.id = c.person_id \
             WHERE c.id = $1 AND j.path LIKE $2 || '%'",
        )
        .bind(candidate_id)
        .bind(scope_path)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend_error)?;
        let (sitting_id, jurisdiction_id, name, ticket, state) =
            found.ok_or(StoreError::NotFound)?;
        if !SittingState::parse(&state).is_some_and(SittingState::reissues_codes) {
            return Err(StoreError::refused(SittingRefusal::CodesOnlyWhileLive));
        }
        sqlx::query(
            "UPDATE candidates SET access_code_hash = $1, code_used_at = NULL, slip_printed_at = NULL WHERE id = $2",
        )
        .bind(hash)
        .bind(candidate_id)
        .execute(&mut *tx)
        .await
        .map_err(backend_error)?;
        AuditRecord::new(AuditAction::CandidateReissueCode, "candidate", candidate_id)
            .jurisdiction(Some(jurisdiction_id))
            .reason(Some(reason))
            .detail(json!({ "sitting_id": sitting_id, "ticket_number": ticket }))
            .commit(tx, actor, now)
            .await?;
        Ok((sitting_id, name, ticket))
    }

    async fn record_slips_printed(
        &self,
        actor: &Actor,
        scope_path: &str,
        sitting_id: i64,
        ticket_numbers: &[String],
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let found: Option<(i64,)> = sqlx::query_as(
            "SELECT s.jurisdiction_id FROM sittings s JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             WHERE s.id = $1 AND j.path LIKE $2 || '%'",
        )
        .bind(sitting_id)
        .bind(scope_path)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend_error)?;
        let (jurisdiction_id,) = found.ok_or(StoreError::NotFound)?;
        for ticket in ticket_numbers {
            sqlx::query(
                "UPDATE candidates SET slip_printed_at = $1 WHERE sitting_id = $2 AND ticket_number = $3",
            )
            .bind(now)
            .bind(sitting_id)
            .bind(ticket)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        }
        AuditRecord::new(AuditAction::CandidatePrintSlips, "sitting", sitting_id)
            .jurisdiction(Some(jurisdiction_id))
            .detail(json!({ "tickets": ticket_numbers }))
            .commit(tx, actor, now)
            .await?;
        Ok(())
    }
}

/// The papers drawn so far for a sitting's attempts, by attempt.
async fn drawn_papers(
    conn: &mut sqlx::AnyConnection,
    sitting_id: i64,
) -> Result<Vec<Paper>, StoreError> {
    let rows: Vec<(i64, Option<i64>, i64, i64, i64, String)> = sqlx::query_as(
        "SELECT a.id, a.paper_seed, pi.question_id, pi.points, pi.section, pi.option_order FROM paper_items pi \
         JOIN attempts a ON a.id = pi.attempt_id JOIN candidates c ON c.id = a.candidate_id \
         WHERE c.sitting_id = $1 ORDER BY a.id, pi.position",
    )
    .bind(sitting_id)
    .fetch_all(conn)
    .await
    .map_err(backend_error)?;
    let mut papers: Vec<(i64, Paper)> = Vec::new();
    for (attempt, seed, question_id, points, section, order) in rows {
        let item = paper_item(question_id, points, section, &order)?;
        match papers.last_mut() {
            Some((id, paper)) if *id == attempt => paper.items.push(item),
            _ => papers.push((
                attempt,
                Paper {
                    // Stored as the same 64 bits.
                    seed: seed.unwrap_or_default() as u64,
                    items: vec![item],
                    repeated: 0,
                },
            )),
        }
    }
    Ok(papers.into_iter().map(|(_, paper)| paper).collect())
}

/// Papers A and B of an A/B sitting, in that order.
async fn sitting_papers(
    conn: &mut sqlx::AnyConnection,
    sitting_id: i64,
) -> Result<Vec<Paper>, StoreError> {
    let (seed,): (Option<i64>,) = sqlx::query_as("SELECT paper_seed FROM sittings WHERE id = $1")
        .bind(sitting_id)
        .fetch_one(&mut *conn)
        .await
        .map_err(backend_error)?;
    let rows: Vec<(String, i64, i64, i64, String)> = sqlx::query_as(
        "SELECT label, question_id, points, section, option_order FROM sitting_papers WHERE sitting_id = $1 ORDER BY label, position",
    )
    .bind(sitting_id)
    .fetch_all(conn)
    .await
    .map_err(backend_error)?;
    let mut papers: Vec<Paper> = Vec::with_capacity(2);
    for (n, label) in ["A", "B"].into_iter().enumerate() {
        let items = rows
            .iter()
            .filter(|r| r.0 == label)
            .map(|(_, q, points, section, order)| paper_item(*q, *points, *section, order))
            .collect::<Result<Vec<_>, _>>()?;
        papers.push(Paper {
            // A was drawn with the sitting's seed, B with the next one.
            seed: (seed.unwrap_or_default() as u64).wrapping_add(n as u64),
            items,
            repeated: 0,
        });
    }
    Ok(papers)
}

/// A sitting locked for enrolment.
struct EnrollingSitting {
    id: i64,
    jurisdiction_id: i64,
    opens_at: i64,
    retakes_allowed: i64,
}

impl Db {
    /// Enrols a candidate as at `now` (the demo's past sittings enrolled before they
    /// closed); [`SittingRepo::enrol_candidate`] is this at the present moment.
    pub async fn enrol_candidate_at(
        &self,
        actor: &Actor,
        scope_path: &str,
        e: Enrolment<'_>,
        now: i64,
    ) -> Result<(i64, String), StoreError> {
        let mut tx = self.begin_write().await?;
        let sitting = self
            .lock_enrolling_sitting(&mut tx, scope_path, e.sitting_id, now)
            .await?;
        let enrolled = enrol_in(&mut tx, actor, &sitting, &e, now).await?;
        tx.commit().await.map_err(backend_error)?;
        Ok(enrolled)
    }

    /// Locks a sitting in scope that has not ended, for enrolling into it.
    async fn lock_enrolling_sitting(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        scope_path: &str,
        sitting_id: i64,
        now: i64,
    ) -> Result<EnrollingSitting, StoreError> {
        let sql = format!(
            "SELECT s.id, s.jurisdiction_id, s.opens_at, s.closes_at, s.state, s.retakes_allowed FROM sittings s JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             WHERE s.id = $1 AND j.path LIKE $2 || '%'{}",
            self.lock_rows("s")
        );
        let (id, jurisdiction_id, opens_at, closes_at, state, retakes_allowed): (
            i64,
            i64,
            i64,
            i64,
            String,
            i64,
        ) = sqlx::query_as(&sql)
            .bind(sitting_id)
            .bind(scope_path)
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend_error)?
            .ok_or(StoreError::NotFound)?;
        if now >= closes_at || !SittingState::parse(&state).is_some_and(SittingState::enrols) {
            return Err(StoreError::refused(SittingRefusal::EnrolmentEnded));
        }
        Ok(EnrollingSitting {
            id,
            jurisdiction_id,
            opens_at,
            retakes_allowed,
        })
    }
}

/// Enrols one person (found or added by ID-card number) into a locked sitting, audited.
async fn enrol_in(
    conn: &mut sqlx::AnyConnection,
    actor: &Actor,
    sitting: &EnrollingSitting,
    e: &Enrolment<'_>,
    now: i64,
) -> Result<(i64, String), StoreError> {
    let person_id = person_for(&mut *conn, e.id_card, e.name, now).await?;
    let already: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM candidates WHERE sitting_id = $1 AND person_id = $2")
            .bind(sitting.id)
            .bind(person_id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend_error)?;
    if already.is_some() {
        return Err(StoreError::Conflict(SittingRefusal::AlreadyEnrolled.into()));
    }
    // 补考: failures since the person's last pass, under this sitting's rule.
    let results: Vec<(i64,)> = sqlx::query_as(
        "SELECT a.passed FROM attempts a JOIN candidates c ON c.id = a.candidate_id \
         WHERE c.person_id = $1 AND a.finished_at IS NOT NULL AND a.passed IS NOT NULL ORDER BY a.finished_at, a.id",
    )
    .bind(person_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(backend_error)?;
    let results: Vec<bool> = results.into_iter().map(|(p,)| p != 0).collect();
    let retake = match rules::standing(&results, sitting.retakes_allowed) {
        Ok(rules::Standing::First) => 0,
        Ok(rules::Standing::Retake(n)) => n,
        Err(used) => return Err(StoreError::refused(Refusal::state(used))),
    };
    let (seat,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(MAX(seat), 0) + 1 AS BIGINT) FROM candidates WHERE sitting_id = $1",
    )
    .bind(sitting.id)
    .fetch_one(&mut *conn)
    .await
    .map_err(backend_error)?;
    let ticket = ticket_number(cst_year(sitting.opens_at), sitting.id, seat);
    let d = e.details;
    let (candidate_id,): (i64,) = sqlx::query_as(
        "INSERT INTO candidates (sitting_id, person_id, seat, ticket_number, access_code_hash, created_at, employer, proposed_post, nominating_body, bank, retake) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(sitting.id)
    .bind(person_id)
    .bind(seat)
    .bind(&ticket)
    .bind(e.access_code_hash)
    .bind(now)
    .bind(d.employer)
    .bind(d.proposed_post)
    .bind(d.nominating_body)
    .bind(d.bank.map(|b| b.as_str()))
    .bind(retake)
    .fetch_one(&mut *conn)
    .await
    .map_err(backend_error)?;
    AuditRecord::new(AuditAction::CandidateEnrol, "candidate", candidate_id)
        .jurisdiction(Some(sitting.jurisdiction_id))
        .detail(json!({ "sitting_id": sitting.id, "name": e.name, "id_card": e.id_card.masked(), "ticket_number": ticket, "retake": retake }))
        .append(&mut *conn, actor, now)
        .await?;
    Ok((candidate_id, ticket))
}

/// A sitting's candidates in seat order, with their attempts' progress.
impl Db {
    /// A sitting in the scope's reach, as its page heads it.
    pub(crate) async fn sitting_summary(
        &self,
        scope_path: &str,
        sitting_id: i64,
    ) -> Result<Option<SittingSummary>, StoreError> {
        let sql = format!("{SUMMARY_SELECT} WHERE s.id = $1 AND j.path LIKE $2 || '%'");
        sqlx::query_as::<_, SummaryRow>(&sql)
            .bind(sitting_id)
            .bind(scope_path)
            .fetch_optional(self.pool())
            .await
            .map_err(backend_error)?
            .map(SittingSummary::try_from)
            .transpose()
    }
}

pub(crate) async fn candidate_records(
    pool: &AnyPool,
    sitting_id: i64,
) -> Result<Vec<CandidateRecord>, StoreError> {
    let rows: Vec<CandidateRow> = sqlx::query_as(&format!(
        "SELECT c.id, c.person_id, p.name, c.employer, c.proposed_post, p.id_card_number, c.ticket_number, \
                CAST(CASE WHEN a.id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS started, c.retake, \
                CAST(CASE WHEN c.absent_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS absent, \
                CAST(CASE WHEN a.voided_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS voided, \
                COALESCE(a.extended_minutes, 0) AS extended_minutes, a.deadline_at, a.last_contact_at, a.focus_losses, c.last_ip, a.finish_reason, \
                (SELECT COUNT(*) FROM answers an WHERE an.attempt_id = a.id AND an.response NOT IN {BLANK_RESPONSES}) AS answered, a.score, a.passed, \
                CAST(CASE WHEN c.slip_printed_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS slip_printed \
         FROM candidates c JOIN people p ON p.id = c.person_id LEFT JOIN attempts a ON a.candidate_id = c.id \
         WHERE c.sitting_id = $1 ORDER BY c.seat"
    ))
    .bind(sitting_id)
    .fetch_all(pool)
    .await
    .map_err(backend_error)?;
    Ok(rows
        .into_iter()
        .map(|c| CandidateRecord {
            id: c.id,
            person_id: c.person_id,
            name: c.name,
            employer: c.employer,
            proposed_post: c.proposed_post,
            id_card_number: c.id_card_number,
            ticket_number: c.ticket_number,
            started: c.started != 0,
            retake: c.retake,
            absent: c.absent != 0,
            voided: c.voided != 0,
            extended_minutes: c.extended_minutes,
            deadline_at: c.deadline_at,
            last_contact_at: c.last_contact_at,
            focus_losses: c.focus_losses.unwrap_or(0),
            last_ip: c.last_ip,
            finish_reason: c
                .finish_reason
                .as_deref()
                .and_then(question_bank::exam::attempt::FinishReason::parse),
            answered: c.answered,
            score: c.score,
            passed: c.passed.map(|p| p != 0),
            slip_printed: c.slip_printed != 0,
        })
        .collect())
}

/// The person with this ID-card number, recorded now if new; refused when the number is
/// registered under another name.
pub(crate) async fn person_for(
    conn: &mut sqlx::AnyConnection,
    id_card: &question_bank::appointments::identity::IdCardNumber,
    name: &str,
    now: i64,
) -> Result<i64, StoreError> {
    let existing: Option<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM people WHERE id_card_number = $1")
            .bind(id_card.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend_error)?;
    let person = match existing {
        Some((_, registered)) if registered != name => {
            return Err(StoreError::Conflict(SittingRefusal::IdCardRegistered { registered: registered.to_string() }.into()));
        }
        Some((id, _)) => id,
        None => {
            sqlx::query_as::<_, (i64,)>("INSERT INTO people (id_card_number, name, created_at) VALUES ($1, $2, $3) RETURNING id")
                .bind(id_card.as_str())
                .bind(name)
                .bind(now)
                .fetch_one(&mut *conn)
                .await
                .map_err(backend_error)?
                .0
        }
    };
    Ok(person)
}
