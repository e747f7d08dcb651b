#!/usr/bin/env bash
# Fuzz one target for a while: fuzz/run.sh TARGET [SECONDS]
#   TARGET: yaml_to_model (any bytes as a plan) or markdown_to_layout (any bytes as Markdown).
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). On a stable toolchain the sanitizer
# flags need RUSTC_BOOTSTRAP=1, set here. Seeds the corpus from the repository's own plans and
# documents. A crash is saved under fuzz/artifacts/TARGET/; copy it to
# tests/fuzz_regressions/TARGET/ once fixed, so the regression test keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh yaml_to_model|markdown_to_layout [SECONDS]}
seconds=${2:-300}
corpus=fuzz/corpus/$target
mkdir -p "$corpus"
case "$target" in
  yaml_to_model) cp plans/*.yaml plans/towns/*.yaml src/cmd/starter.yaml "$corpus/" ;;
  markdown_to_layout) cp tests/golden/*.md tests/fixtures/*.md "$corpus/" ;;
esac
RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" -- \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -print_final_stats=1
