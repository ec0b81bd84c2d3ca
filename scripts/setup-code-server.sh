#!/usr/bin/env bash
# Installs code-server (a real VS Code server + web workbench) into .tools/code-server for the
# extension-host and UI tests. Idempotent: does nothing when the pinned version is already there.
# Only the npm registry is reached: @vscode/ripgrep's postinstall wants to download `rg` from
# GitHub, so we hand it Debian's /usr/bin/rg through the cache it checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

# 4.100.3 bundles VS Code 1.100.3 and is the last line that runs on Node 20.
VERSION=4.100.3
RIPGREP_PKG=1.15.11
RIPGREP_BIN=v13.0.0-10
PREFIX="$PWD/.tools/code-server"
BIN="$PREFIX/node_modules/.bin/code-server"

fail() { printf 'setup-code-server: %s\n' "$*" >&2; exit 1; }
# `--config /dev/null` keeps code-server from writing a default config into ~/.config.
installed_version() { "$BIN" --config /dev/null --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -n1 | tr -d ' ' || true; }
# The postinstall links node_modules.asar once lib/vscode is installed; without it the install was cut short.
complete() { [ -L "$PREFIX/node_modules/code-server/lib/vscode/node_modules.asar" ]; }

if [ -x "$BIN" ] && complete && [ "$(installed_version)" = "$VERSION" ]; then
  echo "code-server $VERSION already installed in $PREFIX"
  exit 0
fi

# What the install and the tests need from the system, named by Debian package.
missing=()
command -v node >/dev/null || missing+=("node (Node.js 20)")
command -v npm >/dev/null || missing+=("npm")
[ -x /usr/bin/rg ] || missing+=("/usr/bin/rg (Debian package: ripgrep)")
[ -e /usr/include/gssapi/gssapi.h ] || [ -e /usr/include/krb5.h ] || missing+=("Kerberos headers (Debian package: libkrb5-dev)")
command -v make >/dev/null || missing+=("make (Debian package: build-essential)")
command -v g++ >/dev/null || missing+=("g++ (Debian package: build-essential)")
command -v python3 >/dev/null || missing+=("python3 (needed by node-gyp)")
if [ ${#missing[@]} -gt 0 ]; then
  fail "missing: ${missing[*]} (scripts/setup-system.sh installs the Debian packages)"
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" = 20 ] || fail "code-server $VERSION needs Node 20, found $(node --version)"

case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64 | arm64) rg_target=aarch64-unknown-linux-musl ;;
  *) fail "no ripgrep cache name known for architecture $(uname -m)" ;;
esac

# A private temp dir: the ripgrep cache lives there, and nothing is left in /tmp.
work="$PWD/.tools/tmp"
mkdir -p "$work/rg" "$work/vscode-ripgrep-cache-$RIPGREP_PKG"
cp /usr/bin/rg "$work/rg/rg"
tar -czf "$work/vscode-ripgrep-cache-$RIPGREP_PKG/ripgrep-$RIPGREP_BIN-$rg_target.tar.gz" -C "$work/rg" rg

echo "installing code-server $VERSION into $PREFIX (about 300 MB, ~1 min)"
rm -rf "$PREFIX"
mkdir -p "$PREFIX"
echo '{ "private": true, "description": "code-server for docker-pin tests (not part of the project)" }' >"$PREFIX/package.json"
# A plain local install in its own folder. Not --global/--prefix: npm hands its settings to
# lifecycle scripts as npm_config_* variables, and code-server's postinstall runs its own
# `npm install` in lib/vscode, which would then install itself over the outer package.
# For the same reason, settings inherited from an outer `npm run` are dropped.
while IFS= read -r var; do unset "$var"; done < <(env | sed -n 's/^\(npm_config_[A-Za-z0-9_]*\)=.*/\1/p')
# unsafe_perm: code-server's postinstall refuses to run as root without it.
# yes: node-pty's postinstall runs `npx node-gyp`, which would otherwise wait for a prompt.
if ! (cd "$PREFIX" && TMPDIR="$work" npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$VERSION"); then
  rm -rf "$PREFIX"
  fail "npm could not install code-server@$VERSION (see the npm output above)"
fi
rm -rf "$work"

complete || fail "code-server's postinstall did not finish (no lib/vscode/node_modules.asar)"
got=$(installed_version)
[ "$got" = "$VERSION" ] || fail "installed code-server reports version '$got', expected $VERSION"
echo "code-server $VERSION ready: $BIN"
