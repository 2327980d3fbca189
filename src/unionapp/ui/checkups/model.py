"""Table models of the 体检 tab: the year's campaigns, and one campaign's people (held in
memory and filtered here, so typing in the search box never waits for the database)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from unionapp.domain.checkups import ATTENDED, ELIGIBILITY_LABELS, PAYER_LABELS, PERSON_STATUS_LABELS
from unionapp.domain.dates import age_on, format_date
from unionapp.domain.labels import GENDER_LABELS
from unionapp.domain.money import format_fen
from unionapp.domain.pinyin import normalize_query
from unionapp.services.checkups import CampaignRow, PersonRow
from unionapp.services.members import MemberRow, text_matches
from unionapp.ui.widgets.row_model import SortedRowsModel

MISSING = "missing"  # status filter: everyone who has not been (待通知, 已通知, 未参加)
STATUS_FILTERS = {None: "全部状态", MISSING: "未体检（含未参加）", **PERSON_STATUS_LABELS}
STATUS_COLORS = {"done": QColor("#2e7d32"), "followup": QColor("#b26a00"), "absent": QColor("#888888")}
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any, _RowsModel], str]
    sort: Callable[[Any], Any]
    width: int = 90
    number: bool = False


class _RowsModel(SortedRowsModel):
    """Rows shown through a list of Columns, with a colour per row."""

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._shown[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row, self)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.number:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.color(row)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def cell_text(self, row, column: int) -> str:
        return self.columns[column].text(row, self)

    def color(self, row) -> QColor | None:
        return None


# ---------------------------------------------------------------- campaigns


def date_range_text(c: CampaignRow) -> str:
    return f"{format_date(c.date_from)} 至 {format_date(c.date_to)}"


CAMPAIGN_COLUMNS = [
    Column("体检名称", lambda c, _m: c.name, lambda c: c.name, 220),
    Column(
        "参加范围", lambda c, _m: ELIGIBILITY_LABELS.get(c.eligibility, c.eligibility), lambda c: c.eligibility, 110
    ),
    Column("医院", lambda c, _m: c.hospital, lambda c: c.hospital, 180),
    Column("日期", lambda c, _m: date_range_text(c), lambda c: c.date_from, 180),
    Column("应检", lambda c, _m: str(c.eligible), lambda c: c.eligible, 50, True),
    Column("已检", lambda c, _m: str(c.attended), lambda c: c.attended, 50, True),
    Column("未检", lambda c, _m: str(c.missing), lambda c: c.missing, 50, True),
    Column("费用（元）", lambda c, _m: format_fen(c.cost_fen), lambda c: c.cost_fen, 95, True),
    Column("付费", lambda c, _m: PAYER_LABELS.get(c.payer, c.payer), lambda c: c.payer, 70),
]


class CampaignTableModel(_RowsModel):
    columns = CAMPAIGN_COLUMNS

    def set_rows(self, rows: list[CampaignRow]) -> None:
        self._show(list(rows))


# ---------------------------------------------------------------- people


def _note_text(p: PersonRow, model: PeopleTableModel) -> str:
    """备注; the follow-up note is health data, shown only while the user asks for it."""
    parts = [p.notes] if p.notes else []
    if p.followup_note:
        parts.append(f"复查：{p.followup_note}" if model.show_health else "（复查说明已隐藏）")
    return "；".join(parts)


PEOPLE_COLUMNS = [
    Column("姓名", lambda p, _m: p.name, lambda p: p.id, 80),
    Column("性别", lambda p, _m: GENDER_LABELS.get(p.gender or "", ""), lambda p: p.gender or "", 45),
    Column(
        "年龄", lambda p, m: str(age_on(p.birth_date, m.age_date) or ""), lambda p: p.birth_date or date.max, 45, True
    ),
    Column("工会小组", lambda p, _m: p.group_name, lambda p: p.group_name, 110),
    Column("状态", lambda p, _m: PERSON_STATUS_LABELS.get(p.status, p.status), lambda p: p.status, 60),
    Column("体检日期", lambda p, _m: format_date(p.checkup_date), lambda p: p.checkup_date or date.min, 95),
    Column("未参加原因", lambda p, _m: p.absence_reason, lambda p: p.absence_reason, 140),
    Column("备注", _note_text, lambda p: p.notes, 220),
]
NOTE_COLUMN = len(PEOPLE_COLUMNS) - 1


class PeopleTableModel(_RowsModel):
    columns = PEOPLE_COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[PersonRow] = []
        self._members: dict[int, MemberRow] = {}
        self._order: dict[int, int] = {}
        self.status_filter: str | None = None
        self.text = ""
        self.show_health = False
        self.age_date = date.today()  # ages as on the campaign's first day

    def set_rows(self, rows: list[PersonRow], members: dict[int, MemberRow], age_date: date) -> None:
        # list_people returns them in pinyin order: the position is the name column's sort key
        self._all = list(rows)
        self._order = {r.id: n for n, r in enumerate(rows)}
        self._members = members
        self.age_date = age_date
        self._refresh()

    def set_filter(self, status: str | None, text: str) -> None:
        self.status_filter, self.text = status, text
        self._refresh()

    def set_show_health(self, show: bool) -> None:
        self.show_health = show
        if self._shown:
            self.dataChanged.emit(self.index(0, NOTE_COLUMN), self.index(len(self._shown) - 1, NOTE_COLUMN))

    def _refresh(self) -> None:
        query = normalize_query(self.text)
        self._show([p for p in self._all if self._status_ok(p) and self._text_ok(p, query)])

    def _status_ok(self, p: PersonRow) -> bool:
        if self.status_filter == MISSING:
            return p.status not in ATTENDED
        return self.status_filter is None or p.status == self.status_filter

    def _text_ok(self, p: PersonRow, query: str) -> bool:
        if not query:
            return True
        member = self._members.get(p.member_id)
        return text_matches(member, query) if member is not None else query in p.name

    def _sort_shown(self, column: int, order: Qt.SortOrder) -> None:
        key = (lambda p: self._order.get(p.id, 0)) if column == 0 else self.columns[column].sort
        self._shown.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def color(self, row: PersonRow) -> QColor | None:
        return STATUS_COLORS.get(row.status)
