//! Law versions in the database: newer statute texts (`statute_versions`; the shipped texts
//! are the baseline) and the questions they hold for review. The comparison and its checks
//! are `question_bank::law_versions`'.

use app::audit::Actor;
use app::bank::repo::{LawVersionRepo, LoadedStatute};
use app::error::AppError;
use app::state::{now_ms, StoreError};
use async_trait::async_trait;
use question_bank::law_versions::check_new_text;
use question_bank::{laws, statutes, Bilingual};
use serde_json::json;
use sqlx::AnyConnection;

use super::{backend_error, placeholders, to_json, AuditRecord, Backend, Db};

/// The text of `law_id` in force and its version: the latest loaded, else the shipped one.
pub(super) async fn in_force(
    conn: &mut AnyConnection,
    law_id: &str,
) -> Result<(String, String), StoreError> {
    let loaded: Option<(String, String)> = sqlx::query_as(
        "SELECT version, text FROM statute_versions WHERE law_id = $1 ORDER BY version DESC LIMIT 1",
    )
    .bind(law_id)
    .fetch_optional(conn)
    .await
    .map_err(backend_error)?;
    match loaded {
        Some(found) => Ok(found),
        None => shipped(law_id),
    }
}

/// The shipped text of a law and its version.
fn shipped(law_id: &str) -> Result<(String, String), StoreError> {
    laws::find(law_id)
        .zip(statutes::text(law_id))
        .map(|(law, text)| (law.version.to_owned(), text.to_owned()))
        .ok_or_else(|| {
            StoreError::Rejected(AppError::invalid(
                Some("law"),
                format!("法律“{law_id}”不在本系统的法律库中。"),
                format!("The law \"{law_id}\" is not in the project's statute library."),
            ))
        })
}

/// The version of `law_id` a question written now is written against.
pub(super) async fn version_in_force(
    conn: &mut AnyConnection,
    law_id: &str,
) -> Result<String, StoreError> {
    let (latest,): (Option<String>,) =
        sqlx::query_as("SELECT MAX(version) FROM statute_versions WHERE law_id = $1")
            .bind(law_id)
            .fetch_one(conn)
            .await
            .map_err(backend_error)?;
    Ok(latest
        .or_else(|| laws::find(law_id).map(|l| l.version.to_owned()))
        .unwrap_or_default())
}

#[async_trait]
impl LawVersionRepo for Db {
    async fn statute_in_force(&self, law_id: &str) -> Result<(String, String), StoreError> {
        let mut conn = self.pool().acquire().await.map_err(backend_error)?;
        in_force(&mut conn, law_id).await
    }

    async fn statute_at(&self, law_id: &str, version: &str) -> Result<Option<String>, StoreError> {
        let loaded: Option<(String,)> =
            sqlx::query_as("SELECT text FROM statute_versions WHERE law_id = $1 AND version = $2")
                .bind(law_id)
                .bind(version)
                .fetch_optional(self.pool())
                .await
                .map_err(backend_error)?;
        Ok(match loaded {
            Some((text,)) => Some(text),
            None => shipped(law_id)
                .ok()
                .filter(|(v, _)| v == version)
                .map(|(_, text)| text),
        })
    }

    async fn load_statute(
        &self,
        actor: &Actor,
        law_id: &str,
        version: &str,
        text: &str,
    ) -> Result<LoadedStatute, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        if self.backend() == Backend::Postgres {
            // Two loads of one law at once would both compare with the same text in force.
            sqlx::query("LOCK TABLE statute_versions IN SHARE ROW EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await
                .map_err(backend_error)?;
        }
        let (current_version, current) = in_force(&mut tx, law_id).await?;
        let checked = check_new_text(law_id, &current_version, &current, version, text)
            .map_err(|e| StoreError::Rejected(AppError::invalid(None, e.zh(), e.en())))?;
        let review: Vec<i64> = checked
            .changes
            .iter()
            .filter_map(|c| c.needs_review().map(i64::from))
            .collect();
        let flagged = if review.is_empty() {
            0
        } else {
            let sql = format!(
                "UPDATE questions SET needs_review = 1 WHERE law_id = $1 AND status <> 'retired' AND needs_review = 0 AND article IN ({})",
                placeholders(2, review.len())
            );
            let mut query = sqlx::query(&sql).bind(law_id);
            for article in &review {
                query = query.bind(*article);
            }
            query
                .execute(&mut *tx)
                .await
                .map_err(backend_error)?
                .rows_affected() as i64
        };
        // The others still read true: they are now written against the new text.
        sqlx::query("UPDATE questions SET law_version = $1 WHERE law_id = $2 AND status <> 'retired' AND needs_review = 0")
            .bind(version)
            .bind(law_id)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        sqlx::query("INSERT INTO statute_versions (law_id, version, text, loaded_at, flagged, changes) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(law_id)
            .bind(version)
            .bind(text)
            .bind(now)
            .bind(flagged)
            .bind(to_json(&checked.changes))
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        AuditRecord {
            action: "statute.load",
            entity: "statute",
            entity_id: format!("{law_id}@{version}"),
            jurisdiction_id: actor.jurisdiction_id,
            reason: None,
            detail: json!({ "law": law_id, "from": current_version, "to": version, "articles": checked.articles, "changes": checked.changes.len(), "articles_to_review": review, "questions_flagged": flagged }),
        }
        .append(&mut tx, actor, now)
        .await?;
        tx.commit().await.map_err(backend_error)?;
        Ok(LoadedStatute {
            law_id: law_id.to_owned(),
            version: version.to_owned(),
            changes: checked.changes,
            flagged,
        })
    }

    async fn confirm_review(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        id: i64,
        reason: &str,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "SELECT q.law_id, q.law_version, q.article FROM questions q WHERE q.id = $1 AND q.jurisdiction_id = $2 AND q.status <> 'retired' AND q.needs_review = 1{}",
            self.lock_rows("q")
        );
        let (law_id, written, article): (String, String, i64) = sqlx::query_as(&sql)
            .bind(id)
            .bind(jurisdiction_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend_error)?
            .ok_or_else(|| {
                StoreError::Rejected(AppError::refused(
                    "只能确认本级题库中待复核的试题。",
                    "Only a question of your own bank that awaits review can be confirmed.",
                ))
            })?;
        let version = version_in_force(&mut tx, &law_id).await?;
        sqlx::query("UPDATE questions SET needs_review = 0, law_version = $1 WHERE id = $2")
            .bind(&version)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        AuditRecord {
            action: "question.review_confirm",
            entity: "question",
            entity_id: id.to_string(),
            jurisdiction_id: Some(jurisdiction_id),
            reason: Some(reason),
            detail: json!({ "law": law_id, "article": article, "from": written, "to": version }),
        }
        .append(&mut tx, actor, now)
        .await?;
        tx.commit().await.map_err(backend_error)?;
        Ok(())
    }
}
