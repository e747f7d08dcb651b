#!/usr/bin/env bash
# Fuzz one target for a while: fuzz/run.sh TARGET [SECONDS]
#   TARGET: yaml_to_model (any bytes as a plan), markdown_to_layout (any bytes as Markdown) or
#   font (any bytes as a font file: load, measure, lay out, subset, write the PDF).
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). On a stable toolchain the sanitizer
# flags need RUSTC_BOOTSTRAP=1, set here. Seeds the corpus from the repository's own plans and
# documents. A crash is saved under fuzz/artifacts/TARGET/; copy it to
# tests/fuzz_regressions/TARGET/ once fixed, so the regression test keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh yaml_to_model|markdown_to_layout|font [SECONDS]}
seconds=${2:-300}
corpus=fuzz/corpus/$target
mkdir -p "$corpus"
case "$target" in
  yaml_to_model) cp plans/*.yaml plans/towns/*.yaml src/cmd/starter*.yaml "$corpus/" ;;
  markdown_to_layout) cp tests/golden/*.md tests/fixtures/*.md "$corpus/" ;;
  font)
    # Real fonts cut down to the characters of the target's document (a few tens of KB, so
    # that mutations stay fast): a CID-keyed CFF OpenType font and a TrueType one.
    python3 -c 'import fontTools' 2>/dev/null || pip install -q fonttools
    text='创建乡村振兴先进镇工作方案一、指导思想全面贯彻党的十九大精神，高标准农田达50%以上“三农”（试行）。（一）工作机构中共XX镇委员会2021年3月15日—'
    pyftsubset /usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf \
      --text="$text" --output-file="$corpus/fandol-fang.otf"
    pyftsubset /usr/share/texlive/texmf-dist/fonts/truetype/public/arphic-ttf/gbsn00lp.ttf \
      --text="$text" --output-file="$corpus/arphic-gbsn.ttf"
    ;;
esac
RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" -- \
  -max_total_time="$seconds" -max_len=262144 -timeout=10 -print_final_stats=1
