//! The question bank (题库): questions staff write or import, and papers draw from.

pub mod api;
pub mod edit_page;
pub mod form;
#[cfg(feature = "ssr")]
pub mod import;
pub mod import_page;
pub mod page;
pub mod quality_page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod review;

use question_bank::bank::question::{QuestionField, QuestionKind, QuestionStatus};
use question_bank::bank::Bank;
use serde::{Deserialize, Serialize};

/// A question as staff see it, key and explanation included. Never sent to candidates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: i64,
    pub bank: Bank,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
    /// "A", "AC", "正确", or a short answer's reference answer.
    pub key: String,
    /// A short answer's marking points.
    pub marking_points: Vec<String>,
    pub explanation: String,
    pub difficulty: u8,
    /// "宪法第27条第3款".
    pub citation: String,
    pub law_id: String,
    pub tags: Vec<String>,
    pub status: QuestionStatus,
    pub jurisdiction_name: String,
    pub article: i64,
    pub paragraph: Option<i64>,
    /// 1 as first written; each revision adds one.
    pub version: i64,
    /// The caller may revise, retire and re-tag it: a draft or active question of their own
    /// bank.
    pub editable: bool,
    /// 正式考试专用: kept for real sittings, never shown in practice or mock exams.
    pub reserved: bool,
    /// 待复核: a newer text of its law touched its article; left out of papers until confirmed
    /// or revised.
    pub needs_review: bool,
    /// Measured difficulty from published sittings: only for a role that reads both keys and
    /// scores (`Permission::ReadKeys`, `Permission::ReadScores`).
    pub measured: Option<question_bank::results::measured::Measured>,
    /// Why `key`, `marking_points` and `explanation` are empty: the caller's role does not
    /// read keys (`Permission::ReadKeys`).
    pub withheld: Option<question_bank::bank::secrecy::Withheld>,
}

/// The bank page: what matches the filter, and counts over everything visible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionList {
    /// Questions visible to the caller.
    pub total: i64,
    /// How many match the filter.
    pub matching: i64,
    /// Which page of the matches `rows` is (from 1), of how many ([`PAGE_SIZE`] a page).
    pub page: i64,
    pub pages: i64,
    /// The matches on this page.
    pub rows: Vec<QuestionView>,
    /// Visible active questions per bank, every bank listed.
    pub by_bank: Vec<(Bank, i64)>,
    /// Visible active questions per law (short Chinese name), most first.
    pub by_law: Vec<(String, i64)>,
}

/// A key as a table cell shows it: letters and 正确/错误 as they are, a short answer's
/// reference answer cut to its first 60 characters. With the cell's class.
pub fn key_cell(kind: QuestionKind, key: &str) -> (&'static str, String) {
    const SHOWN: usize = 60;
    if kind.is_objective() {
        ("key", key.to_owned())
    } else if key.chars().count() > SHOWN {
        (
            "key reference",
            format!("{}…", key.chars().take(SHOWN).collect::<String>()),
        )
    } else {
        ("key reference", key.to_owned())
    }
}

/// How many matching questions the bank page lists at once (one page).
pub const PAGE_SIZE: usize = 50;

/// One row of an import preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub row: i64,
    pub bank: Bank,
    pub kind: QuestionKind,
    pub stem: String,
    pub key: String,
    pub citation: String,
}

/// A row that gives a question of the caller's own bank (same stem and options) new content:
/// committing writes it as the question's next version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedRow {
    pub line: PreviewRow,
    /// The version the row replaces.
    pub question_id: i64,
    /// What differs, in form order.
    pub fields: Vec<QuestionField>,
    /// The key before, shown beside the new one when it changes.
    pub old_key: String,
}

/// A rejected row: where and why, in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedRow {
    pub message_zh: String,
    pub message_en: String,
}

/// What an uploaded file would do, before anything is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub batch_id: i64,
    pub file_name: String,
    /// The file could not be read at all: (zh, en).
    pub file_error: Option<(String, String)>,
    pub added: Vec<PreviewRow>,
    /// Rows that revise questions of the caller's own bank.
    #[serde(default)]
    pub changed: Vec<ChangedRow>,
    /// Same stem and options as a question already in the bank (and nothing else new), or as
    /// a row earlier in the file.
    pub duplicates: Vec<PreviewRow>,
    pub rejected: Vec<RejectedRow>,
    pub committed: bool,
}

impl ImportPreview {
    /// What committing writes, counted by bank and type (new questions and revisions
    /// together), in bank then type order.
    pub fn counts(&self) -> Vec<(Bank, QuestionKind, usize)> {
        let mut counts: Vec<(Bank, QuestionKind, usize)> = Vec::new();
        for line in self
            .added
            .iter()
            .chain(self.changed.iter().map(|c| &c.line))
        {
            match counts
                .iter_mut()
                .find(|(b, k, _)| *b == line.bank && *k == line.kind)
            {
                Some(count) => count.2 += 1,
                None => counts.push((line.bank, line.kind, 1)),
            }
        }
        counts.sort_by_key(|(b, k, _)| (*b, QuestionKind::ALL.iter().position(|x| x == k)));
        counts
    }

    /// A file may be committed only when every row is readable and valid.
    pub fn can_commit(&self) -> bool {
        !self.committed
            && self.file_error.is_none()
            && self.rejected.is_empty()
            && !(self.added.is_empty() && self.changed.is_empty())
    }
}
