"""CI must not go green with the PostgreSQL tests skipped: with CI set, a test server that
does not start fails scripts/run-tests.sh, and a PostgreSQL test without a server fails
instead of skipping. Without CI both still skip, saying why."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_TEST = "tests/db/test_postgres.py::test_init_creates_the_schema_on_an_empty_database"
BOTH_ENGINES_TEST = "tests/services/test_budget_and_dues.py::test_future_month_refused"


def _env(ci: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "UNIONAPP_TEST_PG_URL")}
    if ci is not None:
        env["CI"] = ci
    return env


def _pytest(ci: str | None, *tests: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs", *tests],
        cwd=ROOT,
        env=_env(ci),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_ci_the_postgres_tests_skip_with_the_reason():
    run = _pytest(None, PG_TEST, BOTH_ENGINES_TEST)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 skipped" in run.stdout and "PostgreSQL 不可用" in run.stdout


@pytest.mark.parametrize("ci", ["true", "1"])
def test_in_ci_a_postgres_test_without_a_server_fails(ci):
    run = _pytest(ci, PG_TEST, BOTH_ENGINES_TEST)
    assert run.returncode != 0, run.stdout + run.stderr
    assert "skipped" not in run.stdout and "2 error" in run.stdout, run.stdout
    assert "CI 中必须运行 PostgreSQL 测试" in run.stdout
    assert "1 passed" in run.stdout  # the SQLite run of the both-engines test still runs


@pytest.fixture
def fake_checkout(tmp_path):
    """scripts/run-tests.sh in a copy of the tree whose PostgreSQL server fails to start and
    whose "pytest" only says it ran (the real setup steps are stubbed: no apt, no pip)."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "run-tests.sh", tmp_path / "scripts")
    for name in ("system-deps.sh", "venv.sh", "lint.sh"):
        (tmp_path / "scripts" / name).write_text("exit 0\n")
    (tmp_path / "scripts" / "pg-test-server.sh").write_text(
        '[ "$1" = start ] || { rm -rf "$2"; exit 0; }\n'
        'mkdir -p "$2"\necho "initdb: could not start the server" > "$2/server.log"\nexit 1\n'
    )
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    python = tmp_path / ".venv" / "bin" / "python"
    python.write_text('#!/bin/sh\necho "pytest ran: $*"\n')
    python.chmod(0o755)
    return tmp_path


def test_in_ci_run_tests_fails_when_the_postgres_server_does_not_start(fake_checkout):
    run = subprocess.run(
        ["bash", str(fake_checkout / "scripts" / "run-tests.sh")],
        env=_env("true"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "pytest ran" not in run.stdout
    assert "did not start" in run.stderr and "CI is set" in run.stderr
    assert "could not start the server" in run.stderr  # the server's log, to see why


def test_without_ci_run_tests_warns_and_runs_the_rest(fake_checkout):
    run = subprocess.run(
        ["bash", str(fake_checkout / "scripts" / "run-tests.sh"), "-x"],
        env=_env(None),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "pytest ran: -m pytest -x" in run.stdout
    assert "will be skipped" in run.stderr
