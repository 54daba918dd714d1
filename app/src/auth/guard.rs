//! Who is calling: every server function starts here. A session holds only a principal's
//! id; the account is re-read on every call, so a disabled account stops at once.

use leptos::prelude::*;
use question_bank::audit_action::AuditAction;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::repo::StaffAccount;
use super::{Permission, Role};
use crate::audit::Actor;
use crate::error::AppError;
use crate::state::AppState;

/// The session key of the logged-in principal.
pub const PRINCIPAL_KEY: &str = "principal";

/// Who a session belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Principal {
    /// A staff account.
    Staff { user_id: i64 },
    /// A candidate admitted with a ticket, in their `generation`-th exam login: a later
    /// login (with a new access code from the proctor) ends this session.
    Candidate {
        candidate_id: i64,
        #[serde(default)]
        generation: i64,
    },
    /// A candidate practising before their sitting (the access code is not used up).
    Practice { candidate_id: i64 },
    /// A candidate looking up their result (成绩查询), with the same ticket and code.
    Results { candidate_id: i64 },
}

impl std::fmt::Display for Principal {
    /// "staff 12", "candidate 34": ids only, for the log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Staff { user_id } => write!(f, "staff {user_id}"),
            Self::Candidate { candidate_id, .. } => write!(f, "candidate {candidate_id}"),
            Self::Practice { candidate_id } => write!(f, "practice {candidate_id}"),
            Self::Results { candidate_id } => write!(f, "results {candidate_id}"),
        }
    }
}

/// A logged-in, active staff member.
#[derive(Clone, Debug)]
pub struct StaffUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub jurisdiction_id: i64,
    pub jurisdiction_path: String,
    pub jurisdiction_name: String,
}

impl StaffUser {
    /// This user as the author of audited changes.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.id),
            label: format!("{}（{}）", self.display_name, self.username),
            jurisdiction_id: Some(self.jurisdiction_id),
        }
    }
}

impl From<StaffAccount> for StaffUser {
    fn from(a: StaffAccount) -> Self {
        Self {
            id: a.id,
            username: a.username,
            display_name: a.display_name,
            role: a.role,
            jurisdiction_id: a.jurisdiction_id,
            jurisdiction_path: a.jurisdiction_path,
            jurisdiction_name: a.jurisdiction_name,
        }
    }
}

/// The shared state provided by the server.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal {
            incident: "no-state".into(),
        }
    })
}

/// The request's session.
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "session layer missing");
        AppError::Internal {
            incident: "no-session".into(),
        }
    })
}

/// The principal of the request's session, if any.
pub async fn principal(session: &Session) -> Option<Principal> {
    let principal = session.get::<Principal>(PRINCIPAL_KEY).await.ok().flatten();
    // For the request's span (`server::web::request_span`): who, by id only.
    if let Some(p) = &principal {
        tracing::Span::current().record("principal", p.to_string());
    }
    principal
}

/// The calling staff member, who must hold `permission`.
pub async fn require_staff(permission: Permission) -> Result<(StaffUser, AppState), AppError> {
    let state = app_state()?;
    let user = staff_for(&session().await?, &state, permission).await?;
    Ok((user, state))
}

/// The staff member a session belongs to, who must be active and hold `permission`. Shared by
/// server functions and the plain HTTP handlers (file upload and download).
pub async fn staff_for(
    session: &Session,
    state: &AppState,
    permission: Permission,
) -> Result<StaffUser, AppError> {
    let Some(Principal::Staff { user_id }) = principal(session).await else {
        return Err(AppError::Unauthenticated);
    };
    let account = state
        .store
        .staff_by_id(user_id)
        .await?
        .filter(|a| a.active)
        .ok_or(AppError::Unauthenticated)?;
    let user = StaffUser::from(account);
    if !user.role.may(permission) {
        return Err(forbidden(state, &user, &format!("{permission:?}")).await);
    }
    Ok(user)
}

/// Like [`staff_for`], for an act that reaches the whole database (a backup, a new text of a
/// law that every jurisdiction's bank cites): no jurisdiction may lie outside the user's
/// reach. A refusal is audited as `what`.
pub async fn staff_over_everything(
    session: &Session,
    state: &AppState,
    permission: Permission,
    what: &str,
) -> Result<StaffUser, AppError> {
    let user = staff_for(session, state, permission).await?;
    if !reaches_everything(state, &user).await? {
        return Err(forbidden(state, &user, what).await);
    }
    Ok(user)
}

/// Whether every jurisdiction in the database is in `user`'s reach.
pub async fn reaches_everything(state: &AppState, user: &StaffUser) -> Result<bool, AppError> {
    Ok(state
        .store
        .jurisdictions_outside(&user.jurisdiction_path)
        .await?
        == 0)
}

/// Refuses `user` what they tried (`what`, e.g. a permission's name). A refusal is a
/// security event: who tried what is audited (the caller is known and answerable).
pub async fn forbidden(state: &AppState, user: &StaffUser, what: &str) -> AppError {
    let _ = state
        .store
        .record_event(
            &user.actor(),
            AuditAction::AccessForbidden,
            "user",
            &user.id.to_string(),
            serde_json::json!({ "permission": what }),
        )
        .await;
    AppError::Forbidden
}

/// The calling candidate's enrolment id.
pub async fn require_candidate() -> Result<(i64, AppState), AppError> {
    let (candidate_id, generation, state) = candidate_session().await?;
    if state.store.session_generation(candidate_id).await? != Some(generation) {
        return Err(superseded());
    }
    Ok((candidate_id, state))
}

/// The calling candidate's enrolment id and session generation, *not yet checked* against
/// the candidate's current generation. Only for a server function whose store call checks
/// the generation in the same statement as its write (`save_answer`, the hot path: one
/// round trip fewer); every other candidate function uses `require_candidate`.
pub async fn candidate_session() -> Result<(i64, i64, AppState), AppError> {
    let state = app_state()?;
    match principal(&session().await?).await {
        Some(Principal::Candidate {
            candidate_id,
            generation,
        }) => Ok((candidate_id, generation, state)),
        _ => Err(AppError::Unauthenticated),
    }
}

/// The refusal for a candidate's session that a later login (on another computer) ended.
pub fn superseded() -> AppError {
    question_bank::refusal::Refusal::from(question_bank::exam::attempt::SaveRefusal::Superseded)
        .into()
}

/// The calling practising candidate's enrolment id (an exam session cannot practise: the
/// practice functions also refuse while the sitting is open).
pub async fn require_practice() -> Result<(i64, AppState), AppError> {
    let state = app_state()?;
    match principal(&session().await?).await {
        Some(Principal::Practice { candidate_id }) => Ok((candidate_id, state)),
        _ => Err(AppError::Unauthenticated),
    }
}

/// The calling candidate's enrolment id, for their result (成绩查询).
pub async fn require_results() -> Result<(i64, AppState), AppError> {
    let state = app_state()?;
    match principal(&session().await?).await {
        Some(Principal::Results { candidate_id }) => Ok((candidate_id, state)),
        _ => Err(AppError::Unauthenticated),
    }
}

/// The client's address as the server worked it out for this request (the peer, or behind
/// a trusted reverse proxy the address it forwarded: see the server's `web::client_addr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub std::net::IpAddr);

/// The client's address, for throttling and the audit trail.
pub async fn client_ip() -> String {
    leptos_axum::extract::<axum::Extension<ClientAddr>>()
        .await
        .map_or_else(|_| "unknown".to_owned(), |addr| addr.0 .0.to_string())
}

/// Runs a staff server function's body for the calling staff member, who must hold
/// `permission`: the one preamble of every staff endpoint (the session's account, active,
/// with the permission, and the app's state), and `respond`'s status for its error.
pub async fn as_staff<T>(
    permission: Permission,
    body: impl AsyncFnOnce(StaffUser, AppState) -> Result<T, AppError>,
) -> Result<T, AppError> {
    respond(async {
        let (user, state) = require_staff(permission).await?;
        body(user, state).await
    })
    .await
}

/// Runs a server function's body and, for programmatic callers, turns its error into the
/// right HTTP status. Plain HTML form posts keep the redirect that carries the error back.
pub async fn respond<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let result = body.await;
    if let Err(error) = &result {
        crate::error::ssr::answer_with(error);
    }
    result
}
