"""The 困难帮扶 tab's list: one line per file with what may show by default — who, their
level, dates, whether a review is due, whether they were visited this year and what
they received this year. No household, income, causes or plan (those are read, and
logged, one file at a time). Held in memory: sorting and the search never wait."""

from __future__ import annotations

from PySide6.QtGui import QColor

from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.services.hardship import FileRow
from unionapp.ui.activities.columns import WARNING_MARK, Column, SearchedRowsModel

CLOSED = QColor("#888888")
DUE = QColor("#b35900")


def review_text(r: FileRow) -> str:
    return f"{WARNING_MARK}待复核" if r.review_due else ""


def state_text(r: FileRow) -> str:
    return "在档" if r.open else f"已销档 {format_date(r.closed_on)}"


FILE_COLUMNS = [
    Column("姓名", lambda r: r.name, lambda r: r.id, 80),
    Column("工会小组", lambda r: r.group_name, lambda r: r.group_name, 110),
    Column("级别", lambda r: r.level_label, lambda r: ("extreme", "hardship", "general").index(r.level), 60),
    Column("建档日期", lambda r: format_date(r.opened_on), lambda r: r.opened_on, 90),
    Column("最近复核", lambda r: format_date(r.last_review_on), lambda r: r.last_review_on or r.opened_on, 90),
    Column("待复核", review_text, lambda r: not r.review_due, 70),
    Column("本年走访", lambda r: "是" if r.visited_this_year else "否", lambda r: r.visited_this_year, 70),
    Column("本年帮扶（元）", lambda r: format_fen(r.help_this_year_fen), lambda r: r.help_this_year_fen, 100, True),
    Column("状态", state_text, lambda r: (not r.open, r.closed_on), 130),
]


class FileTableModel(SearchedRowsModel):
    columns = FILE_COLUMNS

    def matches(self, row: FileRow, query: str, needle: str) -> bool:
        return query in row.name or query in row.group_name or needle in self.keys.get(row.member_id, "")

    def tip(self, row: FileRow) -> str:
        lines = [f"{row.name}　{row.level_label}　{state_text(row)}"]
        if row.review_due:
            lines.append("本年尚未复核（年度复核一般在 11 月）")
        if not row.visited_this_year and row.open:
            lines.append("本年还没有走访")
        lines.append("双击查看档案详情（查看会记入修改日志）")
        return "\n".join(lines)

    def color(self, row: FileRow) -> QColor | None:
        if not row.open:
            return CLOSED
        return DUE if row.review_due else None
