use async_trait::async_trait;
use question_bank::bank::question::{Answer, QuestionKind};
use question_bank::exam::paper::PaperItem;
use question_bank::exam::rules::ReviewPolicy;

use question_bank::results::AppealOutcome;

use super::{AppealView, RegradePlan};
use crate::audit::Actor;
use crate::practice::repo::PracticeItem;
use crate::sittings::repo::CandidateRecord;
use crate::sittings::SittingSummary;
use crate::state::StoreError;

/// What publishing did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Published {
    /// Papers whose results are now visible.
    pub papers: i64,
    /// Pass records made.
    pub passes: i64,
}

/// A sitting with every marked response, for the report.
#[derive(Clone, Debug)]
pub struct SittingMarks {
    pub summary: SittingSummary,
    pub candidates: Vec<CandidateRecord>,
    /// The responses of finished, unvoided papers, by candidate and position.
    pub responses: Vec<MarkedResponse>,
}

/// One question of one finished paper, with its key and the answer given.
#[derive(Clone, Debug)]
pub struct MarkedResponse {
    pub candidate_id: i64,
    pub question_id: i64,
    pub kind: QuestionKind,
    pub stem: String,
    pub law_id: String,
    pub points: i64,
    pub key: Answer,
    pub response: Option<Answer>,
    /// A short answer's final hand mark, once given.
    pub marked: Option<i64>,
}

impl MarkedResponse {
    /// The points earned under the sitting's multiple-choice policy.
    pub fn earned(&self, policy: question_bank::exam::scoring::MultiChoicePolicy) -> i64 {
        question_bank::exam::scoring::item_earned(
            &self.key,
            self.points,
            self.response.as_ref(),
            self.marked,
            policy,
        )
    }

    /// Whether it earned all its points (right, for item statistics).
    pub fn full_marks(&self) -> bool {
        question_bank::exam::scoring::full_marks(
            &self.key,
            self.points,
            self.response.as_ref(),
            self.marked,
        )
    }
}

/// A candidate's result as stored, with their paper for review.
#[derive(Clone, Debug)]
pub struct ResultRecord {
    pub name: String,
    pub ticket_number: String,
    pub sitting_title: String,
    pub pass_mark: i64,
    pub review: ReviewPolicy,
    pub published_at: Option<i64>,
    /// Whether a paper was handed in (or finished at the deadline), and whether it was voided.
    pub finished: bool,
    pub voided: bool,
    pub score: Option<i64>,
    pub possible: Option<i64>,
    pub passed: Option<bool>,
}

/// One question of a candidate's paper with everything a full review shows.
#[derive(Clone, Debug)]
pub struct ReviewRecord {
    pub position: i64,
    pub points: i64,
    pub question: PracticeItem,
    /// How the paper showed its options.
    pub shown: PaperItem,
    pub response: Option<Answer>,
    /// A short answer's final hand mark.
    pub marked: Option<i64>,
}

/// A person's enrolments and pass records as stored.
#[derive(Clone, Debug)]
pub struct PersonRecord {
    pub name: String,
    pub id_card_number: String,
    /// Each enrolment with its sitting: (sitting summary, the candidate).
    pub enrolments: Vec<(SittingSummary, CandidateRecord)>,
    pub passes: Vec<super::PassRecord>,
}

/// Whose appeals to read.
#[derive(Clone, Copy, Debug)]
pub enum AppealsOf<'a> {
    /// A candidate's own.
    Candidate(i64),
    /// A sitting's, for staff whose reach is `scope_path`.
    Sitting {
        scope_path: &'a str,
        sitting_id: i64,
    },
}

/// Publication and the reads behind reports and candidates' results.
#[async_trait]
pub trait ResultsRepo: Send + Sync {
    /// Publishes a sitting's results once, in one transaction with its pass records (valid
    /// as `pass_valid_until` says, with the jurisdiction's term end) and its audit event.
    /// Refused (with the reason) unless the sitting is closed and every paper is marked.
    /// Stores `measures`, each question's statistics from the sitting, in the same
    /// transaction: the bank's measured difficulty rests on published sittings only.
    async fn publish_results(
        &self,
        actor: &Actor,
        scope_path: &str,
        sitting_id: i64,
        note: &str,
        measures: &[question_bank::results::measured::ItemMeasure],
        now: i64,
    ) -> Result<Published, StoreError>;
    /// A sitting in reach with its candidates and every marked response.
    async fn sitting_marks(
        &self,
        scope_path: &str,
        sitting_id: i64,
    ) -> Result<Option<SittingMarks>, StoreError>;
    /// The candidate's result as stored (the caller decides what may be shown).
    async fn result_record(&self, candidate_id: i64) -> Result<Option<ResultRecord>, StoreError>;
    /// Marks every finished paper of a sitting again with its questions' corrected keys.
    /// A dry run (`apply` false) changes nothing; applied, it is one transaction that also
    /// adjusts the pass records of a published sitting and is audited with `reason`. Both
    /// go through the same computation, so the dry run is what applying does.
    async fn regrade(
        &self,
        actor: &Actor,
        scope_path: &str,
        sitting_id: i64,
        reason: &str,
        now: i64,
        apply: bool,
    ) -> Result<RegradePlan, StoreError>;
    /// The candidate's paper in order, with keys: only for a published, unvoided result.
    async fn review_records(&self, candidate_id: i64) -> Result<Vec<ReviewRecord>, StoreError>;
    /// A candidate's paper in order with keys, for staff in reach: (sitting id, sitting
    /// title, score, paper).
    async fn paper_for_check(
        &self,
        scope_path: &str,
        candidate_id: i64,
    ) -> Result<Option<(i64, String, Option<i64>, Vec<ReviewRecord>)>, StoreError>;
    /// Files a candidate's re-check request (checked by `results::check_appeal`), audited.
    async fn file_appeal(
        &self,
        candidate_id: i64,
        reason: &str,
        now: i64,
    ) -> Result<i64, StoreError>;
    /// Decides a pending appeal in reach with the reviewer's response; the outcome follows
    /// from the score then and now. Audited.
    async fn decide_appeal(
        &self,
        actor: &Actor,
        scope_path: &str,
        appeal_id: i64,
        response: &str,
        now: i64,
    ) -> Result<AppealOutcome, StoreError>;
    /// A person's enrolments in sittings within reach (as candidate records with their
    /// sitting), oldest first, and their pass records from those sittings; none if the
    /// person has no enrolment in reach.
    async fn person_history(
        &self,
        scope_path: &str,
        person_id: i64,
    ) -> Result<Option<PersonRecord>, StoreError>;
    /// Appeals, newest first.
    async fn appeals(&self, of: AppealsOf<'_>) -> Result<Vec<AppealView>, StoreError>;
}
