//! Results (成绩): publication, the sitting report with item analysis, score notices, and
//! what a candidate sees once staff have published.
//!
//! Before publication nothing here reaches a candidate: `MyResult` then says only that the
//! results are not out, and carries no score, key or explanation.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod report;

use question_bank::bank::question::QuestionKind;
use question_bank::exam::rules::ReviewPolicy;
use question_bank::results::analysis::{Bin, ItemStats, Summary};
use question_bank::results::AppealOutcome;
use serde::{Deserialize, Serialize};

use crate::sittings::{CandidateRow, IncidentView, SittingSummary};

/// A sitting's results for staff: attendance, statistics, performance by part and by law,
/// every candidate's score, item analysis and the incident log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SittingReport {
    pub summary: SittingSummary,
    pub enrolled: i64,
    /// Papers handed in or finished at the deadline (not voided): the papers counted below.
    pub sat: i64,
    pub absent: i64,
    pub voided: i64,
    /// Papers handed in whose score is not final yet (a short answer waits for marking
    /// or arbitration): not in `sat` until it is.
    pub awaiting_marking: i64,
    /// Still writing. enrolled = sat + absent + voided + awaiting_marking + in_progress.
    pub in_progress: i64,
    pub passed: i64,
    pub stats: Option<Summary>,
    /// Score bars of 10 points.
    pub histogram: Vec<Bin>,
    /// By question type (the paper's parts).
    pub by_kind: Vec<GroupRow>,
    pub by_law: Vec<GroupRow>,
    pub candidates: Vec<CandidateRow>,
    pub items: Vec<ItemRow>,
    /// KR-20 reliability, for papers everyone shared (fixed, or A/B by lot).
    pub kr20: Option<f64>,
    pub incidents: Vec<IncidentView>,
    pub appeals: Vec<AppealView>,
}

impl SittingReport {
    /// Passes per 100 papers sat, as "83.3%" ("—" with none sat).
    pub fn pass_rate(&self) -> String {
        percent(self.passed, self.sat)
    }
}

/// How candidates did on one group of questions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRow {
    pub label_zh: String,
    pub label_en: String,
    /// Questions answered in the group, over every paper.
    pub responses: i64,
    pub correct: i64,
    pub earned: i64,
    pub possible: i64,
}

/// Item analysis across sittings (试题分析（跨场次）).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BankAnalysis {
    /// Closed sittings counted.
    pub sittings: i64,
    /// Papers counted.
    pub papers: i64,
    /// Items that need a look first.
    pub items: Vec<ItemRow>,
}

/// One question of the sitting with its statistics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemRow {
    pub question_id: i64,
    pub kind: QuestionKind,
    pub stem: String,
    /// "宪法".
    pub law: String,
    pub stats: ItemStats,
}

/// What a candidate may see of their result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyResult {
    pub sitting_title: String,
    pub name: String,
    pub ticket_number: String,
    pub outcome: Outcome,
}

/// Where a candidate's result stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// 成绩尚未发布: nothing more is said.
    NotPublished,
    /// Published, but they never handed in a paper (absent, or the paper was voided).
    NoPaper {
        voided: bool,
    },
    Published(PublishedResult),
}

/// A published result, with as much of the paper as the sitting's review policy allows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedResult {
    pub score: i64,
    pub possible: i64,
    pub pass_mark: i64,
    pub passed: bool,
    pub published_at: i64,
    pub review: ReviewPolicy,
    /// Empty under `ReviewPolicy::ScoreOnly`.
    pub items: Vec<ReviewItem>,
    /// Their re-check requests (复核), newest first.
    pub appeals: Vec<AppealView>,
    /// The last moment a re-check may be asked for.
    pub appeal_until: i64,
}

/// A re-check request (复核申请) and, once decided, its outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealView {
    pub id: i64,
    pub candidate_id: i64,
    pub name: String,
    pub ticket_number: String,
    pub filed_at: i64,
    pub reason: String,
    pub score_at_filing: Option<i64>,
    pub score_now: Option<i64>,
    pub decided_at: Option<i64>,
    pub decided_by: Option<String>,
    pub outcome: Option<AppealOutcome>,
    pub response: Option<String>,
}

/// A candidate's paper as staff re-check it: every answer with the key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperCheck {
    pub sitting_id: i64,
    pub sitting_title: String,
    pub name: String,
    pub ticket_number: String,
    pub score: Option<i64>,
    pub items: Vec<ReviewItem>,
}

/// One question of a published paper as its candidate reviews it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub number: i64,
    pub kind: QuestionKind,
    pub stem: String,
    /// In the order the candidate saw them.
    pub options: Vec<String>,
    pub points: i64,
    /// Their answer as shown ("B", "正确"; "" when unanswered).
    pub given: String,
    pub correct: bool,
    /// A short answer's hand mark (of `points`).
    pub marked: Option<i64>,
    /// Only under `ReviewPolicy::Full`, and not while a scheduled or open sitting may still
    /// use the question: the key as shown, the explanation, the citation and the article's text.
    pub key: Option<String>,
    pub explanation: Option<String>,
    pub citation: Option<String>,
    pub article: Vec<String>,
    /// Why the review policy's key, explanation and article are withheld, if they are.
    pub withheld: Option<question_bank::bank::secrecy::Withheld>,
}

/// What marking a sitting's papers again with its questions' corrected keys does (a dry run)
/// or did (applied).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegradePlan {
    /// Questions on the papers whose key was corrected since they were marked.
    pub corrected_questions: i64,
    /// Papers marked again.
    pub papers: i64,
    /// Papers whose score changes.
    pub changes: Vec<RegradeChange>,
    pub applied: bool,
}

/// One paper whose score a regrade changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegradeChange {
    pub candidate_id: i64,
    pub name: String,
    pub ticket_number: String,
    pub old_score: i64,
    pub new_score: i64,
    pub old_passed: bool,
    pub new_passed: bool,
}

/// A person's exam history (考试记录): every enrolment in reach with its result, and their
/// pass records, which the appointment workflow checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonHistory {
    pub person_id: i64,
    pub name: String,
    pub id_card_masked: String,
    pub sittings: Vec<HistoryRow>,
    pub passes: Vec<PassView>,
}

/// One enrolment of a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub candidate_id: i64,
    pub sitting_id: i64,
    pub sitting_title: String,
    pub jurisdiction_name: String,
    pub opens_at: i64,
    /// 第N次补考; 0 for a first sitting.
    pub retake: i64,
    pub status: crate::sittings::CandidateStatus,
    pub score: Option<i64>,
    pub passed: Option<bool>,
    pub published: bool,
}

/// A pass record (考试合格记录) as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassRecord {
    pub sitting_id: i64,
    pub sitting_title: String,
    pub score: i64,
    pub possible: i64,
    pub passed_at: i64,
    pub valid_until: i64,
}

/// A pass record as a person's history shows it: the record, and whether it still counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassView {
    #[serde(flatten)]
    pub record: PassRecord,
    /// Whether it still counts now.
    pub valid: bool,
}

/// `part / whole` as a percentage with one decimal ("—" for an empty whole).
pub fn percent(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "—".to_owned();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}
