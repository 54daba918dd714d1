//! Exam time: deadlines, the grace period, and China Standard Time display.
//!
//! Every instant is milliseconds since the Unix epoch (UTC), the one representation both
//! databases store alike. China has one time zone and no daylight saving: UTC+8.

/// Milliseconds in a minute.
pub const MINUTE_MS: i64 = 60_000;
const CST_OFFSET_MS: i64 = 8 * 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

/// The calendar years any date or time typed into Renqian may fall in. Every date that
/// enters (a sitting's times, a term's end, a nomination's steps, a statistics year, a
/// holiday) is read through `parse_cst` or `CivilDate`, which refuse a year outside this
/// range: within it, every instant and day count fits an `i64` with room to spare, so no
/// calculation on a date can overflow.
pub const YEARS: std::ops::RangeInclusive<i64> = 1900..=9999;

use time::{Date, Month, OffsetDateTime, PlainDateTime, Time, UtcOffset};

// Arithmetic on instants saturates: an instant read from the database or computed from
// bounded inputs never comes near the ends of `i64`, but a corrupt value must not crash the
// process (a debug build) or wrap to a deadline in the past (a release build).

/// When an attempt started at `started_at` must end: its duration, cut short by the
/// sitting's closing time.
pub fn attempt_deadline(started_at: i64, duration_minutes: i64, sitting_closes_at: i64) -> i64 {
    started_at
        .saturating_add(minutes_ms(duration_minutes))
        .min(sitting_closes_at)
}

/// Whether an answer arriving at `now` may still be written: until the deadline plus the
/// grace period that covers network delay for a save sent just before the deadline.
pub fn accepts_writes(now: i64, deadline: i64, grace_ms: i64) -> bool {
    now <= deadline.saturating_add(grace_ms)
}

/// Whether a candidate may still begin at `now`: within `late_entry_minutes` of the opening
/// (迟到限制), or at any time while the sitting is open when there is no limit.
pub fn may_begin(now: i64, opens_at: i64, late_entry_minutes: Option<i64>) -> bool {
    late_entry_minutes.is_none_or(|limit| now <= opens_at.saturating_add(minutes_ms(limit)))
}

/// `minutes` in milliseconds, saturating at the ends of `i64`.
pub fn minutes_ms(minutes: i64) -> i64 {
    minutes.saturating_mul(MINUTE_MS)
}

/// Time left until `deadline`, never negative.
pub fn remaining_ms(now: i64, deadline: i64) -> i64 {
    deadline.saturating_sub(now).max(0)
}

/// "1:29:59" or "09:59", rounded up to the whole second so zero shows only at the end.
pub fn format_remaining(ms: i64) -> String {
    let secs = ms.max(0).saturating_add(999) / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// China Standard Time: UTC+8 all year, with no daylight saving (none since 1991).
pub const CST: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+8 is a valid offset"),
};

/// 1970-01-01 as a Julian day: day counts in Renqian start there.
const EPOCH_JULIAN_DAY: i64 = OffsetDateTime::UNIX_EPOCH.date().to_julian_day() as i64;

/// The date `days` after 1970-01-01, held within the years the `time` crate can hold
/// (±9999): only a corrupt value comes near them, and it must not crash the process.
pub(crate) fn date_of_days(days: i64) -> Date {
    let julian = days.saturating_add(EPOCH_JULIAN_DAY).clamp(
        i64::from(Date::MIN.to_julian_day()),
        i64::from(Date::MAX.to_julian_day()),
    );
    i32::try_from(julian)
        .ok()
        .and_then(|julian| Date::from_julian_day(julian).ok())
        .unwrap_or(Date::MIN)
}

/// Days from 1970-01-01 to `date`.
pub(crate) fn days_of(date: Date) -> i64 {
    i64::from(date.to_julian_day()) - EPOCH_JULIAN_DAY
}

/// The China Standard Time date and wall-clock time of an instant.
pub fn cst_date_time(ms: i64) -> PlainDateTime {
    let local = ms.saturating_add(CST_OFFSET_MS);
    let (days, in_day) = (local.div_euclid(DAY_MS), local.rem_euclid(DAY_MS));
    let date = date_of_days(days);
    if days_of(date) != days {
        // Beyond ±9999 years: the first or the last minute `time` can hold.
        return if days < 0 {
            date.midnight()
        } else {
            PlainDateTime::new(date, Time::MAX)
        };
    }
    let minutes = in_day / MINUTE_MS;
    // In range by construction: 0 ≤ minutes < 1440.
    let time =
        Time::from_hms((minutes / 60) as u8, (minutes % 60) as u8, 0).unwrap_or(Time::MIDNIGHT);
    PlainDateTime::new(date, time)
}

/// The China Standard Time date of an instant.
pub fn cst_date(ms: i64) -> Date {
    cst_date_time(ms).date()
}

/// "2026-11-22": a date as Renqian writes it (and `<input type="date">` reads it).
pub fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// "2026年11月22日": a date as a Chinese document writes it (a certificate, a notice).
pub fn chinese_date(date: Date) -> String {
    format!(
        "{}年{}月{}日",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// "2026-11-22 14:00" in China Standard Time.
pub fn format_cst(ms: i64) -> String {
    format!("{} {}", format_cst_date(ms), format_cst_time(ms))
}

/// "2026-11-22": the China Standard Time date of an instant.
pub fn format_cst_date(ms: i64) -> String {
    format_date(cst_date(ms))
}

/// "14:00": the China Standard Time of day of an instant.
pub fn format_cst_time(ms: i64) -> String {
    let time = cst_date_time(ms).time();
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// "2026年11月22日": the China Standard Time date of an instant, as a document writes it.
pub fn format_cst_chinese_date(ms: i64) -> String {
    chinese_date(cst_date(ms))
}

/// The calendar year of an instant in China Standard Time.
pub fn cst_year(ms: i64) -> i64 {
    i64::from(cst_date(ms).year())
}

/// The value an `<input type="datetime-local">` shows for an instant: "2026-11-22T14:00".
pub fn to_cst_input(ms: i64) -> String {
    format!("{}T{}", format_cst_date(ms), format_cst_time(ms))
}

/// Reads "2026-11-22T14:00" or "2026-11-22 14:00" (China Standard Time); none for a time
/// that does not exist or whose year is outside `YEARS`.
pub fn parse_cst(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once(['T', ' '])?;
    let mut date_parts = date.splitn(3, '-').map(str::parse::<i64>);
    let (y, mo, d) = (
        date_parts.next()?.ok()?,
        date_parts.next()?.ok()?,
        date_parts.next()?.ok()?,
    );
    let mut time_parts = time.splitn(3, ':').map(str::parse::<i64>);
    let (h, mi) = (time_parts.next()?.ok()?, time_parts.next()?.ok()?);
    if !YEARS.contains(&y) {
        return None;
    }
    let date = calendar_date(y, mo, d)?;
    let at = date
        .with_hms(u8::try_from(h).ok()?, u8::try_from(mi).ok()?, 0)
        .ok()?
        .assume_offset(CST);
    Some(at.unix_timestamp().saturating_mul(1000))
}

/// The date, if it exists (any year `time` can hold; callers check `YEARS`).
pub(crate) fn calendar_date(y: i64, m: i64, d: i64) -> Option<Date> {
    let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_late_candidate_may_begin_only_within_the_limit() {
        let opens = 1_000 * MINUTE_MS;
        assert!(may_begin(opens + 15 * MINUTE_MS, opens, Some(15)));
        assert!(!may_begin(opens + 15 * MINUTE_MS + 1, opens, Some(15)));
        assert!(may_begin(opens + 600 * MINUTE_MS, opens, None));
    }

    use super::*;

    #[test]
    fn the_deadline_is_the_duration_cut_short_by_the_sittings_close() {
        assert_eq!(attempt_deadline(0, 90, i64::MAX), 90 * MINUTE_MS);
        assert_eq!(attempt_deadline(0, 90, 30 * MINUTE_MS), 30 * MINUTE_MS);
    }

    #[test]
    fn writes_are_accepted_until_the_end_of_the_grace_period_only() {
        assert!(accepts_writes(1_060_000, 1_000_000, 60_000));
        assert!(!accepts_writes(1_060_001, 1_000_000, 60_000));
    }

    #[test]
    fn china_standard_time_round_trips() {
        // 2026-11-22 06:00 UTC is 14:00 in Beijing.
        let ms = 1_795_327_200_000;
        assert_eq!(format_cst(ms), "2026-11-22 14:00");
        assert_eq!(parse_cst("2026-11-22T14:00"), Some(ms));
        assert_eq!(to_cst_input(ms), "2026-11-22T14:00");
        assert_eq!(
            cst_year(parse_cst("2026-12-31T23:30").unwrap_or_default()),
            2026
        );
        assert_eq!(
            parse_cst("2024-02-29 00:00").map(format_cst).as_deref(),
            Some("2024-02-29 00:00")
        );
        assert_eq!(parse_cst("2026-02-29T10:00"), None);
        assert_eq!(parse_cst("tomorrow"), None);
    }

    #[test]
    fn time_arithmetic_holds_at_the_ends_of_i64() {
        // Saturates instead of panicking (debug) or wrapping to the past (release).
        assert_eq!(attempt_deadline(i64::MAX - 1, i64::MAX, i64::MAX), i64::MAX);
        assert_eq!(attempt_deadline(0, i64::MAX, 5), 5);
        assert_eq!(attempt_deadline(i64::MIN, i64::MIN, i64::MAX), i64::MIN);
        assert!(accepts_writes(i64::MAX, i64::MAX, i64::MAX));
        assert!(!accepts_writes(i64::MAX, i64::MIN, 0));
        assert!(may_begin(i64::MAX, i64::MAX, Some(i64::MAX)));
        assert!(!may_begin(0, i64::MIN, Some(i64::MIN)));
        assert_eq!(remaining_ms(i64::MIN, i64::MAX), i64::MAX);
        assert_eq!(remaining_ms(i64::MAX, i64::MIN), 0);
        assert_eq!(minutes_ms(i64::MAX), i64::MAX);
        for ms in [i64::MIN, i64::MAX, 0] {
            assert!(!format_cst(ms).is_empty());
            assert!(!format_remaining(ms).is_empty());
            let _ = cst_year(ms);
        }
        assert_eq!(date_of_days(i64::MIN), Date::MIN);
        assert_eq!(date_of_days(i64::MAX), Date::MAX);
        assert_eq!(format_cst(i64::MIN), "-9999-01-01 00:00");
        assert_eq!(format_cst(i64::MAX), "9999-12-31 23:59");
    }

    #[test]
    fn only_years_in_range_are_read() {
        for text in [
            "99999-01-01T10:00",
            "10000-01-01T10:00",
            "1899-12-31T23:59",
            "0-01-01T10:00",
            "-1-01-01T10:00",
            "9223372036854775807-01-01T10:00",
            "-9223372036854775808-01-01T10:00",
        ] {
            assert_eq!(parse_cst(text), None, "{text}");
        }
        let first = parse_cst("1900-01-01T00:00").unwrap_or_default();
        let last = parse_cst("9999-12-31T23:59").unwrap_or_default();
        assert_eq!(format_cst(first), "1900-01-01 00:00");
        assert_eq!(format_cst(last), "9999-12-31 23:59");
        assert!(last.checked_sub(first).is_some());
    }

    #[test]
    fn dates_are_written_in_china_standard_time() {
        // 2026-12-06 16:00 UTC is midnight in Beijing: already the 7th.
        let ms = parse_cst("2026-12-07 00:00").unwrap_or_default();
        assert_eq!(format_cst_date(ms), "2026-12-07");
        assert_eq!(format_cst_time(ms), "00:00");
        assert_eq!(format_cst_chinese_date(ms), "2026年12月7日");
        assert_eq!(format_cst_date(ms - 1), "2026-12-06");
        assert_eq!(format_cst_time(ms - 1), "23:59");
        assert_eq!(format_cst_chinese_date(ms - 1), "2026年12月6日");
        // Two-digit months and days are written whole; no leading zeros in Chinese.
        let ms = parse_cst("2025-10-01T09:05").unwrap_or_default();
        assert_eq!(format_cst(ms), "2025-10-01 09:05");
        assert_eq!(format_cst_chinese_date(ms), "2025年10月1日");
    }

    #[test]
    fn the_year_turns_at_midnight_in_beijing_not_in_greenwich() {
        let new_year = parse_cst("2027-01-01 00:00").unwrap_or_default();
        // 16:00 UTC on New Year's Eve.
        assert_eq!(new_year, 1_798_732_800_000);
        assert_eq!(cst_year(new_year), 2027);
        assert_eq!(cst_year(new_year - 1), 2026);
        assert_eq!(format_cst(new_year - 1), "2026-12-31 23:59");
        assert_eq!(format_cst_chinese_date(new_year), "2027年1月1日");
    }

    #[test]
    fn dates_before_1970_read_and_write_alike() {
        // The Unix epoch is 08:00 in Beijing; the minute before midnight CST is negative.
        assert_eq!(format_cst(0), "1970-01-01 08:00");
        assert_eq!(format_cst(-8 * 60 * MINUTE_MS), "1970-01-01 00:00");
        assert_eq!(format_cst(-8 * 60 * MINUTE_MS - 1), "1969-12-31 23:59");
        for text in ["1949-10-01 15:00", "1900-01-01 00:00", "1969-12-31 23:59"] {
            let ms = parse_cst(text).unwrap_or_default();
            assert!(ms < 0, "{text}");
            assert_eq!(format_cst(ms), text);
        }
        let founding = parse_cst("1949-10-01T15:00").unwrap_or_default();
        assert_eq!(format_cst_chinese_date(founding), "1949年10月1日");
        assert_eq!(cst_year(founding), 1949);
        assert_eq!(days_of(date_of_days(-1)), -1);
        assert_eq!(format_date(date_of_days(-1)), "1969-12-31");
        assert_eq!(format_date(date_of_days(-25_567)), "1900-01-01");
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        for (text, exists) in [
            ("2024-02-29 12:00", true),
            ("2000-02-29 12:00", true),
            ("1904-02-29 12:00", true),
            ("2026-02-29 12:00", false),
            ("2100-02-29 12:00", false),
            ("1900-02-29 12:00", false),
        ] {
            let ms = parse_cst(text);
            assert_eq!(ms.is_some(), exists, "{text}");
            if let Some(ms) = ms {
                assert_eq!(format_cst(ms), text);
                // The next day is the first of March.
                assert!(format_cst_date(ms + DAY_MS).ends_with("-03-01"), "{text}");
            }
        }
        let leap = parse_cst("2024-02-29 00:00").unwrap_or_default();
        assert_eq!(format_cst_chinese_date(leap), "2024年2月29日");
        assert_eq!(format_cst_date(leap - 1), "2024-02-28");
    }

    #[test]
    fn every_day_from_1900_to_9999_counts_one_after_the_other() {
        let first = days_of(Date::from_calendar_date(1900, Month::January, 1).unwrap_or(Date::MIN));
        let last =
            days_of(Date::from_calendar_date(9999, Month::December, 31).unwrap_or(Date::MAX));
        assert_eq!(first, -25_567);
        let mut previous = date_of_days(first - 1);
        for days in first..=last {
            let date = date_of_days(days);
            assert_eq!(days_of(date), days);
            assert_eq!(previous.next_day(), Some(date));
            previous = date;
        }
    }

    #[test]
    fn remaining_time_is_shown_rounded_up_and_never_negative() {
        assert_eq!(format_remaining(90 * MINUTE_MS), "1:30:00");
        assert_eq!(format_remaining(59_001), "01:00");
        assert_eq!(format_remaining(-5), "00:00");
        assert_eq!(remaining_ms(10, 5), 0);
    }
}
