//! Sittings (考试场次): creating them, enrolling candidates, issuing admission tickets.

pub mod api;
pub mod console;
pub mod documents;
pub mod feed;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules_page;

use question_bank::bank::question::QuestionKind;
use question_bank::exam::lifecycle::SittingState;
use question_bank::exam::rules::{PaperMode, ReviewPolicy};
use serde::{Deserialize, Serialize};

/// One sitting in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SittingSummary {
    pub id: i64,
    pub title: String,
    pub venue: String,
    pub jurisdiction_name: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub duration_minutes: i64,
    pub pass_mark: i64,
    /// 迟到限制 in minutes after the opening; none for no limit.
    pub late_entry_minutes: Option<i64>,
    pub total_points: i64,
    pub question_count: i64,
    pub candidate_count: i64,
    pub state: SittingState,
    pub paper_mode: PaperMode,
    /// For A/B papers: "A" or "B" once the lot is drawn at the opening.
    pub paper_lot: Option<String>,
    pub retakes_allowed: i64,
    pub review: ReviewPolicy,
    /// 多选题计分.
    pub multi_choice: question_bank::exam::scoring::MultiChoicePolicy,
    /// 简答题阅卷.
    pub marking: question_bank::results::marking::MarkingPlan,
    /// When staff published the results (成绩发布); none before.
    pub results_published_at: Option<i64>,
}

/// A question as a sitting uses it (staff view: no key needed here).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SittingQuestionView {
    pub position: i64,
    pub question_id: i64,
    pub kind: QuestionKind,
    pub stem: String,
    pub points: i64,
}

/// Where a candidate is in the exam.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CandidateStatus {
    /// 未开始.
    NotStarted,
    /// 答题中.
    InProgress,
    /// 已交卷.
    Submitted,
    /// 到时自动交卷.
    TimedOut,
    /// 缺考: marked absent, or the sitting closed and they never began.
    Absent,
    /// 已作废: the paper was voided by a proctor.
    Voided,
}

/// A candidate on the sitting page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateRow {
    pub id: i64,
    /// The person enrolled (their exam history spans sittings).
    pub person_id: i64,
    pub name: String,
    pub employer: String,
    pub proposed_post: String,
    pub id_card_masked: String,
    pub ticket_number: String,
    pub status: CandidateStatus,
    /// Which retake (补考) since their last pass this is; 0 for a first sitting.
    pub retake: i64,
    /// Minutes proctors added to their time.
    pub extended_minutes: i64,
    /// Time left on a paper being written, by the server's clock.
    pub remaining_ms: Option<i64>,
    /// Seconds since the candidate's page last reached the server.
    pub contact_ago_secs: Option<i64>,
    /// Times their exam page lost focus (another tab or window).
    pub focus_losses: i64,
    /// Where their exam login came from ("" before it).
    pub last_ip: String,
    pub answered: i64,
    pub score: Option<i64>,
    pub passed: Option<bool>,
    /// The slip with the current access code has been printed.
    pub slip_printed: bool,
}

/// An admission ticket just issued: the access code is shown this once and never stored in clear.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedTicket {
    pub sitting_id: i64,
    pub name: String,
    pub ticket_number: String,
    pub access_code: String,
}

/// One part of a drawn sitting's blueprint, as the sitting page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlueprintSectionView {
    pub kind: QuestionKind,
    /// "宪法" or "" (any law), in the section's words.
    pub laws: Vec<String>,
    /// Bank labels; empty for every bank.
    pub banks_zh: Vec<String>,
    pub banks_en: Vec<String>,
    /// Per difficulty stratum: (zh label, en label, count).
    pub strata: Vec<(String, String, i64)>,
    pub points_each: i64,
    /// Questions of the frozen pool this part can draw.
    pub pool: i64,
}

/// How the difficulty of a sitting's papers varies, in tenths of a level kept exact as
/// strings ("3.02").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpreadView {
    pub papers: i64,
    pub mean: String,
    pub min: String,
    pub max: String,
    pub std_dev: String,
}

/// A drawn sitting's paper rules and how fair its papers are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnView {
    pub sections: Vec<BlueprintSectionView>,
    /// Over the papers drawn so far.
    pub drawn: Option<SpreadView>,
    /// Over papers drawn from the same pool with 200 seeds, before anyone starts.
    pub simulated: Option<SpreadView>,
    /// For A/B papers: the two papers side by side.
    pub pair: Option<PairView>,
}

/// One entry of a sitting's incident log (考场记录).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentView {
    pub at: i64,
    pub actor: String,
    /// The audit action ("attempt.extend").
    pub action: String,
    pub candidate: Option<String>,
    pub reason: Option<String>,
}

impl IncidentView {
    /// What happened, in words: the audit log's one label table.
    pub fn label(&self, lang: crate::i18n::Lang) -> String {
        crate::audit::action_label(&self.action, lang)
    }
}

/// The exam rules in force in a jurisdiction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesView {
    pub rules: question_bank::exam::rules::ExamRules,
    /// The jurisdiction whose rules these are; none for the published defaults.
    pub set_by: Option<String>,
    /// The caller's own jurisdiction.
    pub jurisdiction_name: String,
    /// The caller may change them (otherwise the page shows them to read).
    pub editable: bool,
}

/// Papers A and B of a sitting that uses one of them, chosen by lot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairView {
    /// Mean difficulty of A and of B ("3.02").
    pub mean_a: String,
    pub mean_b: String,
    /// Questions on both papers (only where the pool left no other choice).
    pub shared: i64,
    /// The paper the lot chose at the opening.
    pub lot: Option<String>,
}

/// Admission slips issued and now printed: the access codes are in this once only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlipSheet {
    pub sitting_id: i64,
    pub tickets: Vec<IssuedTicket>,
}

/// Why a roster upload enrolled no one: the file's name and every reason, (zh, en).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterReport {
    pub sitting_id: i64,
    pub file_name: String,
    pub errors: Vec<(String, String)>,
}

/// Session keys: the slips waiting to be printed, and why the last roster upload failed.
#[cfg(feature = "ssr")]
pub const SLIPS_KEY: &str = "issued_slips";
#[cfg(feature = "ssr")]
pub const ROSTER_KEY: &str = "roster_report";

/// Everything the sitting page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SittingDetail {
    pub summary: SittingSummary,
    /// The fixed paper; empty when each candidate's paper is drawn.
    pub questions: Vec<SittingQuestionView>,
    pub drawn: Option<DrawnView>,
    pub candidates: Vec<CandidateRow>,
    /// The ticket issued by the caller's last enrolment or re-issue on this sitting, if any.
    pub issued: Option<IssuedTicket>,
    /// Slips issued in the caller's session for this sitting, waiting to be printed.
    pub slips_waiting: usize,
    /// Who the marking of its handed-in short answers waits for; none without any.
    pub marking: Option<crate::marking::MarkingWait>,
}
