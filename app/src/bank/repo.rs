use async_trait::async_trait;
use question_bank::question::{Answer, Question, QuestionKind};

use crate::audit::Actor;
use crate::state::StoreError;

/// A stored question (already validated when it was written).
#[derive(Clone, Debug)]
pub struct QuestionRecord {
    pub id: i64,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
    pub key: Answer,
    pub explanation: String,
    pub difficulty: u8,
    pub law_id: String,
    pub article: i64,
    pub status: String,
    pub jurisdiction_name: String,
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
}
