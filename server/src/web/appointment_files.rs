//! Nomination lists and the yearly statistics over plain HTTP (works the same with
//! JavaScript off): the nomination list template, the upload that records every row or
//! none (what it did is handed once to the nominations page), and the statistics as Excel.

use std::collections::HashMap;

use app::appointments::import::{ImportReport, IMPORT_KEY};
use app::appointments::repo::NewNomination;
use app::appointments::report::year_report;
use app::appointments::{stats_columns, YearReport};
use app::auth::guard::staff_for;
use app::auth::Permission;
use app::error::AppError;
use app::state::{AppState, StoreError};
use axum::extract::{DefaultBodyLimit, Query};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use leptos::prelude::LeptosOptions;
use question_bank::formats::nominations;
use question_bank::formats::xlsx::{self, Cell, Table};
use question_bank::formats::{every_row, ListError};
use question_bank::Bilingual;
use tower_sessions::Session;

use super::files::{attachment, refusal, Refused, UploadRequest, MAX_UPLOAD_READ, XLSX};

/// The page every upload returns to.
const NOMINATIONS_PAGE: &str = "/staff/nominations";

/// The routes, with the state they need.
pub fn routes(state: AppState) -> Router<LeptosOptions> {
    Router::new()
        .route("/staff/nominations/template.xlsx", get(template))
        .route(
            "/staff/nominations/import",
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_READ)),
        )
        .route("/staff/appointment-stats.xlsx", get(stats_xlsx))
        .layer(Extension(state))
}

fn backend(e: impl std::fmt::Display) -> AppError {
    StoreError::backend(e.to_string()).into()
}

async fn template(
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    if let Err(e) = staff_for(&session, &state, Permission::ManageAppointments).await {
        return refusal(e, &headers);
    }
    match nominations::template() {
        Ok(bytes) => attachment(XLSX, "renqian-nominations-template.xlsx", bytes),
        Err(e) => refusal(backend(e), &headers),
    }
}

async fn upload(request: UploadRequest) -> Response {
    let upload = match request.open(Permission::ManageAppointments).await {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    let refused = |errors| ImportReport {
        recorded: 0,
        errors,
    };
    let file_name = upload.name.clone();
    let parsed = upload.uploads.parse(&upload.slot, move || {
        every_row(
            &file_name,
            &upload.bytes,
            ("提请任命名单", "nomination list"),
            nominations::read,
        )
    });
    let entries = match parsed.await {
        Ok(Ok(entries)) => entries,
        Ok(Err(ListError::Rejected(errors))) => {
            return hand_over(&upload.session, &refused(errors)).await
        }
        Ok(Err(ListError::OverLimit(limit))) => {
            return Refused::over_limit(&limit).respond(&upload.headers)
        }
        Err(e) => return e.respond(&upload.headers),
    };
    let rows: Vec<NewNomination<'_>> = entries
        .iter()
        .map(|e| NewNomination {
            row: e.row,
            name: &e.name,
            id_card: &e.id_card,
            current_post: &e.current_post,
            post: &e.post,
            body: e.body,
            document_number: &e.document_number,
            meeting_id: None,
            note: &e.note,
        })
        .collect();
    match upload
        .state
        .store
        .create_nominations(
            &upload.user.actor(),
            upload.user.jurisdiction_id,
            &upload.user.jurisdiction_path,
            &upload.name,
            &rows,
        )
        .await
    {
        Ok(ids) => {
            let report = ImportReport {
                recorded: ids.len(),
                errors: Vec::new(),
            };
            hand_over(&upload.session, &report).await
        }
        Err(StoreError::Refused(why) | StoreError::Conflict(why)) => {
            let errors = vec![(why.zh(), why.en())];
            hand_over(&upload.session, &refused(errors)).await
        }
        Err(e) => refusal(AppError::from(e), &upload.headers),
    }
}

/// Keeps the report in the session for the nominations page, and goes there.
async fn hand_over(session: &Session, report: &ImportReport) -> Response {
    match session.insert(IMPORT_KEY, report).await {
        Ok(()) => Redirect::to(NOMINATIONS_PAGE).into_response(),
        Err(e) => refusal(backend(format!("session: {e}")), &HeaderMap::new()),
    }
}

/// The yearly statistics as one sheet: a row per jurisdiction in reach, then the total.
fn stats_table(report: &YearReport) -> Table {
    let row = |name: &str, stats| {
        std::iter::once(Cell::Text(name.to_owned()))
            .chain(
                stats_columns(stats)
                    .iter()
                    .map(|(_, _, n)| Cell::Number(*n as f64)),
            )
            .collect::<Vec<_>>()
    };
    Table {
        name: "任免工作统计".into(),
        header: std::iter::once("人大常委会".to_owned())
            .chain(
                stats_columns(&report.total)
                    .iter()
                    .map(|(zh, _, _)| (*zh).to_owned()),
            )
            .collect(),
        rows: report
            .rows
            .iter()
            .map(|r| row(&r.jurisdiction_name, &r.stats))
            .chain(std::iter::once(row("合计", &report.total)))
            .collect(),
    }
}

/// `?year=2026`; the current year (China Standard Time) when absent or not a year.
async fn stats_xlsx(
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let year = query
        .get("year")
        .and_then(|y| question_bank::bounds::whole(y, &question_bank::bounds::YEARS).ok())
        .or_else(|| Some(question_bank::exam::clock::cst_year(app::state::now_ms())))
        .and_then(|y| i32::try_from(y).ok())
        .unwrap_or(2026);
    let built = async {
        let user = staff_for(&session, &state, Permission::ManageAppointments).await?;
        let report = year_report(&*state.store, &user.jurisdiction_path, year).await?;
        xlsx::tables(&[stats_table(&report)]).map_err(backend)
    };
    match built.await {
        Ok(bytes) => attachment(
            XLSX,
            &format!("renqian-appointment-stats-{year}.xlsx"),
            bytes,
        ),
        Err(e) => refusal(e, &headers),
    }
}

#[cfg(test)]
mod tests {
    use app::appointments::StatsRow;
    use question_bank::appointments::appointment::YearStats;

    use super::*;

    #[test]
    fn the_statistics_sheet_has_a_row_per_jurisdiction_and_the_total() {
        let city = YearStats {
            sittings_held: 2,
            appointments: 3,
            ..Default::default()
        };
        let district = YearStats {
            appointments: 1,
            dissatisfied: 1,
            ..Default::default()
        };
        let report = YearReport {
            year: 2026,
            rows: vec![
                StatsRow {
                    jurisdiction_name: "江城市".into(),
                    stats: city,
                },
                StatsRow {
                    jurisdiction_name: "江城区".into(),
                    stats: district,
                },
            ],
            total: question_bank::appointments::appointment::roll_up(&[city, district]),
        };
        let table = stats_table(&report);
        assert_eq!(table.name, "任免工作统计");
        assert_eq!(table.header.len(), 11);
        assert_eq!(
            (table.header[0].as_str(), table.header[1].as_str()),
            ("人大常委会", "考试场次")
        );
        assert_eq!(table.header[10], "不满意");
        assert_eq!(table.rows.len(), 3);
        let total = &table.rows[2];
        assert_eq!(total[0], Cell::Text("合计".into()));
        assert_eq!(total[1], Cell::Number(2.0));
        assert_eq!(total[4], Cell::Number(4.0), "appointments");
        assert_eq!(total[10], Cell::Number(1.0), "dissatisfied");
        assert_eq!(table.rows[1][0], Cell::Text("江城区".into()));
        assert!(xlsx::tables(&[table]).expect("workbook").starts_with(b"PK"));
    }
}
