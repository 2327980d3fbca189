"""What every command shares: exit codes, printing, the export reports' names, the
checkup campaign a command means, the SQLite file behind a URL and the writer lock.

Nothing here loads SQLAlchemy, the reports or Qt at import: `unionapp --version`, `--help`
and the window start stay quick. Each helper imports what it needs when it runs."""

from __future__ import annotations

import sys
from contextlib import contextmanager, nullcontext
from pathlib import Path

from unionapp import privacy

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

CAMPAIGN_HELP = "体检批次编号（体检报表和导入体检结果用；今年只有一个体检批次时可省略）"

# The export reports' names, in the order `--help` lists them; cli.exports maps each to
# its builder (kept here so that parsing the command line loads no report module).
MEMBER_EXPORTS = ["members", "birthdays", "retirements"]
VISIT_EXPORTS = ["visits", "visit-receipts", "visit-summary"]
FUNDS_EXPORTS = ["ledger", "budget", "execution", "disclosure"]
CHECKUP_EXPORTS = ["checkups", "checkup-signin", "checkup-coverage"]
ACTIVITY_EXPORTS = ["handout-receipts", "activity-signin", "prize-receipts", "activities", "benefits"]
CONGRESS_EXPORTS = [
    "congress-delegates",
    "congress-signin",
    "proposals",
    "proposal-replies",
    "congress-resolutions",
    "congress-archive",
]
CARE_EXPORTS = ["care-list", "year-plan", "hardship"]
EXPORT_REPORTS = (
    MEMBER_EXPORTS
    + VISIT_EXPORTS
    + FUNDS_EXPORTS
    + CHECKUP_EXPORTS
    + ACTIVITY_EXPORTS
    + CONGRESS_EXPORTS
    + CARE_EXPORTS
    + ["audit", "binder"]
)

WRITING_COMMANDS = {"init", "demo", "import", "restore"}


class UsageProblem(Exception):
    """A usage error found only after looking at the data (which campaign?): exit 2."""


def out(text: str, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    if stream is not None:  # a windowed build on Windows has no console
        print(text, file=stream)


def campaign_id(db, wanted: int | None, year: int | None) -> int:
    """--campaign when given and known; else the year's only campaign; else a usage
    error listing the campaigns to choose from."""
    from datetime import date

    from unionapp.services.checkups import list_campaigns

    every = list_campaigns(db)
    if wanted is not None:
        if any(c.id == wanted for c in every):
            return wanted
        raise UsageProblem(f"找不到编号为 {wanted} 的体检批次。" + _campaign_list(every))
    year = year or date.today().year
    this_year = [c for c in every if c.year == year]
    if len(this_year) == 1:
        return this_year[0].id
    if not every:
        raise UsageProblem("还没有任何体检批次，请先在“体检”中新建体检批次。")
    said = f"{year} 年有 {len(this_year)} 个体检批次" if this_year else f"{year} 年没有体检批次"
    raise UsageProblem(f"{said}，请用 --campaign 编号 指定是哪一个。" + _campaign_list(this_year or every))


def _campaign_list(campaigns) -> str:
    lines = [
        f"  {c.id}　{c.name}（{c.date_from} 至 {c.date_to}{'，' + c.hospital if c.hospital else ''}）"
        for c in campaigns[:30]
    ]
    more = [f"  ……另有 {len(campaigns) - 30} 个"] if len(campaigns) > 30 else []
    return "\n可选的体检批次（编号　名称）：\n" + "\n".join(lines + more)


def sqlite_file(url: str, must_exist: bool = True) -> Path:
    from unionapp.db.engine import Database
    from unionapp.domain.errors import DomainError

    probe = Database(url)
    path = probe.sqlite_path
    probe.dispose()
    if path is None:
        raise DomainError(
            "恢复只适用于本机的数据库文件；共享的 PostgreSQL 数据库请由服务器管理员用 pg_dump 的备份恢复，"
            "或用 unionapp copy 把备份文件复制进一个新建的空数据库。"
        )
    privacy.protect_database(path)
    if must_exist and not path.exists():
        raise DomainError(f"找不到数据库文件：{path}")
    return path


def is_server(url: str) -> bool:
    from sqlalchemy.engine import make_url

    return make_url(url).get_backend_name() != "sqlite"


def writer_lock(url: str, args):
    """A writing command holds the window's one-writer lock while it runs, so it is
    refused (exit 1, saying who has the file open) while a window is editing it."""
    from unionapp.db.engine import Database

    if args.command not in WRITING_COMMANDS or getattr(args, "dry_run", False):
        return nullcontext()
    try:
        probe = Database(url)
    except Exception:  # noqa: BLE001 - an unusable URL: the command itself says what is wrong
        return nullcontext()
    path = probe.sqlite_path
    probe.dispose()
    if path is None or not path.parent.is_dir():  # PostgreSQL; or a folder the command will report missing
        return nullcontext()
    return _held(path)


@contextmanager
def _held(path: Path):
    from unionapp.db import lock

    try:
        writer = lock.acquire(path)
    except OSError:  # no lock file possible (read-only folder): the command meets that itself
        yield
        return
    try:
        yield
    finally:
        writer.release()
