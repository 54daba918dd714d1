//! Law versions in the database: newer statute texts (`statute_versions`; the shipped texts
//! are the baseline) and the questions they hold for review. The comparison and its checks
//! are `question_bank::bank::law_versions`'.

use app::audit::Actor;
use app::bank::repo::{LawVersionRepo, LoadedStatute};
use app::state::{now_ms, StoreError};
use async_trait::async_trait;
use question_bank::audit_action::AuditAction;
use question_bank::bank::law_versions::{check_new_text, statute_changes, ArticleChange};
use question_bank::bank::BankRefusal;
use question_bank::bank::{laws, statutes};
use question_bank::refusal::Refusal;
use serde_json::json;
use sqlx::{Any, AnyConnection, Transaction};

use crate::db::{backend_error, placeholders, to_json, AuditRecord, Backend, Db};

/// The text of `law_id` in force and its version: the latest loaded, else the shipped one.
pub(crate) async fn in_force(
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
            StoreError::refused(BankRefusal::NotInLibrary {
                law_id: law_id.to_string(),
            })
        })
}

/// The version of `law_id` a question written now is written against.
pub(crate) async fn version_in_force(
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
        let mut tx = self.begin_statutes().await?;
        let (current_version, current) = in_force(&mut tx, law_id).await?;
        let checked = check_new_text(law_id, &current_version, &current, version, text)
            .map_err(|e| StoreError::refused(Refusal::input(e)))?;
        let review: Vec<i64> = checked
            .changes
            .iter()
            .filter_map(|c| c.needs_review().map(i64::from))
            .collect();
        let flagged = hold_for_review(&mut tx, law_id, None, Some(&review)).await?;
        // The others still read true: they are now written against the new text.
        move_unflagged(&mut tx, law_id, None, version).await?;
        record_text(
            &mut tx,
            law_id,
            version,
            text,
            now,
            flagged,
            &checked.changes,
        )
        .await?;
        AuditRecord::new(AuditAction::StatuteLoad, "statute", format!("{law_id}@{version}"))
            .jurisdiction(actor.jurisdiction_id)
            .detail(json!({ "law": law_id, "from": current_version, "to": version, "articles": checked.articles, "changes": checked.changes.len(), "articles_to_review": review, "questions_flagged": flagged }))
            .commit(tx, actor, now)
            .await?;
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
            .ok_or_else(|| StoreError::refused(BankRefusal::NotAwaitingReview))?;
        let version = version_in_force(&mut tx, &law_id).await?;
        sqlx::query("UPDATE questions SET needs_review = 0, law_version = $1 WHERE id = $2")
            .bind(&version)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        AuditRecord::new(AuditAction::QuestionReviewConfirm, "question", id)
            .jurisdiction(Some(jurisdiction_id))
            .reason(Some(reason))
            .detail(json!({ "law": law_id, "article": article, "from": written, "to": version }))
            .commit(tx, actor, now)
            .await?;
        Ok(())
    }
}

/// Holds for review the questions of `law_id` (written against `written`, or any version)
/// citing one of `articles`, or any article; returns how many it held.
async fn hold_for_review(
    conn: &mut AnyConnection,
    law_id: &str,
    written: Option<&str>,
    articles: Option<&[i64]>,
) -> Result<i64, StoreError> {
    let every_article = articles.is_none();
    let articles = articles.unwrap_or_default();
    if articles.is_empty() && !every_article {
        return Ok(0);
    }
    let sql = format!(
        "UPDATE questions SET needs_review = 1 WHERE law_id = $1 AND status <> 'retired' AND needs_review = 0 AND ($2 = '*' OR law_version = $2){}",
        if every_article { String::new() } else { format!(" AND article IN ({})", placeholders(3, articles.len())) }
    );
    let mut query = sqlx::query(&sql).bind(law_id).bind(written.unwrap_or("*"));
    for article in articles {
        query = query.bind(*article);
    }
    Ok(query
        .execute(conn)
        .await
        .map_err(backend_error)?
        .rows_affected() as i64)
}

/// The questions of `law_id` not held for review (written against `written`, or any version)
/// are now written against `version`.
async fn move_unflagged(
    conn: &mut AnyConnection,
    law_id: &str,
    written: Option<&str>,
    version: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE questions SET law_version = $1 WHERE law_id = $2 AND status <> 'retired' AND needs_review = 0 AND ($3 = '*' OR law_version = $3)")
        .bind(version)
        .bind(law_id)
        .bind(written.unwrap_or("*"))
        .execute(conn)
        .await
        .map_err(backend_error)?;
    Ok(())
}

/// Stores a text of a law with what adopting it did.
async fn record_text(
    conn: &mut AnyConnection,
    law_id: &str,
    version: &str,
    text: &str,
    now: i64,
    flagged: i64,
    changes: &[ArticleChange],
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO statute_versions (law_id, version, text, loaded_at, flagged, changes) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(law_id)
        .bind(version)
        .bind(text)
        .bind(now)
        .bind(flagged)
        .bind(to_json(&changes))
        .execute(conn)
        .await
        .map_err(backend_error)?;
    Ok(())
}

/// One text of a law as the binary ships it.
#[derive(Clone, Copy, Debug)]
pub struct ShippedText<'a> {
    pub law_id: &'a str,
    pub version: &'a str,
    pub text: &'a str,
}

impl ShippedText<'static> {
    /// The statute library in this binary: the text in force of every law, and the earlier
    /// texts kept when a release brought a newer one (`question_bank::bank::statutes::EARLIER`).
    pub fn library() -> (Vec<Self>, Vec<Self>) {
        let current = laws::LAWS
            .iter()
            .filter_map(|law| {
                statutes::text(law.id).map(|text| Self {
                    law_id: law.id,
                    version: law.version,
                    text,
                })
            })
            .collect();
        let earlier = statutes::EARLIER
            .iter()
            .map(|&(law_id, version, text)| Self {
                law_id,
                version,
                text,
            })
            .collect();
        (current, earlier)
    }
}

impl Db {
    /// A write transaction that changes which text of a law is in force: one at a time, so
    /// two loads (or several instances adopting a release's text at start) never both
    /// compare with the same text (SQLite's write lock does this by itself).
    async fn begin_statutes(&self) -> Result<Transaction<'static, Any>, StoreError> {
        let mut tx = self.begin_write().await?;
        if self.backend() == Backend::Postgres {
            sqlx::query("LOCK TABLE statute_versions IN SHARE ROW EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await
                .map_err(backend_error)?;
        }
        Ok(tx)
    }

    /// Brings this database up to the statute library a binary ships, at every start after
    /// the migrations: a release that brings a newer text of a law (a new file in
    /// `question-bank/statutes/`) holds for review the questions written against the older
    /// text that cite a changed, renumbered or removed article, as loading the text by hand
    /// would. The older text is the one stored here, else one the binary keeps in
    /// `earlier`; when neither has it, every question written against it is held, since
    /// what changed cannot be known. Returns how many questions it held.
    pub async fn adopt_shipped_statutes(
        &self,
        shipped: &[ShippedText<'_>],
        earlier: &[ShippedText<'_>],
    ) -> Result<i64, StoreError> {
        let mut held = 0;
        for new in shipped {
            let mut tx = self.begin_statutes().await?;
            let (loaded, newest): (i64, Option<String>) = sqlx::query_as(
                "SELECT COUNT(*), MAX(version) FROM statute_versions WHERE law_id = $1",
            )
            .bind(new.law_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend_error)?;
            if newest.as_deref().is_some_and(|v| v >= new.version) {
                continue;
            }
            let written: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT law_version FROM questions WHERE law_id = $1 AND status <> 'retired' AND needs_review = 0 AND law_version < $2")
                .bind(new.law_id)
                .bind(new.version)
                .fetch_all(&mut *tx)
                .await
                .map_err(backend_error)?;
            if written.is_empty() && loaded == 0 {
                // Nothing here was written against another text: the shipped one is in force.
                continue;
            }
            let mut flagged = 0;
            let mut changes = Vec::new();
            let (mut from, mut unknown) = (Vec::new(), Vec::new());
            for (version,) in &written {
                let stored: Option<(String,)> = sqlx::query_as(
                    "SELECT text FROM statute_versions WHERE law_id = $1 AND version = $2",
                )
                .bind(new.law_id)
                .bind(version)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend_error)?;
                let old = stored.map(|(text,)| text).or_else(|| {
                    earlier
                        .iter()
                        .find(|e| e.law_id == new.law_id && e.version == version)
                        .map(|e| e.text.to_owned())
                });
                // Without the older text, what changed is unknown: every article is held.
                let review: Option<Vec<i64>> = old.as_deref().map(|old| {
                    changes = statute_changes(old, new.text);
                    changes
                        .iter()
                        .filter_map(|c| c.needs_review().map(i64::from))
                        .collect()
                });
                flagged +=
                    hold_for_review(&mut tx, new.law_id, Some(version), review.as_deref()).await?;
                move_unflagged(&mut tx, new.law_id, Some(version), new.version).await?;
                from.push(version.clone());
                if old.is_none() {
                    unknown.push(version.clone());
                }
            }
            let now = now_ms();
            record_text(
                &mut tx,
                new.law_id,
                new.version,
                new.text,
                now,
                flagged,
                &changes,
            )
            .await?;
            let statute = format!("{}@{}", new.law_id, new.version);
            AuditRecord::new(AuditAction::StatuteLoad, "statute", statute)
                .reason(Some("本系统新版本附带的法律文本"))
                .detail(json!({ "law": new.law_id, "to": new.version, "shipped": true, "from": from, "from_unknown": unknown, "changes": changes.len(), "questions_flagged": flagged }))
                .commit(tx, &Actor::system("statute library"), now)
                .await?;
            held += flagged;
        }
        Ok(held)
    }
}
