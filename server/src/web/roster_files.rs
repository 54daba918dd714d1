//! Enrolment from a roster over plain HTTP (works the same with JavaScript off): the
//! template, and the upload that enrols every row or none. What it did is handed to the
//! page it redirects to: the printable slips with their access codes, or the reasons.

use app::auth::guard::staff_for;
use app::auth::{password, Permission};
use app::error::AppError;
use app::sittings::api::queue_slips;
use app::sittings::repo::{Enrolment, EnrolmentDetails, RosterEnrolment};
use app::sittings::{IssuedTicket, RosterReport, ROSTER_KEY};
use app::state::{AppState, StoreError};
use axum::extract::{DefaultBodyLimit, Path};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use leptos::prelude::LeptosOptions;
use question_bank::formats::roster;
use question_bank::formats::{every_row, ListError};
use question_bank::Bilingual;
use tower_sessions::Session;

use super::files::{attachment, refusal, Refused, UploadRequest, MAX_UPLOAD_READ, XLSX};

/// The routes, with the state they need.
pub fn routes(state: AppState) -> Router<LeptosOptions> {
    Router::new()
        .route(
            "/staff/sittings/{id}/roster",
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_READ)),
        )
        .route("/staff/sittings/roster-template.xlsx", get(template))
        .layer(Extension(state))
}

async fn template(
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    if let Err(e) = staff_for(&session, &state, Permission::ManageSittings).await {
        return refusal(e, &headers);
    }
    match roster::template() {
        Ok(bytes) => attachment(XLSX, "renqian-roster-template.xlsx", bytes),
        Err(e) => refusal(StoreError::backend(e.to_string()).into(), &headers),
    }
}

async fn upload(Path(sitting_id): Path<i64>, request: UploadRequest) -> Response {
    let upload = match request.open(Permission::ManageSittings).await {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    let report = |errors| RosterReport {
        sitting_id,
        file_name: upload.name.clone(),
        errors,
    };
    let roster_page = format!("/staff/sittings/{sitting_id}/roster");
    let file_name = upload.name.clone();
    let parsed = upload.uploads.parse(&upload.slot, move || {
        every_row(
            &file_name,
            &upload.bytes,
            ("考生名单", "roster"),
            roster::read,
        )
    });
    let entries = match parsed.await {
        Ok(Ok(entries)) => entries,
        Ok(Err(ListError::Rejected(errors))) => {
            return hand_over(&upload.session, ROSTER_KEY, &report(errors), &roster_page).await
        }
        Ok(Err(ListError::OverLimit(limit))) => {
            return Refused::over_limit(&limit).respond(&upload.headers)
        }
        Err(e) => return e.respond(&upload.headers),
    };
    // One argon2 hash per candidate: off the async workers.
    let count = entries.len();
    let codes = match tokio::task::spawn_blocking(move || {
        (0..count)
            .map(|_| password::new_access_code())
            .collect::<Vec<_>>()
    })
    .await
    {
        Ok(codes) => codes,
        Err(e) => return refusal(StoreError::backend(e.to_string()).into(), &upload.headers),
    };
    let rows: Vec<RosterEnrolment<'_>> = entries
        .iter()
        .zip(&codes)
        .map(|(e, (_, hash))| RosterEnrolment {
            row: e.row,
            enrolment: Enrolment {
                sitting_id,
                id_card: &e.id_card,
                name: &e.name,
                access_code_hash: hash,
                details: EnrolmentDetails {
                    employer: &e.employer,
                    proposed_post: &e.proposed_post,
                    nominating_body: &e.nominating_body,
                    bank: e.bank,
                },
            },
        })
        .collect();
    match upload
        .state
        .store
        .enrol_roster(
            &upload.user.actor(),
            &upload.user.jurisdiction_path,
            sitting_id,
            &upload.name,
            &rows,
        )
        .await
    {
        Ok(enrolled) => {
            let tickets = entries
                .iter()
                .zip(codes)
                .zip(enrolled)
                .map(|((e, (access_code, _)), (_, ticket_number))| IssuedTicket {
                    sitting_id,
                    name: e.name.clone(),
                    ticket_number,
                    access_code,
                })
                .collect();
            match queue_slips(&upload.session, tickets).await {
                Ok(()) => {
                    Redirect::to(&format!("/staff/sittings/{sitting_id}/slips")).into_response()
                }
                Err(e) => refusal(e.into(), &upload.headers),
            }
        }
        Err(StoreError::Refused(why) | StoreError::Conflict(why)) => {
            let errors = vec![(why.zh(), why.en())];
            hand_over(&upload.session, ROSTER_KEY, &report(errors), &roster_page).await
        }
        Err(e) => refusal(AppError::from(e), &upload.headers),
    }
}

/// Keeps `value` in the session for the page at `to`, and goes there.
async fn hand_over(
    session: &Session,
    key: &str,
    value: &impl serde::Serialize,
    to: &str,
) -> Response {
    match session.insert(key, value).await {
        Ok(()) => Redirect::to(to).into_response(),
        Err(e) => refusal(
            StoreError::backend(format!("session: {e}")).into(),
            &HeaderMap::new(),
        ),
    }
}
