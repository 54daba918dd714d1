//! An administrator's download of a fresh backup (the admin page's plain form posts here):
//! the same consistent copy and manifest as `renqian backup`, audited as `backup.download`
//! with who and why before the copy is taken, so the archive holds that record too.

use question_bank::audit_action::AuditAction;
use std::sync::Arc;

use app::admin::backups::{authorize_download, DOWNLOAD_PATH};
use app::error::AppError;
use app::state::{AppState, StoreError};
use axum::body::Body;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Form, Router};
use leptos::prelude::LeptosOptions;
use serde::Deserialize;
use tokio::io::AsyncReadExt;
use tokio::sync::Semaphore;
use tower_sessions::Session;

use super::files::{attachment, refusal};
use crate::db::{AuditRecord, Db};

/// The download route, with the state it needs. One backup is made at a time; another
/// request meanwhile is told to wait.
pub fn routes(state: AppState, db: Db) -> Router<LeptosOptions> {
    Router::new()
        .route(DOWNLOAD_PATH, post(download))
        .layer(Extension(state))
        .layer(Extension(db))
        .layer(Extension(Arc::new(Semaphore::new(1))))
}

#[derive(Deserialize)]
struct DownloadForm {
    #[serde(default)]
    reason: String,
}

async fn download(
    Extension(state): Extension<AppState>,
    Extension(db): Extension<Db>,
    Extension(one_at_a_time): Extension<Arc<Semaphore>>,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<DownloadForm>,
) -> Response {
    let made = async {
        let (user, reason) = authorize_download(&session, &state, &form.reason).await?;
        let Ok(_turn) = one_at_a_time.try_acquire() else {
            return Err(AppError::refused(
                "另一份备份正在生成，请稍后再试。",
                "Another backup is being made; please try again shortly.",
            ));
        };
        let now = app::state::now_ms();
        let name = format!(
            "renqian-download-{}.zip",
            question_bank::exam::clock::to_cst_input(now).replace(':', "")
        );
        // Next to the scheduled backups when there is a folder for them (sized for whole
        // copies), else the system's temporary folder.
        let folder = state
            .settings
            .backups
            .folder
            .clone()
            .unwrap_or_else(std::env::temp_dir);
        let to = folder.join(format!(".{}-{name}", rand::random::<u32>()));
        let record = AuditRecord::new(AuditAction::BackupDownload, "backup", &name)
            .jurisdiction(Some(user.jurisdiction_id))
            .reason(Some(&reason));
        let made = crate::backup::backup_recorded(&db, db.url(), &to, &user.actor(), record).await;
        // Open, then unlink: the open file streams to the end and nothing is left behind.
        let file = match made {
            Ok(_) => tokio::fs::File::open(&to).await.map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        let _ = std::fs::remove_file(&to);
        let file = file.map_err(|e| StoreError::backend(format!("backup download: {e}")))?;
        Ok((name, file))
    };
    match made.await {
        Ok((name, file)) => attachment("application/zip", &name, stream(file)),
        Err(e) => refusal(e, &headers),
    }
}

/// The file as a response body, read in 64 KiB chunks.
fn stream(file: tokio::fs::File) -> Body {
    let chunks = futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buf = vec![0u8; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(axum::body::Bytes::from(buf)), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    });
    Body::from_stream(chunks)
}
