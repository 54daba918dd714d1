use async_trait::async_trait;
use question_bank::appointments::appointment::{
    agenda_gate, oath_due, oath_warning, CivilDate, ExamAttempt, ExamStanding, Exemption, GateOk,
    GateRefusal, NominatingBody, OathForm, OathStatus, OathTextVersion, PassValidity, ReportForm,
    SatisfactionCounts, Statement, VoteTally, YearStats,
};
use question_bank::appointments::identity::IdCardNumber;
use question_bank::appointments::nomination::{NominationStatus, Step};
use question_bank::exam::rules::ExamRules;

use super::{AttemptLine, MeetingView, OathView, ReportView};
use crate::audit::Actor;
use crate::state::StoreError;

/// A new nomination, by form or from one row of a list.
#[derive(Clone, Debug)]
pub struct NewNomination<'a> {
    /// The spreadsheet row, for a refusal (0 for a form).
    pub row: usize,
    pub name: &'a str,
    pub id_card: &'a IdCardNumber,
    pub current_post: &'a str,
    pub post: &'a str,
    pub body: NominatingBody,
    pub document_number: &'a str,
    pub meeting_id: Option<i64>,
    pub note: &'a str,
}

/// A nomination as stored, with its jurisdiction's rules (for the gate and the oath).
#[derive(Clone, Debug)]
pub struct NominationRecord {
    pub id: i64,
    pub jurisdiction_id: i64,
    pub jurisdiction_name: String,
    pub person_id: i64,
    pub name: String,
    pub id_card_number: String,
    pub current_post: String,
    pub post: String,
    pub body: NominatingBody,
    pub document_number: String,
    pub note: String,
    pub meeting: Option<MeetingView>,
    pub status: NominationStatus,
    pub created_at: i64,
    pub agenda_at: Option<i64>,
    pub exemption: Option<Exemption>,
    pub statement: Option<Statement>,
    pub vote: Option<VoteTally>,
    pub appointed_on: Option<i64>,
    pub certificate_number: Option<String>,
    pub certificate_signer: Option<String>,
    pub sworn_at: Option<i64>,
    /// The nominee's exam record: every finished, unvoided attempt, and the pass records'
    /// validity.
    pub attempts: Vec<AttemptLine>,
    pub passes: Vec<i64>,
    pub rules: ExamRules,
}

impl NominationRecord {
    /// The nominee's exam standing at `now` under the jurisdiction's retake rule.
    pub fn standing(&self, now: i64) -> ExamStanding {
        let attempts: Vec<ExamAttempt> = self
            .attempts
            .iter()
            .filter_map(|a| {
                a.passed.map(|passed| ExamAttempt {
                    passed,
                    finished_at: a.finished_at,
                    published: a.published,
                })
            })
            .collect();
        let passes: Vec<PassValidity> = self
            .passes
            .iter()
            .map(|&valid_until| PassValidity { valid_until })
            .collect();
        let retakes = u32::try_from(self.rules.retakes_allowed).unwrap_or(0);
        ExamStanding::compute(&attempts, &passes, now, retakes)
    }

    /// The exam gate at `now`: through by a pass or an exemption, or why not.
    pub fn gate(&self, now: i64) -> Result<GateOk, GateRefusal> {
        agenda_gate(
            self.standing(now),
            self.exemption.as_ref(),
            self.rules.appointment.failure_policy,
        )
    }

    /// Once appointed: the oath's standing at `now` and the day it is due.
    pub fn oath(&self, now: i64) -> Option<(OathStatus, CivilDate)> {
        let chain = &self.rules.appointment;
        self.appointed_on.map(|on| {
            let due = oath_due(
                on,
                chain.oath_working_days,
                &chain.holidays,
                &chain.make_up_workdays,
            );
            (oath_warning(self.sworn_at, due, now), due)
        })
    }
}

/// A step with what it records.
#[derive(Clone, Debug)]
pub enum StepRecord<'a> {
    Agenda { meeting_id: i64 },
    Exemption(Exemption),
    Statement(Statement),
    Vote { tally: VoteTally, on: i64 },
    Certificate { number: &'a str, signer: &'a str },
    Defer { reason: &'a str },
    Withdraw { reason: &'a str },
}

impl StepRecord<'_> {
    pub fn step(&self) -> Step {
        match self {
            Self::Agenda { .. } => Step::Agenda,
            Self::Exemption(_) => Step::Exemption,
            Self::Statement(_) => Step::Statement,
            Self::Vote { .. } => Step::Vote,
            Self::Certificate { .. } => Step::Certificate,
            Self::Defer { .. } => Step::Defer,
            Self::Withdraw { .. } => Step::Withdraw,
        }
    }
}

/// An oath ceremony to record.
#[derive(Clone, Debug)]
pub struct NewOath<'a> {
    pub form: OathForm,
    pub leader: &'a str,
    pub place: &'a str,
    pub held_at: i64,
    pub version: OathTextVersion,
    pub nomination_ids: &'a [i64],
}

/// A performance report to record.
#[derive(Clone, Debug)]
pub struct NewReport<'a> {
    pub nomination_id: i64,
    pub form: ReportForm,
    pub reported_on: i64,
    pub meeting: &'a str,
    pub counts: SatisfactionCounts,
    pub follow_up: &'a str,
}

/// Nominations, meetings, oaths and reports.
#[async_trait]
pub trait AppointmentRepo: Send + Sync {
    /// Records nominations in one transaction (all or none; a refusal names the row), each
    /// nominee matched to a person by ID-card number, audited; returns their ids.
    async fn create_nominations(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        scope_path: &str,
        source: &str,
        rows: &[NewNomination<'_>],
    ) -> Result<Vec<i64>, StoreError>;
    /// Nominations in reach, newest first; `open_only` leaves out decided, deferred and
    /// withdrawn ones; `person_id` one person's; `meeting_id` one meeting's.
    async fn nominations(
        &self,
        scope_path: &str,
        filter: NominationFilter,
    ) -> Result<Vec<NominationRecord>, StoreError>;
    /// Records a step in one transaction: checked against the status (and, for the agenda,
    /// the exam gate with the jurisdiction's rules at `now`), audited.
    async fn record_step(
        &self,
        actor: &Actor,
        scope_path: &str,
        nomination_id: i64,
        step: StepRecord<'_>,
        now: i64,
    ) -> Result<(), StoreError>;
    /// Records a standing committee meeting; returns its id.
    async fn create_meeting(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        title: &str,
        held_on: i64,
    ) -> Result<i64, StoreError>;
    /// Meetings in reach, newest first.
    async fn meetings(&self, scope_path: &str) -> Result<Vec<MeetingView>, StoreError>;
    /// Records an oath ceremony and who swore (appointed, not yet sworn, in reach); audited.
    async fn record_oath(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        scope_path: &str,
        oath: NewOath<'_>,
        now: i64,
    ) -> Result<i64, StoreError>;
    /// Oath ceremonies in reach, newest first.
    async fn oaths(&self, scope_path: &str) -> Result<Vec<OathView>, StoreError>;
    /// Records a performance report on an appointed nomination in reach, with its
    /// evaluation's result under the jurisdiction's rule; audited.
    async fn record_report(
        &self,
        actor: &Actor,
        scope_path: &str,
        report: NewReport<'_>,
        now: i64,
    ) -> Result<i64, StoreError>;
    /// The performance reports of a nomination.
    async fn reports(&self, nomination_id: i64) -> Result<Vec<ReportView>, StoreError>;
    /// Each jurisdiction in reach (by name, the caller's first) with its figures for the
    /// year (China Standard Time).
    async fn year_stats(
        &self,
        scope_path: &str,
        year: i32,
    ) -> Result<Vec<(String, YearStats)>, StoreError>;
}

/// Which nominations to read.
#[derive(Clone, Copy, Debug, Default)]
pub struct NominationFilter {
    pub open_only: bool,
    pub id: Option<i64>,
    pub person_id: Option<i64>,
    pub meeting_id: Option<i64>,
    pub appointed_only: bool,
}
