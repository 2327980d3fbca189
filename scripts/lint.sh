#!/usr/bin/env bash
# The linters CI runs before the tests (scripts/run-tests.sh calls this; needs the venv with
# the test extras): ruff's checks and its formatting, and import-linter's contracts — the
# layers ui/cli → reports/importers → services → db → domain, Qt only in the UI and the
# printing adapter, no import cycles (pyproject.toml, [tool.importlinter]).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/lint-imports
