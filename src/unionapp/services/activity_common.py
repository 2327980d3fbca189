"""What the activity modules share: the input cleaning rules, the category check, how an
activity is named in messages, and a required reason."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.models import Activity, FundCategory, Member, UnionGroup
from unionapp.domain.activities import ACTIVITY_KIND_LABELS
from unionapp.domain.money import MAX_RECORD_FEN, MAX_RECORD_TEXT, check_fen
from unionapp.domain.text import clean_fields
from unionapp.services.leaving import left_dates_in
from unionapp.services.spending_rules import SpendingError


def money_problems(fen: int, label: str, problems: list[str], positive: bool = False) -> None:
    """Add what is wrong with an amount (not a whole fen, too large, negative, or zero
    where it must be more) to `problems`."""
    try:
        check_fen(fen, label, negative=True)
    except Exception as err:  # DomainError with the amount's own message
        problems.append(str(err))
        return
    if fen < 0 or (positive and fen == 0):
        problems.append(f"{label}必须大于 0" if positive else f"{label}不能为负数")
    elif fen > MAX_RECORD_FEN:  # PostgreSQL's amount columns are 32-bit
        problems.append(f"{label}太大（不能超过 {MAX_RECORD_TEXT}），请核对")


def check_groups(session: Session, group_ids: tuple[int, ...]) -> None:
    """The groups taking part exist (a stale window may offer one deleted since)."""
    found = set(session.scalars(select(UnionGroup.id).where(UnionGroup.id.in_(group_ids)))) if group_ids else set()
    if set(group_ids) - found:
        raise SpendingError(["所选的工会小组中有的已被删除，请刷新后重新选择参加的小组"])


def check_not_left(session: Session, activity: Activity, member_ids: set[int], what: str) -> None:
    """Nobody who had left the school (调出, 去世) before the activity began."""
    left = {m: d for m, d in left_dates_in(session, member_ids).items() if d < activity.date_from}
    if left:
        names = dict(session.execute(select(Member.id, Member.name).where(Member.id.in_(list(left)[:5]))).all())
        shown = "、".join(f"{names[m]}（{d}）" for m, d in list(left.items())[:5])
        more = f"等 {len(left)} 人" if len(left) > 5 else ""
        raise SpendingError(
            [f"{shown}{more}在活动开始日期 {activity.date_from} 之前已离开本校，不能{what}；请把他们从名单中删去"]
        )


def cleaned(data, spec: dict, extra: list[str] | None = None):
    """`data` with its text under the one cleaning rule; SpendingError lists every problem."""
    problems = list(extra or [])
    values = clean_fields(data, spec, problems)
    if problems:
        raise SpendingError(problems)
    return replace(data, **values)


def check_category(session: Session, category_id: int | None) -> None:
    if category_id is None:
        return
    category = session.get(FundCategory, category_id)
    if category is None or category.direction != "expense":
        raise SpendingError(["请选择一个支出科目"])


def describe(activity: Activity) -> str:
    return f"“{activity.name}”（{ACTIVITY_KIND_LABELS[activity.kind]}，{activity.date_from}）"


def existing_members(session: Session, ids: set[int]) -> list[int]:
    """Which of `ids` are on the roster, asked in chunks under SQLite's parameter limit."""
    found: list[int] = []
    wanted = list(ids)
    for start in range(0, len(wanted), 900):
        found += session.scalars(select(Member.id).where(Member.id.in_(wanted[start : start + 900])))
    return found


def lock_activity(session: Session, activity_id: int) -> None:
    """Before a step that reads the prizes and posts by them (adding, changing, removing,
    handing out): another window's such step waits for this one, so a prize added while
    the prizes are handed out is not left out of the entry. A write that changes nothing
    takes the row's lock on PostgreSQL and the file's on SQLite (whose reads otherwise
    run outside the transaction)."""
    table = Activity.__table__
    session.execute(table.update().where(table.c.id == activity_id).values(version=table.c.version))
