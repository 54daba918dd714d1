//! Drawn papers in the database: the pool a sitting freezes, the blueprint it keeps, and the
//! paper each attempt holds. The drawing itself is `question_bank::exam::paper`'s.

use std::collections::HashSet;

use app::state::StoreError;
use question_bank::bank::question::QuestionKind;
use question_bank::bank::region;
use question_bank::bank::Bank;
use question_bank::exam::blueprint::{Blueprint, Section};
use question_bank::exam::paper::{self, Paper, PaperItem, PoolQuestion, Shortfall};
use sqlx::AnyConnection;

use crate::db::sittings::lifecycle::local_regulations_at;
use crate::db::{backend_error, from_json, to_json};

#[derive(sqlx::FromRow)]
struct PoolRow {
    id: i64,
    kind: String,
    bank: String,
    law_id: String,
    difficulty: i64,
    options: String,
}

impl TryFrom<PoolRow> for PoolQuestion {
    type Error = StoreError;
    fn try_from(r: PoolRow) -> Result<Self, StoreError> {
        let options: Vec<String> = from_json(&r.options)?;
        Ok(PoolQuestion {
            id: r.id,
            kind: QuestionKind::parse(&r.kind)
                .ok_or_else(|| StoreError::backend(format!("unknown kind {}", r.kind)))?,
            bank: Bank::parse(&r.bank)
                .ok_or_else(|| StoreError::backend(format!("unknown bank {}", r.bank)))?,
            law: r.law_id,
            difficulty: u8::try_from(r.difficulty).unwrap_or(0),
            options: u8::try_from(options.len()).unwrap_or(0),
        })
    }
}

const POOL_COLUMNS: &str = "q.id, q.kind, q.bank, q.law_id, q.difficulty, q.options";

fn pool(rows: Vec<PoolRow>) -> Result<Vec<PoolQuestion>, StoreError> {
    rows.into_iter().map(PoolQuestion::try_from).collect()
}

/// The questions a new drawn sitting at `scope_path` could use: active, in the
/// jurisdiction's own bank or an ancestor's, and not resting on a local regulation that
/// does not apply there.
pub(crate) async fn eligible_pool(
    conn: &mut AnyConnection,
    scope_path: &str,
) -> Result<Vec<PoolQuestion>, StoreError> {
    let pool = pool_where(
        conn,
        "$1 LIKE j.path || '%' AND q.status = 'active' AND q.needs_review = 0",
        scope_path,
    )
    .await?;
    applicable_here(conn, scope_path, pool).await
}

/// `pool` without the questions whose local regulation does not apply at `scope_path`.
pub(crate) async fn applicable_here(
    conn: &mut AnyConnection,
    scope_path: &str,
    mut pool: Vec<PoolQuestion>,
) -> Result<Vec<PoolQuestion>, StoreError> {
    let here = local_regulations_at(conn, scope_path).await?;
    pool.retain(|q| region::applies_here(&q.law, here));
    Ok(pool)
}

/// The questions matching `filter` (a `WHERE` over `q` and `j` with the scope path as
/// `$1`), by id.
pub(crate) async fn pool_where(
    conn: &mut AnyConnection,
    filter: &str,
    scope_path: &str,
) -> Result<Vec<PoolQuestion>, StoreError> {
    let rows: Vec<PoolRow> = sqlx::query_as(&format!(
        "SELECT {POOL_COLUMNS} FROM questions q JOIN jurisdictions j ON j.id = q.jurisdiction_id WHERE {filter} ORDER BY q.id"
    ))
    .bind(scope_path)
    .fetch_all(conn)
    .await
    .map_err(backend_error)?;
    pool(rows)
}

/// A drawn sitting's frozen pool, by id.
pub(crate) async fn sitting_pool(
    conn: &mut AnyConnection,
    sitting_id: i64,
) -> Result<Vec<PoolQuestion>, StoreError> {
    let rows: Vec<PoolRow> = sqlx::query_as(&format!(
        "SELECT {POOL_COLUMNS} FROM sitting_pool sp JOIN questions q ON q.id = sp.question_id \
         WHERE sp.sitting_id = $1 ORDER BY q.id"
    ))
    .bind(sitting_id)
    .fetch_all(conn)
    .await
    .map_err(backend_error)?;
    pool(rows)
}

/// Freezes the pool questions `blueprint` can use as the sitting's pool.
pub(crate) async fn freeze_pool(
    conn: &mut AnyConnection,
    sitting_id: i64,
    blueprint: &Blueprint,
    pool: &[PoolQuestion],
) -> Result<(), StoreError> {
    for q in pool.iter().filter(|q| q.usable_by(blueprint)) {
        sqlx::query("INSERT INTO sitting_pool (sitting_id, question_id) VALUES ($1, $2)")
            .bind(sitting_id)
            .bind(q.id)
            .execute(&mut *conn)
            .await
            .map_err(backend_error)?;
    }
    Ok(())
}

/// The blueprint as stored with its sitting.
pub(crate) fn blueprint_json(blueprint: &Blueprint) -> String {
    to_json(&blueprint.sections())
}

/// A stored blueprint, checked again.
pub(crate) fn read_blueprint(json: &str) -> Result<Blueprint, StoreError> {
    let sections: Vec<Section> = from_json(json)?;
    Blueprint::parse(sections).map_err(|e| StoreError::backend(format!("stored blueprint: {e}")))
}

/// The pool questions of `sitting_id` whose lineage (every version of a question) the
/// person of `candidate_id` met in an attempt numbered below `before`: what a retake avoids.
/// Bounded by attempt number, so a paper can be drawn again later with the same result.
async fn seen_before(
    conn: &mut AnyConnection,
    sitting_id: i64,
    candidate_id: i64,
    before: i64,
) -> Result<HashSet<i64>, StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT q.id FROM sitting_pool sp JOIN questions q ON q.id = sp.question_id \
         WHERE sp.sitting_id = $1 AND COALESCE(q.lineage_id, q.id) IN ( \
           SELECT COALESCE(q2.lineage_id, q2.id) FROM paper_items pi \
           JOIN questions q2 ON q2.id = pi.question_id \
           JOIN attempts a ON a.id = pi.attempt_id JOIN candidates c ON c.id = a.candidate_id \
           WHERE a.id < $3 AND c.person_id = (SELECT c2.person_id FROM candidates c2 WHERE c2.id = $2))",
    )
    .bind(sitting_id)
    .bind(candidate_id)
    .bind(before)
    .fetch_all(conn)
    .await
    .map_err(backend_error)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Draws the paper of `candidate_id` in drawn sitting `sitting_id` from `pool` (the
/// sitting's frozen pool) with `seed`, avoiding what the person saw in attempts numbered
/// below `before`. The one way a paper is drawn — ahead of time, at the start, and again for
/// an audit (`before` = the attempt's own number) — so they cannot differ.
pub(crate) async fn draw_paper(
    conn: &mut AnyConnection,
    sitting_id: i64,
    pool: &[PoolQuestion],
    candidate_id: i64,
    before: i64,
    blueprint: &Blueprint,
    seed: u64,
) -> Result<Result<Paper, Vec<Shortfall>>, StoreError> {
    let seen = seen_before(conn, sitting_id, candidate_id, before).await?;
    Ok(paper::assemble(blueprint, pool, seed, &seen))
}

/// The newest attempt of the person enrolled as `candidate_id`, in any sitting (0: none).
pub(crate) async fn newest_attempt_of_person(
    conn: &mut AnyConnection,
    candidate_id: i64,
) -> Result<i64, StoreError> {
    let (newest,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(MAX(a.id), 0) AS BIGINT) FROM attempts a JOIN candidates c ON c.id = a.candidate_id \
         WHERE c.person_id = (SELECT c2.person_id FROM candidates c2 WHERE c2.id = $1)",
    )
    .bind(candidate_id)
    .fetch_one(conn)
    .await
    .map_err(backend_error)?;
    Ok(newest)
}

/// Whose paper is written: an attempt's, a candidate's prepared ahead of the start, or
/// paper A or B of an A/B sitting.
#[derive(Clone, Copy, Debug)]
pub(crate) enum PaperOf<'a> {
    Attempt(i64),
    Prepared(i64),
    Sitting(i64, &'a str),
}

/// Writes a paper's items in order, in one statement (a paper has at most
/// `blueprint::MAX_QUESTIONS` items, well within either database's limit on parameters).
pub(crate) async fn write_paper(
    conn: &mut AnyConnection,
    of: PaperOf<'_>,
    items: &[PaperItem],
) -> Result<(), StoreError> {
    if items.is_empty() {
        return Ok(());
    }
    let (table, owner_column, owner, label) = match of {
        PaperOf::Attempt(id) => ("paper_items", "attempt_id", id, None),
        PaperOf::Prepared(id) => ("prepared_items", "candidate_id", id, None),
        PaperOf::Sitting(id, label) => ("sitting_papers", "sitting_id", id, Some(label)),
    };
    let width = if label.is_some() { 7 } else { 6 };
    let rows: Vec<String> = (0..items.len())
        .map(|row| {
            let params: Vec<String> = (1..=width)
                .map(|col| format!("${}", row * width + col))
                .collect();
            format!("({})", params.join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO {table} ({owner_column}, position, question_id, points, section, option_order{}) VALUES {}",
        if label.is_some() { ", label" } else { "" },
        rows.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for (position, item) in items.iter().enumerate() {
        query = query
            .bind(owner)
            .bind(position as i64 + 1)
            .bind(item.question_id)
            .bind(i64::from(item.points))
            .bind(item.section as i64)
            .bind(to_json(&item.option_order));
        if let Some(label) = label {
            query = query.bind(label);
        }
    }
    query.execute(&mut *conn).await.map_err(backend_error)?;
    Ok(())
}

/// A paper item as stored.
pub(crate) fn paper_item(
    question_id: i64,
    points: i64,
    section: i64,
    option_order: &str,
) -> Result<PaperItem, StoreError> {
    Ok(PaperItem {
        question_id,
        section: usize::try_from(section).unwrap_or(0),
        points: u32::try_from(points).unwrap_or(0),
        option_order: from_json(option_order)?,
    })
}

/// The stored forms of a blank answer, as an SQL list: nothing ticked, nothing written
/// (`PaperItem::to_original` stores blank text empty). The console counts answers without
/// them, as the exam page counts answers that are not `Answer::is_blank`.
pub(crate) const BLANK_RESPONSES: &str = r#"('{"choices":[]}', '{"text":""}')"#;

#[cfg(test)]
mod tests {
    use question_bank::bank::question::Answer;

    #[test]
    fn the_blank_forms_are_how_blank_answers_are_stored() {
        let blank = [
            Answer::Choices(Default::default()),
            Answer::Text(String::new()),
        ];
        let listed = blank
            .iter()
            .map(|a| format!("'{}'", crate::db::to_json(a)))
            .collect::<Vec<_>>()
            .join(", ");
        assert_eq!(super::BLANK_RESPONSES, format!("({listed})"));
        assert!(blank.iter().all(Answer::is_blank));
    }
}
