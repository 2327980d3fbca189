"""The funds ledger's chart of categories (经费科目): two levels, retired rather than deleted once used.

`FundsError`, the ledger's refusal, lives here: the lowest of the ledger modules
(categories ← years ← reads ← posting ← ledger), so each of them can raise it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import BudgetLine, FundCategory, LedgerEntry
from unionapp.domain.errors import DomainError
from unionapp.domain.funds import DIRECTION_LABELS
from unionapp.domain.text import clean_name
from unionapp.services import audit
from unionapp.services.errors import InUseError, NotFoundError


class FundsError(DomainError):
    pass


# ---------------------------------------------------------------- categories


@dataclass(frozen=True)
class CategoryRow:
    id: int
    code: str
    name: str
    direction: str
    parent_id: int | None
    parent_name: str
    active: bool
    has_children: bool

    @property
    def level(self) -> int:
        return 1 if self.parent_id is None else 2

    @property
    def full_name(self) -> str:
        """ "职工活动支出/文体活动支出" for a second-level category."""
        return f"{self.parent_name}/{self.name}" if self.parent_name else self.name


def list_categories(db: Database, include_inactive: bool = True) -> list[CategoryRow]:
    """The chart in order: each first-level category followed by its children."""
    with db.session() as s:
        return _categories(s, include_inactive)


def _categories(session: Session, include_inactive: bool = True) -> list[CategoryRow]:
    cats = list(session.scalars(select(FundCategory).order_by(FundCategory.sort_order, FundCategory.id)))
    by_id = {c.id: c for c in cats}
    parents = {c.parent_id for c in cats if c.parent_id}
    rows = [
        CategoryRow(
            c.id,
            c.code,
            c.name,
            c.direction,
            c.parent_id,
            by_id[c.parent_id].name if c.parent_id else "",
            c.active,
            c.id in parents,
        )
        for c in cats
        if include_inactive or c.active
    ]
    order = {
        c.id: (by_id[c.parent_id].sort_order if c.parent_id else c.sort_order, c.parent_id is not None, c.sort_order)
        for c in cats
    }
    return sorted(rows, key=lambda r: order[r.id])


def category_id_for_code(session: Session, code: str) -> int:
    found = session.scalar(select(FundCategory.id).where(FundCategory.code == code))
    if found is None:
        raise FundsError(f"找不到经费科目“{code}”，请在“科目设置”中恢复它。")
    return found


def add_category(db: Database, name: str, direction: str, parent_id: int | None = None) -> int:
    name = _category_name(name)
    with db.session() as s:
        if parent_id is not None:
            parent = _category(s, parent_id)
            if parent.parent_id is not None:
                raise FundsError("科目最多两级：请在一级科目下添加明细科目。")
            if _use_count(s, parent_id):
                raise FundsError(
                    f"“{parent.name}”已有记账或预算，不能再在它下面添加明细科目"
                    "（否则已有的记账无处归属）。可以新增一个一级科目。"
                )
            direction = parent.direction
        if direction not in DIRECTION_LABELS:
            raise ValueError(direction)
        if s.scalar(
            select(FundCategory).where(
                FundCategory.name == name, FundCategory.parent_id.is_not_distinct_from(parent_id)
            )
        ):
            raise FundsError(f"已有名为“{name}”的科目。")
        order = (s.scalar(select(func.max(FundCategory.sort_order))) or 0) + 1
        if parent_id is not None:
            siblings = s.scalar(select(func.max(FundCategory.sort_order)).where(FundCategory.parent_id == parent_id))
            order = (siblings or _category(s, parent_id).sort_order) + 1
        category = FundCategory(
            code=f"custom_{order}_{datetime.now():%H%M%S%f}",
            name=name,
            direction=direction,
            parent_id=parent_id,
            sort_order=order,
            active=True,
        )
        s.add(category)
        s.flush()
        audit.record(s, "create", "fund_category", category.id, f"新增经费科目 {name}", after={"name": name})
        return category.id


def rename_category(db: Database, category_id: int, name: str) -> None:
    name = _category_name(name)
    with db.session() as s:
        category = _category(s, category_id)
        old, category.name = category.name, name
        audit.record(
            s,
            "update",
            "fund_category",
            category_id,
            f"经费科目 {old} 改名为 {name}",
            before={"name": old},
            after={"name": name},
        )


def set_category_active(db: Database, category_id: int, active: bool) -> None:
    """Retire (停用) a category that has entries instead of deleting it; or bring it back."""
    with db.session() as s:
        category = _category(s, category_id)
        was, category.active = category.active, active
        audit.record(
            s,
            "update",
            "fund_category",
            category_id,
            f"{'启用' if active else '停用'}经费科目 {category.name}",
            before={"active": was},
            after={"active": active},
        )


def remove_category(db: Database, category_id: int) -> None:
    with db.session() as s:
        category = _category(s, category_id)
        used = _use_count(s, category_id)
        if used:
            raise InUseError(f"科目“{category.name}”已有 {used} 条记账或预算使用，不能删除；不再使用时请“停用”。")
        if s.scalar(select(func.count()).where(FundCategory.parent_id == category_id)):
            raise InUseError(f"科目“{category.name}”下还有明细科目，请先删除或停用它们。")
        s.delete(category)
        audit.record(
            s,
            "delete",
            "fund_category",
            category_id,
            f"删除经费科目 {category.name}",
            before={"name": category.name, "direction": category.direction, "parent_id": category.parent_id},
        )


def _use_count(session: Session, category_id: int) -> int:
    """Ledger entries and budget lines on a category."""
    return (session.scalar(select(func.count()).where(LedgerEntry.category_id == category_id)) or 0) + (
        session.scalar(select(func.count()).where(BudgetLine.category_id == category_id)) or 0
    )


def _category_name(name: str) -> str:
    return clean_name(name, "科目名称")


def _category(session: Session, category_id: int) -> FundCategory:
    category = session.get(FundCategory, category_id)
    if category is None:
        raise NotFoundError("找不到这个经费科目，请刷新。")
    return category
