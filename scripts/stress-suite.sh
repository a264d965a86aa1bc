#!/usr/bin/env bash
# Runs the whole test suite (.ci/run) ROUNDS times in a row while every core is kept busy by CPU
# hogs, to find tests whose bounds scheduling can break. Stops at the first failing round.
#   scripts/stress-suite.sh [ROUNDS] [HOGS]      defaults: 3 rounds, one hog per core
# Run it on a fresh clone: the first round builds, the later rounds only test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${1:-3}"
hogs="${2:-$(nproc)}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "stress-suite: error: ROUNDS '$rounds' is not a positive integer" >&2; exit 2; }
[[ "$hogs" =~ ^[0-9]+$ ]] || { echo "stress-suite: error: HOGS '$hogs' is not a non-negative integer" >&2; exit 2; }

pids=()
stop_hogs() { ((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null || true; }
trap stop_hogs EXIT
for ((i = 0; i < hogs; i++)); do
  ( while :; do :; done ) &
  pids+=($!)
done

for ((round = 1; round <= rounds; round++)); do
  start=$(date +%s)
  echo "stress-suite: round $round of $rounds, $hogs CPU hogs, load $(cut -d' ' -f1-3 /proc/loadavg)"
  if ! .ci/run; then
    echo "stress-suite: round $round failed after $(( $(date +%s) - start )) s" >&2
    exit 1
  fi
  echo "stress-suite: round $round passed in $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo "stress-suite: all $rounds rounds passed"
