//! Taking the exam: the candidate's paper, answers saved as they change, the server's clock.
//!
//! Nothing in this module's wire types can carry a key, a score or an explanation: the
//! candidate side is built only from these types.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
mod sync;

use question_bank::question::{Answer, QuestionKind};
use serde::{Deserialize, Serialize};

/// What the candidate's page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamState {
    pub sitting_title: String,
    pub candidate_name: String,
    pub ticket_number: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub duration_minutes: i64,
    pub question_count: i64,
    pub total_points: i64,
    pub phase: ExamPhase,
}

/// Where the candidate is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExamPhase {
    /// The sitting has not opened yet.
    Waiting,
    /// The sitting is open; the candidate may start.
    Ready,
    /// Answering.
    InProgress(PaperView),
    /// Handed in (by the candidate, or at the deadline).
    Finished { finished_at: i64, timed_out: bool },
    /// The sitting closed before the candidate started.
    Closed,
}

/// The candidate's paper and every acknowledged answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperView {
    pub attempt_id: i64,
    /// Time left when the server answered; the page's countdown is anchored to it.
    pub remaining_ms: i64,
    /// The highest save sequence the server holds; the page continues after it.
    pub last_seq: i64,
    pub questions: Vec<PaperQuestion>,
    pub answers: Vec<SavedAnswer>,
}

/// One question as the candidate sees it: no key, no explanation, no citation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperQuestion {
    pub question_id: i64,
    pub number: i64,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
    pub points: i64,
}

/// An answer the server holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAnswer {
    pub question_id: i64,
    pub answer: Answer,
}

/// The server's reply to a save.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveAck {
    /// The sequence number acknowledged.
    pub seq: i64,
    /// False when a save with a higher sequence had already been stored (a late duplicate).
    pub applied: bool,
    pub remaining_ms: i64,
}

/// The server's clock for an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockView {
    pub remaining_ms: i64,
    pub finished: bool,
}
