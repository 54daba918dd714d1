//! The audit log: appends chained by hash (see question-bank's `audit_chain`), the filtered
//! and paged reading, and the verification `renqian verify-audit` runs.

use app::audit::repo::AuditRepo;
use app::audit::words::{Names, RecordKind};
use app::audit::{Actor, AuditEventView, AuditFilter};
use app::state::StoreError;
use async_trait::async_trait;
use question_bank::audit_action::AuditAction;
use question_bank::audit_chain::{BrokenLink, ChainHead, ChainedEvent, Verifier};
use sqlx::AnyConnection;

use crate::db::{backend_error, Db};

/// One audit event to append inside the transaction of the change it records: who (the
/// actor, given when it is appended), what (`action` on `entity` `entity_id`), when, why
/// (`reason`), and what changed (`detail`).
pub struct AuditRecord<'a> {
    action: AuditAction,
    entity: &'a str,
    entity_id: String,
    jurisdiction_id: Option<i64>,
    reason: Option<&'a str>,
    detail: serde_json::Value,
}

impl<'a> AuditRecord<'a> {
    /// `action` on the record `entity` `entity_id`, in the actor's jurisdiction, with no
    /// reason and no detail until they are added.
    pub fn new(action: AuditAction, entity: &'a str, entity_id: impl ToString) -> Self {
        Self {
            action,
            entity,
            entity_id: entity_id.to_string(),
            jurisdiction_id: None,
            reason: None,
            detail: serde_json::json!({}),
        }
    }

    /// `action` on a jurisdiction's whole bank, roster or tree (the event is that
    /// jurisdiction's).
    pub fn for_jurisdiction(action: AuditAction, jurisdiction_id: i64) -> Self {
        Self::new(action, "jurisdiction", jurisdiction_id).jurisdiction(Some(jurisdiction_id))
    }

    /// Files the event under this jurisdiction (else under the actor's).
    pub fn jurisdiction(self, jurisdiction_id: Option<i64>) -> Self {
        Self {
            jurisdiction_id,
            ..self
        }
    }

    /// Why, as the actor gave it.
    pub fn reason(self, reason: Option<&'a str>) -> Self {
        Self { reason, ..self }
    }

    /// What changed.
    pub fn detail(self, detail: serde_json::Value) -> Self {
        Self { detail, ..self }
    }

    /// Appends the event and commits the change it records: both or neither.
    pub async fn commit(
        self,
        mut tx: sqlx::Transaction<'static, sqlx::Any>,
        actor: &Actor,
        at: i64,
    ) -> Result<(), StoreError> {
        self.append(&mut tx, actor, at).await?;
        tx.commit().await.map_err(backend_error)
    }
}

/// Takes the chain's head row for this transaction and returns it. The write (a no-op
/// update) holds PostgreSQL's row lock until commit, so concurrent appends queue here; on
/// SQLite every writing transaction already excludes the others (`BEGIN IMMEDIATE`).
async fn lock_head(conn: &mut AnyConnection) -> Result<ChainHead, StoreError> {
    let (id, hash): (i64, String) = sqlx::query_as(
        "UPDATE audit_chain_head SET last_id = last_id WHERE id = 1 RETURNING last_id, last_hash",
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(backend_error)?;
    Ok(ChainHead { id, hash })
}

async fn set_head(conn: &mut AnyConnection, head: &ChainHead) -> Result<(), StoreError> {
    sqlx::query("UPDATE audit_chain_head SET last_id = $1, last_hash = $2 WHERE id = 1")
        .bind(head.id)
        .bind(&head.hash)
        .execute(&mut *conn)
        .await
        .map_err(backend_error)?;
    Ok(())
}

impl AuditRecord<'_> {
    /// Appends the event as the chain's next link. Called with the change's own (writing)
    /// transaction, so both commit or neither, and appends are serialized by the head row.
    pub async fn append(
        self,
        conn: &mut AnyConnection,
        actor: &Actor,
        at: i64,
    ) -> Result<(), StoreError> {
        let prev = lock_head(conn).await?;
        let detail = self.detail.to_string();
        let action = self.action.code();
        let event = ChainedEvent {
            id: prev.id + 1,
            at,
            actor_user_id: actor.user_id,
            actor: &actor.label,
            action: &action,
            entity: self.entity,
            entity_id: &self.entity_id,
            reason: self.reason,
            detail: &detail,
            jurisdiction_id: self.jurisdiction_id.or(actor.jurisdiction_id),
            prev_hash: &prev.hash,
        };
        let hash = event.hash();
        sqlx::query(
            "INSERT INTO audit_events (id, at, actor_user_id, actor, jurisdiction_id, action, entity, entity_id, reason, detail, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(event.id)
        .bind(event.at)
        .bind(event.actor_user_id)
        .bind(event.actor)
        .bind(event.jurisdiction_id)
        .bind(event.action)
        .bind(event.entity)
        .bind(event.entity_id)
        .bind(event.reason)
        .bind(event.detail)
        .bind(event.prev_hash)
        .bind(&hash)
        .execute(&mut *conn)
        .await
        .map_err(backend_error)?;
        set_head(conn, &ChainHead { id: event.id, hash }).await
    }
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: i64,
    actor: String,
    action: String,
    entity: String,
    entity_id: String,
    reason: Option<String>,
    detail: String,
}

/// Every stored column of an event, for chaining and verifying.
#[derive(sqlx::FromRow)]
struct ChainRow {
    id: i64,
    at: i64,
    actor_user_id: Option<i64>,
    actor: String,
    jurisdiction_id: Option<i64>,
    action: String,
    entity: String,
    entity_id: String,
    reason: Option<String>,
    detail: String,
    prev_hash: Option<String>,
    hash: Option<String>,
}

const CHAIN_COLUMNS: &str = "id, at, actor_user_id, actor, jurisdiction_id, action, entity, entity_id, reason, detail, prev_hash, hash";
/// Rows read per round trip while chaining or verifying.
const BATCH: i64 = 1000;

impl ChainRow {
    fn event<'a>(&'a self, prev_hash: &'a str) -> ChainedEvent<'a> {
        ChainedEvent {
            id: self.id,
            at: self.at,
            actor_user_id: self.actor_user_id,
            actor: &self.actor,
            action: &self.action,
            entity: &self.entity,
            entity_id: &self.entity_id,
            reason: self.reason.as_deref(),
            detail: &self.detail,
            jurisdiction_id: self.jurisdiction_id,
            prev_hash,
        }
    }
}

impl Db {
    /// Records one event in a transaction of its own (an action that changes no record, or
    /// one outside the app's repositories: a backup, a restore).
    pub async fn record(&self, actor: &Actor, record: AuditRecord<'_>) -> Result<(), StoreError> {
        let tx = self.begin_write().await?;
        record.commit(tx, actor, app::state::now_ms()).await
    }

    /// Chains the events written before the chain existed (run after migrating; a no-op
    /// once every event has its hash), in id order, in one transaction holding the head.
    pub async fn chain_unchained_audit_events(&self) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        let mut head = lock_head(&mut tx).await?;
        let mut chained = 0;
        loop {
            let rows: Vec<ChainRow> = sqlx::query_as(&format!(
                "SELECT {CHAIN_COLUMNS} FROM audit_events WHERE hash IS NULL AND id > $1 ORDER BY id LIMIT $2"
            ))
            .bind(head.id)
            .bind(BATCH)
            .fetch_all(&mut *tx)
            .await
            .map_err(backend_error)?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                let hash = row.event(&head.hash).hash();
                sqlx::query("UPDATE audit_events SET prev_hash = $1, hash = $2 WHERE id = $3")
                    .bind(&head.hash)
                    .bind(&hash)
                    .bind(row.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
                head = ChainHead { id: row.id, hash };
                chained += 1;
            }
        }
        if chained > 0 {
            set_head(&mut tx, &head).await?;
        }
        tx.commit().await.map_err(backend_error)?;
        Ok(chained)
    }

    /// Recomputes the whole chain in id order and compares it with the recorded head:
    /// the head and the number of events checked, or the first broken link. What the CLI's
    /// `verify-audit` runs.
    pub async fn verify_audit_chain(
        &self,
    ) -> Result<Result<(ChainHead, u64), BrokenLink>, StoreError> {
        let recorded = self.audit_head().await?;
        let mut verifier = Verifier::default();
        let mut after = i64::MIN;
        loop {
            let rows: Vec<ChainRow> = sqlx::query_as(&format!(
                "SELECT {CHAIN_COLUMNS} FROM audit_events WHERE id > $1 ORDER BY id LIMIT $2"
            ))
            .bind(after)
            .bind(BATCH)
            .fetch_all(self.pool())
            .await
            .map_err(backend_error)?;
            let Some(last) = rows.last() else { break };
            after = last.id;
            for row in &rows {
                let (Some(prev_hash), Some(hash)) = (&row.prev_hash, &row.hash) else {
                    return Ok(Err(BrokenLink {
                        id: row.id,
                        what: "it has no hash: it was written outside the chain".to_owned(),
                    }));
                };
                if let Err(broken) = verifier.next(&row.event(prev_hash), hash) {
                    return Ok(Err(broken));
                }
            }
        }
        Ok(verifier.finish(&recorded))
    }
}

#[async_trait]
impl AuditRepo for Db {
    async fn record_event(
        &self,
        actor: &Actor,
        action: AuditAction,
        entity: &str,
        entity_id: &str,
        detail: serde_json::Value,
    ) -> Result<(), StoreError> {
        self.record(
            actor,
            AuditRecord {
                action,
                entity,
                entity_id: entity_id.to_owned(),
                jurisdiction_id: None,
                reason: None,
                detail,
            },
        )
        .await
    }

    async fn audit_events(
        &self,
        scope_path: &str,
        system_wide: bool,
        filter: &AuditFilter,
        limit: usize,
    ) -> Result<Vec<AuditEventView>, StoreError> {
        // Fixed SQL with every filter bound; an absent filter is a NULL that matches all.
        let action_prefix = filter
            .action
            .as_deref()
            .filter(|a| a.ends_with('.'))
            .map(|a| format!("{}%", escape_like(a)));
        let action_exact = filter.action.as_deref().filter(|a| !a.ends_with('.'));
        let actor = filter
            .actor
            .as_deref()
            .map(|a| format!("%{}%", escape_like(a)));
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.reason, e.detail \
             FROM audit_events e LEFT JOIN jurisdictions j ON j.id = e.jurisdiction_id \
             WHERE (j.path LIKE $1 || '%' OR (e.jurisdiction_id IS NULL AND $2 = 1)) \
               AND ($3 IS NULL OR e.actor LIKE $3 ESCAPE '\\') \
               AND ($4 IS NULL OR e.action = $4) \
               AND ($5 IS NULL OR e.action LIKE $5 ESCAPE '\\') \
               AND ($6 IS NULL OR e.entity = $6) \
               AND ($7 IS NULL OR e.entity_id = $7) \
               AND ($8 IS NULL OR e.at >= $8) \
               AND ($9 IS NULL OR e.at < $9) \
               AND ($10 IS NULL OR e.id < $10) \
             ORDER BY e.id DESC LIMIT $11",
        )
        .bind(scope_path)
        .bind(i64::from(system_wide))
        .bind(actor)
        .bind(action_exact)
        .bind(action_prefix)
        .bind(filter.entity.as_deref())
        .bind(filter.entity_id.as_deref())
        .bind(filter.from)
        .bind(filter.to)
        .bind(filter.before_id)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        Ok(rows
            .into_iter()
            .map(|r| AuditEventView {
                id: r.id,
                at: r.at,
                actor: r.actor,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                reason: r.reason,
                detail: r.detail,
                record: String::new(),
                fields: Vec::new(),
            })
            .collect())
    }

    async fn record_names(
        &self,
        scope_path: &str,
        refs: &[(RecordKind, i64)],
    ) -> Result<Names, StoreError> {
        let mut names = Names::new();
        let mut refs = refs.to_vec();
        refs.sort_unstable();
        for group in refs.chunk_by(|a, b| a.0 == b.0) {
            let kind = group[0].0;
            for ids in group.chunks(NAMES_PER_QUERY) {
                let placeholders = (0..ids.len())
                    .map(|i| format!("${}", i + 2))
                    .collect::<Vec<_>>()
                    .join(", ");
                let sql = names_sql(kind).replace("{ids}", &placeholders);
                let mut query = sqlx::query_as::<_, (i64, String, String)>(&sql).bind(scope_path);
                for (_, id) in ids {
                    query = query.bind(*id);
                }
                for (id, name, extra) in
                    query.fetch_all(self.pool()).await.map_err(backend_error)?
                {
                    names.insert((kind, id), record_name(kind, name, &extra));
                }
            }
        }
        Ok(names)
    }

    async fn audit_head(&self) -> Result<ChainHead, StoreError> {
        let (id, hash): (i64, String) =
            sqlx::query_as("SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1")
                .fetch_one(self.pool())
                .await
                .map_err(backend_error)?;
        Ok(ChainHead { id, hash })
    }
}

/// Ids bound in one query naming records (well under either database's limit on parameters).
const NAMES_PER_QUERY: usize = 500;

/// The query naming records of `kind`: rows of (id, name, extra), `$1` the viewer's scope
/// path and `{ids}` the ids' placeholders. Records outside the scope are not named.
fn names_sql(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Sitting => {
            "SELECT s.id, s.title, '' FROM sittings s JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             WHERE j.path LIKE $1 || '%' AND s.id IN ({ids})"
        }
        RecordKind::Candidate => {
            "SELECT c.id, p.name, '' FROM candidates c JOIN people p ON p.id = c.person_id \
             JOIN sittings s ON s.id = c.sitting_id JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             WHERE j.path LIKE $1 || '%' AND c.id IN ({ids})"
        }
        RecordKind::Attempt => {
            "SELECT a.id, p.name, '' FROM attempts a JOIN candidates c ON c.id = a.candidate_id \
             JOIN people p ON p.id = c.person_id JOIN sittings s ON s.id = c.sitting_id \
             JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             WHERE j.path LIKE $1 || '%' AND a.id IN ({ids})"
        }
        RecordKind::User => {
            "SELECT u.id, u.display_name, u.username FROM users u JOIN jurisdictions j ON j.id = u.jurisdiction_id \
             WHERE j.path LIKE $1 || '%' AND u.id IN ({ids})"
        }
        RecordKind::Jurisdiction => {
            "SELECT id, name, '' FROM jurisdictions WHERE path LIKE $1 || '%' AND id IN ({ids})"
        }
        RecordKind::Question => {
            "SELECT q.id, q.stem, '' FROM questions q JOIN jurisdictions j ON j.id = q.jurisdiction_id \
             WHERE j.path LIKE $1 || '%' AND q.id IN ({ids})"
        }
        RecordKind::Meeting => {
            "SELECT m.id, m.title, '' FROM meetings m JOIN jurisdictions j ON j.id = m.jurisdiction_id \
             WHERE j.path LIKE $1 || '%' AND m.id IN ({ids})"
        }
        RecordKind::Nomination => {
            "SELECT n.id, p.name, n.post FROM nominations n JOIN people p ON p.id = n.person_id \
             JOIN jurisdictions j ON j.id = n.jurisdiction_id \
             WHERE j.path LIKE $1 || '%' AND n.id IN ({ids})"
        }
        RecordKind::Oath => {
            "SELECT o.id, o.place, '' FROM oath_ceremonies o JOIN jurisdictions j ON j.id = o.jurisdiction_id \
             WHERE j.path LIKE $1 || '%' AND o.id IN ({ids})"
        }
        RecordKind::ImportBatch => {
            "SELECT b.id, b.file_name, '' FROM import_batches b JOIN jurisdictions j ON j.id = b.jurisdiction_id \
             WHERE j.path LIKE $1 || '%' AND b.id IN ({ids})"
        }
    }
}

/// A record's name as the audit page shows it: an account with its login, a nominee with
/// the post, a question by the first words of its stem.
fn record_name(kind: RecordKind, name: String, extra: &str) -> String {
    /// Characters of a question's stem shown (enough to recognise it).
    const STEM_CHARS: usize = 24;
    match kind {
        RecordKind::User | RecordKind::Nomination => format!("{name}（{extra}）"),
        RecordKind::Question if name.chars().count() > STEM_CHARS => {
            format!("“{}…”", name.chars().take(STEM_CHARS).collect::<String>())
        }
        RecordKind::Question => format!("“{name}”"),
        _ => name,
    }
}

/// `text` with LIKE's wildcards and the escape character taken literally.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
