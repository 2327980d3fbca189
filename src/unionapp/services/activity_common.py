"""What the activity modules share: the input cleaning rules, the category check, how an
activity is named in messages, and a required reason."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.models import Activity, FundCategory, Member
from unionapp.domain.activities import ACTIVITY_KIND_LABELS
from unionapp.domain.money import check_fen
from unionapp.domain.text import clean_fields
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
