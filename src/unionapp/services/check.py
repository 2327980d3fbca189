"""`unionapp check`: is this database sound? Schema version, SQLite integrity, the schema
itself (nothing planted, nothing missing), row counts, and whether the money recorded
elsewhere equals its ledger entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.migrate import current_revision, head_revision
from unionapp.db.models import (
    Activity,
    CheckupPerson,
    CongressDelegate,
    DuesItem,
    DuesPosting,
    FundYear,
    Handout,
    LedgerEntry,
    Member,
    Proposal,
    Visit,
)
from unionapp.db.schema_check import schema_differences
from unionapp.db.snapshots import integrity_problems
from unionapp.domain.money import format_fen
from unionapp.services.activities import activities_match_ledger
from unionapp.services.checkups import checkups_match_ledger
from unionapp.services.congress_check import congress_problems
from unionapp.services.handouts import handouts_match_ledger
from unionapp.services.hardship_check import hardship_problems
from unionapp.services.visits import visits_match_ledger


@dataclass
class CheckReport:
    lines: list[tuple[bool, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(good for good, _text in self.lines)

    def add(self, good: bool, text: str) -> None:
        self.lines.append((good, text))


COUNTED = [
    ("会员", Member),
    ("走访", Visit),
    ("体检", CheckupPerson),
    ("发放", Handout),
    ("活动", Activity),
    ("教代会代表", CongressDelegate),
    ("提案", Proposal),
    ("记账", LedgerEntry),
]


def run_check(db: Database) -> CheckReport:
    report = CheckReport()
    current, head = current_revision(db.engine), head_revision()
    report.add(current == head, f"数据库结构版本：{current}" + ("" if current == head else f"（应为 {head}）"))
    if db.sqlite_path is not None:
        problems = integrity_problems(db.sqlite_path)
        report.add(not problems, "文件完整性：正常" if not problems else f"文件完整性：发现问题（{problems[0]}）")
    else:  # a server keeps its own pages sound; say which server answered
        report.add(True, f"数据库服务器：{db.engine.dialect.name} {_server_version(db)}，连接正常")
    if not _schema_as_built(db, report):
        return report  # counting rows of tables that aren't ours would only fail confusingly
    with db.session() as s:
        counts = {label: s.scalar(select(func.count()).select_from(model)) for label, model in COUNTED}
        report.add(True, "记录数：" + "，".join(f"{k} {v} 条" for k, v in counts.items()))
        for check in CONSISTENCY_CHECKS:
            problems = check(s)
            report.lines += [(False, p) for p in problems]
        if report.ok:
            report.add(True, "账目一致：会费、慰问金、体检费、发放、活动奖品和费用、结账余额与记账相符")
            report.add(True, "教代会记录一致：决议结果与签到和规则相符，签到、提案和附议人都是在任代表")
            report.add(True, "困难职工档案一致：会员档案中的困难职工级别与未销档的档案相符")
    return report


def _schema_as_built(db: Database, report: CheckReport) -> bool:
    """Tables, columns, indexes, triggers and views exactly as the migrations build them
    at this revision: a planted trigger or view passes every other check."""
    differences = schema_differences(db.engine)
    report.lines += schema_report(differences).lines
    return not differences


def schema_report(differences: list[str]) -> CheckReport:
    """The check's lines for a schema comparison (also when opening the file refused it)."""
    report = CheckReport()
    if not differences:
        report.add(True, "数据库结构：与本版本的迁移结果一致，没有多余的触发器或视图")
    report.lines += [(False, f"数据库结构不符：{text}") for text in differences]
    return report


def _server_version(db: Database) -> str:
    info = db.engine.dialect.server_version_info or ()
    return ".".join(str(part) for part in info)


def _dues_match_ledger(session: Session) -> list[str]:
    problems = []
    for posting in session.scalars(select(DuesPosting)):
        items = session.scalar(select(func.sum(DuesItem.amount_fen)).where(DuesItem.posting_id == posting.id)) or 0
        income = session.get(LedgerEntry, posting.income_entry_id) if posting.income_entry_id else None
        label = f"{posting.year} 年 {posting.month} 月会费"
        if income is None or income.amount_fen != posting.total_fen or items != posting.total_fen:
            problems.append(
                f"{label}：明细合计 {format_fen(items)} 元，记账 "
                f"{format_fen(income.amount_fen) if income else '（缺失）'} 元，应为 {format_fen(posting.total_fen)} 元"
            )
        remit = session.get(LedgerEntry, posting.remit_entry_id) if posting.remit_entry_id else None
        if posting.remit_fen and (remit is None or remit.amount_fen != posting.remit_fen):
            problems.append(f"{label}：上缴记账与应上缴 {format_fen(posting.remit_fen)} 元不符")
    return problems


def _closed_years_add_up(session: Session) -> list[str]:
    problems = []
    for year in session.scalars(select(FundYear).where(FundYear.closed.is_(True))):
        sums = dict(
            session.execute(
                select(LedgerEntry.direction, func.sum(LedgerEntry.amount_fen))
                .where(LedgerEntry.year == year.year)
                .group_by(LedgerEntry.direction)
            ).all()
        )
        expected = year.opening_balance_fen + (sums.get("income") or 0) - (sums.get("expense") or 0)
        if expected != year.closing_balance_fen:
            problems.append(
                f"{year.year} 年结账余额 {format_fen(year.closing_balance_fen)} 元与记账算出的 "
                f"{format_fen(expected)} 元不符"
            )
        following = session.get(FundYear, year.year + 1)
        if following is not None and following.opening_balance_fen != year.closing_balance_fen:
            problems.append(f"{year.year + 1} 年期初余额与 {year.year} 年结账余额不符")
    return problems


# Every area that posts money to the ledger has its check listed here: (session) -> problems.
CONSISTENCY_CHECKS = [
    _dues_match_ledger,
    _closed_years_add_up,
    visits_match_ledger,
    checkups_match_ledger,
    handouts_match_ledger,
    activities_match_ledger,
    congress_problems,  # not money: the congress's derived results and who may sign
    hardship_problems,  # not money: the roster's hardship mark mirrors the files
]
