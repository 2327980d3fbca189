"""An activity's money: prizes and costs. Prizes are entered one by one (judged against the
spending rules as they come: a figure newly outside a rule needs a written reason) and
reach the ledger as one entry (source "activity") when they are handed out (奖品已发放);
a change after that re-posts the entry, withdrawing (撤回) reverses it. Each cost is its
own entry (source "activity_cost") from the start. The `*_in` functions work inside the
caller's transaction (the demo's year, an import)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import Activity, ActivityCost, ActivityPrize, LedgerEntry, Member
from unionapp.domain.activities import COST_TEXTS, PRIZE_KIND_LABELS, PRIZE_TEXTS
from unionapp.domain.handouts import MAX_RECIPIENTS
from unionapp.domain.money import MAX_RECORD_FEN, MAX_RECORD_TEXT, format_fen
from unionapp.domain.spending_rules import over_cap, rule_on
from unionapp.domain.text import shown, strip_unsafe
from unionapp.services import audit, ledger
from unionapp.services.activity_common import check_not_left, cleaned, existing_members, lock_activity, money_problems
from unionapp.services.activity_reads import activity_in
from unionapp.services.errors import NotFoundError
from unionapp.services.ledger_years import check_open
from unionapp.services.spending_rules import SpendingError, not_ahead, required_reason, rules_in, settle_warnings

SOURCE = "activity"  # the prizes of an activity, one entry
COST_SOURCE = "activity_cost"  # one entry per cost
NO_CATEGORY = "没有设置经费科目，无法记账；请先在活动中选择经费科目"


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


# ---------------------------------------------------------------- prizes


def _clean_prize(prize: PrizeInput) -> PrizeInput:
    if prize.kind not in PRIZE_KIND_LABELS:
        raise ValueError(prize.kind)
    problems: list[str] = []
    money_problems(prize.value_fen, "奖品金额", problems)
    if isinstance(prize.team_size, bool) or not isinstance(prize.team_size, int):
        problems.append(f"队伍人数“{shown(prize.team_size)}”应是整数")
    elif not 1 <= prize.team_size <= MAX_RECIPIENTS:
        problems.append(f"队伍人数应在 1 到 {MAX_RECIPIENTS} 之间")
    return cleaned(prize, PRIZE_TEXTS, problems)


def add_prize(db: Database, activity_id: int, prize: PrizeInput, warning_reason: str = "") -> int:
    with db.session() as s:
        return add_prizes_in(s, activity_id, [prize], warning_reason)[0]


def add_prizes_in(session: Session, activity_id: int, prizes: list[PrizeInput], warning_reason: str = "") -> list[int]:
    """Add prizes, judged together (NeedsReason: none added, the caller's transaction may
    go on); their ids."""
    prizes = [_clean_prize(p) for p in prizes]
    lock_activity(session, activity_id)
    activity = activity_in(session, activity_id)
    check_open(session, activity.year)
    ids = {p.member_id for p in prizes}
    if ids - set(existing_members(session, ids)):
        raise SpendingError(["领奖人不在会员名册中，请刷新后重新选择"])
    check_not_left(session, activity, ids, "领奖")
    with session.begin_nested():  # a refusal below leaves no prize behind
        records = [ActivityPrize(**asdict(p), activity_id=activity_id) for p in prizes]
        session.add_all(records)
        session.flush()
        _judge_and_post(session, activity, warning_reason)
    texts = "、".join(_prize_text(session, r) for r in records[:10])
    audit.record(
        session,
        "update",
        "activity",
        activity_id,
        f"活动“{activity.name}”登记奖品 {len(records)} 项：{texts}",
        after={"prizes": [asdict(p) for p in prizes]},
    )
    return [r.id for r in records]


def update_prize(db: Database, prize_id: int, prize: PrizeInput, warning_reason: str = "") -> None:
    prize = _clean_prize(prize)
    with db.session() as s:
        record = _prize(s, prize_id)
        lock_activity(s, record.activity_id)
        activity = activity_in(s, record.activity_id)
        check_open(s, activity.year)
        before = {k: getattr(record, k) for k in asdict(prize)}
        for key, value in asdict(prize).items():
            setattr(record, key, value)
        s.flush()
        _judge_and_post(s, activity, warning_reason)
        text = _prize_text(s, record)
        audit.record(s, "update", "activity", activity.id, f"修改奖品：{text}", before=before, after=asdict(prize))


def remove_prize(db: Database, prize_id: int) -> None:
    with db.session() as s:
        record = _prize(s, prize_id)
        lock_activity(s, record.activity_id)
        activity = activity_in(s, record.activity_id)
        check_open(s, activity.year)
        text = _prize_text(s, record)
        s.delete(record)
        s.flush()
        # Fewer prizes can only bring the figures back towards the rules: the reason stands.
        _judge_and_post(s, activity, activity.warning_reason)
        audit.record(s, "update", "activity", activity.id, f"删除奖品：{text}")


def issue_prizes(db: Database, activity_id: int) -> None:
    """The prizes were handed out (奖品已发放): their total is posted as one entry."""
    with db.session() as s:
        issue_prizes_in(s, activity_id)


def issue_prizes_in(session: Session, activity_id: int) -> None:
    lock_activity(session, activity_id)
    activity = activity_in(session, activity_id)
    if activity.prizes_issued:
        return
    total = _prizes_total(session, activity_id)
    if not total:
        raise SpendingError([f"活动“{activity.name}”还没有登记奖品"])
    if activity.category_id is None:
        raise SpendingError([f"活动“{activity.name}”{NO_CATEGORY}"])
    check_open(session, activity.year)
    activity.prizes_issued = True
    _post_prizes(session, activity)
    audit.record(
        session,
        "status",
        "activity",
        activity_id,
        f"活动“{activity.name}”奖品已发放，合计 {format_fen(total)} 元记账",
        before={"prizes_issued": False},
        after={"prizes_issued": True},
    )


def withdraw_prizes(db: Database, activity_id: int, reason: str) -> None:
    """Back to not handed out (撤回奖品发放): the prizes' entry is reversed."""
    reason = required_reason(reason, "撤回奖品发放")
    with db.session() as s:
        lock_activity(s, activity_id)
        activity = activity_in(s, activity_id)
        if not activity.prizes_issued:
            return
        check_open(s, activity.year)
        activity.prizes_issued = False
        ledger.reverse_source(s, SOURCE, activity_id, f"奖品发放撤回：{reason}")
        audit.record(
            s,
            "status",
            "activity",
            activity_id,
            f"活动“{activity.name}”撤回奖品发放：{reason}",
            before={"prizes_issued": True},
            after={"prizes_issued": False, "reason": reason},
        )


def _prize(session: Session, prize_id: int) -> ActivityPrize:
    record = session.get(ActivityPrize, prize_id)
    if record is None:
        raise NotFoundError("找不到这条奖品记录，可能已被删除，请刷新。")
    return record


def _prize_text(session: Session, prize: ActivityPrize) -> str:
    name = session.scalar(select(Member.name).where(Member.id == prize.member_id))
    who = f"{prize.team}（{name}代领）" if prize.team else name
    return f"{prize.award or '奖品'} {who} {format_fen(prize.value_fen)} 元"


def _prizes_total(session: Session, activity_id: int) -> int:
    return session.scalar(
        select(func.coalesce(func.sum(ActivityPrize.value_fen), 0)).where(ActivityPrize.activity_id == activity_id)
    )


# ---------------------------------------------------------------- judging and posting


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
    """Judge the prizes (NeedsReason for a figure newly outside a rule) and, once they are
    handed out, re-post them."""
    settle_warnings(activity, judge_in(session, activity), warning_reason)
    if activity.prizes_issued:
        _post_prizes(session, activity)


def _post_prizes(session: Session, activity: Activity) -> None:
    total = _prizes_total(session, activity.id)
    if total:
        not_ahead(activity.date_to, f"活动“{activity.name}”（奖品记在活动最后一天）")
    if total and activity.category_id is None:
        raise SpendingError([f"活动“{activity.name}”{NO_CATEGORY}"])
    if total > MAX_RECORD_FEN:  # one ledger entry, 32-bit on PostgreSQL
        raise SpendingError(
            [f"活动“{activity.name}”奖品合计 {format_fen(total)} 元，超过一笔记账的上限 {MAX_RECORD_TEXT}，请核对"]
        )
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


def repost_in(session: Session, activity: Activity, warning_reason: str) -> None:
    """After the activity itself changed (its date, category, approver): judge the prizes
    again and move its entries."""
    _judge_and_post(session, activity, warning_reason)
    for cost in session.scalars(select(ActivityCost).where(ActivityCost.activity_id == activity.id)):
        _post_cost(session, activity, cost)


def reverse_all_in(session: Session, activity_id: int, reason: str) -> None:
    """An activity deleted: its prizes' and costs' entries reversed, not erased."""
    ledger.reverse_source(session, SOURCE, activity_id, reason)
    for cost_id in session.scalars(select(ActivityCost.id).where(ActivityCost.activity_id == activity_id)):
        ledger.reverse_source(session, COST_SOURCE, cost_id, reason)


# ---------------------------------------------------------------- costs


def add_cost(db: Database, activity_id: int, cost: CostInput) -> int:
    with db.session() as s:
        return add_costs_in(s, activity_id, [cost])[0]


def add_costs_in(session: Session, activity_id: int, costs: list[CostInput]) -> list[int]:
    """Add costs, each posted as its own entry on its date; their ids."""
    problems: list[str] = []
    for cost in costs:
        money_problems(cost.amount_fen, "费用金额", problems, positive=True)
        if not strip_unsafe(str(cost.item)).strip():  # "\u200b" alone is no item
            problems.append("请填写费用项目（如场地费、器材费）")
    if problems:
        raise SpendingError(list(dict.fromkeys(problems)))
    costs = [cleaned(c, COST_TEXTS) for c in costs]
    activity = activity_in(session, activity_id)
    if costs and activity.category_id is None:
        raise SpendingError([f"活动“{activity.name}”{NO_CATEGORY}"])
    records = []
    for cost in costs:
        check_open(session, cost.cost_date.year)
        record = ActivityCost(**asdict(cost), activity_id=activity_id)
        session.add(record)
        session.flush()
        _post_cost(session, activity, record)
        records.append(record)
    text = "、".join(f"{c.item} {format_fen(c.amount_fen)} 元" for c in costs)
    audit.record(
        session,
        "update",
        "activity",
        activity_id,
        f"活动“{activity.name}”费用：{text}",
        after={"costs": [asdict(c) for c in costs]},
    )
    return [r.id for r in records]


def remove_cost(db: Database, cost_id: int, reason: str) -> None:
    reason = required_reason(reason, "删除费用")
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
    not_ahead(cost.cost_date, f"费用“{cost.item}”")
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


# ---------------------------------------------------------------- consistency


def activities_match_ledger(session: Session) -> list[str]:
    """Each activity's handed-out prizes add up to its standing prize entry (none before
    they are handed out), each cost to its own."""
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
    for aid, name, day, issued in session.execute(
        select(Activity.id, Activity.name, Activity.date_from, Activity.prizes_issued)
    ):
        expected = (prizes.get(aid) or 0) if issued else 0
        if posted.pop((SOURCE, aid), 0) != expected:
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
