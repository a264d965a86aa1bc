#!/usr/bin/env bash
# The Bazel aspect's test (issue 13): builds test-inputs/projects/bazel (//server's coroutine
# calls //storage's helper, which sleeps; a cc_library, a cc_binary and a cc_test) with
# bazel/corolint.bzl and the corolint of BUILD_DIR, requests the corolint_report output group,
# and checks that
#   - its SARIF results are those of `corolint -p` over the same sources (--source-root the
#     workspace), and hold the finding through the other package, with its chain;
#   - a second build with nothing changed runs no corolint action (Bazel's action cache);
#   - after an edit of the storage helper, only that unit's corolint action runs again;
#   - a build of the same workspace at another path, with a disk cache (as a remote cache would
#     be), takes every unit's summary from the cache and reports the same.
#
#   bazel-test.sh BUILD_DIR SOURCE_DIR
#
# Offline with Debian's bazel-bootstrap 4.2.3: every external repository is overridden (rules_java
# and platforms by Debian's packages; rules_cc, and remote_coverage_tools, which analysing a
# cc_test asks for, by bazel/offline/). Bazel's output root is kept in $COROLINT_BAZEL_CACHE
# (default /tmp/corolint-bazel-cache) so later runs start faster; nothing is written in the
# source tree, and no Bazel server outlives a command (--batch).
# Exit status: 0 passed, 1 failed (one line saying which step), 77 skipped: bazel not installed.
set -euo pipefail

fail() { echo "bazel test: FAILED: $*" >&2; exit 1; }
skip() { echo "bazel test: SKIPPED: $*"; exit 77; }
step() { echo "bazel test: $*"; }

command -v bazel >/dev/null || skip "bazel is not installed (apt-get install bazel-bootstrap bazel-rules-java bazel-platforms)"
[ $# -eq 2 ] || fail "usage: bazel-test.sh BUILD_DIR SOURCE_DIR"
build=$(realpath "$1") source=$(realpath "$2")
command -v jq >/dev/null || fail "jq is not installed (apt-get install jq)"
corolint="$build/bin/corolint"
[ -x "$corolint" ] || fail "no corolint at $corolint (cmake --build $build --target corolint)"
java_rules=/usr/share/bazel/rules/java platforms=/usr/share/bazel/tools/platforms
[ -f "$java_rules/WORKSPACE" ] || fail "no $java_rules/WORKSPACE (apt-get install bazel-rules-java)"
[ -f "$platforms/WORKSPACE" ] || fail "no $platforms/WORKSPACE (apt-get install bazel-platforms)"

cache=${COROLINT_BAZEL_CACHE:-/tmp/corolint-bazel-cache}
mkdir -p "$cache"
# One run at a time per output root: the workspaces below have fixed paths in it, so that Bazel's
# output bases (one per workspace path) are reused from run to run.
exec 9>"$cache/test.lock"
flock -w 600 9 || fail "another bazel test has held $cache/test.lock for 10 minutes"
work=$(mktemp -d "${TMPDIR:-/tmp}/corolint-bazel-test.XXXXXX")
cleanup() {
  local status=$?
  rm -rf "$work"
  [ $status -eq 0 ] && step "PASSED"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs bazel in workspace $1 (the rest: the command and its arguments), its output in $work/bazel.log.
bazel_in() {
  local ws=$1; shift
  if ! (cd "$ws" && bazel --nohome_rc --batch --output_user_root="$cache/root" "$@") >"$work/bazel.log" 2>&1; then
    tail -n 25 "$work/bazel.log" >&2
    return 1
  fi
}

# A copy of the test workspace at $1, with the stub headers, the corolint to use and the flags.
make_workspace() {
  local ws=$1
  rm -rf "$ws"
  mkdir -p "$ws"
  cp -r "$source/test-inputs/projects/bazel/." "$ws/"
  cp -r "$source/test-inputs/include/cppcoro" "$source/test-inputs/include/corolint_stubs" "$ws/third_party/"
  cat >>"$ws/WORKSPACE" <<EOF

# The corolint under test (a target Bazel tracks: a rebuilt corolint re-runs every unit).
new_local_repository(
    name = "corolint_bin",
    path = "$build/bin",
    build_file_content = 'sh_binary(name = "corolint_binary", srcs = ["corolint"], visibility = ["//visibility:public"])',
)
EOF
  cat >"$ws/.bazelrc" <<EOF
build --override_repository=rules_java=$java_rules
build --override_repository=platforms=$platforms
build --override_repository=rules_cc=$source/bazel/offline/rules_cc
build --override_repository=remote_coverage_tools=$source/bazel/offline/remote_coverage_tools
build --override_repository=corolint=$source/bazel
build --@corolint//:corolint=@corolint_bin//:corolint_binary
build --aspects=@corolint//:corolint.bzl%corolint_aspect --output_groups=corolint_report
build --symlink_prefix=/ --jobs=2 --local_cpu_resources=2 --nosandbox_debug
EOF
}

# Builds //... in workspace $1 (more flags after it), writing the execution log to $work/exec.json.
build_reports() {
  local ws=$1; shift
  rm -f "$work/exec.json"
  bazel_in "$ws" build //... --execution_log_json_file="$work/exec.json" "$@"
}
# The corolint actions the last build ran (not taken from a cache): "MNEMONIC SOURCE-OR-TARGET" lines.
ran_actions() {
  jq -r 'select((.mnemonic // "" | startswith("Corolint")) and (.remoteCacheHit | not))
    | .mnemonic + " " + (.progressMessage | split(" ") | if .[0:2] == ["corolint", "link"] then .[2] else .[-1] end)' "$work/exec.json"
}
count() { grep -c "^$1 " <<<"$2" || true; }
# The SARIF's results, without what differs from run to run (none known today): sorted keys.
results() { jq -S '.runs[0].results' "$1"; }

ws="$cache/workspace"
step "building $(basename "$source")/test-inputs/projects/bazel with the aspect (corolint_report)"
make_workspace "$ws"
bazel_in "$ws" clean || fail "bazel clean"
build_reports "$ws" || fail "the build with the aspect (its log's end is above)"
bin=$(cd "$ws" && bazel --nohome_rc --batch --output_user_root="$cache/root" info bazel-bin 2>/dev/null) || fail "bazel info bazel-bin"
ran=$(ran_actions) || fail "cannot read the execution log $work/exec.json"
[ "$(count Corolint "$ran")" -eq 4 ] || fail "the first build ran these corolint actions, not one per source file (4): $ran"
sarif="$bin/server/server.corolint.sarif"
for report in "$sarif" "$bin/server/server.corolint.txt" "$bin/server/server.corolint.json"; do
  [ -s "$report" ] || fail "the output group has no $report"
done
cp "$sarif" "$work/bazel.sarif"
grep -q "^server/routes.cc:12:14: warning: 'storage::load_user' blocks" "$bin/server/server.corolint.txt" ||
  fail "the text report lacks server/routes.cc:12:14 (storage::load_user): $(cat "$bin/server/server.corolint.txt")"

step "comparing its SARIF with corolint -p over the same sources"
mkdir -p "$work/db"
jq -n --arg ws "$ws" '[("server/routes.cc", "server/main.cc", "storage/storage.cc", "storage/storage_test.cc") as $f |
  {directory: $ws, file: $f, arguments: ["clang++", "-std=c++20", "-iquote", ".", "-isystem", "third_party", "-c", $f, "-o", "/dev/null"]}]' \
  >"$work/db/compile_commands.json"
set +e
(cd "$ws" && "$corolint" -p "$work/db" --no-cache --quiet --source-root "$ws" --format sarif -o "$work/direct.sarif")
status=$?
set -e
[ $status -eq 1 ] || fail "corolint -p over the workspace exited $status, not 1 (findings)"
results "$work/direct.sarif" >"$work/direct.results"
results "$work/bazel.sarif" >"$work/bazel.results"
diff -u "$work/direct.results" "$work/bazel.results" >&2 || fail "the aspect's SARIF results differ from corolint -p's (diff above)"
chain=$(jq -r '.runs[0].results[] | select(.ruleId == "blocking-call-in-coroutine" and (.suppressions | not))
  | [.locations[0].physicalLocation.artifactLocation.uri, .locations[0].physicalLocation.region.startLine,
     (.relatedLocations | map(.physicalLocation.artifactLocation.uri + ":" + (.physicalLocation.region.startLine | tostring)) | join(" "))]
  | join(" ")' "$work/bazel.sarif")
[ "$chain" = "server/routes.cc 12 server/routes.cc:12 storage/storage.cc:9" ] ||
  fail "the finding through //storage is not the one expected (server/routes.cc 12 server/routes.cc:12 storage/storage.cc:9): '$chain'"
[ "$(jq '[.runs[0].results[] | select(.suppressions)] | length' "$work/bazel.sarif")" -eq 1 ] ||
  fail "the NOLINT'd sleep of server/routes.cc is not in the SARIF as suppressed"

step "building again with nothing changed"
build_reports "$ws" || fail "the second build (its log's end is above)"
ran=$(ran_actions) || fail "cannot read the execution log"
[ -z "$ran" ] || fail "the second build, with nothing changed, ran corolint actions: $ran"

step "editing //storage's helper"
sed -i 's|^  std::this_thread::sleep_for|  // a line more above the sleep\n  std::this_thread::sleep_for|' "$ws/storage/storage.cc"
build_reports "$ws" || fail "the build after editing storage/storage.cc (its log's end is above)"
ran=$(ran_actions) || fail "cannot read the execution log"
units=$(grep "^Corolint " <<<"$ran" | cut -d' ' -f2 | tr '\n' ' ')
[ "$units" = "storage/storage.cc " ] || fail "after editing storage/storage.cc these units were analysed again, not it alone: '$units'"
[ "$(count CorolintLink "$ran")" -ge 1 ] || fail "after editing storage/storage.cc no report was linked again"
jq -e '.runs[0].results[] | select(.suppressions | not) | .relatedLocations[] | select(.physicalLocation.artifactLocation.uri == "storage/storage.cc" and .physicalLocation.region.startLine == 10)' \
  "$bin/server/server.corolint.sarif" >/dev/null || fail "after the edit, the chain does not name storage/storage.cc:10"

step "the same workspace at another path, sharing a disk cache as a remote cache would be shared"
other="$cache/workspace-elsewhere"
make_workspace "$other"
cp "$ws/storage/storage.cc" "$other/storage/storage.cc"
rm -rf "$work/disk-cache"
bazel_in "$ws" clean || fail "bazel clean before filling the disk cache"
build_reports "$ws" --disk_cache="$work/disk-cache" || fail "the build filling the disk cache"
bazel_in "$other" clean || fail "bazel clean in $other"
build_reports "$other" --disk_cache="$work/disk-cache" || fail "the build at $other (its log's end is above)"
hits=$(jq -s -r '[.[] | select(.mnemonic == "Corolint")] | "\(length) \(map(select(.remoteCacheHit)) | length)"' "$work/exec.json")
[ "$hits" = "4 4" ] || fail "at another path, not every unit's summary came from the disk cache (units, cache hits: $hits)"
other_bin=$(cd "$other" && bazel --nohome_rc --batch --output_user_root="$cache/root" info bazel-bin 2>/dev/null) || fail "bazel info in $other"
results "$other_bin/server/server.corolint.sarif" >"$work/other.results"
results "$bin/server/server.corolint.sarif" >"$work/edited.results"
diff -u "$work/edited.results" "$work/other.results" >&2 || fail "the report at another path differs (diff above)"
