//! The proctor console's live feed as server-sent events. Each open console holds one
//! stream, which waits until its sitting is marked changed (`db::Changes`: a save, a start,
//! a hand-in, a proctor's action, on any instance) and then reads the sitting and pushes a
//! snapshot if anything but the clocks changed; at most once a second however busy the
//! room, and every few seconds anyway, so the clocks stay true and a change no one marked
//! still shows.
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
use futures_util::{stream, StreamExt};
use leptos::prelude::LeptosOptions;
use tower_sessions::Session;

use super::admission::Admission;
use super::files::refusal;
use crate::db::Changes;

/// The shortest time between two reads of the sitting by one stream.
const TICK: Duration = Duration::from_secs(1);
/// How long a stream waits for a mark before it reads (and pushes) anyway, for the clocks.
const CLOCK: Duration = Duration::from_secs(5);
/// How long one stream lasts. The browser then reconnects (after `RECONNECT`) through the
/// session layer again, so a logout elsewhere ends the feed within this time.
const STREAM_LIFETIME: Duration = Duration::from_secs(120);
/// How soon the browser reconnects after a stream ends.
const RECONNECT: Duration = Duration::from_secs(1);

/// The route, with the state it needs.
pub fn routes(state: AppState, admission: Admission, changes: Changes) -> Router<LeptosOptions> {
    Router::new()
        .route("/staff/sittings/{id}/console/events", get(events))
        .layer(Extension(state))
        .layer(Extension(admission))
        .layer(Extension(changes))
}

/// What one console's stream carries from tick to tick.
struct Feed {
    state: AppState,
    admission: Admission,
    session: Session,
    sitting_id: i64,
    /// Marked when the sitting changes.
    marks: tokio::sync::watch::Receiver<u64>,
    /// The fingerprint of the last snapshot pushed.
    last: String,
    /// When the last snapshot was pushed.
    pushed: tokio::time::Instant,
    started: tokio::time::Instant,
}

impl Feed {
    /// The next snapshot worth pushing; none once the caller may no longer see the sitting.
    async fn next(mut self) -> Option<(Event, Self)> {
        loop {
            // One read a second at most (also after a failed read); then until a mark,
            // or the clocks' turn.
            tokio::time::sleep(TICK).await;
            let clocks = self.pushed + CLOCK;
            let end = self.started + STREAM_LIFETIME;
            tokio::select! {
                marked = self.marks.changed() => {
                    if marked.is_err() {
                        return None;
                    }
                }
                () = tokio::time::sleep_until(clocks.min(end)) => {}
            }
            self.marks.mark_unchanged();
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
            if self.last != fingerprint || self.pushed.elapsed() >= CLOCK {
                let event = Event::default().retry(RECONNECT).json_data(&now).ok()?;
                self.last = fingerprint;
                self.pushed = tokio::time::Instant::now();
                return Some((event, self));
            }
        }
    }
}

async fn events(
    Extension(state): Extension<AppState>,
    Extension(admission): Extension<Admission>,
    Extension(changes): Extension<Changes>,
    session: Session,
    headers: HeaderMap,
    Path(sitting_id): Path<i64>,
) -> Response {
    // Watching starts before the first read, so no change after it is missed.
    let marks = changes.watch(sitting_id);
    // Refuse at once, with a status, what the stream would never show; else that read is
    // the stream's first snapshot.
    let checked = async {
        let user = staff_for(&session, &state, Permission::ViewSittings).await?;
        snapshot(&state, &user, sitting_id).await
    };
    let first = match checked.await {
        Ok(first) => first,
        Err(e) => return refusal(e, &headers),
    };
    let Ok(first_event) = Event::default().retry(RECONNECT).json_data(&first) else {
        return refusal(
            app::state::StoreError::backend("the console snapshot could not be encoded").into(),
            &headers,
        );
    };
    let now = tokio::time::Instant::now();
    let feed = Feed {
        state,
        admission,
        session,
        sitting_id,
        marks,
        last: first.fingerprint(),
        pushed: now,
        started: now,
    };
    let rest = stream::unfold(feed, |feed| async move {
        feed.next()
            .await
            .map(|(event, feed)| (Ok::<_, std::convert::Infallible>(event), feed))
    });
    let events = stream::once(async { Ok(first_event) }).chain(rest);
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}
