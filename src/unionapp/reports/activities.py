"""The activities' (活动) printed tables: 活动签到表, 奖品/奖金发放签收表 and the year's
活动一览表 with each group's participation beside the charter's two-thirds goal.

Rows come from `services.activities` (get_activity, list_entries, list_prizes,
list_activities, year_participation): each `*_report(db, ...)` reads them and hands them
to the pure `build_*` function, which never sees the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby

from unionapp.domain.activities import ACTIVITY_KIND_LABELS, PARTICIPATION_GOAL, PRIZE_KIND_LABELS, rate_text
from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.reports.model import Column, Report, Section
from unionapp.reports.visits import period_label
from unionapp.services import Database, activities, groups, members, settings
from unionapp.services.activities import ActivityRow, EntryRow, GroupRate, PrizeRow

NO_GROUP = "（未分组）"
SIGN_ROW_PT = 30  # about 1 cm: room for a handwritten name
RATE_STEP = Decimal("0.0001")
FILE_STEMS = {"activity-signin": "活动签到表", "prize-receipts": "奖品发放签收表", "activities": "活动一览表"}

SIGNIN_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8, "center"),
    Column("group", "工会小组", "text", 10),
    Column("event", "项目", "text", 10),
    Column("team", "队伍", "text", 8),
    Column("sign", "签到", "text", 22, wrap=True),
)
# Before sign-up, 项目 and 队伍 are written in by hand: they share the spare width.
BLANK_SIGNIN_COLUMNS = tuple(
    Column(c.key, c.header, c.kind, 10, wrap=True) if c.key in ("event", "team") else c for c in SIGNIN_COLUMNS
)
PRIZE_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8, "center"),
    Column("group", "工会小组", "text", 10),
    Column("award", "奖项", "text", 10),
    Column("team", "队伍", "text", 8),
    Column("item", "奖品/奖金", "text", 10),
    Column("money", "金额（元）", "money", 10),
    Column("sign", "领取人签字", "text", 18, wrap=True),
)
OVERVIEW_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("date", "日期", "date", 10),
    Column("name", "名称", "text", 14),
    Column("kind", "类型", "text", 8),
    Column("groups", "参加小组", "text", 14, wrap=True),
    Column("signed_up", "报名人数", "int", 6, total=True),
    Column("attended", "实到人数", "int", 6, total=True),
    Column("rate", "参与率", "percent", 7),
    Column("prizes", "奖品", "money", 10),
    Column("costs", "费用", "money", 10),
    Column("spent", "合计", "money", 10),
)


@dataclass(frozen=True)
class Person:
    """Someone on a blank sign-in sheet: a member of a group taking part."""

    name: str
    group_name: str


def _union(db: Database) -> str:
    return settings.load(db).union_name


def activity_title(a: ActivityRow) -> str:
    """The activity's name with its year in front when it does not say it."""
    return a.name if a.name.startswith(str(a.date_from.year)) else f"{a.date_from.year}年{a.name}"


def activity_line(a: ActivityRow) -> str:
    """The line under the title: when, where, who organised it, which groups."""
    parts = [
        f"活动日期：{period_label(a.date_from, a.date_to) if a.date_to != a.date_from else format_date(a.date_from)}",
        f"地点：{a.place}" if a.place else "",
        f"组织：{a.organiser}" if a.organiser else "",
        f"参加小组：{a.group_names or '全校'}",
    ]
    return "　".join(p for p in parts if p)


def _group_sections(rows: list[tuple], group_at: int, label: str) -> list[Section]:
    """One section per run of the same 工会小组 (rows come grouped), with a head count."""
    sections, start = [], 0
    for group, run in groupby(rows, key=lambda r: r[group_at]):
        count = len(list(run))
        sections.append(Section(f"工会小组：{group}　　{label} {count} 人", start, {"no": "", "name": f"{count} 人"}))
        start += count
    return sections


# ---------------------------------------------------------------- 活动签到表


def signin_report(db: Database, activity_id: int, today: date | None = None) -> Report:
    """The activity's sign-ups; none yet: the active members of the groups taking part."""
    a = activities.get_activity(db, activity_id)
    entries = activities.list_entries(db, activity_id)
    people = [] if entries else group_members(db, a.group_ids)
    return build_signin_report(a, entries, people, _union(db), today)


def group_members(db: Database, group_ids: Sequence[int]) -> list[Person]:
    """Active union members of the groups (every group when none), in the groups' order."""
    order = {g.id: i for i, g in enumerate(groups.list_groups(db))}
    chosen = [
        m
        for m in members.list_members(db)
        if m.status == "active" and m.is_union_member and (not group_ids or m.group_id in group_ids)
    ]
    chosen.sort(key=lambda m: (m.group_id is None, order.get(m.group_id, len(order))))  # stable: pinyin kept
    return [Person(m.name, m.group_name) for m in chosen]


def build_signin_report(
    a: ActivityRow, entries: Sequence[EntryRow], people: Sequence[Person], union: str, today: date | None = None
) -> Report:
    """One row per sign-up (by group, as given), a blank 签到 cell; with no sign-ups, one
    row per person given, so a blank sheet can be printed before sign-up."""
    if entries:
        data = _numbered_per_group([(e.name, e.group_name or NO_GROUP, e.event, e.team, None) for e in entries])
        note = "按报名名单打印。"
    else:
        data = _numbered_per_group([(p.name, p.group_name or NO_GROUP, "", "", None) for p in people])
        note = "尚无报名记录，按参加小组的在职会员名单打印，项目、队伍请现场填写。"
    return Report(
        f"{union}{activity_title(a)}签到表",
        SIGNIN_COLUMNS if entries else BLANK_SIGNIN_COLUMNS,
        data,
        union_name=union,
        made_on=today or date.today(),
        totals={"no": "", "name": "合计", "group": f"{len(data)} 人次" if entries else f"{len(data)} 人"},
        signatures=("组织人", "工会主席"),
        orientation="portrait",
        subtitle=activity_line(a),
        row_height=SIGN_ROW_PT,
        sections=_group_sections(data, 2, "本组"),
        notes=f"{note}本人到场后在“签到”栏签名。",
    )


def _numbered_per_group(rows: list[tuple]) -> list[tuple]:
    """序号 in front of each row, starting at 1 on each group's sheet (rows come by group;
    the group is their second cell)."""
    numbered, number, group = [], 0, None
    for row in rows:
        number = number + 1 if row[1] == group else 1
        group = row[1]
        numbered.append((number, *row))
    return numbered


# ---------------------------------------------------------------- 奖品/奖金发放签收表


def prize_receipts_report(db: Database, activity_id: int, today: date | None = None) -> Report:
    """The activity's prizes, as activities.list_prizes reads them."""
    a = activities.get_activity(db, activity_id)
    return build_prize_receipts(a, activities.list_prizes(db, activity_id), _union(db), today)


def build_prize_receipts(a: ActivityRow, prizes: Sequence[PrizeRow], union: str, today: date | None = None) -> Report:
    """One row per person's prize, a blank 领取人签字 cell; the total is the activity's
    prizes posted to the ledger."""
    data = [
        (i, p.name, p.group_name or NO_GROUP, p.award, _team(p), _prize_item(p), p.value_fen, None)
        for i, p in enumerate(prizes, start=1)
    ]
    total = sum(p.value_fen for p in prizes)
    money = sum(p.value_fen for p in prizes if p.kind == "money")
    notes = [
        f"金额单位：元。共 {len(prizes)} 人次，合计 {format_fen(total)} 元，其中奖金 {format_fen(money)} 元、"
        f"奖品价值 {format_fen(total - money)} 元。领取人本人签字；代领的请注明。"
    ]
    if a.warnings:
        notes.append(f"超出标准的说明：{a.warnings}；理由：{a.warning_reason or '（未填写）'}。")
    return Report(
        f"{union}{activity_title(a)}奖品/奖金发放签收表",
        PRIZE_COLUMNS,
        data,
        union_name=union,
        made_on=today or date.today(),
        totals={"no": "", "name": "合计", "group": f"{len(prizes)} 人次", "money": total},
        signatures=("经办人", "审批人", "工会主席"),
        orientation="portrait",
        subtitle=f"{activity_line(a)}　审批人：{a.approver or '—'}　审批编号：{a.approval_no or '—'}",
        row_height=SIGN_ROW_PT,
        notes="".join(notes),
    )


def _team(p: PrizeRow) -> str:
    return f"{p.team}（{p.team_size} 人）" if p.team and p.team_size > 1 else p.team


def _prize_item(p: PrizeRow) -> str:
    label = PRIZE_KIND_LABELS.get(p.kind, p.kind)
    return f"{label}：{p.item}" if p.item and p.item != label else label


# ---------------------------------------------------------------- 活动一览表


def overview_report(db: Database, year: int, today: date | None = None) -> Report:
    """The year's activities (oldest first) and the year's participation per group."""
    rows = sorted(activities.list_activities(db, year), key=lambda a: (a.date_from, a.id))
    return build_overview(rows, activities.year_participation(db, year), year, _union(db), today)


def build_overview(
    rows: Sequence[ActivityRow], rates: Sequence[GroupRate], year: int, union: str, today: date | None = None
) -> Report:
    """Each activity with sign-ups, attendance, its rate, prizes and costs; totals; the
    year's share of members who came to at least one, per group and overall, beside the
    charter's goal (三分之二)."""
    data = [
        (
            i,
            a.date_from,
            a.name,
            ACTIVITY_KIND_LABELS.get(a.kind, a.kind),
            a.group_names or "全校",
            a.signed_up,
            a.attended,
            rate(a.attended, a.eligible),
            a.prizes_fen,
            a.costs_fen,
            a.spent_fen,
        )
        for i, a in enumerate(rows, start=1)
    ]
    overall = next((r for r in rates if r.group_id is None and r.group_name == "合计"), None)
    return Report(
        f"{union}{year}年活动一览表",
        OVERVIEW_COLUMNS,
        data,
        union_name=union,
        period=f"{year}年",
        made_on=today or date.today(),
        signatures=("制表人", "工会主席"),
        orientation="landscape",
        subtitle=_goal_line(overall),
        notes=_rates_note(rates),
    )


def rate(part: int, whole: int) -> Decimal | None:
    """A share as the report's percent cells take it; None when there is nobody to count."""
    return (Decimal(part) / whole).quantize(RATE_STEP) if whole else None


def _goal_line(overall: GroupRate | None) -> str:
    if overall is None or not overall.members:
        return "全年参与率：—"
    met = overall.took_part * PARTICIPATION_GOAL.denominator >= overall.members * PARTICIPATION_GOAL.numerator
    return (
        f"全年参与率（至少参加一次活动的会员）：{rate_text(overall.took_part, overall.members)}"
        f"　章程目标：三分之二以上（{'已达到' if met else '未达到'}）"
    )


def _rates_note(rates: Sequence[GroupRate]) -> str:
    groups_part = "；".join(f"{r.group_name} {rate_text(r.took_part, r.members)}" for r in rates)
    return (
        "金额单位：元。参与率＝实到人数÷参加小组的在职会员人数；报名、实到人数的合计为人次。"
        f"各工会小组全年参与情况（至少参加一次活动的在职会员／在职会员）：{groups_part}。"
        "章程要求让三分之二以上的会员能够有适合自己参加的项目。"
    )
