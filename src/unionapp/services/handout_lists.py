"""A handout's list of recipients: the input a handout is made from, what makes a list
acceptable (nobody twice, nobody who had left by the date, no negative value), and
changing a draft's list: replaced (a rule picked again), people added by hand or taken off."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import FundCategory, Handout, HandoutRecipient, Member, UnionGroup
from unionapp.domain.errors import DomainError
from unionapp.domain.handouts import HANDOUT_KIND_LABELS, HANDOUT_TEXTS, MAX_RECIPIENTS, RULE_LABELS, VALUE_KIND_LABELS
from unionapp.domain.money import MAX_RECORD_FEN, MAX_RECORD_TEXT, check_fen
from unionapp.domain.text import clean_fields
from unionapp.services import audit
from unionapp.services.errors import NotFoundError
from unionapp.services.leaving import left_dates_in
from unionapp.services.spending_rules import SpendingError


@dataclass(frozen=True)
class HandoutInput:
    name: str
    kind: str
    handout_date: date
    value_kind: str = "goods"
    item: str = ""
    value_fen: int = 0  # per person
    category_id: int | None = None
    rule: str = "manual"
    rule_month: int | None = None
    rule_group_id: int | None = None
    rule_handout_id: int | None = None
    approver: str = ""
    approval_no: str = ""
    handler: str = ""
    warning_reason: str = ""
    notes: str = ""


def clean_input(data: HandoutInput) -> HandoutInput:
    problems: list[str] = []
    values = clean_fields(data, HANDOUT_TEXTS, problems)
    if not values.get("name", "").strip():
        problems.append("请填写发放名称（如“2026年三八节慰问品”）")
    if data.kind not in HANDOUT_KIND_LABELS or data.value_kind not in VALUE_KIND_LABELS or data.rule not in RULE_LABELS:
        raise ValueError((data.kind, data.value_kind, data.rule))
    problems += value_problems([data.value_fen])
    if data.rule == "birth_month" and data.rule_month is not None and not 1 <= data.rule_month <= 12:
        problems.append("生日月份应在 1 到 12 之间")
    if data.rule == "group" and data.rule_group_id is None:
        problems.append("请选择工会小组")
    if data.rule == "handout" and data.rule_handout_id is None:
        problems.append("请选择作为名单来源的那次发放")
    if problems:
        raise SpendingError(problems)
    return replace(data, **values)


def check_list(session: Session, data: HandoutInput, member_ids: list[int], values: dict[int, int]) -> None:
    """The list's own problems: the same person twice, unknown people, people who had left
    before the handout's date, negative values. Any problem refuses the whole list."""
    problems: list[str] = []
    if len(member_ids) > MAX_RECIPIENTS:
        raise SpendingError([f"一次发放最多 {MAX_RECIPIENTS} 人"])
    seen: set[int] = set()
    twice = [mid for mid in member_ids if mid in seen or seen.add(mid)]
    known = dict(member_names(session, list(seen)))
    if twice:
        names = "、".join(dict.fromkeys(known.get(m, str(m)) for m in twice))
        problems.append(f"名单中有人重复：{names}；每人只能领一份，请删去重复的")
    missing = seen - set(known)
    if missing:
        problems.append(f"名单中有 {len(missing)} 人不在会员名册中（可能已被删除），请刷新后重新选择")
    left = {m: d for m, d in left_dates_in(session, seen).items() if d < data.handout_date}
    if left:
        shown = "、".join(f"{known[m]}（{d}）" for m, d in list(left.items())[:5])
        more = f"等 {len(left)} 人" if len(left) > 5 else ""
        problems.append(f"{shown}{more}在发放日期 {data.handout_date} 之前已离开本校，不能列入名单；请把他们移出名单")
    problems += value_problems(values.values())
    if problems:
        raise SpendingError(problems)


def value_problems(values) -> list[str]:
    """What is wrong with per-person values (not whole fen, negative, more than one record
    holds), each problem said once."""
    problems: list[str] = []
    for fen in values:
        try:
            check_fen(fen, "每人金额", negative=True)
        except DomainError as err:
            problems.append(str(err))
            continue
        if fen < 0:
            problems.append("每人金额不能为负数")
        elif fen > MAX_RECORD_FEN:
            problems.append(f"每人金额太大（不能超过 {MAX_RECORD_TEXT}），请核对")
    return list(dict.fromkeys(problems))


def member_names(session: Session, ids: list[int]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for start in range(0, len(ids), 900):  # under SQLite's bound-parameter limit
        chunk = ids[start : start + 900]
        found += session.execute(select(Member.id, Member.name).where(Member.id.in_(chunk))).all()
    return found


def replace_list(session: Session, handout: Handout, member_ids: list[int], values: dict[int, int]) -> None:
    session.execute(delete(HandoutRecipient).where(HandoutRecipient.handout_id == handout.id))
    rows = [
        {"handout_id": handout.id, "member_id": mid, "value_fen": values.get(mid, handout.value_fen), "note": ""}
        for mid in member_ids
    ]
    if rows:
        session.execute(HandoutRecipient.__table__.insert(), rows)  # Core: no ORM work per row


def handout_in(session: Session, handout_id: int, lock: bool = False) -> Handout:
    """`lock` for a step that reads the list and writes by it (issuing, adding, taking
    off): another window's such step waits for this one, instead of adding people to a
    list being issued (the entry would miss them). A write that changes nothing takes
    the lock before anything is read: the row's lock on PostgreSQL, the file's on SQLite
    (whose reads otherwise run outside the transaction and see a list about to change)."""
    if lock:
        table = Handout.__table__
        session.execute(table.update().where(table.c.id == handout_id).values(version=table.c.version))
    handout = session.get(Handout, handout_id)
    if handout is None:
        raise NotFoundError("找不到这次发放，可能已被删除，请刷新。")
    return handout


def check_draft(handout: Handout) -> None:
    if handout.status != "draft":
        raise SpendingError([f"“{handout.name}”已发放，名单已固定；如需修改名单，请先撤回发放"])


def check_rule(session: Session, data: HandoutInput, handout: Handout | None = None) -> None:
    """A newly chosen group or earlier handout must exist (a stale window may offer a
    deleted one), and a handout can't take its list from itself. A rule left as it was
    stands even if its source was deleted since: the list was made then."""
    if handout is not None and (data.rule, data.rule_group_id, data.rule_handout_id) == (
        handout.rule,
        handout.rule_group_id,
        handout.rule_handout_id,
    ):
        return
    handout_id = None if handout is None else handout.id
    if data.rule == "group" and session.get(UnionGroup, data.rule_group_id) is None:
        raise SpendingError(["找不到所选的工会小组，可能已被删除；请刷新后重新选择"])
    if data.rule == "handout":
        if data.rule_handout_id == handout_id:
            raise SpendingError(["名单来源不能是这次发放本身，请选择另一次发放"])
        if session.get(Handout, data.rule_handout_id) is None:
            raise SpendingError(["找不到作为名单来源的那次发放，可能已被删除；请刷新后重新选择"])


def check_category(session: Session, data: HandoutInput) -> None:
    if data.category_id is None:
        if data.value_fen:
            raise SpendingError(["请选择经费科目：发放的钱物要记入收支明细账"])
        return
    category = session.get(FundCategory, data.category_id)
    if category is None or category.direction != "expense":
        raise SpendingError(["请选择一个支出科目"])


def set_recipients(db: Database, handout_id: int, member_ids: list[int], values: dict[int, int] | None = None) -> None:
    """Replace a draft's list (a rule picked again, with the exclusions the chair made)."""
    with db.session() as s:
        set_list(s, handout_in(s, handout_id, lock=True), member_ids, values or {})


def set_list(session: Session, handout: Handout, member_ids: list[int], values: dict[int, int]) -> None:
    current = list(session.scalars(select(HandoutRecipient.member_id).where(HandoutRecipient.handout_id == handout.id)))
    if sorted(current) == sorted(member_ids) and not values:
        return
    check_draft(handout)
    check_list(session, as_input(handout), member_ids, values)
    replace_list(session, handout, member_ids, values)
    audit.record(
        session,
        "update",
        "handout",
        handout.id,
        f"发放“{handout.name}”名单改为 {len(member_ids)} 人（原 {len(current)} 人）",
        before={"recipients": len(current)},
        after={"recipients": len(member_ids)},
    )


def add_recipients(db: Database, handout_id: int, member_ids: list[int], value_fen: int | None = None) -> int:
    """Add people by hand to a draft; those already listed are skipped. Returns how many."""
    with db.session() as s:
        handout = handout_in(s, handout_id, lock=True)
        check_draft(handout)
        present = set(s.scalars(select(HandoutRecipient.member_id).where(HandoutRecipient.handout_id == handout_id)))
        new = [m for m in dict.fromkeys(member_ids) if m not in present]
        value = handout.value_fen if value_fen is None else value_fen
        check_list(s, as_input(handout), new, {m: value for m in new})
        if new:
            s.execute(
                HandoutRecipient.__table__.insert(),
                [{"handout_id": handout_id, "member_id": m, "value_fen": value, "note": ""} for m in new],
            )
        names = "、".join(name for _id, name in member_names(s, new[:10]))
        audit.record(
            s,
            "update",
            "handout",
            handout_id,
            f"发放“{handout.name}”名单添加 {len(new)} 人：{names}",
            after={"members": new},
        )
        return len(new)


def remove_recipients(db: Database, handout_id: int, member_ids: list[int]) -> int:
    """Take people off a draft's list (excluded: on long leave, asked not to). Returns how many."""
    with db.session() as s:
        handout = handout_in(s, handout_id, lock=True)
        check_draft(handout)
        gone = 0
        for start in range(0, len(member_ids), 900):
            chunk = member_ids[start : start + 900]
            result = s.execute(
                delete(HandoutRecipient).where(
                    HandoutRecipient.handout_id == handout_id, HandoutRecipient.member_id.in_(chunk)
                )
            )
            gone += result.rowcount or 0
        audit.record(
            s,
            "update",
            "handout",
            handout_id,
            f"发放“{handout.name}”名单移除 {gone} 人",
            before={"members": member_ids},
        )
        return gone


def as_input(handout: Handout) -> HandoutInput:
    return HandoutInput(**{k: getattr(handout, k) for k in HandoutInput.__dataclass_fields__})
