"""Hardship files on paper: 困难职工花名册 and 帮扶情况统计表.

The roster is masked by default: who is on file, at what level, since when and when last
reviewed — no household, causes or income, which are sensitive personal data. The full
roster (`details` given) adds them and says on its face that it holds them. The builders
write nothing; `load_roster_report(db, full=True)` reads the details through the service,
which records in the audit log that they were exported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from unionapp.domain.dates import format_long_date
from unionapp.domain.hardship import LEVEL_LABELS
from unionapp.domain.money import format_fen
from unionapp.reports.model import Column, Report
from unionapp.services import Database, hardship, hardship_exports, settings
from unionapp.services.hardship import FileDetail, FileRow, HelpStat
from unionapp.services.hardship_exports import ExportedDetail

FILE_STEMS = {"hardship": "困难职工花名册", "hardship-stats": "帮扶情况统计表"}
SIGNATURES = ("制表人", "工会主席")
SENSITIVE = "含家庭经济情况，注意保密"

ROSTER_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8, "center"),
    Column("group", "工会小组", "text", 10),
    Column("level", "级别", "text", 4, "center"),
    Column("opened_on", "建档日期", "date", 10),
    Column("reviewed_on", "最近复核", "date", 10),
)
CLOSED_COLUMN = Column("closed_on", "销档日期", "date", 10)
DETAIL_COLUMNS = (
    Column("causes", "致困原因", "text", 12, wrap=True),
    Column("people", "家庭人口", "int", 4),
    Column("income", "家庭月收入（元）", "money", 10, total=False),
    Column("per_head", "人均月收入（元）", "money", 10, total=False),
    Column("plan", "帮扶措施", "text", 20, wrap=True),
)
STATS_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8, "center"),
    Column("group", "工会小组", "text", 10),
    Column("level", "级别", "text", 4, "center"),
    Column("visits", "走访次数", "int", 5, total=True),
    Column("visit_money", "慰问金", "money", 10),
    Column("handouts", "发放次数", "int", 5, total=True),
    Column("handout", "发放", "money", 10),
    Column("prizes", "奖品", "money", 10),
    Column("total", "合计", "money", 10),
)


def _today(today: date | None) -> date:
    return today or date.today()


def levels_line(rows: Sequence[FileRow]) -> str:
    """共 12 人：特困 2 人，困难 7 人，一般 3 人 (of the open files)."""
    open_rows = [r for r in rows if r.open]
    counts = [(label, sum(1 for r in open_rows if r.level == code)) for code, label in LEVEL_LABELS.items()]
    text = f"在档 {len(open_rows)} 人：" + "，".join(f"{label} {n} 人" for label, n in counts)
    closed = len(rows) - len(open_rows)
    return text + (f"；已销档 {closed} 人" if closed else "")


# ---------------------------------------------------------------- 困难职工花名册


def roster_report(
    rows: Sequence[FileRow],
    *,
    details: Mapping[int, FileDetail | ExportedDetail] | None = None,
    union: str = "",
    today: date | None = None,
) -> Report:
    """The files in the order given. Without `details`: no household, causes or income.
    With them (file id -> FileDetail or ExportedDetail, one per row): the full roster,
    marked sensitive on its face."""
    full = details is not None
    closed = any(not r.open for r in rows)
    columns = ROSTER_COLUMNS + ((CLOSED_COLUMN,) if closed else ()) + (DETAIL_COLUMNS if full else ())
    data = []
    for i, r in enumerate(rows, start=1):
        row = (i, r.name, r.group_name, r.level_label, r.opened_on, r.last_review_on)
        row += (r.closed_on,) if closed else ()
        if full:
            d = details[r.id]
            row += (d.causes_text, d.people, d.monthly_income_fen, d.per_head_fen, d.plan)
        data.append(row)
    if full:
        notes = (
            "本表含家庭成员、收入等家庭经济情况，属于敏感个人信息，仅供工会委员会研究帮扶使用，"
            "不得公开张贴或外传，用后妥善保管或销毁。金额单位：元。"
        )
    else:
        notes = "本表只列名单、级别和建档、复核日期；详细档案由工会主席在“困难帮扶”中查看。"
    return Report(
        f"{union}困难职工花名册" + (f"（{SENSITIVE}）" if full else ""),  # on every page's head
        columns,
        data,
        union_name=union,
        made_on=_today(today),
        totals={},
        signatures=SIGNATURES,
        orientation="landscape" if full else "portrait",
        subtitle=levels_line(rows),
        notes=notes,
    )


# ---------------------------------------------------------------- 帮扶情况统计表


def help_stats_report(stats: Sequence[HelpStat], year: int, *, union: str = "", today: date | None = None) -> Report:
    """Each member on file during the year with the help received, and the totals."""
    day = _today(today)
    data = [
        (
            i,
            s.name,
            s.group_name,
            s.level_label,
            s.visits,
            s.visit_money_fen,
            s.handouts,
            s.handout_fen,
            s.prizes_fen,
            s.total_fen,
        )
        for i, s in enumerate(stats, start=1)
    ]
    total = sum(s.total_fen for s in stats)
    end = min(date(year, 12, 31), max(day, date(year, 1, 1)))
    return Report(
        f"{union}{year}年帮扶情况统计表",
        STATS_COLUMNS,
        data,
        union_name=union,
        period=f"{format_long_date(date(year, 1, 1))}至{format_long_date(end)}",
        made_on=day,
        signatures=SIGNATURES,
        orientation="portrait",
        subtitle=f"帮扶 {len(stats)} 人，合计 {format_fen(total)} 元",
        notes="金额单位：元。统计年内任何时候在档的困难职工；走访次数为已访的次数，慰问金含慰问品价值，"
        "发放含物品价值，奖品为活动奖品、奖金，均取自系统中已登记的走访、发放和活动记录。",
    )


# ---------------------------------------------------------------- read from the database


def _union(db: Database) -> str:
    return settings.load(db).union_name


def load_roster_report(
    db: Database, full: bool = False, include_closed: bool = False, today: date | None = None
) -> Report:
    """The roster; `full` reads every listed file's details, which the service records in
    the audit log as an export of them."""
    rows = hardship.list_files(db, include_closed=include_closed, today=_today(today))
    details = hardship_exports.export_details(db, [r.id for r in rows]) if full else None
    return roster_report(rows, details=details, union=_union(db), today=today)


def load_help_stats_report(db: Database, year: int, today: date | None = None) -> Report:
    return help_stats_report(hardship.help_statistics(db, year), year, union=_union(db), today=today)
