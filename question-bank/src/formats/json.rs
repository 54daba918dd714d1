//! The project's own format: a JSON array of questions, as the seed bank is written.
//!
//! ```json
//! [{ "bank": "common", "kind": "single_choice", "stem": "…（ ）。", "options": ["…", "…"],
//!    "key": "A", "explanation": "依据《宪法》第二条：“…”", "difficulty": 2,
//!    "law": "constitution", "article": 2, "paragraph": 1, "tags": ["总纲"] }]
//! ```

use serde::{Deserialize, Serialize};

use super::{question_error, FileError, ImportRow, RowError};
use crate::bank::question::{Question, QuestionDraft};

/// One question in the JSON format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonQuestion {
    pub bank: String,
    pub kind: String,
    pub stem: String,
    #[serde(default)]
    pub options: Vec<String>,
    pub key: String,
    /// Short answers only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marking_points: Vec<String>,
    #[serde(default)]
    pub explanation: String,
    pub difficulty: i64,
    pub law: String,
    pub article: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<i64>,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl From<JsonQuestion> for QuestionDraft {
    fn from(q: JsonQuestion) -> Self {
        Self {
            bank: q.bank,
            kind: q.kind,
            stem: q.stem,
            options: q.options,
            key: q.key,
            marking_points: q.marking_points,
            explanation: q.explanation,
            difficulty: q.difficulty,
            law: q.law,
            article: q.article,
            paragraph: q.paragraph,
            tags: q.tags,
        }
    }
}

impl From<&Question> for JsonQuestion {
    fn from(q: &Question) -> Self {
        let d = q.to_draft();
        Self {
            bank: d.bank,
            kind: d.kind,
            stem: d.stem,
            options: d.options,
            key: d.key,
            marking_points: d.marking_points,
            explanation: d.explanation,
            difficulty: d.difficulty,
            law: d.law,
            article: d.article,
            paragraph: d.paragraph,
            tags: d.tags,
        }
    }
}

struct Malformed(String);

impl crate::Bilingual for Malformed {
    fn zh(&self) -> String {
        format!("格式不正确：{}", self.0)
    }
    fn en(&self) -> String {
        format!("malformed: {}", self.0)
    }
}

/// Reads the JSON format, however many items (none included): for files use
/// [`super::read`], which also refuses empty and oversized ones.
pub fn read(bytes: &[u8]) -> Result<Vec<ImportRow>, FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    super::limits::check_json(bytes)?;
    let items: Vec<serde_json::Value> = serde_json::from_slice(bytes).map_err(|e| {
        FileError::Unreadable(format!("JSON 第{}行第{}列：{e}", e.line(), e.column()))
    })?;
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let row = i + 1;
            let result = match serde_json::from_value::<JsonQuestion>(value) {
                Ok(q) => Question::parse(q.into())
                    .map_err(|e| question_error(row, e.field().to_owned(), &e)),
                Err(e) => Err(RowError::new(row, "—", &Malformed(e.to_string()))),
            };
            ImportRow { row, result }
        })
        .collect())
}

/// Writes questions in the JSON format (pretty-printed, Chinese unescaped).
pub fn write(questions: &[Question]) -> String {
    let items: Vec<JsonQuestion> = questions.iter().map(JsonQuestion::from).collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned())
}
