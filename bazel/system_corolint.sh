#!/bin/sh
# The installed corolint (Debian package: /usr/bin/corolint). Bazel does not see it change:
# after upgrading it, `bazel clean` (or point --@corolint//:corolint at a target Bazel tracks).
exec /usr/bin/corolint "$@"
