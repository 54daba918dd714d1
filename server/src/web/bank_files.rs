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
use question_bank::bank::question::Question;
use question_bank::formats::{self, json, qti, text, xlsx, FileError, Format};
use serde_json::json;
use tower_sessions::Session;

use super::files::{attachment, refusal, Refused, UploadRequest, MAX_UPLOAD_READ, XLSX};

/// The routes, with the state they need.
pub fn routes(state: AppState) -> Router<LeptosOptions> {
    let exports = Export::ALL
        .into_iter()
        .fold(Router::new(), |router, format| {
            router.route(
                &format.path(),
                get(move |state, session, headers| export(format, state, session, headers)),
            )
        });
    exports
        .route(
            "/staff/questions/upload",
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_READ)),
        )
        .route("/staff/questions/template.xlsx", get(template))
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

/// A file format the bank is exported in: its name in the audit log, its file, its type.
#[derive(Clone, Copy)]
enum Export {
    Xlsx,
    Json,
    Gift,
    Aiken,
    Qti,
}

impl Export {
    const ALL: [Self; 5] = [Self::Xlsx, Self::Json, Self::Gift, Self::Aiken, Self::Qti];

    /// (name in the audit log, file name, content type).
    fn describe(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Xlsx => ("xlsx", "renqian-questions.xlsx", XLSX),
            Self::Json => (
                "json",
                "renqian-questions.json",
                "application/json; charset=utf-8",
            ),
            Self::Gift => (
                "gift",
                "renqian-questions.gift",
                "text/plain; charset=utf-8",
            ),
            Self::Aiken => (
                "aiken",
                "renqian-questions.aiken.txt",
                "text/plain; charset=utf-8",
            ),
            Self::Qti => ("qti", "renqian-questions.qti.zip", "application/zip"),
        }
    }

    /// The route: `/staff/questions/` and the file name without its `renqian-questions`.
    fn path(self) -> String {
        let (_, file, _) = self.describe();
        format!(
            "/staff/questions/export{}",
            &file["renqian-questions".len()..]
        )
    }

    fn write(self, questions: &[Question]) -> Result<Vec<u8>, FileError> {
        Ok(match self {
            Self::Xlsx => xlsx::write(questions)?,
            Self::Qti => qti::write(questions)?,
            Self::Gift => text::write_gift(questions).into_bytes(),
            Self::Aiken => text::write_aiken(questions).into_bytes(),
            Self::Json => json::write(questions).into_bytes(),
        })
    }
}

/// The whole visible bank in `format`, keys included; audited, since it carries every
/// answer. A stored question that no longer reads as valid is left out, and named in the
/// audit event and the log, never dropped unseen.
async fn export(
    format: Export,
    Extension(state): Extension<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let (name, file, content_type) = format.describe();
    let exported = async {
        let user = staff_for(&session, &state, Permission::ManageBank).await?;
        let mut records = state
            .store
            .questions_visible(&user.jurisdiction_path, false)
            .await?;
        // In the order the questions were added, so an export imports back in the same order.
        records.sort_by_key(|r| r.id);
        let mut questions = Vec::with_capacity(records.len());
        let mut unreadable = Vec::new();
        for r in &records {
            match r.to_question() {
                Ok(q) => questions.push(q),
                Err(e) => {
                    tracing::warn!(question = r.id, error = %e, "a stored question left out of an export");
                    unreadable.push(r.id);
                }
            }
        }
        state
            .store
            .record_event(
                &user.actor(),
                AuditAction::QuestionExport,
                "jurisdiction",
                &user.jurisdiction_id.to_string(),
                json!({ "format": name, "questions": questions.len(), "left_out": unreadable }),
            )
            .await?;
        format
            .write(&questions)
            .map_err(|e| AppError::from(app::state::StoreError::backend(e.to_string())))
    };
    match exported.await {
        Ok(bytes) => attachment(content_type, file, bytes),
        Err(e) => refusal(e, &headers),
    }
}
