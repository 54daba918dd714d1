//! The range every number typed into Renqian must fall in, and the one way a form's text
//! becomes such a number. A value outside its range is refused where it enters, with a
//! message naming the range, so no calculation further in (deadlines, tallies, statistics)
//! ever sees a number that could overflow.

use std::ops::RangeInclusive;

use crate::Bilingual;

/// A proctor's extension (延长时间), in minutes.
pub const EXTENSION_MINUTES: RangeInclusive<i64> =
    1..=crate::exam::proctoring::MAX_EXTENSION_MINUTES;
/// An exam's duration, in minutes.
pub const DURATION_MINUTES: RangeInclusive<i64> = 1..=crate::exam::rules::MAX_DURATION_MINUTES;
/// A late-entry limit (迟到限制), in minutes: never longer than the longest exam.
pub const LATE_ENTRY_MINUTES: RangeInclusive<i64> = 0..=crate::exam::rules::MAX_DURATION_MINUTES;
/// A head count or a number of votes: no standing committee comes near it.
pub const COUNT: RangeInclusive<i64> = 0..=10_000;
/// A percentage.
pub const PERCENT: RangeInclusive<i64> = 0..=100;
/// A calendar year (a statistics year, a date's year).
pub const YEARS: RangeInclusive<i64> = crate::exam::clock::YEARS;

/// Why a number was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Not a whole number at all (or far too long to be one).
    #[error("not a whole number")]
    NotWhole,
    /// A whole number outside its range.
    #[error("must be from {min} to {max}")]
    OutOfRange { min: i64, max: i64 },
}

impl Bilingual for NumberError {
    fn zh(&self) -> String {
        match self {
            Self::NotWhole => "应为整数。".to_owned(),
            Self::OutOfRange { min, max } => format!("应为{min}至{max}的整数。"),
        }
    }
    fn en(&self) -> String {
        match self {
            Self::NotWhole => "Must be a whole number.".to_owned(),
            Self::OutOfRange { min, max } => format!("Must be a whole number from {min} to {max}."),
        }
    }
}

/// `value` if it is in `range`.
pub fn within(value: i64, range: &RangeInclusive<i64>) -> Result<i64, NumberError> {
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(NumberError::OutOfRange {
            min: *range.start(),
            max: *range.end(),
        })
    }
}

/// The whole number a form field holds, if it is in `range`. Text too long to be an `i64`
/// is out of range too (not "not a number"), so the message says what to type.
pub fn whole(text: &str, range: &RangeInclusive<i64>) -> Result<i64, NumberError> {
    let text = text.trim();
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotWhole);
    }
    match text.parse::<i64>() {
        Ok(n) => within(n, range),
        Err(_) => Err(NumberError::OutOfRange {
            min: *range.start(),
            max: *range.end(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_read_within_their_range_only() {
        assert_eq!(whole(" 15 ", &EXTENSION_MINUTES), Ok(15));
        assert_eq!(whole("+60", &EXTENSION_MINUTES), Ok(60));
        for bad in [
            "0",
            "61",
            "-1",
            "9223372036854775807",
            "-9223372036854775808",
            "99999999999999999999999",
        ] {
            assert_eq!(
                whole(bad, &EXTENSION_MINUTES),
                Err(NumberError::OutOfRange { min: 1, max: 60 }),
                "{bad}"
            );
        }
        for bad in [
            "", "1e3", "1.5", "NaN", "Infinity", "-", "٣", "0x10", "1 000",
        ] {
            assert_eq!(whole(bad, &COUNT), Err(NumberError::NotWhole), "{bad}");
        }
        assert_eq!(
            within(i64::MIN, &YEARS),
            Err(NumberError::OutOfRange {
                min: 1900,
                max: 9999
            })
        );
        assert!(NumberError::OutOfRange { min: 1, max: 60 }
            .zh()
            .contains("1至60"));
    }
}
