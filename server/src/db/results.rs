//! Results: publishing a sitting (with its pass records and audit event, in one
//! transaction), the marked papers behind the report, and a candidate's own result.

use app::audit::Actor;
use app::practice::repo::PracticeItem;
use app::results::repo::{
    AppealsOf, MarkedResponse, PersonRecord, Published, ResultRecord, ResultsRepo, ReviewRecord,
    SittingMarks,
};
use app::results::{AppealView, RegradeChange, RegradePlan};
use app::state::StoreError;
use async_trait::async_trait;
use question_bank::audit_action::AuditAction;
use question_bank::bank::question::QuestionKind;
use question_bank::exam::lifecycle::SittingState;
use question_bank::exam::rules::ReviewPolicy;
use question_bank::exam::scoring::{passed, regrade, MultiChoicePolicy, RegradeItem};
use question_bank::refusal::Refusal;
use question_bank::results::measured::ItemMeasure;
use question_bank::results::{
    check_appeal, check_decision, check_publish, pass_valid_until, AppealOutcome,
};
use serde_json::json;
use sqlx::AnyConnection;

use crate::db::practice::ItemRow;
use crate::db::sittings::candidate_records;
use crate::db::sittings::papers::paper_item;
use crate::db::{backend_error, from_json, AuditRecord, Db};

fn kind(text: &str) -> Result<QuestionKind, StoreError> {
    QuestionKind::parse(text).ok_or_else(|| StoreError::backend(format!("unknown kind {text}")))
}

#[derive(sqlx::FromRow)]
struct ResultRow {
    name: String,
    ticket_number: String,
    title: String,
    pass_mark: i64,
    review_policy: String,
    results_published_at: Option<i64>,
    finished: i64,
    voided: i64,
    score: Option<i64>,
    possible: Option<i64>,
    passed: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct AppealRow {
    id: i64,
    candidate_id: i64,
    name: String,
    ticket_number: String,
    filed_at: i64,
    reason: String,
    score_at_filing: Option<i64>,
    score_now: Option<i64>,
    decided_at: Option<i64>,
    decided_by: Option<String>,
    outcome: Option<String>,
    response: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    position: i64,
    points: i64,
    section: i64,
    option_order: String,
    #[sqlx(flatten)]
    question: ItemRow,
    response: Option<String>,
    marked_points: Option<i64>,
}

/// A passed paper, as its pass record is written.
struct PassRecord {
    person_id: i64,
    attempt_id: i64,
    sitting_id: i64,
    score: i64,
    possible: i64,
    passed_at: i64,
}

impl PassRecord {
    async fn insert(
        &self,
        conn: &mut AnyConnection,
        term_ends_at: Option<i64>,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO pass_records (person_id, attempt_id, sitting_id, score, possible, passed_at, valid_until, published_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(self.person_id)
        .bind(self.attempt_id)
        .bind(self.sitting_id)
        .bind(self.score)
        .bind(self.possible)
        .bind(self.passed_at)
        .bind(pass_valid_until(self.passed_at, term_ends_at))
        .bind(now)
        .execute(&mut *conn)
        .await
        .map_err(backend_error)?;
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
struct RegradeRow {
    attempt_id: i64,
    candidate_id: i64,
    person_id: i64,
    name: String,
    ticket_number: String,
    score: i64,
    possible: i64,
    passed: i64,
    finished_at: i64,
    question_id: i64,
    points: i64,
    options: String,
    answer_key: String,
    latest_options: String,
    latest_key: String,
    response: Option<String>,
    marked_points: Option<i64>,
}

/// One paper marked again.
struct Remarked {
    attempt_id: i64,
    person_id: i64,
    possible: i64,
    finished_at: i64,
    change: RegradeChange,
}

/// Marks every finished paper of a sitting again with the latest keys (reads only).
async fn remark(
    conn: &mut AnyConnection,
    sitting_id: i64,
    pass_mark: i64,
    policy: MultiChoicePolicy,
) -> Result<(Vec<Remarked>, i64), StoreError> {
    let rows: Vec<RegradeRow> = sqlx::query_as(
        "SELECT a.id AS attempt_id, c.id AS candidate_id, c.person_id, p.name, c.ticket_number, a.score, a.possible, a.passed, a.finished_at, \
                q.id AS question_id, pi.points, q.options, q.answer_key, l.options AS latest_options, l.answer_key AS latest_key, an.response, pi.marked_points \
         FROM candidates c JOIN people p ON p.id = c.person_id JOIN attempts a ON a.candidate_id = c.id \
         JOIN paper_items pi ON pi.attempt_id = a.id JOIN questions q ON q.id = pi.question_id \
         JOIN questions l ON COALESCE(l.lineage_id, l.id) = COALESCE(q.lineage_id, q.id) AND l.superseded_by IS NULL \
         LEFT JOIN answers an ON an.attempt_id = a.id AND an.question_id = pi.question_id \
         WHERE c.sitting_id = $1 AND a.finished_at IS NOT NULL AND a.voided_at IS NULL AND a.score IS NOT NULL \
         ORDER BY c.seat, pi.position",
    )
    .bind(sitting_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(backend_error)?;
    // Each paper with its items and its short answers' marks (a marker's, kept as given).
    let mut papers: Vec<(RegradeRow, Vec<RegradeItem>, i64)> = Vec::new();
    let mut corrected = std::collections::BTreeSet::new();
    for row in rows {
        let marked = row.marked_points.unwrap_or(0);
        let item = RegradeItem {
            points: row.points,
            options: from_json(&row.options)?,
            key: from_json(&row.answer_key)?,
            latest_options: from_json(&row.latest_options)?,
            latest_key: from_json(&row.latest_key)?,
            response: row.response.as_deref().map(from_json).transpose()?,
        };
        if item.corrected() {
            corrected.insert(row.question_id);
        }
        match papers.last_mut() {
            Some((head, items, sum)) if head.attempt_id == row.attempt_id => {
                items.push(item);
                *sum += marked;
            }
            _ => papers.push((row, vec![item], marked)),
        }
    }
    let remarked = papers
        .into_iter()
        .map(|(r, items, marked)| {
            let new_score = regrade(&items, policy).earned + marked;
            Remarked {
                attempt_id: r.attempt_id,
                person_id: r.person_id,
                possible: r.possible,
                finished_at: r.finished_at,
                change: RegradeChange {
                    candidate_id: r.candidate_id,
                    name: r.name,
                    ticket_number: r.ticket_number,
                    old_score: r.score,
                    new_score,
                    old_passed: r.passed != 0,
                    new_passed: passed(new_score, pass_mark),
                },
            }
        })
        .collect();
    Ok((remarked, corrected.len() as i64))
}

#[async_trait]
impl ResultsRepo for Db {
    async fn regrade(
        &self,
        actor: &Actor,
        scope_path: &str,
        sitting_id: i64,
        reason: &str,
        now: i64,
        apply: bool,
    ) -> Result<RegradePlan, StoreError> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "SELECT s.pass_mark, s.results_published_at, s.jurisdiction_id, s.multi_choice_policy FROM sittings s JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             WHERE s.id = $1 AND j.path LIKE $2 || '%'{}",
            self.lock_rows("s")
        );
        let sitting: Option<(i64, Option<i64>, i64, String)> = sqlx::query_as(&sql)
            .bind(sitting_id)
            .bind(scope_path)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend_error)?;
        let (pass_mark, published_at, jurisdiction_id, policy) =
            sitting.ok_or(StoreError::NotFound)?;
        let policy = MultiChoicePolicy::parse(&policy)
            .ok_or_else(|| StoreError::backend(format!("unknown policy {policy}")))?;
        let (remarked, corrected_questions) =
            remark(&mut tx, sitting_id, pass_mark, policy).await?;
        let plan = RegradePlan {
            corrected_questions,
            papers: remarked.len() as i64,
            changes: remarked
                .iter()
                .filter(|r| r.change.new_score != r.change.old_score)
                .map(|r| r.change.clone())
                .collect(),
            applied: apply,
        };
        if !apply {
            tx.rollback().await.map_err(backend_error)?;
            return Ok(plan);
        }
        let term_ends_at = self.rules_in_force(jurisdiction_id).await?.0.term_ends_at;
        for r in remarked
            .iter()
            .filter(|r| r.change.new_score != r.change.old_score)
        {
            sqlx::query("UPDATE attempts SET score = $1, passed = $2 WHERE id = $3")
                .bind(r.change.new_score)
                .bind(i64::from(r.change.new_passed))
                .bind(r.attempt_id)
                .execute(&mut *tx)
                .await
                .map_err(backend_error)?;
            if published_at.is_none() || r.change.new_passed == r.change.old_passed {
                sqlx::query("UPDATE pass_records SET score = $1 WHERE attempt_id = $2")
                    .bind(r.change.new_score)
                    .bind(r.attempt_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
            } else if r.change.new_passed {
                let pass = PassRecord {
                    person_id: r.person_id,
                    attempt_id: r.attempt_id,
                    sitting_id,
                    score: r.change.new_score,
                    possible: r.possible,
                    passed_at: r.finished_at,
                };
                pass.insert(&mut tx, term_ends_at, now).await?;
            } else {
                sqlx::query("DELETE FROM pass_records WHERE attempt_id = $1")
                    .bind(r.attempt_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
            }
        }
        AuditRecord::new(AuditAction::SittingRegrade, "sitting", sitting_id)
            .jurisdiction(Some(jurisdiction_id))
            .reason(Some(reason))
            .detail(json!({
                "corrected_questions": corrected_questions,
                "changes": plan.changes.iter().map(|c| json!({
                    "candidate": c.candidate_id, "from": c.old_score, "to": c.new_score,
                    "passed_from": c.old_passed, "passed_to": c.new_passed,
                })).collect::<Vec<_>>(),
            }))
            .commit(tx, actor, now)
            .await?;
        Ok(plan)
    }

    async fn publish_results(
        &self,
        actor: &Actor,
        scope_path: &str,
        sitting_id: i64,
        note: &str,
        measures: &[ItemMeasure],
        now: i64,
    ) -> Result<Published, StoreError> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "SELECT s.state, s.results_published_at, s.jurisdiction_id FROM sittings s JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             WHERE s.id = $1 AND j.path LIKE $2 || '%'{}",
            self.lock_rows("s")
        );
        let sitting: Option<(String, Option<i64>, i64)> = sqlx::query_as(&sql)
            .bind(sitting_id)
            .bind(scope_path)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend_error)?;
        let (state, published_at, jurisdiction_id) = sitting.ok_or(StoreError::NotFound)?;
        let state = SittingState::parse(&state)
            .ok_or_else(|| StoreError::backend(format!("unknown state {state}")))?;
        let (unmarked,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM attempts a JOIN candidates c ON c.id = a.candidate_id \
             WHERE c.sitting_id = $1 AND a.finished_at IS NOT NULL AND a.voided_at IS NULL AND a.score IS NULL",
        )
        .bind(sitting_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend_error)?;
        check_publish(
            state,
            published_at.is_some(),
            usize::try_from(unmarked).unwrap_or(usize::MAX),
            note,
        )
        .map_err(|e| StoreError::refused(Refusal::state(e)))?;
        let term_ends_at = self.rules_in_force(jurisdiction_id).await?.0.term_ends_at;
        let papers: Vec<(i64, i64, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT a.id, c.person_id, a.score, a.possible, a.finished_at, a.passed FROM attempts a \
             JOIN candidates c ON c.id = a.candidate_id \
             WHERE c.sitting_id = $1 AND a.finished_at IS NOT NULL AND a.voided_at IS NULL AND a.score IS NOT NULL",
        )
        .bind(sitting_id)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend_error)?;
        let mut passes = 0;
        for &(attempt_id, person_id, score, possible, finished_at, passed) in &papers {
            if passed == 0 {
                continue;
            }
            let pass = PassRecord {
                person_id,
                attempt_id,
                sitting_id,
                score,
                possible,
                passed_at: finished_at,
            };
            pass.insert(&mut tx, term_ends_at, now).await?;
            passes += 1;
        }
        sqlx::query("UPDATE sittings SET results_published_at = $1 WHERE id = $2")
            .bind(now)
            .bind(sitting_id)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        // Only the sitting's own questions: the measures come from its marked papers.
        for m in measures {
            sqlx::query(
                "INSERT INTO question_measures (sitting_id, question_id, lineage_id, answered_by, facility_permille, discrimination_permille) \
                 SELECT $1, q.id, COALESCE(q.lineage_id, q.id), $3, $4, $5 FROM questions q \
                 WHERE q.id = $2 AND q.id IN (SELECT pi.question_id FROM paper_items pi JOIN attempts a ON a.id = pi.attempt_id \
                 JOIN candidates c ON c.id = a.candidate_id WHERE c.sitting_id = $1)",
            )
            .bind(sitting_id)
            .bind(m.question_id)
            .bind(m.answered_by)
            .bind(m.facility_permille)
            .bind(m.discrimination_permille)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        }
        let published = Published {
            papers: papers.len() as i64,
            passes,
        };
        AuditRecord::new(AuditAction::SittingPublishResults, "sitting", sitting_id)
            .jurisdiction(Some(jurisdiction_id))
            .reason(Some(note))
            .detail(json!({ "papers": published.papers, "passes": passes, "term_ends_at": term_ends_at, "questions_measured": measures.len() }))
            .commit(tx, actor, now)
            .await?;
        Ok(published)
    }

    async fn sitting_marks(
        &self,
        scope_path: &str,
        sitting_id: i64,
    ) -> Result<Option<SittingMarks>, StoreError> {
        let Some(summary) = self.sitting_summary(scope_path, sitting_id).await? else {
            return Ok(None);
        };
        #[allow(clippy::type_complexity, reason = "one row of the query below")]
        let rows: Vec<(i64, i64, String, String, String, i64, String, Option<String>, Option<i64>)> =
            sqlx::query_as(
                "SELECT c.id, pi.question_id, q.kind, q.stem, q.law_id, pi.points, q.answer_key, an.response, pi.marked_points \
                 FROM candidates c JOIN attempts a ON a.candidate_id = c.id \
                 JOIN paper_items pi ON pi.attempt_id = a.id JOIN questions q ON q.id = pi.question_id \
                 LEFT JOIN answers an ON an.attempt_id = a.id AND an.question_id = pi.question_id \
                 WHERE c.sitting_id = $1 AND a.finished_at IS NOT NULL AND a.voided_at IS NULL \
                 ORDER BY c.id, pi.position",
            )
            .bind(sitting_id)
            .fetch_all(self.pool())
            .await
            .map_err(backend_error)?;
        let responses = rows
            .into_iter()
            .map(
                |(candidate_id, question_id, k, stem, law_id, points, key, response, marked)| {
                    Ok(MarkedResponse {
                        candidate_id,
                        question_id,
                        kind: kind(&k)?,
                        stem,
                        law_id,
                        points,
                        key: from_json(&key)?,
                        response: response.as_deref().map(from_json).transpose()?,
                        marked,
                    })
                },
            )
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some(SittingMarks {
            summary,
            candidates: candidate_records(self.pool(), sitting_id).await?,
            responses,
        }))
    }

    async fn result_record(&self, candidate_id: i64) -> Result<Option<ResultRecord>, StoreError> {
        let row: Option<ResultRow> = sqlx::query_as(
            "SELECT p.name, c.ticket_number, s.title, s.pass_mark, s.review_policy, s.results_published_at, \
                    CAST(CASE WHEN a.finished_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS finished, \
                    CAST(CASE WHEN a.voided_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS voided, \
                    a.score, a.possible, a.passed \
             FROM candidates c JOIN people p ON p.id = c.person_id JOIN sittings s ON s.id = c.sitting_id \
             LEFT JOIN attempts a ON a.candidate_id = c.id WHERE c.id = $1",
        )
        .bind(candidate_id)
        .fetch_optional(self.pool())
        .await
        .map_err(backend_error)?;
        row.map(|r| {
            Ok(ResultRecord {
                review: ReviewPolicy::parse(&r.review_policy).ok_or_else(|| {
                    StoreError::backend(format!("unknown review policy {}", r.review_policy))
                })?,
                name: r.name,
                ticket_number: r.ticket_number,
                sitting_title: r.title,
                pass_mark: r.pass_mark,
                published_at: r.results_published_at,
                finished: r.finished != 0,
                voided: r.voided != 0,
                score: r.score,
                possible: r.possible,
                passed: r.passed.map(|p| p != 0),
            })
        })
        .transpose()
    }

    async fn review_records(&self, candidate_id: i64) -> Result<Vec<ReviewRecord>, StoreError> {
        review_rows(self.pool(), candidate_id, true).await
    }

    async fn paper_for_check(
        &self,
        scope_path: &str,
        candidate_id: i64,
    ) -> Result<Option<(i64, String, Option<i64>, Vec<ReviewRecord>)>, StoreError> {
        let sitting: Option<(i64, String, Option<i64>)> = sqlx::query_as(
            "SELECT s.id, s.title, a.score FROM candidates c JOIN sittings s ON s.id = c.sitting_id \
             JOIN jurisdictions j ON j.id = s.jurisdiction_id LEFT JOIN attempts a ON a.candidate_id = c.id \
             WHERE c.id = $1 AND j.path LIKE $2 || '%'",
        )
        .bind(candidate_id)
        .bind(scope_path)
        .fetch_optional(self.pool())
        .await
        .map_err(backend_error)?;
        let Some((sitting_id, title, score)) = sitting else {
            return Ok(None);
        };
        Ok(Some((
            sitting_id,
            title,
            score,
            review_rows(self.pool(), candidate_id, false).await?,
        )))
    }

    async fn file_appeal(
        &self,
        candidate_id: i64,
        reason: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        #[allow(clippy::type_complexity, reason = "one row of the query below")]
        let row: Option<(Option<i64>, i64, Option<i64>, String, String, i64, i64)> = sqlx::query_as(
            "SELECT s.results_published_at, \
                    CAST(CASE WHEN a.finished_at IS NOT NULL AND a.voided_at IS NULL THEN 1 ELSE 0 END AS BIGINT), \
                    a.score, p.name, c.ticket_number, s.jurisdiction_id, \
                    (SELECT COUNT(*) FROM appeals ap WHERE ap.candidate_id = c.id AND ap.decided_at IS NULL) \
             FROM candidates c JOIN people p ON p.id = c.person_id JOIN sittings s ON s.id = c.sitting_id \
             LEFT JOIN attempts a ON a.candidate_id = c.id WHERE c.id = $1",
        )
        .bind(candidate_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend_error)?;
        let (published_at, has_paper, score, name, ticket, jurisdiction_id, pending) =
            row.ok_or(StoreError::NotFound)?;
        check_appeal(published_at, has_paper != 0, pending > 0, reason, now)
            .map_err(|e| StoreError::refused(Refusal::state(e)))?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO appeals (candidate_id, filed_at, reason, score_at_filing) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(candidate_id)
        .bind(now)
        .bind(reason.trim())
        .bind(score)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend_error)?;
        let actor = Actor {
            user_id: None,
            label: format!("{name}（{ticket}）"),
            jurisdiction_id: Some(jurisdiction_id),
        };
        AuditRecord::new(AuditAction::AppealFile, "candidate", candidate_id)
            .jurisdiction(Some(jurisdiction_id))
            .reason(Some(reason.trim()))
            .detail(json!({ "appeal": id, "score": score }))
            .commit(tx, &actor, now)
            .await?;
        Ok(id)
    }

    async fn decide_appeal(
        &self,
        actor: &Actor,
        scope_path: &str,
        appeal_id: i64,
        response: &str,
        now: i64,
    ) -> Result<AppealOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "SELECT ap.candidate_id, ap.decided_at, ap.score_at_filing, a.score, s.jurisdiction_id FROM appeals ap \
             JOIN candidates c ON c.id = ap.candidate_id JOIN sittings s ON s.id = c.sitting_id \
             JOIN jurisdictions j ON j.id = s.jurisdiction_id LEFT JOIN attempts a ON a.candidate_id = c.id \
             WHERE ap.id = $1 AND j.path LIKE $2 || '%'{}",
            self.lock_rows("ap")
        );
        #[allow(clippy::type_complexity, reason = "one row of the query above")]
        let row: Option<(i64, Option<i64>, Option<i64>, Option<i64>, i64)> = sqlx::query_as(&sql)
            .bind(appeal_id)
            .bind(scope_path)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend_error)?;
        let (candidate_id, decided_at, at_filing, now_score, jurisdiction_id) =
            row.ok_or(StoreError::NotFound)?;
        check_decision(decided_at.is_some(), response)
            .map_err(|e| StoreError::refused(Refusal::state(e)))?;
        let outcome = AppealOutcome::of(at_filing, now_score);
        sqlx::query(
            "UPDATE appeals SET decided_at = $1, decided_by = $2, outcome = $3, response = $4, score_after = $5 WHERE id = $6",
        )
        .bind(now)
        .bind(&actor.label)
        .bind(outcome.as_str())
        .bind(response.trim())
        .bind(now_score)
        .bind(appeal_id)
        .execute(&mut *tx)
        .await
        .map_err(backend_error)?;
        AuditRecord::new(AuditAction::AppealDecide, "candidate", candidate_id)
            .jurisdiction(Some(jurisdiction_id))
            .reason(Some(response.trim()))
            .detail(json!({ "appeal": appeal_id, "outcome": outcome.as_str(), "from": at_filing, "to": now_score }))
            .commit(tx, actor, now)
            .await?;
        Ok(outcome)
    }

    async fn person_history(
        &self,
        scope_path: &str,
        person_id: i64,
    ) -> Result<Option<PersonRecord>, StoreError> {
        let person: Option<(String, String)> =
            sqlx::query_as("SELECT name, id_card_number FROM people WHERE id = $1")
                .bind(person_id)
                .fetch_optional(self.pool())
                .await
                .map_err(backend_error)?;
        let Some((name, id_card_number)) = person else {
            return Ok(None);
        };
        let sittings: Vec<(i64,)> = sqlx::query_as(
            "SELECT s.id FROM candidates c JOIN sittings s ON s.id = c.sitting_id JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             WHERE c.person_id = $1 AND j.path LIKE $2 || '%' ORDER BY s.opens_at, s.id",
        )
        .bind(person_id)
        .bind(scope_path)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        if sittings.is_empty() {
            return Ok(None);
        }
        let mut enrolments = Vec::new();
        for (sitting_id,) in sittings {
            let Some(summary) = self.sitting_summary(scope_path, sitting_id).await? else {
                continue;
            };
            let candidate = candidate_records(self.pool(), sitting_id)
                .await?
                .into_iter()
                .find(|c| c.person_id == person_id);
            if let Some(candidate) = candidate {
                enrolments.push((summary, candidate));
            }
        }
        let passes: Vec<(i64, String, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT s.id, s.title, pr.score, pr.possible, pr.passed_at, pr.valid_until FROM pass_records pr \
             JOIN sittings s ON s.id = pr.sitting_id JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             WHERE pr.person_id = $1 AND j.path LIKE $2 || '%' ORDER BY pr.passed_at DESC",
        )
        .bind(person_id)
        .bind(scope_path)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        Ok(Some(PersonRecord {
            name,
            id_card_number,
            enrolments,
            passes: passes
                .into_iter()
                .map(
                    |(sitting_id, sitting_title, score, possible, passed_at, valid_until)| {
                        app::results::PassRecord {
                            sitting_id,
                            sitting_title,
                            score,
                            possible,
                            passed_at,
                            valid_until,
                        }
                    },
                )
                .collect(),
        }))
    }

    async fn appeals(&self, of: AppealsOf<'_>) -> Result<Vec<AppealView>, StoreError> {
        let select = "SELECT ap.id, ap.candidate_id, p.name, c.ticket_number, ap.filed_at, ap.reason, ap.score_at_filing, \
                a.score AS score_now, ap.decided_at, ap.decided_by, ap.outcome, ap.response \
             FROM appeals ap JOIN candidates c ON c.id = ap.candidate_id JOIN people p ON p.id = c.person_id \
             JOIN sittings s ON s.id = c.sitting_id JOIN jurisdictions j ON j.id = s.jurisdiction_id \
             LEFT JOIN attempts a ON a.candidate_id = c.id";
        let rows: Vec<AppealRow> = match of {
            AppealsOf::Candidate(id) => {
                sqlx::query_as(&format!("{select} WHERE c.id = $1 ORDER BY ap.id DESC"))
                    .bind(id)
                    .fetch_all(self.pool())
                    .await
            }
            AppealsOf::Sitting {
                scope_path,
                sitting_id,
            } => {
                sqlx::query_as(&format!(
                    "{select} WHERE s.id = $1 AND j.path LIKE $2 || '%' ORDER BY ap.id DESC"
                ))
                .bind(sitting_id)
                .bind(scope_path)
                .fetch_all(self.pool())
                .await
            }
        }
        .map_err(backend_error)?;
        Ok(rows
            .into_iter()
            .map(|r| AppealView {
                id: r.id,
                candidate_id: r.candidate_id,
                name: r.name,
                ticket_number: r.ticket_number,
                filed_at: r.filed_at,
                reason: r.reason,
                score_at_filing: r.score_at_filing,
                score_now: r.score_now,
                decided_at: r.decided_at,
                decided_by: r.decided_by,
                outcome: r.outcome.as_deref().and_then(AppealOutcome::parse),
                response: r.response,
            })
            .collect())
    }
}

/// A candidate's paper in order with keys (of a published sitting only, when asked).
async fn review_rows(
    pool: &sqlx::AnyPool,
    candidate_id: i64,
    only_published: bool,
) -> Result<Vec<ReviewRecord>, StoreError> {
    let rows: Vec<ReviewRow> = sqlx::query_as(
        "SELECT pi.position, pi.points, pi.section, pi.option_order, q.id, q.kind, q.stem, q.options, q.answer_key, \
                q.explanation, q.law_id, q.article, q.paragraph, an.response, pi.marked_points \
         FROM candidates c JOIN sittings s ON s.id = c.sitting_id JOIN attempts a ON a.candidate_id = c.id \
         JOIN paper_items pi ON pi.attempt_id = a.id JOIN questions q ON q.id = pi.question_id \
         LEFT JOIN answers an ON an.attempt_id = a.id AND an.question_id = pi.question_id \
         WHERE c.id = $1 AND (s.results_published_at IS NOT NULL OR $2 = 0) AND a.finished_at IS NOT NULL AND a.voided_at IS NULL \
         ORDER BY pi.position",
    )
    .bind(candidate_id)
    .bind(i64::from(only_published))
    .fetch_all(pool)
    .await
    .map_err(backend_error)?;
    rows.into_iter()
        .map(|r| {
            Ok(ReviewRecord {
                position: r.position,
                points: r.points,
                shown: paper_item(r.question.id, r.points, r.section, &r.option_order)?,
                response: r.response.as_deref().map(from_json).transpose()?,
                marked: r.marked_points,
                question: PracticeItem::try_from(r.question)?,
            })
        })
        .collect()
}
