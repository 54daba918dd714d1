//! The built site (the wasm, its JavaScript, the stylesheet, the favicon), loaded once at
//! start-up and served from memory: from the binary itself when it was built with the
//! `embed-site` feature (`scripts/package.sh`), otherwise from the site folder
//! (`--site-root`). Both go through [`Site::from_files`] and [`Site::respond`]: one way to
//! serve, whichever the source.
//!
//! The release build (`scripts/build.sh --release`) writes a brotli (`.br`) and a gzip
//! (`.gz`) copy beside each file; the request's `Accept-Encoding` picks one, the file itself
//! otherwise. Nothing is compressed while serving. `scripts/build.sh` names the wasm, its
//! JavaScript and the stylesheet after a hash of their contents (`pkg/renqian-<hash>.js`,
//! `…_bg.wasm`, `….css`): browsers may keep those for a year, since a new build has new
//! names. Everything else (the favicon, robots.txt) is revalidated on each use (`no-cache`
//! with an ETag).
//!
//! Only the files loaded here are served, looked up by their exact path: no request path
//! ever reaches the file system.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use sha2::{Digest, Sha256};

/// The name the build gives the wasm's JavaScript and the stylesheet (the wasm adds `_bg`);
/// `scripts/build.sh` appends `-<hash>`.
pub const OUTPUT_NAME: &str = "renqian";

/// How long a browser may keep a file whose name carries its content hash.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A compressed copy's encoding, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    const ALL: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];

    /// The `Content-Encoding` token.
    fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }

    /// The suffix of the precompressed copy's file name.
    fn suffix(self) -> &'static str {
        match self {
            Encoding::Brotli => ".br",
            Encoding::Gzip => ".gz",
        }
    }
}

/// One file of the site, with its precompressed copies.
struct Asset {
    content_type: &'static str,
    identity: Bytes,
    compressed: Vec<(Encoding, Bytes)>,
    /// For files whose name carries no content hash: the tag a browser revalidates with.
    etag: Option<String>,
}

/// The site's files by path (without the leading `/`).
#[derive(Clone)]
pub struct Site {
    files: Arc<HashMap<String, Asset>>,
    output_name: String,
}

/// The files `build.rs` put into the binary: `SITE`, (path, content) pairs.
#[cfg(feature = "embed-site")]
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/site.rs"));
}

/// Marks a response as one of the site's files: the security-header layer leaves its
/// caching headers alone (every other response is `no-store`).
#[derive(Clone, Copy, Debug)]
pub struct SiteFile;

impl Site {
    /// The site made of `files` (path relative to the site root with `/` separators, and
    /// content). A `.br` or `.gz` file is the compressed copy of the file without the suffix.
    pub fn from_files(files: impl IntoIterator<Item = (String, Bytes)>) -> Self {
        let mut plain = HashMap::new();
        let mut copies = Vec::new();
        for (path, bytes) in files {
            match Encoding::ALL
                .into_iter()
                .find_map(|e| Some((e, path.strip_suffix(e.suffix())?.to_owned())))
            {
                Some((encoding, original)) => copies.push((original, encoding, bytes)),
                None => {
                    plain.insert(path, bytes);
                }
            }
        }
        // The hashed name the build gave the JavaScript, if it did (a site built otherwise,
        // e.g. by cargo-leptos, keeps the plain name and nothing is immutable).
        let output_name = plain
            .keys()
            .filter_map(|path| path.strip_prefix("pkg/")?.strip_suffix(".js"))
            .filter(|name| is_hashed(name))
            .max()
            .unwrap_or(OUTPUT_NAME)
            .to_owned();
        let hashed_prefix = format!("pkg/{output_name}");
        let mut files: HashMap<String, Asset> = plain
            .into_iter()
            .map(|(path, identity)| {
                let hashed = is_hashed(&output_name) && path.starts_with(&hashed_prefix);
                let asset = Asset {
                    content_type: content_type(&path),
                    etag: (!hashed).then(|| etag(&identity)),
                    identity,
                    compressed: Vec::new(),
                };
                (path, asset)
            })
            .collect();
        for (original, encoding, bytes) in copies {
            if let Some(asset) = files.get_mut(&original) {
                asset.compressed.push((encoding, bytes));
            }
        }
        for asset in files.values_mut() {
            asset
                .compressed
                .sort_by_key(|(e, _)| Encoding::ALL.iter().position(|x| x == e));
        }
        Site {
            files: Arc::new(files),
            output_name,
        }
    }

    /// The site folder's files; an absent folder is an empty site (the pages still render,
    /// without their script and style), as for the tests' servers.
    pub fn from_dir(root: &Path) -> std::io::Result<Self> {
        let mut files = Vec::new();
        if root.is_dir() {
            collect(root, "", &mut files)?;
        } else {
            tracing::warn!(root = %root.display(), "no site folder: pages are served without script and style");
        }
        Ok(Site::from_files(files))
    }

    /// The site this binary carries (built with `--features embed-site`).
    #[cfg(feature = "embed-site")]
    pub fn embedded() -> Self {
        Site::from_files(
            embedded::SITE
                .iter()
                .map(|(path, bytes)| ((*path).to_owned(), Bytes::from_static(bytes))),
        )
    }

    /// The site of this process: the one inside the binary if it carries one, else the
    /// folder's.
    pub fn load(root: &Path) -> std::io::Result<Self> {
        #[cfg(feature = "embed-site")]
        {
            let _ = root;
            Ok(Site::embedded())
        }
        #[cfg(not(feature = "embed-site"))]
        Site::from_dir(root)
    }

    /// The name the pages load the wasm, its JavaScript and the stylesheet by (Leptos's
    /// `output_name`): `renqian-<hash>`, or `renqian` for a site built without hashes.
    pub fn output_name(&self) -> &str {
        &self.output_name
    }

    /// How many files (not counting compressed copies), and how many have copies.
    pub fn counts(&self) -> (usize, usize) {
        let compressed = self
            .files
            .values()
            .filter(|a| !a.compressed.is_empty())
            .count();
        (self.files.len(), compressed)
    }

    /// The response for a GET or HEAD of one of the site's files; `None` for any other
    /// request, which is not the site's to answer.
    pub fn respond(&self, method: &Method, path: &str, headers: &HeaderMap) -> Option<Response> {
        if method != Method::GET && method != Method::HEAD {
            return None;
        }
        let asset = self.files.get(path.strip_prefix('/')?)?;
        let chosen = negotiate(headers, &asset.compressed);
        let (body, encoding) = match chosen {
            Some((encoding, bytes)) => (bytes.clone(), Some(*encoding)),
            None => (asset.identity.clone(), None),
        };
        let etag = asset.etag.as_ref().map(|tag| match encoding {
            Some(e) => format!("\"{tag}-{}\"", e.token()),
            None => format!("\"{tag}\""),
        });
        let fresh = etag.as_ref().is_some_and(|tag| matches_etag(headers, tag));
        let mut response = if fresh {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::NOT_MODIFIED;
            r
        } else {
            let mut r = Response::new(Body::from(body));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            );
            if let Some(e) = encoding {
                r.headers_mut().insert(
                    header::CONTENT_ENCODING,
                    HeaderValue::from_static(e.token()),
                );
            }
            r
        };
        let out = response.headers_mut();
        if !asset.compressed.is_empty() {
            out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        match etag.and_then(|tag| HeaderValue::from_str(&tag).ok()) {
            Some(tag) => {
                out.insert(header::ETAG, tag);
                out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            }
            None => {
                out.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
            }
        }
        response.extensions_mut().insert(SiteFile);
        Some(response)
    }
}

/// Whether an output name carries the build's hash (`renqian-` and 16 hex digits).
fn is_hashed(name: &str) -> bool {
    name.strip_prefix(OUTPUT_NAME)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Reads every file under `dir` into `files`, named by its path below the root.
fn collect(dir: &Path, prefix: &str, files: &mut Vec<(String, Bytes)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let path = format!("{prefix}{name}");
        if entry.file_type()?.is_dir() {
            collect(&entry.path(), &format!("{path}/"), files)?;
        } else {
            files.push((path, Bytes::from(std::fs::read(entry.path())?)));
        }
    }
    Ok(())
}

/// The compressed copy the request accepts with the highest weight (brotli on a tie), or
/// `None` for the file itself. `Accept-Encoding: br;q=0` refuses brotli; `*` stands for
/// any encoding the header does not name.
fn negotiate<'a>(
    headers: &HeaderMap,
    copies: &'a [(Encoding, Bytes)],
) -> Option<&'a (Encoding, Bytes)> {
    let weights: Vec<(String, f32)> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';');
            let token = parts.next()?.trim().to_ascii_lowercase();
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!token.is_empty()).then_some((token, weight))
        })
        .collect();
    let weight_of = |token: &str| {
        weights
            .iter()
            .find(|(t, _)| t == token)
            .or_else(|| weights.iter().find(|(t, _)| t == "*"))
            .map_or(0.0, |(_, q)| *q)
    };
    let mut best: Option<(&'a (Encoding, Bytes), f32)> = None;
    for copy in copies {
        let weight = weight_of(copy.0.token());
        if weight > 0.0 && best.is_none_or(|(_, w)| weight > w) {
            best = Some((copy, weight));
        }
    }
    best.map(|(copy, _)| copy)
}

/// Whether the request's `If-None-Match` names `tag` (or `*`).
fn matches_etag(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == tag || t == "*")
}

/// A tag for a file's content: the first 16 hex digits of its SHA-256.
fn etag(content: &[u8]) -> String {
    Sha256::digest(content)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The media type, by extension, of the kinds of files a site holds.
fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "ico" => "image/x-icon",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}
