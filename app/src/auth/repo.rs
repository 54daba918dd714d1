//! What the auth feature needs from the database.

use async_trait::async_trait;

use super::Role;
use crate::state::StoreError;

/// A staff account with its jurisdiction.
#[derive(Clone, Debug)]
pub struct StaffAccount {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    pub active: bool,
    pub jurisdiction_id: i64,
    /// '/1/' or '/1/3/': the ancestry used for scope checks.
    pub jurisdiction_path: String,
    pub jurisdiction_name: String,
}

/// One enrolment a candidate could be logging in to.
#[derive(Clone, Debug)]
pub struct CandidateLogin {
    pub candidate_id: i64,
    /// The person enrolled (one person may hold several enrolments).
    pub person_id: i64,
    pub sitting_id: i64,
    /// The sitting's jurisdiction.
    pub jurisdiction_id: i64,
    pub opens_at: i64,
    pub closes_at: i64,
    pub access_code_hash: String,
    pub code_used_at: Option<i64>,
    /// Whether the sitting admits logins (a draft does not).
    pub admits_logins: bool,
}

/// A login attempt to reserve against the throttle's limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginAttempt {
    /// Whom it counts against (see `throttle::staff_subject`, `throttle::candidate_subject`).
    pub subject: String,
    /// The text typed, shortened (`throttle::shown`).
    pub login: String,
    pub ip: String,
    pub at: i64,
}

/// An attempt reserved (recorded as a failure until it succeeds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reservation {
    pub id: i64,
    /// Failures counted against the subject in the window, this one included.
    pub subject_failures: i64,
}

/// Accounts, login attempts and admission-ticket logins.
#[async_trait]
pub trait AccountRepo: Send + Sync {
    /// The staff account with this username, active or not.
    async fn staff_by_username(&self, username: &str) -> Result<Option<StaffAccount>, StoreError>;
    /// The staff account with this id, active or not.
    async fn staff_by_id(&self, id: i64) -> Result<Option<StaffAccount>, StoreError>;
    /// Records `attempt` as a failure if, and only if, fewer than the limits' failures were
    /// counted since `limits.since` against its subject and from its address, deciding and
    /// recording in one atomic step (so concurrent attempts never pass the subject's limit;
    /// the address's may be passed by the attempts in flight at that instant); none when
    /// the limit is reached. The password or code is checked only after a reservation.
    async fn reserve_login_attempt(
        &self,
        attempt: &LoginAttempt,
        limits: super::throttle::Limits,
    ) -> Result<Option<Reservation>, StoreError>;
    /// Marks a reserved attempt successful (it no longer counts as a failure).
    async fn login_succeeded(&self, reservation_id: i64) -> Result<(), StoreError>;
    /// Enrolments whose ticket number or whose person's ID-card number is `login`.
    async fn candidate_logins(&self, login: &str) -> Result<Vec<CandidateLogin>, StoreError>;
    /// Marks a candidate's access code used from `ip` and starts their next session
    /// generation, which it returns; none if the code already was used (one-time use,
    /// race-free).
    async fn claim_access_code(
        &self,
        candidate_id: i64,
        at: i64,
        ip: &str,
    ) -> Result<Option<i64>, StoreError>;
    /// Records a login with an access code already used, from `ip`, in the sitting's
    /// incident log. With `evict`, it also starts the candidate's next session generation
    /// (ending the older session) and returns it; without, it returns none.
    async fn second_login(
        &self,
        candidate_id: i64,
        at: i64,
        ip: &str,
        evict: bool,
    ) -> Result<Option<i64>, StoreError>;
    /// The candidate's current session generation (older sessions no longer count).
    async fn session_generation(&self, candidate_id: i64) -> Result<Option<i64>, StoreError>;
}
