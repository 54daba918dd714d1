//! The sitting report as an Excel workbook (成绩报告.xlsx), for filing and passing on.

use app::auth::guard::staff_for;
use app::auth::Permission;
use app::results::report;
use app::state::{AppState, StoreError};
use axum::extract::Path;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use leptos::prelude::LeptosOptions;
use question_bank::formats::xlsx;
use tower_sessions::Session;

use super::files::{attachment, refusal, XLSX};

/// The route, with the state it needs.
pub fn routes(state: AppState) -> Router<LeptosOptions> {
    Router::new()
        .route("/staff/sittings/{id}/report.xlsx", get(report_xlsx))
        .layer(Extension(state))
}

async fn report_xlsx(
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(sitting_id): Path<i64>,
) -> Response {
    let built = async {
        let user = staff_for(&session, &state, Permission::ViewSittings).await?;
        let report = report::load(&state, &user, sitting_id).await?;
        xlsx::tables(&report::tables(&report))
            .map_err(|e| app::error::AppError::from(StoreError::Backend(e.to_string())))
    };
    match built.await {
        Ok(bytes) => attachment(XLSX, &format!("renqian-report-{sitting_id}.xlsx"), bytes),
        Err(e) => refusal(e, &headers),
    }
}
