use async_trait::async_trait;
use question_bank::bank::question::{Answer, QuestionKind};
use question_bank::exam::blueprint::Blueprint;
use question_bank::exam::lifecycle::SittingState;
use question_bank::exam::paper::PoolQuestion;

use crate::state::StoreError;

/// Where a practising candidate stands: their sitting and the bank it may draw from.
#[derive(Clone, Debug)]
pub struct PracticeScope {
    pub candidate_name: String,
    pub sitting_title: String,
    pub state: SittingState,
    /// The sitting's jurisdiction: practice uses its bank and its ancestors'.
    pub scope_path: String,
    /// The sitting's blueprint, if its papers are drawn.
    pub blueprint: Option<Blueprint>,
    pub duration_minutes: i64,
    pub pass_mark: i64,
    /// How the sitting marks multiple choice: a mock exam marks the same way.
    pub multi_choice: question_bank::exam::scoring::MultiChoicePolicy,
}

/// A practice question with everything feedback needs (never sent as is).
#[derive(Clone, Debug)]
pub struct PracticeItem {
    pub id: i64,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
    pub key: Answer,
    pub explanation: String,
    pub law_id: String,
    pub article: i64,
    pub paragraph: Option<i64>,
}

/// Practice reads only: active objective questions in scope, never reserved ones.
#[async_trait]
pub trait PracticeRepo: Send + Sync {
    async fn practice_scope(&self, candidate_id: i64) -> Result<Option<PracticeScope>, StoreError>;
    /// The questions practice may show at `scope_path`.
    async fn practice_pool(&self, scope_path: &str) -> Result<Vec<PoolQuestion>, StoreError>;
    /// Those of `ids` that practice may show at `scope_path`.
    async fn practice_items(
        &self,
        scope_path: &str,
        ids: &[i64],
    ) -> Result<Vec<PracticeItem>, StoreError>;
}
