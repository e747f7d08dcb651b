#!/usr/bin/env bash
# Batch benchmark: N variants (default 1000) generated from the sample's three town variants in
# plans/towns/ (xinhe, qinghe, baishi; the set the figures in the README were taken on), each
# with its own town name, rendered by one `gongwen render DIR` process on all cores, in FORMATS
# (default md,pdf; e.g. md,pdf,ofd). Targets (the 2-core machine): ≤ 5 s for 1000 (issue 4);
# with md,pdf,ofd within 1.5× of md,pdf (issue 15).
#   bench/batch.sh [N] [RUNS] [FORMATS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
runs=${2:-3}
formats=${3:-md,pdf}
cargo build --release -q
bin=$PWD/target/release/gongwen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
towns=(plans/towns/xinhe.yaml plans/towns/qinghe.yaml plans/towns/baishi.yaml)
mkdir -p "$work/plans"
for i in $(seq 1 "$n"); do
  base=$PWD/${towns[$((i % ${#towns[@]}))]}
  printf 'extends: %s\ndocument:\n  town: 第%d镇\n' "$base" "$i" > "$work/plans/town_$i.yaml"
done
for r in $(seq 1 "$runs"); do
  rm -rf "$work/out"
  start=$(date +%s%N)
  "$bin" render "$work/plans" -o "$work/out" --format "$formats" > /dev/null 2>&1
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 )) >> "$work/times"
done
count=$(ls "$work/out" | wc -l)
median=$(sort -n "$work/times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'render %d variants (%s, %d files written), %d runs: median %.2f s\n' "$n" "$formats" "$count" "$runs" "$(awk "BEGIN {print $median / 1000}")"
