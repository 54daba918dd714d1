//! Cross-site request forgery defence for every state-changing request.
//!
//! Server functions accept plain URL-encoded form posts, which a hostile page can send
//! with the user's cookies. A browser always labels such a post with its `Origin` (or at
//! least `Referer`), so any non-GET request is refused unless it names this site as its
//! origin. SameSite=Lax session cookies are a second, independent line.

use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Middleware: refuses unsafe-method requests whose origin is not this site.
pub async fn guard(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) || is_same_origin(&request)
    {
        return next.run(request).await;
    }
    tracing::warn!(method = %request.method(), uri = %request.uri(), "cross-site request refused");
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "跨站请求已被拒绝。请从本系统页面提交。\nCross-site request refused. Please submit from this site's own pages.",
    )
        .into_response()
}

fn is_same_origin(request: &Request) -> bool {
    let headers = request.headers();
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return false;
    }
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let claimed = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    claimed
        .and_then(authority)
        .is_some_and(|origin| origin.eq_ignore_ascii_case(host))
}

/// "host:port" of an origin or URL ("https://example.org:8443/path" → "example.org:8443").
pub fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::authority;

    #[test]
    fn the_authority_of_an_origin_or_a_url_is_its_host_and_port() {
        assert_eq!(authority("http://127.0.0.1:3000"), Some("127.0.0.1:3000"));
        assert_eq!(
            authority("https://exam.example.gov.cn/staff?x=1"),
            Some("exam.example.gov.cn")
        );
        assert_eq!(authority("null"), None);
    }
}
