pub(crate) mod law_versions;
use std::collections::HashSet;

use app::audit::Actor;
use app::bank::import::Signature;
use app::bank::repo::{ImportBatch, QuestionRecord, QuestionRepo, Revision};
use app::bank::ImportPreview;
use app::state::{now_ms, StoreError};
use async_trait::async_trait;
use question_bank::audit_action::AuditAction;
use question_bank::bank::question::{Question, QuestionKind, QuestionStatus};
use question_bank::bank::Bank;
use question_bank::bank::BankRefusal;
use serde_json::json;
use sqlx::AnyConnection;

use crate::db::{backend_error, from_json, placeholders, to_json, AuditRecord, Db};

#[derive(sqlx::FromRow)]
struct QuestionRow {
    id: i64,
    bank: String,
    kind: String,
    stem: String,
    options: String,
    answer_key: String,
    marking_points: String,
    explanation: String,
    difficulty: i64,
    law_id: String,
    article: i64,
    paragraph: Option<i64>,
    tags: String,
    status: String,
    jurisdiction_id: i64,
    jurisdiction_name: String,
    version: i64,
    reserved: i64,
    law_version: String,
    needs_review: i64,
    measured_facility: Option<i64>,
    measured_candidates: Option<i64>,
}

impl TryFrom<QuestionRow> for QuestionRecord {
    type Error = StoreError;
    fn try_from(r: QuestionRow) -> Result<Self, StoreError> {
        Ok(QuestionRecord {
            bank: Bank::parse(&r.bank)
                .ok_or_else(|| StoreError::backend(format!("unknown bank {}", r.bank)))?,
            kind: QuestionKind::parse(&r.kind)
                .ok_or_else(|| StoreError::backend(format!("unknown kind {}", r.kind)))?,
            options: from_json(&r.options)?,
            key: from_json(&r.answer_key)?,
            marking_points: from_json(&r.marking_points)?,
            tags: from_json(&r.tags)?,
            status: QuestionStatus::parse(&r.status)
                .ok_or_else(|| StoreError::backend(format!("unknown status {}", r.status)))?,
            id: r.id,
            stem: r.stem,
            explanation: r.explanation,
            difficulty: u8::try_from(r.difficulty).unwrap_or(0),
            law_id: r.law_id,
            article: r.article,
            paragraph: r.paragraph,
            jurisdiction_id: r.jurisdiction_id,
            jurisdiction_name: r.jurisdiction_name,
            version: r.version,
            reserved: r.reserved != 0,
            law_version: r.law_version,
            needs_review: r.needs_review != 0,
            measured: r.measured_facility.zip(r.measured_candidates).map(
                |(facility_permille, candidates)| question_bank::results::measured::Measured {
                    facility_permille,
                    candidates,
                },
            ),
        })
    }
}

const SELECT_QUESTION: &str = "SELECT q.id, q.bank, q.kind, q.stem, q.options, q.answer_key, q.marking_points, q.explanation, q.difficulty, q.law_id, q.article, \
     q.paragraph, q.tags, q.status, q.jurisdiction_id, j.name AS jurisdiction_name, q.version, q.reserved, q.law_version, q.needs_review, \
     (SELECT CAST(SUM(m.facility_permille * m.answered_by) AS BIGINT) / CAST(SUM(m.answered_by) AS BIGINT) FROM question_measures m WHERE m.lineage_id = COALESCE(q.lineage_id, q.id)) AS measured_facility, \
     (SELECT CAST(SUM(m.answered_by) AS BIGINT) FROM question_measures m WHERE m.lineage_id = COALESCE(q.lineage_id, q.id)) AS measured_candidates \
     FROM questions q JOIN jurisdictions j ON j.id = q.jurisdiction_id";

/// Questions usable at a scope path: the jurisdiction's own and its ancestors'.
const VISIBLE: &str = "FROM questions q JOIN jurisdictions j ON j.id = q.jurisdiction_id \
     WHERE $1 LIKE j.path || '%' AND q.status <> 'retired'";

async fn insert_question(
    conn: &mut AnyConnection,
    actor: &Actor,
    jurisdiction_id: i64,
    q: &Question,
    status: QuestionStatus,
    now: i64,
) -> Result<i64, StoreError> {
    // Written now, against the law's text in force.
    let law_version =
        crate::db::bank::law_versions::version_in_force(&mut *conn, q.citation().law()).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO questions (jurisdiction_id, bank, kind, stem, options, answer_key, explanation, difficulty, law_id, article, paragraph, tags, status, created_by, created_at, marking_points, law_version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
    )
    .bind(jurisdiction_id)
    .bind(q.bank().as_str())
    .bind(q.kind().as_str())
    .bind(q.stem())
    .bind(to_json(&q.options()))
    .bind(to_json(q.key()))
    .bind(q.explanation())
    .bind(i64::from(q.difficulty().get()))
    .bind(q.citation().law())
    .bind(i64::from(q.citation().article()))
    .bind(q.citation().paragraph().map(i64::from))
    .bind(to_json(&q.tags()))
    .bind(status.as_str())
    .bind(actor.user_id)
    .bind(now)
    .bind(to_json(&q.marking_points()))
    .bind(law_version)
    .fetch_one(conn)
    .await
    .map_err(backend_error)?;
    Ok(id)
}

/// Signatures of the questions visible from a jurisdiction, read inside a transaction.
async fn signatures_from(
    conn: &mut AnyConnection,
    jurisdiction_id: i64,
) -> Result<HashSet<Signature>, StoreError> {
    let (path,): (String,) = sqlx::query_as("SELECT path FROM jurisdictions WHERE id = $1")
        .bind(jurisdiction_id)
        .fetch_one(&mut *conn)
        .await
        .map_err(backend_error)?;
    let rows: Vec<(String, String)> =
        sqlx::query_as(&format!("SELECT q.stem, q.options {VISIBLE}"))
            .bind(path)
            .fetch_all(conn)
            .await
            .map_err(backend_error)?;
    rows.into_iter()
        .map(|(stem, options)| Ok((stem, from_json(&options)?)))
        .collect()
}

/// Whether `q` is new to the questions visible from `jurisdiction_id` (the same stem and
/// options make the same question; options are stored as canonical JSON).
async fn is_new_to_bank(
    conn: &mut AnyConnection,
    jurisdiction_id: i64,
    q: &Question,
) -> Result<bool, StoreError> {
    let (path,): (String,) = sqlx::query_as("SELECT path FROM jurisdictions WHERE id = $1")
        .bind(jurisdiction_id)
        .fetch_one(&mut *conn)
        .await
        .map_err(backend_error)?;
    let (same,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) {VISIBLE} AND q.stem = $2 AND q.options = $3"
    ))
    .bind(path)
    .bind(q.stem())
    .bind(to_json(&q.options()))
    .fetch_one(conn)
    .await
    .map_err(backend_error)?;
    Ok(same == 0)
}

/// Inserts the questions not already in the bank (or earlier in the list); returns (added, skipped).
async fn insert_new(
    conn: &mut AnyConnection,
    actor: &Actor,
    jurisdiction_id: i64,
    questions: &[Question],
    now: i64,
) -> Result<(usize, usize), StoreError> {
    let mut known = signatures_from(&mut *conn, jurisdiction_id).await?;
    let mut added = 0;
    for q in questions {
        if known.insert(app::bank::import::signature(q)) {
            insert_question(
                &mut *conn,
                actor,
                jurisdiction_id,
                q,
                QuestionStatus::Active,
                now,
            )
            .await?;
            added += 1;
        }
    }
    Ok((added, questions.len() - added))
}

/// The lineages (`COALESCE(lineage_id, id)`) of every live question, as a subquery: the pool
/// of each sitting whose state holds it (`question_bank::bank::secrecy`): its fixed paper, its A/B
/// papers, a drawn sitting's whole frozen pool, and every paper an attempt of it holds.
pub(crate) fn live_lineages() -> String {
    lineages_of(Pools::Included)
}

/// The lineages of questions on a paper of a scheduled or open sitting: its fixed paper, its
/// papers A and B, or a paper an attempt holds; not the wider pool a drawn sitting may draw
/// from. Such a question is the exam itself, so practice never shows even its stem.
pub(crate) fn paper_lineages() -> String {
    lineages_of(Pools::Excluded)
}

/// Whether drawn sittings' pools count.
#[derive(PartialEq)]
enum Pools {
    Included,
    Excluded,
}

fn lineages_of(pools: Pools) -> String {
    let states = question_bank::bank::secrecy::LIVE_STATES
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let pool = if pools == Pools::Included {
        format!(
            "UNION SELECT pl.question_id FROM sitting_pool pl JOIN sittings s ON s.id = pl.sitting_id \
                   WHERE s.state IN ({states}) AND s.paper_mode = 'drawn'"
        )
    } else {
        String::new()
    };
    format!(
        "SELECT COALESCE(lq.lineage_id, lq.id) FROM questions lq WHERE lq.id IN ( \
           SELECT sq.question_id FROM sitting_questions sq JOIN sittings s ON s.id = sq.sitting_id WHERE s.state IN ({states}) \
           UNION SELECT sp.question_id FROM sitting_papers sp JOIN sittings s ON s.id = sp.sitting_id WHERE s.state IN ({states}) \
           {pool} \
           UNION SELECT pi.question_id FROM paper_items pi JOIN attempts a ON a.id = pi.attempt_id \
                 JOIN candidates c ON c.id = a.candidate_id JOIN sittings s ON s.id = c.sitting_id WHERE s.state IN ({states}))"
    )
}

#[async_trait]
impl QuestionRepo for Db {
    async fn live_questions(&self, ids: &[i64]) -> Result<HashSet<i64>, StoreError> {
        let mut live = HashSet::new();
        // In slices, so that no list of ids exceeds what a statement may bind.
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT q.id FROM questions q WHERE q.id IN ({}) AND COALESCE(q.lineage_id, q.id) IN ({})",
                placeholders(1, chunk.len()),
                live_lineages()
            );
            let mut query = sqlx::query_as::<_, (i64,)>(&sql);
            for id in chunk {
                query = query.bind(*id);
            }
            let rows = query.fetch_all(self.pool()).await.map_err(backend_error)?;
            live.extend(rows.into_iter().map(|(id,)| id));
        }
        Ok(live)
    }

    async fn questions_visible(
        &self,
        scope_path: &str,
        include_retired: bool,
    ) -> Result<Vec<QuestionRecord>, StoreError> {
        let rows: Vec<QuestionRow> = sqlx::query_as(&format!(
            "{SELECT_QUESTION} WHERE $1 LIKE j.path || '%' AND ($2 = 1 OR q.status <> 'retired') ORDER BY q.id DESC"
        ))
        .bind(scope_path)
        .bind(i64::from(include_retired))
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        rows.into_iter().map(QuestionRecord::try_from).collect()
    }

    async fn question(
        &self,
        scope_path: &str,
        id: i64,
    ) -> Result<Option<QuestionRecord>, StoreError> {
        let row: Option<QuestionRow> = sqlx::query_as(&format!(
            "{SELECT_QUESTION} WHERE q.id = $1 AND $2 LIKE j.path || '%'"
        ))
        .bind(id)
        .bind(scope_path)
        .fetch_optional(self.pool())
        .await
        .map_err(backend_error)?;
        row.map(QuestionRecord::try_from).transpose()
    }

    async fn revise_question(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        id: i64,
        question: &Question,
        reason: &str,
    ) -> Result<i64, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let new_id = self
            .write_revision(&mut tx, actor, jurisdiction_id, id, question, reason, now)
            .await?
            .ok_or_else(|| StoreError::refused(BankRefusal::NotEditable))?;
        tx.commit().await.map_err(backend_error)?;
        Ok(new_id)
    }

    async fn retire_questions(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        ids: &[i64],
        reason: &str,
    ) -> Result<usize, StoreError> {
        self.change_status(
            actor,
            jurisdiction_id,
            ids,
            StatusChange {
                from: &[QuestionStatus::Draft, QuestionStatus::Active],
                to: QuestionStatus::Retired,
                action: AuditAction::QuestionRetire,
                reason: Some(reason),
            },
        )
        .await
    }

    async fn activate_questions(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        ids: &[i64],
    ) -> Result<usize, StoreError> {
        self.change_status(
            actor,
            jurisdiction_id,
            ids,
            StatusChange {
                from: &[QuestionStatus::Draft],
                to: QuestionStatus::Active,
                action: AuditAction::QuestionActivate,
                reason: None,
            },
        )
        .await
    }

    async fn reserve_questions(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        ids: &[i64],
        reserved: bool,
    ) -> Result<usize, StoreError> {
        if ids.is_empty() {
            return Ok(0);
        }
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "UPDATE questions SET reserved = $1 WHERE jurisdiction_id = $2 AND status <> 'retired' AND reserved <> $1 AND id IN ({})",
            placeholders(3, ids.len())
        );
        let mut query = sqlx::query(&sql)
            .bind(i64::from(reserved))
            .bind(jurisdiction_id);
        for id in ids {
            query = query.bind(*id);
        }
        let changed = query
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?
            .rows_affected() as usize;
        AuditRecord::for_jurisdiction(
            if reserved {
                AuditAction::QuestionReserve
            } else {
                AuditAction::QuestionUnreserve
            },
            jurisdiction_id,
        )
        .detail(json!({ "questions": ids, "changed": changed }))
        .commit(tx, actor, now)
        .await?;
        Ok(changed)
    }

    async fn retag_questions(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        ids: &[i64],
        tag: &str,
        add: bool,
    ) -> Result<usize, StoreError> {
        if ids.is_empty() {
            return Ok(0);
        }
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let sql = format!("SELECT id, tags FROM questions WHERE jurisdiction_id = $1 AND status <> 'retired' AND id IN ({})", placeholders(2, ids.len()));
        let mut query = sqlx::query_as::<_, (i64, String)>(&sql).bind(jurisdiction_id);
        for id in ids {
            query = query.bind(*id);
        }
        let mut changed = 0;
        for (id, tags) in query.fetch_all(&mut *tx).await.map_err(backend_error)? {
            let mut tags: Vec<String> = from_json(&tags)?;
            let had = tags.iter().any(|t| t == tag);
            match (add, had) {
                (true, false) if tags.len() < question_bank::bank::question::MAX_TAGS => {
                    tags.push(tag.to_owned())
                }
                (false, true) => tags.retain(|t| t != tag),
                _ => continue,
            }
            sqlx::query("UPDATE questions SET tags = $1 WHERE id = $2")
                .bind(to_json(&tags))
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(backend_error)?;
            changed += 1;
        }
        AuditRecord::for_jurisdiction(
            if add {
                AuditAction::QuestionTagAdd
            } else {
                AuditAction::QuestionTagRemove
            },
            jurisdiction_id,
        )
        .detail(json!({ "tag": tag, "questions": ids, "changed": changed }))
        .commit(tx, actor, now)
        .await?;
        Ok(changed)
    }

    async fn create_question(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        q: &Question,
        status: QuestionStatus,
    ) -> Result<i64, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        if !is_new_to_bank(&mut tx, jurisdiction_id, q).await? {
            return Err(StoreError::Conflict(BankRefusal::Duplicate.into()));
        }
        let id = insert_question(&mut tx, actor, jurisdiction_id, q, status, now).await?;
        AuditRecord::new(AuditAction::QuestionCreate, "question", id)
            .jurisdiction(Some(jurisdiction_id))
            .detail(json!({ "bank": q.bank().as_str(), "kind": q.kind().as_str(), "citation": q.citation().label(), "status": status.as_str() }))
            .commit(tx, actor, now)
            .await?;
        Ok(id)
    }

    async fn import_questions(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        questions: &[Question],
        source: &str,
    ) -> Result<usize, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let (added, skipped) = insert_new(&mut tx, actor, jurisdiction_id, questions, now).await?;
        AuditRecord::for_jurisdiction(AuditAction::QuestionImport, jurisdiction_id)
            .detail(json!({ "source": source, "added": added, "duplicates_skipped": skipped }))
            .commit(tx, actor, now)
            .await?;
        Ok(added)
    }

    async fn save_import_batch(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        preview: &ImportPreview,
        questions_json: &str,
        revisions_json: &str,
    ) -> Result<i64, StoreError> {
        let user = actor.user_id.ok_or(StoreError::Forbidden)?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO import_batches (jurisdiction_id, created_by, created_at, file_name, report, questions, revisions) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(jurisdiction_id)
        .bind(user)
        .bind(now_ms())
        .bind(&preview.file_name)
        .bind(to_json(preview))
        .bind(questions_json)
        .bind(revisions_json)
        .fetch_one(self.pool())
        .await
        .map_err(backend_error)?;
        Ok(id)
    }

    async fn import_batch(
        &self,
        user_id: i64,
        batch_id: i64,
    ) -> Result<Option<ImportBatch>, StoreError> {
        let row: Option<(i64, String, String, String, Option<i64>)> =
            sqlx::query_as("SELECT jurisdiction_id, report, questions, revisions, committed_at FROM import_batches WHERE id = $1 AND created_by = $2")
                .bind(batch_id)
                .bind(user_id)
                .fetch_optional(self.pool())
                .await
                .map_err(backend_error)?;
        let Some((jurisdiction_id, report, questions_json, revisions_json, committed_at)) = row
        else {
            return Ok(None);
        };
        let preview = ImportPreview {
            batch_id,
            committed: committed_at.is_some(),
            ..from_json(&report)?
        };
        Ok(Some(ImportBatch {
            preview,
            jurisdiction_id,
            questions_json,
            revisions_json,
        }))
    }

    async fn commit_import_batch(
        &self,
        actor: &Actor,
        batch_id: i64,
        questions: &[Question],
        revisions: &[Revision],
    ) -> Result<(usize, usize), StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let claimed: Option<(i64, String)> = sqlx::query_as(
            "UPDATE import_batches SET committed_at = $1 WHERE id = $2 AND created_by = $3 AND committed_at IS NULL RETURNING jurisdiction_id, file_name",
        )
        .bind(now)
        .bind(batch_id)
        .bind(actor.user_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend_error)?;
        let Some((jurisdiction_id, file_name)) = claimed else {
            return Err(StoreError::Conflict(BankRefusal::AlreadyImported.into()));
        };
        let (added, skipped) = insert_new(&mut tx, actor, jurisdiction_id, questions, now).await?;
        let reason = format!("导入文件 {file_name}");
        for r in revisions {
            // Dropping the transaction on refusal undoes the claim and every row before it.
            self.write_revision(
                &mut tx,
                actor,
                jurisdiction_id,
                r.id,
                &r.question,
                &reason,
                now,
            )
            .await?
            .ok_or_else(|| {
                StoreError::Conflict(
                    BankRefusal::ChangedAfterPreview {
                        row: r.row,
                        id: r.id,
                    }
                    .into(),
                )
            })?;
        }
        AuditRecord::new(AuditAction::QuestionImport, "import_batch", batch_id)
            .jurisdiction(Some(jurisdiction_id))
            .detail(json!({ "source": file_name, "added": added, "revised": revisions.len(), "duplicates_skipped": skipped }))
            .commit(tx, actor, now)
            .await?;
        Ok((added, revisions.len()))
    }
}

/// A bulk move of questions from some statuses to another, and how it is audited.
struct StatusChange<'a> {
    from: &'a [QuestionStatus],
    to: QuestionStatus,
    action: AuditAction,
    reason: Option<&'a str>,
}

impl Db {
    /// Moves the questions `ids` of `jurisdiction_id` that are in one of `change.from` to
    /// `change.to`, audited in the same transaction; returns how many moved.
    async fn change_status(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        ids: &[i64],
        change: StatusChange<'_>,
    ) -> Result<usize, StoreError> {
        if ids.is_empty() {
            return Ok(0);
        }
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let from = change.from.len();
        let sql = format!(
            "UPDATE questions SET status = $1 WHERE jurisdiction_id = $2 AND status IN ({}) AND id IN ({})",
            placeholders(3, from),
            placeholders(3 + from, ids.len())
        );
        let mut query = sqlx::query(&sql)
            .bind(change.to.as_str())
            .bind(jurisdiction_id);
        for status in change.from {
            query = query.bind(status.as_str());
        }
        for id in ids {
            query = query.bind(*id);
        }
        let moved = query
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?
            .rows_affected() as usize;
        AuditRecord::for_jurisdiction(change.action, jurisdiction_id)
            .reason(change.reason)
            .detail(json!({ "questions": ids, "to": change.to.as_str(), "changed": moved }))
            .commit(tx, actor, now)
            .await?;
        Ok(moved)
    }

    /// Writes `question` as the next version of draft or active question `id` of
    /// `jurisdiction_id`, in the same status, retires the old version and audits the change.
    /// `None` when there is no such question (another bank's, retired, or gone).
    #[allow(clippy::too_many_arguments, reason = "one transaction, one revision")]
    async fn write_revision(
        &self,
        conn: &mut AnyConnection,
        actor: &Actor,
        jurisdiction_id: i64,
        id: i64,
        question: &Question,
        reason: &str,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let sql = format!(
            "SELECT COALESCE(q.lineage_id, q.id), q.version, q.status, q.needs_review FROM questions q WHERE q.id = $1 AND q.jurisdiction_id = $2 AND q.status <> 'retired'{}",
            self.lock_rows("q")
        );
        let Some((lineage, version, status, needs_review)): Option<(i64, i64, String, i64)> =
            sqlx::query_as(&sql)
                .bind(id)
                .bind(jurisdiction_id)
                .fetch_optional(&mut *conn)
                .await
                .map_err(backend_error)?
        else {
            return Ok(None);
        };
        let status = QuestionStatus::parse(&status)
            .ok_or_else(|| StoreError::backend(format!("unknown status {status}")))?;
        let new_id =
            insert_question(&mut *conn, actor, jurisdiction_id, question, status, now).await?;
        // A new version stays reserved for real sittings if the old one was.
        sqlx::query("UPDATE questions SET lineage_id = $1, version = $2, reserved = (SELECT o.reserved FROM questions o WHERE o.id = $4) WHERE id = $3")
            .bind(lineage)
            .bind(version + 1)
            .bind(new_id)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(backend_error)?;
        sqlx::query("UPDATE questions SET status = 'retired', superseded_by = $1 WHERE id = $2")
            .bind(new_id)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(backend_error)?;
        // Revising a question held for review after a law change is that review's decision.
        let action = if needs_review != 0 {
            AuditAction::QuestionReviewRevise
        } else {
            AuditAction::QuestionRevise
        };
        AuditRecord::new(action, "question", new_id)
            .jurisdiction(Some(jurisdiction_id))
            .reason(Some(reason))
            .detail(json!({ "previous": id, "version": version + 1, "citation": question.citation().label() }))
            .append(&mut *conn, actor, now)
        .await?;
        Ok(Some(new_id))
    }
}
