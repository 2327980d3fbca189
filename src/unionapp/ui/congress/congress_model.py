"""Table models of the 代表 and 会议 pages: a term's delegates, its sessions, one session's
sign-in list and its resolutions (all held in memory: sorting and the search box never
wait for the database)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from unionapp.domain.dates import format_date
from unionapp.services.congress import AttendanceRow, DelegateRow, ResolutionRow, SessionRow
from unionapp.ui.activities.columns import WARNING_MARK, Column, RowsModel, SearchedRowsModel

RED = QColor("#c9302c")
GREY = QColor("#888888")
GREEN = QColor("#2e7d32")
GENDER = {"M": "男", "F": "女"}


def delegate_state(d: DelegateRow) -> str:
    """在任 / 任期结束（原因）/ 已离校, the last flagged: a delegate who left still in office."""
    if d.ended_on is not None:
        why = "，".join(x for x in (d.end_reason, d.replaced_by_name and f"{d.replaced_by_name}补选接替") if x)
        return f"任期结束（{why}）" if why else "任期结束"
    if d.left_label:
        return f"{WARNING_MARK}{d.left_label}"
    return f"在任（补选，接替{d.replaces_name}）" if d.replaces_name else "在任"


def delegate_tip(d: DelegateRow) -> str:
    lines = [f"{d.name}　{d.group_name or '未分组'}　{d.category_label}"]
    if d.department or d.title:
        lines.append(f"部门/职务：{d.department} {d.title}".rstrip())
    lines.append(f"当选：{format_date(d.elected_on)}")
    if d.ended_on is not None:
        lines.append(f"任期结束：{format_date(d.ended_on)}（{d.end_reason}）")
    if d.replaces_name:
        lines.append(f"补选接替：{d.replaces_name}")
    if d.replaced_by_name:
        lines.append(f"由 {d.replaced_by_name} 补选接替")
    if d.left_label and d.ended_on is None:
        lines.append(f"{d.left_label}，仍在任：请办理“任期结束”或“补选替换”")
    if d.note:
        lines.append(f"备注：{d.note}")
    return "\n".join(lines)


DELEGATE_COLUMNS = [
    Column("姓名", lambda d: d.name, lambda d: d.id, 80),
    Column("性别", lambda d: GENDER.get(d.gender or "", ""), lambda d: d.gender or "", 40),
    Column("工会小组", lambda d: d.group_name or "未分组", lambda d: d.group_name, 100),
    Column("选区", lambda d: d.constituency_name, lambda d: d.constituency_name or "", 100),
    Column("类别", lambda d: d.category_label, lambda d: d.category, 80),
    Column("当选日期", lambda d: format_date(d.elected_on), lambda d: d.elected_on, 90),
    Column("状态", delegate_state, delegate_state, 160),
    Column("备注", lambda d: d.note, lambda d: d.note, 150),
]


class DelegateTableModel(SearchedRowsModel):
    """A term's delegates in the sheets' order (选区, then name), searched by name or pinyin."""

    columns = DELEGATE_COLUMNS

    def matches(self, row: DelegateRow, query: str, needle: str) -> bool:
        return query in row.name or needle in self.keys.get(row.member_id, "")

    def tip(self, row: DelegateRow) -> str:
        return delegate_tip(row)

    def color(self, row: DelegateRow) -> QColor | None:
        if row.ended_on is not None:
            return GREY
        return RED if row.left_label else None


def attendance_text(s: SessionRow) -> str:
    return f"{s.present}/{s.delegates}"


def quorum_state(s: SessionRow) -> str:
    if s.present == 0 and s.on_leave == 0:
        return "未签到"
    return "符合" if s.quorum_met else f"{WARNING_MARK}不足"


SESSION_COLUMNS = [
    Column("会议", lambda s: s.name, lambda s: s.number, 190),
    Column("日期", lambda s: format_date(s.session_date), lambda s: s.session_date, 90),
    Column("地点", lambda s: s.place, lambda s: s.place, 100),
    Column("应到", lambda s: str(s.delegates), lambda s: s.delegates, 45, True),
    Column("实到", lambda s: str(s.present), lambda s: s.present, 45, True),
    Column("法定人数", quorum_state, quorum_state, 70),
    Column("决议", lambda s: str(s.resolutions), lambda s: s.resolutions, 45, True),
    Column("提案", lambda s: str(s.proposals), lambda s: s.proposals, 45, True),
]


class SessionTableModel(RowsModel):
    columns = SESSION_COLUMNS

    def tip(self, row: SessionRow) -> str:
        return row.quorum_text

    def color(self, row: SessionRow) -> QColor | None:
        return RED if (row.present and not row.quorum_met) else None


@dataclass(frozen=True)
class SignIn:
    """One line of the sign-in list (the shared models key their rows by `id`)."""

    id: int  # the delegate's
    row: AttendanceRow


STATE_COLORS = {"present": GREEN, "leave": QColor("#8a6d3b"), "absent": RED, "": GREY}

ATTENDANCE_COLUMNS = [
    Column("姓名", lambda s: s.row.name, lambda s: s.id, 80),
    Column("性别", lambda s: GENDER.get(s.row.gender or "", ""), lambda s: s.row.gender or "", 40),
    Column("工会小组", lambda s: s.row.group_name or "未分组", lambda s: s.row.group_name, 100),
    Column("选区", lambda s: s.row.constituency_name, lambda s: s.row.constituency_name or "", 100),
    Column("类别", lambda s: s.row.category_label, lambda s: s.row.category_label, 80),
    Column("签到", lambda s: s.row.state_label, lambda s: s.row.state, 60),
    Column("说明", lambda s: s.row.note, lambda s: s.row.note, 150),
]


class AttendanceTableModel(SearchedRowsModel):
    columns = ATTENDANCE_COLUMNS

    def set_rows(self, rows: list) -> None:
        super().set_rows([SignIn(r.delegate_id, r) for r in rows])

    def matches(self, row: SignIn, query: str, needle: str) -> bool:
        return query in row.row.name or needle in self.keys.get(row.row.member_id, "")

    def tip(self, row: SignIn) -> str:
        return f"{row.row.name}：{row.row.left_label}" if row.row.left_label else ""

    def color(self, row: SignIn) -> QColor | None:
        return STATE_COLORS.get(row.row.state)


def votes_text(r: ResolutionRow) -> str:
    return f"{r.votes_for}/{r.votes_against}/{r.votes_abstain}"


RESOLUTION_COLUMNS = [
    Column("序号", lambda r: str(r.number), lambda r: r.number, 40, True),
    Column("决议", lambda r: r.title, lambda r: r.title, 260),
    Column("赞成/反对/弃权", votes_text, lambda r: r.votes_for, 110),
    Column("结果", lambda r: r.result_label, lambda r: r.passed, 60),
    Column("依据", lambda r: r.basis, lambda r: r.basis, 260),
]


class ResolutionTableModel(RowsModel):
    columns = RESOLUTION_COLUMNS

    def color(self, row: ResolutionRow) -> QColor | None:
        return GREEN if row.passed else RED
