#!/usr/bin/env bash
# Quick start: installs the Debian packages, builds corolint, the coroweb example server and the
# demo, runs corolint over the example (its findings are the point, so their exit status 1 is
# expected here), then proves every warning on the demo at runtime (corolint-demo prove, about
# 3 minutes; report in proof/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2 --target corolint coroweb-example corolint-demo
echo
echo "$ build/bin/corolint -p build examples/coroweb-example"
status=0
build/bin/corolint -p build examples/coroweb-example || status=$?
if [ "$status" -gt 1 ]; then
  exit "$status"
fi
echo
echo "corolint exited with $status (1: findings). Start the example with: build/bin/coroweb-example --port 8000"
echo
echo "$ build/bin/corolint-demo prove --out proof"
build/bin/corolint-demo prove --out proof
