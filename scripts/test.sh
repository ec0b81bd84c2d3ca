#!/usr/bin/env bash
# The whole test suite, with every bit of set-up it needs, on a fresh machine of this kind.
# `npm test` runs this; so does CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "system packages"
bash scripts/setup-system.sh

step "node packages"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

step "compile and bundle"
npx tsc -p .
node esbuild.mjs

step "lint"
npx eslint src test bench scripts

step "unit and integration tests (core, registry, engine, CLI)"
npx mocha

step "extension-host tests in a real VS Code"
npm run --silent test:extension

step "UI tests in a real VS Code with headless Chromium"
npm run --silent test:ui

step "benchmark (quick mode: proves it runs; not a timing test)"
npm run --silent bench:quick
