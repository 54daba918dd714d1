//! What administration needs from the database. Every method takes the caller's
//! jurisdiction path (`scope`): records outside it are not found.

use async_trait::async_trait;

use super::{JurisdictionRow, StaffRow};
use crate::audit::Actor;
use crate::auth::Role;
use crate::state::StoreError;

/// A change to one staff account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountChange<'a> {
    /// A new password hash (the old password stops working).
    Password(&'a str),
    /// Enable or disable (a disabled account's sessions are ended too).
    Active(bool),
    /// End every session of the account.
    SignOut,
}

/// Jurisdictions and staff accounts, scoped and audited.
#[async_trait]
pub trait AdminRepo: Send + Sync {
    /// The jurisdictions under `scope` (itself included).
    async fn jurisdictions_in(&self, scope: &str) -> Result<Vec<JurisdictionRow>, StoreError>;
    /// How many jurisdictions lie outside `scope` (none: the caller's reach is the whole
    /// database).
    async fn jurisdictions_outside(&self, scope: &str) -> Result<i64, StoreError>;
    /// The staff accounts of jurisdictions under `scope`.
    async fn staff_in(&self, scope: &str) -> Result<Vec<StaffRow>, StoreError>;
    /// Creates a district directly under the actor's jurisdiction; returns its id.
    async fn create_district(
        &self,
        actor: &Actor,
        scope: &str,
        code: &str,
        name: &str,
    ) -> Result<i64, StoreError>;
    /// Renames a jurisdiction strictly below `scope`.
    async fn rename_jurisdiction(
        &self,
        actor: &Actor,
        scope: &str,
        id: i64,
        name: &str,
    ) -> Result<(), StoreError>;
    /// Deactivates (or reactivates) a jurisdiction strictly below `scope`. Deactivating
    /// disables every account in it and below and ends their sessions; reactivating enables
    /// no account (each is enabled on its own).
    async fn set_jurisdiction_active(
        &self,
        actor: &Actor,
        scope: &str,
        id: i64,
        active: bool,
        reason: &str,
    ) -> Result<(), StoreError>;
    /// Creates an account in an active jurisdiction under `scope`; returns its id.
    #[allow(clippy::too_many_arguments)]
    async fn create_account(
        &self,
        actor: &Actor,
        scope: &str,
        jurisdiction_id: i64,
        username: &str,
        display_name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<i64, StoreError>;
    /// Applies `change` to an account under `scope`, audited with `reason`; returns its
    /// username.
    async fn change_account(
        &self,
        actor: &Actor,
        scope: &str,
        user_id: i64,
        change: AccountChange<'_>,
        reason: &str,
    ) -> Result<String, StoreError>;
}
