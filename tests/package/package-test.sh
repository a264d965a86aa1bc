#!/usr/bin/env bash
# The package test (issue 12): cpack builds corolint_<version>_amd64.deb from the build tree,
# apt-get installs it (resolving its dependencies), then the installed /usr/bin/corolint lints
# the example server (with only the package's clang headers), finds its rule docs, the installed
# pre-commit hook lints a staged file, and an outside project builds and runs against the
# installed coroweb (find_package). The package is removed again however the test ends.
#
#   package-test.sh BUILD_DIR SOURCE_DIR STATE_DIR
#
# Exit status: 0 passed, 1 failed (one line saying which step), 77 skipped (ctest's
# SKIP_RETURN_CODE): not root, not a Debian system, or a corolint package this test did not install.
set -euo pipefail
build=$(realpath "$1") source=$(realpath "$2") state=$3
marker="$state/installed-by-package-test"  # while a package this test installed may be installed

fail() { echo "package test: FAILED: $*" >&2; exit 1; }
skip() { echo "package test: SKIPPED: $*"; exit 77; }
step() { echo "package test: $*"; }
# Runs a command with its output in LOG; on failure, shows the log's end and fails with MESSAGE.
logged() {
  local log=$1 message=$2; shift 2
  if ! "$@" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    fail "$message (the end of its log is above)"
  fi
}
installed_version() { dpkg-query -W -f='${Status} ${Version}' corolint 2>/dev/null | sed -n 's/^install ok installed //p'; }

[ "$(id -u)" -eq 0 ] || skip "installing a package needs root (run ctest -L package as root)"
command -v apt-get >/dev/null && command -v dpkg-query >/dev/null || skip "not a Debian system (no apt-get or dpkg-query)"
export DEBIAN_FRONTEND=noninteractive
apt=(apt-get -y -o DPkg::Lock::Timeout=300)

# One package test at a time on this machine, whichever build tree or ctest run it comes from
# (RESOURCE_LOCK only orders the tests of one ctest run): another one's package is not ours.
exec 9>/tmp/corolint-package-test.lock
flock -w 300 9 || fail "another package test has held /tmp/corolint-package-test.lock for 5 minutes"

# A corolint installed by someone else must not be replaced, nor confused with ours. One left
# behind by an earlier run of this test (killed by the timeout before it could remove it) is ours.
if [ -n "$(installed_version)" ]; then
  [ -f "$marker" ] || skip "corolint $(installed_version) is installed and this test did not install it; remove it (apt-get remove corolint) to run this test"
  step "removing the corolint an earlier run of this test left installed"
  "${apt[@]}" remove corolint >/dev/null 2>&1 || fail "cannot remove the corolint an earlier run of this test left installed"
fi
rm -f "$marker"

work=$(mktemp -d "${TMPDIR:-/tmp}/corolint-package-test.XXXXXX")
installed=false
cleanup() {
  local status=$?
  if $installed; then
    if "${apt[@]}" remove corolint >"$work/remove.log" 2>&1 && [ -z "$(installed_version)" ]; then
      rm -f "$marker"
      step "removed the package"
    else
      tail -n 20 "$work/remove.log" >&2
      echo "package test: FAILED: apt-get remove corolint did not remove the package" >&2
      status=1
    fi
  fi
  rm -rf "$work"
  [ $status -eq 0 ] && step "PASSED"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # through the EXIT trap: the package is removed on ^C too

step "building the programs and the package (cpack)"
logged "$work/build.log" "cannot build corolint and corolint-demo in $build" \
  cmake --build "$build" --target corolint corolint-demo
logged "$work/cpack.log" "cpack could not build the Debian package" \
  cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/package"
debs=("$work"/package/corolint_*_amd64.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack wrote no corolint_<version>_amd64.deb (found: $(ls "$work/package"))"
deb=${debs[0]}
step "$(basename "$deb"): $(du -k "$deb" | cut -f1) KiB"
depends=$(dpkg-deb -f "$deb" Depends) || fail "dpkg-deb cannot read $(basename "$deb")"
for library in libclang-cpp16 libllvm16; do
  [[ $depends == *"$library"* ]] || fail "the package does not depend on $library (Depends: $depends)"
done
[[ $depends != *-dev* ]] || fail "the package depends on a -dev package (Depends: $depends)"

step "installing it (apt-get install)"
touch "$marker"
installed=true
logged "$work/install.log" "apt-get install $(basename "$deb") failed" "${apt[@]}" install "$deb"
[ -n "$(installed_version)" ] || fail "apt-get install succeeded but dpkg does not list corolint as installed"
# Our own copy of clang's builtin headers, not the build machine's (tool/ClangCommandLine.cpp).
dpkg -L corolint >"$work/files.txt"
grep -qx '/usr/lib/corolint/clang/[0-9]*/include/stddef.h' "$work/files.txt" ||
  fail "the package does not ship clang's builtin headers in /usr/lib/corolint/clang/N/include"

step "linting the example server with /usr/bin/corolint"
logged "$work/example-configure.log" "cannot configure examples/coroweb-example" \
  cmake -S "$source/examples/coroweb-example" -B "$work/example"
# The package must not need libclang-common-16-dev, which this build machine has: where we may,
# corolint runs in a private mount namespace with the system's clang resource directories hidden
# (empty tmpfs over them), so only the package's copy of the builtin headers can be found.
# Exit status 125: a directory could not be hidden.
hidden() {
  unshare -m bash -c 'for d in /usr/lib/clang /usr/lib/llvm-*/lib/clang; do
    [ -d "$d" ] || continue; mount -t tmpfs none "$d" || exit 125; done; exec "$@"' hide "$@"
}
if unshare -m true 2>/dev/null; then
  isolate=hidden
else
  isolate=
  step "note: no mount namespace here (unshare -m); the system's clang headers stay visible"
fi
status=0
(cd "$source" && $isolate /usr/bin/corolint -p "$work/example" -j 2 examples/coroweb-example) >"$work/lint.txt" 2>&1 || status=$?
[ $status -ne 125 ] || fail "cannot hide the system's clang headers in a mount namespace"
[ $status -eq 1 ] || { cat "$work/lint.txt" >&2; fail "/usr/bin/corolint on the example exited $status, expected 1 (findings)"; }
expected="examples/coroweb-example/routes.cpp:[0-9]+:[0-9]+: warning: GET /async-blocking: blocking call to 'std::this_thread::sleep_for' in coroutine 'async_blocking_endpoint'.*\[blocking-call-in-coroutine\]"
grep -Eq "$expected" "$work/lint.txt" || { cat "$work/lint.txt" >&2; fail "the example's finding on GET /async-blocking is missing"; }
grep -q "^corolint: 1 finding in " "$work/lint.txt" || { cat "$work/lint.txt" >&2; fail "expected exactly 1 finding on the example"; }

step "corolint --explain and the installed docs"
/usr/bin/corolint --explain blocking-call-in-coroutine >"$work/explain.txt" 2>&1 ||
  { cat "$work/explain.txt" >&2; fail "/usr/bin/corolint --explain blocking-call-in-coroutine failed"; }
grep -q "What it does" "$work/explain.txt" || fail "corolint --explain printed no rule documentation"
[ -f /usr/share/doc/corolint/rules/blocking-call-in-coroutine/README.md ] || fail "rule docs missing in /usr/share/doc/corolint/rules"

step "the installed pre-commit hook on a repository with the example staged"
command -v corolint-pre-commit >/dev/null || fail "corolint-pre-commit is not on PATH"
if command -v git >/dev/null; then
  repo=$work/hook-repo
  mkdir -p "$repo/include" "$repo/examples"
  cp -r "$source/include/coroweb" "$repo/include/"
  cp -r "$source/examples/coroweb-example" "$repo/examples/"
  git -C "$repo" init -q && git -C "$repo" add examples || fail "cannot make a git repository in $repo"
  logged "$work/hook-configure.log" "cannot configure the hook's repository" \
    cmake -S "$repo/examples/coroweb-example" -B "$repo/build"
  status=0
  (cd "$repo" && corolint-pre-commit) >"$work/hook.txt" 2>&1 || status=$?
  [ $status -eq 1 ] && grep -q "in coroutine 'async_blocking_endpoint'" "$work/hook.txt" ||
    { cat "$work/hook.txt" >&2; fail "corolint-pre-commit exited $status on the staged example, expected 1 and its finding"; }
else
  step "note: no git here; corolint-pre-commit not run"
fi

step "building an outside project with find_package(coroweb)"
cp -r "$source/tests/package/consumer" "$work/consumer-src"
logged "$work/consumer-configure.log" "find_package(coroweb CONFIG REQUIRED) failed in an outside project" \
  cmake -S "$work/consumer-src" -B "$work/consumer"
found=$(sed -n 's/^coroweb_DIR:PATH=//p' "$work/consumer/CMakeCache.txt")
[ "$found" = /usr/share/cmake/coroweb ] || fail "find_package(coroweb) found $found, not the package's /usr/share/cmake/coroweb"
logged "$work/consumer-build.log" "the outside project does not build against the installed coroweb" \
  cmake --build "$work/consumer"
answer=$(timeout 60 "$work/consumer/consumer" 2>&1) || fail "the outside project's coroweb app did not answer as expected: $answer"
step "the outside project's app answered $answer"
