//! 载入新版本法律文本 over plain HTTP (works the same with JavaScript off): a statute text in
//! the shipped format, for a known law, with its version date. Stored, compared article by
//! article, and the questions it touches held for review, in one transaction.

use app::auth::guard::staff_over_everything;
use app::auth::Permission;
use app::error::AppError;
use app::state::AppState;
use axum::extract::{DefaultBodyLimit, Multipart};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Router};
use leptos::prelude::LeptosOptions;
use question_bank::bank::law_versions::MAX_TEXT_BYTES;
use tower_sessions::Session;

use super::files::{read_form, refusal, MAX_UPLOAD_READ};

/// The route, with the state it needs.
pub fn routes(state: AppState) -> Router<LeptosOptions> {
    Router::new()
        .route(
            "/staff/questions/statute",
            post(load).layer(DefaultBodyLimit::max(MAX_UPLOAD_READ)),
        )
        .layer(Extension(state))
}

async fn load(
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    // Every jurisdiction's bank cites the same laws: only someone whose reach covers them all
    // may hold their questions for review.
    let user = match staff_over_everything(&session, &state, Permission::ManageBank, "LoadStatute")
        .await
    {
        Ok(user) => user,
        Err(e) => return refusal(e, &headers),
    };
    let (_, bytes, fields) = match read_form(&mut multipart).await {
        Ok(form) => form,
        Err(e) => return e.respond(&headers),
    };
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let loaded = async {
        if bytes.len() > MAX_TEXT_BYTES {
            return Err(AppError::invalid(
                Some("file"),
                format!("文本过长：不得超过{}MB。", MAX_TEXT_BYTES / (1024 * 1024)),
                format!(
                    "The text is too long: at most {} MB.",
                    MAX_TEXT_BYTES / (1024 * 1024)
                ),
            ));
        }
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            AppError::invalid(
                Some("file"),
                "法律文本须为 UTF-8 编码的 .md 文件。",
                "The statute text must be a UTF-8 .md file.",
            )
        })?;
        Ok(state
            .store
            .load_statute(&user.actor(), &field("law"), &field("version"), text)
            .await?)
    };
    match loaded.await {
        Ok(done) => Redirect::to(&format!(
            "/staff/questions/review?law={}&version={}&flagged={}",
            done.law_id, done.version, done.flagged
        ))
        .into_response(),
        Err(e) => refusal(e, &headers),
    }
}
