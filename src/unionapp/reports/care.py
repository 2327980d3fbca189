"""本月关爱提醒: the month's care list on paper, for the union committee's meeting.

The pure `care_list_report` takes the `CareList` that `services.care.care_list` returns;
`load_care_list_report(db, ...)` reads it and calls the builder. The lines are grouped by
kind in the home page's order: the kind's label and count stand in the first column of its
first line only (a section of the report model would start a new page, and the list is
meant to fit one). 处理人 and 处理情况 are left blank, to be filled in at the meeting.
Members' names are printed; no ID numbers or phones appear.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby

from unionapp.domain.care import CARE_KINDS
from unionapp.reports.model import Column, Report
from unionapp.services import Database, care, settings
from unionapp.services.care import CareLine, CareList

FILE_STEMS = {"care-list": "本月关爱提醒"}
FAR_FROM_HOME = "far_from_home"
# A kind naming more people than this prints one row per 工会小组 with the names run
# together, so the month still fits a page or two for the committee; the 首页 lists each.
CONDENSE_AT = 12

COLUMNS = (  # a landscape A4: the blanks get the spare width to be written in
    Column("kind", "类别", "text", 8, wrap=True),
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8, "center"),
    Column("group", "工会小组", "text", 10),
    Column("detail", "事项", "text", 26, wrap=True),
    Column("day", "日期", "date", 10),
    Column("handler", "处理人", "text", 8, wrap=True),
    Column("done", "处理情况", "text", 18, wrap=True),
)


def _order(line: CareLine) -> int:
    keys = list(CARE_KINDS)
    return keys.index(line.kind) if line.kind in keys else len(keys)


def _people_lines(lines: Sequence[CareLine]) -> tuple[list[CareLine], list[str]]:
    """The lines to print, and the hints that name nobody (the school's province not
    set yet), which go to the notes instead of the table."""
    rows, hints = [], []
    for line in lines:
        if line.kind == FAR_FROM_HOME and not line.name:
            hints.append(f"{line.kind_label}：{line.detail}")
        else:
            rows.append(line)
    return rows, hints


def _who_and_what(line: CareLine) -> tuple[str, str, str]:
    """姓名, 工会小组, 事项. A line about a thing (a budget category, a plan item, a
    proposal) names it in 事项, so 姓名 stays as narrow as people's names."""
    if line.member_id is None and line.name:
        return "", line.group_name, f"{line.name}：{line.detail}"
    return line.name, line.group_name, line.detail


def _rows(run: list[CareLine]) -> list[tuple]:
    """One row per line; or, for a long kind about people, one per 工会小组 naming them all."""
    if len(run) <= CONDENSE_AT or any(line.member_id is None for line in run):
        return [(*_who_and_what(line), line.day) for line in run]
    by_group: dict[str, list[str]] = {}
    for line in run:
        by_group.setdefault(line.group_name, []).append(line.name)
    return [("", group, f"{'、'.join(names)}（{len(names)} 人）", None) for group, names in by_group.items()]


def care_list_report(care_list: CareList, *, union: str = "", today: date | None = None) -> Report:
    """Every line of the month, kind by kind (a kind with no lines is left out); a long
    kind about people condensed to a row per group."""
    lines, hints = _people_lines(care_list.lines)
    lines = sorted(lines, key=_order)  # stable: each kind keeps the service's order
    data, kinds, condensed = [], 0, False
    for _kind, run in groupby(lines, key=lambda line: line.kind):
        run = list(run)
        label = f"{run[0].kind_label}（{len(run)} 项）"
        kinds += 1
        rows = _rows(run)
        condensed = condensed or len(rows) < len(run)
        for n, row in enumerate(rows, start=1):
            data.append((label if n == 1 else "", n, *row, "", ""))
    notes = [*(f"{h}。" for h in hints)]
    if condensed:
        notes.append(f"超过 {CONDENSE_AT} 人的类别按工会小组合并列出姓名，逐人明细见“首页”。")
    notes.append("“处理人”“处理情况”两栏在委员会会议上分工后填写，处理完毕后在系统中登记。")
    return Report(
        f"{union}{care_list.year}年{care_list.month}月关爱提醒",
        COLUMNS,
        data,
        union_name=union,
        period=f"{care_list.year}年{care_list.month}月",
        made_on=today or date.today(),
        totals={},
        signatures=("制表人", "工会主席"),
        orientation="landscape",
        subtitle=f"共 {len(lines)} 项，分 {kinds} 类" if kinds else "本月没有需要提醒的事项",
        notes="".join(notes),
    )


def load_care_list_report(db: Database, year: int, month: int, today: date | None = None) -> Report:
    """The month's care list as the home page shows it on `today`."""
    today = today or date.today()
    listed = care.care_list(db, year, month, today=today)
    return care_list_report(listed, union=settings.load(db).union_name, today=today)
