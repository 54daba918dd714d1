#!/usr/bin/env bash
# Started by Playwright (end2end/playwright.config.ts): a fresh SQLite database, one
# administrator and one grader whose password the test run generated, and the server on E2E_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
DB_DIR="$CARGO_TARGET_DIR/e2e"
mkdir -p "$DB_DIR"; rm -f "$DB_DIR"/renqian.db*
export DATABASE_URL="sqlite://$DB_DIR/renqian.db"
BIN="$CARGO_TARGET_DIR/debug/renqian"
"$BIN" migrate
printf '%s\n' "$E2E_ADMIN_PASSWORD" | "$BIN" create-admin --username e2e-admin --name "测试管理员" \
  --jurisdiction-code E2E --jurisdiction-name "测试市人大常委会" --password-stdin
# A grader, for the blind-marking test.
printf '%s\n' "$E2E_ADMIN_PASSWORD" | "$BIN" create-admin --role grader --username e2e-grader --name "测试阅卷人" \
  --jurisdiction-code E2E --jurisdiction-name "测试市人大常委会" --password-stdin
exec "$BIN" serve --addr "127.0.0.1:${E2E_PORT:-3100}" --site-root "$CARGO_TARGET_DIR/site"
