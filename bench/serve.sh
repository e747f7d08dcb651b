#!/usr/bin/env bash
# How soon `gongwen serve` shows an edit: the time from writing the plan to the preview's
# long-polling request (/wait, what the page waits on) answering with the new render. That is
# the watcher's settling (two looks 20 ms apart that agree) plus the render itself. Target
# (issue 16): rendered within 100 ms of the file settling. Release build, sample plan.
#   bench/serve.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
command -v curl >/dev/null || { echo "bench: needs curl" >&2; exit 1; }
cargo build --release -q
work=$(mktemp -d)
cp plans/sample.yaml "$work/sample.yaml"
target/release/gongwen serve "$work/sample.yaml" > "$work/out" 2> "$work/err" &
server=$!
trap 'kill $server; rm -rf "$work"' EXIT
until grep -q 'http://127.0.0.1:' "$work/out"; do
  kill -0 $server || { cat "$work/err" >&2; exit 1; }
  sleep 0.05
done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/out")
for i in $(seq "$runs"); do
  generation=$(curl -s "$url/generation")
  # Alternate between two versions so that every write is a change.
  sed -i "s/^\(  year: \).*/\1$((2021 + i % 2))/" "$work/sample.yaml"
  start=$(date +%s%N)
  curl -s "$url/wait?after=$generation" >/dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000 )) >> "$work/runs"
done
median=$(sort -n "$work/runs" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'serve: edit to new render, %d edits: median %.1f ms (max %.1f ms)\n' "$runs" \
  "$(awk "BEGIN {print $median / 1000}")" "$(awk "BEGIN {print $(sort -n "$work/runs" | tail -1) / 1000}")"
