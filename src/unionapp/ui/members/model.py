"""The members table model: all rows held in memory, filtered and sorted here, so a
keystroke in the search box is a Python scan of plain rows rather than a database query."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from unionapp.domain.dates import age_on, format_date
from unionapp.domain.labels import GENDER_LABELS, HARDSHIP_LABELS, MEMBER_STATUS_LABELS
from unionapp.domain.masking import mask_id_number, mask_phone
from unionapp.services.members import MemberFilter, MemberRow, apply_filter
from unionapp.ui.widgets.row_model import SortedRowsModel


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    text: Callable[[MemberRow, bool], str]  # (row, show_full) -> display text
    sort: Callable[[MemberRow], Any]
    width: int = 90  # default width in pixels, until the user resizes
    # Every value about as wide as any other (dates, ID numbers, two-character labels): the
    # column fit measures the first rows only, not all ten thousand looking for the longest.
    uniform: bool = False


def _date_col(key: str, header: str) -> Column:
    return Column(
        key, header, lambda r, _f: format_date(getattr(r, key)), lambda r: getattr(r, key) or date.min, uniform=True
    )


COLUMNS: list[Column] = [
    Column("name", "姓名", lambda r, _f: r.name, lambda r: r.sort_key, 80),
    Column("gender", "性别", lambda r, _f: GENDER_LABELS.get(r.gender or "", ""), lambda r: r.gender or "", 45, True),
    _date_col("birth_date", "出生日期"),
    Column(
        "age",
        "年龄",
        lambda r, _f: str(age_on(r.birth_date, date.today()) or ""),
        lambda r: r.birth_date or date.max,
        45,
        uniform=True,
    ),
    Column(
        "id_number",
        "身份证号",
        lambda r, f: r.id_number if f else mask_id_number(r.id_number),
        lambda r: r.id_number,
        165,
        uniform=True,
    ),
    Column("phone", "手机号", lambda r, f: r.phone if f else mask_phone(r.phone), lambda r: r.phone, 105),
    Column("group", "工会小组", lambda r, _f: r.group_name, lambda r: r.group_name),
    Column("department", "部门/岗位", lambda r, _f: r.department, lambda r: r.department),
    Column("title", "职称", lambda r, _f: r.title, lambda r: r.title),
    Column("status", "状态", lambda r, _f: MEMBER_STATUS_LABELS.get(r.status, r.status), lambda r: r.status, 50, True),
    Column(
        "union", "工会会员", lambda r, _f: "是" if r.is_union_member else "否", lambda r: r.is_union_member, 65, True
    ),
    _date_col("join_union_date", "入会时间"),
    _date_col("retirement_date", "退休日期"),
    Column(
        "hardship",
        "困难职工",
        lambda r, _f: HARDSHIP_LABELS.get(r.hardship_level, "") if r.hardship_level else "",
        lambda r: r.hardship_level,
    ),
    Column("notes", "备注", lambda r, _f: r.notes, lambda r: r.notes, 200),
]
COLUMN_KEYS = [c.key for c in COLUMNS]
INACTIVE_COLOR = QColor("#888888")
INACTIVE = ("transferred", "deceased")
TEXTS_KEPT = 2000  # rows whose cell texts are kept: a few screens' worth, a scroll through many


DISPLAY, FOREGROUND, USER = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.UserRole


class MemberTableModel(SortedRowsModel):
    """Typing in the search box must stay within a frame with ten thousand members, so:
    the rows sorted the user's way are kept (`_ordered`) and a filter keeps their order
    instead of sorting again; a query that extends the last one narrows the rows shown
    instead of scanning all; and each shown row's texts are made once (`_texts`), not per
    paint and role."""

    columns = COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._filter = MemberFilter()
        self.show_full = False
        self._ordered: list[MemberRow] | None = None  # all rows in the current sort
        self._texts: dict[int, list[str]] = {}  # member id → its cells' texts

    # -- data in
    def set_rows(self, rows: list[MemberRow]) -> None:
        self._all = rows
        self._ordered = None
        self._texts = {}
        self._refresh()

    def set_filter(self, flt: MemberFilter) -> None:
        previous, self._filter = self._filter, flt
        if flt == previous:
            return
        if self._ordered is not None and flt.narrows(previous):
            self._show_ordered(apply_filter(self._shown, flt))  # the shown rows are in order
        else:
            self._refresh()

    def set_show_full(self, show: bool) -> None:
        self.show_full = show
        self._texts = {}
        if self._shown:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._shown) - 1, len(COLUMNS) - 1))

    def _refresh(self) -> None:
        if self._ordered is None:
            self._ordered = list(self._all)
            if self._sort is not None:
                self._ordered.sort(
                    key=COLUMNS[self._sort[0]].sort, reverse=self._sort[1] == Qt.SortOrder.DescendingOrder
                )
        self._show_ordered(apply_filter(self._ordered, self._filter))

    def _show_ordered(self, rows: list[MemberRow]) -> None:
        """_show for rows already in the user's sort: a stable sort of rows filtered from
        sorted rows would give the same order, so it is skipped."""
        sort, self._sort = self._sort, None
        try:
            self._show(rows)
        finally:
            self._sort = sort

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._ordered = None  # made again in the new order at the next filter
        super().sort(column, order)

    def row_of_member(self, member_id: int) -> int | None:
        return self.row_of(member_id)

    def cell_text(self, row: MemberRow, column: int) -> str:
        return COLUMNS[column].text(row, self.show_full)

    def _row_texts(self, row: MemberRow) -> list[str]:
        texts = self._texts.get(row.id)
        if texts is None:
            if len(self._texts) >= TEXTS_KEPT:
                self._texts.clear()  # scrolled through a big roster: memory stays bounded
            full = self.show_full
            texts = self._texts[row.id] = [c.text(row, full) for c in COLUMNS]
        return texts

    # -- Qt model API
    def data(self, index: QModelIndex, role=DISPLAY):
        if role == DISPLAY:
            return self._row_texts(self._shown[index.row()])[index.column()] if index.isValid() else None
        if role == FOREGROUND:
            return INACTIVE_COLOR if index.isValid() and self._shown[index.row()].status in INACTIVE else None
        if role == USER and index.isValid():
            return self._shown[index.row()].id
        return None
