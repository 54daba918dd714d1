//! The HTTP surface: the router, sessions, CSRF, language choice and security headers.

pub mod admission;
mod appointment_files;
mod backup_files;
mod bank_files;
mod body_limit;
pub mod client_addr;
mod console_events;
pub mod csrf;
mod files;
mod report_files;
mod roster_files;
pub mod site;
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

/// What the router is made of besides the app's state and the database.
pub struct Surface {
    pub options: LeptosOptions,
    pub site: site::Site,
    pub secure_cookies: bool,
    pub trusted_proxies: client_addr::TrustedProxies,
    pub admission: admission::Admission,
}

/// Builds the whole application router.
pub fn router(state: AppState, db: Db, surface: Surface) -> Router {
    let Surface {
        options,
        site,
        secure_cookies,
        trusted_proxies,
        admission,
    } = surface;
    let routes = app_routes();
    let sessions = SessionManagerLayer::new(DbSessionStore::new(db.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure_cookies)
        .with_expiry(Expiry::OnSessionEnd);
    Router::new()
        .merge(bank_files::routes(state.clone()))
        .merge(roster_files::routes(state.clone()))
        .merge(console_events::routes(
            state.clone(),
            admission.clone(),
            db.changes().clone(),
        ))
        .merge(report_files::routes(state.clone()))
        .merge(appointment_files::routes(state.clone()))
        .merge(backup_files::routes(state.clone(), db.clone()))
        .merge(statute_files::routes(state.clone()))
        // One set of upload slots and parsers for every upload route above.
        .layer(axum::Extension(files::Uploads::default()))
        .route("/lang/{code}", get(choose_language))
        .route("/healthz", get(|| async { "ok" }))
        .leptos_routes_with_context(
            &options,
            routes,
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(site_or_not_found(site, state, options.clone()))
        .layer(middleware::from_fn(refusal_anchor))
        .layer(middleware::from_fn(body_limit::limit))
        .layer(middleware::from_fn(csrf::guard))
        .layer(sessions)
        .layer(middleware::from_fn_with_state(
            trusted_proxies,
            client_addr::resolve,
        ))
        .layer(middleware::from_fn(security_headers))
        // A request shed under load touches neither the session nor the database.
        .layer(middleware::from_fn_with_state(admission, admission::admit))
        // Outermost: every log line of the request, shed or served, names it.
        .layer(middleware::from_fn(request_span))
        .with_state(options)
}

/// Runs the request in a span naming its method and path (never the query, which may hold
/// a search); the guard adds the principal once it has read the session
/// (`auth::guard::principal`). So a log line, an incident above all, says where it happened
/// and for whom.
async fn request_span(request: Request, next: Next) -> Response {
    use tracing::Instrument;
    let span = tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        principal = tracing::field::Empty,
    );
    next.run(request).instrument(span).await
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

/// Every request no route takes: one of the site's files, or the app's page for an unknown
/// address (404).
fn site_or_not_found(
    site: site::Site,
    state: AppState,
    options: LeptosOptions,
) -> impl Fn(Request) -> std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>>
       + Clone
       + Send
       + Sync
       + 'static {
    move |request: Request| {
        let (site, state, options) = (site.clone(), state.clone(), options.clone());
        Box::pin(async move {
            if let Some(file) =
                site.respond(request.method(), request.uri().path(), request.headers())
            {
                return file;
            }
            let page = leptos_axum::render_app_to_stream_in_order_with_context(
                move || provide_context(state.clone()),
                move || shell(options.clone()),
            );
            let mut response = page(request).await;
            if response.status() == StatusCode::OK {
                *response.status_mut() = StatusCode::NOT_FOUND;
            }
            response
        })
    }
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

/// A plain form post (JavaScript off) that a server function refuses is sent back to its
/// page with the error in the query (`__err`); the address gets `#refusal`, the id of the
/// page's refusal message (`app::components::REFUSAL_ANCHOR`), so the browser scrolls to
/// the message beside the form that was posted instead of leaving it out of sight.
async fn refusal_anchor(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if !response.status().is_redirection() {
        return response;
    }
    let anchored = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .filter(|to| to.contains("__err=") && !to.contains('#'))
        .and_then(|to| {
            HeaderValue::from_str(&format!("{to}#{}", app::components::REFUSAL_ANCHOR)).ok()
        });
    if let Some(to) = anchored {
        response.headers_mut().insert(header::LOCATION, to);
    }
    response
}

/// The headers every response carries. Each response gets its own script nonce: the
/// Content-Security-Policy admits only the page's own hydration scripts (which carry the
/// nonce, see `app::shell`) and scripts from this origin, never inline script, so markup that
/// slipped into a page still could not run. Nothing dynamic may be kept by a browser or a
/// proxy (`no-store`): a shared exam-room PC must not show the last person's pages from its
/// cache. Only the site's files (`site::Site`, which sets their caching) may be kept.
async fn security_headers(mut request: Request, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let cacheable = response.extensions().get::<site::SiteFile>().is_some();
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
