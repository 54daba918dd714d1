use async_trait::async_trait;
use question_bank::appointments::identity::IdCardNumber;
use question_bank::bank::Bank;
use question_bank::exam::blueprint::Blueprint;
use question_bank::exam::lifecycle::{SittingState, Transition};
use question_bank::exam::paper::{Paper, PoolQuestion};
use question_bank::exam::proctoring::ProctorAction;
use question_bank::exam::rules::ExamRules;
use question_bank::exam::sitting::SittingPlan;

use super::{SittingQuestionView, SittingSummary};
use crate::audit::Actor;
use crate::state::StoreError;

/// A candidate row as stored, before its status is worked out.
#[derive(Clone, Debug)]
pub struct CandidateRecord {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub employer: String,
    pub proposed_post: String,
    pub id_card_number: String,
    pub ticket_number: String,
    pub started: bool,
    pub retake: i64,
    /// Marked absent by a proctor.
    pub absent: bool,
    pub voided: bool,
    /// Minutes proctors added to the paper's time.
    pub extended_minutes: i64,
    pub deadline_at: Option<i64>,
    pub last_contact_at: Option<i64>,
    pub focus_losses: i64,
    /// Where the exam login came from.
    pub last_ip: Option<String>,
    pub finish_reason: Option<question_bank::exam::attempt::FinishReason>,
    pub answered: i64,
    pub score: Option<i64>,
    pub passed: Option<bool>,
    /// Staff opened the printable slip of the current access code.
    pub slip_printed: bool,
}

/// A sitting with its paper and candidates.
#[derive(Clone, Debug)]
pub struct SittingRecord {
    pub summary: SittingSummary,
    /// The fixed paper (empty when papers are drawn).
    pub questions: Vec<SittingQuestionView>,
    /// For a sitting whose papers are drawn.
    pub drawn: Option<DrawnSitting>,
    pub candidates: Vec<CandidateRecord>,
}

/// What a drawn sitting keeps: its blueprint, its frozen pool, the papers drawn so far
/// (for A/B papers: A and B).
#[derive(Clone, Debug)]
pub struct DrawnSitting {
    pub blueprint: Blueprint,
    pub pool: Vec<PoolQuestion>,
    pub papers: Vec<Paper>,
}

/// One entry of a sitting's incident log: a state change or a proctor's action.
#[derive(Clone, Debug)]
pub struct IncidentRecord {
    pub at: i64,
    pub actor: String,
    pub action: String,
    /// The candidate it concerns, if any.
    pub candidate: Option<String>,
    pub reason: Option<String>,
}

/// A state change staff asked for, with what it needs.
#[derive(Clone, Copy, Debug)]
pub struct StateChange<'a> {
    pub sitting_id: i64,
    pub transition: Transition,
    pub reason: &'a str,
    pub now: i64,
    /// How long after a deadline answers are still taken (closing waits for it).
    pub grace_ms: i64,
    /// For A/B papers at the opening: the lot (even: A, odd: B).
    pub lot: u64,
}

/// A new enrolment.
#[derive(Clone, Debug)]
pub struct Enrolment<'a> {
    pub sitting_id: i64,
    pub id_card: &'a IdCardNumber,
    pub name: &'a str,
    pub access_code_hash: &'a str,
    /// What the nomination says (empty when enrolled by hand).
    pub details: EnrolmentDetails<'a>,
}

/// A roster's details of a candidate.
#[derive(Clone, Copy, Debug, Default)]
pub struct EnrolmentDetails<'a> {
    pub employer: &'a str,
    pub proposed_post: &'a str,
    pub nominating_body: &'a str,
    pub bank: Option<Bank>,
}

/// One roster row to enrol, with its spreadsheet row for refusals.
#[derive(Clone, Debug)]
pub struct RosterEnrolment<'a> {
    pub row: usize,
    pub enrolment: Enrolment<'a>,
}

/// Sittings and enrolment. Every method takes the caller's scope path and touches only
/// records in jurisdictions under it: ownership is part of each query.
#[async_trait]
pub trait SittingRepo: Send + Sync {
    /// Sittings in jurisdictions under `scope_path`, latest first.
    async fn sittings_in_scope(&self, scope_path: &str) -> Result<Vec<SittingSummary>, StoreError>;
    /// Creates a draft sitting in the actor's jurisdiction from questions visible to it,
    /// audited; A/B papers are drawn with `seed`.
    async fn create_sitting(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        scope_path: &str,
        plan: &SittingPlan,
        seed: u64,
    ) -> Result<i64, StoreError>;
    /// Moves a sitting in scope to its next state if its state and the clock allow it,
    /// audited with the reason; closing finishes every paper whose time is up.
    async fn change_state(
        &self,
        actor: &Actor,
        scope_path: &str,
        change: StateChange<'_>,
    ) -> Result<SittingState, StoreError>;
    /// A proctor's action on one candidate in scope, if the sitting and the candidate allow
    /// it, audited with the reason.
    async fn proctor(
        &self,
        actor: &Actor,
        scope_path: &str,
        candidate_id: i64,
        action: ProctorAction,
        reason: &str,
    ) -> Result<(), StoreError>;
    /// The sitting's incident log (its state changes and every action on its candidates),
    /// oldest first; none if the sitting is not in scope.
    async fn incidents(
        &self,
        scope_path: &str,
        sitting_id: i64,
    ) -> Result<Vec<IncidentRecord>, StoreError>;
    /// Extends every paper of an open sitting still being written, audited; returns how many.
    async fn extend_everyone(
        &self,
        actor: &Actor,
        scope_path: &str,
        sitting_id: i64,
        minutes: i64,
        reason: &str,
    ) -> Result<usize, StoreError>;
    /// The rules in force at a jurisdiction: its own, or its nearest ancestor's, or the
    /// published defaults; with the name of the jurisdiction that set them (None: defaults).
    async fn rules_for(
        &self,
        jurisdiction_id: i64,
    ) -> Result<(ExamRules, Option<String>), StoreError>;
    /// Sets a jurisdiction's own rules, audited.
    async fn set_rules(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        rules: &ExamRules,
        reason: &str,
    ) -> Result<(), StoreError>;
    /// One sitting with its paper and candidates, if it is in scope.
    /// A sitting's state and candidates, without its paper (the proctor console's feed).
    async fn sitting_candidates(
        &self,
        scope_path: &str,
        sitting_id: i64,
    ) -> Result<Option<(SittingState, Vec<CandidateRecord>)>, StoreError>;
    async fn sitting_detail(
        &self,
        scope_path: &str,
        sitting_id: i64,
    ) -> Result<Option<SittingRecord>, StoreError>;
    /// Enrols a person (found or added by ID-card number); returns (candidate id, ticket number).
    async fn enrol_candidate(
        &self,
        actor: &Actor,
        scope_path: &str,
        enrolment: Enrolment<'_>,
    ) -> Result<(i64, String), StoreError>;
    /// Draws a candidate's paper again from its stored seed, pool and blueprint and says
    /// whether it is the paper they got (`None`: no drawn paper in scope).
    async fn redraw_matches(
        &self,
        scope_path: &str,
        candidate_id: i64,
    ) -> Result<Option<bool>, StoreError>;
    /// Enrols every row of a roster in one transaction (all or none; a refusal names the
    /// row), audited with the file's name; returns (candidate id, ticket number) per row.
    async fn enrol_roster(
        &self,
        actor: &Actor,
        scope_path: &str,
        sitting_id: i64,
        file_name: &str,
        rows: &[RosterEnrolment<'_>],
    ) -> Result<Vec<(i64, String)>, StoreError>;
    /// Replaces a candidate's access code (lost slip, another PC); returns (sitting id, name, ticket number).
    async fn reissue_access_code(
        &self,
        actor: &Actor,
        scope_path: &str,
        candidate_id: i64,
        access_code_hash: &str,
        reason: &str,
    ) -> Result<(i64, String, String), StoreError>;
    /// Records that staff opened the printable slips of these tickets of a sitting in
    /// scope (the current access code of each), audited as one print.
    async fn record_slips_printed(
        &self,
        actor: &Actor,
        scope_path: &str,
        sitting_id: i64,
        ticket_numbers: &[String],
    ) -> Result<(), StoreError>;
}
