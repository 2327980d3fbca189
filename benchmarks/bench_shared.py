"""Shared-mode benchmark (a script, not a test): a school of N members with Y years of
records moved from its SQLite file into an empty PostgreSQL database and back, then the
loads the window does at start measured on both engines (median of --runs).

    UNIONAPP_TEST_PG_URL=postgresql+psycopg://user:pw@host:port/postgres \\
        .venv/bin/python benchmarks/bench_shared.py [--members 10000] [--years 3] [--runs 3]

The URL names a server where the user may create and drop databases (scripts/
pg-test-server.sh start DIR starts a throwaway one and prints such a URL).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench_reports import timed  # noqa: E402  (the benchmarks' folder is the script's)
from pg_server import PG_URL_ENV, PostgresServer  # noqa: E402
from unionapp import config  # noqa: E402
from unionapp.db.copying import copy_database  # noqa: E402
from unionapp.db.opening import open_database  # noqa: E402
from unionapp.services import ledger, members, visits  # noqa: E402
from unionapp.services.demo import create_demo  # noqa: E402
from unionapp.services.ledger import LedgerFilter  # noqa: E402


def start_loads(db) -> None:
    """What the four tabs read when the window opens."""
    members.list_members(db)
    ledger.list_entries(db, LedgerFilter(date_from=date(date.today().year, 1, 1)))
    visits.attention(db)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    admin = os.environ.get(PG_URL_ENV)
    if not admin:
        print(f"set {PG_URL_ENV} to a PostgreSQL server URL", file=sys.stderr)
        return 2
    os.environ.setdefault(config.DATA_DIR_ENV, tempfile.mkdtemp(prefix="bench-shared-"))
    folder = Path(tempfile.mkdtemp(prefix="bench-shared-db-"))
    server = PostgresServer(admin)
    name = server.create_database(empty=True)
    try:
        lite = open_database(config.database_url(str(folder / "school.db")))
        made = timed(lambda: create_demo(lite, members_count=args.members, years=args.years, seed=1), 1)
        print(f"demo {args.members} members x {args.years} years into SQLite: {made:.2f} s")
        pg = open_database(server.url_for(name))
        result = None

        def to_server():
            nonlocal result
            result = copy_database(lite, pg)

        print(f"copy SQLite -> PostgreSQL: {timed(to_server, 1):.2f} s ({sum(result.counts.values())} rows)")
        back = open_database(config.database_url(str(folder / "back.db")))
        print(f"copy PostgreSQL -> SQLite: {timed(lambda: copy_database(pg, back), 1):.2f} s")
        for label, db in (("SQLite", lite), ("PostgreSQL", pg)):
            print(
                f"start-up loads on {label}: {timed(lambda db=db: start_loads(db), args.runs) * 1000:.0f} ms "
                f"(median of {args.runs})"
            )
        for db in (lite, pg, back):
            db.dispose()
    finally:
        server.drop_database(name)
        server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
