#!/usr/bin/env bash
# Builds everything and runs the whole test suite (ctest): the linter's unit and test-input
# suites, its end-to-end tests, and coroweb's behaviour and robustness tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2
ctest --test-dir build --output-on-failure -j2 "$@"
