#!/usr/bin/env bash
# Quick start: installs the Debian packages, builds corolint and the bundled coroweb example
# server, and runs corolint over the example (its findings are the point, so their exit status
# 1 is expected here).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2 --target corolint coroweb-example
echo
echo "$ build/bin/corolint -p build examples/coroweb-example"
status=0
build/bin/corolint -p build examples/coroweb-example || status=$?
if [ "$status" -gt 1 ]; then
  exit "$status"
fi
echo
echo "corolint exited with $status (1: findings). Start the example with: build/bin/coroweb-example --port 8000"
