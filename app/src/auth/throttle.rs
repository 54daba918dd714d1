//! Login throttling: a policy over counted failures, kept apart from storage so it is testable.

use super::repo::LoginFailures;

/// The window failures are counted in.
pub const WINDOW_MS: i64 = 15 * 60_000;
/// Failures allowed for one login name in the window.
pub const MAX_PER_LOGIN: i64 = 5;
/// Failures allowed from one address in the window. Generous on purpose: a whole exam room
/// of candidates typing access codes shares one address, and must not lock itself out; the
/// per-login limit is what stops guessing.
pub const MAX_PER_IP: i64 = 300;

/// `Some(seconds to wait)` when the next attempt must be refused.
pub fn retry_after(failures: LoginFailures) -> Option<i64> {
    (failures.by_login >= MAX_PER_LOGIN || failures.by_ip >= MAX_PER_IP).then_some(WINDOW_MS / 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_failure_for_a_login_locks_it_for_the_window() {
        assert_eq!(
            retry_after(LoginFailures {
                by_login: 4,
                by_ip: 4
            }),
            None
        );
        assert_eq!(
            retry_after(LoginFailures {
                by_login: 5,
                by_ip: 5
            }),
            Some(900)
        );
        assert_eq!(
            retry_after(LoginFailures {
                by_login: 0,
                by_ip: 299
            }),
            None
        );
        assert_eq!(
            retry_after(LoginFailures {
                by_login: 0,
                by_ip: 300
            }),
            Some(900)
        );
    }
}
