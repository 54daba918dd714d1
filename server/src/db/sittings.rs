use app::audit::Actor;
use app::error::AppError;
use app::sittings::repo::{CandidateRecord, Enrolment, SittingRecord, SittingRepo};
use app::sittings::{SittingQuestionView, SittingSummary};
use app::state::{now_ms, StoreError};
use async_trait::async_trait;
use question_bank::clock::{cst_year, format_cst};
use question_bank::question::QuestionKind;
use question_bank::sitting::SittingPlan;
use question_bank::ticket::ticket_number;
use serde_json::json;

use super::{backend_error, AuditRecord, Db};

/// A sitting's list row; `WHERE` is appended by each caller.
const SUMMARY_SELECT: &str = "SELECT s.id, s.title, s.venue, j.name AS jurisdiction_name, s.opens_at, s.closes_at, s.duration_minutes, s.pass_mark, \
       CAST(COALESCE((SELECT SUM(sq.points) FROM sitting_questions sq WHERE sq.sitting_id = s.id), 0) AS BIGINT) AS total_points, \
       (SELECT COUNT(*) FROM sitting_questions sq WHERE sq.sitting_id = s.id) AS question_count, \
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
    total_points: i64,
    question_count: i64,
    candidate_count: i64,
}

impl From<SummaryRow> for SittingSummary {
    fn from(r: SummaryRow) -> Self {
        Self {
            id: r.id,
            title: r.title,
            venue: r.venue,
            jurisdiction_name: r.jurisdiction_name,
            opens_at: r.opens_at,
            closes_at: r.closes_at,
            duration_minutes: r.duration_minutes,
            pass_mark: r.pass_mark,
            total_points: r.total_points,
            question_count: r.question_count,
            candidate_count: r.candidate_count,
        }
    }
}

#[derive(sqlx::FromRow)]
struct CandidateRow {
    id: i64,
    name: String,
    id_card_number: String,
    ticket_number: String,
    started: i64,
    finish_reason: Option<String>,
    answered: i64,
    score: Option<i64>,
    passed: Option<i64>,
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
        Ok(rows.into_iter().map(Into::into).collect())
    }

    async fn create_sitting(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        scope_path: &str,
        plan: &SittingPlan,
    ) -> Result<i64, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO sittings (jurisdiction_id, title, venue, opens_at, closes_at, duration_minutes, pass_mark, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
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
        .fetch_one(&mut *tx)
        .await
        .map_err(backend_error)?;
        for (position, (question_id, points)) in plan.questions.iter().enumerate() {
            // Only an active question the creator's jurisdiction may use can be placed, and no
            // short answer until papers can be marked by hand.
            let placed = sqlx::query(
                "INSERT INTO sitting_questions (sitting_id, position, question_id, points) \
                 SELECT $1, $2, q.id, $3 FROM questions q JOIN jurisdictions j ON j.id = q.jurisdiction_id \
                 WHERE q.id = $4 AND q.status = 'active' AND q.kind <> 'short_answer' AND $5 LIKE j.path || '%'",
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
                return Err(StoreError::Rejected(AppError::invalid(
                    Some("question_ids"),
                    format!("试题 #{question_id} 不存在、未启用，或是需人工阅卷的简答题，不能组入本场考试。"),
                    format!("Question #{question_id} does not exist, is not active, or is a short answer marked by hand; it cannot go into this sitting."),
                )));
            }
        }
        AuditRecord {
            action: "sitting.create",
            entity: "sitting",
            entity_id: id.to_string(),
            jurisdiction_id: Some(jurisdiction_id),
            reason: None,
            detail: json!({ "title": plan.title, "opens_at": format_cst(plan.opens_at), "closes_at": format_cst(plan.closes_at), "duration_minutes": plan.duration_minutes, "pass_mark": plan.pass_mark, "questions": plan.questions.len() }),
        }
        .append(&mut tx, actor, now)
        .await?;
        tx.commit().await.map_err(backend_error)?;
        Ok(id)
    }

    async fn sitting_detail(
        &self,
        scope_path: &str,
        sitting_id: i64,
    ) -> Result<Option<SittingRecord>, StoreError> {
        let sql = format!("{SUMMARY_SELECT} WHERE s.id = $1 AND j.path LIKE $2 || '%'");
        let Some(summary) = sqlx::query_as::<_, SummaryRow>(&sql)
            .bind(sitting_id)
            .bind(scope_path)
            .fetch_optional(self.pool())
            .await
            .map_err(backend_error)?
        else {
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
        let candidates: Vec<CandidateRow> = sqlx::query_as(
            "SELECT c.id, p.name, p.id_card_number, c.ticket_number, \
                    CAST(CASE WHEN a.id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS started, a.finish_reason, \
                    (SELECT COUNT(*) FROM answers an WHERE an.attempt_id = a.id) AS answered, a.score, a.passed \
             FROM candidates c JOIN people p ON p.id = c.person_id LEFT JOIN attempts a ON a.candidate_id = c.id \
             WHERE c.sitting_id = $1 ORDER BY c.seat",
        )
        .bind(sitting_id)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        Ok(Some(SittingRecord {
            summary: summary.into(),
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
            candidates: candidates
                .into_iter()
                .map(|c| CandidateRecord {
                    id: c.id,
                    name: c.name,
                    id_card_number: c.id_card_number,
                    ticket_number: c.ticket_number,
                    started: c.started != 0,
                    finish_reason: c.finish_reason,
                    answered: c.answered,
                    score: c.score,
                    passed: c.passed.map(|p| p != 0),
                })
                .collect(),
        }))
    }

    async fn enrol_candidate(
        &self,
        actor: &Actor,
        scope_path: &str,
        e: Enrolment<'_>,
    ) -> Result<(i64, String), StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "SELECT s.id, s.jurisdiction_id, s.opens_at, s.closes_at FROM sittings s JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             WHERE s.id = $1 AND j.path LIKE $2 || '%'{}",
            self.lock_rows("s")
        );
        let (sitting_id, jurisdiction_id, opens_at, closes_at): (i64, i64, i64, i64) =
            sqlx::query_as(&sql)
                .bind(e.sitting_id)
                .bind(scope_path)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend_error)?
                .ok_or(StoreError::NotFound)?;
        if now >= closes_at {
            return Err(StoreError::Rejected(AppError::refused(
                "本场考试已经结束，不能再报名。",
                "This sitting has ended; no more enrolments.",
            )));
        }
        let existing: Option<(i64, String)> =
            sqlx::query_as("SELECT id, name FROM people WHERE id_card_number = $1")
                .bind(e.id_card.as_str())
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend_error)?;
        let person_id = match existing {
            Some((_, name)) if name != e.name => {
                return Err(StoreError::Rejected(AppError::invalid(
                    Some("name"),
                    format!("该身份证号码已登记为“{name}”，请核对姓名或身份证号码。"),
                    format!("This ID-card number is registered to “{name}”; check the name or the number."),
                )));
            }
            Some((id, _)) => id,
            None => {
                sqlx::query_as::<_, (i64,)>("INSERT INTO people (id_card_number, name, created_at) VALUES ($1, $2, $3) RETURNING id")
                    .bind(e.id_card.as_str())
                    .bind(e.name)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(backend_error)?
                    .0
            }
        };
        let already: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM candidates WHERE sitting_id = $1 AND person_id = $2")
                .bind(sitting_id)
                .bind(person_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend_error)?;
        if already.is_some() {
            return Err(StoreError::Rejected(AppError::refused(
                "该考生已报名本场考试。",
                "This person is already enrolled in this sitting.",
            )));
        }
        let (seat,): (i64,) =
            sqlx::query_as("SELECT CAST(COALESCE(MAX(seat), 0) + 1 AS BIGINT) FROM candidates WHERE sitting_id = $1").bind(sitting_id).fetch_one(&mut *tx).await.map_err(backend_error)?;
        let ticket = ticket_number(cst_year(opens_at), sitting_id, seat);
        let (candidate_id,): (i64,) = sqlx::query_as(
            "INSERT INTO candidates (sitting_id, person_id, seat, ticket_number, access_code_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(sitting_id)
        .bind(person_id)
        .bind(seat)
        .bind(&ticket)
        .bind(e.access_code_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend_error)?;
        AuditRecord {
            action: "candidate.enrol",
            entity: "candidate",
            entity_id: candidate_id.to_string(),
            jurisdiction_id: Some(jurisdiction_id),
            reason: None,
            detail: json!({ "sitting_id": sitting_id, "name": e.name, "id_card": e.id_card.masked(), "ticket_number": ticket }),
        }
        .append(&mut tx, actor, now)
        .await?;
        tx.commit().await.map_err(backend_error)?;
        Ok((candidate_id, ticket))
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
        let found: Option<(i64, i64, String, String)> = sqlx::query_as(
            "SELECT s.id, s.jurisdiction_id, p.name, c.ticket_number FROM candidates c \
             JOIN sittings s ON s.id = c.sitting_id JOIN jurisdictions j ON j.id = s.jurisdiction_id JOIN people p ON p.id = c.person_id \
             WHERE c.id = $1 AND j.path LIKE $2 || '%'",
        )
        .bind(candidate_id)
        .bind(scope_path)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend_error)?;
        let (sitting_id, jurisdiction_id, name, ticket) = found.ok_or(StoreError::NotFound)?;
        sqlx::query(
            "UPDATE candidates SET access_code_hash = $1, code_used_at = NULL WHERE id = $2",
        )
        .bind(hash)
        .bind(candidate_id)
        .execute(&mut *tx)
        .await
        .map_err(backend_error)?;
        AuditRecord {
            action: "candidate.reissue_code",
            entity: "candidate",
            entity_id: candidate_id.to_string(),
            jurisdiction_id: Some(jurisdiction_id),
            reason: Some(reason),
            detail: json!({ "sitting_id": sitting_id, "ticket_number": ticket }),
        }
        .append(&mut tx, actor, now)
        .await?;
        tx.commit().await.map_err(backend_error)?;
        Ok((sitting_id, name, ticket))
    }
}
