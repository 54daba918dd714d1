#!/usr/bin/env bash
# Candidates' save latency (p50/p95/p99) with and without backups running, on a fresh
# database: see tests/examples/backup_load.rs. A benchmark to rerun, not a test.
#   scripts/bench-backup.sh [candidates=100] [seconds=20] [think=1] [sqlite|postgres]
# The debug binary it builds, or RENQIAN_BIN (e.g. "$CARGO_TARGET_DIR/release/renqian").
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
backend="${4:-sqlite}"
cargo build --workspace --bin renqian --example backup_load
RENQIAN_TEST_BACKEND="$backend" "$CARGO_TARGET_DIR/debug/examples/backup_load" "${1:-100}" "${2:-20}" "${3:-1}"
