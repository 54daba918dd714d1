//! 任免: from a pass record to appointment and oath. Nominations (提请任命) pass the exam
//! gate onto a meeting's agenda; the statement, the vote, the certificate (任命书), the
//! constitutional oath (宪法宣誓) and later performance reports (履职报告) are recorded on
//! them. Every step is a staff action in reach, audited.

pub mod api;
pub mod import;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod report;

use question_bank::appointments::appointment::{
    ExamStanding, Exemption, GateOk, NominatingBody, OathForm, OathStatus, OathTextVersion,
    ReportForm, Satisfaction, SatisfactionCounts, Statement, VoteTally, YearStats,
};
use question_bank::appointments::nomination::NominationStatus;
use serde::{Deserialize, Serialize};

/// What the exam gate says of a nomination now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GateView {
    /// Through the gate (by a pass, or an exemption).
    Open(GateOk),
    /// Closed, with the reason in both languages.
    Closed { zh: String, en: String },
}

impl GateView {
    pub fn is_open(&self) -> bool {
        matches!(self, Self::Open(_))
    }
}

/// A nomination as lists and the meeting board show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub current_post: String,
    pub post: String,
    pub body: NominatingBody,
    pub document_number: String,
    pub meeting: Option<MeetingView>,
    pub status: NominationStatus,
    pub gate: GateView,
    pub statement: Option<Statement>,
    pub appointed_on: Option<i64>,
    pub certificate_number: Option<String>,
    /// Once appointed: the oath's standing (sworn, pending or overdue) and its due day.
    pub oath: Option<(OathStatus, String)>,
}

/// A standing committee meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingView {
    pub id: i64,
    pub title: String,
    pub held_on: i64,
    pub jurisdiction_name: String,
}

/// One exam attempt of the nominee, for the nomination page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptLine {
    pub sitting_id: i64,
    pub sitting_title: String,
    pub finished_at: i64,
    pub score: Option<i64>,
    pub passed: Option<bool>,
    pub published: bool,
}

/// A performance report with its evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub id: i64,
    pub form: ReportForm,
    pub reported_on: i64,
    pub meeting: String,
    pub counts: SatisfactionCounts,
    pub result: Satisfaction,
    pub follow_up: String,
}

/// An oath ceremony.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OathView {
    pub id: i64,
    pub form: OathForm,
    pub leader: String,
    pub place: String,
    pub held_at: i64,
    pub version: OathTextVersion,
    /// Who swore: (nomination id, name, post).
    pub takers: Vec<(i64, String, String)>,
}

/// Everything recorded on one nomination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationDetail {
    pub row: NominationRow,
    pub jurisdiction_name: String,
    pub note: String,
    pub standing: ExamStanding,
    pub attempts: Vec<AttemptLine>,
    pub exemption: Option<Exemption>,
    pub vote: Option<VoteTally>,
    pub certificate_signer: Option<String>,
    pub oath: Option<OathView>,
    pub reports: Vec<ReportView>,
    /// For the forms: the meetings in reach, the default committee size and signer.
    pub meetings: Vec<MeetingView>,
    pub committee_members: i64,
    pub chair_name: String,
}

/// A meeting with every nomination meant for it: the meeting board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingBoard {
    pub meeting: MeetingView,
    pub nominations: Vec<NominationRow>,
}

/// What a row on the meeting board still lacks, in order.
pub fn lacks(row: &NominationRow) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if !row.gate.is_open() && row.status != NominationStatus::Appointed {
        out.push(("考试合格或免考", "a pass or an exemption"));
    }
    if row.status == NominationStatus::Nominated || row.status == NominationStatus::Deferred {
        out.push(("列入议程", "agenda"));
    }
    if row.statement.is_none() {
        out.push(("表态发言", "statement"));
    }
    if !matches!(
        row.status,
        NominationStatus::Appointed | NominationStatus::NotAppointed
    ) {
        out.push(("表决", "vote"));
    }
    if row.status != NominationStatus::NotAppointed {
        if row.certificate_number.is_none() {
            out.push(("任命书", "certificate"));
        }
        if !matches!(row.oath, Some((OathStatus::Sworn { .. }, _))) {
            out.push(("宪法宣誓", "oath"));
        }
    }
    out
}

/// One jurisdiction's yearly figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsRow {
    pub jurisdiction_name: String,
    pub stats: YearStats,
}

/// The yearly statistics: each jurisdiction in reach and the total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearReport {
    pub year: i32,
    pub rows: Vec<StatsRow>,
    pub total: YearStats,
}

/// The columns of the yearly statistics, as published: (中文, English, value).
pub fn stats_columns(s: &YearStats) -> [(&'static str, &'static str, i64); 10] {
    [
        ("考试场次", "Sittings", s.sittings_held),
        ("参考人数", "Sat", s.nominees_sat),
        ("合格人数", "Passed", s.nominees_passed),
        ("任命人数", "Appointed", s.appointments),
        ("表态发言", "Statements", s.statements),
        ("宪法宣誓", "Oaths", s.oaths),
        ("履职报告", "Reports", s.reports),
        ("满意", "Satisfied", s.satisfied),
        ("基本满意", "Basically satisfied", s.basically_satisfied),
        ("不满意", "Dissatisfied", s.dissatisfied),
    ]
}

/// One event of a person's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub at: i64,
    pub zh: String,
    pub en: String,
    /// The document or record it refers to ("江府文〔2026〕12号", a sitting, a certificate).
    pub document: String,
    pub link: Option<String>,
}
