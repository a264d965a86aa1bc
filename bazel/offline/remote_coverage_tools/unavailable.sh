#!/bin/sh
echo "remote_coverage_tools: bazel coverage needs Bazel's coverage tools, which this offline stand-in (corolint's bazel/offline) does not have" >&2
exit 1
