//! Admission under load (过载保护). Every request holds a permit of its class while it
//! runs: candidates' exam requests (saves, hand-ins, the clock, logins) have a pool of their
//! own, so staff pages and the proctor console can never crowd them out. A request that
//! gets no permit within a short wait is answered at once with 503 and `Retry-After`
//! instead of queueing for seconds; the exam page treats that like a dropped connection
//! and sends the answer again.

use std::sync::Arc;
use std::time::Duration;

use app::error::AppError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

/// Seconds a shed request is told to wait.
const RETRY_AFTER_SECS: i64 = 2;

/// The two pools and how long a request may wait for a permit.
#[derive(Clone, Debug)]
pub struct Admission {
    exam: Arc<Semaphore>,
    other: Arc<Semaphore>,
    wait: Duration,
}

impl Admission {
    pub fn new(exam: usize, other: usize, wait: Duration) -> Self {
        Self {
            exam: Arc::new(Semaphore::new(exam)),
            other: Arc::new(Semaphore::new(other)),
            wait,
        }
    }

    /// The pool a path draws from; none for the health check and static files.
    fn pool(&self, path: &str) -> Option<&Arc<Semaphore>> {
        if path == "/healthz" || path.starts_with("/pkg/") || path == "/favicon.ico" {
            None
        } else if path.starts_with("/api/exam/") || path == "/api/auth/candidate-login" {
            Some(&self.exam)
        } else {
            Some(&self.other)
        }
    }
}

impl Admission {
    /// A turn from the staff pool for background work of a long-lived request (the
    /// console's event stream), or none if the pool stays busy for the usual wait.
    pub async fn background_turn(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        tokio::time::timeout(self.wait, self.other.clone().acquire_owned())
            .await
            .ok()?
            .ok()
    }
}

/// The middleware: a permit for the request's class, or 503 with `Retry-After`.
pub async fn admit(State(admission): State<Admission>, request: Request, next: Next) -> Response {
    let Some(pool) = admission.pool(request.uri().path()).cloned() else {
        return next.run(request).await;
    };
    match tokio::time::timeout(admission.wait, pool.acquire_owned()).await {
        Ok(Ok(_permit)) => next.run(request).await,
        _ => busy(),
    }
}

/// 503 with the app's error in its wire form, so server-function callers read it.
fn busy() -> Response {
    let body = serde_json::to_string(&AppError::Busy {
        retry_after_secs: RETRY_AFTER_SECS,
    })
    .unwrap_or_default();
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
