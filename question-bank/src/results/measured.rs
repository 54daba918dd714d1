//! Measured difficulty: what candidates' answers say about a question, beside the level its
//! author wrote.
//!
//! The facility (the share of candidates who answered right, [`crate::results::analysis`]) maps onto
//! the same 1 (easy) to 5 (hard) scale as the written label, in bands of the usual
//! classical-test-theory reading of p:
//!
//! | facility p | measured level |
//! | --- | --- |
//! | p ≥ 0.85 | 1 very easy |
//! | 0.70 ≤ p < 0.85 | 2 easy |
//! | 0.50 ≤ p < 0.70 | 3 moderate |
//! | 0.30 ≤ p < 0.50 | 4 hard |
//! | p < 0.30 | 5 very hard |
//!
//! A label and a measure disagree when they are two or more levels apart and the measure rests
//! on at least [`MIN_CANDIDATES`] candidates: below that one strong or weak candidate moves p by
//! a tenth or more, a whole band.

use serde::{Deserialize, Serialize};

/// The fewest candidates a measure must rest on before the bank flags a disagreement.
pub const MIN_CANDIDATES: i64 = 10;

/// How many levels apart label and measure must be to be flagged.
pub const DISAGREEMENT_LEVELS: u8 = 2;

/// The measured level (1 easy … 5 hard) of a facility; a facility outside 0..=1 is clamped,
/// NaN counts as nobody right.
pub fn level(facility: f64) -> u8 {
    let p = if facility.is_nan() {
        0.0
    } else {
        facility.clamp(0.0, 1.0)
    };
    match p {
        p if p >= 0.85 => 1,
        p if p >= 0.70 => 2,
        p if p >= 0.50 => 3,
        p if p >= 0.30 => 4,
        _ => 5,
    }
}

/// A question's measured difficulty over the published sittings that had it.
///
/// The facility is kept in per mille (an exact integer in both databases and in the page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measured {
    /// The facility over every candidate who had it (each sitting weighted by its
    /// candidates), per mille.
    pub facility_permille: i64,
    /// How many candidates it rests on.
    pub candidates: i64,
}

/// A facility as stored: per mille, rounded.
pub fn permille(share: f64) -> i64 {
    if share.is_nan() {
        0
    } else {
        (share.clamp(-1.0, 1.0) * 1000.0).round() as i64
    }
}

impl Measured {
    /// The facility, 0 to 1.
    pub fn facility(&self) -> f64 {
        self.facility_permille as f64 / 1000.0
    }

    /// The measured level, 1 to 5.
    pub fn level(&self) -> u8 {
        level(self.facility())
    }

    /// Whether the written `label` and this measure disagree enough, on enough candidates, for
    /// someone to look at the label (or the question).
    pub fn disagrees_with(&self, label: u8) -> bool {
        self.candidates >= MIN_CANDIDATES && self.level().abs_diff(label) >= DISAGREEMENT_LEVELS
    }
}

/// One question's statistics from one published sitting, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemMeasure {
    /// The question version the papers held.
    pub question_id: i64,
    /// How many candidates had it.
    pub answered_by: i64,
    /// Its facility, per mille.
    pub facility_permille: i64,
    /// Its upper-lower 27% discrimination index D, per mille (−1000 to 1000), when defined.
    pub discrimination_permille: Option<i64>,
}

impl From<&crate::results::analysis::ItemStats> for ItemMeasure {
    fn from(stats: &crate::results::analysis::ItemStats) -> Self {
        Self {
            question_id: stats.question_id,
            answered_by: i64::try_from(stats.answered_by).unwrap_or(i64::MAX),
            facility_permille: permille(stats.facility),
            discrimination_permille: stats.upper_lower.map(permille),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facility_maps_onto_five_levels_at_the_band_edges() {
        let cases = [
            (1.0, 1),
            (0.85, 1),
            (0.849, 2),
            (0.70, 2),
            (0.699, 3),
            (0.50, 3),
            (0.499, 4),
            (0.30, 4),
            (0.299, 5),
            (0.0, 5),
            (1.7, 1),
            (-0.2, 5),
            (f64::NAN, 5),
        ];
        for (facility, expected) in cases {
            assert_eq!(level(facility), expected, "facility {facility}");
        }
    }

    #[test]
    fn a_disagreement_needs_two_levels_and_ten_candidates() {
        let easy = |candidates| Measured {
            facility_permille: 900,
            candidates,
        };
        assert!(easy(10).disagrees_with(3), "1 against 3 on 10 candidates");
        assert!(easy(10).disagrees_with(5));
        assert!(!easy(10).disagrees_with(2), "one level apart");
        assert!(!easy(10).disagrees_with(1));
        assert!(!easy(9).disagrees_with(5), "nine candidates are too few");
        let hard = Measured {
            facility_permille: permille(0.2),
            candidates: 40,
        };
        assert!(hard.disagrees_with(1) && hard.disagrees_with(3));
        assert!(!hard.disagrees_with(4));
        assert_eq!((permille(0.8496), permille(f64::NAN)), (850, 0));
    }
}
