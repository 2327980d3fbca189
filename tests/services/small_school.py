"""A small school for the handout, spending-rule, activity and benefit tests: a few
members whose sex, birthday, group and status each rule can tell apart, and helpers to
read back what the ledger and the audit log hold."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from unionapp.db.models import AuditEntry, LedgerEntry
from unionapp.domain.members import MemberInput
from unionapp.services import groups, ledger, members
from unionapp.services.handouts import HandoutInput

YEAR = date.today().year - 1  # last year: open, in the past, and closable by a test


def school(db) -> dict[str, int]:
    """name → member id. 高中组: 张丽 (woman, born in March), 李强 (man, March);
    初中组: 陈静 (woman, May); 退休组: 王芳 (retired woman, January); 赵敏 (woman,
    transferred later by some tests); 钱程 (active, not a union member)."""
    for name in ("高中组", "初中组", "退休组"):
        groups.add_group(db, name)
    people = [
        ("张丽", "F", date(1985, 3, 9), "高中组", "active", True),
        ("李强", "M", date(1979, 3, 21), "高中组", "active", True),
        ("陈静", "F", date(1990, 5, 2), "初中组", "active", True),
        ("王芳", "F", date(1960, 1, 15), "退休组", "retired", True),
        ("赵敏", "F", date(1988, 7, 7), "初中组", "active", True),
        ("钱程", "M", date(1992, 3, 3), "初中组", "active", False),
    ]
    return {
        name: members.add_member(
            db,
            MemberInput(name=name, gender=sex, birth_date=born, group_name=group, status=status, is_union_member=union),
        )
        for name, sex, born, group, status, union in people
    }


def category(db, code: str) -> int:
    return next(c.id for c in ledger.list_categories(db) if c.code == code)


def entries(db, source: str) -> list[tuple[int, int, int | None, int | None]]:
    """(source id, amount, reversal_of_id, id) of every entry a source posted, in order."""
    with db.session() as s:
        rows = s.execute(
            select(LedgerEntry.source_id, LedgerEntry.amount_fen, LedgerEntry.reversal_of_id, LedgerEntry.id)
            .where(LedgerEntry.source == source)
            .order_by(LedgerEntry.id)
        )
        return [tuple(r) for r in rows]


def live_total(db, source: str, source_id: int) -> int:
    """What the ledger holds for a source record: its entries and their reversals summed."""
    return sum(fen for sid, fen, _rev, _id in entries(db, source) if sid == source_id)


def audit_count(db, entity: str) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == entity))


def audit_texts(db, entity: str) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry.summary).where(AuditEntry.entity == entity).order_by(AuditEntry.id)))


def gift(db, **kw) -> HandoutInput:
    """The 三八 gift the handout tests start from; `kw` changes any field."""
    fields = dict(
        name="三八节慰问品",
        kind="womens_day",
        handout_date=date(YEAR, 3, 7),
        item="护肤礼盒",
        value_fen=15_000,
        category_id=category(db, "welfare"),
        approver="王建国",
        handler="陈静",
    )
    return HandoutInput(**(fields | kw))
