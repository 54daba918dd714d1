//! How large a server function's request may be, per route, configured here and only here.
//! A body declared larger is answered 413 before it is read; a body that turns out larger
//! while it is read (no or a false `Content-Length`) stops being read at the limit and the
//! server function answers 413 too (`AppError::TooLarge`). File uploads have their own
//! routes and limits.

use app::error::AppError;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower::{Layer, ServiceExt};

/// Most server functions take a few short fields.
const SMALL: usize = 64 * 1024;
/// Forms that carry question texts or long lists of ids (a question is at most
/// `MAX_TEXT_CHARS` characters a field, a bulk action or an enrolment a few thousand ids).
const LARGE: usize = 1024 * 1024;
/// Server functions that take a large form.
const LARGE_ROUTES: &[&str] = &[
    "/api/bank/add",
    "/api/bank/revise",
    "/api/bank/bulk",
    "/api/sittings/create",
    "/api/appointments/enrol",
    "/api/appointments/oath",
];

/// The most bytes a request to `path` may carry, for server functions.
pub fn limit_for(path: &str) -> Option<usize> {
    if !path.starts_with("/api/") {
        None
    } else if LARGE_ROUTES.contains(&path) {
        Some(LARGE)
    } else {
        // Candidates' saves and logins included: an answer is at most a few thousand
        // characters.
        Some(SMALL)
    }
}

/// The middleware.
pub async fn limit(request: Request, next: Next) -> Response {
    let Some(limit) = limit_for(request.uri().path()) else {
        return next.run(request).await;
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large();
    }
    match DefaultBodyLimit::max(limit)
        .layer(next)
        .oneshot(request)
        .await
    {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// 413 with the app's error in its wire form, so server-function callers read it.
fn too_large() -> Response {
    let body = serde_json::to_string(&AppError::TooLarge).unwrap_or_default();
    let mut response = (StatusCode::PAYLOAD_TOO_LARGE, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
