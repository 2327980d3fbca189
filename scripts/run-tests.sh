#!/usr/bin/env bash
# Set up (first time) and run the whole test suite headless, including the slow
# PyInstaller bundle test, on SQLite and on a throwaway PostgreSQL server (started here
# on loopback when Debian's postgresql is installed, stopped at the end; without one the
# PostgreSQL tests are skipped and pytest says why). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh test
bash scripts/venv.sh test,build
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8

if [ -z "${UNIONAPP_TEST_PG_URL:-}" ]; then
  pg_dir="$(mktemp -d /tmp/unionapp-pg.XXXXXX)"
  trap 'bash scripts/pg-test-server.sh stop "$pg_dir"' EXIT
  if url="$(bash scripts/pg-test-server.sh start "$pg_dir")"; then
    export UNIONAPP_TEST_PG_URL="$url"
    echo "PostgreSQL test server: ${url/:unionapp-test@/:***@}"
  else
    echo "PostgreSQL test server did not start (see $pg_dir/*.log); its tests will be skipped." >&2
    cat "$pg_dir"/*.log >&2 2>/dev/null || true
  fi
fi
.venv/bin/python -m pytest "$@"
