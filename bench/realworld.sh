#!/usr/bin/env bash
# corolint on real code we did not write: Drogon (with trantor), libcoro, standalone Asio's C++20
# examples, Boost.Beast's awaitable examples, cppcoro (library and tests) and async_simple
# (library, tests, demos). Builds each corpus's compile database (configure
# only: nothing of theirs is compiled), runs corolint over it in default mode, and prints the
# findings per corpus and per rule. Every finding must then be read and triaged by hand; the
# README's table records the verdicts.
#
# Usage: bench/realworld.sh CORPORA [CORPUS...]
#   CORPORA holds local checkouts of the public repositories:
#     CORPORA/drogon    drogonframework/drogon at v1.9.13, its trantor submodule in drogon/trantor
#     CORPORA/libcoro   jbaldwin/libcoro at v0.16.0
#     CORPORA/asio      chriskohlhoff/asio at asio-1-38-2 (its include/ and src/examples/ at the root)
#     CORPORA/beast     boostorg/beast at boost-1.81.0
#     CORPORA/cppcoro   andreasbuhr/cppcoro (the maintained C++20 fork) at b8e41b9
#     CORPORA/async_simple  alibaba/async_simple at 1.4
#   CORPUS... limits the run to some of drogon, libcoro, asio, beast, cppcoro, async_simple.
# Environment: COROLINT (default build/bin/corolint), JOBS (default 2).
# Writes CORPORA/results/<corpus>.json (corolint's JSON report) and prints a summary.
# Needs, beyond the project's own packages, the corpora's configure-time dependencies:
#   bench/realworld-packages.txt (installed by this script when run as root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
[ $# -ge 1 ] || { echo "usage: bench/realworld.sh CORPORA [drogon|libcoro|asio|beast|cppcoro|async_simple ...]" >&2; exit 2; }
corpora="$(cd "$1" && pwd)"; shift
selected=("$@"); [ ${#selected[@]} -gt 0 ] || selected=(drogon libcoro asio beast cppcoro async_simple)
corolint="${COROLINT:-$root/build/bin/corolint}"
jobs="${JOBS:-2}"
[ -x "$corolint" ] || { echo "realworld: $corolint: not built (cmake --build build --target corolint)" >&2; exit 2; }

if [ "$(id -u)" -eq 0 ]; then
  mapfile -t packages < <(grep -vE '^\s*(#|$)' "$here/realworld-packages.txt")
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

builds="$corpora/build"; results="$corpora/results"
mkdir -p "$builds" "$results"

# A compile database for sources that have no build of their own to configure: one entry per
# file, compiled as C++20 with the given include directories.
write_database() { # OUT DIR FLAGS FILE...
  local out="$1" dir="$2" flags="$3"; shift 3
  {
    echo "["
    local sep=""
    for f in "$@"; do
      printf '%s{"directory": "%s", "file": "%s", "command": "/usr/bin/c++ -std=c++20 %s -c %s"}\n' \
        "$sep" "$dir" "$f" "$flags" "$f"
      sep=","
    done
    echo "]"
  } >"$out"
}

configure() {
  local corpus="$1" db="$builds/$corpus"
  mkdir -p "$db"
  case "$corpus" in
    drogon)
      [ -d "$corpora/drogon/trantor/trantor" ] || { echo "realworld: drogon/trantor is missing" >&2; exit 2; }
      cmake -S "$corpora/drogon" -B "$db" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_CXX_STANDARD=20 \
        -DBUILD_TESTING=ON -DBUILD_EXAMPLES=ON -DBUILD_CTL=ON -DBUILD_YAML_CONFIG=OFF >"$db/configure.log" 2>&1 ;;
    libcoro)
      # Debian's c-ares has no CMake package; libcoro only needs its target to exist.
      mkdir -p "$builds/c-ares-config"
      cat >"$builds/c-ares-config/c-ares-config.cmake" <<'CMAKE'
add_library(c-ares::cares UNKNOWN IMPORTED)
set_target_properties(c-ares::cares PROPERTIES IMPORTED_LOCATION /usr/lib/x86_64-linux-gnu/libcares.so)
CMAKE
      cmake -S "$corpora/libcoro" -B "$db" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DLIBCORO_EXTERNAL_DEPENDENCIES=ON \
        -Dc-ares_DIR="$builds/c-ares-config" \
        -DLIBCORO_BUILD_TESTS=ON -DLIBCORO_BUILD_EXAMPLES=ON >"$db/configure.log" 2>&1 ;;
    asio)
      local dir="$corpora/asio/src/examples/cpp20"
      mapfile -t files < <(cd "$dir" && find . -name '*.cpp' | sort | sed 's|^\./||')
      write_database "$db/compile_commands.json" "$dir" "-I$corpora/asio/include -DASIO_NO_DEPRECATED -pthread" "${files[@]}" ;;
    cppcoro)
      cmake -S "$corpora/cppcoro" -B "$db" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DBUILD_TESTING=ON \
        >"$db/configure.log" 2>&1 ;;
    async_simple) # its tests take GoogleTest from Debian (googletest) rather than fetching it
      cmake -S "$corpora/async_simple" -B "$db" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DASYNC_SIMPLE_ENABLE_TESTS=ON \
        -DASYNC_SIMPLE_ENABLE_ASAN=OFF -DASYNC_SIMPLE_BUILD_DEMO_EXAMPLE=ON \
        -DGMOCK_INCLUDE_DIR=/usr/include -DGTEST_INCLUDE_DIR=/usr/include -DGTEST_LIBRARIES=gtest_main \
        -DGMOCK_LIBRARIES=gmock_main >"$db/configure.log" 2>&1 ;;
    beast) # Beast itself from the system (Boost 1.81, as its users have it); -include list: the flex
      # example uses std::list without including it
      local dir="$corpora/beast/example"
      mapfile -t files < <(cd "$dir" && find . -path '*awaitable*' -name '*.cpp' | sort | sed 's|^\./||')
      write_database "$db/compile_commands.json" "$dir" "-I$corpora/beast -I$dir -include list" "${files[@]}" ;;
    *) echo "realworld: unknown corpus '$corpus'" >&2; exit 2 ;;
  esac
}

# Sources a configure does not produce (Drogon's CSP views and drogon_ctl templates are
# generated by the build) are left out: only the units whose source exists are analysed.
# Assembly sources (async_simple's context switches) are not units; named, corolint refuses them.
existing_units() { # DATABASE
  python3 -c '
import json, os, sys
for entry in json.load(open(sys.argv[1])):
    path = os.path.join(entry["directory"], entry["file"])
    if os.path.exists(path) and os.path.splitext(path)[1] not in (".s", ".S", ".sx", ".asm"):
        print(path)' "$1"
}

printf '%-12s %6s %9s %7s  %s\n' corpus units findings failed "per rule"
for corpus in "${selected[@]}"; do
  configure "$corpus"
  report="$results/$corpus.json"
  status=0
  mapfile -t units < <(existing_units "$builds/$corpus/compile_commands.json")
  (cd "$corpora/$corpus" && "$corolint" -p "$builds/$corpus" -j "$jobs" --quiet --format json -o "$report" \
    "${units[@]}") || status=$?
  if [ "$status" -gt 1 ] && [ ! -s "$report" ]; then
    echo "realworld: corolint failed on $corpus (exit $status)" >&2; exit "$status"
  fi
  python3 - "$corpus" "$report" <<'EOF'
import collections, json, sys
corpus, path = sys.argv[1], sys.argv[2]
report = json.load(open(path))
per_rule = collections.Counter(f["rule"] for f in report["findings"])
print("%-12s %6d %9d %7d  %s" % (corpus, report["translation_units"], len(report["findings"]),
      len(report.get("failed_translation_units", [])),
      ", ".join("%s %d" % kv for kv in sorted(per_rule.items())) or "-"))
EOF
done
echo "reports: $results/<corpus>.json; list them with: python3 bench/realworld-list.py $results/<corpus>.json"
