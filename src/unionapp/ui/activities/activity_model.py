"""Table models of the 活动 page: the year's activities, and one activity's sign-ups,
prizes, costs and participation per group (all held in memory: sorting and the search box
never wait for the database)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from unionapp.domain.activities import ACTIVITY_KIND_LABELS, PARTICIPATION_GOAL, PRIZE_KIND_LABELS, rate_text
from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.services.activities import ActivityRow, EntryRow, GroupRate, PrizeRow
from unionapp.ui.activities.columns import WARNING_MARK, Column, RowsModel, SearchedRowsModel

CAME_MARK = "✓"
ABSENT = QColor("#888888")


def percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole > 0 else "—"


def dates_text(a: ActivityRow) -> str:
    if a.date_to == a.date_from:
        return format_date(a.date_from)
    return f"{format_date(a.date_from)} 至 {format_date(a.date_to)}"


def warning_text(a: ActivityRow) -> str:
    return f"{WARNING_MARK}超标准（已说明）" if a.warnings else ""


def activity_tip(a: ActivityRow) -> str:
    """The tooltip: place, organiser, approval, what fell outside a rule and why."""
    lines = [f"{a.name}　{dates_text(a)}　{ACTIVITY_KIND_LABELS.get(a.kind, a.kind)}"]
    for label, value in (("地点", a.place), ("组织者", a.organiser), ("经费科目", a.category_name)):
        if value:
            lines.append(f"{label}：{value}")
    if a.budget_fen:
        lines.append(f"预算：{format_fen(a.budget_fen)} 元，已支出 {format_fen(a.spent_fen)} 元")
    if a.approver or a.approval_no:
        lines.append(f"审批：{a.approver} {a.approval_no}".rstrip())
    if a.warnings:
        lines += [f"超标准：{a.warnings}", f"说明：{a.warning_reason or '（未填写）'}"]
    if a.notes:
        lines.append(f"备注：{a.notes}")
    return "\n".join(lines)


ACTIVITY_COLUMNS = [
    Column("日期", dates_text, lambda a: (a.date_from, a.id), 95),
    Column("名称", lambda a: a.name, lambda a: a.name, 200),
    Column("类型", lambda a: ACTIVITY_KIND_LABELS.get(a.kind, a.kind), lambda a: a.kind, 70),
    Column("参加小组", lambda a: a.group_names or "全校", lambda a: a.group_names, 120),
    Column("报名", lambda a: str(a.signed_up), lambda a: a.signed_up, 45, True),
    Column("实到", lambda a: str(a.attended), lambda a: a.attended, 45, True),
    Column(
        "参与率",
        lambda a: percent(a.attended, a.eligible),
        lambda a: a.attended / a.eligible if a.eligible else -1,
        60,
        True,
    ),
    Column("奖品（元）", lambda a: format_fen(a.prizes_fen), lambda a: a.prizes_fen, 85, True),
    Column("费用（元）", lambda a: format_fen(a.costs_fen), lambda a: a.costs_fen, 85, True),
    Column("警示", warning_text, warning_text, 120),
]

ENTRY_COLUMNS = [
    Column("姓名", lambda e: e.name, lambda e: e.id, 80),
    Column("工会小组", lambda e: e.group_name or "未分组", lambda e: e.group_name, 110),
    Column("项目", lambda e: e.event, lambda e: e.event, 100),
    Column("队伍", lambda e: e.team, lambda e: e.team, 90),
    Column("签到", lambda e: CAME_MARK if e.attended else "", lambda e: e.attended, 45),
    Column("成绩", lambda e: e.result, lambda e: e.result, 80),
    Column("名次", lambda e: e.place, lambda e: e.place, 50),
    Column("备注", lambda e: e.note, lambda e: e.note, 150),
]


def team_text(p: PrizeRow) -> str:
    return f"{p.team}（{p.team_size} 人）" if p.team else ""


PRIZE_COLUMNS = [
    Column("姓名", lambda p: p.name, lambda p: p.name, 80),
    Column("工会小组", lambda p: p.group_name or "未分组", lambda p: p.group_name, 110),
    Column("奖项", lambda p: p.award, lambda p: p.award, 100),
    Column("队伍", team_text, team_text, 110),
    Column("奖金/奖品", lambda p: PRIZE_KIND_LABELS.get(p.kind, p.kind), lambda p: p.kind, 70),
    Column("物品", lambda p: p.item, lambda p: p.item, 120),
    Column("金额（元）", lambda p: format_fen(p.value_fen), lambda p: p.value_fen, 90, True),
]

COST_COLUMNS = [
    Column("日期", lambda c: format_date(c.cost_date), lambda c: (c.cost_date, c.id), 95),
    Column("费用项目", lambda c: c.item, lambda c: c.item, 100),
    Column("金额（元）", lambda c: format_fen(c.amount_fen), lambda c: c.amount_fen, 90, True),
    Column("说明", lambda c: c.note, lambda c: c.note, 240),
]


RATE_HEADERS = ["工会小组", "会员人数", "参加人数", "参与率"]


def rate_rows(rates: list[GroupRate]) -> list[list[str]]:
    """Participation per group as table rows, the overall (合计) row last."""
    return [[r.group_name, str(r.members), str(r.took_part), percent(r.took_part, r.members)] for r in rates]


def participation_line(year: int, rates: list[GroupRate]) -> str:
    """参加过活动的会员 x/y（z%），章程要求三分之二以上 — with whether the year reaches it."""
    total = rates[-1] if rates else GroupRate(None, "合计", 0, 0)
    goal = "，已达到" if total.members and total.rate >= PARTICIPATION_GOAL else "，尚未达到"
    goal = goal if total.members else ""
    return f"{year} 年参加过活动的会员 {rate_text(total.took_part, total.members)}，章程要求三分之二以上{goal}"


class ActivityTableModel(RowsModel):
    columns = ACTIVITY_COLUMNS

    def tip(self, row: ActivityRow) -> str:
        return activity_tip(row)


class EntryTableModel(SearchedRowsModel):
    """Sign-ups in the sheets' order (group, then name), filtered by a search typed over
    them: by name, or pinyin through the roster's search text when it has been read."""

    columns = ENTRY_COLUMNS

    def matches(self, row: EntryRow, query: str, needle: str) -> bool:
        return query in row.name or needle in self.keys.get(row.member_id, "") or query in row.event

    def color(self, row: EntryRow) -> QColor | None:
        return None if row.attended else ABSENT


class PrizeTableModel(RowsModel):
    columns = PRIZE_COLUMNS

    def total_fen(self) -> int:
        return sum(p.value_fen for p in self._all)


class CostTableModel(RowsModel):
    columns = COST_COLUMNS

    def total_fen(self) -> int:
        return sum(c.amount_fen for c in self._all)
