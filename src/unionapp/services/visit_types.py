"""Visit types (走访类型) and their standards (标准): what each kind of visit may give, from which date.

`VisitError`, the visits' refusal, lives here: the lowest of the visit modules
(visit_types ← visit_reads ← visits), so each of them can raise it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import Visit, VisitStandard, VisitType
from unionapp.domain.errors import DomainError
from unionapp.domain.text import NAME_LIMIT, clean_name, clean_text
from unionapp.domain.visits import Standard, clean_standard
from unionapp.services import audit
from unionapp.services.errors import InUseError, NotFoundError


class VisitError(DomainError):
    """The visit can't be saved as it is; `problems` lists why."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


@dataclass(frozen=True)
class TypeRow:
    id: int
    code: str
    name: str
    synonyms: tuple[str, ...]
    category_id: int | None
    active: bool
    standard: Standard  # the one in force today
    used: int


def _standard(row: VisitStandard) -> Standard:
    return Standard(
        row.money_kind,
        row.amount_fen,
        row.max_fen,
        row.gift_cap_fen,
        row.yearly_cap_fen,
        row.repeat,
        row.effective_from,
        row.source_doc,
    )


def standard_on(session: Session, type_id: int, day: date) -> Standard:
    """The standard in force on `day`: the latest one that had begun by then."""
    row = session.scalar(
        select(VisitStandard)
        .where(VisitStandard.type_id == type_id, VisitStandard.effective_from <= day)
        .order_by(VisitStandard.effective_from.desc())
    )
    if row is None:  # a visit before any standard: judge by the earliest one
        row = session.scalar(
            select(VisitStandard).where(VisitStandard.type_id == type_id).order_by(VisitStandard.effective_from)
        )
    if row is None:
        raise VisitError(["这个走访类型还没有标准，请先在“走访类型与标准”中设置"])
    return _standard(row)


def list_types(db: Database, include_inactive: bool = True, on: date | None = None) -> list[TypeRow]:
    on = on or date.today()
    with db.session() as s:
        used = dict(s.execute(select(Visit.type_id, func.count()).group_by(Visit.type_id)).all())
        types = s.scalars(select(VisitType).order_by(VisitType.sort_order, VisitType.id))
        return [
            TypeRow(
                t.id,
                t.code,
                t.name,
                tuple(filter(None, t.synonyms.split("|"))),
                t.category_id,
                t.active,
                standard_on(s, t.id, on),
                used.get(t.id, 0),
            )
            for t in types
            if include_inactive or t.active
        ]


def list_standards(db: Database, type_id: int) -> list[Standard]:
    with db.session() as s:
        return [
            _standard(r)
            for r in s.scalars(
                select(VisitStandard).where(VisitStandard.type_id == type_id).order_by(VisitStandard.effective_from)
            )
        ]


def add_standard(db: Database, type_id: int, standard: Standard) -> None:
    """A new standard from a date on; visits before that date keep being judged by the old one."""
    standard = _check_standard(standard)
    with db.session() as s:
        vtype = _type(s, type_id)
        if s.scalar(
            select(VisitStandard).where(
                VisitStandard.type_id == type_id, VisitStandard.effective_from == standard.effective_from
            )
        ):
            raise VisitError([f"“{vtype.name}”在 {standard.effective_from} 已有一条标准"])
        s.add(VisitStandard(type_id=type_id, **_standard_columns(standard)))
        audit.record(
            s,
            "create",
            "visit_standard",
            type_id,
            f"“{vtype.name}”自 {standard.effective_from} 起执行新标准：{standard.describe()}"
            f"（{standard.source_doc or '未注明文件'}）",
            after=_standard_columns(standard),
        )


def _standard_columns(standard: Standard) -> dict:
    return {k: v for k, v in asdict(standard).items()}


def _check_standard(standard: Standard) -> Standard:
    """The standard with its document name cleaned, or VisitError listing its problems."""
    standard, problems = clean_standard(standard)
    if problems:
        raise VisitError(problems)
    return standard


def _synonyms(words: tuple[str, ...]) -> str:
    """ "|"-separated, as stored: each word cleaned, "|" inside one taken out."""
    cleaned = (clean_text(w, "同义词", NAME_LIMIT).replace("|", "") for w in words)
    return "|".join(w for w in cleaned if w)


def add_type(db: Database, name: str, standard: Standard, category_id: int, synonyms: tuple[str, ...] = ()) -> int:
    name = clean_name(name, "类型名称")
    standard = _check_standard(standard)
    with db.session() as s:
        if s.scalar(select(VisitType).where(VisitType.name == name)):
            raise VisitError([f"已有名为“{name}”的走访类型"])
        order = (s.scalar(select(func.max(VisitType.sort_order))) or 0) + 1
        vtype = VisitType(
            code=f"custom_{order}_{datetime.now():%H%M%S%f}",
            name=name,
            synonyms=_synonyms(synonyms),
            category_id=category_id,
            sort_order=order,
            active=True,
        )
        s.add(vtype)
        s.flush()
        s.add(VisitStandard(type_id=vtype.id, **_standard_columns(standard)))
        audit.record(
            s,
            "create",
            "visit_type",
            vtype.id,
            f"新增走访类型 {name}：{standard.describe()}",
            after={"name": name, "category_id": category_id, "synonyms": vtype.synonyms, **_standard_columns(standard)},
        )
        return vtype.id


def update_type(db: Database, type_id: int, name: str, category_id: int, synonyms: tuple[str, ...]) -> None:
    name, words = clean_text(name, "类型名称", NAME_LIMIT), _synonyms(synonyms)
    with db.session() as s:
        vtype = _type(s, type_id)
        before = {"name": vtype.name, "category_id": vtype.category_id, "synonyms": vtype.synonyms}
        vtype.name, vtype.category_id, vtype.synonyms = name or vtype.name, category_id, words
        audit.record(
            s,
            "update",
            "visit_type",
            type_id,
            f"修改走访类型 {vtype.name}",
            before=before,
            after={"name": vtype.name, "category_id": category_id, "synonyms": vtype.synonyms},
        )


def set_type_active(db: Database, type_id: int, active: bool) -> None:
    with db.session() as s:
        vtype = _type(s, type_id)
        before = vtype.active
        vtype.active = active
        audit.record(
            s,
            "update",
            "visit_type",
            type_id,
            f"{'启用' if active else '停用'}走访类型 {vtype.name}",
            before={"active": before},
            after={"active": active},
        )


def remove_type(db: Database, type_id: int) -> None:
    """Only a type never used; a used one is retired (停用) so old visits keep their type."""
    with db.session() as s:
        vtype = _type(s, type_id)
        used = s.scalar(select(func.count()).where(Visit.type_id == type_id)) or 0
        if used:
            raise InUseError(f"“{vtype.name}”已有 {used} 条走访记录，不能删除；不再使用时请“停用”。")
        for row in s.scalars(select(VisitStandard).where(VisitStandard.type_id == type_id)):
            s.delete(row)
        s.delete(vtype)
        audit.record(
            s,
            "delete",
            "visit_type",
            type_id,
            f"删除走访类型 {vtype.name}",
            before={"name": vtype.name, "category_id": vtype.category_id, "synonyms": vtype.synonyms},
        )


def _type(session: Session, type_id: int) -> VisitType:
    vtype = session.get(VisitType, type_id)
    if vtype is None:
        raise NotFoundError("找不到这个走访类型，请刷新。")
    return vtype
