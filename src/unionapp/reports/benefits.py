"""福利发放汇总表 and 福利发放明细: what each member received in a year (五必访 money and
gifts, handouts, activity prizes), for 经审 and for a member who asks.

Rows come from `services.benefits.benefits` (one line per thing received), so every
figure is a sum of those lines: the pure builders add them up per member, per kind and
per group themselves, in one set of columns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date

from unionapp.reports.model import Column, Report, Section
from unionapp.services import Database, benefits, members, settings
from unionapp.services.benefits import BenefitRow

SOURCES = ("visit", "handout", "prize")  # the services' source codes, in the columns' order
FILE_STEMS = {"benefits": "福利发放汇总表", "benefit-details": "福利发放明细"}
NO_GROUP = "（未分组）"

SUMMARY_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8, "center"),
    Column("group", "工会小组", "text", 10),
    Column("visit_money", "五必访现金", "money", 9),
    Column("visit_goods", "五必访实物", "money", 9),
    Column("handout_money", "发放现金", "money", 9),
    Column("handout_goods", "发放实物", "money", 9),
    Column("prize_money", "奖金", "money", 9),
    Column("prize_goods", "奖品", "money", 9),
    Column("total", "合计", "money", 10),
)
DETAIL_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8, "center"),
    Column("group", "工会小组", "text", 10),
    Column("date", "日期", "date", 10),
    Column("source", "来源", "text", 6),
    Column("kind", "类别", "text", 8),
    Column("what", "内容", "text", 20, wrap=True),
    Column("money", "现金", "money", 9),
    Column("goods", "实物价值", "money", 9),
)


def _union(db: Database) -> str:
    return settings.load(db).union_name


def benefits_report(db: Database, year: int, today: date | None = None) -> Report:
    """The year's lines, as benefits.benefits reads them (by group, name and date)."""
    return build_benefits_summary(benefits.benefits(db, year), year, _union(db), today)


def benefit_details_report(db: Database, year: int, member_id: int | None = None, today: date | None = None) -> Report:
    """Every line of the year, or one member's (named in the title even with no line)."""
    name = members.get_member(db, member_id).name if member_id is not None else ""
    return build_benefit_details(benefits.benefits(db, year, member_id), year, _union(db), today, name)


def _cells(lines: Sequence[BenefitRow]) -> list[int]:
    """Money and goods per source, then the sum: the summary's figure columns."""
    money, goods = defaultdict(int), defaultdict(int)
    for r in lines:
        money[r.source] += r.money_fen
        goods[r.source] += r.goods_fen
    cells = [v for s in SOURCES for v in (money[s], goods[s])]
    return [*cells, sum(cells)]


def _shown(cells: list[int]) -> list[int | None]:
    """A blank for nothing received, so what was received stands out."""
    return [v or None for v in cells]


def _grouped(lines: Sequence[BenefitRow], key: Callable[[BenefitRow], object]) -> dict[object, list[BenefitRow]]:
    out: dict[object, list[BenefitRow]] = {}
    for r in lines:
        out.setdefault(key(r), []).append(r)
    return out


def _total(lines: Sequence[BenefitRow], label: str) -> dict:
    people = len({r.member_id for r in lines})
    keys = [c.key for c in SUMMARY_COLUMNS[3:]]
    return {"no": "", "name": label, "group": f"{people} 人", **dict(zip(keys, _cells(lines)))}


def build_benefits_summary(lines: Sequence[BenefitRow], year: int, union: str, today: date | None = None) -> Report:
    """一、每人: a row per member (in the lines' order); 二、按类别 (来源·类别); 三、按工会小组.
    Each part ends with the same 合计, as all three add up the same lines."""
    people = _grouped(lines, lambda r: r.member_id)
    data = [
        (i, rows[0].name, rows[0].group_name or NO_GROUP, *_shown(_cells(rows)))
        for i, rows in enumerate(people.values(), start=1)
    ]
    sections = [Section("一、每位会员", 0, _total(lines, "合计"))]
    for title, key in (
        ("二、按类别汇总", lambda r: f"{r.source_label}·{r.kind_label}"),
        ("三、按工会小组汇总", lambda r: r.group_name or NO_GROUP),
    ):
        sections.append(Section(title, len(data), _total(lines, "合计")))
        data.extend(
            (None, label, f"{len({r.member_id for r in rows})} 人", *_shown(_cells(rows)))
            for label, rows in _grouped(lines, key).items()
        )
    return Report(
        f"{union}{year}年福利发放汇总表",
        SUMMARY_COLUMNS,
        data,
        union_name=union,
        period=f"{year}年",
        made_on=today or date.today(),
        totals={},
        signatures=("制表人", "经审委员", "工会主席"),
        orientation="landscape",
        sections=sections if lines else (),
        notes="金额单位：元。五必访只计已访的慰问金和慰问品；发放只计已发放的；奖金、奖品为活动中本人所得。"
        "按类别、按工会小组两部分中“工会小组”一栏为人数。",
    )


def build_benefit_details(
    lines: Sequence[BenefitRow], year: int, union: str, today: date | None = None, member_name: str = ""
) -> Report:
    """Every line with its date, by group, name and date (as given); `member_name` when
    the lines are one member's, who may have received nothing that year."""
    data = [
        (i, r.name, r.group_name or NO_GROUP, r.day, r.source_label, r.kind_label, r.what, r.money_fen, r.goods_fen)
        for i, r in enumerate(lines, start=1)
    ]
    names = {r.member_id: r.name for r in lines}
    only = member_name or (next(iter(names.values())) if len(names) == 1 else "")
    who = f"（{only}）" if only else ""
    return Report(
        f"{union}{year}年福利发放明细{who}",
        DETAIL_COLUMNS,
        data,
        union_name=union,
        period=f"{year}年",
        made_on=today or date.today(),
        totals={
            "no": "",
            "name": "合计",
            "group": f"{len(names)} 人",
            "money": sum(r.money_fen for r in lines),
            "goods": sum(r.goods_fen for r in lines),
        },  # fmt: skip
        signatures=("制表人", "工会主席"),
        orientation="landscape",
        notes="金额单位：元。实物按价值计。",
    )
