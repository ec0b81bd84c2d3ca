#!/usr/bin/env bash
# The whole test suite, with every bit of set-up it needs, on a fresh machine of this kind.
# `npm test` runs this; so does CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

# Every suite's output also goes to a log, so the closing line can add up what ran.
LOG=$(mktemp -t docker-pin-tests.XXXXXX)
trap 'rm -f "$LOG"' EXIT
run() { "$@" 2>&1 | tee -a "$LOG"; }

step "system packages"
bash scripts/setup-system.sh
bash scripts/setup-pre-commit.sh

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
run npx mocha

step "extension-host tests in a real VS Code"
run npm run --silent test:extension

step "UI tests in a real VS Code with headless Chromium"
run npm run --silent test:ui

step "benchmark (quick mode: proves it runs; not a timing test)"
npm run --silent bench:quick

# mocha prints "N passing" / "N failing" per run (the VS Code runs prefix their pass name).
passed=$(sed -nE 's/^(\[[a-z]+\])? *([0-9]+) passing.*/\2/p' "$LOG" | awk '{ n += $1 } END { print n + 0 }')
failed=$(sed -nE 's/^(\[[a-z]+\])? *([0-9]+) failing.*/\2/p' "$LOG" | awk '{ n += $1 } END { print n + 0 }')
echo
echo "all suites: ${passed:-0} passed, ${failed:-0} failed"
