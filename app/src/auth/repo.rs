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
    pub sitting_id: i64,
    pub opens_at: i64,
    pub closes_at: i64,
    pub access_code_hash: String,
    pub code_used_at: Option<i64>,
    /// Whether the sitting admits logins (a draft does not).
    pub admits_logins: bool,
}

/// Failed logins counted for throttling.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoginFailures {
    /// Failures for this login name.
    pub by_login: i64,
    /// Failures from this address.
    pub by_ip: i64,
}

/// Accounts, login attempts and admission-ticket logins.
#[async_trait]
pub trait AccountRepo: Send + Sync {
    /// The staff account with this username, active or not.
    async fn staff_by_username(&self, username: &str) -> Result<Option<StaffAccount>, StoreError>;
    /// The staff account with this id, active or not.
    async fn staff_by_id(&self, id: i64) -> Result<Option<StaffAccount>, StoreError>;
    /// Failed logins since `since` for this login and from this address.
    async fn login_failures_since(
        &self,
        login: &str,
        ip: &str,
        since: i64,
    ) -> Result<LoginFailures, StoreError>;
    /// Records a login attempt (successful or not).
    async fn record_login(
        &self,
        login: &str,
        ip: &str,
        succeeded: bool,
        at: i64,
    ) -> Result<(), StoreError>;
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
