#!/usr/bin/env bash
# Every check and test: formatting (rustfmt, and leptosfmt for views), clippy (ssr and hydrate builds, warnings are errors),
# unit tests, the integration suite on SQLite and on PostgreSQL, and the browser suite.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
step() { printf '\n==> %s (%ds)\n' "$1" $((SECONDS - started)); }
# Compile first, then run under a time limit: a test that hangs fails the run in minutes
# instead of using up the CI budget (timeout signals the whole process group).
run_tests() { cargo test "$@" --no-run; timeout --kill-after=30s 15m cargo test "$@"; }

step "setup"
scripts/setup.sh
. scripts/env.sh
df -h "$(dirname "$CARGO_TARGET_DIR")" | tail -1 | awk '{ print "disk: " $4 " free of " $2 }'

step "cargo fmt --check"
cargo fmt --all --check
# rustfmt leaves the bodies of `view!` macros alone; leptosfmt formats them (leptosfmt.toml).
step "leptosfmt --check (the view! macros)"
leptosfmt --check --quiet app/src

step "clippy (ssr: server, app, domain, tests)"
cargo clippy --workspace --all-targets -- -D warnings
step "clippy (hydrate: the browser build)"
cargo clippy -p app --lib --no-default-features --features hydrate --target wasm32-unknown-unknown "${RQ_WASM_FLAGS[@]}" -- -D warnings

# Both test steps select the whole workspace, so cargo resolves features once and builds
# the server once (`-p tests` alone would build much of the tree a second time).
step "unit tests and the integration suite on SQLite"
RENQIAN_TEST_BACKEND=sqlite run_tests --workspace --lib --bins --tests

PG_URL="${RENQIAN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
pg_hostport="${PG_URL#*@}"; pg_hostport="${pg_hostport%%/*}"
if (exec 3<>"/dev/tcp/${pg_hostport%%:*}/${pg_hostport##*:}") 2>/dev/null; then
  step "integration tests on PostgreSQL ($pg_hostport)"
  if command -v psql >/dev/null; then
    # Drop databases left by earlier runs of this suite (each test creates its own).
    psql "$PG_URL" -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 'rq\_test\_%'" \
      | while read -r db; do psql "$PG_URL" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null; done
  fi
  RENQIAN_TEST_BACKEND=postgres RENQIAN_TEST_POSTGRES_URL="$PG_URL" run_tests --workspace --test integration
else
  echo "SKIPPED: integration tests on PostgreSQL: nothing listens on $pg_hostport (set RENQIAN_TEST_POSTGRES_URL)"
fi

step "build the site (server + hydrate wasm)"
scripts/build.sh

# After the build: it runs the binary just built (and prints SKIPPED without PostgreSQL).
step "several instances on one PostgreSQL behind HAProxy"
scripts/multi-instance.sh

step "end-to-end tests in Chromium (hydrated and JavaScript off)"
(cd end2end && npx playwright test)

step "all checks passed"
