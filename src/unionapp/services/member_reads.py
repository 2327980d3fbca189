"""Reading members: the row the UI and reports see, the filter the members tab and
`search_members` share, and listing, getting and counting members."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select

from unionapp.db.engine import Database, column_rows
from unionapp.db.models import Member, UnionGroup
from unionapp.domain.dates import add_months
from unionapp.domain.members import MemberInput
from unionapp.domain.pinyin import normalize_query
from unionapp.domain.retirement import statutory_retirement_date
from unionapp.services.errors import NotFoundError
from unionapp.services.member_fields import _load, _to_input

NO_GROUP = -1  # filter value for members in no group ("未分组")


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A member as the UI and reports see it: plain values, no session attached."""

    id: int
    name: str
    gender: str | None
    id_number: str
    birth_date: date | None
    ethnicity: str
    political_status: str
    phone: str
    group_id: int | None
    group_name: str
    department: str
    title: str
    work_start_date: date | None
    join_union_date: date | None
    status: str
    is_union_member: bool
    native_province: str
    hardship_level: str
    hardship_since: date | None
    retirement_category: str
    retirement_date: date | None  # the override if set, else the statutory date
    retirement_overridden: bool
    notes: str
    sort_key: str
    search_text: str  # "|pinyin|initials|" then name, ID number, phone (lower-case)
    version: int
    base_pay_fen: int | None = None


@dataclass(frozen=True)
class MemberFilter:
    """What the members tab and `search_members` filter by; None means "any"."""

    text: str = ""
    group_id: int | None = None
    status: str | None = None
    union_member: bool | None = None
    gender: str | None = None
    birthday_month: int | None = None
    retiring_within_months: int | None = None
    today: date | None = None

    @property
    def needle(self) -> str:
        """What a row's search text must contain ("" when the search box says nothing)."""
        query = normalize_query(self.text)
        return text_needle(query) if query else ""

    def narrows(self, previous: MemberFilter) -> bool:
        """Every row this filter keeps was kept by `previous` (the user typed on): the same
        choices, and the previous needle inside this one."""
        return replace(self, text="") == replace(previous, text="") and previous.needle in self.needle

    def matches(self, row: MemberRow) -> bool:
        if self.text and not text_matches(row, normalize_query(self.text)):
            return False
        return self._others_match(row)

    def _others_match(self, row: MemberRow) -> bool:
        if self.group_id is not None and (row.group_id or NO_GROUP) != self.group_id:
            return False
        if self.status is not None and row.status != self.status:
            return False
        if self.union_member is not None and row.is_union_member != self.union_member:
            return False
        if self.gender is not None and row.gender != self.gender:
            return False
        if self.birthday_month is not None and (row.birth_date is None or row.birth_date.month != self.birthday_month):
            return False
        if self.retiring_within_months is not None:
            return self._retiring_soon(row)
        return True

    def _retiring_soon(self, row: MemberRow) -> bool:
        today = self.today or date.today()
        horizon = add_months(today, self.retiring_within_months or 0)
        return row.status == "active" and row.retirement_date is not None and today <= row.retirement_date <= horizon


_NO_CHOICE = MemberFilter()


def text_matches(row: MemberRow, query: str) -> bool:
    """Letters match the start of a pinyin reading ("zhangs", "zs"); anything else
    (Chinese characters, ID or phone digits) matches anywhere."""
    return text_needle(query) in row.search_text


def text_needle(query: str) -> str:
    """The substring a normalised query looks for in a row's search text."""
    return "|" + query if query.isascii() and query.isalpha() else query


def apply_filter(rows: list[MemberRow], flt: MemberFilter) -> list[MemberRow]:
    """The rows `flt` keeps, in their order. The query is normalised once, not per row,
    and the choices are tested only when one is made: a keystroke over ten thousand rows
    is then one substring test per row."""
    needle = flt.needle
    if needle:
        rows = [r for r in rows if needle in r.search_text]
    if replace(flt, text="", today=None) == _NO_CHOICE:
        return list(rows)
    return [r for r in rows if flt._others_match(r)]


# ---------------------------------------------------------------- reading

_ROW_COLUMNS = [
    Member.id,
    Member.name,
    Member.gender,
    Member.id_number,
    Member.birth_date,
    Member.ethnicity,
    Member.political_status,
    Member.phone,
    Member.group_id,
    UnionGroup.name,
    Member.department,
    Member.title,
    Member.work_start_date,
    Member.join_union_date,
    Member.status,
    Member.is_union_member,
    Member.native_province,
    Member.hardship_level,
    Member.hardship_since,
    Member.retirement_category,
    Member.retirement_date,
    Member.notes,
    Member.sort_key,
    Member.search_keys,
    Member.version,
    Member.base_pay_fen,
]


def _shared(text: str | None) -> str | None:
    """One string object for a value many members share (汉族, a group, a department):
    the driver makes a new one per row, and 10,000 rows hold the window's roster."""
    return sys.intern(text) if text else text


def _row_from_record(rec) -> MemberRow:
    (
        mid,
        name,
        gender,
        id_number,
        birth,
        ethnicity,
        political,
        phone,
        group_id,
        group_name,
        dept,
        title,
        work_start,
        join_union,
        status,
        is_member,
        province,
        hardship,
        hardship_since,
        category,
        override,
        notes,
        skey,
        keys,
        version,
        base_pay,
    ) = rec
    retire = override or (statutory_retirement_date(birth, category) if birth else None)
    id_number = id_number or ""
    return MemberRow(
        mid,
        name,
        _shared(gender),
        id_number,
        birth,
        _shared(ethnicity),
        _shared(political),
        phone,
        group_id,
        _shared(group_name or ""),
        _shared(dept),
        _shared(title),
        work_start,
        join_union,
        _shared(status),
        bool(is_member),
        _shared(province),
        _shared(hardship),
        hardship_since,
        _shared(category),
        retire,
        override is not None,
        notes,
        skey,
        f"|{keys}|\t{name.lower()}\t{id_number.lower()}\t{phone}",
        version,
        base_pay,
    )


def _select_rows():
    return select(*_ROW_COLUMNS).outerjoin(UnionGroup, Member.group_id == UnionGroup.id)


def list_members(db: Database) -> list[MemberRow]:
    """Every member, in Chinese (pinyin) order."""
    with db.session() as s:
        return [_row_from_record(r) for r in column_rows(s, _select_rows().order_by(Member.sort_key, Member.id))]


def search_members(db: Database, flt: MemberFilter) -> list[MemberRow]:
    return apply_filter(list_members(db), flt)


def get_member(db: Database, member_id: int) -> MemberRow:
    with db.session() as s:
        rec = s.execute(_select_rows().where(Member.id == member_id)).first()
    if rec is None:
        raise NotFoundError("找不到这位会员，可能已被删除，请刷新列表。")
    return _row_from_record(rec)


def member_input(db: Database, member_id: int) -> MemberInput:
    """The editable values of a member, for the edit form."""
    with db.session() as s:
        return _to_input(_load(s, member_id))


def count_members(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(Member.id))) or 0
