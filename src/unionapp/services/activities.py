"""Activities (活动): the activity itself, who signed up and came, prizes and costs.
Prizes post to the ledger as one entry per activity (source "activity", re-posted when a
prize changes), each cost as its own entry (source "activity_cost"). Prizes are judged
against the spending rules in force on the activity's date: a figure outside a rule needs
a written reason, kept on the activity and printed.

Reading is in `activity_reads`; this module re-exports its public names (`__all__`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import (
    Activity,
    ActivityCost,
    ActivityEntry,
    ActivityGroup,
    ActivityPrize,
    FundCategory,
    LedgerEntry,
    Member,
)
from unionapp.domain.activities import (
    ACTIVITY_KIND_LABELS,
    ACTIVITY_TEXTS,
    COST_TEXTS,
    ENTRY_TEXTS,
    PRIZE_KIND_LABELS,
    PRIZE_TEXTS,
)
from unionapp.domain.money import check_fen, format_fen
from unionapp.domain.spending_rules import over_cap, rule_on
from unionapp.domain.text import NOTE_LIMIT, clean_fields, clean_text
from unionapp.services import audit, ledger
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
from unionapp.services.errors import ConcurrentEditError, NeedsReason, NotFoundError
from unionapp.services.ledger_years import check_open
from unionapp.services.spending_rules import SpendingError, rules_in, settle_warnings

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
    "add_entries",
    "add_entries_in",
    "add_prize",
    "check_activity",
    "create_activity",
    "delete_activity",
    "get_activity",
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
    "year_participation",
]

SOURCE = "activity"  # the prizes of an activity, one entry
COST_SOURCE = "activity_cost"  # one entry per cost


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


@dataclass(frozen=True)
class EntryInput:
    member_id: int
    event: str = ""
    team: str = ""
    attended: bool = False
    result: str = ""
    place: str = ""
    note: str = ""


@dataclass(frozen=True)
class PrizeInput:
    member_id: int  # who receives it (for a team: who signs for it)
    award: str = ""
    kind: str = "goods"
    item: str = ""
    value_fen: int = 0
    team: str = ""
    team_size: int = 1


@dataclass(frozen=True)
class CostInput:
    cost_date: date
    item: str
    amount_fen: int
    note: str = ""


def _money(fen: int, label: str, problems: list[str], positive: bool = False) -> None:
    try:
        check_fen(fen, label, negative=True)
    except Exception as err:  # DomainError with the amount's own message
        problems.append(str(err))
        return
    if fen < 0 or (positive and fen == 0):
        problems.append(f"{label}必须大于 0" if positive else f"{label}不能为负数")


def _cleaned(data, spec: dict, extra: list[str] | None = None):
    problems = list(extra or [])
    values = clean_fields(data, spec, problems)
    if problems:
        raise SpendingError(problems)
    return replace(data, **values)


def _clean_activity(data: ActivityInput) -> ActivityInput:
    if data.kind not in ACTIVITY_KIND_LABELS:
        raise ValueError(data.kind)
    problems = []
    if not str(data.name).strip():
        problems.append("请填写活动名称")
    if data.date_to < data.date_from:
        problems.append("结束日期不能早于开始日期")
    _money(data.budget_fen, "预算", problems)
    data = _cleaned(data, ACTIVITY_TEXTS, problems)
    return replace(data, group_ids=tuple(sorted(set(data.group_ids))))


def _check_category(session: Session, category_id: int | None) -> None:
    if category_id is None:
        return
    category = session.get(FundCategory, category_id)
    if category is None or category.direction != "expense":
        raise SpendingError(["请选择一个支出科目"])


# ---------------------------------------------------------------- the activity


def _fields(data: ActivityInput) -> dict:
    fields = asdict(data)
    fields.pop("group_ids")
    return fields


def create_activity(db: Database, data: ActivityInput) -> int:
    data = _clean_activity(data)
    with db.session() as s:
        check_open(s, data.date_from.year)
        _check_category(s, data.category_id)
        activity = Activity(**_fields(data), year=data.date_from.year)
        s.add(activity)
        s.flush()
        _set_groups(s, activity.id, data.group_ids)
        audit.record(s, "create", "activity", activity.id, f"新建活动 {_describe(activity)}", after=asdict(data))
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
        _check_category(s, data.category_id)
        before = _fields(_as_input(s, activity)) | {"group_ids": _group_ids(s, activity_id)}
        # An empty reason keeps the one given before (the form shows it; a change elsewhere
        # must not drop it).
        data = replace(data, warning_reason=data.warning_reason or activity.warning_reason)
        for key, value in _fields(data).items():
            setattr(activity, key, value)
        activity.year = data.date_from.year
        _set_groups(s, activity_id, data.group_ids)
        s.flush()
        _judge_and_post(s, activity, given_reason)
        for cost in s.scalars(select(ActivityCost).where(ActivityCost.activity_id == activity_id)):
            _post_cost(s, activity, cost)
        after = asdict(data)
        changed = {k for k in after if before.get(k) != after[k]}
        audit.record(
            s,
            "update",
            "activity",
            activity_id,
            f"修改活动 {_describe(activity)}",
            before={k: before.get(k) for k in changed},
            after={k: after[k] for k in changed},
        )


def delete_activity(db: Database, activity_id: int, reason: str) -> None:
    """Delete an activity entered by mistake: its prizes' and costs' entries are reversed."""
    reason = _reason(reason, "删除活动")
    with db.session() as s:
        activity = activity_in(s, activity_id)
        check_open(s, activity.year)
        ledger.reverse_source(s, SOURCE, activity_id, f"活动删除：{reason}")
        cost_ids = list(s.scalars(select(ActivityCost.id).where(ActivityCost.activity_id == activity_id)))
        for cost_id in cost_ids:
            ledger.reverse_source(s, COST_SOURCE, cost_id, f"活动删除：{reason}")
        text = _describe(activity)
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


# ---------------------------------------------------------------- sign-ups and attendance


def add_entries(db: Database, activity_id: int, entries: list[EntryInput]) -> int:
    """Sign people up (by hand, a whole group, an imported list); a member already in the
    same event is skipped. Returns how many were added."""
    with db.session() as s:
        return add_entries_in(s, activity_id, entries)


def add_entries_in(session: Session, activity_id: int, entries: list[EntryInput]) -> int:
    activity = activity_in(session, activity_id)
    cleaned = [_cleaned(e, ENTRY_TEXTS) for e in entries]
    ids = {e.member_id for e in cleaned}
    known = set(_existing_members(session, ids))
    if ids - known:
        raise SpendingError([f"报名名单中有 {len(ids - known)} 人不在会员名册中，请刷新后重新选择"])
    present = set(
        session.execute(
            select(ActivityEntry.member_id, ActivityEntry.event).where(ActivityEntry.activity_id == activity_id)
        ).all()
    )
    rows = []
    for e in cleaned:
        if (e.member_id, e.event) in present:
            continue
        present.add((e.member_id, e.event))
        rows.append(asdict(e) | {"activity_id": activity_id})
    if rows:
        session.execute(insert(ActivityEntry), rows)
    audit.record(
        session,
        "update",
        "activity",
        activity_id,
        f"活动“{activity.name}”报名 {len(rows)} 人次",
        after={"members": [r["member_id"] for r in rows]},
    )
    return len(rows)


def _existing_members(session: Session, ids: set[int]) -> list[int]:
    found: list[int] = []
    wanted = list(ids)
    for start in range(0, len(wanted), 900):  # under SQLite's bound-parameter limit
        found += session.scalars(select(Member.id).where(Member.id.in_(wanted[start : start + 900])))
    return found


def update_entry(db: Database, entry_id: int, data: EntryInput) -> None:
    data = _cleaned(data, ENTRY_TEXTS)
    with db.session() as s:
        entry = s.get(ActivityEntry, entry_id)
        if entry is None:
            raise NotFoundError("找不到这条报名记录，可能已被删除，请刷新。")
        before = {k: getattr(entry, k) for k in asdict(data)}
        for key, value in asdict(data).items():
            setattr(entry, key, value)
        changed = {k for k, v in asdict(data).items() if before[k] != v}
        audit.record(
            s,
            "update",
            "activity",
            entry.activity_id,
            "修改报名记录",
            before={k: before[k] for k in changed},
            after={k: getattr(entry, k) for k in changed},
        )


def remove_entries(db: Database, activity_id: int, entry_ids: list[int]) -> int:
    with db.session() as s:
        activity = activity_in(s, activity_id)
        gone = s.execute(
            delete(ActivityEntry).where(ActivityEntry.activity_id == activity_id, ActivityEntry.id.in_(entry_ids))
        ).rowcount
        audit.record(s, "update", "activity", activity_id, f"活动“{activity.name}”取消报名 {gone} 人次")
        return gone or 0


def set_attended(db: Database, activity_id: int, entry_ids: list[int], attended: bool) -> None:
    """Mark sign-ups as came (签到) or not."""
    with db.session() as s:
        activity = activity_in(s, activity_id)
        s.execute(
            ActivityEntry.__table__.update()
            .where(ActivityEntry.activity_id == activity_id, ActivityEntry.id.in_(entry_ids))
            .values(attended=attended)
        )
        what = "签到" if attended else "未到"
        audit.record(s, "status", "activity", activity_id, f"活动“{activity.name}”{len(entry_ids)} 人次标为{what}")


# ---------------------------------------------------------------- prizes, judged


def _clean_prize(prize: PrizeInput) -> PrizeInput:
    if prize.kind not in PRIZE_KIND_LABELS:
        raise ValueError(prize.kind)
    problems: list[str] = []
    _money(prize.value_fen, "奖品金额", problems)
    if prize.team_size < 1:
        problems.append("队伍人数至少为 1")
    return _cleaned(prize, PRIZE_TEXTS, problems)


def add_prize(db: Database, activity_id: int, prize: PrizeInput, warning_reason: str = "") -> int:
    prize = _clean_prize(prize)
    with db.session() as s:
        activity = activity_in(s, activity_id)
        check_open(s, activity.year)
        if s.get(Member, prize.member_id) is None:
            raise SpendingError(["领奖人不在会员名册中，请刷新后重新选择"])
        record = ActivityPrize(**asdict(prize), activity_id=activity_id)
        s.add(record)
        s.flush()
        _judge_and_post(s, activity, warning_reason)
        audit.record(
            s, "update", "activity", activity_id, f"活动“{activity.name}”{_prize_text(s, record)}", after=asdict(prize)
        )
        return record.id


def update_prize(db: Database, prize_id: int, prize: PrizeInput, warning_reason: str = "") -> None:
    prize = _clean_prize(prize)
    with db.session() as s:
        record = _prize(s, prize_id)
        activity = activity_in(s, record.activity_id)
        check_open(s, activity.year)
        before = {k: getattr(record, k) for k in asdict(prize)}
        for key, value in asdict(prize).items():
            setattr(record, key, value)
        s.flush()
        _judge_and_post(s, activity, warning_reason)
        audit.record(
            s,
            "update",
            "activity",
            activity.id,
            f"修改奖品：{_prize_text(s, record)}",
            before=before,
            after=asdict(prize),
        )


def remove_prize(db: Database, prize_id: int) -> None:
    with db.session() as s:
        record = _prize(s, prize_id)
        activity = activity_in(s, record.activity_id)
        check_open(s, activity.year)
        text = _prize_text(s, record)
        s.delete(record)
        s.flush()
        # Fewer prizes can only bring the figures back towards the rules: the reason stands.
        _judge_and_post(s, activity, activity.warning_reason)
        audit.record(s, "update", "activity", activity.id, f"删除奖品：{text}")


def _prize(session: Session, prize_id: int) -> ActivityPrize:
    record = session.get(ActivityPrize, prize_id)
    if record is None:
        raise NotFoundError("找不到这条奖品记录，可能已被删除，请刷新。")
    return record


def _prize_text(session: Session, prize: ActivityPrize) -> str:
    name = session.scalar(select(Member.name).where(Member.id == prize.member_id))
    who = f"{prize.team}（{name}代领）" if prize.team else name
    return f"{prize.award or '奖品'} {who} {format_fen(prize.value_fen)} 元"


def judge_in(session: Session, activity: Activity) -> list[str]:
    """Warnings for the activity's prizes under the rules in force on its first day."""
    rules = rules_in(session)
    day = activity.date_from
    prizes = list(session.scalars(select(ActivityPrize).where(ActivityPrize.activity_id == activity.id)))
    total = sum(p.value_fen for p in prizes)
    # Only above the range: prizes are entered one by one, so a total still under the
    # range's floor is work in progress, not spending against the rule.
    warnings = over_cap(rule_on(rules, "activity_prizes", day), total, "本次活动奖品合计")
    cap = rule_on(rules, "prize_per_person", day)
    if cap is not None:
        per_person: dict[int, int] = {}
        for p in prizes:
            share = -(-p.value_fen // p.team_size) if p.team else p.value_fen  # a team prize, shared
            per_person[p.member_id] = per_person.get(p.member_id, 0) + share
        over = {m: fen for m, fen in per_person.items() if fen > cap.max_fen}
        if over:
            member, fen = max(over.items(), key=lambda item: item[1])
            name = session.scalar(select(Member.name).where(Member.id == member))
            warnings += over_cap(cap, fen, f"{len(over)} 人所得奖品超过每人上限，最多的 {name}")
    return warnings


def check_activity(db: Database, activity_id: int) -> list[str]:
    with db.session() as s:
        return judge_in(s, activity_in(s, activity_id))


def _judge_and_post(session: Session, activity: Activity, warning_reason: str) -> None:
    """Judge the prizes (a reason is needed for each warning: NeedsReason) and re-post them."""
    settle_warnings(activity, judge_in(session, activity), warning_reason)
    total = session.scalar(
        select(func.coalesce(func.sum(ActivityPrize.value_fen), 0)).where(ActivityPrize.activity_id == activity.id)
    )
    if total and activity.category_id is None:
        raise SpendingError([f"活动“{activity.name}”没有设置经费科目，奖品无法记账；请先在活动中选择经费科目"])
    ledger.repost_source(
        session,
        SOURCE,
        activity.id,
        entry_date=activity.date_to,
        category_id=activity.category_id or 0,
        amount_fen=total,
        summary=f"{activity.name} 奖品",
        handler=activity.organiser,
        approver=activity.approver,
        reason="活动奖品已修改",
    )


# ---------------------------------------------------------------- costs


def add_cost(db: Database, activity_id: int, cost: CostInput) -> int:
    problems: list[str] = []
    _money(cost.amount_fen, "费用金额", problems, positive=True)
    cost = _cleaned(cost, COST_TEXTS, problems)
    if not cost.item.strip():
        raise SpendingError(["请填写费用项目（如场地费、器材费）"])
    with db.session() as s:
        activity = activity_in(s, activity_id)
        if activity.category_id is None:
            raise SpendingError([f"活动“{activity.name}”没有设置经费科目，费用无法记账；请先在活动中选择经费科目"])
        check_open(s, cost.cost_date.year)
        record = ActivityCost(**asdict(cost), activity_id=activity_id)
        s.add(record)
        s.flush()
        _post_cost(s, activity, record)
        audit.record(
            s,
            "update",
            "activity",
            activity_id,
            f"活动“{activity.name}”费用：{cost.item} {format_fen(cost.amount_fen)} 元",
            after=asdict(cost),
        )
        return record.id


def remove_cost(db: Database, cost_id: int, reason: str) -> None:
    reason = _reason(reason, "删除费用")
    with db.session() as s:
        record = s.get(ActivityCost, cost_id)
        if record is None:
            raise NotFoundError("找不到这条费用记录，可能已被删除，请刷新。")
        activity = activity_in(s, record.activity_id)
        check_open(s, record.cost_date.year)
        ledger.reverse_source(s, COST_SOURCE, cost_id, f"活动费用删除：{reason}")
        text = f"{record.item} {format_fen(record.amount_fen)} 元"
        s.delete(record)
        audit.record(s, "update", "activity", activity.id, f"活动“{activity.name}”删除费用 {text}：{reason}")


def _post_cost(session: Session, activity: Activity, cost: ActivityCost) -> None:
    ledger.repost_source(
        session,
        COST_SOURCE,
        cost.id,
        entry_date=cost.cost_date,
        category_id=activity.category_id,
        amount_fen=cost.amount_fen,
        summary=f"{activity.name} {cost.item}",
        handler=activity.organiser,
        approver=activity.approver,
        reason="活动已修改",
    )


# ---------------------------------------------------------------- helpers and consistency


def _describe(activity: Activity) -> str:
    return f"“{activity.name}”（{ACTIVITY_KIND_LABELS[activity.kind]}，{activity.date_from}）"


def _reason(reason: str, action: str) -> str:
    reason = clean_text(reason, f"{action}原因", NOTE_LIMIT).strip()
    if not reason:
        raise SpendingError([f"{action}必须写明原因"])
    return reason


def activities_match_ledger(session: Session) -> list[str]:
    """Each activity's prizes add up to its standing prize entry, each cost to its own."""
    problems = []
    posted: dict[tuple[str, int], int] = {}
    for source, source_id, fen in session.execute(
        select(LedgerEntry.source, LedgerEntry.source_id, LedgerEntry.amount_fen).where(
            LedgerEntry.source.in_((SOURCE, COST_SOURCE))
        )
    ):
        posted[(source, source_id)] = posted.get((source, source_id), 0) + fen
    prizes = dict(
        session.execute(
            select(ActivityPrize.activity_id, func.sum(ActivityPrize.value_fen)).group_by(ActivityPrize.activity_id)
        ).all()
    )
    for aid, name, day in session.execute(select(Activity.id, Activity.name, Activity.date_from)):
        if posted.pop((SOURCE, aid), 0) != (prizes.get(aid) or 0):
            problems.append(f"活动“{name}”（{day}）的奖品合计与记账不符")
    for cid, item, fen, name in session.execute(
        select(ActivityCost.id, ActivityCost.item, ActivityCost.amount_fen, Activity.name).join(
            Activity, Activity.id == ActivityCost.activity_id
        )
    ):
        if posted.pop((COST_SOURCE, cid), 0) != fen:
            problems.append(f"活动“{name}”的费用“{item}”与记账不符")
    problems += [f"已删除的活动记录 {sid} 仍有未冲销的记账" for (_src, sid), fen in posted.items() if fen]
    return problems
