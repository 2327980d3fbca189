#!/usr/bin/env bash
# Create .venv and install the project (with the extras given, e.g. "test,build") when
# pyproject.toml changed since the last install. Sourced by run-app.sh and run-tests.sh.
set -euo pipefail
extras="${1:-}"
stamp=".venv/.installed${extras:+-$extras}"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
