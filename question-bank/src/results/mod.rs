//! Publishing a sitting's results (成绩发布) and the pass records it makes.
//!
//! Results stay with staff until they publish them: only then does a candidate learn their
//! score and, as the sitting's review policy allows, their answers with the key. A sitting
//! can be published once it has closed and every paper is fully marked; each passed paper
//! then becomes a pass record, valid for the rest of the congress's term.

pub mod analysis;
pub mod marking;
pub mod measured;

use crate::exam::clock::MINUTE_MS;
use crate::exam::lifecycle::SittingState;
use crate::named::named_enum;
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
        _ => passed_at.saturating_add(TERM_MS),
    }
}

/// Whether a pass record still counts at `now`.
pub fn pass_is_valid(valid_until: i64, now: i64) -> bool {
    now <= valid_until
}

/// Days after publication within which a candidate may ask for a re-check (复核).
pub const APPEAL_DAYS: i64 = 15;

named_enum! {
    /// How a re-check (复核) ended. It is not chosen but follows from the score: a score that
    /// changed since the appeal was filed (a key corrected and the sitting regraded) is a
    /// correction; otherwise the result stands.
    pub enum AppealOutcome {
        /// 维持原成绩.
        Upheld => ("upheld", "维持原成绩", "Result upheld"),
        /// 更正成绩.
        Corrected => ("corrected", "成绩已更正", "Score corrected"),
    }
}

impl AppealOutcome {
    /// The outcome of a re-check, from the score when it was asked for and now.
    pub fn of(score_at_filing: Option<i64>, score_now: Option<i64>) -> Self {
        if score_at_filing == score_now {
            Self::Upheld
        } else {
            Self::Corrected
        }
    }
}

/// Why an appeal cannot be filed or decided.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AppealError {
    #[error("成绩发布后方可申请复核")]
    NotPublished,
    #[error("没有可复核的答卷")]
    NoPaper,
    #[error("复核申请应在成绩发布后{APPEAL_DAYS}日内提出")]
    TooLate,
    #[error("您已有一项复核申请正在办理")]
    Pending,
    #[error("请写明申请复核的理由")]
    NeedsReason,
    #[error("该复核申请已经办结")]
    Decided,
    #[error("请填写复核意见")]
    NeedsResponse,
}

impl Bilingual for AppealError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::NotPublished => {
                "a re-check can be asked for once the results are published".into()
            }
            Self::NoPaper => "there is no paper to re-check".into(),
            Self::TooLate => {
                format!("a re-check must be asked for within {APPEAL_DAYS} days of publication")
            }
            Self::Pending => "you already have a re-check under way".into(),
            Self::NeedsReason => "say why you ask for a re-check".into(),
            Self::Decided => "this appeal has already been decided".into(),
            Self::NeedsResponse => "write the reviewer's response".into(),
        }
    }
}

/// Checks that a candidate may ask for a re-check now.
pub fn check_appeal(
    published_at: Option<i64>,
    has_paper: bool,
    pending: bool,
    reason: &str,
    now: i64,
) -> Result<(), AppealError> {
    let published_at = published_at.ok_or(AppealError::NotPublished)?;
    if !has_paper {
        return Err(AppealError::NoPaper);
    }
    if now > published_at.saturating_add(APPEAL_DAYS * 24 * 60 * MINUTE_MS) {
        return Err(AppealError::TooLate);
    }
    if pending {
        return Err(AppealError::Pending);
    }
    if reason.trim().is_empty() {
        return Err(AppealError::NeedsReason);
    }
    Ok(())
}

/// Checks that a reviewer may decide an appeal with this response.
pub fn check_decision(decided: bool, response: &str) -> Result<(), AppealError> {
    if decided {
        return Err(AppealError::Decided);
    }
    if response.trim().is_empty() {
        return Err(AppealError::NeedsResponse);
    }
    Ok(())
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

    #[test]
    fn an_appeal_needs_a_published_paper_in_time_a_reason_and_none_pending() {
        let day = 24 * 60 * MINUTE_MS;
        assert_eq!(
            check_appeal(None, true, false, "x", 0),
            Err(AppealError::NotPublished)
        );
        assert_eq!(
            check_appeal(Some(0), false, false, "x", 0),
            Err(AppealError::NoPaper)
        );
        assert_eq!(
            check_appeal(Some(0), true, false, "x", APPEAL_DAYS * day + 1),
            Err(AppealError::TooLate)
        );
        assert_eq!(
            check_appeal(Some(0), true, true, "x", day),
            Err(AppealError::Pending)
        );
        assert_eq!(
            check_appeal(Some(0), true, false, " ", day),
            Err(AppealError::NeedsReason)
        );
        assert_eq!(
            check_appeal(Some(0), true, false, "第3题答案有误", APPEAL_DAYS * day),
            Ok(())
        );
    }

    #[test]
    fn an_appeal_is_a_correction_only_when_the_score_changed() {
        assert_eq!(AppealOutcome::of(Some(50), Some(50)), AppealOutcome::Upheld);
        assert_eq!(
            AppealOutcome::of(Some(50), Some(60)),
            AppealOutcome::Corrected
        );
        assert_eq!(check_decision(true, "ok"), Err(AppealError::Decided));
        assert_eq!(check_decision(false, ""), Err(AppealError::NeedsResponse));
        assert_eq!(check_decision(false, "经复核，评分无误"), Ok(()));
        assert_eq!(
            AppealOutcome::parse("corrected"),
            Some(AppealOutcome::Corrected)
        );
    }
}
