"""Fixtures of the command-line tests: a demo database built once per test module and
engine, for the tests that only read it (building one takes seconds, longer on PostgreSQL)."""

from __future__ import annotations

import pytest

from unionapp import cli


class DemoDatabases:
    """The --db value of one demo database per engine, made by `unionapp demo` on first use."""

    def __init__(self, folder, demo_args: list[str]):
        self.folder = folder
        self.demo_args = demo_args
        self._made: dict[str, str] = {}
        self._cleanups = []

    def get(self, engine: str, request) -> str:
        if engine not in self._made:
            self._made[engine] = self._build(engine, request)
        return self._made[engine]

    def _build(self, engine: str, request) -> str:
        if engine == "sqlite":
            arg = str(self.folder / "demo.db")
        else:
            server = request.getfixturevalue("pg_server")
            name = server.create_database(empty=True)  # as a user's new shared database
            self._cleanups.append(lambda: server.drop_database(name))
            arg = server.url_for(name)
        assert cli.main(["--db", arg, *self.demo_args]) == 0
        return arg

    def close(self) -> None:
        for cleanup in self._cleanups:
            cleanup()


@pytest.fixture(scope="module")
def demo_databases(request, tmp_path_factory):
    """Per module: set DEMO_ARGS (the `demo` command's arguments) in the test module."""
    made = DemoDatabases(tmp_path_factory.mktemp("cli-demo"), request.module.DEMO_ARGS)
    yield made
    made.close()


@pytest.fixture
def demo_db(demo_databases, db_engine, request) -> str:
    """The --db value of this module's demo database on this test's engine."""
    return demo_databases.get(db_engine, request)
