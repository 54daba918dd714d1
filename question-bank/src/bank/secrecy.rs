//! 试题保密: when a question's key may be told, and to whom.
//!
//! # The live pool
//!
//! A question is **live** while some sitting may still put it before a candidate: its key,
//! explanation and cited article then reach only the staff who manage the bank. A sitting
//! holds its pool while it is [`SittingState::Scheduled`] or [`SittingState::Open`]
//! ([`holds_pool`]); its pool is, by how its papers are made (see [`crate::exam::paper`]):
//!
//! - **fixed paper** (统一试卷): the questions placed on it;
//! - **A/B papers** (AB卷): the questions of papers A and B, both drawn when the sitting was
//!   created (the rest of the bank is never drawn for it);
//! - **drawn papers** (随机组卷): the sitting's frozen pool, every question the blueprint
//!   could use, frozen when the sitting was created. It holds both the papers already drawn
//!   (they are drawn from it) and every paper still to be drawn: for a candidate not yet
//!   started, one enrolled later, or a retake, the blueprint may pick any question of it.
//! - and, whatever the mode, every question on a paper an attempt of the sitting holds.
//!
//! A question is live when **any version of its lineage** is in such a pool: a revision
//! usually keeps the key, so telling the new version's key tells the old one's.
//!
//! What is withheld: the key, the explanation, the cited article and its citation. The
//! article is withheld too because these are questions on the text of the law: the article
//! a question cites states its answer. Whether a practice answer was right is withheld as
//! well, or the check would answer the key by trying each option in turn.

use crate::exam::lifecycle::SittingState;
use crate::Bilingual;

/// The sitting states in which a sitting's pool is live.
pub const LIVE_STATES: [SittingState; 2] = [SittingState::Scheduled, SittingState::Open];

/// Whether a sitting in `state` may still put the questions of its pool before a candidate.
pub fn holds_pool(state: SittingState) -> bool {
    LIVE_STATES.contains(&state)
}

/// Who is reading a question's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// A candidate (practice, mock exam, the review of a published result).
    Candidate,
    /// A staff member; `reads_keys` when their role manages the bank.
    Staff { reads_keys: bool },
}

/// Whether a key (with its explanation and article) may be shown, and if not, why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disclosure {
    Shown,
    Withheld(Withheld),
}

/// Why a key is withheld.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Withheld {
    /// A scheduled or open sitting may still use the question.
    Live,
    /// The reader's role does not read keys.
    Role,
}

/// The one rule: staff who manage the bank read every key; other staff none; candidates
/// every key but those of live questions.
pub fn disclosure(reader: Reader, live: bool) -> Disclosure {
    match reader {
        Reader::Staff { reads_keys: true } => Disclosure::Shown,
        Reader::Staff { reads_keys: false } => Disclosure::Withheld(Withheld::Role),
        Reader::Candidate if live => Disclosure::Withheld(Withheld::Live),
        Reader::Candidate => Disclosure::Shown,
    }
}

impl Disclosure {
    /// Whether the key may be shown.
    pub fn shown(self) -> bool {
        self == Self::Shown
    }

    /// Why not, if not.
    pub fn withheld(self) -> Option<Withheld> {
        match self {
            Self::Shown => None,
            Self::Withheld(w) => Some(w),
        }
    }
}

impl Bilingual for Withheld {
    fn zh(&self) -> String {
        match self {
            Self::Live => {
                "本题正在被尚未结束的考试使用，答案、解析和法条暂不公布；考试结束后可查看。".into()
            }
            Self::Role => "您的岗位不查看试题答案，答案、解析和法条不显示。".into(),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::Live => "A sitting that is not over yet uses this question: its key, explanation and article are withheld until it is.".into(),
            Self::Role => "Your role does not read keys: the key, explanation and article are not shown.".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_scheduled_and_open_sittings_hold_their_pool() {
        for state in SittingState::ALL {
            assert_eq!(
                holds_pool(state),
                matches!(state, SittingState::Scheduled | SittingState::Open),
                "{state:?}"
            );
        }
    }

    #[test]
    fn bank_managers_read_every_key_other_staff_none_candidates_all_but_live_ones() {
        for live in [false, true] {
            assert!(disclosure(Reader::Staff { reads_keys: true }, live).shown());
            assert_eq!(
                disclosure(Reader::Staff { reads_keys: false }, live).withheld(),
                Some(Withheld::Role)
            );
        }
        assert!(disclosure(Reader::Candidate, false).shown());
        assert_eq!(
            disclosure(Reader::Candidate, true).withheld(),
            Some(Withheld::Live)
        );
        assert!(Withheld::Live.zh().contains("考试") && Withheld::Live.en().contains("sitting"));
    }
}
