#!/usr/bin/env bash
# Builds Renqian without cargo-leptos: the server (ssr) and the hydrate wasm, then
# wasm-bindgen (+ wasm-opt for --release) into target/site.
# Usage: scripts/build.sh [--release]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
NAME=renqian
SITE="$CARGO_TARGET_DIR/site"
if [[ "${1:-}" == "--release" ]]; then
  WASM_PROFILE=wasm-release; WASM_DIR=wasm-release; SERVER_FLAGS=(--release)
else
  WASM_PROFILE=dev; WASM_DIR=debug; SERVER_FLAGS=()
fi
# LEPTOS_OUTPUT_NAME must not be set at compile time (see shared/notes/toolchain.md):
# <HydrationScripts> then asks for wasm-bindgen's own file names.
unset LEPTOS_OUTPUT_NAME
cargo build -p app --lib --features hydrate --no-default-features \
  --target wasm32-unknown-unknown "${RQ_WASM_FLAGS[@]}" --profile "$WASM_PROFILE"
# --workspace, as the tests select it: the same features, so after `scripts/test.sh`'s test
# builds the server is not compiled again (`-p server` leaves out app's default feature and
# the tests' dependencies, and rebuilds app and server with other features).
cargo build --workspace --bin renqian "${SERVER_FLAGS[@]}"

rm -rf "$SITE"; mkdir -p "$SITE/pkg"
cp -r public/. "$SITE/"
cp style/main.css "$SITE/pkg/$NAME.css"
wasm-bindgen --target web --out-name "$NAME" --out-dir "$SITE/pkg" \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/$WASM_DIR/app.wasm"
if [[ $WASM_PROFILE != dev ]]; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$SITE/pkg/${NAME}_bg.wasm" -o "$SITE/pkg/${NAME}_bg.wasm"
fi
echo "built: $SITE/pkg ($(du -sh "$SITE/pkg" | cut -f1))"
