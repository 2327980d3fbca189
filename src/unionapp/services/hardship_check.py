"""`unionapp check` for the hardship files: the roster's 困难职工 mark mirrors each member's
open file, and no member has two open files."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.models import HardshipFile, Member
from unionapp.domain.labels import HARDSHIP_LABELS

SHOWN = 5  # members named in one line; the rest are counted


def hardship_problems(session: Session) -> list[str]:
    files = session.execute(
        select(HardshipFile.member_id, HardshipFile.level, HardshipFile.opened_on).where(
            HardshipFile.closed_on.is_(None)
        )
    ).all()
    twice = [m for m, n in Counter(m for m, _level, _day in files).items() if n > 1]
    expected = {m: (level, day) for m, level, day in files}
    marked = session.execute(
        select(Member.id, Member.name, Member.hardship_level, Member.hardship_since).where(
            (Member.hardship_level != "") | Member.id.in_(list(expected) or [0])
        )
    ).all()
    wrong = [name for m, name, level, day in marked if expected.get(m, ("", None)) != (level or "", day)]
    problems = []
    if twice:
        problems.append(f"困难职工档案：{len(twice)} 位会员同时有两份未销档的档案")
    if wrong:
        shown = "、".join(wrong[:SHOWN]) + (f"等 {len(wrong)} 人" if len(wrong) > SHOWN else "")
        levels = "、".join(v for k, v in HARDSHIP_LABELS.items() if k)
        problems.append(f"困难职工档案：{shown}在会员档案中的困难职工级别（{levels}）或建档日期与其档案不符")
    return problems
