#!/usr/bin/env bash
# pre-commit (https://pre-commit.com), a Python tool, which the tests of the pre-commit hooks run
# (test/cli/preCommit.test.ts). Nothing to do when it is on PATH or already in .tools/pre-commit;
# else it is installed from PyPI into a virtual environment there (Debian's python refuses a
# system-wide pip install; python3-venv is installed for it as root when missing). Debian's own
# package is older (bookworm: 3.0.4) than the pre-commit the hooks are tested with (4.x).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.tools/pre-commit
if command -v pre-commit >/dev/null 2>&1; then
  echo "pre-commit: present ($(pre-commit --version))"
  exit 0
fi
if [ -x "$VENV/bin/pre-commit" ]; then
  echo "pre-commit: present in $VENV ($("$VENV/bin/pre-commit" --version))"
  exit 0
fi

python=$(command -v python3 || true)
if [ -z "$python" ]; then
  echo "pre-commit is missing and so is python3 to install it with: install pre-commit (pip install pre-commit)" >&2
  exit 1
fi
if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    bash scripts/setup-system.sh python3-venv
  else
    echo "pre-commit is missing: install it (pip install pre-commit), or python3's venv module (Debian: python3-venv) so this script can" >&2
    exit 1
  fi
fi

echo "pre-commit: installing from PyPI into $VENV"
rm -rf "$VENV"
"$python" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check 'pre-commit>=4'
echo "pre-commit: $("$VENV/bin/pre-commit" --version)"
