"""Activities (活动): the activity itself — name, kind, dates, place, organiser, the groups
taking part, budget, category, approval —; its sign-ups are in `activity_entries`, its
prizes and costs (and their ledger entries) in `activity_money`, reading in
`activity_reads`. Each imports only the ones before it (activity_reads ← activity_money,
activity_entries ← this module); this module re-exports their public names (`__all__`),
so callers use `services.activities.*` for all of it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import Activity, ActivityCost, ActivityEntry, ActivityGroup, ActivityPrize
from unionapp.domain.activities import ACTIVITY_KIND_LABELS, ACTIVITY_TEXTS
from unionapp.domain.text import strip_unsafe
from unionapp.services import audit
from unionapp.services.activity_common import check_category, check_groups, cleaned, describe, money_problems
from unionapp.services.activity_entries import (
    EntryInput,
    add_entries,
    add_entries_in,
    remove_entries,
    set_attended,
    update_entry,
)
from unionapp.services.activity_money import (
    COST_SOURCE,
    SOURCE,
    CostInput,
    PrizeInput,
    activities_match_ledger,
    add_cost,
    add_costs_in,
    add_prize,
    add_prizes_in,
    check_activity,
    issue_prizes,
    issue_prizes_in,
    remove_cost,
    remove_prize,
    repost_in,
    reverse_all_in,
    update_prize,
    withdraw_prizes,
)
from unionapp.services.activity_reads import (
    ActivityRow,
    CostRow,
    EntryRow,
    GroupRate,
    PrizeRow,
    TookPart,
    activity_in,
    activity_rows_in,
    activity_years,
    get_activity,
    list_activities,
    list_costs,
    list_entries,
    list_prizes,
    member_activities,
    participation,
    year_participation,
)
from unionapp.services.errors import ConcurrentEditError, NeedsReason
from unionapp.services.ledger_years import check_open
from unionapp.services.spending_rules import SpendingError, required_reason

__all__ = [
    "COST_SOURCE",
    "SOURCE",
    "ActivityInput",
    "ActivityRow",
    "CostInput",
    "CostRow",
    "EntryInput",
    "EntryRow",
    "GroupRate",
    "NeedsReason",
    "PrizeInput",
    "PrizeRow",
    "SpendingError",
    "TookPart",
    "activities_match_ledger",
    "activity_input",
    "activity_rows_in",
    "activity_years",
    "add_cost",
    "add_costs_in",
    "add_entries",
    "add_entries_in",
    "add_prize",
    "add_prizes_in",
    "check_activity",
    "create_activity",
    "create_activity_in",
    "delete_activity",
    "get_activity",
    "issue_prizes",
    "issue_prizes_in",
    "list_activities",
    "list_costs",
    "list_entries",
    "list_prizes",
    "member_activities",
    "participation",
    "remove_cost",
    "remove_entries",
    "remove_prize",
    "set_attended",
    "update_activity",
    "update_entry",
    "update_prize",
    "withdraw_prizes",
    "year_participation",
]


@dataclass(frozen=True)
class ActivityInput:
    name: str
    kind: str
    date_from: date
    date_to: date
    place: str = ""
    organiser: str = ""
    budget_fen: int = 0
    category_id: int | None = None
    group_ids: tuple[int, ...] = ()
    approver: str = ""
    approval_no: str = ""
    warning_reason: str = ""
    notes: str = ""


def _clean_activity(data: ActivityInput) -> ActivityInput:
    if data.kind not in ACTIVITY_KIND_LABELS:
        raise ValueError(data.kind)
    problems = []
    if not strip_unsafe(str(data.name)).strip():  # "\u200b" alone is no name
        problems.append("请填写活动名称")
    if data.date_to < data.date_from:
        problems.append("结束日期不能早于开始日期")
    money_problems(data.budget_fen, "预算", problems)
    data = cleaned(data, ACTIVITY_TEXTS, problems)
    return replace(data, group_ids=tuple(sorted(set(data.group_ids))))


def _fields(data: ActivityInput) -> dict:
    fields = asdict(data)
    fields.pop("group_ids")
    return fields


def create_activity(db: Database, data: ActivityInput) -> int:
    with db.session() as s:
        return create_activity_in(s, data)


def create_activity_in(session: Session, data: ActivityInput) -> int:
    data = _clean_activity(data)
    check_open(session, data.date_from.year)
    check_category(session, data.category_id)
    check_groups(session, data.group_ids)
    activity = Activity(**_fields(data), year=data.date_from.year)
    session.add(activity)
    session.flush()
    _set_groups(session, activity.id, data.group_ids)
    audit.record(session, "create", "activity", activity.id, f"新建活动 {describe(activity)}", after=asdict(data))
    return activity.id


def update_activity(db: Database, activity_id: int, data: ActivityInput, expected_version: int | None = None) -> None:
    """Change an activity; its prizes are judged again and its money re-posted (a new date
    or category moves the entries)."""
    data = _clean_activity(data)
    given_reason = data.warning_reason
    with db.session() as s:
        activity = activity_in(s, activity_id)
        if expected_version is not None and activity.version != expected_version:
            raise ConcurrentEditError(
                audit.concurrent_edit_message(
                    s,
                    f"活动“{activity.name}”",
                    "activity",
                    activity_id,
                    activity.version - expected_version,
                    asdict(data),
                )
            )
        check_open(s, activity.year)
        check_open(s, data.date_from.year)
        check_category(s, data.category_id)
        check_groups(s, data.group_ids)
        before = _fields(_as_input(s, activity)) | {"group_ids": _group_ids(s, activity_id)}
        # An empty reason keeps the one given before (a change elsewhere must not drop it).
        data = replace(data, warning_reason=data.warning_reason or activity.warning_reason)
        for key, value in _fields(data).items():
            setattr(activity, key, value)
        activity.year = data.date_from.year
        _set_groups(s, activity_id, data.group_ids)
        s.flush()
        repost_in(s, activity, given_reason)
        after = asdict(data)
        changed = {k for k in after if before.get(k) != after[k]}
        audit.record(
            s,
            "update",
            "activity",
            activity_id,
            f"修改活动 {describe(activity)}",
            before={k: before.get(k) for k in changed},
            after={k: after[k] for k in changed},
        )


def delete_activity(db: Database, activity_id: int, reason: str) -> None:
    """Delete an activity entered by mistake: its prizes' and costs' entries are reversed."""
    reason = required_reason(reason, "删除活动")
    with db.session() as s:
        activity = activity_in(s, activity_id)
        check_open(s, activity.year)
        reverse_all_in(s, activity_id, f"活动删除：{reason}")
        text = describe(activity)
        before = asdict(_as_input(s, activity))
        for table in (ActivityCost, ActivityPrize, ActivityEntry, ActivityGroup):
            s.execute(delete(table).where(table.activity_id == activity_id))
        s.delete(activity)
        audit.record(s, "delete", "activity", activity_id, f"删除活动 {text}：{reason}", before=before)


def activity_input(db: Database, activity_id: int) -> ActivityInput:
    with db.session() as s:
        return _as_input(s, activity_in(s, activity_id))


def _as_input(session: Session, activity: Activity) -> ActivityInput:
    fields = {k: getattr(activity, k) for k in ActivityInput.__dataclass_fields__ if k != "group_ids"}
    return ActivityInput(**fields, group_ids=_group_ids(session, activity.id))


def _group_ids(session: Session, activity_id: int) -> tuple[int, ...]:
    query = select(ActivityGroup.group_id).where(ActivityGroup.activity_id == activity_id)
    return tuple(sorted(session.scalars(query)))


def _set_groups(session: Session, activity_id: int, group_ids: tuple[int, ...]) -> None:
    session.execute(delete(ActivityGroup).where(ActivityGroup.activity_id == activity_id))
    if group_ids:
        session.execute(insert(ActivityGroup), [{"activity_id": activity_id, "group_id": g} for g in group_ids])
