//! Configuration: command-line flags with environment-variable fallbacks and safe defaults.

use std::net::SocketAddr;

use clap::Args;

/// The most requests of one class served at once that the configuration accepts.
const MAX_PERMITS: i64 = 100_000;
/// The longest wait for a turn that the configuration accepts (ten minutes).
const MAX_WAIT_MS: u64 = 600_000;

// The defaults, written once for the flags and for `ServeConfig::local`.
const ANSWER_GRACE_SECONDS: i64 = 60;
const SWEEP_SECONDS: u64 = 5;
const MAX_EXAM_REQUESTS: u32 = 256;
const MAX_ENTRY_REQUESTS: u32 = 64;
const ENTRY_WAIT_MS: u64 = 10_000;
const MAX_OTHER_REQUESTS: u32 = 32;
const ADMISSION_WAIT_MS: u64 = 250;
const BACKUP_AT: TimeOfDay = TimeOfDay(150);
const BACKUP_KEEP: u32 = 14;

/// Settings of one server process.
#[derive(Args, Clone, Debug)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Folder with the built site (`scripts/build.sh`: pkg/renqian-<hash>.js, its wasm and
    /// stylesheet, the favicon). Not read by a binary that carries the site (`embed-site`).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Reverse proxies whose `X-Forwarded-For` is believed: addresses or CIDR ranges, comma
    /// separated (e.g. `127.0.0.1,10.0.0.0/8`). Empty (the default): the peer's address is
    /// the client's.
    #[arg(long, env = "RENQIAN_TRUSTED_PROXIES", default_value = "", value_parser = crate::web::client_addr::TrustedProxies::parse)]
    pub trusted_proxies: crate::web::client_addr::TrustedProxies,
    /// Mark cookies Secure: set this when users reach the server over HTTPS.
    #[arg(long, env = "RENQIAN_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Seconds after an attempt's deadline during which a save in flight still counts.
    #[arg(long, env = "RENQIAN_ANSWER_GRACE_SECONDS", default_value_t = ANSWER_GRACE_SECONDS, value_parser = clap::value_parser!(i64).range(0..=3600))]
    pub answer_grace_seconds: i64,
    /// How often the deadline sweeper looks for expired attempts, in seconds.
    #[arg(long, env = "RENQIAN_SWEEP_SECONDS", default_value_t = SWEEP_SECONDS, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub sweep_seconds: u64,
    /// Candidates' exam requests (saves, hand-ins, clock) served at once; more wait.
    #[arg(long, env = "RENQIAN_MAX_EXAM_REQUESTS", default_value_t = MAX_EXAM_REQUESTS, value_parser = clap::value_parser!(u32).range(..=MAX_PERMITS))]
    pub max_exam_requests: u32,
    /// Candidates' logins and starts served at once; more wait their turn (in order).
    #[arg(long, env = "RENQIAN_MAX_ENTRY_REQUESTS", default_value_t = MAX_ENTRY_REQUESTS, value_parser = clap::value_parser!(u32).range(..=MAX_PERMITS))]
    pub max_entry_requests: u32,
    /// How long a login or start may wait for its turn before 503 with Retry-After.
    #[arg(long, env = "RENQIAN_ENTRY_WAIT_MS", default_value_t = ENTRY_WAIT_MS, value_parser = clap::value_parser!(u64).range(..=MAX_WAIT_MS))]
    pub entry_wait_ms: u64,
    /// Every other request (staff pages, the proctor console) served at once.
    #[arg(long, env = "RENQIAN_MAX_OTHER_REQUESTS", default_value_t = MAX_OTHER_REQUESTS, value_parser = clap::value_parser!(u32).range(..=MAX_PERMITS))]
    pub max_other_requests: u32,
    /// How long a request may wait for its turn before it is answered 503 with Retry-After.
    #[arg(long, env = "RENQIAN_ADMISSION_WAIT_MS", default_value_t = ADMISSION_WAIT_MS, value_parser = clap::value_parser!(u64).range(..=MAX_WAIT_MS))]
    pub admission_wait_ms: u64,
    /// A candidate's second login with a used access code: `refuse` it (a proctor issues a
    /// new code, 换机), or `evict` the earlier session. Both are written to the incident log.
    #[arg(long, env = "RENQIAN_SECOND_LOGIN", value_enum, default_value_t = SecondLoginPolicy::Refuse)]
    pub second_login: SecondLoginPolicy,
    /// Folder for the daily backups; unset (the default) turns scheduled backups off.
    #[arg(long, env = "RENQIAN_BACKUP_DIR")]
    pub backup_dir: Option<std::path::PathBuf>,
    /// Time of day of the daily backup, China Standard Time (HH:MM).
    #[arg(long, env = "RENQIAN_BACKUP_AT", default_value_t = BACKUP_AT, value_parser = parse_time_of_day)]
    pub backup_at: TimeOfDay,
    /// How many daily backups to keep in the folder; older ones are deleted.
    #[arg(long, env = "RENQIAN_BACKUP_KEEP", default_value_t = BACKUP_KEEP, value_parser = clap::value_parser!(u32).range(1..))]
    pub backup_keep: u32,
}

/// A time of day, in minutes after midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeOfDay(pub u32);

impl std::fmt::Display for TimeOfDay {
    /// As `parse_time_of_day` reads it: "02:30".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// Reads "02:30" (hours 0-23, minutes 0-59).
pub fn parse_time_of_day(text: &str) -> Result<TimeOfDay, String> {
    let bad = || format!("{text:?} is not a time of day: use HH:MM, e.g. 02:30");
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(h, 1..=2) || !digits(m, 2..=2) {
        return Err(bad());
    }
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(TimeOfDay(h * 60 + m))
}

/// The command-line form of [`app::state::SecondLogin`].
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondLoginPolicy {
    /// Refuse it until a proctor issues a new access code.
    Refuse,
    /// Admit it and end the earlier session.
    Evict,
}

impl ServeConfig {
    /// Defaults for an embedded server (tests, tools).
    pub fn local(site_root: &str) -> Self {
        Self {
            addr: ([127, 0, 0, 1], 0).into(),
            site_root: site_root.to_owned(),
            trusted_proxies: Default::default(),
            secure_cookies: false,
            answer_grace_seconds: ANSWER_GRACE_SECONDS,
            sweep_seconds: SWEEP_SECONDS,
            max_exam_requests: MAX_EXAM_REQUESTS,
            max_entry_requests: MAX_ENTRY_REQUESTS,
            entry_wait_ms: ENTRY_WAIT_MS,
            max_other_requests: MAX_OTHER_REQUESTS,
            admission_wait_ms: ADMISSION_WAIT_MS,
            second_login: SecondLoginPolicy::Refuse,
            backup_dir: None,
            backup_at: BACKUP_AT,
            backup_keep: BACKUP_KEEP,
        }
    }

    /// Admission control for this configuration.
    pub fn admission(&self) -> crate::web::admission::Admission {
        crate::web::admission::Admission::new(crate::web::admission::Limits {
            exam: self.max_exam_requests as usize,
            entry: self.max_entry_requests as usize,
            other: self.max_other_requests as usize,
            wait: std::time::Duration::from_millis(self.admission_wait_ms),
            entry_wait: std::time::Duration::from_millis(self.entry_wait_ms),
        })
    }

    /// The app's settings derived from this configuration.
    pub fn settings(&self) -> app::state::Settings {
        app::state::Settings {
            answer_grace_ms: self.answer_grace_seconds.saturating_mul(1000),
            staff_session_ms: app::state::STAFF_SESSION_MS,
            candidate_early_login_ms: app::state::CANDIDATE_EARLY_LOGIN_MS,
            second_login: match self.second_login {
                SecondLoginPolicy::Refuse => app::state::SecondLogin::Refuse,
                SecondLoginPolicy::Evict => app::state::SecondLogin::Evict,
            },
            backups: app::admin::backups::BackupSchedule {
                folder: self.backup_dir.clone(),
                at_minute: self.backup_at.0,
                keep: self.backup_keep,
            },
        }
    }

    /// The Leptos options for this configuration, loading the site's files by `output_name`
    /// (`web::site::Site::output_name`: the pages ask for `/pkg/<output_name>.js`,
    /// `<output_name>_bg.wasm` and `<output_name>.css`).
    pub fn leptos_options(&self, output_name: &str) -> leptos::prelude::LeptosOptions {
        leptos::prelude::LeptosOptions::builder()
            .output_name(output_name)
            .site_root(self.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(self.addr)
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_are_read_strictly() {
        assert_eq!(parse_time_of_day("02:30"), Ok(TimeOfDay(150)));
        assert_eq!(parse_time_of_day("0:00"), Ok(TimeOfDay(0)));
        assert_eq!(parse_time_of_day("23:59"), Ok(TimeOfDay(23 * 60 + 59)));
        for bad in [
            "24:00", "12:60", "1230", "", "ab:cd", "-1:00", "12:00:00", "+1:05",
        ] {
            assert!(parse_time_of_day(bad).is_err(), "{bad}");
        }
        for t in [TimeOfDay(0), BACKUP_AT, TimeOfDay(23 * 60 + 59)] {
            assert_eq!(parse_time_of_day(&t.to_string()), Ok(t));
        }
    }

    /// The flags with nothing set are `ServeConfig::local` (but for where it listens and
    /// the site folder); every number out of range stops start-up with a message.
    #[test]
    fn the_defaults_are_written_once_and_numbers_are_bounded_where_they_enter() {
        #[derive(clap::Parser)]
        struct Flags {
            #[command(flatten)]
            serve: ServeConfig,
        }
        use clap::Parser;
        let parsed = Flags::try_parse_from(["renqian"]).map(|f| f.serve);
        let parsed = parsed.expect("defaults parse");
        let local = ServeConfig::local(&parsed.site_root);
        assert_eq!(
            format!("{:?}", parsed.settings()),
            format!("{:?}", local.settings())
        );
        assert_eq!(
            (
                parsed.sweep_seconds,
                parsed.max_exam_requests,
                parsed.backup_at
            ),
            (
                local.sweep_seconds,
                local.max_exam_requests,
                local.backup_at
            )
        );
        for bad in [
            ["--answer-grace-seconds", "-1"],
            ["--answer-grace-seconds", "9223372036854775807"],
            ["--sweep-seconds", "0"],
            ["--max-exam-requests", "100001"],
            ["--entry-wait-ms", "600001"],
        ] {
            let args = ["renqian", bad[0], bad[1]];
            assert!(Flags::try_parse_from(args).is_err(), "{bad:?}");
        }
    }
}
