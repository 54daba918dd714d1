#!/usr/bin/env bash
# The exam page's weight and its time to interactive, as markdown table rows. Run by hand
# (scripts/bench.sh appends its output); never part of the test command.
#   scripts/bench-page.sh [--build] [--runs N] [--mbit M]
# Measures the optimized site ($CARGO_TARGET_DIR/site, built by `scripts/build.sh
# --release-site`; built here when it is missing or with --build) served by the server the
# demo uses ($CARGO_TARGET_DIR/debug/renqian, or RENQIAN_BIN) with a fresh demo database on a
# free port (RENQIAN_SITE names another site folder, e.g. to compare two builds):
#  - the bytes of the wasm, its JavaScript and the stylesheet as the server sends them:
#    identity, gzip and brotli (asked for with Accept-Encoding, counted by curl);
#  - the exam page's time to interactive in headless Chromium for the demo's first candidate,
#    median of N cold loads (new browser context, cache off), on loopback and with Chromium's
#    network throttled to M Mbit/s both ways and 5 ms latency (end2end/bench/page-timing.mjs
#    says what "interactive" is and prints where the time went).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
RUNS=5 MBIT=20 BUILD=no
while (($#)); do
  case "$1" in
    --build) BUILD=yes; shift ;;
    --runs) RUNS="$2"; shift 2 ;;
    --mbit) MBIT="$2"; shift 2 ;;
    *) echo "usage: scripts/bench-page.sh [--build] [--runs N] [--mbit M]" >&2; exit 2 ;;
  esac
done
SITE="${RENQIAN_SITE:-$CARGO_TARGET_DIR/site}"
BIN="${RENQIAN_BIN:-$CARGO_TARGET_DIR/debug/renqian}"
if [[ $BUILD == yes || ! -x $BIN ]] || ! compgen -G "$SITE/pkg/*_bg.wasm.br" >/dev/null; then
  scripts/build.sh --release-site >&2
fi

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
# Port 0: the system picks a free port; the demo prints the address it really listens on.
DATABASE_URL="sqlite://$WORK/demo.db" "$BIN" serve --demo --addr 127.0.0.1:0 --site-root "$SITE" \
  >"$WORK/out" 2>"$WORK/err" &
SERVER_PID=$!
for _ in $(seq 600); do
  grep -qE '^={20,}$' "$WORK/out" && break  # the last line of the demo's logins
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/err" >&2; exit 1; }
  sleep 0.2
done
BASE=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$WORK/out" | head -1)
# The first candidate of the sitting open now: "  王建国 准考证号 <ticket>  访问码 <code>".
read -r TICKET CODE < <(sed -n '/\/exam\/login$/{n;p;q}' "$WORK/out" | awk '{ print $3, $5 }')
[[ -n $BASE && -n $TICKET && -n $CODE ]] || { echo "bench-page: no demo login in the server's output" >&2; cat "$WORK/out" >&2; exit 1; }
curl -fsS "$BASE/healthz" >/dev/null

# The page's own names for its files, from the exam login page's HTML.
html=$(curl -fsS "$BASE/exam/login")
asset() { grep -o "/pkg/[^\"']*$1" <<<"$html" | head -1; }
served() { curl -fsS -o /dev/null -H "Accept-Encoding: $2" -w '%{size_download}' "$BASE$1"; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }
total_gz=0 total_br=0
for kind in wasm JS CSS; do
  case $kind in wasm) path=$(asset _bg.wasm) ;; JS) path=$(asset .js) ;; CSS) path=$(asset .css) ;; esac
  [[ -n $path ]] || { echo "bench-page: the page links no $kind file" >&2; exit 1; }
  raw=$(served "$path" identity); gz=$(served "$path" gzip); br=$(served "$path" br)
  total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  echo "| exam page: $kind raw / gzip / br | $(kb "$raw") / $(kb "$gz") / $(kb "$br") |"
done
echo "| exam page: wasm + JS + CSS as sent, gzip / br | $(kb "$total_gz") / $(kb "$total_br") |"
node end2end/bench/page-timing.mjs --base "$BASE" --ticket "$TICKET" --code "$CODE" --runs "$RUNS" --mbit "$MBIT"
