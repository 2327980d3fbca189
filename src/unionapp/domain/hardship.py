"""Hardship files (困难职工档案, 建档立卡): a file per member with its level, causes, household
and income, the help planned, a yearly review that confirms, changes the level or closes the
file (脱困), and the help given — read from the visits, handouts and money already recorded,
never typed twice. These are sensitive personal data: hidden and masked by default, printed
only when asked, and every view of a file's details is written to the audit log."""

from __future__ import annotations

from datetime import date

from unionapp.domain.text import NOTE_LIMIT

# The member's `hardship_level` mirrors the open file's level (labels: domain.labels).
LEVEL_LABELS = {"extreme": "特困", "hardship": "困难", "general": "一般"}

CAUSE_LABELS = {
    "illness_self": "本人大病",
    "illness_family": "家属大病",
    "schooling": "子女上学",
    "disaster": "意外灾害",
    "other": "其他",
}

# "家庭成员": a person counted in a file's 家庭人口 whose relation was not written down (an import).
RELATIONS = ("本人", "配偶", "子女", "父亲", "母亲", "岳父", "岳母", "公公", "婆婆", "兄弟姐妹", "其他", "家庭成员")

REVIEW_LABELS = {"confirm": "维持", "change": "调整级别", "close": "脱困销档"}
CLOSE_REASONS = ("收入好转，已脱困", "调离本校", "去世", "其他")

# The seeds survey hardship in November–December: a file not reviewed this year is due then.
REVIEW_MONTH = 11

FILE_TEXTS = {
    "plan": ("帮扶措施", NOTE_LIMIT, True),
    "notes": ("备注", NOTE_LIMIT, True),
}
HOUSEHOLD_TEXTS = {
    "name": ("姓名", 50, False),
    "relation": ("关系", 20, False),
    "note": ("说明", 200, False),
}
REVIEW_TEXTS = {"note": ("复核意见", NOTE_LIMIT, True)}
MAX_HOUSEHOLD = 30  # people in one household: more is a typing slip


def causes_text(codes: tuple[str, ...] | list[str]) -> str:
    """ "本人大病、子女上学" in the labels' order."""
    return "、".join(label for code, label in CAUSE_LABELS.items() if code in codes)


def per_head_fen(incomes_fen: list[int], people: int) -> int:
    """Monthly income per head, in fen, rounded down: the household's monthly incomes
    summed over its people (the member counts as one of them)."""
    return sum(incomes_fen) // people if people > 0 else 0


def review_due(last_review: date | None, opened_on: date, today: date) -> bool:
    """A file is due for review from REVIEW_MONTH on, when it has not been reviewed this
    year and was opened before this year's review month."""
    if today.month < REVIEW_MONTH:
        return False
    if last_review is not None and last_review.year == today.year:
        return False
    return opened_on < date(today.year, REVIEW_MONTH, 1)
