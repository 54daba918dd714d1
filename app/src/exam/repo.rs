use async_trait::async_trait;
use question_bank::bank::question::{Answer, QuestionKind};

use crate::state::StoreError;

/// A candidate's enrolment, sitting and attempt.
#[derive(Clone, Debug)]
pub struct CandidateOverview {
    pub candidate_id: i64,
    pub name: String,
    pub ticket_number: String,
    pub sitting_title: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub duration_minutes: i64,
    pub question_count: i64,
    pub total_points: i64,
    pub state: question_bank::exam::lifecycle::SittingState,
    /// A proctor voided the paper.
    pub voided: bool,
    /// A proctor marked the candidate absent.
    pub absent: bool,
    pub attempt: Option<AttemptRecord>,
}

impl CandidateOverview {
    /// The paper is still to be written or handed in: the exam needs the candidate's login.
    pub fn paper_open(&self) -> bool {
        !self.voided
            && !self.absent
            && self.state.admits_logins()
            && self
                .attempt
                .as_ref()
                .is_none_or(|a| a.finished_at.is_none())
    }
}

/// An attempt as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptRecord {
    pub id: i64,
    pub started_at: i64,
    pub deadline_at: i64,
    pub last_seq: i64,
    pub finished_at: Option<i64>,
    pub finish_reason: Option<question_bank::exam::attempt::FinishReason>,
}

/// One item of the paper, without its key.
#[derive(Clone, Debug)]
pub struct PaperItem {
    pub question_id: i64,
    pub position: i64,
    pub points: i64,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
}

/// A save as the candidate's page sent it.
#[derive(Clone, Debug)]
pub struct AnswerSave<'a> {
    pub candidate_id: i64,
    /// The session generation the save comes from; a save from a session that a later
    /// login ended is refused (`attempt::SaveRefusal::Superseded`).
    pub generation: i64,
    pub attempt_id: i64,
    pub question_id: i64,
    pub answer: &'a Answer,
    pub seq: i64,
}

/// What a save did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SaveResult {
    /// False when the stored answer already came from a higher sequence number.
    pub applied: bool,
    pub deadline_at: i64,
}

/// Attempts and answers. Every candidate-side method takes the candidate's id and matches it
/// in the query, so one candidate can never reach another's attempt.
#[async_trait]
pub trait AttemptRepo: Send + Sync {
    /// The candidate's enrolment with sitting and attempt.
    async fn candidate_overview(
        &self,
        candidate_id: i64,
    ) -> Result<Option<CandidateOverview>, StoreError>;
    /// Starts the candidate's attempt with its paper (drawn with `seed` when the sitting
    /// draws papers), or returns the one already started (idempotent). Refused outside the
    /// sitting's window.
    async fn start_attempt(
        &self,
        candidate_id: i64,
        now: i64,
        seed: u64,
    ) -> Result<AttemptRecord, StoreError>;
    /// The paper of an attempt, in order, options as this paper shows them. Callers check
    /// ownership first.
    async fn paper(&self, attempt_id: i64) -> Result<Vec<PaperItem>, StoreError>;
    /// Every stored answer of an attempt, in the paper's option order.
    async fn saved_answers(&self, attempt_id: i64) -> Result<Vec<(i64, Answer)>, StoreError>;
    /// Stores an answer if its sequence number is higher than the stored one's, durably
    /// (committed before it returns), while the attempt is unfinished and within its deadline
    /// plus `grace_ms`, and only from the candidate's current session generation.
    async fn save_answer(
        &self,
        save: AnswerSave<'_>,
        now: i64,
        grace_ms: i64,
    ) -> Result<SaveResult, StoreError>;
    /// Hands an attempt in and marks it, exactly once; later calls return the same record.
    async fn finish_attempt(
        &self,
        candidate_id: i64,
        attempt_id: i64,
        now: i64,
    ) -> Result<AttemptRecord, StoreError>;
    /// Finalizes every attempt whose deadline plus `grace_ms` has passed (the sweeper);
    /// returns how many this call finalized.
    async fn finish_expired(&self, now: i64, grace_ms: i64) -> Result<usize, StoreError>;
    /// Counts one focus loss (another tab or window) of the candidate's unfinished attempt.
    async fn record_focus_loss(
        &self,
        candidate_id: i64,
        attempt_id: i64,
        now: i64,
    ) -> Result<(), StoreError>;
}
