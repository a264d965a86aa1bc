#!/usr/bin/env bash
# Builds everything and runs the whole test suite (ctest): the linter's unit and test-input
# suites, its end-to-end and bad-input tests, coroweb's behaviour and robustness tests; then the
# sanitizer build (clang-16, AddressSanitizer and UndefinedBehaviorSanitizer, in build-sanitize)
# runs the unit, rule-input, end-to-end, bad-input, cache, shard and language-server suites
# again, and each libFuzzer target for COROLINT_FUZZ_SECONDS (default 60).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2
ctest --test-dir build --output-on-failure -j2 "$@"

CC=clang-16 CXX=clang++-16 cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCOROLINT_SANITIZE=ON -DCOROLINT_FUZZ_SECONDS="${COROLINT_FUZZ_SECONDS:-60}" >/dev/null
cmake --build build-sanitize -j2 --target corolint corolint_tests corolint_e2e_tests corolint_bad_input_tests \
  corolint_cache_tests corolint_lsp_tests fuzzers
# The gate and SARIF-validation suites exercise the same code paths as the end-to-end suite,
# at ten times its cost under the sanitizers; they run in the main build above.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-sanitize --output-on-failure -j2 -L 'corolint|fuzz' \
  -E '^Gate\.|^corolint_sarif_validation$' "$@"
