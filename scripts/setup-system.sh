#!/usr/bin/env bash
# System packages the tests need, on Debian/Ubuntu. As root with apt it installs what is missing
# (running `apt-get update` once, and only then); anywhere else it names what is missing and fails,
# so a missing program is never discovered as a silently skipped test.
set -euo pipefail

# The one list. docker-registry: the real registry the integration tests run (CNCF distribution);
# apache2-utils: htpasswd for its Basic auth; openssl: the token server's certificate; skopeo: a
# reference client the CLI tests compare with; chromium: UI tests; ripgrep: code-server's search;
# libkrb5-dev: headers code-server's native modules build against.
PACKAGES=(docker-registry apache2-utils openssl skopeo chromium ripgrep libkrb5-dev)
# A caller that needs only some of them (the demo needs just the registry) names them.
if [ $# -gt 0 ]; then PACKAGES=("$@"); fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${PACKAGES[*]})"
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system packages missing: ${missing[*]}" >&2
  echo "install them as root on Debian/Ubuntu: apt-get install ${missing[*]}" >&2
  echo "(or run this script as root: bash scripts/setup-system.sh)" >&2
  exit 1
fi

echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
