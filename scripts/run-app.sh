#!/usr/bin/env bash
# Set up (first time) and launch 工会助手. Arguments go to the app, e.g. --db FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/venv.sh
export LANG="${LANG:-C.UTF-8}"
exec .venv/bin/unionapp "$@"
