#!/usr/bin/env bash
# Whole-process benchmark: `gongwen render plans/sample.yaml` (Markdown + PDF), release build.
# Reports the median wall time and the median peak memory over N runs (default 31), and the
# PDF's size. Targets (issue 3, on the 2-core machine): median ≤ 50 ms, peak ≤ 80 MB,
# PDF ≤ 150 KB.
#   bench/render.sh [N] [PLAN]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-31}
plan=${2:-plans/sample.yaml}
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
cargo build --release -q
bin=target/release/gongwen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin" render "$plan" -o "$out" >/dev/null   # warm the page cache
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$out/rss" "$bin" render "$plan" -o "$out" >/dev/null
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000 )) $(cat "$out/rss")" >> "$out/runs"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms=$(cut -d' ' -f1 "$out/runs" | median)
kb=$(cut -d' ' -f2 "$out/runs" | median)
pdf=$(stat -c %s "$out/$(basename "${plan%.*}").pdf")
printf 'render %s (md + pdf), %d runs: median %.1f ms, median peak RSS %.1f MB, PDF %d KB\n' \
  "$plan" "$runs" "$(awk "BEGIN {print $ms / 1000}")" "$(awk "BEGIN {print $kb / 1024}")" "$((pdf / 1024))"
