#!/usr/bin/env bash
# Sets up, builds and runs Renqian with a freshly seeded demo on SQLite at
# http://127.0.0.1:3000 (or RENQIAN_ADDR). The demo logins (random each time) are printed once at start-up,
# with links to the address the server really listens on.
# The browser gets what users get: the optimized wasm, brotli/gzip precompressed, cached by
# hashed name. The server stays a debug build, the one the tests use: a newcomer's first run
# builds it once for both (a release server would be another full build of the dependencies;
# timings in docs/operations.md, "Packaging").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh --release-site
. scripts/env.sh
mkdir -p "$CARGO_TARGET_DIR/demo"
rm -f "$CARGO_TARGET_DIR/demo/renqian-demo.db"*
export DATABASE_URL="sqlite://$CARGO_TARGET_DIR/demo/renqian-demo.db"
exec "$CARGO_TARGET_DIR/debug/renqian" serve --demo --addr "${RENQIAN_ADDR:-127.0.0.1:3000}" --site-root "$CARGO_TARGET_DIR/site"
