"""Child process for the power-cut tests: `python hold_transaction.py DB ROWS`.

Through the app's own database layer it saves one new member (the last commit before
the power cut), then inserts ROWS members in one transaction that is flushed to SQLite
but never committed, prints "READY <-wal bytes after the commit> <-wal bytes now>" and
waits to be killed."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sqlalchemy import insert

from unionapp import config
from unionapp.db.models import Member
from unionapp.db.opening import open_database
from unionapp.domain.members import MemberInput
from unionapp.services import members

LAST_COMMIT_NAME = "停电前保存"


def wal_bytes(db: Path) -> int:
    wal = Path(f"{db}-wal")
    return wal.stat().st_size if wal.exists() else 0


def main(db: Path, rows: int) -> None:
    database = open_database(config.database_url(str(db)))
    members.add_member(database, MemberInput(name=LAST_COMMIT_NAME, gender="M"))
    committed = wal_bytes(db)
    with database.session() as session:
        session.execute(insert(Member), [{"name": f"未提交{n}", "gender": "F"} for n in range(rows)])
        session.flush()
        print(f"READY {committed} {wal_bytes(db)}", flush=True)
        time.sleep(600)  # the test kills this process long before


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
