"""Audit log benchmark (a script, not a test): 100,000 entries written straight into the
log, then each filter of the viewer timed (median of --runs), on SQLite or on the server
named by --db.

    .venv/bin/python benchmarks/bench_audit.py [--entries 100000] [--runs 3] [--db URL]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench_reports import timed  # noqa: E402  (the benchmarks' folder is the script's)
from services.test_audit import SEARCHES, synthetic_entries  # noqa: E402
from unionapp import config  # noqa: E402
from unionapp.db.models import AuditEntry  # noqa: E402
from unionapp.db.opening import open_database  # noqa: E402
from unionapp.services import audit  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", help="an empty database URL (default: a new SQLite file)")
    args = parser.parse_args()
    url = args.db or config.database_url(str(Path(tempfile.mkdtemp(prefix="bench-audit-")) / "audit.db"))
    db = open_database(url)
    with db.session() as s:
        s.execute(insert(AuditEntry), synthetic_entries(args.entries))
    for label, flt in SEARCHES.items():
        median = timed(lambda f=flt: audit.search_entries(db, f), args.runs)
        print(f"{label}: {median * 1000:.1f} ms (median of {args.runs})")
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
