//! People and sessions: staff logins, admission-ticket logins, roles and the request guard.

pub mod api;
pub mod pages;
mod role;
pub use role::{Permission, Role};

#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod throttle;

use serde::{Deserialize, Serialize};

/// Who the header says is logged in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WhoAmI {
    /// A staff member.
    Staff {
        display_name: String,
        role: Role,
        jurisdiction_name: String,
    },
    /// A candidate. `paper_open`: logged in to the exam with a paper not yet handed in, so
    /// logging out uses up the access code (the one-time login) and asks first.
    Candidate {
        name: String,
        ticket_number: String,
        #[serde(default)]
        paper_open: bool,
    },
}
