//! The sitting report (成绩报告.xlsx) and the audit log (审计日志.xlsx) as Excel workbooks,
//! for filing and passing on.

use app::audit::AuditQuery;
use app::auth::guard::staff_for;
use app::auth::Permission;
use app::results::report;
use app::state::{AppState, StoreError};
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use leptos::prelude::LeptosOptions;
use question_bank::audit_action::AuditAction;
use question_bank::formats::xlsx;
use tower_sessions::Session;

use super::files::{attachment, refusal, XLSX};

/// The route, with the state it needs.
pub fn routes(state: AppState) -> Router<LeptosOptions> {
    Router::new()
        .route("/staff/sittings/{id}/report.xlsx", get(report_xlsx))
        .route("/staff/audit.xlsx", get(audit_xlsx))
        .layer(Extension(state))
}

async fn report_xlsx(
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(sitting_id): Path<i64>,
) -> Response {
    let built = async {
        let user = staff_for(&session, &state, Permission::ReadScores).await?;
        let report = report::load(&state, &user, sitting_id).await?;
        xlsx::tables(&report::tables(&report))
            .map_err(|e| app::error::AppError::from(StoreError::backend(e.to_string())))
    };
    match built.await {
        Ok(bytes) => attachment(XLSX, &format!("renqian-report-{sitting_id}.xlsx"), bytes),
        Err(e) => refusal(e, &headers),
    }
}

/// The audit events the page's filters select (at most `EXPORT_LIMIT`, newest first), with
/// the chain's head; admins only, and the export itself is audited.
async fn audit_xlsx(
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
    Query(query): Query<AuditQuery>,
) -> Response {
    let built = async {
        let user = staff_for(&session, &state, Permission::ViewAudit).await?;
        let filter = query.filter()?;
        let events =
            app::audit::api::ssr::events(&state, &user, &filter, app::audit::EXPORT_LIMIT).await?;
        let head = state.store.audit_head().await?;
        state
            .store
            .record_event(
                &user.actor(),
                AuditAction::AuditExport,
                "audit",
                &head.id.to_string(),
                serde_json::json!({ "filters": query.to_query_string(None), "events": events.len() }),
            )
            .await?;
        xlsx::tables(&app::audit::export_tables(&events, &head))
            .map_err(|e| app::error::AppError::from(StoreError::backend(e.to_string())))
    };
    match built.await {
        Ok(bytes) => attachment(XLSX, "renqian-audit.xlsx", bytes),
        Err(e) => refusal(e, &headers),
    }
}
