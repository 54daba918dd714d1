//! The HTTP surface: the router, sessions, CSRF, language choice and security headers.

pub mod admission;
mod appointment_files;
mod bank_files;
mod body_limit;
mod console_events;
pub mod csrf;
mod files;
mod report_files;
mod roster_files;
mod statute_files;

use std::net::SocketAddr;

use app::i18n::{Lang, LANG_COOKIE};
use app::state::AppState;
use app::{shell, App};
use axum::extract::{Path, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::db::sessions::DbSessionStore;
use crate::db::Db;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "renqian_session";

/// Builds the whole application router.
pub fn router(
    state: AppState,
    db: Db,
    options: LeptosOptions,
    secure_cookies: bool,
    admission: admission::Admission,
) -> Router {
    let routes = app_routes();
    let sessions = SessionManagerLayer::new(DbSessionStore::new(db))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure_cookies)
        .with_expiry(Expiry::OnSessionEnd);
    Router::new()
        .merge(bank_files::routes(state.clone()))
        .merge(roster_files::routes(state.clone()))
        .merge(console_events::routes(state.clone(), admission.clone()))
        .merge(report_files::routes(state.clone()))
        .merge(appointment_files::routes(state.clone()))
        .merge(statute_files::routes(state.clone()))
        // One set of upload slots and parsers for every upload route above.
        .layer(axum::Extension(files::Uploads::default()))
        .route("/lang/{code}", get(choose_language))
        .route("/healthz", get(|| async { "ok" }))
        .leptos_routes_with_context(&options, routes, move || provide_context(state.clone()), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler(shell))
        .layer(middleware::from_fn(body_limit::limit))
        .layer(middleware::from_fn(csrf::guard))
        .layer(sessions)
        .layer(middleware::from_fn(security_headers))
        // Outermost: a request shed under load touches neither the session nor the database.
        .layer(middleware::from_fn_with_state(admission, admission::admit))
        .with_state(options)
}

/// The app's routes, listed once per process. Listing them renders the app with resource
/// loading switched off for the whole process (leptos_server's `SuppressResourceLoad`): a
/// page that another server in the same process renders meanwhile, as in the integration
/// suite where many servers start and serve at once, would wait forever for its data
/// (leptos-rs/leptos#4773). Once, before any server of the process serves, it is harmless.
fn app_routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Serves the router until the process is stopped.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}

/// `/lang/en`, `/lang/zh`: remembers the language and returns to the page the link was on.
async fn choose_language(Path(code): Path<String>, headers: HeaderMap) -> Response {
    let lang = Lang::parse(&code);
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .filter(|referer| csrf::authority(referer).is_some_and(|a| Some(a) == host))
        .and_then(|referer| {
            referer
                .split_once("://")
                .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned()))
        })
        .unwrap_or_else(|| "/".to_owned());
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.html_tag()
    );
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// The headers every response carries. Each response gets its own script nonce: the
/// Content-Security-Policy admits only the page's own hydration scripts (which carry the
/// nonce, see `app::shell`) and scripts from this origin, never inline script, so markup that
/// slipped into a page still could not run. Nothing dynamic may be kept by a browser or a
/// proxy (`no-store`): a shared exam-room PC must not show the last person's pages from its
/// cache. Only the site's static files (`/pkg/`, the favicon) may be cached.
async fn security_headers(mut request: Request, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new();
    let cacheable = is_static_asset(request.uri().path());
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    if !cacheable {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    headers.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    response
}

/// The policy: scripts from this origin or with this response's nonce (and WebAssembly
/// compilation, which hydration needs); no plugins, no framing, no foreign forms or bases.
/// Inline style attributes stay allowed (bars and widths are drawn with them; style cannot
/// run script).
fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The built site's files: hashed or fixed, the same for everyone.
fn is_static_asset(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.ico"
}
