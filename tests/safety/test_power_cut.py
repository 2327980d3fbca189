"""A power cut in the middle of a write, simulated by copying the database files as they
are on disk at that moment (then killing the writer): every copy opens, passes the
integrity check and holds the data as of a commit — never part of a transaction.
The same in the middle of a 10,000-row import is in test_kill.py, together with the kill."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .hold_transaction import LAST_COMMIT_NAME
from .tools import SPILLED_BYTES, copy_database, kill, member_rows, state_of

HOLDER = Path(__file__).with_name("hold_transaction.py")
UNCOMMITTED_ROWS = 20_000  # more than SQLite's page cache holds: pages spill into the -wal


def _truncated_wal_copy(db: Path, folder: Path, size: int) -> Path:
    """The main file and the -wal cut at `size` bytes: the last writes never reached the disk."""
    copy = copy_database(db, folder, ("-wal",))
    with open(f"{copy}-wal", "r+b") as wal:
        wal.truncate(size)
    return copy


def test_power_cut_mid_transaction_leaves_a_readable_file(cli, before, tmp_path):
    db = before.copy_to(tmp_path / "live")
    holder = subprocess.Popen(
        [sys.executable, str(HOLDER), str(db), str(UNCOMMITTED_ROWS)],
        env=cli.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        ready = holder.stdout.readline().split()
        assert ready[:1] == ["READY"], holder.communicate()[1]
        committed, written = int(ready[1]), int(ready[2])
        assert written - committed >= SPILLED_BYTES, "the open transaction's pages are not on disk yet"
        copies = {
            "as on disk": copy_database(db, tmp_path / "as-on-disk", ("-wal", "-shm")),
            "WAL lost": copy_database(db, tmp_path / "wal-lost"),
            "WAL torn in the last commit": _truncated_wal_copy(db, tmp_path / "torn", committed - 1000),
        }
    finally:
        assert kill(holder) == -9
    for name, copy in copies.items():
        cli.check(copy)  # opens through the app, integrity check, accounts add up
        assert not [r for r in member_rows(copy) if r[1].startswith("未提交")], f"{name}: uncommitted rows visible"
    # The -wal held the last commit: with it the member is there, without it the file is as
    # of the last checkpoint — both whole transactions.
    rows = member_rows(copies["as on disk"])
    assert rows[:-1] == member_rows(before.path) and rows[-1][1] == LAST_COMMIT_NAME
    assert state_of(copies["WAL lost"]) == before.state
    assert state_of(copies["WAL torn in the last commit"]) == before.state
