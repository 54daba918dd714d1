use leptos::prelude::*;

use super::AuditPageData;
#[cfg(feature = "ssr")]
use super::AuditQuery;
use crate::error::AppError;

/// One page of audit events (newest first, [`super::PAGE_SIZE`] at most) matching the
/// filters (the fields of [`super::AuditQuery`]), in the caller's jurisdiction and below, with the
/// chain's head (admins only). Every argument is optional: without any, the newest page.
#[server(prefix = "/api", endpoint = "audit/page")]
#[allow(clippy::too_many_arguments)]
pub async fn audit_page(
    #[server(default)] actor: String,
    #[server(default)] action: String,
    #[server(default)] entity: String,
    #[server(default)] entity_id: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] before: String,
) -> Result<AuditPageData, AppError> {
    use crate::auth::guard::respond;
    respond(async {
        let query = AuditQuery {
            actor,
            action,
            entity,
            entity_id,
            from,
            to,
            before,
        };
        let (state, mut events) = ssr::matching(&query, super::PAGE_SIZE + 1).await?;
        let more = events.len() > super::PAGE_SIZE;
        events.truncate(super::PAGE_SIZE);
        let head = state.store.audit_head().await?;
        Ok(AuditPageData { events, more, head })
    })
    .await
}

/// A page of audit events as a plain list (the page's data without the head), with the
/// same optional filters.
#[server(prefix = "/api", endpoint = "audit/list")]
#[allow(clippy::too_many_arguments)]
pub async fn list_audit_events(
    #[server(default)] actor: String,
    #[server(default)] action: String,
    #[server(default)] entity: String,
    #[server(default)] entity_id: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] before: String,
) -> Result<Vec<super::AuditEventView>, AppError> {
    Ok(
        audit_page(actor, action, entity, entity_id, from, to, before)
            .await?
            .events,
    )
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::audit::{words, AuditEventView, AuditFilter, AuditQuery};
    use crate::auth::guard::{require_staff, StaffUser};
    use crate::auth::Permission;
    use crate::error::AppError;
    use crate::state::AppState;

    /// The calling administrator's events matching `query`, at most `limit`.
    pub async fn matching(
        query: &AuditQuery,
        limit: usize,
    ) -> Result<(AppState, Vec<AuditEventView>), AppError> {
        let (user, state) = require_staff(Permission::ViewAudit).await?;
        let events = events(&state, &user, &query.filter()?, limit).await?;
        Ok((state, events))
    }

    /// The events `user` may see that match `filter`: their jurisdiction and below, and for
    /// the admins of a top-level jurisdiction ("/1/") also the events tied to none; each
    /// with its record and detail in words, in the request's language.
    pub async fn events(
        state: &AppState,
        user: &StaffUser,
        filter: &AuditFilter,
        limit: usize,
    ) -> Result<Vec<AuditEventView>, AppError> {
        let top_level = user.jurisdiction_path.matches('/').count() == 2;
        let mut events = state
            .store
            .audit_events(&user.jurisdiction_path, top_level, filter, limit)
            .await?;
        let mut refs: Vec<_> = events.iter().flat_map(words::references).collect();
        refs.sort_unstable();
        refs.dedup();
        let names = state
            .store
            .record_names(&user.jurisdiction_path, &refs)
            .await?;
        words::describe(&mut events, &names, crate::i18n::detect_lang());
        Ok(events)
    }
}

/// The chain's head now, with the instant it was read: what a printed report or certificate
/// carries, so anyone can later check that event (by id) still has that hash, i.e. that the
/// log up to the print was not rewritten since. Any logged-in staff member (the head reveals
/// nothing about the events).
#[server(prefix = "/api", endpoint = "audit/head")]
pub async fn audit_chain_head() -> Result<(question_bank::audit_chain::ChainHead, i64), AppError> {
    use crate::auth::guard::{app_state, principal, respond, session, Principal};
    respond(async {
        let state = app_state()?;
        let Some(Principal::Staff { .. }) = principal(&session().await?).await else {
            return Err(AppError::Unauthenticated);
        };
        Ok((state.store.audit_head().await?, crate::state::now_ms()))
    })
    .await
}
