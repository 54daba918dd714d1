# Source this: `. scripts/env.sh`. The one build environment for every script.
# Debian's rustc-web/cargo-web 1.96 (/usr/bin) come before rustup's proxies, so the server,
# the wasm and clippy are all built by one compiler; npm's binaryen (wasm-opt 132) first.
_rq_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$_rq_root/end2end/node_modules/.bin:/usr/bin:$HOME/.cargo/bin:$PATH"
# -Zbuild-std on Debian's stable toolchain needs this; constant for every build (see .cargo/config.toml).
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$_rq_root/target}"
unset _rq_root
