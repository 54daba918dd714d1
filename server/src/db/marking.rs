//! Marking: sealing handed-in papers with random codes, the short answers behind a
//! marker's desk, and a mark with its consequences (final item mark, paper score, audit) in
//! one transaction.

use question_bank::audit_action::AuditAction;
use std::collections::BTreeMap;

use app::audit::Actor;
use app::auth::Role;
use app::marking::repo::{MarkingRepo, NewMark};
use app::marking::{MarkingItem, MarkingSitting};
use app::sittings::SittingSummary;
use app::state::StoreError;
use async_trait::async_trait;
use question_bank::bank::question::Answer;
use question_bank::exam::scoring::{passed, MultiChoicePolicy};
use question_bank::results::marking::{
    check_mark, progress, seal_code, GivenMark, MarkError, MarkingPlan, Progress, Stage,
};
use serde_json::json;

use crate::db::exam::mark_paper;
use crate::db::{backend_error, from_json, AuditRecord, Db};

/// Short answers of a sitting's handed-in, unvoided papers: joined to `a`, `pi` and `q`.
const SHORT_ANSWERS: &str = "FROM candidates c JOIN attempts a ON a.candidate_id = c.id \
     JOIN paper_items pi ON pi.attempt_id = a.id JOIN questions q ON q.id = pi.question_id \
     WHERE c.sitting_id = $1 AND q.kind = 'short_answer' AND a.finished_at IS NOT NULL AND a.voided_at IS NULL";

fn plan_of(text: &str) -> Result<MarkingPlan, StoreError> {
    MarkingPlan::parse(text)
        .ok_or_else(|| StoreError::backend(format!("unknown marking plan {text}")))
}

fn text_of(answer: &str) -> Result<String, StoreError> {
    Ok(match from_json::<Answer>(answer)? {
        Answer::Text(text) => text,
        _ => String::new(),
    })
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    code: String,
    attempt_id: i64,
    question_id: i64,
    stem: String,
    answer_key: String,
    marking_points: String,
    points: i64,
    response: Option<String>,
}

#[derive(sqlx::FromRow)]
struct MarkRow {
    attempt_id: i64,
    question_id: i64,
    stage: i64,
    marker: String,
    points: i64,
}

impl MarkRow {
    fn given(self) -> Result<((i64, i64), GivenMark), StoreError> {
        let stage = Stage::from_number(self.stage)
            .ok_or_else(|| StoreError::backend(format!("unknown stage {}", self.stage)))?;
        Ok((
            (self.attempt_id, self.question_id),
            GivenMark {
                stage,
                marker: self.marker,
                points: self.points,
            },
        ))
    }
}

impl Db {
    /// Gives every handed-in paper of the sitting with short answers its random code, once.
    async fn seal_scripts(&self, sitting_id: i64) -> Result<(), StoreError> {
        let unsealed: Vec<(i64,)> = sqlx::query_as(&format!(
            "SELECT DISTINCT a.id {SHORT_ANSWERS} AND NOT EXISTS (SELECT 1 FROM scripts sc WHERE sc.attempt_id = a.id)"
        ))
        .bind(sitting_id)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        if unsealed.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        for (attempt_id,) in unsealed {
            let code = seal_code(&mut rand::rng());
            // Another desk sealing the same paper meanwhile keeps its code.
            sqlx::query(
                "INSERT INTO scripts (attempt_id, code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(attempt_id)
            .bind(code)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        }
        tx.commit().await.map_err(backend_error)
    }
}

#[async_trait]
impl MarkingRepo for Db {
    async fn marking_sittings(&self, scope_path: &str) -> Result<Vec<MarkingSitting>, StoreError> {
        #[allow(clippy::type_complexity, reason = "one row of the query below")]
        let rows: Vec<(i64, String, String, i64, String, i64, i64)> = sqlx::query_as(
            "SELECT s.id, s.title, j.name, s.opens_at, s.marking_plan, COUNT(*), \
                    CAST(SUM(CASE WHEN pi.marked_points IS NULL THEN 0 ELSE 1 END) AS BIGINT) \
             FROM sittings s JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             JOIN candidates c ON c.sitting_id = s.id JOIN attempts a ON a.candidate_id = c.id \
             JOIN paper_items pi ON pi.attempt_id = a.id JOIN questions q ON q.id = pi.question_id \
             WHERE j.path LIKE $1 || '%' AND q.kind = 'short_answer' AND a.finished_at IS NOT NULL AND a.voided_at IS NULL \
             GROUP BY s.id, s.title, j.name, s.opens_at, s.marking_plan ORDER BY s.opens_at DESC, s.id DESC",
        )
        .bind(scope_path)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        rows.into_iter()
            .map(
                |(sitting_id, title, jurisdiction_name, opens_at, plan, items, finished)| {
                    Ok(MarkingSitting {
                        sitting_id,
                        title,
                        jurisdiction_name,
                        opens_at,
                        plan: plan_of(&plan)?,
                        items,
                        finished,
                    })
                },
            )
            .collect()
    }

    async fn markers_for(&self, sitting_id: i64) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT u.display_name FROM users u JOIN jurisdictions ju ON ju.id = u.jurisdiction_id, \
                    sittings s JOIN jurisdictions js ON js.id = s.jurisdiction_id \
             WHERE s.id = $1 AND u.role = $2 AND u.active = 1 AND js.path LIKE ju.path || '%' \
             ORDER BY u.display_name",
        )
        .bind(sitting_id)
        .bind(Role::Grader.as_str())
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        Ok(rows.into_iter().map(|(name,)| name).collect())
    }

    async fn marking_items(
        &self,
        scope_path: &str,
        sitting_id: i64,
    ) -> Result<Option<(SittingSummary, Vec<MarkingItem>)>, StoreError> {
        let Some(summary) = self.sitting_summary(scope_path, sitting_id).await? else {
            return Ok(None);
        };
        self.seal_scripts(sitting_id).await?;
        let rows: Vec<ItemRow> = sqlx::query_as(&format!(
            "SELECT sc.code, a.id AS attempt_id, q.id AS question_id, q.stem, q.answer_key, q.marking_points, pi.points, an.response \
             {} LEFT JOIN answers an ON an.attempt_id = a.id AND an.question_id = pi.question_id \
             {} ORDER BY sc.code, pi.position",
            "FROM candidates c JOIN attempts a ON a.candidate_id = c.id JOIN scripts sc ON sc.attempt_id = a.id \
             JOIN paper_items pi ON pi.attempt_id = a.id JOIN questions q ON q.id = pi.question_id",
            "WHERE c.sitting_id = $1 AND q.kind = 'short_answer' AND a.finished_at IS NOT NULL AND a.voided_at IS NULL",
        ))
        .bind(sitting_id)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        let mark_rows: Vec<MarkRow> = sqlx::query_as(
            "SELECT m.attempt_id, m.question_id, m.stage, m.marker, m.points FROM marks m \
             JOIN attempts a ON a.id = m.attempt_id JOIN candidates c ON c.id = a.candidate_id \
             WHERE c.sitting_id = $1 ORDER BY m.stage",
        )
        .bind(sitting_id)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        let mut marks: BTreeMap<(i64, i64), Vec<GivenMark>> = BTreeMap::new();
        for row in mark_rows {
            let (item, mark) = row.given()?;
            marks.entry(item).or_default().push(mark);
        }
        let items = rows
            .into_iter()
            .map(|r| {
                Ok(MarkingItem {
                    marks: marks
                        .remove(&(r.attempt_id, r.question_id))
                        .unwrap_or_default(),
                    code: r.code,
                    question_id: r.question_id,
                    stem: r.stem,
                    reference: text_of(&r.answer_key)?,
                    marking_points: from_json(&r.marking_points)?,
                    max_points: r.points,
                    response: r
                        .response
                        .as_deref()
                        .map(text_of)
                        .transpose()?
                        .unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some((summary, items)))
    }

    async fn give_mark(
        &self,
        actor: &Actor,
        marker: &str,
        scope_path: &str,
        mark: NewMark<'_>,
        now: i64,
    ) -> Result<Progress, StoreError> {
        let mut tx = self.begin_write().await?;
        #[allow(clippy::type_complexity, reason = "one row of the query below")]
        let item: Option<(i64, i64, String, Option<i64>, i64, String, i64)> = sqlx::query_as(&format!(
            "SELECT a.id, pi.points, s.marking_plan, s.results_published_at, s.pass_mark, s.multi_choice_policy, s.jurisdiction_id \
             FROM scripts sc JOIN attempts a ON a.id = sc.attempt_id JOIN candidates c ON c.id = a.candidate_id \
             JOIN sittings s ON s.id = c.sitting_id JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             JOIN paper_items pi ON pi.attempt_id = a.id AND pi.question_id = $3 JOIN questions q ON q.id = pi.question_id \
             WHERE sc.code = $1 AND s.id = $2 AND j.path LIKE $4 || '%' AND q.kind = 'short_answer' \
               AND a.finished_at IS NOT NULL AND a.voided_at IS NULL{}",
            self.lock_rows("a")
        ))
        .bind(mark.code)
        .bind(mark.sitting_id)
        .bind(mark.question_id)
        .bind(scope_path)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend_error)?;
        let (attempt_id, max, plan, published_at, pass_mark, policy, jurisdiction_id) =
            item.ok_or(StoreError::NotFound)?;
        if published_at.is_some() {
            return Err(StoreError::refused(MarkError::Published));
        }
        let plan = plan_of(&plan)?;
        let rows: Vec<MarkRow> = sqlx::query_as(
            "SELECT attempt_id, question_id, stage, marker, points FROM marks WHERE attempt_id = $1 AND question_id = $2 ORDER BY stage",
        )
        .bind(attempt_id)
        .bind(mark.question_id)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend_error)?;
        let mut marks = rows
            .into_iter()
            .map(|r| r.given().map(|(_, m)| m))
            .collect::<Result<Vec<_>, StoreError>>()?;
        check_mark(plan, &marks, mark.stage, marker, mark.points, max)
            .map_err(StoreError::refused)?;
        sqlx::query(
            "INSERT INTO marks (attempt_id, question_id, stage, marker, points, comment, marked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(attempt_id)
        .bind(mark.question_id)
        .bind(mark.stage.number())
        .bind(marker)
        .bind(mark.points)
        .bind(mark.comment)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(backend_error)?;
        marks.push(GivenMark {
            stage: mark.stage,
            marker: marker.to_owned(),
            points: mark.points,
        });
        let outcome = progress(plan, &marks);
        let mut paper_score = None;
        if let Progress::Final(points) = outcome {
            sqlx::query("UPDATE paper_items SET marked_points = $1 WHERE attempt_id = $2 AND question_id = $3")
                .bind(points)
                .bind(attempt_id)
                .bind(mark.question_id)
                .execute(&mut *tx)
                .await
                .map_err(backend_error)?;
            // The paper's score once its last short answer has its final mark.
            let (unmarked, marked): (i64, i64) = sqlx::query_as(
                "SELECT CAST(SUM(CASE WHEN pi.marked_points IS NULL THEN 1 ELSE 0 END) AS BIGINT), \
                        CAST(COALESCE(SUM(pi.marked_points), 0) AS BIGINT) \
                 FROM paper_items pi JOIN questions q ON q.id = pi.question_id \
                 WHERE pi.attempt_id = $1 AND q.kind = 'short_answer'",
            )
            .bind(attempt_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend_error)?;
            if unmarked == 0 {
                let policy = MultiChoicePolicy::parse(&policy)
                    .ok_or_else(|| StoreError::backend(format!("unknown policy {policy}")))?;
                let score = mark_paper(&mut tx, attempt_id, policy).await?.earned + marked;
                sqlx::query("UPDATE attempts SET score = $1, passed = $2 WHERE id = $3")
                    .bind(score)
                    .bind(i64::from(passed(score, pass_mark)))
                    .bind(attempt_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
                paper_score = Some(score);
            }
        }
        AuditRecord::new(AuditAction::ScriptMark, "sitting", mark.sitting_id)
            .jurisdiction(Some(jurisdiction_id))
            .reason(Some(mark.comment).filter(|c| !c.is_empty()))
            .detail(json!({
                "script": mark.code, "question": mark.question_id, "stage": mark.stage.number(),
                "points": mark.points,
                "final": match outcome { Progress::Final(p) => Some(p), Progress::Needs(_) => None },
                "paper_complete": paper_score.is_some(),
            }))
            .commit(tx, actor, now)
            .await?;
        Ok(outcome)
    }
}
