"""The record of each time the union's accounts were posted for the staff to see (经费收支
公开): added, listed by year, removed, each write with its audit entry. The binder counts
them (经费公开次数) and lists them in its 经费收支公开 section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from unionapp.db.engine import Database
from unionapp.db.models import FundDisclosure
from unionapp.domain.binder import DISCLOSURE_TEXTS, DisclosureInput, disclosure_problems
from unionapp.domain.dates import format_date
from unionapp.domain.errors import DomainError
from unionapp.domain.text import clean_fields
from unionapp.services import audit
from unionapp.services.errors import NotFoundError

ENTITY = "fund_disclosure"
GONE = "这条公开记录已不存在，可能已被删除，请刷新后再看"


class DisclosureError(DomainError):
    """Every problem with a publication record, one message."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("；".join(self.problems))


@dataclass(frozen=True)
class DisclosureRow:
    id: int
    year: int
    published_on: date
    period: str
    place: str
    note: str


def _row(d: FundDisclosure) -> DisclosureRow:
    return DisclosureRow(d.id, d.year, d.published_on, d.period, d.place, d.note)


def _fields(d: FundDisclosure | DisclosureInput) -> dict:
    return {"year": d.year, "published_on": d.published_on, "period": d.period, "place": d.place, "note": d.note}


def _checked(data: DisclosureInput) -> DisclosureInput:
    problems = disclosure_problems(data)
    texts = clean_fields(data, DISCLOSURE_TEXTS, problems)
    if problems:
        raise DisclosureError(problems)
    return data._replace(**texts)


def _summary(d: FundDisclosure | DisclosureInput) -> str:
    where = f"（{d.place}）" if d.place else ""
    return f"{d.year} 年经费收支公开：{format_date(d.published_on)}{where}" + (f" {d.period}" if d.period else "")


def add_disclosure(db: Database, data: DisclosureInput) -> int:
    data = _checked(data)
    with db.session() as s:
        record = FundDisclosure(**_fields(data))
        s.add(record)
        s.flush()
        audit.record(s, "create", ENTITY, record.id, f"登记{_summary(data)}", after=_fields(data))
        return record.id


def remove_disclosure(db: Database, disclosure_id: int) -> None:
    with db.session() as s:
        record = s.get(FundDisclosure, disclosure_id)
        if record is None:
            raise NotFoundError(GONE)
        before = _fields(record)
        summary = f"删除{_summary(record)}"
        s.delete(record)
        audit.record(s, "delete", ENTITY, disclosure_id, summary, before=before)


def list_disclosures(db: Database, year: int | None = None) -> list[DisclosureRow]:
    """A year's publications (every year's when None), oldest first."""
    query = select(FundDisclosure).order_by(FundDisclosure.published_on, FundDisclosure.id)
    if year is not None:
        query = query.where(FundDisclosure.year == year)
    with db.session() as s:
        return [_row(d) for d in s.scalars(query)]


def count_disclosures(db: Database, year: int) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(FundDisclosure).where(FundDisclosure.year == year)) or 0
