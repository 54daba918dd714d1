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

/// Settings of this deployment (from configuration, with defaults from the published rules).
#[derive(Clone, Debug)]
pub struct Settings {
    /// How long after the deadline a save still counts (network delay). Default 60 s.
    pub answer_grace_ms: i64,
    /// How long a staff login lasts. Default 12 h: a working day, not cut short by reading.
    pub staff_session_ms: i64,
    /// How early before a sitting opens a candidate may log in and wait. Default 60 min.
    pub candidate_early_login_ms: i64,
    /// What a login with an access code already used does. Default: refuse it.
    pub second_login: SecondLogin,
    /// The scheduled backups (shown on the administration page). Default: off.
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

impl Default for Settings {
    fn default() -> Self {
        Self {
            answer_grace_ms: 60_000,
            staff_session_ms: 12 * 3_600_000,
            candidate_early_login_ms: 3_600_000,
            second_login: SecondLogin::Refuse,
            backups: Default::default(),
        }
    }
}

/// The current instant in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
