"""Command line: `unionapp [--db PATH_OR_URL] [COMMAND ...]`; no command opens the window.

Exit codes: 0 success, 1 input or data refused (one Chinese line per problem on stderr),
2 usage error. A user's mistake never shows a traceback."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime
from pathlib import Path

from unionapp import __version__, config, logs, privacy

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
log = logging.getLogger(__name__)


class UsageProblem(Exception):
    """A usage error found only after looking at the data (which campaign?): exit 2."""


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own text stays, prefixed in Chinese
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"命令用法有误：{message}\n使用 unionapp --help 查看帮助。\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="unionapp", description="工会助手：学校工会的会员、走访、体检和经费管理。")
    parser.add_argument("--db", metavar="PATH_OR_URL", help="数据库文件路径或 SQLAlchemy 地址（默认在用户数据文件夹）")
    parser.add_argument("--version", action="version", version=f"unionapp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ChineseArgumentParser)

    init = sub.add_parser("init", help="创建数据库，或升级旧版本的数据库（先备份）")
    init.add_argument("--union-name", help="工会名称，如“某某中学工会委员会”")
    init.add_argument("--chair", help="工会主席姓名")

    demo = sub.add_parser("demo", help="在空数据库中生成演示数据")
    demo.add_argument("--members", type=int, default=300, metavar="N", help="会员人数（默认 300）")
    demo.add_argument("--years", type=int, default=3, metavar="Y", help="生成几年的记录（默认 3）")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="随机种子，同一种子生成同样的数据")

    imp = sub.add_parser("import", help="从 Excel 工作簿（.xlsx / .xls）导入")
    imp.add_argument("area", choices=["members", "visits", "checkups", "ledger"], metavar="AREA",
                     help="导入什么：members（会员花名册）| visits（五必访登记表）| checkups（医院返回的体检名单）"
                          "| ledger（往年收支明细账）")
    imp.add_argument("file", metavar="FILE", help=".xlsx 或 .xls 文件")
    imp.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
    imp.add_argument("--skip-errors", action="store_true", help="跳过有问题的行，导入其余的行")
    imp.add_argument("--campaign", type=int, metavar="ID", help=CAMPAIGN_HELP)
    bak = sub.add_parser("backup", help="备份数据库（校验后保存）")
    bak.add_argument("-o", "--output", metavar="FILE", help="备份到这个文件（默认放在备份文件夹）")
    res = sub.add_parser("restore", help="用备份恢复数据库（先自动备份当前数据）")
    res.add_argument("file", metavar="FILE", help="备份文件")
    sub.add_parser("check", help="检查数据库：结构版本、完整性、记录数、账目一致")
    cpy = sub.add_parser("copy", help="把整个数据库复制到另一个空数据库（如从本机文件到共享的 PostgreSQL，或反过来）")
    cpy.add_argument("--to", required=True, metavar="PATH_OR_URL",
                     help="目标：新的 .db 文件路径，或空的 PostgreSQL 数据库地址 postgresql+psycopg://用户@服务器/数据库")

    exp = sub.add_parser("export", help="导出报表（.xlsx / .pdf / .csv）")
    exp.add_argument("report", choices=list(EXPORT_REPORTS), metavar="REPORT",
                     help="members（花名册）| birthdays（生日名单）| retirements（退休预告）| visits（五必访登记表）"
                          "| visit-receipts（慰问金发放签收表）| visit-summary（年度五必访统计表）| ledger（收支明细账）"
                          "| budget（年度经费预算表）| execution（预算执行情况表）| disclosure（经费收支公开表）"
                          "| checkups（体检名单，交医院）| checkup-signin（体检签到表）| checkup-coverage（体检参加情况统计表）"
                          "| audit（审计日志：谁在何时改了什么）")
    exp.add_argument("-o", "--output", required=True, metavar="OUT", help="输出文件，按扩展名决定格式")
    exp.add_argument("--format", choices=["xlsx", "pdf", "csv"], help="指定格式（不按扩展名）")
    exp.add_argument("--year", type=int, help="年份（生日名单、走访和经费报表；默认今年，五必访登记表和签收表默认本月）")
    exp.add_argument("--from", dest="date_from", metavar="DATE",
                     help="起始日期，如 2026-01-01（生日名单取其月份，退休预告从此日算起，走访报表和收支明细账从此日起）")
    exp.add_argument("--to", dest="date_to", metavar="DATE",
                     help="截止日期（退休预告，默认起始日后 12 个月；走访报表和收支明细账到此日止，默认到当年年底）")
    exp.add_argument("--full-id", action="store_true", help="包含完整身份证号和手机号（默认部分隐藏）")
    exp.add_argument("--campaign", type=int, metavar="ID", help=CAMPAIGN_HELP)
    exp.add_argument("--include-health", action="store_true",
                     help="体检参加情况统计表中列出需复查的人及说明（健康信息，默认不列）")
    return parser


CAMPAIGN_HELP = "体检批次编号（体检报表和导入体检结果用；今年只有一个体检批次时可省略）"


MEMBER_EXPORTS = ["members", "birthdays", "retirements"]
VISIT_EXPORTS = ["visits", "visit-receipts", "visit-summary"]
FUNDS_EXPORTS = ["ledger", "budget", "execution", "disclosure"]
CHECKUP_EXPORTS = ["checkups", "checkup-signin", "checkup-coverage"]
EXPORT_REPORTS = MEMBER_EXPORTS + VISIT_EXPORTS + FUNDS_EXPORTS + CHECKUP_EXPORTS + ["audit"]


def _out(text: str, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    if stream is not None:  # a windowed build on Windows has no console
        print(text, file=stream)


def _no_display() -> bool:
    """On Linux without X, Wayland or a chosen Qt platform, Qt would abort (exit 134)."""
    import os

    if not sys.platform.startswith("linux"):
        return False
    return not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def main(argv: list[str] | None = None) -> int:
    privacy.private_by_default()  # before the first file: database, backups, log, exports
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    url = config.database_url(args.db)
    if args.command is None:
        if _no_display():
            _out("没有可用的显示器，无法打开窗口。请在桌面环境中运行，或使用 xvfb-run；命令行功能见 unionapp --help。", err=True)
            return EXIT_REFUSED
        from unionapp.ui.app import run_gui  # Qt is loaded only for the window

        return run_gui(args.db)
    privacy.protect_app_files()
    with logs.log_file():
        return _run_command(url, args)


def _run_command(url: str, args) -> int:
    from unionapp.domain.errors import DomainError
    from unionapp.db.errors import DatabaseOpenError, friendly_message
    from sqlalchemy.exc import DBAPIError

    try:
        with _writer_lock(url, args):
            return COMMANDS[args.command](url, args)
    except UsageProblem as exc:
        _out(f"命令用法有误：{exc}", err=True)
        return EXIT_USAGE
    except (DomainError, DatabaseOpenError) as exc:
        _out(str(exc), err=True)
        return EXIT_REFUSED
    except DBAPIError as exc:
        message = friendly_message(exc)
        if message is None:
            return _unexpected(args)
        _out(message, err=True)
        return EXIT_REFUSED
    except Exception:  # noqa: BLE001 - a failure nobody foresaw: logged (masked), said in Chinese
        return _unexpected(args)


def _unexpected(args) -> int:
    """One Chinese line instead of a traceback, which could show a member's ID number;
    the details go to the log, masked. Exit 1, as Python's own for an uncaught error."""
    log.exception("unexpected error in command %r", args.command)
    try:
        where = f"详细信息已记录在日志文件：{config.log_path()}"
    except OSError:  # no data folder: nothing could be logged either
        where = "日志文件无法写入，请把这条消息和刚才的命令告诉帮助你的人。"
    _out(f"出现了意外错误，命令没有完成，已保存的数据不受影响。{where}", err=True)
    return EXIT_REFUSED


def cmd_init(url: str, args) -> int:
    from unionapp.db.opening import open_database
    from unionapp.services import settings

    db = open_database(url)
    try:
        current = settings.load(db)
        new = settings.UnionSettings(
            union_name=args.union_name or current.union_name,
            chair_name=args.chair or current.chair_name,
            operator=current.operator or (args.chair or ""),
            demo_offered=current.demo_offered,
        )
        if db.read_only:
            _out("数据库文件是只读的：可以查看，但不能修改。", err=True)
            return EXIT_REFUSED
        settings.save(db, new)
        _out(f"数据库已就绪：{db.sqlite_path or db.url.render_as_string(hide_password=True)}")
        return EXIT_OK
    finally:
        db.dispose()


def cmd_demo(url: str, args) -> int:
    from unionapp.db.opening import open_database
    from unionapp.services.demo import create_demo

    db = open_database(url)
    try:
        made = create_demo(db, members_count=args.members, years=args.years, seed=args.seed)
        funds = (f"，以及 {args.years} 年的五必访走访记录、体检批次、经费预算和收支明细账（往年已结账）"
                 if args.years > 0 else "")
        _out(f"已生成演示数据：{made} 位会员{funds}。")
        return EXIT_OK
    finally:
        db.dispose()


def cmd_import(url: str, args) -> int:
    from unionapp.db.opening import open_database
    from unionapp.importers.members import plan_member_import
    from unionapp.services.members import apply_import

    path = Path(args.file)
    db = open_database(url)
    try:
        if args.area == "ledger":
            return _import_ledger(db, path, args)
        if args.area == "visits":
            return _import_visits(db, path, args)
        if args.area == "checkups":
            return _import_checkups(db, path, args)
        plan = plan_member_import(db, path)
        _print_notes(plan)
        for refused in plan.refused:
            for line in refused.lines():
                _out(line, err=True)
        if args.dry_run:
            _out(f"试运行（未写入）：{plan.summary()}")
            return EXIT_REFUSED if plan.refused and not args.skip_errors else EXIT_OK
        if plan.refused and not args.skip_errors:
            _out(f"有 {len(plan.refused)} 行有问题，整个文件没有导入（没有写入任何数据）。"
                 "请改正后重新导入，或加 --skip-errors 跳过这些行。", err=True)
            return EXIT_REFUSED
        result = apply_import(db, plan, skip_errors=args.skip_errors)
        _out(f"导入完成：新增 {result.added} 人，更新 {result.updated} 人，无变化 {len(plan.unchanged)} 人，"
             f"跳过 {result.refused} 行。")
        return EXIT_OK
    finally:
        db.dispose()


def _print_notes(plan) -> None:
    """What the reader did to the file's rows (merged cells filled in, far cells ignored)."""
    for note in plan.notes:
        _out(f"注意：{note}")


def _refused_before_writing(plan, args) -> int | None:
    """Problems on stderr; the exit code when nothing is to be written (a dry run, or
    refused rows without --skip-errors), else None."""
    _print_notes(plan)
    for line in plan.problem_lines():
        _out(line, err=True)
    if args.dry_run:
        _out(f"试运行（未写入）：{plan.summary()}")
        return EXIT_REFUSED if plan.refused and not args.skip_errors else EXIT_OK
    if plan.refused and not args.skip_errors:
        _out(f"有 {len(plan.refused)} 行有问题，整个文件没有导入（没有写入任何数据）。"
             "请改正后重新导入，或加 --skip-errors 跳过这些行。", err=True)
        return EXIT_REFUSED
    return None


def _import_ledger(db, path: Path, args) -> int:
    """Same contract as the members import: problems on stderr, all rows or none."""
    from unionapp.importers.ledger import apply_ledger_import, plan_ledger_import

    plan = plan_ledger_import(db, path)
    code = _refused_before_writing(plan, args)
    if code is not None:
        return code
    result = apply_ledger_import(db, plan, skip_errors=args.skip_errors)
    opening = f"，设置期初余额 {result.openings} 个年度" if result.openings else ""
    _out(f"导入完成：记账 {result.posted} 笔{opening}，跳过 {result.refused} 行。")
    return EXIT_OK


def _import_visits(db, path: Path, args) -> int:
    """A past register: the visits and their money in the ledger, all rows or none."""
    from unionapp.importers.errors import ImportRefused
    from unionapp.importers.visits import apply_visit_import, plan_visit_import

    plan = plan_visit_import(db, path)
    code = _refused_before_writing(plan, args)
    if code is not None:
        return code
    try:
        result = apply_visit_import(db, plan, skip_errors=args.skip_errors)
    except ImportRefused as refused:  # a row the service refused while saving: all rolled back
        for line in refused.lines():
            _out(line, err=True)
        _out("整个文件没有导入（没有写入任何数据）。", err=True)
        return EXIT_REFUSED
    _out(f"导入完成：新增走访记录 {result.added} 条，已有相同记录 {result.existing} 条，跳过 {result.refused} 行。")
    return EXIT_OK


def _import_checkups(db, path: Path, args) -> int:
    """The hospital's returned list: results of one campaign, all rows or none."""
    from unionapp.importers.checkups import apply_checkup_import, plan_checkup_import

    campaign_id = _campaign_id(db, args.campaign, None)
    plan = plan_checkup_import(db, campaign_id, path)
    code = _refused_before_writing(plan, args)
    if code is not None:
        return code
    result = apply_checkup_import(db, plan, skip_errors=args.skip_errors)
    _out(f"导入完成：“{plan.campaign_name}”更新 {result.updated} 人，无变化 {result.unchanged} 人，"
         f"跳过 {result.refused} 行。")
    return EXIT_OK


def _campaign_id(db, wanted: int | None, year: int | None) -> int:
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
    lines = [f"  {c.id}　{c.name}（{c.date_from} 至 {c.date_to}{'，' + c.hospital if c.hospital else ''}）"
             for c in campaigns[:30]]
    more = [f"  ……另有 {len(campaigns) - 30} 个"] if len(campaigns) > 30 else []
    return "\n可选的体检批次（编号　名称）：\n" + "\n".join(lines + more)


def _checkup_report(db, args):
    from unionapp.reports.checkups import CHECKUP_REPORTS

    campaign_id = _campaign_id(db, args.campaign, args.year)
    return CHECKUP_REPORTS[args.report](db, campaign_id, args.full_id, args.include_health)


def _dated_report(db, args):
    """A funds or visits report: builders taking (db, year, from, to)."""
    from unionapp.domain.dates import parse_date
    from unionapp.domain.errors import DomainError
    from unionapp.reports.funds import FUNDS_REPORTS
    from unionapp.reports.visits import VISIT_REPORTS

    start = parse_date(args.date_from) if args.date_from else None
    end = parse_date(args.date_to) if args.date_to else None
    if start and end and start > end:
        raise DomainError(f"起始日期 {start.isoformat()} 晚于截止日期 {end.isoformat()}，请对调后重试。")
    if args.year is not None and not 1900 <= args.year <= 2100:
        raise DomainError(f"年份 {args.year} 不合理，请写成 2026 这样的四位数。")
    return {**FUNDS_REPORTS, **VISIT_REPORTS}[args.report](db, args.year, start, end)


def _audit_report(db, args):
    """审计日志 between --from and --to (each optional), newest first."""
    from unionapp.domain.dates import parse_date
    from unionapp.domain.errors import DomainError
    from unionapp.reports.audit import audit_report
    from unionapp.services.audit import AuditFilter

    start = parse_date(args.date_from) if args.date_from else None
    end = parse_date(args.date_to) if args.date_to else None
    if start and end and start > end:
        raise DomainError(f"起始日期 {start.isoformat()} 晚于截止日期 {end.isoformat()}，请对调后重试。")
    return audit_report(db, AuditFilter(date_from=start, date_to=end), full_id=args.full_id)


def _member_report(args, rows, union_name: str):
    from unionapp.domain.dates import parse_date
    from unionapp.reports import members as member_reports

    start = parse_date(args.date_from) if args.date_from else None
    if args.report == "members":
        return member_reports.roster(rows, union_name, full_id=args.full_id)
    if args.report == "birthdays":
        month = start.month if start else None
        return member_reports.birthdays(rows, union_name, month=month, year=args.year or (start.year if start else None),
                                        full_id=args.full_id)
    end = parse_date(args.date_to) if args.date_to else None
    return member_reports.retirements(rows, union_name, full_id=args.full_id, start=start, end=end)


def cmd_export(url: str, args) -> int:
    from unionapp.db.opening import open_database
    from unionapp.reports.output import export
    from unionapp.services import members, settings

    db = open_database(url, create=False)
    try:
        if args.report in FUNDS_EXPORTS + VISIT_EXPORTS:
            report = _dated_report(db, args)
        elif args.report in CHECKUP_EXPORTS:
            report = _checkup_report(db, args)
        elif args.report == "audit":
            report = _audit_report(db, args)
        else:
            report = _member_report(args, members.list_members(db), settings.load(db).union_name)
        result = export(report, args.output, args.format)
    finally:
        db.dispose()
    for warning in result.warnings:
        _out(warning, err=True)
    masked = ""
    if args.report in MEMBER_EXPORTS + ["checkups", "audit"]:
        masked = "（含完整身份证号/手机号，请妥善保管）" if args.full_id else "（身份证号、手机号已部分隐藏）"
    if args.report == "checkup-coverage" and args.include_health:
        masked = "（含需复查人员等健康信息，请妥善保管）"
    _out(f"已导出 {result.rows} 行到 {result.path}{masked}")
    return EXIT_OK


def _sqlite_file(url: str, must_exist: bool = True) -> Path:
    from unionapp.db.engine import Database
    from unionapp.domain.errors import DomainError

    probe = Database(url)
    path = probe.sqlite_path
    probe.dispose()
    if path is None:
        raise DomainError("恢复只适用于本机的数据库文件；共享的 PostgreSQL 数据库请由服务器管理员用 pg_dump 的备份恢复，"
                          "或用 unionapp copy 把备份文件复制进一个新建的空数据库。")
    privacy.protect_database(path)
    if must_exist and not path.exists():
        raise DomainError(f"找不到数据库文件：{path}")
    return path


WRITING_COMMANDS = {"init", "demo", "import", "restore"}


def _writer_lock(url: str, args):
    """A writing command holds the window's one-writer lock while it runs, so it is
    refused (exit 1, saying who has the file open) while a window is editing it."""
    from contextlib import contextmanager, nullcontext

    from unionapp.db import lock
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

    @contextmanager
    def held():
        try:
            writer = lock.acquire(path)
        except OSError:  # no lock file possible (read-only folder): the command meets that itself
            yield
            return
        try:
            yield
        finally:
            writer.release()

    return held()


def cmd_backup(url: str, args) -> int:
    from unionapp.services import backup

    if _is_server(url):
        return _backup_server(url, args)
    source = _sqlite_file(url)
    made = backup.write_snapshot(source, Path(args.output)) if args.output else backup.backup_now(source)
    _out(f"已备份并校验：{made}（{backup.human_size(made.stat().st_size)}）")
    return EXIT_OK


def _is_server(url: str) -> bool:
    from sqlalchemy.engine import make_url

    return make_url(url).get_backend_name() != "sqlite"


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
    _out(f"已备份并校验：{target}（{backup.human_size(target.stat().st_size)}）：{result.describe()}")
    return EXIT_OK


def cmd_restore(url: str, args) -> int:
    from unionapp.services import backup

    target = _sqlite_file(url, must_exist=False)
    info = backup.inspect_backup(Path(args.file))
    _out(f"备份内容：{info.describe()}")
    safety = backup.restore(target, Path(args.file))
    if safety is None:
        _out("已恢复。")
    elif backup.is_damaged_copy(safety):
        _out(f"已恢复。原来的数据库文件已损坏，没有删除，保留为：{safety}")
    else:
        _out(f"已恢复。恢复前的数据已备份到：{safety}")
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
        _out(("✓ " if good else "✗ ") + text, err=not good)
    _out("检查通过。" if report.ok else "检查发现问题，请根据上面的说明处理，或从备份恢复。", err=not report.ok)
    return EXIT_OK if report.ok else EXIT_REFUSED


def cmd_copy(url: str, args) -> int:
    from unionapp.db.copying import copy_database
    from unionapp.db.opening import open_database

    source = open_database(url, create=False)
    try:
        target = open_database(config.database_url(args.to))
        try:
            result = copy_database(source, target, progress=lambda text: _out(text, err=True))
        finally:
            target.dispose()
    finally:
        source.dispose()
    _out(f"复制完成：{result.describe()}")
    return EXIT_OK


COMMANDS = {"init": cmd_init, "demo": cmd_demo, "import": cmd_import, "export": cmd_export,
            "backup": cmd_backup, "restore": cmd_restore, "check": cmd_check, "copy": cmd_copy}
