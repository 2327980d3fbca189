"""The commands that keep the data safe: `backup`, `restore`, `check` and `copy`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from unionapp import config
from unionapp.cli.common import EXIT_OK, EXIT_REFUSED, is_server, out, sqlite_file


def cmd_backup(url: str, args) -> int:
    from unionapp.services import backup

    if is_server(url):
        return _backup_server(url, args)
    source = sqlite_file(url)
    made = backup.write_snapshot(source, Path(args.output)) if args.output else backup.backup_now(source)
    out(f"已备份并校验：{made}（{backup.human_size(made.stat().st_size)}）")
    return EXIT_OK


def _backup_server(url: str, args) -> int:
    """A shared database's backup: a verified SQLite copy (the server keeps its own, pg_dump)."""
    from unionapp.db.copying import copy_to_file
    from unionapp.db.opening import open_database
    from unionapp.services import backup

    source = open_database(url, create=False)
    try:
        name = f"{source.url.database}-manual-{datetime.now():%Y%m%d-%H%M%S}.db"
        target = Path(args.output) if args.output else backup.backup_folder() / name
        result = copy_to_file(source, target)
    finally:
        source.dispose()
    out(f"已备份并校验：{target}（{backup.human_size(target.stat().st_size)}）：{result.describe()}")
    return EXIT_OK


def cmd_restore(url: str, args) -> int:
    from unionapp.services import backup

    target = sqlite_file(url, must_exist=False)
    info = backup.inspect_backup(Path(args.file))
    out(f"备份内容：{info.describe()}")
    kept = backup.restore(target, Path(args.file))
    if kept is None:
        out("已恢复。")
    elif backup.is_damaged_copy(kept):
        out(f"已恢复。原来的数据库文件已损坏，没有删除，保留为：{kept}")
    else:
        out(f"已恢复。恢复前的数据已备份到：{kept}")
    return EXIT_OK


def cmd_check(url: str, args) -> int:
    from unionapp.db.opening import open_database
    from unionapp.db.schema_check import SchemaMismatchError
    from unionapp.services.check import run_check, schema_report

    try:
        db = open_database(url, create=False)
    except SchemaMismatchError as exc:  # a SQLite file's schema is compared at open, before any write
        report = schema_report(exc.differences)
    else:
        try:
            report = run_check(db)
        finally:
            db.dispose()
    for good, text in report.lines:
        out(("✓ " if good else "✗ ") + text, err=not good)
    out("检查通过。" if report.ok else "检查发现问题，请根据上面的说明处理，或从备份恢复。", err=not report.ok)
    return EXIT_OK if report.ok else EXIT_REFUSED


def cmd_copy(url: str, args) -> int:
    from unionapp.db.copying import copy_database
    from unionapp.db.opening import open_database

    source = open_database(url, create=False)
    try:
        target = open_database(config.database_url(args.to))
        try:
            result = copy_database(source, target, progress=lambda text: out(text, err=True))
        finally:
            target.dispose()
    finally:
        source.dispose()
    out(f"复制完成：{result.describe()}")
    return EXIT_OK
