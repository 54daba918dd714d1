//! The question bank's files over plain HTTP (they work the same with JavaScript off):
//! uploading a file to preview, downloading the import template, exporting the bank (Excel,
//! JSON, GIFT, Aiken, QTI 3.0).

use app::auth::guard::staff_for;
use app::auth::Permission;
use app::bank::import::{plan, revisions_to_json};
use app::error::AppError;
use app::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use leptos::prelude::LeptosOptions;
use question_bank::audit_action::AuditAction;
use question_bank::formats::{self, json, qti, text, xlsx, FileError, Format};
use serde_json::json;
use tower_sessions::Session;

use super::files::{attachment, refusal, Refused, UploadRequest, MAX_UPLOAD_READ, XLSX};

/// The routes, with the state they need.
pub fn routes(state: AppState) -> Router<LeptosOptions> {
    Router::new()
        .route(
            "/staff/questions/upload",
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_READ)),
        )
        .route("/staff/questions/template.xlsx", get(template))
        .route("/staff/questions/export.xlsx", get(export_xlsx))
        .route("/staff/questions/export.json", get(export_json))
        .route("/staff/questions/export.gift", get(export_gift))
        .route("/staff/questions/export.aiken.txt", get(export_aiken))
        .route("/staff/questions/export.qti.zip", get(export_qti))
        .layer(Extension(state))
}

/// Parses and checks an uploaded file, stages it, and shows its preview. Nothing is added
/// to the bank until staff commit the preview. A file over a limit is refused outright
/// (413, nothing staged).
async fn upload(request: UploadRequest) -> Response {
    let upload = match request.open(Permission::ManageBank).await {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    let parsed = match Format::from_file_name(&upload.name) {
        Some(format) => {
            match upload.uploads
                .parse(&upload.slot, move || formats::read(format, &upload.bytes))
                .await
            {
                Ok(parsed) => parsed,
                Err(e) => return e.respond(&upload.headers),
            }
        }
        None => Err(FileError::Unreadable(
            "只支持 .xlsx、.csv、.json、.gift、.txt（Aiken）、.docx（Word）和 .zip（QTI 3.0 内容包）文件 (only .xlsx, .csv, .json, .gift, Aiken .txt, Word .docx and QTI 3.0 .zip)".into(),
        )),
    };
    if let Some(limit) = parsed.as_ref().err().and_then(FileError::limit) {
        return Refused::over_limit(limit).respond(&upload.headers);
    }
    let staged = async {
        let existing = upload
            .state
            .store
            .questions_visible(&upload.user.jurisdiction_path, false)
            .await?;
        let plan = plan(&upload.name, parsed, &existing, upload.user.jurisdiction_id);
        Ok::<_, AppError>(
            upload
                .state
                .store
                .save_import_batch(
                    &upload.user.actor(),
                    upload.user.jurisdiction_id,
                    &plan.preview,
                    &json::write(&plan.to_add),
                    &revisions_to_json(&plan.revisions),
                )
                .await?,
        )
    };
    match staged.await {
        Ok(id) => Redirect::to(&format!("/staff/questions/import/{id}")).into_response(),
        Err(e) => refusal(e, &upload.headers),
    }
}

async fn template(
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    if let Err(e) = staff_for(&session, &state, Permission::ViewBank).await {
        return refusal(e, &headers);
    }
    match xlsx::template() {
        Ok(bytes) => attachment(XLSX, "renqian-question-template.xlsx", bytes),
        Err(e) => refusal(
            app::state::StoreError::backend(e.to_string()).into(),
            &headers,
        ),
    }
}

/// The whole visible bank, keys included; audited, since it carries every answer.
async fn export(state: &AppState, session: &Session, format: &str) -> Result<Vec<u8>, AppError> {
    let user = staff_for(session, state, Permission::ManageBank).await?;
    let mut records = state
        .store
        .questions_visible(&user.jurisdiction_path, false)
        .await?;
    // In the order the questions were added, so an export imports back in the same order.
    records.sort_by_key(|r| r.id);
    let questions: Vec<_> = records
        .iter()
        .filter_map(|r| r.to_question().ok())
        .collect();
    state
        .store
        .record_event(
            &user.actor(),
            AuditAction::QuestionExport,
            "jurisdiction",
            &user.jurisdiction_id.to_string(),
            json!({ "format": format, "questions": questions.len() }),
        )
        .await?;
    let failed = |e: FileError| app::state::StoreError::backend(e.to_string()).into();
    match format {
        "xlsx" => xlsx::write(&questions).map_err(failed),
        "qti" => qti::write(&questions).map_err(failed),
        "gift" => Ok(text::write_gift(&questions).into_bytes()),
        "aiken" => Ok(text::write_aiken(&questions).into_bytes()),
        _ => Ok(json::write(&questions).into_bytes()),
    }
}

async fn export_xlsx(
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    match export(&state, &session, "xlsx").await {
        Ok(bytes) => attachment(XLSX, "renqian-questions.xlsx", bytes),
        Err(e) => refusal(e, &headers),
    }
}

async fn export_json(
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    match export(&state, &session, "json").await {
        Ok(bytes) => attachment(
            "application/json; charset=utf-8",
            "renqian-questions.json",
            bytes,
        ),
        Err(e) => refusal(e, &headers),
    }
}

async fn export_gift(
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    match export(&state, &session, "gift").await {
        Ok(bytes) => attachment("text/plain; charset=utf-8", "renqian-questions.gift", bytes),
        Err(e) => refusal(e, &headers),
    }
}

async fn export_aiken(
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    match export(&state, &session, "aiken").await {
        Ok(bytes) => attachment(
            "text/plain; charset=utf-8",
            "renqian-questions.aiken.txt",
            bytes,
        ),
        Err(e) => refusal(e, &headers),
    }
}

async fn export_qti(
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    match export(&state, &session, "qti").await {
        Ok(bytes) => attachment("application/zip", "renqian-questions.qti.zip", bytes),
        Err(e) => refusal(e, &headers),
    }
}
