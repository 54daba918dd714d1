//! Publishing a sitting's results (成绩发布) and the pass records it makes.
//!
//! Results stay with staff until they publish them: only then does a candidate learn their
//! score and, as the sitting's review policy allows, their answers with the key. A sitting
//! can be published once it has closed and every paper is fully marked; each passed paper
//! then becomes a pass record, valid for the rest of the congress's term.

use crate::clock::MINUTE_MS;
use crate::lifecycle::SittingState;
use crate::Bilingual;

/// One congress term (五年): how long a pass lasts where no term end is configured.
pub const TERM_MS: i64 = 5 * 365 * 24 * 60 * MINUTE_MS + 24 * 60 * MINUTE_MS;

/// Why a sitting's results cannot be published.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PublishError {
    /// Only a closed (or archived) sitting has final papers.
    #[error("本场考试当前为“{}”，结束考试后才能发布成绩", .0.label_zh())]
    NotClosed(SittingState),
    /// Published already: publication is once.
    #[error("本场考试的成绩已经发布")]
    AlreadyPublished,
    /// Some answers still wait for a marker.
    #[error("还有{0}份答卷有待人工阅卷，全部评阅后才能发布成绩")]
    AwaitingMarking(usize),
    /// Publication is audited with a note; an empty one is refused.
    #[error("请填写发布说明（如：经审核无误）")]
    NeedsNote,
}

impl Bilingual for PublishError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::NotClosed(state) => format!(
                "the sitting is {}; close it before publishing its results",
                state.label_en().to_lowercase()
            ),
            Self::AlreadyPublished => "this sitting's results are already published".into(),
            Self::AwaitingMarking(n) => {
                format!("{n} papers still wait for hand marking; publish when all are marked")
            }
            Self::NeedsNote => "add a note for the record (e.g. \"checked\")".into(),
        }
    }
}

/// Checks that a sitting's results may be published now.
pub fn check_publish(
    state: SittingState,
    published: bool,
    papers_awaiting_marking: usize,
    note: &str,
) -> Result<(), PublishError> {
    if !matches!(state, SittingState::Closed | SittingState::Archived) {
        return Err(PublishError::NotClosed(state));
    }
    if published {
        return Err(PublishError::AlreadyPublished);
    }
    if papers_awaiting_marking > 0 {
        return Err(PublishError::AwaitingMarking(papers_awaiting_marking));
    }
    if note.trim().is_empty() {
        return Err(PublishError::NeedsNote);
    }
    Ok(())
}

/// Until when a pass made at `passed_at` counts (本届内有效): the end of the congress term
/// where the jurisdiction has set it, otherwise one full term from the pass.
pub fn pass_valid_until(passed_at: i64, term_ends_at: Option<i64>) -> i64 {
    match term_ends_at {
        Some(end) if end > passed_at => end,
        _ => passed_at + TERM_MS,
    }
}

/// Whether a pass record still counts at `now`.
pub fn pass_is_valid(valid_until: i64, now: i64) -> bool {
    now <= valid_until
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_closed_fully_marked_unpublished_sitting_with_a_note_is_published() {
        assert_eq!(
            check_publish(SittingState::Open, false, 0, "ok"),
            Err(PublishError::NotClosed(SittingState::Open))
        );
        assert_eq!(
            check_publish(SittingState::Closed, true, 0, "ok"),
            Err(PublishError::AlreadyPublished)
        );
        assert_eq!(
            check_publish(SittingState::Closed, false, 2, "ok"),
            Err(PublishError::AwaitingMarking(2))
        );
        assert_eq!(
            check_publish(SittingState::Closed, false, 0, "  "),
            Err(PublishError::NeedsNote)
        );
        assert_eq!(
            check_publish(SittingState::Closed, false, 0, "经审核无误"),
            Ok(())
        );
        assert_eq!(
            check_publish(SittingState::Archived, false, 0, "ok"),
            Ok(())
        );
    }

    #[test]
    fn a_pass_lasts_to_the_term_end_or_one_term() {
        let day = 24 * 60 * MINUTE_MS;
        assert_eq!(pass_valid_until(10 * day, Some(100 * day)), 100 * day);
        // A term end already past (set for the old term) does not shorten a new pass to nothing.
        assert_eq!(
            pass_valid_until(10 * day, Some(5 * day)),
            10 * day + TERM_MS
        );
        assert_eq!(pass_valid_until(10 * day, None), 10 * day + TERM_MS);
        assert!(pass_is_valid(100 * day, 100 * day));
        assert!(!pass_is_valid(100 * day, 100 * day + 1));
    }
}
