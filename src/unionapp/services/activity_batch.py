"""An activity's records many at once, inside a transaction the caller already has (the
demo's year, which must post before the year is closed and in date order among its
entries): the activity, its prizes judged and posted once, its costs.

`activities.add_prize` re-posts the prizes' entry at each prize, right for the window
(each change is its own act) but a whole prize list entered that way would leave a
reversal in the ledger for every prize but the last."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.models import Activity, ActivityCost, ActivityPrize, Member
from unionapp.domain.activities import COST_TEXTS
from unionapp.domain.money import format_fen
from unionapp.services import audit
from unionapp.services.activities import (
    ActivityInput,
    CostInput,
    PrizeInput,
    SpendingError,
    _check_category,
    _clean_activity,
    _clean_prize,
    _cleaned,
    _describe,
    _fields,
    _judge_and_post,
    _money,
    _post_cost,
    _set_groups,
)
from unionapp.services.activity_reads import activity_in
from unionapp.services.ledger_years import check_open


def create_activity_in(session: Session, data: ActivityInput) -> int:
    """`activities.create_activity` in the caller's transaction."""
    data = _clean_activity(data)
    check_open(session, data.date_from.year)
    _check_category(session, data.category_id)
    activity = Activity(**_fields(data), year=data.date_from.year)
    session.add(activity)
    session.flush()
    _set_groups(session, activity.id, data.group_ids)
    audit.record(session, "create", "activity", activity.id, f"新建活动 {_describe(activity)}", after=asdict(data))
    return activity.id


def add_prizes_in(session: Session, activity_id: int, prizes: list[PrizeInput], warning_reason: str = "") -> int:
    """Add a prize list, judged against the spending rules and posted as one entry.
    Outside a rule: NeedsReason, nothing added (the caller's transaction rolls back)."""
    prizes = [_clean_prize(p) for p in prizes]
    activity = activity_in(session, activity_id)
    check_open(session, activity.year)
    ids = {p.member_id for p in prizes}
    wanted = sorted(ids)
    known = {
        m
        for start in range(0, len(wanted), 900)  # under SQLite's bound-parameter limit
        for m in session.scalars(select(Member.id).where(Member.id.in_(wanted[start : start + 900])))
    }
    if ids - known:
        raise SpendingError([f"领奖名单中有 {len(ids - known)} 人不在会员名册中，请刷新后重新选择"])
    with session.begin_nested():  # NeedsReason leaves no prize behind, so the caller may retry
        session.add_all(ActivityPrize(**asdict(p), activity_id=activity_id) for p in prizes)
        session.flush()
        _judge_and_post(session, activity, warning_reason)
    total = sum(p.value_fen for p in prizes)
    audit.record(
        session,
        "update",
        "activity",
        activity_id,
        f"活动“{activity.name}”登记奖品 {len(prizes)} 项，合计 {format_fen(total)} 元",
        after={"prizes": [asdict(p) for p in prizes]},
    )
    return len(prizes)


def add_costs_in(session: Session, activity_id: int, costs: list[CostInput]) -> int:
    """Add costs, each posted as its own entry on its date."""
    problems: list[str] = []
    for cost in costs:
        _money(cost.amount_fen, "费用金额", problems, positive=True)
        if not cost.item.strip():
            problems.append("请填写费用项目（如场地费、器材费）")
    if problems:
        raise SpendingError(list(dict.fromkeys(problems)))
    costs = [_cleaned(c, COST_TEXTS) for c in costs]
    activity = activity_in(session, activity_id)
    if costs and activity.category_id is None:
        raise SpendingError([f"活动“{activity.name}”没有设置经费科目，费用无法记账；请先在活动中选择经费科目"])
    for cost in costs:
        check_open(session, cost.cost_date.year)
        record = ActivityCost(**asdict(cost), activity_id=activity_id)
        session.add(record)
        session.flush()
        _post_cost(session, activity, record)
    text = "、".join(f"{c.item} {format_fen(c.amount_fen)} 元" for c in costs)
    audit.record(
        session,
        "update",
        "activity",
        activity_id,
        f"活动“{activity.name}”费用：{text}",
        after={"costs": [asdict(c) for c in costs]},
    )
    return len(costs)
