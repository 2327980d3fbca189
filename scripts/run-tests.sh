#!/usr/bin/env bash
# Set up (first time) and run the whole test suite headless, including the slow
# PyInstaller bundle test. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/venv.sh test,build
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8
exec .venv/bin/python -m pytest "$@"
