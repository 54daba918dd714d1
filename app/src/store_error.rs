//! The repository's one error type, and the one place a refusal becomes words.
//!
//! The database adapter knows no language and no HTTP: it returns what happened as data.
//! `From<StoreError> for AppError` turns it into what the person at the screen reads and
//! the status a programmatic caller sees, and logs a backend failure once, with its cause.

use question_bank::refusal::{Fault, Refusal};
use question_bank::Bilingual;

use crate::error::AppError;

/// A backend failure's cause, kept as a value (with its source chain) for the log.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

/// A repository failure. Only `Backend` carries text from the database, and it never
/// leaves the server: see `From<StoreError> for AppError`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such record in the caller's reach.
    #[error("not found")]
    NotFound,
    /// The record is in reach, but this caller may not change it that way.
    #[error("forbidden")]
    Forbidden,
    /// The change collides with what is already stored: a number, name or file already
    /// taken, or a record changed since the caller read it.
    #[error("conflict: {0}")]
    Conflict(Refusal),
    /// A domain rule, checked on facts read under the write lock, refused the change.
    #[error("refused: {0}")]
    Refused(Refusal),
    /// The database (or the server around it) failed.
    #[error("backend")]
    Backend(#[source] Cause),
}

impl StoreError {
    /// A backend failure with this cause (a database error, or a description of stored
    /// data that cannot be read).
    pub fn backend(cause: impl Into<Cause>) -> Self {
        Self::Backend(cause.into())
    }

    /// A domain rule's refusal.
    pub fn refused(why: impl Into<Refusal>) -> Self {
        Self::Refused(why.into())
    }

    /// The refusal, if this is one (a conflict is one too), for a caller that adds where
    /// it happened (`Refusal::at_row`).
    pub fn map_refusal(self, f: impl FnOnce(Refusal) -> Refusal) -> Self {
        match self {
            Self::Refused(r) => Self::Refused(f(r)),
            Self::Conflict(r) => Self::Conflict(f(r)),
            other => other,
        }
    }
}

impl From<Refusal> for AppError {
    fn from(why: Refusal) -> Self {
        match why.fault() {
            Fault::State => AppError::refused(why.zh(), why.en()),
            Fault::Input(field) => AppError::invalid(field, why.zh(), why.en()),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Forbidden => AppError::Forbidden,
            StoreError::Conflict(why) | StoreError::Refused(why) => why.into(),
            StoreError::Backend(cause) => {
                let incident = format!("{:08x}", rand::random::<u32>());
                let mut chain = cause.to_string();
                let mut source = cause.source();
                while let Some(s) = source {
                    chain.push_str(": ");
                    chain.push_str(&s.to_string());
                    source = s.source();
                }
                tracing::error!(%incident, cause = %chain, "store failure");
                AppError::Internal { incident }
            }
        }
    }
}
