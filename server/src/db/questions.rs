use app::audit::Actor;
use app::bank::repo::{QuestionRecord, QuestionRepo};
use app::state::{now_ms, StoreError};
use async_trait::async_trait;
use question_bank::question::{Question, QuestionKind};
use serde_json::json;

use super::{backend_error, from_json, to_json, AuditRecord, Db};

#[derive(sqlx::FromRow)]
struct QuestionRow {
    id: i64,
    kind: String,
    stem: String,
    options: String,
    answer_key: String,
    explanation: String,
    difficulty: i64,
    law_id: String,
    article: i64,
    status: String,
    jurisdiction_name: String,
}

#[async_trait]
impl QuestionRepo for Db {
    async fn questions_visible(&self, scope_path: &str) -> Result<Vec<QuestionRecord>, StoreError> {
        let rows: Vec<QuestionRow> = sqlx::query_as(
            "SELECT q.id, q.kind, q.stem, q.options, q.answer_key, q.explanation, q.difficulty, q.law_id, q.article, q.status, \
                    j.name AS jurisdiction_name \
             FROM questions q JOIN jurisdictions j ON j.id = q.jurisdiction_id \
             WHERE $1 LIKE j.path || '%' AND q.status <> 'retired' \
             ORDER BY q.id DESC",
        )
        .bind(scope_path)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        rows.into_iter()
            .map(|r| {
                Ok(QuestionRecord {
                    kind: QuestionKind::parse(&r.kind)
                        .ok_or_else(|| StoreError::Backend(format!("unknown kind {}", r.kind)))?,
                    options: from_json(&r.options)?,
                    key: from_json(&r.answer_key)?,
                    id: r.id,
                    stem: r.stem,
                    explanation: r.explanation,
                    difficulty: u8::try_from(r.difficulty).unwrap_or(0),
                    law_id: r.law_id,
                    article: r.article,
                    status: r.status,
                    jurisdiction_name: r.jurisdiction_name,
                })
            })
            .collect()
    }

    async fn create_question(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        q: &Question,
    ) -> Result<i64, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO questions (jurisdiction_id, kind, stem, options, answer_key, explanation, difficulty, law_id, article, status, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active', $10, $11) RETURNING id",
        )
        .bind(jurisdiction_id)
        .bind(q.kind().as_str())
        .bind(q.stem())
        .bind(to_json(&q.options()))
        .bind(to_json(q.key()))
        .bind(q.explanation())
        .bind(i64::from(q.difficulty().get()))
        .bind(q.citation().law())
        .bind(i64::from(q.citation().article()))
        .bind(actor.user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend_error)?;
        AuditRecord {
            action: "question.create",
            entity: "question",
            entity_id: id.to_string(),
            jurisdiction_id: Some(jurisdiction_id),
            reason: None,
            detail: json!({ "kind": q.kind().as_str(), "citation": q.citation().label() }),
        }
        .append(&mut tx, actor, now)
        .await?;
        tx.commit().await.map_err(backend_error)?;
        Ok(id)
    }
}
