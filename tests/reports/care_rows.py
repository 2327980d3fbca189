"""Hand-made rows of issue #19's services for the report tests: a December care list, a
year plan half done with its 台账, four hardship files (one closed) with their details and
the year's help."""

from __future__ import annotations

from datetime import date

from unionapp.services.care import CareLine, CareList
from unionapp.services.hardship import FileRow, HelpStat
from unionapp.services.hardship_exports import ExportedDetail
from unionapp.services.year_plan import LedgerLine, PlanItemRow

TODAY = date(2026, 12, 3)
INCOME_FEN = 456_700  # 4,567.00 a month for the household
PER_HEAD_FEN = 152_233
CAUSE = "本人大病、子女上学"
PROVINCE_HINT = "请在“设置”中填写学校所在省份"


def line(kind: str, label: str, name: str, detail: str, day: date | None = None, **kw) -> CareLine:
    values = dict(
        kind=kind, kind_label=label, member_id=1, name=name, group_name="高中组", detail=detail, day=day,
        action="member", ref_id=None,
    )  # fmt: skip
    values.update(kw)
    return CareLine(**values)


def care_list(province_set: bool = False) -> CareList:
    """December: 3 birthdays, 1 in hospital, 2 hardship files not visited, a budget
    category; out-of-province staff either listed or the hint that the province is unset.
    The lines come mixed up, as a kind order the report must restore."""
    lines = [
        line("hardship", "困难职工本年未走访", "赵敏", "特困，2024-05-01 建档", action="hardship", ref_id=7),
        line("birthday", "本月生日", "张丽", "12月3日生日", date(2026, 12, 3)),
        line("birthday", "本月生日", "王芳", "12月9日生日", date(2026, 12, 9)),
        line("hospital", "住院未回访", "李强", "住院慰问后未回访", date(2026, 11, 2), action="visit", ref_id=3),
        line("birthday", "本月生日", "陈静", "12月28日生日", date(2026, 12, 28)),
        line("hardship", "困难职工本年未走访", "刘洋", "困难，2025-03-01 建档", action="hardship", ref_id=8),
        line(
            "budget",
            "预算科目支出超过90%",
            "职工集体福利支出",
            "已支出 95.2%",
            None,
            member_id=None,
            group_name="",
            action="budget",
            ref_id=2,
        ),
    ]
    label = "外省籍教职工（春节走访）"
    if province_set:
        lines.append(line("far_from_home", label, "周杰", "籍贯：四川省"))
    else:
        lines.append(line("far_from_home", label, "", PROVINCE_HINT, member_id=None, action="settings"))
    counts: dict[str, int] = {}
    for x in lines:
        counts[x.kind] = counts.get(x.kind, 0) + 1
    return CareList(2026, 12, lines, counts)


def plan_item(i: int, month: int, title: str, done_on: date | None = None, **kw) -> PlanItemRow:
    values = dict(
        id=i, year=2026, month=month, title=title, owner="工会主席", area="", area_label="其他", done_on=done_on,
        note="", link_kind="", link_id=None, link_text="", overdue=done_on is None and month < 12, version=1,
    )  # fmt: skip
    values.update(kw)
    return PlanItemRow(**values)


def plan_items() -> list[PlanItemRow]:
    return [
        plan_item(
            1, 1, "春节送温暖：走访慰问困难职工、退休教职工", date(2026, 1, 20), area="visits", area_label="五必访"
        ),
        plan_item(2, 3, "三八妇女节慰问及女教职工活动", date(2026, 3, 8), area="handouts", area_label="发放"),
        plan_item(3, 4, "职工互助保险续保"),
        plan_item(4, 11, "困难职工档案复核", area="hardship", area_label="困难帮扶"),
        plan_item(5, 12, "经费年终结账与收支公开", owner="经审委员", area="funds", area_label="经费"),
    ]


def ledger_lines() -> list[LedgerLine]:
    return [
        LedgerLine(1, "春节送温暖：走访慰问困难职工、退休教职工", "工会主席", date(2026, 1, 20), "走访 12 户", None, None, "走访 12 户"),
        LedgerLine(3, "三八妇女节慰问及女教职工活动", "女工委员", date(2026, 3, 8), "发放：三八慰问（2026-03-08）", 120, 1_200_000, ""),
        LedgerLine(9, "教师节慰问与庆教龄活动", "工会主席", date(2026, 9, 10), "活动：庆教龄座谈（2026-09-10）", 45, 345_650, "庆教龄 6 人"),
        LedgerLine(4, "职工互助保险续保", "生活委员", None, "", None, None, ""),
    ]  # fmt: skip


def file_row(i: int, name: str, level: str, label: str, opened: date, **kw) -> FileRow:
    values = dict(
        id=i, member_id=100 + i, name=name, gender="F", group_name="初中组", member_status="active", level=level,
        level_label=label, opened_on=opened, closed_on=None, close_reason="", last_review_on=None,
        review_due=False, visited_this_year=False, help_this_year_fen=0, open=True, version=1,
    )  # fmt: skip
    values.update(kw)
    return FileRow(**values)


def files(closed: bool = False) -> list[FileRow]:
    rows = [
        file_row(1, "赵敏", "extreme", "特困", date(2024, 5, 1), last_review_on=date(2025, 11, 20)),
        file_row(2, "刘洋", "hardship", "困难", date(2025, 3, 1)),
        file_row(3, "吴婷", "general", "一般", date(2026, 2, 14)),
    ]
    if closed:
        rows.append(file_row(4, "郑新", "hardship", "困难", date(2022, 1, 5), closed_on=date(2025, 11, 30), open=False))
    return rows


def details(rows: list[FileRow]) -> dict[int, ExportedDetail]:
    return {
        r.id: ExportedDetail(r.id, CAUSE, 3, INCOME_FEN, PER_HEAD_FEN, f"{r.name}：每季度走访一次，节日慰问")
        for r in rows
    }


def help_stats() -> list[HelpStat]:
    return [
        HelpStat(101, "赵敏", "初中组", "特困", 2, 200_000, 3, 60_000, 0, 260_000),
        HelpStat(102, "刘洋", "初中组", "困难", 1, 100_000, 2, 40_000, 5_000, 145_000),
        HelpStat(103, "吴婷", "初中组", "一般", 0, 0, 1, 20_000, 0, 20_000),
    ]
