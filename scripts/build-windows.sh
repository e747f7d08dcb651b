#!/usr/bin/env bash
# Cross-compiles gongwen.exe for 64-bit Windows (x86_64-pc-windows-gnu) with Debian's mingw-w64
# linker. `scripts/setup.sh windows` installs what it needs (the target's standard library
# through rustup, gcc-mingw-w64-x86-64 through apt) and costs nothing once they are there.
# It prints the .exe's path (tests/windows.rs calls it, a no-op once built).
#   scripts/build-windows.sh [extra cargo build flags]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh windows
cargo build --release --locked --target x86_64-pc-windows-gnu "$@" >&2
echo "$PWD/target/x86_64-pc-windows-gnu/release/gongwen.exe"
