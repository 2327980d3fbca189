"""Command line: `unionapp [--db PATH_OR_URL] [COMMAND ...]`; no command opens the window.

Exit codes: 0 success, 1 input or data refused (one Chinese line per problem on stderr),
2 usage error. A user's mistake never shows a traceback.

The package: this module parses the command line and runs one command; `common` holds
what commands share (exit codes, printing, the campaign chosen, the writer lock);
`records` writes (init, demo, import); `exports` maps each export report to its builder;
`safety` backs up, restores, checks and copies; `templates` saves the import templates.
A command's module is loaded only when it runs, so `--version`, `--help` and the window
start load no database or report code."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from typing import NoReturn

from unionapp import __version__, config, logs, privacy
from unionapp.cli.common import (
    CAMPAIGN_HELP,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    EXPORT_REPORTS,
    UsageProblem,
    out,
    writer_lock,
)
from unionapp.gc_pause import gc_paused

__all__ = ["EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "build_parser", "main"]

log = logging.getLogger(__name__)


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own text stays, prefixed in Chinese
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"命令用法有误：{message}\n使用 unionapp --help 查看帮助。\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="unionapp", description="工会助手：学校工会的会员、经费、五必访、体检、活动与发放和教代会管理。"
    )
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

    imp = sub.add_parser("import", help="从 Excel 工作簿或 CSV 文件（.xlsx / .xls / .ods / .csv）导入")
    imp.add_argument(
        "area",
        choices=[
            "members",
            "visits",
            "checkups",
            "ledger",
            "handouts",
            "activity",
            "delegates",
            "proposals",
            "hardship",
        ],
        metavar="AREA",
        help="导入什么：members（会员花名册）| visits（五必访登记表）| checkups（医院返回的体检名单）"
        "| ledger（往年收支明细账）| handouts（往年发放名单）| activity（活动报名表，须加 --id）"
        "| delegates（教代会代表名单，加 --session 或 --term）| proposals（往次提案，须加 --session）"
        "| hardship（困难职工花名册/建档立卡表）",
    )
    imp.add_argument("file", metavar="FILE", help=".xlsx、.xlsm、.xls、.ods 或 .csv 文件")
    imp.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
    imp.add_argument("--skip-errors", action="store_true", help="跳过有问题的行，导入其余的行")
    imp.add_argument("--campaign", type=int, metavar="ID", help=CAMPAIGN_HELP)
    imp.add_argument("--id", type=int, metavar="N", help="活动编号（导入活动报名表用）")
    imp.add_argument(
        "--session", type=int, metavar="N", help="教代会会议编号（导入提案，或导入代表名单到这次会议的届次）"
    )
    imp.add_argument("--term", type=int, metavar="N", help="教代会届次编号（导入代表名单用）")
    imp.add_argument("--name", metavar="TEXT", help="发放名称（发放名单中没有“发放名称”列或未填写时用）")
    imp.add_argument("--date", metavar="DATE", help="发放日期，如 2024-03-08（发放名单中没有“发放日期”列或未填写时用）")
    imp.add_argument(
        "--kind",
        metavar="KIND",
        help="发放类型：节日慰问|生日祝福|防暑降温|三八慰问|其他（不填则按类型列或发放名称判断）",
    )
    imp.add_argument(
        "--category", metavar="NAME", help="发放记账的支出科目（默认按发放类型：职工集体福利支出或劳动保护费）"
    )
    imp.add_argument("--reason", metavar="TEXT", help="发放超出开支标准时的说明（往年已发的记录，写明依据）")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="表头=字段",
        help='文件中的列对应哪个字段，如 --map "所在工会小组=工会小组"；字段写“忽略”则不读这一列。可写多次，导入成功后记住',
    )
    imp.add_argument(
        "--map-value",
        action="append",
        default=[],
        metavar="字段:值=对应值",
        help='文件中的值对应哪个已有的值，如 --map-value "科目:送温暖慰问=送温暖费"。可写多次，导入成功后记住',
    )
    bak = sub.add_parser("backup", help="备份数据库（校验后保存）")
    bak.add_argument("-o", "--output", metavar="FILE", help="备份到这个文件（默认放在备份文件夹）")
    res = sub.add_parser("restore", help="用备份恢复数据库（先自动备份当前数据）")
    res.add_argument("file", metavar="FILE", help="备份文件")
    sub.add_parser("check", help="检查数据库：结构版本、完整性、记录数、账目一致")
    cpy = sub.add_parser("copy", help="把整个数据库复制到另一个空数据库（如从本机文件到共享的 PostgreSQL，或反过来）")
    cpy.add_argument(
        "--to",
        required=True,
        metavar="PATH_OR_URL",
        help="目标：新的 .db 文件路径，或空的 PostgreSQL 数据库地址 postgresql+psycopg://用户@服务器/数据库",
    )

    tpl = sub.add_parser("template", help="保存导入模板（.xlsx），填好后用 import 导入")
    tpl.add_argument(
        "area",
        metavar="AREA",
        help="哪个模板：members（会员花名册）| ledger（收支明细账）| visits（五必访登记表）| checkups（体检名单）"
        "| handouts（发放名单）| activity（活动报名表）| delegates（教代会代表名单）| proposals（提案汇总表）"
        "| hardship（困难职工档案）",
    )
    tpl.add_argument("-o", "--output", required=True, metavar="FILE", help="保存到这个 .xlsx 文件")

    exp = sub.add_parser("export", help="导出报表（.xlsx / .pdf / .csv）")
    exp.add_argument(
        "report",
        choices=list(EXPORT_REPORTS),
        metavar="REPORT",
        help="members（花名册）| birthdays（生日名单）| retirements（退休预告）| visits（五必访登记表）"
        "| visit-receipts（慰问金发放签收表）| visit-summary（年度五必访统计表）| ledger（收支明细账）"
        "| budget（年度经费预算表）| execution（预算执行情况表）| disclosure（经费收支公开表）"
        "| checkups（体检名单，交医院）| checkup-signin（体检签到表）| checkup-coverage（体检参加情况统计表）"
        "| handout-receipts（发放签收表）| activity-signin（活动签到表）| prize-receipts（奖品/奖金发放签收表）"
        "| activities（年度活动一览表）| benefits（年度福利发放汇总表）"
        "| congress-delegates（教代会代表名册）| congress-signin（教代会签到表）| proposals（提案汇总表；加 --forms 为提案表）"
        "| proposal-replies（提案答复情况表）| congress-resolutions（决议表决情况表）| congress-archive（会议档案 PDF）"
        "| care-list（本月关爱提醒，加 --month）| year-plan（年度工作计划表；加 --ledger 为年度工作计划完成情况）"
        "| hardship（困难职工花名册；加 --stats 为帮扶情况统计表）"
        "| audit（审计日志：谁在何时改了什么）"
        "| binder（年度工作台账：封面、目录和各部分，按 --year，可加 --term 1|2、--sections、--include-hardship）",
    )
    exp.add_argument("-o", "--output", required=True, metavar="OUT", help="输出文件，按扩展名决定格式")
    exp.add_argument("--format", choices=["xlsx", "pdf", "csv"], help="指定格式（不按扩展名）")
    exp.add_argument(
        "--year",
        type=int,
        help="年份（生日名单、走访和经费报表、年度工作计划、帮扶统计；默认今年，五必访登记表和签收表默认本月）",
    )
    exp.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help="起始日期，如 2026-01-01（生日名单取其月份，退休预告从此日算起，走访报表和收支明细账从此日起）",
    )
    exp.add_argument(
        "--to",
        dest="date_to",
        metavar="DATE",
        help="截止日期（退休预告，默认起始日后 12 个月；走访报表和收支明细账到此日止，默认到当年年底）",
    )
    exp.add_argument("--full-id", action="store_true", help="包含完整身份证号和手机号（默认部分隐藏）")
    exp.add_argument("--campaign", type=int, metavar="ID", help=CAMPAIGN_HELP)
    exp.add_argument(
        "--include-health", action="store_true", help="体检参加情况统计表中列出需复查的人及说明（健康信息，默认不列）"
    )
    exp.add_argument(
        "--id", type=int, metavar="N", help="发放或活动的编号（发放签收表、活动签到表、奖品签收表；默认最新的一次）"
    )
    exp.add_argument(
        "--member", metavar="NAME", help="福利发放汇总表改为这位会员的福利发放明细（姓名；同名时写会员编号）"
    )
    exp.add_argument("--detail", action="store_true", help="福利发放汇总表改为全体会员的福利发放明细（逐笔、带日期）")
    exp.add_argument(
        "--session", type=int, metavar="N", help="教代会会议编号（签到表、提案、决议、会议档案；默认最新的一次）"
    )
    exp.add_argument(
        "--term",
        type=int,
        metavar="N",
        help="教代会届次编号（代表名册默认当前届；提案答复情况表可按整届）；年度工作台账中为学期：1 春季、2 秋季",
    )
    exp.add_argument("--forms", action="store_true", help="proposals 改为逐件打印提案表（每件一页，供签名）")
    exp.add_argument("--month", metavar="YYYY-MM", help="本月关爱提醒的月份，如 2026-12（默认本月）")
    exp.add_argument("--ledger", action="store_true", help="year-plan 改为年度工作计划完成情况（人数和金额）")
    exp.add_argument(
        "--full",
        action="store_true",
        help="困难职工花名册加上致困原因、家庭人口和收入、帮扶措施（敏感信息，导出记入操作日志；默认不含）",
    )
    exp.add_argument(
        "--sections",
        metavar="A,B,C",
        help="年度工作台账只含这些部分（逗号分隔）：basic 基本情况、roster 会员名册、dues 会费收缴、budget 经费预算与执行、"
        "ledger 收支明细账、disclosure 经费收支公开、visits 五必访、activities 发放与活动、checkups 体检、"
        "congress 教代会与提案、plan 年度工作计划、audit 修改日志摘要（默认全部）",
    )
    exp.add_argument(
        "--include-hardship",
        action="store_true",
        help="年度工作台账列入困难职工帮扶（花名册隐去家庭经济情况，以及帮扶情况统计表）",
    )
    exp.add_argument("--stats", action="store_true", help="hardship 改为帮扶情况统计表（按 --year，默认今年）")
    exp.add_argument("--include-closed", action="store_true", help="困难职工花名册也列出已销档（脱困）的档案")
    return parser


def _no_display() -> bool:
    """On Linux without X, Wayland or a chosen Qt platform, Qt would abort (exit 134)."""

    if not sys.platform.startswith("linux"):
        return False
    return not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


_window_ran = False  # main() opened the window rather than running a command


def run_and_exit() -> NoReturn:
    """`python -m unionapp` and the bundle: run, then end the process. A command has closed
    its files, disposed its database and given back its lock by the time main() returns,
    so the interpreter's teardown (freeing every object one by one: 0.15–0.2 s, a sixth of
    an export) is skipped. The window ends the ordinary way: Qt saves as it is torn down."""
    code = main()
    if _window_ran:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    privacy.private_by_default()  # before the first file: database, backups, log, exports
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    # Loading SQLAlchemy, Qt and the report libraries makes a few hundred thousand objects
    # and no garbage: the cycle collector waits while they load (gc_pause).
    with gc_paused():
        args = build_parser().parse_args(argv)
        url = config.database_url(args.db)
    if args.command is None:
        if _no_display():
            out(
                "没有可用的显示器，无法打开窗口。请在桌面环境中运行，或使用 xvfb-run；命令行功能见 unionapp --help。",
                err=True,
            )
            return EXIT_REFUSED
        with gc_paused():
            from unionapp.ui.shell.app import run_gui  # Qt is loaded only for the window

        global _window_ran
        _window_ran = True
        return run_gui(args.db)
    privacy.protect_app_files()
    with logs.log_file():
        return _run_command(url, args)


def _run_command(url: str, args) -> int:
    from sqlalchemy.exc import DBAPIError

    from unionapp.db.errors import DatabaseOpenError, friendly_message
    from unionapp.domain.errors import DomainError

    try:
        with writer_lock(url, args):
            with gc_paused():
                command = _command(args.command)
            return command(url, args)
    except UsageProblem as exc:
        out(f"命令用法有误：{exc}", err=True)
        return EXIT_USAGE
    except (DomainError, DatabaseOpenError) as exc:
        out(str(exc), err=True)
        return EXIT_REFUSED
    except DBAPIError as exc:
        message = friendly_message(exc)
        if message is None:
            return _unexpected(args)
        out(message, err=True)
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
    out(f"出现了意外错误，命令没有完成，已保存的数据不受影响。{where}", err=True)
    return EXIT_REFUSED


def _command(name: str) -> Callable[[str, argparse.Namespace], int]:
    """The command's function; its module loads here, when the command runs. Only `export`
    loads the reports (reportlab and every report builder: half a second an import never needs)."""
    if name == "export":
        from unionapp.cli.exports import cmd_export

        return cmd_export
    from unionapp.cli import records, safety, templates

    return {
        "template": templates.cmd_template,
        "init": records.cmd_init,
        "demo": records.cmd_demo,
        "import": records.cmd_import,
        "backup": safety.cmd_backup,
        "restore": safety.cmd_restore,
        "check": safety.cmd_check,
        "copy": safety.cmd_copy,
    }[name]
