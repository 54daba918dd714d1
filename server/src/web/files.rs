//! What every file endpoint shares: reading one uploaded file, parsing it off the request
//! executor within a time budget, answering a refusal with a page the person understands,
//! and sending a download.
//!
//! An upload is untrusted work: whoever can reach a form can send a file built to be slow or
//! large. So an upload takes one of [`UPLOADS_AT_ONCE`] slots before its body is read (a
//! flood is answered 503 at once, holding no memory), parses on a blocking thread, at most
//! [`PARSERS`] at a time, and is refused when parsing takes longer than [`PARSE_BUDGET`].
//! Candidates' saves run on the async executor, which parsing never occupies.

use std::sync::Arc;
use std::time::Duration;

use app::auth::guard::{staff_for, StaffUser};
use app::auth::Permission;
use app::error::AppError;
use app::i18n::Lang;
use app::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use question_bank::formats::limits::MAX_FILE_BYTES;
use question_bank::formats::Limit;
use question_bank::Bilingual;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower_sessions::Session;

pub(super) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// An upload's body: the importers' file limit and room for the form around the file.
pub(super) const MAX_UPLOAD: usize = MAX_FILE_BYTES + 64 * 1024;
/// How much of a body over [`MAX_UPLOAD`] is read (and thrown away) so the sender gets the
/// 413 rather than a dropped connection; the routes' body limit. Beyond it the connection
/// is dropped. Nothing over [`MAX_UPLOAD`] is kept in memory.
pub(super) const MAX_UPLOAD_READ: usize = 4 * MAX_UPLOAD;
/// Uploads in flight at once (reading, waiting, parsing); more are answered 503 at once.
pub const UPLOADS_AT_ONCE: usize = 8;
/// Uploads parsed at once, each on a blocking thread.
pub const PARSERS: usize = 2;
/// How long an upload may wait for a parser.
pub const PARSE_QUEUE_WAIT: Duration = Duration::from_secs(30);
/// How long parsing one upload may take before the person is told it took too long.
pub const PARSE_BUDGET: Duration = Duration::from_secs(30);

/// The server's upload slots and parsers (one set per router, an `Extension`).
#[derive(Clone)]
pub struct Uploads {
    slots: Arc<Semaphore>,
    parsers: Arc<Semaphore>,
}

impl Default for Uploads {
    fn default() -> Self {
        Self {
            slots: Arc::new(Semaphore::new(UPLOADS_AT_ONCE)),
            parsers: Arc::new(Semaphore::new(PARSERS)),
        }
    }
}

/// An upload's place: held from before its body is read until its answer is made.
pub(super) struct Slot(#[allow(dead_code, reason = "held, never read")] OwnedSemaphorePermit);

/// An upload refused: the status and the message in both languages.
#[derive(Debug)]
pub(super) struct Refused {
    status: StatusCode,
    zh: String,
    en: String,
}

impl Refused {
    fn new(status: StatusCode, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            status,
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// A file over one of the importers' limits: 413, naming the limit.
    pub(super) fn over_limit(limit: &Limit) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("文件未导入：{}。", limit.zh()),
            format!("The file was not imported: {}.", limit.en()),
        )
    }

    fn busy() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "正在处理的导入过多，请稍后再试。",
            "Too many imports are being processed; please try again shortly.",
        )
    }

    /// The answer, in the person's language.
    pub(super) fn respond(self, headers: &HeaderMap) -> Response {
        let message = match lang(headers) {
            Lang::Zh => self.zh,
            _ => self.en,
        };
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            message,
        )
            .into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("10"));
        }
        response
    }
}

impl From<AppError> for Refused {
    fn from(error: AppError) -> Self {
        let status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self::new(status, error.message(Lang::Zh), error.message(Lang::En))
    }
}

fn lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map_or(Lang::Zh, Lang::from_cookie_header)
}

impl Uploads {
    /// A place for one more upload, or 503 at once when all are taken.
    pub(super) fn slot(&self) -> Result<Slot, Refused> {
        self.slots
            .clone()
            .try_acquire_owned()
            .map(Slot)
            .map_err(|_| Refused::busy())
    }

    /// Runs `parse` (an upload's parse) on a blocking thread once one of the [`PARSERS`] is
    /// free, and gives its result if it finishes within [`PARSE_BUDGET`]. The one way every
    /// upload route parses. A parse over its budget keeps its parser until it ends (the
    /// limits bound how long that is), so slow files never run more than [`PARSERS`] at once.
    pub(super) async fn parse<T: Send + 'static>(
        &self,
        _slot: &Slot,
        parse: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Refused> {
        let parser = match tokio::time::timeout(
            PARSE_QUEUE_WAIT,
            self.parsers.clone().acquire_owned(),
        )
        .await
        {
            Ok(Ok(parser)) => parser,
            _ => return Err(Refused::busy()),
        };
        let task = tokio::task::spawn_blocking(move || {
            let _parser = parser;
            parse()
        });
        match tokio::time::timeout(PARSE_BUDGET, task).await {
            Ok(Ok(parsed)) => Ok(parsed),
            Ok(Err(_)) => Err(Refused::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "文件已损坏，无法读取。",
                "The file is damaged and cannot be read.",
            )),
            Err(_) => Err(Refused::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "文件未导入：读取超过了{}秒的时限，请拆分或简化后重新导入。",
                    PARSE_BUDGET.as_secs()
                ),
                format!(
                    "The file was not imported: reading it took longer than the limit of {} seconds; split or simplify it and import again.",
                    PARSE_BUDGET.as_secs()
                ),
            )),
        }
    }
}

/// Turns a refusal into a page the person understands (a lost login goes to the login page).
pub(super) fn refusal(error: AppError, headers: &HeaderMap) -> Response {
    if error == AppError::Unauthenticated {
        return Redirect::to("/login").into_response();
    }
    let lang = lang(headers);
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        error.message(lang),
    )
        .into_response()
}

/// A staff upload as it arrives: what every upload handler needs, extracted once.
pub(super) struct UploadRequest {
    state: AppState,
    uploads: Uploads,
    session: Session,
    headers: HeaderMap,
    multipart: Multipart,
}

impl<S: Send + Sync> FromRequest<S> for UploadRequest {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let Extension(app) = Extension::<AppState>::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let Extension(uploads) = Extension::<Uploads>::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let session = Session::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let headers = parts.headers.clone();
        let multipart = Multipart::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Self {
            state: app,
            uploads,
            session,
            headers,
            multipart,
        })
    }
}

/// A staff upload opened: the request's parts, the staff member, the upload slot it holds
/// and the form's file.
pub(super) struct Upload {
    pub state: AppState,
    pub uploads: Uploads,
    pub session: Session,
    pub headers: HeaderMap,
    pub user: StaffUser,
    pub slot: Slot,
    pub name: String,
    pub bytes: Bytes,
}

impl UploadRequest {
    /// Opens the upload, checked in this order: the staff member holding `permission` (a
    /// lost login goes to the login page), one of the upload slots (503 when all are
    /// taken), and the form's file (413 over the limit). On failure, the answer to send.
    pub(super) async fn open(mut self, permission: Permission) -> Result<Upload, Response> {
        let headers = &self.headers;
        let user = staff_for(&self.session, &self.state, permission)
            .await
            .map_err(|e| refusal(e, headers))?;
        let slot = self.uploads.slot().map_err(|e| e.respond(headers))?;
        let (name, bytes) = read_upload(&mut self.multipart)
            .await
            .map_err(|e| e.respond(headers))?;
        Ok(Upload {
            state: self.state,
            uploads: self.uploads,
            session: self.session,
            headers: self.headers,
            user,
            slot,
            name,
            bytes,
        })
    }
}

/// A file to download.
pub(super) fn attachment(
    content_type: &'static str,
    file_name: &str,
    body: impl Into<axum::body::Body>,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        body.into(),
    )
        .into_response()
}

/// The form's `file` field: its name and bytes. A body over [`MAX_UPLOAD`] is 413, read to
/// its end (up to [`MAX_UPLOAD_READ`]) so the sender receives the answer.
pub(super) async fn read_upload(multipart: &mut Multipart) -> Result<(String, Bytes), Refused> {
    read_form(multipart)
        .await
        .map(|(name, bytes, _)| (name, bytes))
}

/// The longest value of a form's other fields that [`read_form`] keeps.
const MAX_FIELD_BYTES: usize = 256;

/// The form's `file` field as [`read_upload`] reads it, and its other fields as (name, text),
/// each cut to [`MAX_FIELD_BYTES`].
pub(super) async fn read_form(
    multipart: &mut Multipart,
) -> Result<(String, Bytes, Vec<(String, String)>), Refused> {
    let too_large = || {
        Refused::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "文件未导入：文件超过{}MB的上限。",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            format!(
                "The file was not imported: it is over the limit of {} MB.",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
    };
    let broken = |status: StatusCode| {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            Refused::new(
                StatusCode::BAD_REQUEST,
                "上传的内容无法读取或上传中断，请重试。",
                "The upload could not be read or broke off; please try again.",
            )
        }
    };
    let mut file = None;
    let mut fields = Vec::new();
    let mut read = 0;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| broken(e.status()))?
    {
        let is_file = field.name() == Some("file") && file.is_none();
        let name = field.file_name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| broken(e.status()))? {
            read += chunk.len();
            if (is_file && read <= MAX_UPLOAD) || (!is_file && bytes.len() < MAX_FIELD_BYTES) {
                bytes.extend_from_slice(&chunk);
            }
        }
        if is_file {
            file = Some((name, Bytes::from(bytes)));
        } else if let Some(field_name) = field.name() {
            bytes.truncate(MAX_FIELD_BYTES);
            fields.push((
                field_name.to_owned(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    if read > MAX_UPLOAD {
        return Err(too_large());
    }
    let file = file.filter(|(name, _)| !name.is_empty()).ok_or_else(|| {
        AppError::invalid(
            Some("file"),
            "请选择要导入的文件。",
            "Choose a file to import.",
        )
    })?;
    Ok((file.0, file.1, fields))
}
