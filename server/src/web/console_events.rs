//! The proctor console's live feed as server-sent events. Each open console holds one
//! stream; every second the server reads the sitting again and pushes a snapshot when
//! anything but the clocks changed, and every few seconds anyway so the clocks stay true.
//! The caller's account and reach are checked again on every read, so a disabled account
//! ends the stream at once; each stream lasts two minutes and the browser reconnects
//! through the session layer, so a logout elsewhere ends the feed within that time. Reads
//! wait for the staff pool's turn (see `admission`): under load the console falls behind,
//! the candidates' saves do not.

use std::time::Duration;

use app::auth::guard::staff_for;
use app::auth::Permission;
use app::sittings::feed::{snapshot, ConsoleSnapshot};
use app::state::AppState;
use axum::extract::Path;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use futures_util::stream;
use leptos::prelude::LeptosOptions;
use tower_sessions::Session;

use super::admission::Admission;
use super::files::refusal;

/// How often the stream reads the sitting again.
const TICK: Duration = Duration::from_secs(1);
/// Ticks after which a snapshot is pushed even when only the clocks moved.
const CLOCK_TICKS: u32 = 5;
/// How long one stream lasts. The browser then reconnects (after `RECONNECT`) through the
/// session layer again, so a logout elsewhere ends the feed within this time.
const STREAM_LIFETIME: Duration = Duration::from_secs(120);
/// How soon the browser reconnects after a stream ends.
const RECONNECT: Duration = Duration::from_secs(1);

/// The route, with the state it needs.
pub fn routes(state: AppState, admission: Admission) -> Router<LeptosOptions> {
    Router::new()
        .route("/staff/sittings/{id}/console/events", get(events))
        .layer(Extension(state))
        .layer(Extension(admission))
}

/// What one console's stream carries from tick to tick.
struct Feed {
    state: AppState,
    admission: Admission,
    session: Session,
    sitting_id: i64,
    last: Option<String>,
    quiet_ticks: u32,
    started: tokio::time::Instant,
}

impl Feed {
    /// The next snapshot worth pushing; none once the caller may no longer see the sitting.
    async fn next(mut self) -> Option<(Event, Self)> {
        loop {
            if self.last.is_some() {
                tokio::time::sleep(TICK).await;
            }
            if self.started.elapsed() > STREAM_LIFETIME {
                return None;
            }
            let Some(_turn) = self.admission.background_turn().await else {
                continue;
            };
            let user = staff_for(&self.session, &self.state, Permission::ViewSittings)
                .await
                .ok()?;
            let now: ConsoleSnapshot = match snapshot(&self.state, &user, self.sitting_id).await {
                Ok(now) => now,
                Err(app::error::AppError::NotFound) => return None,
                Err(_) => continue,
            };
            let fingerprint = now.fingerprint();
            self.quiet_ticks += 1;
            if self.last.as_ref() != Some(&fingerprint) || self.quiet_ticks >= CLOCK_TICKS {
                let event = Event::default().retry(RECONNECT).json_data(&now).ok()?;
                self.last = Some(fingerprint);
                self.quiet_ticks = 0;
                return Some((event, self));
            }
        }
    }
}

async fn events(
    Extension(state): Extension<AppState>,
    Extension(admission): Extension<Admission>,
    session: Session,
    headers: HeaderMap,
    Path(sitting_id): Path<i64>,
) -> Response {
    // Refuse at once, with a status, what the stream would never show.
    let checked = async {
        let user = staff_for(&session, &state, Permission::ViewSittings).await?;
        snapshot(&state, &user, sitting_id).await
    };
    if let Err(e) = checked.await {
        return refusal(e, &headers);
    }
    let feed = Feed {
        state,
        admission,
        session,
        sitting_id,
        last: None,
        quiet_ticks: 0,
        started: tokio::time::Instant::now(),
    };
    let events = stream::unfold(feed, |feed| async move {
        feed.next()
            .await
            .map(|(event, feed)| (Ok::<_, std::convert::Infallible>(event), feed))
    });
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}
