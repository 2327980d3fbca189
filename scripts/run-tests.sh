#!/usr/bin/env bash
# Set up (first time) and run the whole test suite headless, including the slow
# PyInstaller bundle test, on SQLite and on a throwaway PostgreSQL server (started here
# on loopback when Debian's postgresql is installed, stopped at the end; without one the
# PostgreSQL tests are skipped and pytest says why). In CI (CI set, as CI services do) a
# server that does not start fails the run instead: a green run must have run every test.
# The linters run first (scripts/lint.sh) and fail the run too. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh test
bash scripts/venv.sh test,build
bash scripts/lint.sh
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8

if [ -z "${UNIONAPP_TEST_PG_URL:-}" ]; then
  pg_dir="$(mktemp -d /tmp/unionapp-pg.XXXXXX)"
  trap 'bash scripts/pg-test-server.sh stop "$pg_dir"' EXIT
  if url="$(bash scripts/pg-test-server.sh start "$pg_dir")"; then
    export UNIONAPP_TEST_PG_URL="$url"
    echo "PostgreSQL test server: ${url/:unionapp-test@/:***@}"
  else
    cat "$pg_dir"/*.log >&2 2>/dev/null || true
    ci="${CI:-}"
    case "${ci,,}" in
      ""|0|false|no)
        echo "PostgreSQL test server did not start (log above); its tests will be skipped." >&2 ;;
      *)
        echo "PostgreSQL test server did not start (log above). CI is set, so the run fails here rather" \
             "than skip its tests: install Debian's postgresql (scripts/system-deps.sh) and look at the log." >&2
        exit 1 ;;
    esac
  fi
fi
.venv/bin/python -m pytest "$@"
