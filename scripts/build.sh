#!/usr/bin/env bash
# Builds Renqian without cargo-leptos: the hydrate wasm, wasm-bindgen (+ wasm-opt for the
# optimized site) into $CARGO_TARGET_DIR/site, then the server.
#   scripts/build.sh                 debug wasm and server (what the tests use)
#   scripts/build.sh --release-site  the optimized, precompressed site; debug server (the demo)
#   scripts/build.sh --release       the optimized site inside a release server: one file
#                                    to deploy ($CARGO_TARGET_DIR/release/renqian)
# The wasm, its JavaScript and the stylesheet are named after a hash of their contents
# (pkg/renqian-<hash>.js, …_bg.wasm, ….css), so browsers may keep them (see server/src/web/site.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
NAME=renqian
SITE="$CARGO_TARGET_DIR/site"
case "${1:-}" in
  "") OPTIMIZE=no; SERVER=debug ;;
  --release-site) OPTIMIZE=yes; SERVER=debug ;;
  --release) OPTIMIZE=yes; SERVER=release ;;
  *) echo "usage: scripts/build.sh [--release-site | --release]" >&2; exit 2 ;;
esac
if [[ $OPTIMIZE == yes ]]; then WASM_PROFILE=wasm-release; WASM_DIR=wasm-release
else WASM_PROFILE=dev; WASM_DIR=debug; fi
# LEPTOS_OUTPUT_NAME must not be set at compile time (see shared/notes/toolchain.md):
# <HydrationScripts> then asks for wasm-bindgen's own file names.
unset LEPTOS_OUTPUT_NAME
WASM_RUSTFLAGS=()
if [[ $OPTIMIZE == yes ]]; then
  # The optimized wasm only (the debug wasm, clippy and the server keep their flags, so none of
  # them is rebuilt): a panic's location is not kept (no source paths in the wasm), and a
  # derived Debug prints only the type's name, not its fields. Hand-written Debug impls are
  # unchanged (fmt-debug=none would empty them too, TypeId's among them, which the router
  # formats into its branch names). Nothing the browser shows comes from Debug; only a panic's
  # console message says less. Saves 15 KB brotli (docs/operations.md, "The page's weight").
  # The std that rustup ships is precompiled and keeps its own; with -Zbuild-std (Debian's
  # toolchain) it is built with these flags too.
  WASM_RUSTFLAGS=(CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zlocation-detail=none -Zfmt-debug=shallow")
fi
env "${WASM_RUSTFLAGS[@]}" cargo build -p app --lib --features hydrate --no-default-features \
  --target wasm32-unknown-unknown "${RQ_WASM_FLAGS[@]}" --profile "$WASM_PROFILE"

rm -rf "$SITE"; mkdir -p "$SITE/pkg"
cp -r public/. "$SITE/"
cp style/main.css "$SITE/pkg/$NAME.css"
wasm-bindgen --target web --no-typescript --out-name "$NAME" --out-dir "$SITE/pkg" \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/$WASM_DIR/app.wasm"
if [[ $OPTIMIZE == yes ]]; then
  # Twice: the second pass still finds work the first left (8 KB less brotli); --converge
  # (repeat until nothing changes) saves 0.6 KB more in three times as long.
  for _ in 1 2; do
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      "$SITE/pkg/${NAME}_bg.wasm" -o "$SITE/pkg/${NAME}_bg.wasm"
  done
fi
hash=$(cat "$SITE/pkg/$NAME.js" "$SITE/pkg/${NAME}_bg.wasm" "$SITE/pkg/$NAME.css" | sha256sum | cut -c1-16)
mv "$SITE/pkg/$NAME.js" "$SITE/pkg/$NAME-$hash.js"
mv "$SITE/pkg/${NAME}_bg.wasm" "$SITE/pkg/$NAME-${hash}_bg.wasm"
mv "$SITE/pkg/$NAME.css" "$SITE/pkg/$NAME-$hash.css"
if [[ $OPTIMIZE == yes ]]; then
  # Brotli (quality 11) and gzip (level 9) copies beside each file, made once here so the
  # server never compresses: Node's zlib, already needed for Playwright and wasm-opt.
  find "$SITE" -type f | node scripts/precompress.mjs
fi

if [[ $SERVER == release ]]; then
  # The site goes inside the binary (server/build.rs); -p server alone, since its feature
  # set differs from the tests' anyway.
  # RENQIAN_SERVER_TARGET cross-builds it (scripts/package.sh; the site is the same wasm).
  RENQIAN_EMBED_SITE="$SITE" cargo build -p server --bin renqian --release --features embed-site \
    ${RENQIAN_SERVER_TARGET:+--target "$RENQIAN_SERVER_TARGET"}
else
  # --workspace, as the tests select it: the same features, so after `scripts/test.sh`'s test
  # builds the server is not compiled again (`-p server` leaves out app's default feature and
  # the tests' dependencies, and rebuilds app and server with other features).
  cargo build --workspace --bin renqian
fi
echo "built: $SITE/pkg ($(du -sh "$SITE/pkg" | cut -f1)), server: $SERVER"
