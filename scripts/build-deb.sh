#!/usr/bin/env bash
# Builds the Debian package with cargo-deb (metadata in Cargo.toml, [package.metadata.deb]):
# /usr/bin/gongwen, the README, depending on the font packages the PDF falls back on. With
# --install it also installs it (dpkg -i, then apt-get -f for any missing dependency).
# `scripts/setup.sh deb` installs cargo-deb. It prints the .deb's path (tests/deb.rs calls it,
# a no-op but for the packing once built).
# GONGWEN_PROFILE chooses the Cargo profile of the packaged binary: release (the default, what
# is handed out) or dev (what `.ci/run` installs and tests: the very binary `cargo test` builds,
# so the package costs no second build of the whole tree).
#   scripts/build-deb.sh [--install]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${GONGWEN_PROFILE:-release}
case "$profile" in
  release | dev) ;;
  *) echo "build-deb: GONGWEN_PROFILE must be release or dev, not '$profile'" >&2; exit 2 ;;
esac
scripts/setup.sh deb
deb=$(cargo deb --locked --quiet --profile "$profile" --output target/debian/ 2>/dev/null | tail -n 1)
if [ ! -f "$deb" ]; then
  # Say why, with cargo-deb's own messages.
  cargo deb --locked --profile "$profile" --output target/debian/ >&2
  exit 1
fi
if [ "${1:-}" = --install ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! $sudo dpkg -i "$deb" >&2; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -f -y -qq >&2
  fi
fi
case "$deb" in /*) echo "$deb" ;; *) echo "$PWD/$deb" ;; esac
