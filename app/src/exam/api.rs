//! The candidate's server functions. Each one identifies the candidate from the session and
//! passes that id into the query; the attempt id in a request is only ever a claim.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use question_bank::bank::question::Answer;

use super::{ClockView, ExamState, SaveAck};
use crate::error::AppError;

/// The candidate's page: sitting, phase and (while answering) the paper with every saved answer.
#[server(prefix = "/api", endpoint = "exam/state")]
pub async fn load_exam() -> Result<ExamState, AppError> {
    use crate::auth::guard::{require_candidate, respond};
    respond(async {
        let (candidate_id, state) = require_candidate().await?;
        ssr::exam_state(&state, candidate_id).await
    })
    .await
}

/// Starts the exam (idempotent: a second call returns the same attempt).
#[server(prefix = "/api", endpoint = "exam/start")]
pub async fn start_attempt() -> Result<ExamState, AppError> {
    use crate::auth::guard::{require_candidate, respond};
    use crate::state::now_ms;
    respond(async {
        let (candidate_id, state) = require_candidate().await?;
        // The seed of the candidate's paper, when the sitting draws papers (stored with it).
        let seed = rand::Rng::random::<u64>(&mut rand::rng());
        state
            .store
            .start_attempt(candidate_id, now_ms(), seed)
            .await?;
        ssr::exam_state(&state, candidate_id).await
    })
    .await
}

/// Saves one answer with the page's sequence number; the highest sequence wins.
#[server(prefix = "/api", endpoint = "exam/save", input = Json)]
pub async fn save_answer(
    attempt_id: i64,
    question_id: i64,
    answer: Answer,
    seq: i64,
) -> Result<SaveAck, AppError> {
    use super::repo::AnswerSave;
    use crate::auth::guard::{candidate_session, respond};
    use crate::state::now_ms;
    use question_bank::exam::clock::remaining_ms;
    respond(async {
        // The session's generation is checked by the store, in the statement that writes.
        let (candidate_id, generation, state) = candidate_session().await?;
        if seq < 1 {
            return Err(AppError::invalid(
                Some("seq"),
                "保存序号无效。",
                "Invalid save sequence number.",
            ));
        }
        let now = now_ms();
        let save = AnswerSave {
            candidate_id,
            generation,
            attempt_id,
            question_id,
            answer: &answer,
            seq,
        };
        let result = state
            .store
            .save_answer(save, now, state.settings.answer_grace_ms)
            .await?;
        Ok(SaveAck {
            seq,
            applied: result.applied,
            remaining_ms: remaining_ms(now, result.deadline_at),
        })
    })
    .await
}

/// The server's time left, for correcting the page's countdown.
#[server(prefix = "/api", endpoint = "exam/clock", input = Json)]
pub async fn exam_clock(attempt_id: i64) -> Result<ClockView, AppError> {
    use crate::auth::guard::{require_candidate, respond};
    use crate::state::now_ms;
    use question_bank::exam::clock::remaining_ms;
    respond(async {
        let (candidate_id, state) = require_candidate().await?;
        let overview = state
            .store
            .candidate_overview(candidate_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let attempt = overview
            .attempt
            .filter(|a| a.id == attempt_id)
            .ok_or(AppError::NotFound)?;
        Ok(ClockView {
            remaining_ms: remaining_ms(now_ms(), attempt.deadline_at),
            finished: attempt.finished_at.is_some(),
        })
    })
    .await
}

/// The page lost focus (the candidate went to another tab or window): counted for the
/// proctor.
#[server(prefix = "/api", endpoint = "exam/focus-lost", input = Json)]
pub async fn report_focus_loss(attempt_id: i64) -> Result<(), AppError> {
    use crate::auth::guard::{require_candidate, respond};
    use crate::state::now_ms;
    respond(async {
        let (candidate_id, state) = require_candidate().await?;
        Ok(state
            .store
            .record_focus_loss(candidate_id, attempt_id, now_ms())
            .await?)
    })
    .await
}

/// Hands the paper in (idempotent). No score is returned: results are published by staff.
#[server(prefix = "/api", endpoint = "exam/submit", input = Json)]
pub async fn submit_attempt(attempt_id: i64) -> Result<ExamState, AppError> {
    use crate::auth::guard::{require_candidate, respond};
    use crate::state::now_ms;
    respond(async {
        let (candidate_id, state) = require_candidate().await?;
        state
            .store
            .finish_attempt(candidate_id, attempt_id, now_ms())
            .await?;
        ssr::exam_state(&state, candidate_id).await
    })
    .await
}

#[cfg(feature = "ssr")]
mod ssr {
    use question_bank::exam::clock::{accepts_writes, remaining_ms};
    use question_bank::exam::lifecycle::SittingState;

    use super::super::{ExamPhase, ExamState, PaperQuestion, PaperView, SavedAnswer};
    use crate::error::AppError;
    use crate::state::{now_ms, AppState};

    pub async fn exam_state(state: &AppState, candidate_id: i64) -> Result<ExamState, AppError> {
        let now = now_ms();
        let o = state
            .store
            .candidate_overview(candidate_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let phase = match &o.attempt {
            Some(_) if o.voided => ExamPhase::Voided,
            None if matches!(o.state, SittingState::Closed | SittingState::Archived)
                || now >= o.closes_at =>
            {
                ExamPhase::Closed
            }
            None if now < o.opens_at || o.state != SittingState::Open => ExamPhase::Waiting,
            None => ExamPhase::Ready,
            Some(a)
                if a.finished_at.is_none()
                    && !accepts_writes(now, a.deadline_at, state.settings.answer_grace_ms) =>
            {
                // Past the deadline and grace: finish it now rather than wait for the sweeper.
                let done = state.store.finish_attempt(candidate_id, a.id, now).await?;
                finished(&done)
            }
            Some(a) if a.finished_at.is_some() => finished(a),
            Some(a) => {
                let questions = state.store.paper(a.id).await?;
                let answers = state.store.saved_answers(a.id).await?;
                ExamPhase::InProgress(PaperView {
                    attempt_id: a.id,
                    remaining_ms: remaining_ms(now, a.deadline_at),
                    last_seq: a.last_seq,
                    questions: questions
                        .into_iter()
                        .map(|q| PaperQuestion {
                            question_id: q.question_id,
                            number: q.position,
                            kind: q.kind,
                            stem: q.stem,
                            options: q.options,
                            points: q.points,
                        })
                        .collect(),
                    answers: answers
                        .into_iter()
                        .map(|(question_id, answer)| SavedAnswer {
                            question_id,
                            answer,
                        })
                        .collect(),
                })
            }
        };
        Ok(ExamState {
            sitting_title: o.sitting_title,
            candidate_name: o.name,
            ticket_number: o.ticket_number,
            opens_at: o.opens_at,
            closes_at: o.closes_at,
            duration_minutes: o.duration_minutes,
            question_count: o.question_count,
            total_points: o.total_points,
            phase,
        })
    }

    fn finished(a: &crate::exam::repo::AttemptRecord) -> ExamPhase {
        ExamPhase::Finished {
            finished_at: a.finished_at.unwrap_or(a.deadline_at),
            timed_out: a.finish_reason
                == Some(question_bank::exam::attempt::FinishReason::Deadline),
        }
    }
}
