use std::collections::HashSet;

use async_trait::async_trait;
use question_bank::bank::question::{Answer, Question, QuestionKind, QuestionStatus};
use question_bank::bank::Bank;

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
    pub marking_points: Vec<String>,
    pub explanation: String,
    pub difficulty: u8,
    pub law_id: String,
    pub article: i64,
    pub paragraph: Option<i64>,
    pub tags: Vec<String>,
    pub status: QuestionStatus,
    pub jurisdiction_id: i64,
    pub jurisdiction_name: String,
    /// 1 for a question as first written; each revision adds one.
    pub version: i64,
    /// 正式考试专用: never shown in practice or mock exams.
    pub reserved: bool,
    /// The version (date) of the law's text it was written against.
    pub law_version: String,
    /// 待复核: a newer text of its law changed, renumbered or removed its article; papers and
    /// practice leave it out until a person confirms or revises it.
    pub needs_review: bool,
    /// Its measured difficulty over the published sittings that had a version of it.
    pub measured: Option<question_bank::results::measured::Measured>,
}

impl QuestionRecord {
    /// The validated question again (for export and editing).
    pub fn to_question(&self) -> Result<Question, question_bank::bank::question::QuestionError> {
        Question::parse(question_bank::bank::question::QuestionDraft {
            bank: self.bank.as_str().to_owned(),
            kind: self.kind.as_str().to_owned(),
            stem: self.stem.clone(),
            options: self.options.clone(),
            key: self.key.display(),
            marking_points: self.marking_points.clone(),
            explanation: self.explanation.clone(),
            difficulty: i64::from(self.difficulty),
            law: self.law_id.clone(),
            article: self.article,
            paragraph: self.paragraph,
            tags: self.tags.clone(),
        })
    }

    /// Whether staff of `jurisdiction_id` may revise, retire and re-tag it.
    pub fn editable_by(&self, jurisdiction_id: i64) -> bool {
        self.jurisdiction_id == jurisdiction_id && self.status != QuestionStatus::Retired
    }
}

/// A question of the importer's own bank that an import writes as its next version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    /// The file's row, for the refusal if the question changed since the preview.
    pub row: i64,
    /// The version being replaced.
    pub id: i64,
    pub question: Question,
}

/// A staged import as stored.
#[derive(Clone, Debug)]
pub struct ImportBatch {
    pub preview: ImportPreview,
    pub jurisdiction_id: i64,
    /// The rows to add, in the project's JSON format.
    pub questions_json: String,
    /// The revisions: `[{"row", "id", "question"}]`, the question in the JSON format.
    pub revisions_json: String,
}

/// Storing and reading questions.
#[async_trait]
pub trait QuestionRepo: Send + Sync {
    /// Those of `ids` that are live: in the pool of a sitting that is scheduled or open, or
    /// a version of such a question (the definition is `question_bank::bank::secrecy`'s).
    async fn live_questions(&self, ids: &[i64]) -> Result<HashSet<i64>, StoreError>;
    /// Questions a user at `scope_path` may use: their own jurisdiction's and every ancestor's
    /// (a city's bank is visible to its districts; a district's only to itself).
    /// With `include_retired`, retired versions too (for finding them; never for papers).
    async fn questions_visible(
        &self,
        scope_path: &str,
        include_retired: bool,
    ) -> Result<Vec<QuestionRecord>, StoreError>;
    /// Adds a validated question to a jurisdiction's bank, active or as a draft; audited.
    async fn create_question(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        question: &Question,
        status: QuestionStatus,
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
    /// Writes `question` as the next version of draft or active question `id` (which must
    /// belong to `jurisdiction_id`), in the same status, and retires the old version; papers
    /// keep the version they drew. Returns the new version's id.
    async fn revise_question(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        id: i64,
        question: &Question,
        reason: &str,
    ) -> Result<i64, StoreError>;
    /// Retires draft or active questions of `jurisdiction_id`; returns how many.
    async fn retire_questions(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        ids: &[i64],
        reason: &str,
    ) -> Result<usize, StoreError>;
    /// Makes draft questions of `jurisdiction_id` active, so papers may draw them; returns how
    /// many.
    async fn activate_questions(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        ids: &[i64],
    ) -> Result<usize, StoreError>;
    /// Reserves questions of `jurisdiction_id` for real sittings (or releases them to
    /// practice), audited; returns how many changed.
    async fn reserve_questions(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        ids: &[i64],
        reserved: bool,
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
        revisions_json: &str,
    ) -> Result<i64, StoreError>;
    /// A staged upload, if `user_id` made it.
    async fn import_batch(
        &self,
        user_id: i64,
        batch_id: i64,
    ) -> Result<Option<ImportBatch>, StoreError>;
    /// Adds a staged upload's questions, writes its revisions and marks it committed, in one
    /// transaction; refused whole if it was committed already or a revised question changed
    /// since the preview. Returns (added, revised).
    async fn commit_import_batch(
        &self,
        actor: &Actor,
        batch_id: i64,
        questions: &[Question],
        revisions: &[Revision],
    ) -> Result<(usize, usize), StoreError>;
}

/// What loading a newer statute text did.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LoadedStatute {
    pub law_id: String,
    pub version: String,
    /// The article-by-article changes from the text in force before.
    pub changes: Vec<question_bank::bank::law_versions::ArticleChange>,
    /// How many questions it held for review.
    pub flagged: i64,
}

/// Law versions: newer statute texts and the review of the questions they touch.
#[async_trait]
pub trait LawVersionRepo: Send + Sync {
    /// The text of `law_id` in force and its version: the latest loaded, else the shipped one.
    async fn statute_in_force(&self, law_id: &str) -> Result<(String, String), StoreError>;
    /// The text of `law_id` at `version` (loaded or shipped), if known.
    async fn statute_at(&self, law_id: &str, version: &str) -> Result<Option<String>, StoreError>;
    /// Stores a newer text of a law (checked by `question_bank::bank::law_versions::check_new_text`
    /// against the one in force) and, in the same transaction, holds every question citing a
    /// changed, renumbered or removed article for review; the other questions of the law move
    /// to the new version. Audited (`statute.load`).
    async fn load_statute(
        &self,
        actor: &Actor,
        law_id: &str,
        version: &str,
        text: &str,
    ) -> Result<LoadedStatute, StoreError>;
    /// Confirms that question `id` of `jurisdiction_id`, held for review, is still right under
    /// the law's text in force: it returns to papers, recorded against the new version.
    /// Audited (`question.review_confirm`) with `reason`.
    async fn confirm_review(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        id: i64,
        reason: &str,
    ) -> Result<(), StoreError>;
}
