//! The Renqian server process: configuration, database adapters, the HTTP router with
//! sessions and CSRF defence, background jobs and the admin CLI.

pub mod backup;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod jobs;
pub mod web;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use app::state::AppState;

use crate::config::ServeConfig;
use crate::db::Db;

/// A server started by [`start`].
pub struct Running {
    /// The address it listens on (useful with port 0).
    pub addr: SocketAddr,
    /// The HTTP server task.
    pub server: tokio::task::JoinHandle<std::io::Result<()>>,
    /// The deadline sweeper task.
    pub sweeper: tokio::task::JoinHandle<()>,
}

/// Binds, starts the HTTP server and the sweeper, and returns at once.
pub async fn start(config: &ServeConfig, db: Db) -> std::io::Result<Running> {
    let db = db.told_across_instances();
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let settings = config.settings();
    let state = AppState {
        store: Arc::new(db.clone()),
        settings: settings.clone(),
    };
    let site = web::site::Site::load(std::path::Path::new(&config.site_root))?;
    let (files, compressed) = site.counts();
    tracing::info!(
        source = if cfg!(feature = "embed-site") {
            "inside the binary"
        } else {
            config.site_root.as_str()
        },
        name = site.output_name(),
        files,
        compressed,
        "site"
    );
    let options = ServeConfig {
        addr,
        ..config.clone()
    }
    .leptos_options(site.output_name());
    let router = web::router(
        state,
        db.clone(),
        web::Surface {
            options,
            site,
            secure_cookies: config.secure_cookies,
            trusted_proxies: config.trusted_proxies.clone(),
            admission: config.admission(),
        },
    );
    let sweeper = jobs::spawn_sweeper(
        db,
        settings.answer_grace_ms,
        Duration::from_secs(config.sweep_seconds.max(1)),
    );
    let server = tokio::spawn(web::serve(listener, router));
    Ok(Running {
        addr,
        server,
        sweeper,
    })
}

/// Starts the daily backup job when `RENQIAN_BACKUP_DIR` is set (off otherwise). It needs the
/// database URL, which PostgreSQL's `pg_dump` connects with.
pub fn start_backups(
    config: &ServeConfig,
    db: Db,
    database_url: &str,
) -> Option<tokio::task::JoinHandle<()>> {
    let dir = config.backup_dir.clone()?;
    tracing::info!(
        dir = %dir.display(),
        at = format!("{:02}:{:02} CST", config.backup_at.0 / 60, config.backup_at.0 % 60),
        keep = config.backup_keep,
        "daily backups on"
    );
    Some(jobs::spawn_backups(
        db,
        database_url.to_owned(),
        dir,
        config.backup_at,
        config.backup_keep as usize,
    ))
}
