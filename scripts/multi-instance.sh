#!/usr/bin/env bash
# Several instances on one PostgreSQL, proven (issue 21 §4): two `renqian serve` processes
# behind HAProxy on one fresh database; one is killed with SIGKILL while candidates save.
# See tests/examples/multi_instance.rs for what it asserts. Arguments: [candidates] [seconds].
# Prints SKIPPED (and succeeds) when no PostgreSQL listens at RENQIAN_TEST_POSTGRES_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
PG_URL="${RENQIAN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
pg_hostport="${PG_URL#*@}"; pg_hostport="${pg_hostport%%/*}"
if ! (exec 3<>"/dev/tcp/${pg_hostport%%:*}/${pg_hostport##*:}") 2>/dev/null; then
  echo "SKIPPED: several instances on PostgreSQL: nothing listens on $pg_hostport (set RENQIAN_TEST_POSTGRES_URL)"
  exit 0
fi
command -v haproxy >/dev/null || { echo "multi-instance: haproxy is missing (scripts/setup.sh installs it)" >&2; exit 1; }
# The same feature selection as scripts/build.sh and the test steps, so nothing is rebuilt.
cargo build --workspace --bin renqian --example multi_instance
RENQIAN_TEST_BACKEND=postgres RENQIAN_TEST_POSTGRES_URL="$PG_URL" \
  timeout --kill-after=10s 5m "$CARGO_TARGET_DIR/debug/examples/multi_instance" "$@"
