#!/bin/sh
# The installed corolint (Debian package: /usr/bin/corolint). Bazel does not see it change:
# after upgrading it, `bazel clean` (or point --@corolint//:corolint at a target Bazel tracks).
if [ ! -x /usr/bin/corolint ]; then
  echo "corolint: error: /usr/bin/corolint is not installed: install the corolint package, or name the corolint to run with --@corolint//:corolint=LABEL" >&2
  exit 2
fi
exec /usr/bin/corolint "$@"
