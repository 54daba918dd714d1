//! Results' server functions: publishing (staff and graders), the sitting report (anyone
//! who may see the sitting), and a candidate's own result (after publication only).

use leptos::prelude::*;

use question_bank::results::AppealOutcome;

use super::{BankAnalysis, MyResult, PaperCheck, PersonHistory, RegradePlan, SittingReport};
#[cfg(feature = "ssr")]
use super::{HistoryRow, PassView};
use crate::error::AppError;

/// 发布成绩: makes a closed, fully marked sitting's results visible to its candidates and
/// turns every passed paper into a pass record; once, audited with the note.
#[server(prefix = "/api", endpoint = "results/publish")]
pub async fn publish_results(
    sitting_id: i64,
    #[server(default)] note: String,
) -> Result<i64, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::PublishResults, async |user, state| {
        // Each question's facility and discrimination from this sitting, from the same item
        // analysis as the report; publication refuses a sitting with unmarked papers, so
        // these are final.
        let measures: Vec<_> = match state
            .store
            .sitting_marks(&user.jurisdiction_path, sitting_id)
            .await?
        {
            Some(marks) => super::report::build(marks, Vec::new(), crate::state::now_ms())
                .items
                .iter()
                .map(|item| question_bank::results::measured::ItemMeasure::from(&item.stats))
                .collect(),
            None => Vec::new(),
        };
        let published = state
            .store
            .publish_results(
                &user.actor(),
                &user.jurisdiction_path,
                sitting_id,
                note.trim(),
                &measures,
                crate::state::now_ms(),
            )
            .await?;
        Ok(published.passes)
    })
    .await
}

/// 重新评分: marks the sitting's papers again with their questions' corrected keys. `mode`
/// "dry" lists what would change and changes nothing; "apply" does it (with a reason).
#[server(prefix = "/api", endpoint = "results/regrade")]
pub async fn regrade_sitting(
    sitting_id: i64,
    mode: String,
    #[server(default)] reason: String,
) -> Result<RegradePlan, AppError> {
    use crate::auth::guard::{require_staff, respond};
    use crate::auth::Permission;
    respond(async {
        // Re-checking papers against corrected keys: it lists candidates by name, so it is
        // for those who re-check papers, never for markers.
        let (user, state) = require_staff(Permission::CheckPapers).await?;
        let apply = match mode.as_str() {
            "dry" => false,
            "apply" => true,
            _ => {
                return Err(AppError::invalid(
                    Some("mode"),
                    "请选择试算或执行。",
                    "Choose a dry run or apply.",
                ))
            }
        };
        if apply && reason.trim().is_empty() {
            return Err(AppError::invalid(
                Some("reason"),
                "请填写重新评分的原因（如：第3题答案更正）。",
                "Give the reason for the regrade (e.g. the key of question 3 corrected).",
            ));
        }
        Ok(state
            .store
            .regrade(
                &user.actor(),
                &user.jurisdiction_path,
                sitting_id,
                reason.trim(),
                crate::state::now_ms(),
                apply,
            )
            .await?)
    })
    .await
}

/// The sitting report (成绩报告) with item analysis.
#[server(prefix = "/api", endpoint = "results/report")]
pub async fn get_report(sitting_id: i64) -> Result<SittingReport, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ReadScores, async |user, state| {
        super::report::load(&state, &user, sitting_id).await
    })
    .await
}

/// 成绩查询: the logged-in candidate's result, as far as publication and the sitting's review
/// policy allow. Before publication it says only that.
#[server(prefix = "/api", endpoint = "results/mine")]
pub async fn own_result() -> Result<MyResult, AppError> {
    use crate::auth::guard::{require_results, respond};
    respond(async {
        let (candidate_id, state) = require_results().await?;
        let record = state
            .store
            .result_record(candidate_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let reviews = match (record.published_at, record.review) {
            (Some(_), policy) if policy != question_bank::exam::rules::ReviewPolicy::ScoreOnly => {
                state.store.review_records(candidate_id).await?
            }
            _ => Vec::new(),
        };
        let ids: Vec<i64> = reviews.iter().map(|r| r.question.id).collect();
        let live = state.store.live_questions(&ids).await?;
        let appeals = state
            .store
            .appeals(super::repo::AppealsOf::Candidate(candidate_id))
            .await?;
        Ok(ssr::my_result(record, reviews, appeals, &live))
    })
    .await
}

/// 申请复核: the candidate asks for their published result to be checked again.
#[server(prefix = "/api", endpoint = "results/appeal")]
pub async fn file_appeal(#[server(default)] reason: String) -> Result<i64, AppError> {
    use crate::auth::guard::{require_results, respond};
    respond(async {
        let (candidate_id, state) = require_results().await?;
        Ok(state
            .store
            .file_appeal(candidate_id, &reason, crate::state::now_ms())
            .await?)
    })
    .await
}

/// 复核决定: a reviewer answers an appeal; the outcome follows from the score (a correction
/// is a regrade done before).
#[server(prefix = "/api", endpoint = "results/decide-appeal")]
pub async fn decide_appeal(
    appeal_id: i64,
    #[server(default)] response: String,
) -> Result<AppealOutcome, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::DecideAppeals, async |user, state| {
        Ok(state
            .store
            .decide_appeal(
                &user.actor(),
                &user.jurisdiction_path,
                appeal_id,
                &response,
                crate::state::now_ms(),
            )
            .await?)
    })
    .await
}

/// Item analysis across every closed sitting in reach.
#[server(prefix = "/api", endpoint = "results/analysis")]
pub async fn get_bank_analysis() -> Result<BankAnalysis, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ReadScores, async |user, state| {
        super::report::across_sittings(&state, &user).await
    })
    .await
}

/// A person's exam history with retakes and pass records (考试记录).
#[server(prefix = "/api", endpoint = "results/person")]
pub async fn get_person_history(person_id: i64) -> Result<PersonHistory, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    use question_bank::appointments::identity::IdCardNumber;
    use question_bank::results::pass_is_valid;
    as_staff(Permission::ReadScores, async |user, state| {
        let record = state
            .store
            .person_history(&user.jurisdiction_path, person_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let now = crate::state::now_ms();
        Ok(PersonHistory {
            person_id,
            id_card_masked: IdCardNumber::parse(&record.id_card_number)
                .map_or_else(|_| "—".to_owned(), |n| n.masked()),
            name: record.name,
            sittings: record
                .enrolments
                .into_iter()
                .map(|(summary, candidate)| {
                    let row = crate::sittings::feed::candidate_rows(
                        vec![candidate],
                        summary.state,
                        now,
                        true,
                    )
                    .remove(0);
                    HistoryRow {
                        candidate_id: row.id,
                        sitting_id: summary.id,
                        sitting_title: summary.title,
                        jurisdiction_name: summary.jurisdiction_name,
                        opens_at: summary.opens_at,
                        retake: row.retake,
                        status: row.status,
                        score: row.score,
                        passed: row.passed,
                        published: summary.results_published_at.is_some(),
                    }
                })
                .collect(),
            passes: record
                .passes
                .into_iter()
                .map(|record| PassView {
                    valid: pass_is_valid(record.valid_until, now),
                    record,
                })
                .collect(),
        })
    })
    .await
}

/// A candidate's paper with every answer and key, for staff and reviewers re-checking it
/// (their work needs the keys; proctors and markers may not read it).
#[server(prefix = "/api", endpoint = "results/paper")]
pub async fn get_paper_check(candidate_id: i64) -> Result<PaperCheck, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    use question_bank::bank::secrecy::Disclosure;
    as_staff(Permission::CheckPapers, async |user, state| {
        let (sitting_id, sitting_title, score, records) = state
            .store
            .paper_for_check(&user.jurisdiction_path, candidate_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let who = state
            .store
            .candidate_overview(candidate_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(PaperCheck {
            sitting_id,
            sitting_title,
            name: who.name,
            ticket_number: who.ticket_number,
            score,
            items: records
                .iter()
                .map(|r| ssr::review_item(r, true, Disclosure::Shown))
                .collect(),
        })
    })
    .await
}

#[cfg(feature = "ssr")]
mod ssr {
    use std::collections::HashSet;

    use question_bank::bank::secrecy::{disclosure, Disclosure, Reader};
    use question_bank::exam::rules::ReviewPolicy;

    use super::super::repo::{ResultRecord, ReviewRecord};
    use question_bank::exam::clock::MINUTE_MS;
    use question_bank::results::APPEAL_DAYS;

    use super::super::{AppealView, MyResult, Outcome, PublishedResult, ReviewItem};
    use crate::practice::api::ssr::feedback;

    /// What the candidate may see: nothing before publication; then the score, and their
    /// paper as the review policy allows, without the keys of the `live` questions.
    pub fn my_result(
        record: ResultRecord,
        reviews: Vec<ReviewRecord>,
        appeals: Vec<AppealView>,
        live: &HashSet<i64>,
    ) -> MyResult {
        let outcome = match (record.published_at, record.score, record.possible) {
            (None, _, _) => Outcome::NotPublished,
            (Some(_), _, _) if record.voided || !record.finished => Outcome::NoPaper {
                voided: record.voided,
            },
            (Some(published_at), Some(score), Some(possible)) => {
                let full = record.review == ReviewPolicy::Full;
                let items = reviews
                    .iter()
                    .map(|r| {
                        let told = disclosure(Reader::Candidate, live.contains(&r.question.id));
                        review_item(r, full, told)
                    })
                    .collect();
                Outcome::Published(PublishedResult {
                    score,
                    possible,
                    pass_mark: record.pass_mark,
                    passed: record.passed == Some(true),
                    published_at,
                    review: record.review,
                    items,
                    appeals,
                    appeal_until: published_at + APPEAL_DAYS * 24 * 60 * MINUTE_MS,
                })
            }
            (Some(_), _, _) => Outcome::NoPaper { voided: false },
        };
        MyResult {
            sitting_title: record.sitting_title,
            name: record.name,
            ticket_number: record.ticket_number,
            outcome,
        }
    }

    /// One question of a paper as reviewed: with the key, explanation and article when
    /// `full` and `told` shows them, otherwise only the answer and whether it was right.
    pub fn review_item(r: &ReviewRecord, full: bool, told: Disclosure) -> ReviewItem {
        let f = feedback(&r.question, Some(&r.shown), r.response.as_ref(), told);
        let withheld = if full { told.withheld() } else { None };
        let full = full && withheld.is_none();
        ReviewItem {
            number: r.position,
            kind: r.question.kind,
            stem: r.question.stem.clone(),
            options: r.shown.displayed_options(&r.question.options),
            points: r.points,
            given: f.given,
            correct: question_bank::exam::scoring::full_marks(
                &r.question.key,
                r.points,
                r.response.as_ref(),
                r.marked,
            ),
            marked: (r.question.kind == question_bank::bank::question::QuestionKind::ShortAnswer)
                .then_some(r.marked.unwrap_or(0)),
            key: full.then_some(f.key),
            explanation: full.then_some(f.explanation),
            citation: full.then_some(f.citation),
            article: if full { f.article } else { Vec::new() },
            withheld,
        }
    }
}
