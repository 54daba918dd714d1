#!/usr/bin/env bash
# Installs what this machine lacks for building and testing Renqian, and nothing twice:
# a wasm32 standard library (rustup's target where it can be downloaded; otherwise Debian's
# rustc-web + rust-web-src, built from source with -Zbuild-std), clippy and rustfmt for that
# toolchain, lld, wasm-bindgen-cli at exactly Cargo.lock's version, leptosfmt at a pinned
# version, Chromium and CJK fonts for the browser tests, HAProxy for the several-instances
# check, and the end2end npm packages (Playwright runner, binaryen).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# 1. The wasm32 standard library: prefer rustup's prebuilt target; fall back to Debian's.
if ! command -v rustup >/dev/null || ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  if ! dpkg -s rust-web-src >/dev/null 2>&1 && command -v rustup >/dev/null \
     && timeout 120 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
    echo "setup: using rustup's wasm32-unknown-unknown target"
  else
    # Debian 1.96 for both halves; -Zbuild-std builds the wasm32 std from rust-web-src.
    apt_install rustc-web cargo-web rust-web-src rust-web-clippy rustfmt-web lld-22
  fi
fi
# 2. Browser tests: Debian's Chromium (Playwright cannot download a browser here) and fonts
#    so Chinese renders in screenshots. The several-instances check: HAProxy as the load
#    balancer (started by the check itself as a foreground process, on a free port).
apt_install chromium fonts-noto-cjk haproxy

. scripts/env.sh
# 3. wasm-bindgen-cli at exactly the version Cargo.lock pins for the wasm-bindgen library.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print }' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]]; then
  echo "setup: installing wasm-bindgen-cli $want (a few minutes)"
  # No --locked: its lockfile pins a crate version this registry mirror does not carry.
  cargo install wasm-bindgen-cli --version "$want"
fi
# 4. leptosfmt, the formatter for `view!` (rustfmt leaves macro bodies alone), at a pinned
#    version: test.sh checks with it, and another version could format differently.
#    0.1.33 reads Leptos 0.8's view syntax (attr:, on:, let:, bind:, {..} spreads).
leptosfmt_version=0.1.33
if [[ "$(leptosfmt --version 2>/dev/null)" != "leptosfmt $leptosfmt_version" ]]; then
  echo "setup: installing leptosfmt $leptosfmt_version (a few minutes)"
  cargo install leptosfmt --version "$leptosfmt_version" --locked
fi
# 5. Playwright runner and npm's binaryen (Debian's wasm-opt 108 breaks wasm-bindgen output).
if [[ ! -f end2end/node_modules/.package-lock.json || end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]]; then
  (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "setup: ready ($(cargo --version), wasm mode: $RQ_WASM_MODE)"
