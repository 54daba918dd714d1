use async_trait::async_trait;
use question_bank::results::marking::{Progress, Stage};

use super::{MarkingItem, MarkingSitting};
use crate::audit::Actor;
use crate::sittings::SittingSummary;
use crate::state::StoreError;

/// One mark as a marker gives it.
#[derive(Clone, Debug)]
pub struct NewMark<'a> {
    pub sitting_id: i64,
    /// The script's 密封号.
    pub code: &'a str,
    pub question_id: i64,
    pub stage: Stage,
    pub points: i64,
    pub comment: &'a str,
}

/// Short answers to mark, and the marks given.
#[async_trait]
pub trait MarkingRepo: Send + Sync {
    /// Sittings in reach with handed-in short answers, newest first.
    async fn marking_sittings(&self, scope_path: &str) -> Result<Vec<MarkingSitting>, StoreError>;
    /// A sitting in reach and every short answer of its handed-in, unvoided papers, ordered
    /// by sealed code. Papers not yet sealed get their random code first.
    async fn marking_items(
        &self,
        scope_path: &str,
        sitting_id: i64,
    ) -> Result<Option<(SittingSummary, Vec<MarkingItem>)>, StoreError>;
    /// The names of the active markers whose jurisdiction covers the sitting's (its own or
    /// one above it): who may mark, and arbitrate, its scripts.
    async fn markers_for(&self, sitting_id: i64) -> Result<Vec<String>, StoreError>;
    /// Records a mark in one transaction with its consequences: the item's final mark when
    /// its marking is complete, the paper's score and result when all its items are, and the
    /// audit event. Refused when the mark is out of range, taken meanwhile, or the marker's
    /// second on the item, or when the sitting's results are published.
    async fn give_mark(
        &self,
        actor: &Actor,
        marker: &str,
        scope_path: &str,
        mark: NewMark<'_>,
        now: i64,
    ) -> Result<Progress, StoreError>;
}
