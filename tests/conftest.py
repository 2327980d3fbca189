"""Shared fixtures: headless Qt, a private data folder and a fresh database per test.

The service, importer, report and command-line tests run on both engines: `db` (and
`db_arg`, the --db value for the command line) is SQLite in a temp folder, then a fresh
PostgreSQL database on the server named by UNIONAPP_TEST_PG_URL (scripts/run-tests.sh
starts a throwaway one). Without a server the PostgreSQL runs are skipped with the reason,
except in CI (CI set), where they fail: a green CI run has run them all.
Tests that ask for `db_path` are about the SQLite file itself and run on SQLite only."""

from __future__ import annotations

import gc
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

import pytest

from pg_server import PG_URL_ENV, PostgresServer, in_ci
from unionapp import config
from unionapp.db.opening import open_database

BOTH_ENGINES_DIRS = ("services", "importers", "reports", "cli")
NO_SERVER = (
    f"PostgreSQL 不可用：未设置 {PG_URL_ENV}（scripts/run-tests.sh 会启动一个临时服务器），这些测试只在 SQLite 上运行了"
)
NO_SERVER_IN_CI = f"CI 中必须运行 PostgreSQL 测试，但没有设置 {PG_URL_ENV}：测试服务器没有启动，请查看其日志"


def pytest_generate_tests(metafunc):
    """Run each test of the engine-neutral folders once per engine."""
    if "db_engine" not in metafunc.fixturenames:
        return
    folder = Path(str(metafunc.definition.fspath)).parent.name
    engines = ["sqlite"]
    both = folder in BOTH_ENGINES_DIRS or getattr(metafunc.module, "BOTH_ENGINES", False)  # a UI test may opt in
    if both and "db_path" not in metafunc.fixturenames:
        skip = [] if os.environ.get(PG_URL_ENV) or in_ci() else [pytest.mark.skip(reason=NO_SERVER)]
        engines.append(pytest.param("postgresql", marks=skip))
    metafunc.parametrize("db_engine", engines, indirect=True)


@pytest.fixture(autouse=True)
def collect_cycles_on_the_main_thread():
    """Once a window test made the application, automatic collection is off for the rest
    of the session (ui.gui_gc) and its timer collects only while an event loop runs: the
    tests that run none still free their cycles after each test, as CPython would have."""
    yield
    if gc.get_freeze_count():  # the app's start freezes what it made; tests free all as before
        gc.unfreeze()
    if not gc.isenabled():
        from unionapp.ui.widgets.gui_gc import collect_due

        collect_due()


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Every test gets its own data folder, so nothing touches the user's real files."""
    folder = tmp_path / "appdata"
    monkeypatch.setenv(config.DATA_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "union.db"


@pytest.fixture(scope="session")
def pg_server():
    url = os.environ.get(PG_URL_ENV)
    if not url:
        if in_ci():
            pytest.fail(NO_SERVER_IN_CI, pytrace=False)
        pytest.skip(NO_SERVER)
    server = PostgresServer(url)
    yield server
    server.close()


@pytest.fixture
def db_engine(request):
    return getattr(request, "param", "sqlite")


@pytest.fixture
def db_arg(db_engine, tmp_path, request):
    """What the user would pass as --db: a file path, or a URL of an empty PostgreSQL database."""
    if db_engine == "sqlite":
        return str(tmp_path / "union.db")
    server = request.getfixturevalue("pg_server")
    name = server.create_database(empty=True)
    yield_url = server.url_for(name)
    request.addfinalizer(lambda: server.drop_database(name))
    return yield_url


@pytest.fixture
def db(db_engine, tmp_path, request):
    """A fresh database at the newest schema."""
    if db_engine == "sqlite":
        url = config.database_url(str(tmp_path / "union.db"))
    else:
        server = request.getfixturevalue("pg_server")
        name = server.create_database()
        request.addfinalizer(lambda: server.drop_database(name))
        url = server.url_for(name)
    database = open_database(url)
    yield database
    database.dispose()
