//! What every file endpoint shares: reading one uploaded file, answering a refusal with a
//! page the person understands, and sending a download.

use app::error::AppError;
use app::i18n::Lang;
use axum::body::Bytes;
use axum::extract::Multipart;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

pub(super) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// Uploads up to 20 MiB: a 5,000-row workbook is well under that.
pub(super) const MAX_UPLOAD: usize = 20 * 1024 * 1024;

/// Turns a refusal into a page the person understands (a lost login goes to the login page).
pub(super) fn refusal(error: AppError, headers: &HeaderMap) -> Response {
    if error == AppError::Unauthenticated {
        return Redirect::to("/login").into_response();
    }
    let lang = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map_or(Lang::Zh, Lang::from_cookie_header);
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        error.message(lang),
    )
        .into_response()
}

/// A file to download.
pub(super) fn attachment(content_type: &'static str, file_name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The form's `file` field: its name and bytes.
pub(super) async fn read_upload(multipart: &mut Multipart) -> Result<(String, Bytes), AppError> {
    let mut file = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(|_| {
                    AppError::invalid(
                        Some("file"),
                        "文件过大或上传中断（最大20MB）。",
                        "The file is too large or the upload broke off (20 MB at most).",
                    )
                })?;
                file = Some((name, bytes));
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => {
                return Err(AppError::invalid(
                    Some("file"),
                    "上传的内容无法读取，请重试。",
                    "The upload could not be read; please try again.",
                ))
            }
        }
    }
    file.filter(|(name, _)| !name.is_empty()).ok_or_else(|| {
        AppError::invalid(
            Some("file"),
            "请选择要导入的文件。",
            "Choose a file to import.",
        )
    })
}
