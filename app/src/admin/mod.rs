//! 管理员: jurisdictions and staff accounts in the browser. An administrator manages only
//! what is in their reach (their jurisdiction and below); every change is audited, with a
//! reason where it removes access.

pub mod api;
pub mod backups;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;

use serde::{Deserialize, Serialize};

use crate::auth::Role;

/// A staff account as the administration page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub jurisdiction_id: i64,
    pub jurisdiction_name: String,
    pub active: bool,
    /// The last successful login (ms since the epoch), if any.
    pub last_login_at: Option<i64>,
}

/// A jurisdiction in the administrator's reach.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JurisdictionRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub parent_id: Option<i64>,
    pub active: bool,
}

/// What the administration page shows: the caller's reach.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminOverview {
    /// The caller's own account id (they cannot disable themself).
    pub me: i64,
    pub jurisdictions: Vec<JurisdictionRow>,
    pub staff: Vec<StaffRow>,
    /// A password just generated (new account or reset), shown once.
    pub issued: Option<IssuedPassword>,
    /// The backup panel, for an administrator who may take the whole database.
    pub backups: Option<backups::BackupPanel>,
}

/// A generated password, shown once to the administrator who made it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssuedPassword {
    pub user_id: i64,
    pub username: String,
    pub password: String,
}
