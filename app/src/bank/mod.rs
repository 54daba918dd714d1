//! The question bank (题库): questions staff write and papers draw from.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;

use question_bank::question::QuestionKind;
use serde::{Deserialize, Serialize};

/// A question as staff see it, key and explanation included. Never sent to candidates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: i64,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
    /// "A", "AC", "正确".
    pub key: String,
    pub explanation: String,
    pub difficulty: u8,
    /// "宪法第27条".
    pub citation: String,
    pub status: String,
    pub jurisdiction_name: String,
}
