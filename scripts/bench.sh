#!/usr/bin/env bash
# Issue 20's benchmark, run by hand (never by scripts/test.sh): the load tool
# (tests/examples/load.rs) against a release server on SQLite and on PostgreSQL, printed as
# one markdown table; then a table of the rows of scripts/bench-page.sh (the page).
#   scripts/bench.sh [candidates=2000] [seconds=30] [think=2]
# PostgreSQL: RENQIAN_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test);
# its column says "not run" when nothing listens there. Each run's full output is kept in
# $CARGO_TARGET_DIR/bench-<backend>.log. A run takes about 4 minutes a backend plus the
# enrolment (one access-code hash a candidate).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
candidates="${1:-2000}"; seconds="${2:-30}"; think="${3:-2}"

# The load tool calls the API only: a release server without the site is enough.
cargo build --release -p server -p tests --bin renqian --example load --example hash_cost
export RENQIAN_BIN="$CARGO_TARGET_DIR/release/renqian"
PG_URL="${RENQIAN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
pg_hostport="${PG_URL#*@}"; pg_hostport="${pg_hostport%%/*}"

declare -A R
for pair in $("$CARGO_TARGET_DIR/release/examples/hash_cost" | grep '^RESULT ' | cut -d' ' -f2-); do
  R[hash.${pair%%=*}]="${pair#*=}"
done
backends=(sqlite postgres)
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for backend in "${backends[@]}"; do
  if [[ $backend == postgres ]] && ! (exec 3<>"/dev/tcp/${pg_hostport%%:*}/${pg_hostport##*:}") 2>/dev/null; then
    echo "PostgreSQL: nothing listens on $pg_hostport; not run" >&2
    continue
  fi
  log="$CARGO_TARGET_DIR/bench-$backend.log"
  RENQIAN_TEST_BACKEND=$backend RENQIAN_TEST_POSTGRES_URL="$PG_URL" \
    "$CARGO_TARGET_DIR/release/examples/load" "$candidates" "$seconds" "$think" | tee "$log" >&2 \
    || echo "the load tool failed on $backend: see $log" >&2
  for pair in $(grep '^RESULT ' "$log" | tail -1 | cut -d' ' -f2-); do
    R[$backend.${pair%%=*}]="${pair#*=}"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# ms as "123.4 ms", or "1.23 s" from a second on.
t() { awk -v ms="$1" 'BEGIN { if (ms >= 1000) printf "%.2f s", ms / 1000; else printf "%.1f ms", ms }'; }
cell() { # backend row
  local b=$1
  if [[ -z "${R[$b.backend]:-}" ]]; then echo "not run"; return; fi
  case $2 in
    start) echo "p99 $(t "${R[$b.start_p99_ms]}"), ${R[$b.started]} of ${R[$b.candidates]} started" ;;
    saves) echo "p99 $(t "${R[$b.saves_p99_ms]}"), ${R[$b.saves_shed]} shed" ;;
    bare) echo "p99 $(t "${R[$b.bare_p99_ms]}")" ;;
    deadline) echo "${R[$b.finalized_once]} of ${R[$b.started]} finalized exactly once; ${R[$b.acknowledged]} hand-ins acknowledged, p99 $(t "${R[$b.handin_p99_ms]}")" ;;
    ratio) echo "${R[$b.ratio]}" ;;
  esac
}
row() { echo "| $1 | $(cell sqlite "$2") | $(cell postgres "$2") |"; }
echo
echo "| $candidates candidates, saves every $think s | SQLite | PostgreSQL |"
echo "| --- | --- | --- |"
row "start storm, everyone logs in and starts at once" start
row "paced saves" saves
row "bare upsert, same pace" bare
row "deadline storm (shed hand-ins retried; 1 in 10 never hands in)" deadline
row "app save path vs a bare upsert, flat out (throughput ratio)" ratio
echo "| one login's hash check, p50: access code; staff password | $(t "${R[hash.code_p50_ms]}"); $(t "${R[hash.staff_p50_ms]}") | (the same code) |"
if [[ -x scripts/bench-page.sh ]]; then
  echo
  echo "| the exam page (optimized site) | |"
  echo "| --- | --- |"
  scripts/bench-page.sh
fi
