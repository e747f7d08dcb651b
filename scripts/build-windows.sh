#!/usr/bin/env bash
# Cross-compiles gongwen.exe for 64-bit Windows (x86_64-pc-windows-gnu) with Debian's mingw-w64
# linker. `scripts/setup.sh windows` installs what it needs (the target's standard library
# through rustup, gcc-mingw-w64-x86-64 through apt) and costs nothing once they are there.
# It prints the .exe's path (tests/windows.rs calls it, a no-op once built).
# GONGWEN_PROFILE chooses the Cargo profile: release (the default, what is handed out) or dev
# (what `.ci/run` tests: it builds in a quarter of the time, and the test only needs it to run).
#   scripts/build-windows.sh [extra cargo build flags]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${GONGWEN_PROFILE:-release}
case "$profile" in
  release) dir=release ;;
  dev) dir=debug ;;
  *) echo "build-windows: GONGWEN_PROFILE must be release or dev, not '$profile'" >&2; exit 2 ;;
esac
scripts/setup.sh windows
cargo build --profile "$profile" --locked --target x86_64-pc-windows-gnu "$@" >&2
echo "$PWD/target/x86_64-pc-windows-gnu/$dir/gongwen.exe"
