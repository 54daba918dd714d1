//! With the `embed-site` feature, puts the built site into the binary: every file under
//! `RENQIAN_EMBED_SITE` (default: the workspace's `target/site`), each by `include_bytes!`,
//! for `web::site::Site::embedded`. The site must be the release build's (`scripts/build.sh
//! --release`): its hashed names and precompressed copies are checked here, so a binary
//! never ships a site that would be served uncompressed or uncached.
//! Without the feature (every debug build and test) this does nothing.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RENQIAN_EMBED_SITE");
    if std::env::var_os("CARGO_FEATURE_EMBED_SITE").is_none() {
        return;
    }
    let root = match std::env::var_os("RENQIAN_EMBED_SITE") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site"),
    };
    let root = root
        .canonicalize()
        .unwrap_or_else(|e| fail(&format!("the site folder {}: {e}", root.display())));
    let mut files = Vec::new();
    collect(&root, "", &mut files);
    files.sort();
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let js: Vec<&&str> = names
        .iter()
        .filter(|n| n.starts_with("pkg/renqian-") && n.ends_with(".js"))
        .collect();
    let [js] = js.as_slice() else {
        fail(&format!(
            "{} holds no single hashed pkg/renqian-<hash>.js (found {js:?})",
            root.display()
        ));
    };
    let stem = js.trim_end_matches(".js");
    for needed in [
        format!("{stem}.js"),
        format!("{stem}_bg.wasm"),
        format!("{stem}.css"),
    ] {
        for name in [
            needed.clone(),
            format!("{needed}.br"),
            format!("{needed}.gz"),
        ] {
            if !names.contains(&name.as_str()) {
                fail(&format!("{} lacks {name}", root.display()));
            }
        }
    }
    println!("cargo:rerun-if-changed={}", root.display());
    let mut code = String::from("pub static SITE: &[(&str, &[u8])] = &[\n");
    for (name, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!(
            "    ({name:?}, include_bytes!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("site.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| fail(&format!("{}: {e}", out.display())));
}

fn collect(dir: &Path, prefix: &str, files: &mut Vec<(String, PathBuf)>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())));
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, &format!("{prefix}{name}/"), files);
        } else {
            files.push((format!("{prefix}{name}"), path));
        }
    }
}

fn fail(message: &str) -> ! {
    eprintln!(
        "embed-site: {message}\nBuild the release site first (scripts/build.sh --release, or \
         scripts/package.sh), or point RENQIAN_EMBED_SITE at it."
    );
    std::process::exit(1)
}
