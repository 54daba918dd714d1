//! 数据库备份 on the administration page: the scheduled backups' settings (read-only; they are
//! the server's configuration) with the newest archive in the folder, and a fresh backup to
//! download. Taking the whole database home is for an administrator whose reach is the whole
//! database: a district's administrator must not carry away the city's and its other
//! districts' records, so only an administrator of a jurisdiction with nothing outside it
//! (the city, when the database holds one city) may.

use serde::{Deserialize, Serialize};

/// Where the download form posts (a plain form: the answer is the archive itself).
pub const DOWNLOAD_PATH: &str = "/staff/admin/backup";
/// The name every scheduled archive starts with (then its CST time, so names sort by time).
pub const SCHEDULED_PREFIX: &str = "renqian-backup-";

/// The scheduled backups as configured (`RENQIAN_BACKUP_DIR`, `_AT`, `_KEEP`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupSchedule {
    /// The folder; `None` turns scheduled backups off.
    pub folder: Option<std::path::PathBuf>,
    /// Time of day, minutes after midnight, China Standard Time.
    pub at_minute: u32,
    /// How many scheduled archives are kept.
    pub keep: u32,
}

impl Default for BackupSchedule {
    fn default() -> Self {
        Self {
            folder: None,
            at_minute: 150,
            keep: 14,
        }
    }
}

/// The page's backup panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupPanel {
    /// The folder of the daily backups; `None`: scheduled backups are off.
    pub folder: Option<String>,
    /// "02:30" (China Standard Time).
    pub at: String,
    pub keep: u32,
    /// The newest scheduled archive in the folder, if any.
    pub latest: Option<LatestBackup>,
}

/// A scheduled archive found in the folder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatestBackup {
    pub file: String,
    /// When it was written (ms since the epoch).
    pub written_at: i64,
    pub bytes: u64,
}

#[cfg(feature = "ssr")]
pub use ssr::*;

#[cfg(feature = "ssr")]
mod ssr {
    use std::path::Path;

    use tower_sessions::Session;

    use super::{BackupPanel, BackupSchedule, LatestBackup, SCHEDULED_PREFIX};
    use crate::auth::guard::{staff_over_everything, StaffUser};
    use crate::auth::Permission;
    use crate::error::AppError;
    use crate::state::AppState;

    /// The administrator who may take the whole database: holds [`Permission::ManageAccounts`]
    /// and no jurisdiction lies outside their reach.
    pub async fn backup_taker(session: &Session, state: &AppState) -> Result<StaffUser, AppError> {
        staff_over_everything(
            session,
            state,
            Permission::ManageAccounts,
            "WholeDatabaseBackup",
        )
        .await
    }

    /// The administrator asking for a download, and their reason (required: the whole
    /// database leaves the server).
    pub async fn authorize_download(
        session: &Session,
        state: &AppState,
        reason: &str,
    ) -> Result<(StaffUser, String), AppError> {
        let user = backup_taker(session, state).await?;
        let reason = crate::admin::api::ssr::reason(reason, true)?;
        Ok((user, reason))
    }

    /// The panel for this server's schedule.
    pub fn panel(schedule: &BackupSchedule) -> BackupPanel {
        BackupPanel {
            folder: schedule.folder.as_ref().map(|f| f.display().to_string()),
            at: format!(
                "{:02}:{:02}",
                schedule.at_minute / 60,
                schedule.at_minute % 60
            ),
            keep: schedule.keep,
            latest: schedule.folder.as_deref().and_then(latest),
        }
    }

    /// The scheduled archives in `dir`, oldest first (their names sort by time).
    pub fn scheduled_archives(dir: &Path) -> std::io::Result<Vec<String>> {
        let mut names: Vec<String> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.starts_with(SCHEDULED_PREFIX) && n.ends_with(".zip"))
            .collect();
        names.sort();
        Ok(names)
    }

    fn latest(dir: &Path) -> Option<LatestBackup> {
        let file = scheduled_archives(dir).ok()?.pop()?;
        let meta = std::fs::metadata(dir.join(&file)).ok()?;
        let written_at = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_millis() as i64;
        Some(LatestBackup {
            file,
            written_at,
            bytes: meta.len(),
        })
    }
}
