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


def _date_col(key: str, header: str) -> Column:
    return Column(key, header, lambda r, _f: format_date(getattr(r, key)), lambda r: getattr(r, key) or date.min)


COLUMNS: list[Column] = [
    Column("name", "姓名", lambda r, _f: r.name, lambda r: r.sort_key, 80),
    Column("gender", "性别", lambda r, _f: GENDER_LABELS.get(r.gender or "", ""), lambda r: r.gender or "", 45),
    _date_col("birth_date", "出生日期"),
    Column(
        "age",
        "年龄",
        lambda r, _f: str(age_on(r.birth_date, date.today()) or ""),
        lambda r: r.birth_date or date.max,
        45,
    ),
    Column(
        "id_number",
        "身份证号",
        lambda r, f: r.id_number if f else mask_id_number(r.id_number),
        lambda r: r.id_number,
        165,
    ),
    Column("phone", "手机号", lambda r, f: r.phone if f else mask_phone(r.phone), lambda r: r.phone, 105),
    Column("group", "工会小组", lambda r, _f: r.group_name, lambda r: r.group_name),
    Column("department", "部门/岗位", lambda r, _f: r.department, lambda r: r.department),
    Column("title", "职称", lambda r, _f: r.title, lambda r: r.title),
    Column("status", "状态", lambda r, _f: MEMBER_STATUS_LABELS.get(r.status, r.status), lambda r: r.status, 50),
    Column("union", "工会会员", lambda r, _f: "是" if r.is_union_member else "否", lambda r: r.is_union_member, 65),
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


class MemberTableModel(SortedRowsModel):
    columns = COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._filter = MemberFilter()
        self.show_full = False

    # -- data in
    def set_rows(self, rows: list[MemberRow]) -> None:
        self._all = rows
        self._refresh()

    def set_filter(self, flt: MemberFilter) -> None:
        self._filter = flt
        self._refresh()

    def set_show_full(self, show: bool) -> None:
        self.show_full = show
        if self._shown:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._shown) - 1, len(COLUMNS) - 1))

    def _refresh(self) -> None:
        self._show(apply_filter(self._all, self._filter))

    def row_of_member(self, member_id: int) -> int | None:
        return self.row_of(member_id)

    def cell_text(self, row: MemberRow, column: int) -> str:
        return COLUMNS[column].text(row, self.show_full)

    # -- Qt model API
    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()].text(row, self.show_full)
        if role == Qt.ItemDataRole.ForegroundRole and row.status in ("transferred", "deceased"):
            return INACTIVE_COLOR
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None
