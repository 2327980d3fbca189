"""Helpers for the tests of opening a file: really damaged database files, and a second
copy of the app (another process) holding a database's writer lock."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path


def damage_table_pages(path: Path, table: str = "members", pages: int = 3, seed: int = 7) -> list[int]:
    """Overwrite some of a table's b-tree leaf pages in the middle of the file with garbage,
    as a failing disk or a half-finished copy leaves it (not free pages, which no check
    would notice). The file must be closed (its WAL folded in). Returns the page numbers."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        leaves = [
            row[0]
            for row in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno", (table,)
            )
        ]
    assert len(leaves) >= pages + 2, f"{table} has only {len(leaves)} leaf pages"
    middle = leaves[len(leaves) // 2 : len(leaves) // 2 + pages]
    garbage = random.Random(seed)
    with open(path, "r+b") as file:
        for page in middle:
            file.seek((page - 1) * page_size)
            file.write(garbage.randbytes(page_size))
    return middle


HOLDER_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from unionapp.db import lock
    held = lock.acquire(Path(sys.argv[1]), operator=sys.argv[2])
    print("locked", flush=True)
    sys.stdin.readline()  # hold until told to stop (or killed)
    held.release()
    print("released", flush=True)
""")


TRY_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from unionapp.db import lock
    try:
        lock.acquire(Path(sys.argv[1])).release()
        print("free")
    except lock.DatabaseLockedError:
        print("held")
""")


def another_process_finds(db_path) -> str:
    """ "free" or "held": what a second copy of the app finds."""
    result = subprocess.run(
        [sys.executable, "-c", TRY_SCRIPT, str(db_path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


class Holder:
    """Another process holding the writer lock of a database."""

    def __init__(self, db_path, operator="李老师"):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER_SCRIPT, str(db_path), operator],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout.readline().strip() == "locked"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
            assert self.proc.stdout.readline().strip() == "released"
        self.proc.wait(timeout=30)

    def crash(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
