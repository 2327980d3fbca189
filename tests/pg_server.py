"""Fresh PostgreSQL databases for tests: one template at the newest schema, copied per test
(CREATE DATABASE … TEMPLATE takes a few tens of milliseconds, a migration run much longer)."""

from __future__ import annotations

import itertools
import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from unionapp.db.opening import open_database

PG_URL_ENV = "UNIONAPP_TEST_PG_URL"
TEMPLATE = "unionapp_template"


def in_ci() -> bool:
    """CI services set CI (CI=true): there the PostgreSQL tests must run, never skip."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


class PostgresServer:
    def __init__(self, admin_url: str):
        self.admin_url = make_url(admin_url)
        # AUTOCOMMIT: CREATE/DROP DATABASE can't run inside a transaction.
        self.admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        self._names = (f"unionapp_t{os.getpid()}_{n}" for n in itertools.count())
        self._template_ready = False

    def url_for(self, name: str) -> str:
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def _make_template(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{TEMPLATE}"')
        open_database(self.url_for(TEMPLATE)).dispose()  # migrations and seeded charts
        self._template_ready = True

    def create_database(self, empty: bool = False) -> str:
        """A new database: at the newest schema, or `empty` as `unionapp init` finds one."""
        if not empty and not self._template_ready:
            self._make_template()
        name = next(self._names)
        self._execute(f'CREATE DATABASE "{name}"' + ("" if empty else f' TEMPLATE "{TEMPLATE}"'))
        return name

    def drop_database(self, name: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        if self._template_ready:
            self.drop_database(TEMPLATE)
        self.admin.dispose()
