//! What every server function reaches through context: the store and the settings.

use std::sync::Arc;

use crate::admin::repo::AdminRepo;
use crate::appointments::repo::AppointmentRepo;
use crate::audit::repo::AuditRepo;
use crate::auth::repo::AccountRepo;
use crate::bank::repo::{LawVersionRepo, QuestionRepo};
use crate::exam::repo::AttemptRepo;
use crate::marking::repo::MarkingRepo;
use crate::practice::repo::PracticeRepo;
use crate::results::repo::ResultsRepo;
use crate::sittings::repo::SittingRepo;
pub use crate::store_error::StoreError;

/// The whole repository layer; the server implements it once for SQLite and PostgreSQL.
pub trait Store:
    AccountRepo
    + QuestionRepo
    + SittingRepo
    + AttemptRepo
    + AuditRepo
    + PracticeRepo
    + ResultsRepo
    + MarkingRepo
    + AppointmentRepo
    + AdminRepo
    + LawVersionRepo
{
}
impl<
        T: AccountRepo
            + QuestionRepo
            + SittingRepo
            + AttemptRepo
            + AuditRepo
            + PracticeRepo
            + ResultsRepo
            + MarkingRepo
            + AppointmentRepo
            + AdminRepo
            + LawVersionRepo,
    > Store for T
{
}

/// Shared state handed to server functions.
#[derive(Clone)]
pub struct AppState {
    /// The repositories.
    pub store: Arc<dyn Store>,
    /// Jurisdiction-independent settings of this deployment.
    pub settings: Settings,
}

/// How long a staff login lasts: a working day, not cut short by reading.
pub const STAFF_SESSION_MS: i64 = 12 * 3_600_000;
/// How early before a sitting opens a candidate may log in and wait.
pub const CANDIDATE_EARLY_LOGIN_MS: i64 = 3_600_000;

/// Settings of this deployment (from the server's configuration, `ServeConfig::settings`).
#[derive(Clone, Debug)]
pub struct Settings {
    /// How long after the deadline a save still counts (network delay).
    pub answer_grace_ms: i64,
    /// How long a staff login lasts ([`STAFF_SESSION_MS`]).
    pub staff_session_ms: i64,
    /// How early before a sitting opens a candidate may log in and wait
    /// ([`CANDIDATE_EARLY_LOGIN_MS`]).
    pub candidate_early_login_ms: i64,
    /// What a login with an access code already used does.
    pub second_login: SecondLogin,
    /// The scheduled backups (shown on the administration page).
    pub backups: crate::admin::backups::BackupSchedule,
}

/// What a candidate's second login (with the access code already used) does. Either way it
/// is recorded in the sitting's incident log with its address.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SecondLogin {
    /// Refused: the candidate continues on another PC only with a new code from the proctor
    /// (换机), whose login then ends the older session.
    #[default]
    Refuse,
    /// Admitted: the new login ends the older session at once (for rooms where candidates
    /// move PCs without a proctor at hand).
    Evict,
}

/// The current instant in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
