//! Login throttling: the policy (limits, window, who an attempt counts against), kept apart
//! from storage so it is testable. The database reserves an attempt against these limits in
//! the one statement that decides (see `AccountRepo::reserve_login_attempt`), so concurrent
//! guesses at one person or account can never be evaluated beyond its limit.

/// The window failures are counted in.
pub const WINDOW_MS: i64 = 15 * 60_000;
/// Failures allowed for one subject (one person, one staff account) in the window.
pub const MAX_PER_SUBJECT: i64 = 5;
/// Failures allowed from one address in the window. Generous on purpose: a whole exam room
/// of candidates typing access codes shares one address, and must not lock itself out; the
/// per-subject limit is what stops guessing.
pub const MAX_PER_IP: i64 = 300;
/// What a refused attempt is told to wait, in seconds: the whole window.
pub const RETRY_AFTER_SECS: i64 = WINDOW_MS / 1000;
/// The longest login text stored or logged (a ticket or ID-card number is 18 characters).
pub const MAX_LOGIN_CHARS: usize = 64;

/// The limits a new attempt at `now` is reserved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Failures from this instant on count.
    pub since: i64,
    pub per_subject: i64,
    pub per_ip: i64,
}

/// The limits in force for an attempt at `now`.
pub fn limits(now: i64) -> Limits {
    Limits {
        since: now - WINDOW_MS,
        per_subject: MAX_PER_SUBJECT,
        per_ip: MAX_PER_IP,
    }
}

/// Whether a failure that is the `failures`th against its subject in the window (itself
/// included) is the one that locks the subject: the lockout is logged once, at that failure.
pub fn locks_now(failures: i64) -> bool {
    failures == MAX_PER_SUBJECT
}

/// A login text as stored and logged: at most [`MAX_LOGIN_CHARS`] characters.
pub fn shown(login: &str) -> String {
    login.chars().take(MAX_LOGIN_CHARS).collect()
}

/// A staff username as the account is looked up and counted: without surrounding
/// whitespace. (The lookup itself is exact; the count is case-insensitive, see below.)
pub fn staff_login(username: &str) -> String {
    username.trim().to_owned()
}

/// Whom a staff login counts against: the account, however its name is typed ("Admin",
/// " admin ", "ADMIN" are one subject).
pub fn staff_subject(username: &str) -> String {
    format!("staff:{}", shown(&username.trim().to_lowercase()))
}

/// A ticket or ID-card number as typed, normalized: no whitespace anywhere (a full-width
/// space included), upper case (an ID card's final "x").
pub fn candidate_login(login: &str) -> String {
    login
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whom a candidate login counts against: the person the text names (their ticket numbers
/// for every sitting and their ID-card number are one subject), or, when it names no one,
/// the normalized text itself.
pub fn candidate_subject(person_id: Option<i64>, normalized_login: &str) -> String {
    match person_id {
        Some(id) => format!("person:{id}"),
        None => format!("login:{}", shown(normalized_login)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_failure_in_the_window_locks() {
        let l = limits(1_000_000_000);
        assert_eq!(l.since, 1_000_000_000 - 900_000);
        assert_eq!((l.per_subject, l.per_ip), (5, 300));
        assert!(!locks_now(4));
        assert!(locks_now(5));
        assert!(!locks_now(6), "logged once");
        assert_eq!(RETRY_AFTER_SECS, 900);
    }

    #[test]
    fn one_person_or_account_is_one_subject_however_typed() {
        assert_eq!(staff_subject(" Admin "), staff_subject("admin"));
        assert_eq!(staff_subject("ADMIN"), "staff:admin");
        assert_eq!(
            candidate_login(" 11010519491231002x "),
            "11010519491231002X"
        );
        assert_eq!(candidate_login("TC-2026\u{3000}0001"), "TC-20260001");
        assert_eq!(
            candidate_subject(Some(7), "A"),
            candidate_subject(Some(7), "B")
        );
        assert_eq!(candidate_subject(None, "XYZ"), "login:XYZ");
        let long = "9".repeat(10_000);
        assert_eq!(candidate_subject(None, &long).len(), 6 + MAX_LOGIN_CHARS);
    }
}
