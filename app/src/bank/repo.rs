use async_trait::async_trait;
use question_bank::bank::Bank;
use question_bank::question::{Answer, Question, QuestionKind};

use super::import::Signature;
use super::ImportPreview;
use crate::audit::Actor;
use crate::state::StoreError;

/// A stored question (already validated when it was written).
#[derive(Clone, Debug)]
pub struct QuestionRecord {
    pub id: i64,
    pub bank: Bank,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
    pub key: Answer,
    pub explanation: String,
    pub difficulty: u8,
    pub law_id: String,
    pub article: i64,
    pub paragraph: Option<i64>,
    pub tags: Vec<String>,
    pub status: String,
    pub jurisdiction_id: i64,
    pub jurisdiction_name: String,
    /// 1 for a question as first written; each revision adds one.
    pub version: i64,
}

impl QuestionRecord {
    /// The validated question again (for export and editing).
    pub fn to_question(&self) -> Result<Question, question_bank::question::QuestionError> {
        Question::parse(question_bank::question::QuestionDraft {
            bank: self.bank.as_str().to_owned(),
            kind: self.kind.as_str().to_owned(),
            stem: self.stem.clone(),
            options: self.options.clone(),
            key: self.key.display(),
            explanation: self.explanation.clone(),
            difficulty: i64::from(self.difficulty),
            law: self.law_id.clone(),
            article: self.article,
            paragraph: self.paragraph,
            tags: self.tags.clone(),
        })
    }
}

/// A staged import as stored.
#[derive(Clone, Debug)]
pub struct ImportBatch {
    pub preview: ImportPreview,
    pub jurisdiction_id: i64,
    /// The rows to add, in the project's JSON format.
    pub questions_json: String,
}

/// Storing and reading questions.
#[async_trait]
pub trait QuestionRepo: Send + Sync {
    /// Questions a user at `scope_path` may use: their own jurisdiction's and every ancestor's
    /// (a city's bank is visible to its districts; a district's only to itself).
    async fn questions_visible(&self, scope_path: &str) -> Result<Vec<QuestionRecord>, StoreError>;
    /// Adds a validated question to a jurisdiction's bank, audited.
    async fn create_question(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        question: &Question,
    ) -> Result<i64, StoreError>;
    /// Adds many questions in one transaction (all or none) with one audit event naming `source`.
    async fn import_questions(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        questions: &[Question],
        source: &str,
    ) -> Result<usize, StoreError>;
    /// One question visible at `scope_path`, active or retired.
    async fn question(
        &self,
        scope_path: &str,
        id: i64,
    ) -> Result<Option<QuestionRecord>, StoreError>;
    /// Writes `question` as the next version of active question `id` (which must belong to
    /// `jurisdiction_id`) and retires the old version; papers keep the version they drew.
    /// Returns the new version's id.
    async fn revise_question(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        id: i64,
        question: &Question,
        reason: &str,
    ) -> Result<i64, StoreError>;
    /// Retires active questions of `jurisdiction_id`; returns how many.
    async fn retire_questions(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        ids: &[i64],
        reason: &str,
    ) -> Result<usize, StoreError>;
    /// Adds or removes a tag on questions of `jurisdiction_id`; returns how many changed.
    async fn retag_questions(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        ids: &[i64],
        tag: &str,
        add: bool,
    ) -> Result<usize, StoreError>;
    /// Stages a checked upload for its author to commit; returns the batch id.
    async fn save_import_batch(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        preview: &ImportPreview,
        questions_json: &str,
    ) -> Result<i64, StoreError>;
    /// A staged upload, if `user_id` made it.
    async fn import_batch(
        &self,
        user_id: i64,
        batch_id: i64,
    ) -> Result<Option<ImportBatch>, StoreError>;
    /// Adds a staged upload's questions and marks it committed, in one transaction; refused if
    /// it was committed already. Returns how many questions were added.
    async fn commit_import_batch(
        &self,
        actor: &Actor,
        batch_id: i64,
        questions: &[Question],
    ) -> Result<usize, StoreError>;
}

/// The signatures of the questions visible at `scope_path`, for duplicate detection.
pub fn signatures(records: &[QuestionRecord]) -> std::collections::HashSet<Signature> {
    records
        .iter()
        .map(|q| (q.stem.clone(), q.options.clone()))
        .collect()
}
