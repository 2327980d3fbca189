"""The 五必访 register table model: one period's visits (already narrowed by the service's
filter) held in memory; the search box filters them here, so typing never waits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.domain.pinyin import normalize_query
from unionapp.domain.visits import STATUS_LABELS
from unionapp.services.visits import VisitRow
from unionapp.ui.widgets.row_model import SortedRowsModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
OVERDUE = QColor("#c9302c")
PLANNED = QColor("#2a6db0")
WARNED = QColor("#b35900")
WARNING_MARK = "※"  # in every CJK font, unlike emoji warning signs


def is_overdue(row: VisitRow, today: date | None = None) -> bool:
    return row.status == "planned" and row.visit_date < (today or date.today())


def status_text(row: VisitRow) -> str:
    return "待访（已过期）" if is_overdue(row) else STATUS_LABELS.get(row.status, row.status)


def gift_text(row: VisitRow) -> str:
    if row.gift_value_fen:
        return f"{row.gift or '慰问品'}（{format_fen(row.gift_value_fen)} 元）"
    return row.gift


def remark(row: VisitRow) -> str:
    """备注 in one line: the mark of an accepted warning, a family visit, the notes."""
    parts = [
        f"{WARNING_MARK}超标准" if row.warnings else "",
        "慰问家属" if row.for_family else "",
        " ".join(row.notes.split()),
    ]
    return "；".join(p for p in parts if p)


def details(row: VisitRow) -> str:
    """The tooltip: what fell outside the standard and why it was accepted."""
    lines = [f"{row.member_name}　{row.type_name}　{format_date(row.visit_date)}　{status_text(row)}"]
    if row.warnings:
        lines += [f"超标准：{row.warnings}", f"理由：{row.warning_reason or '（未填写）'}"]
    if row.notes:
        lines.append(f"备注：{row.notes}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[VisitRow], str]
    sort: Callable[[VisitRow], Any]
    width: int = 90
    money: bool = False


COLUMNS: list[Column] = [
    Column("日期", lambda r: format_date(r.visit_date), lambda r: r.visit_date, 90),
    Column("姓名", lambda r: r.member_name, lambda r: r.member_name, 70),
    Column("工会小组", lambda r: r.group_name, lambda r: r.group_name, 90),
    Column("类型", lambda r: r.type_name, lambda r: r.type_name, 150),
    Column("事由", lambda r: r.reason, lambda r: r.reason, 140),
    Column("走访人", lambda r: r.visitors, lambda r: r.visitors, 110),
    Column("慰问金", lambda r: format_fen(r.money_fen, blank_zero=True), lambda r: r.money_fen, 85, True),
    Column("慰问品", gift_text, lambda r: r.gift_value_fen, 160),
    Column("审批人", lambda r: r.approver, lambda r: r.approver, 65),
    Column("审批编号", lambda r: r.approval_no, lambda r: r.approval_no, 130),
    Column("状态", status_text, lambda r: (r.status, r.visit_date), 95),
    Column("备注", remark, lambda r: remark(r), 200),
]
STATUS_COLUMN, REMARK_COLUMN = 10, 11


def visit_matches(row: VisitRow, query: str, member_keys: dict[int, str]) -> bool:
    """The service's text rule (name, reason, visitors, notes) plus the member's pinyin:
    letters match the start of a reading ("zhangs", "zs"), as in the members search."""
    text = query.strip().lower()
    if not text:
        return True
    if text in f"{row.member_name}\t{row.reason}\t{row.visitors}\t{row.notes}".lower():
        return True
    letters = normalize_query(query)
    return letters.isascii() and letters.isalpha() and "|" + letters in member_keys.get(row.member_id, "")


class VisitTableModel(SortedRowsModel):
    columns = COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text = ""
        self._keys: dict[int, str] = {}

    # -- data in
    def set_rows(self, rows: list[VisitRow]) -> None:
        self._all = rows
        self._refresh()

    def set_text(self, text: str, member_keys: dict[int, str]) -> None:
        self._text, self._keys = text, member_keys
        self._refresh()

    def _refresh(self) -> None:
        self._show([r for r in self._all if visit_matches(r, self._text, self._keys)])

    def row_of_visit(self, visit_id: int) -> int | None:
        return self.row_of(visit_id)

    def totals(self) -> tuple[int, int, int, int]:
        """(visits shown, done, money given, gift value given): planned money is not given yet."""
        done = [r for r in self._shown if r.status == "done"]
        return len(self._shown), len(done), sum(r.money_fen for r in done), sum(r.gift_value_fen for r in done)

    # -- Qt model API
    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._shown[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._color(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and column.money:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return details(row)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    @staticmethod
    def _color(row: VisitRow, column: int) -> QColor | None:
        if column == REMARK_COLUMN and row.warnings:
            return WARNED
        if row.status == "planned":
            return OVERDUE if is_overdue(row) and column == STATUS_COLUMN else PLANNED
        return None
