//! Admission under load (过载保护). Every request holds a permit of its class while it
//! runs: candidates' exam requests (saves, hand-ins, the clock) have a pool of their own, so
//! staff pages and the proctor console can never crowd them out. A request that gets no
//! permit within a short wait is answered at once with 503 and `Retry-After` instead of
//! queueing for seconds; the exam page treats that like a dropped connection and sends the
//! answer again.
//!
//! Entering the exam (the candidate's login and the start of the paper) has a pool of its
//! own with a long wait: at the bell a whole room clicks at once, and each of them is better
//! served in turn within seconds than sent away to try again later; and a room that is still
//! logging in never takes a turn from those already answering.

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
    entry: Arc<Semaphore>,
    other: Arc<Semaphore>,
    wait: Duration,
    entry_wait: Duration,
}

/// The size of each pool and how long a request may wait for a permit.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub exam: usize,
    pub entry: usize,
    pub other: usize,
    pub wait: Duration,
    pub entry_wait: Duration,
}

impl Admission {
    pub fn new(limits: Limits) -> Self {
        Self {
            exam: Arc::new(Semaphore::new(limits.exam)),
            entry: Arc::new(Semaphore::new(limits.entry)),
            other: Arc::new(Semaphore::new(limits.other)),
            wait: limits.wait,
            entry_wait: limits.entry_wait,
        }
    }

    /// The pool a path draws from and how long it waits; none for the health check and
    /// static files.
    fn pool(&self, path: &str) -> Option<(&Arc<Semaphore>, Duration)> {
        if path == "/healthz" || path.starts_with("/pkg/") || path == "/favicon.ico" {
            None
        } else if path == "/api/auth/candidate-login" || path == "/api/exam/start" {
            Some((&self.entry, self.entry_wait))
        } else if path.starts_with("/api/exam/") {
            Some((&self.exam, self.wait))
        } else {
            Some((&self.other, self.wait))
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
    let Some((pool, wait)) = admission
        .pool(request.uri().path())
        .map(|(pool, wait)| (pool.clone(), wait))
    else {
        return next.run(request).await;
    };
    match tokio::time::timeout(wait, pool.acquire_owned()).await {
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
