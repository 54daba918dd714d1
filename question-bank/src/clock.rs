//! Exam time: deadlines, the grace period, and China Standard Time display.
//!
//! Every instant is milliseconds since the Unix epoch (UTC), the one representation both
//! databases store alike. China has one time zone and no daylight saving: UTC+8.

/// Milliseconds in a minute.
pub const MINUTE_MS: i64 = 60_000;
pub(crate) const CST_OFFSET_MS: i64 = 8 * 60 * MINUTE_MS;
pub(crate) const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

/// The calendar years any date or time typed into Renqian may fall in. Every date that
/// enters (a sitting's times, a term's end, a nomination's steps, a statistics year, a
/// holiday) is read through `parse_cst` or `CivilDate`, which refuse a year outside this
/// range: within it, every instant and day count fits an `i64` with room to spare, so no
/// calculation on a date can overflow.
pub const YEARS: std::ops::RangeInclusive<i64> = 1900..=9999;

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

/// "2026-11-22 14:00" in China Standard Time.
pub fn format_cst(ms: i64) -> String {
    let local = ms.saturating_add(CST_OFFSET_MS);
    let (days, in_day) = (local.div_euclid(DAY_MS), local.rem_euclid(DAY_MS));
    let (y, mo, d) = civil_from_days(days);
    let minutes = in_day / MINUTE_MS;
    format!(
        "{y:04}-{mo:02}-{d:02} {:02}:{:02}",
        minutes / 60,
        minutes % 60
    )
}

/// The calendar year of an instant in China Standard Time.
pub fn cst_year(ms: i64) -> i64 {
    civil_from_days(ms.saturating_add(CST_OFFSET_MS).div_euclid(DAY_MS)).0
}

/// The value an `<input type="datetime-local">` shows for an instant: "2026-11-22T14:00".
pub fn to_cst_input(ms: i64) -> String {
    format_cst(ms).replacen(' ', "T", 1)
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
    if !YEARS.contains(&y)
        || !(1..=12).contains(&mo)
        || !(1..=days_in_month(y, mo)).contains(&d)
        || !(0..24).contains(&h)
        || !(0..60).contains(&mi)
    {
        return None;
    }
    Some(days_from_civil(y, mo, d) * DAY_MS + (h * 60 + mi) * MINUTE_MS - CST_OFFSET_MS)
}

pub(crate) fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    // Callers pass a year in `YEARS` (or an `i32`); clamped so no input can overflow.
    let y = y.clamp(-(1 << 40), 1 << 40);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    // Far beyond any year in `YEARS`, and far from overflowing the steps below.
    let z = z.clamp(-(1 << 50), 1 << 50) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
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
        assert_eq!(
            days_from_civil(i64::MAX, 1, 1),
            days_from_civil(1 << 40, 1, 1)
        );
        let _ = civil_from_days(i64::MIN);
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
    fn remaining_time_is_shown_rounded_up_and_never_negative() {
        assert_eq!(format_remaining(90 * MINUTE_MS), "1:30:00");
        assert_eq!(format_remaining(59_001), "01:00");
        assert_eq!(format_remaining(-5), "00:00");
        assert_eq!(remaining_ms(10, 5), 0);
    }
}
