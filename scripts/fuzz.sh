#!/usr/bin/env bash
# Runs one libFuzzer target of fuzz/ for SECONDS over its seed corpus (fuzz/corpus/NAME, and the
# test inputs for the comment parsers), and
# prints how many inputs it ran. Targets: config compile_database baseline summary suppressions
# expectations. The targets are built by scripts/test.sh in build-sanitize (or pass BIN_DIR).
#   scripts/fuzz.sh NAME SECONDS [BIN_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${1:?usage: scripts/fuzz.sh NAME SECONDS [BIN_DIR]}"
seconds="${2:?usage: scripts/fuzz.sh NAME SECONDS [BIN_DIR]}"
bin="${3:-$root/build-sanitize/bin}"
target="$bin/${name}_fuzzer"
seeds="$root/fuzz/corpus/$name"
[ -x "$target" ] || { echo "fuzz.sh: $target: no such fuzz target (build it: scripts/test.sh)" >&2; exit 2; }
# The test inputs are seeds too: real EXPECT lines, real NOLINT comments, without copies.
extra=()
case "$name" in
  expectations) extra=("$root"/test-inputs/rules/*/) ;;
  suppressions) extra=("$root/test-inputs/projects/shop/src" "$root"/test-inputs/rules/*/) ;;
esac
if [ ! -d "$seeds" ] && [ ${#extra[@]} -eq 0 ]; then
  echo "fuzz.sh: $seeds: no seed corpus" >&2; exit 2
fi
[ -d "$seeds" ] && extra=("$seeds" "${extra[@]}")
# New inputs go to a scratch corpus: the seeds in the repository are never written.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="$work/log"
status=0
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
  "$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/" "$work" "${extra[@]}" >"$log" 2>&1 || status=$?
runs="$(grep -aoE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' | tail -1 || true)"
if [ "$status" -ne 0 ]; then
  tail -40 "$log" >&2
  for crash in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
    [ -e "$crash" ] && { echo "fuzz.sh: $name: failing input (base64):" >&2; base64 -w0 "$crash" >&2; echo >&2; }
  done
  echo "fuzz.sh: $name: FAILED after ${runs:-?} runs" >&2
  exit 1
fi
echo "fuzz.sh: $name: ${runs:-0} runs in ${seconds} s, no crash"
