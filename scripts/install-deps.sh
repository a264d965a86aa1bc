#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/debian-packages.txt (idempotent; needs root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mapfile -t packages < <(grep -vE '^\s*(#|$|\?)' "$here/debian-packages.txt")
# "?command: packages": those packages only when the command is not on PATH.
while IFS= read -r line; do
  command="${line#\?}"; command="${command%%:*}"
  if ! command -v "$command" >/dev/null 2>&1; then
    read -r -a extra <<<"${line#*:}"
    packages+=("${extra[@]}")
  fi
done < <(grep -E '^\?' "$here/debian-packages.txt")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages (${missing[*]}); run as root or install them" >&2
  exit 2
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
