#!/usr/bin/env bash
# Builds the release archive: dist/renqian-<version>-<arch>-linux.tar.gz with the release
# binary (the optimized, precompressed site inside it), the README, the operations guide and
# docs/deploy (systemd unit, nginx example, example settings). Prints what it made.
#   scripts/package.sh                                          x86_64 (this machine)
#   RENQIAN_SERVER_TARGET=aarch64-unknown-linux-gnu scripts/package.sh   for ARM servers
#     (a cross linker and C compiler are needed: docs/operations.md, "Packaging")
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
scripts/setup.sh
scripts/build.sh --release
. scripts/env.sh
version=$(awk -F'"' '/^\[workspace.package\]/ { p = 1 } p && /^version/ { print $2; exit }' Cargo.toml)
target="${RENQIAN_SERVER_TARGET:-}"
if [[ -n $target ]]; then
  binary="$CARGO_TARGET_DIR/$target/release/renqian"; arch="${target%%-*}"
else
  binary="$CARGO_TARGET_DIR/release/renqian"; arch="$(uname -m)"
fi
name="renqian-$version-$arch-linux"
stage="$CARGO_TARGET_DIR/package/$name"
rm -rf "$stage"; mkdir -p "$stage/docs/deploy" dist
cp "$binary" "$stage/renqian"
cp README.md "$stage/"
cp docs/operations.md "$stage/docs/"
cp docs/deploy/* "$stage/docs/deploy/"
tar -C "$(dirname "$stage")" --owner=0 --group=0 -czf "dist/$name.tar.gz" "$name"
(cd dist && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
size() { du -h "$1" | cut -f1; }
echo "binary:  $(size "$binary") ($(stat -c %s "$binary") bytes), site inside"
echo "archive: dist/$name.tar.gz $(size "dist/$name.tar.gz") ($(stat -c %s "dist/$name.tar.gz") bytes)"
echo "sha256:  $(cut -d' ' -f1 "dist/$name.tar.gz.sha256")"
echo "took:    $((SECONDS - started)) s"
