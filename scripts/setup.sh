#!/usr/bin/env bash
# Installs what gongwen needs that is not a crate, on a Debian machine. Idempotent: it asks apt
# only for what is missing, so running it before every render or test costs nothing.
#   (Nothing yet beyond the Rust toolchain; PDF fonts and poppler-utils arrive with the PDF renderer.)
set -euo pipefail
command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust from rustup.rs" >&2; exit 1; }
