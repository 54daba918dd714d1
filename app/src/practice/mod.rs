//! Practice and mock exams (练习与模拟考试): a candidate practises by law with the key, the
//! explanation and the cited article after each answer, or sits a mock exam drawn by the
//! sitting's blueprint and sees the same for every question when handing it in. Only
//! questions not reserved for real sittings are ever shown, and never while the sitting is
//! open.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;

use question_bank::bank::question::{Answer, QuestionKind};
use serde::{Deserialize, Serialize};

/// The practice start page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeHome {
    pub candidate_name: String,
    pub sitting_title: String,
    /// Laws with practice questions: (law id, name, questions).
    pub laws: Vec<(String, String, i64)>,
}

/// A question to answer, without its key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeQuestion {
    pub question_id: i64,
    pub kind: QuestionKind,
    pub stem: String,
    /// As shown (a mock exam shuffles them).
    pub options: Vec<String>,
}

/// What a candidate learns after answering. While a scheduled or open sitting may still use
/// the question (`question_bank::bank::secrecy`), only the answer given and `withheld`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub question_id: i64,
    /// Whether the answer was right; none when withheld (trying each option would tell the key).
    pub correct: Option<bool>,
    /// Why the key, explanation, citation, article and verdict are not given, if they are not.
    pub withheld: Option<question_bank::bank::secrecy::Withheld>,
    /// The key as shown to this candidate ("B", "AC", "正确").
    pub key: String,
    /// The candidate's answer as shown ("" when unanswered).
    pub given: String,
    pub explanation: String,
    /// "宪法第1条第2款".
    pub citation: String,
    /// The cited article's paragraphs, from the statute text.
    pub article: Vec<String>,
}

/// A mock exam's paper; its seed draws the same paper again at hand-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MockPaper {
    /// The seed as a decimal string (JavaScript numbers cannot hold 64 bits).
    pub seed: String,
    pub duration_minutes: i64,
    pub pass_mark: i64,
    pub total_points: i64,
    pub questions: Vec<MockQuestion>,
}

/// One question of a mock paper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MockQuestion {
    pub number: i64,
    pub points: i64,
    pub question: PracticeQuestion,
}

/// A handed-in mock exam: the score and, question by question, what was right.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MockResult {
    pub earned: i64,
    pub possible: i64,
    pub pass_mark: i64,
    pub passed: bool,
    /// Questions neither marked nor explained: a scheduled or open sitting may still use them.
    pub unmarked: i64,
    pub items: Vec<Feedback>,
}

/// An answer to a mock question, in the options' shown order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MockAnswer {
    pub question_id: i64,
    pub answer: Answer,
}
