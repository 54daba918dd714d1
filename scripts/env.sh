# Source this: `. scripts/env.sh`. The one build environment for every script.
_rq_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  # rustup has a prebuilt wasm32 std: use its toolchain for both halves.
  export RQ_WASM_MODE=rustup
  export PATH="$_rq_root/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
  RQ_WASM_FLAGS=()
else
  # Debian's rustc-web/cargo-web (/usr/bin) before rustup's proxies, so the server, the wasm
  # and clippy share one compiler; the wasm std is built from source.
  export RQ_WASM_MODE=debian
  export PATH="$_rq_root/end2end/node_modules/.bin:/usr/bin:$HOME/.cargo/bin:$PATH"
  RQ_WASM_FLAGS=(-Zbuild-std=std,panic_abort)
fi
# -Zbuild-std on a stable toolchain needs this; it is kept constant for every build (see
# .cargo/config.toml), since changing it rebuilds most of the dependency tree.
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$_rq_root/target}"
unset _rq_root
