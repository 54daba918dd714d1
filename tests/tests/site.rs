//! The site's files as the server sends them (`server::web::site`): the precompressed copy
//! the request accepts, long caching for hashed names only, 404 for anything else. Served
//! here from a small site folder; a binary built with `embed-site` hands the same files to
//! the same code from inside itself.

use std::path::{Path, PathBuf};

use tests::TestApp;

const HASH: &str = "0123456789abcdef";

/// A site folder as `scripts/build.sh --release` lays it out (contents stand-ins: the server
/// sends the copies as they are), with a secret beside it that must never be reachable.
fn site_folder() -> PathBuf {
    let base = std::env::temp_dir().join(format!(
        "rq-site-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_nanos()
    ));
    let site = base.join("site");
    let write = |path: &str, content: &str| {
        let path = site.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, content).expect("write");
    };
    for (file, copies) in [
        (format!("pkg/renqian-{HASH}.js"), &["br", "gz"][..]),
        (format!("pkg/renqian-{HASH}_bg.wasm"), &["br", "gz"][..]),
        (format!("pkg/renqian-{HASH}.css"), &["gz"][..]),
        ("favicon.ico".to_owned(), &["gz"][..]),
        ("robots.txt".to_owned(), &[][..]),
    ] {
        write(&file, &format!("{file} raw"));
        for copy in copies {
            write(&format!("{file}.{copy}"), &format!("{file} {copy}"));
        }
    }
    std::fs::write(base.join("secret.txt"), "SECRET").expect("secret");
    site
}

struct Got {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Got {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Got {
    let mut request = reqwest::Client::new().get(format!("{}{path}", app.base));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("sent");
    Got {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap_or_default(),
    }
}

async fn served(site: &Path) -> TestApp {
    let root = site.display().to_string();
    TestApp::spawn()
        .await
        .restart_with(|c| c.site_root = root)
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_load_the_hashed_files_and_those_are_sent_precompressed_and_cached() {
    let site = site_folder();
    let app = served(&site).await;
    let js = format!("/pkg/renqian-{HASH}.js");

    let page = get(&app, "/login", &[("accept", "text/html")]).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    for file in [
        js.clone(),
        format!("/pkg/renqian-{HASH}_bg.wasm"),
        format!("/pkg/renqian-{HASH}.css"),
    ] {
        assert!(page.body.contains(&file), "the page loads {file}");
    }

    // Accept-Encoding decides; brotli wins a tie; q=0 refuses; `*` is anything unnamed.
    for (accept, sent) in [
        (Some("gzip, deflate, br"), Some("br")),
        (Some("gzip"), Some("gz")),
        (Some("br;q=0, gzip;q=0.5"), Some("gz")),
        (Some("br;q=0.1, gzip;q=0.9"), Some("gz")),
        (Some("*"), Some("br")),
        (Some("gzip;q=0, *"), Some("br")),
        (Some("identity"), None),
        (Some("br;q=0, gzip;q=0"), None),
        (Some("deflate"), None),
        (None, None),
    ] {
        let headers: Vec<(&str, &str)> =
            accept.map(|a| ("accept-encoding", a)).into_iter().collect();
        let got = get(&app, &js, &headers).await;
        assert_eq!(got.status, 200, "{accept:?}");
        let file = js.trim_start_matches('/');
        match sent {
            Some(copy) => {
                assert_eq!(got.body, format!("{file} {copy}"), "{accept:?}");
                let token = if copy == "br" { "br" } else { "gzip" };
                assert_eq!(got.header("content-encoding"), Some(token), "{accept:?}");
            }
            None => {
                assert_eq!(got.body, format!("{file} raw"), "{accept:?}");
                assert_eq!(got.header("content-encoding"), None, "{accept:?}");
            }
        }
        assert_eq!(got.header("vary"), Some("accept-encoding"));
        assert_eq!(
            got.header("content-type"),
            Some("text/javascript; charset=utf-8")
        );
        assert_eq!(
            got.header("cache-control"),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(got.header("etag"), None);
        assert_eq!(got.header("x-content-type-options"), Some("nosniff"));
    }

    let wasm = get(
        &app,
        &format!("/pkg/renqian-{HASH}_bg.wasm"),
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(wasm.header("content-encoding"), Some("br"));
    // Only a gzip copy of the stylesheet: a brotli-only client gets the file itself.
    let css = get(
        &app,
        &format!("/pkg/renqian-{HASH}.css"),
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(css.header("content-encoding"), None);
    assert_eq!(css.body, format!("pkg/renqian-{HASH}.css raw"));
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unhashed_files_are_revalidated_and_nothing_else_is_served() {
    let site = site_folder();
    let app = served(&site).await;

    // The favicon's name never changes: no-cache, with a tag per representation.
    let plain = get(&app, "/favicon.ico", &[]).await;
    let zipped = get(&app, "/favicon.ico", &[("accept-encoding", "gzip")]).await;
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header("cache-control"), Some("no-cache"));
    assert_eq!(plain.header("content-type"), Some("image/x-icon"));
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    assert_eq!(zipped.body, "favicon.ico gz");
    let (tag, zipped_tag) = (
        plain.header("etag").expect("etag").to_owned(),
        zipped.header("etag").expect("etag").to_owned(),
    );
    assert_ne!(tag, zipped_tag);
    let again = get(&app, "/favicon.ico", &[("if-none-match", &tag)]).await;
    assert_eq!((again.status, again.body.as_str()), (304, ""));
    assert_eq!(again.header("etag"), Some(tag.as_str()));
    // The other representation's tag does not match this one.
    let other = get(&app, "/favicon.ico", &[("if-none-match", &zipped_tag)]).await;
    assert_eq!(other.status, 200);
    let robots = get(&app, "/robots.txt", &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(robots.body, "robots.txt raw");
    assert_eq!(robots.header("vary"), None, "one representation only");
    assert_eq!(
        robots.header("content-type"),
        Some("text/plain; charset=utf-8")
    );

    // Unknown names, the compressed copies themselves, other builds' names and any way out of
    // the folder: the app's 404 page, never cached, never the secret.
    for path in [
        "/pkg/renqian-ffffffffffffffff.js".to_owned(),
        format!("/pkg/renqian-{HASH}.js.br"),
        "/pkg/renqian.js".to_owned(),
        "/pkg/".to_owned(),
        "/../secret.txt".to_owned(),
        "/pkg/../../secret.txt".to_owned(),
        "/pkg/..%2f..%2fsecret.txt".to_owned(),
        "/%2e%2e/secret.txt".to_owned(),
        "/pkg//renqian-0123456789abcdef.js".to_owned(),
        "/secret.txt".to_owned(),
    ] {
        let got = get(&app, &path, &[("accept", "text/html")]).await;
        assert_eq!(got.status, 404, "{path}");
        assert_eq!(got.header("cache-control"), Some("no-store"), "{path}");
        assert!(!got.body.contains("SECRET"), "{path}");
    }
}
