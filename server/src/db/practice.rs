//! Practice reads: the practising candidate's sitting and the questions practice may show
//! (active, objective, in the sitting's bank or an ancestor's, never reserved, and no local
//! regulation that does not apply there).

use app::practice::repo::{PracticeItem, PracticeRepo, PracticeScope};
use app::state::StoreError;
use async_trait::async_trait;
use question_bank::bank::question::QuestionKind;
use question_bank::bank::region;
use question_bank::exam::lifecycle::SittingState;
use question_bank::exam::paper::PoolQuestion;
use question_bank::exam::scoring::MultiChoicePolicy;

use crate::db::bank::paper_lineages;
use crate::db::sittings::lifecycle::local_regulations_at;
use crate::db::sittings::papers::{applicable_here, pool_where, read_blueprint};
use crate::db::{backend_error, from_json, placeholders, Db};

/// The questions practice may show at `$1`, for a `WHERE`: active objective questions of
/// the scope, not reserved for real sittings.
const PRACTICE_FILTER: &str =
    "$1 LIKE j.path || '%' AND q.status = 'active' AND q.kind <> 'short_answer' AND q.reserved = 0 AND q.needs_review = 0";

/// Of those, the ones practice may serve now: none on a paper of a scheduled or open sitting
/// (a fixed paper, papers A and B, a drawn paper an attempt holds). Its stem alone, served
/// ahead of the exam, would show the candidate their paper (and a withheld key would mark it
/// out). The wider pool of a drawn sitting is served, with its keys withheld
/// (`question_bank::bank::secrecy`): that pool is most of the bank, and membership in it tells
/// nothing of anyone's paper. (A question served earlier that is live since is still
/// checked, with its key withheld.)
fn servable_filter() -> String {
    format!(
        "{PRACTICE_FILTER} AND COALESCE(q.lineage_id, q.id) NOT IN ({})",
        paper_lineages()
    )
}

/// A question as practice and a candidate's review show it (with its key and explanation).
#[derive(sqlx::FromRow)]
pub(super) struct ItemRow {
    pub(super) id: i64,
    kind: String,
    stem: String,
    options: String,
    answer_key: String,
    explanation: String,
    law_id: String,
    article: i64,
    paragraph: Option<i64>,
}

#[async_trait]
impl PracticeRepo for Db {
    async fn practice_scope(&self, candidate_id: i64) -> Result<Option<PracticeScope>, StoreError> {
        #[allow(clippy::type_complexity, reason = "one row of the query below")]
        let row: Option<(String, String, String, String, Option<String>, i64, i64, String)> = sqlx::query_as(
            "SELECT p.name, s.title, s.state, j.path, s.blueprint, s.duration_minutes, s.pass_mark, s.multi_choice_policy FROM candidates c \
             JOIN people p ON p.id = c.person_id JOIN sittings s ON s.id = c.sitting_id JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             WHERE c.id = $1",
        )
        .bind(candidate_id)
        .fetch_optional(self.pool())
        .await
        .map_err(backend_error)?;
        let Some((name, title, state, path, blueprint, duration, pass_mark, policy)) = row else {
            return Ok(None);
        };
        Ok(Some(PracticeScope {
            candidate_name: name,
            sitting_title: title,
            state: SittingState::parse(&state)
                .ok_or_else(|| StoreError::backend(format!("unknown state {state}")))?,
            scope_path: path,
            blueprint: blueprint.as_deref().map(read_blueprint).transpose()?,
            duration_minutes: duration,
            pass_mark,
            multi_choice: MultiChoicePolicy::parse(&policy)
                .ok_or_else(|| StoreError::backend(format!("unknown policy {policy}")))?,
        }))
    }

    async fn practice_pool(&self, scope_path: &str) -> Result<Vec<PoolQuestion>, StoreError> {
        let mut conn = self.pool().acquire().await.map_err(backend_error)?;
        let pool = pool_where(&mut conn, &servable_filter(), scope_path).await?;
        applicable_here(&mut conn, scope_path, pool).await
    }

    async fn practice_items(
        &self,
        scope_path: &str,
        ids: &[i64],
    ) -> Result<Vec<PracticeItem>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = placeholders(2, ids.len());
        let sql = format!(
            "SELECT q.id, q.kind, q.stem, q.options, q.answer_key, q.explanation, q.law_id, q.article, q.paragraph \
             FROM questions q JOIN jurisdictions j ON j.id = q.jurisdiction_id WHERE {PRACTICE_FILTER} AND q.id IN ({list})"
        );
        let mut query = sqlx::query_as::<_, ItemRow>(&sql).bind(scope_path);
        for id in ids {
            query = query.bind(*id);
        }
        let mut conn = self.pool().acquire().await.map_err(backend_error)?;
        let mut rows = query.fetch_all(&mut *conn).await.map_err(backend_error)?;
        let here = local_regulations_at(&mut conn, scope_path).await?;
        rows.retain(|r| region::applies_here(&r.law_id, here));
        rows.into_iter().map(PracticeItem::try_from).collect()
    }
}

impl TryFrom<ItemRow> for PracticeItem {
    type Error = StoreError;

    fn try_from(r: ItemRow) -> Result<Self, StoreError> {
        Ok(PracticeItem {
            id: r.id,
            kind: QuestionKind::parse(&r.kind)
                .ok_or_else(|| StoreError::backend(format!("unknown kind {}", r.kind)))?,
            stem: r.stem,
            options: from_json(&r.options)?,
            key: from_json(&r.answer_key)?,
            explanation: r.explanation,
            law_id: r.law_id,
            article: r.article,
            paragraph: r.paragraph,
        })
    }
}
