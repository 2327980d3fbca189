"""kill -9 (and a power cut) in the middle of an import, kill -9 in the middle of a
backup: afterwards `unionapp check` passes, the data is all-before or all-after, and the
app carries on."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from unionapp import config
from unionapp.db.opening import open_database
from unionapp.db.snapshots import STALE_PARTIAL_SECONDS, integrity_problems
from unionapp.domain.members import MemberInput
from unionapp.services import backup, members

from .tools import (
    copy_database,
    file_sha,
    finish,
    kill,
    state_of,
    wait_for_uncommitted_pages,
)

ATTEMPTS = 3  # a kill can lose the race with the commit; one landing mid-write is required


def test_kill_9_or_power_cut_mid_import_leaves_all_before_or_all_after(cli, before, after, roster, tmp_path):
    """At one moment inside the import's write transaction the files on disk are copied
    (what a power cut would leave), then the process is killed with SIGKILL. The chair
    reopens either file and finds the data as it was before the import."""
    landed = None
    for attempt in range(ATTEMPTS):
        db = before.copy_to(tmp_path / f"attempt-{attempt}")
        proc = cli.spawn("--db", db, "import", "members", roster)
        wal_bytes = wait_for_uncommitted_pages(proc, db)
        power_cut = copy_database(db, tmp_path / f"power-cut-{attempt}", ("-wal", "-shm")) if wal_bytes else None
        code = kill(proc) if wal_bytes else finish(proc)
        for left in filter(None, [db, power_cut]):
            cli.check(left)
            state = state_of(left)
            assert state in (before.state, after.state), f"attempt {attempt}: half an import is stored: {state}"
            assert code != 0 or state == after.state, "the import said it was done but its rows are missing"
        if code == -9 and state_of(db) == state_of(power_cut) == before.state:
            landed = db
            break
    assert landed is not None, f"no kill landed inside the import's write transaction in {ATTEMPTS} attempts"
    # The chair reopens the app: the import's rows are gone, a new edit is saved.
    database = open_database(config.database_url(str(landed)))
    try:
        added = members.add_member(database, MemberInput(name="周新来", gender="F"))
        assert members.get_member(database, added).name == "周新来"
        assert members.count_members(database) == before.state.members + 1
    finally:
        database.dispose()
    cli.check(landed)


def _pad_with_history(db: Path, entries: int) -> None:
    """Years of edits: every change writes an audit entry with the values before and after."""
    detail = (
        '{"before": {"phone": "138****5678", "notes": "' + "调入本校，任教初二语文" * 4 + '"}, '
        '"after": {"phone": "139****0000", "notes": "' + "担任年级组长，负责工会小组活动" * 4 + '"}}'
    )
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO audit_log (at, os_user, operator, action, entity, entity_id, summary, details) "
                "VALUES (datetime('2020-01-01', ?), 'office', '王建国', 'update', 'member', ?, ?, ?)",
                (
                    (f"+{n // 40} minutes", n % 10_000 + 1, f"修改会员第 {n} 次：手机号、备注", detail)
                    for n in range(entries)
                ),
            )
    finally:
        conn.close()  # the last connection: checkpoints, so the file stands alone


def _wait_for_copy(proc, partial: Path, at_least: int, timeout: float = 60) -> bool:
    """Until the copy's transaction is open (its rollback journal exists) and `at_least`
    bytes of pages have reached the partial file."""
    journal = Path(f"{partial}-journal")
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if journal.exists() and partial.stat().st_size >= at_least:
                return True
        except FileNotFoundError:
            pass  # not started yet, or just renamed
        time.sleep(0.0005)
    return False


def test_kill_9_mid_backup_leaves_the_database_untouched_and_no_backup(cli, after, tmp_path):
    source = after.copy_to(tmp_path / "data")
    _pad_with_history(source, 60_000)
    assert source.stat().st_size > 30_000_000, "the copy must take long enough to be caught in the middle"
    cli.check(source)
    sha, state = file_sha(source), state_of(source)
    usb = tmp_path / "usb"
    target = usb / "工会备份.db"
    partial = usb / (target.name + ".partial")
    landed = False
    for _attempt in range(ATTEMPTS):
        proc = cli.spawn("--db", source, "backup", "-o", target)
        caught = _wait_for_copy(proc, partial, at_least=source.stat().st_size // 4)
        code = kill(proc) if caught else finish(proc)
        assert file_sha(source) == sha, "the backup changed the database it copies"
        if code == -9 and Path(f"{partial}-journal").exists():
            landed = True
            break
        target.unlink(missing_ok=True)
    assert landed, f"no kill landed while the backup was copying in {ATTEMPTS} attempts"
    # What the code promises: no file named like the backup, only the partial and its journal.
    assert not target.exists()
    assert partial.exists()
    assert all(p.name.startswith(partial.name) for p in usb.iterdir())
    cli.check(source)
    assert state_of(source) == state
    # The next backup to the same file succeeds and clears what the killed one left.
    done = cli.run("--db", source, "backup", "-o", target)
    assert done.returncode == 0, done.stderr
    assert "已备份并校验" in done.stdout
    assert [p.name for p in usb.iterdir()] == [target.name]
    assert integrity_problems(target) == []
    assert state_of(target) == state
    assert backup.inspect_backup(target).counts["会员"] == state.members
    assert [p.name for p in usb.iterdir()] == [target.name], "looking into a backup must not add files beside it"


def test_next_backup_clears_partials_that_killed_backups_left(db, db_path, tmp_path):
    """Dated backups never reuse a name, so the next backup into the folder removes any
    partial nobody has touched for an hour — and leaves one that may still be written."""
    folder = tmp_path / "backups"
    folder.mkdir()
    stale = folder / "union-manual-20250101-090000.db.partial"
    fresh = folder / "union-auto-20250101-100000.db.partial"
    for path in (stale, Path(f"{stale}-journal"), fresh):
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    old = time.time() - STALE_PARTIAL_SECONDS - 60
    os.utime(stale, (old, old))
    made = backup.backup_now(db_path, "manual", folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted([made.name, fresh.name])
