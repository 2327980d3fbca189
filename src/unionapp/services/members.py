"""Members (会员): add, edit, change status, remove, search and filter, import."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, selectinload

from unionapp.db.engine import Database
from unionapp.db.models import Base, Member, UnionGroup
from unionapp.domain.dates import add_months
from unionapp.domain.labels import MEMBER_STATUS_LABELS
from unionapp.domain.members import MemberInput, validate_member
from unionapp.domain.pinyin import normalize_query, search_keys, sort_key
from unionapp.domain.retirement import statutory_retirement_date
from unionapp.services import audit
from unionapp.services.errors import ConcurrentEditError, DuplicateError, InUseError, NotFoundError

NO_GROUP = -1  # filter value for members in no group ("未分组")
INPUT_FIELDS = [f.name for f in fields(MemberInput) if f.name != "group_name"]


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

    def matches(self, row: MemberRow) -> bool:
        if self.text and not text_matches(row, normalize_query(self.text)):
            return False
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


def text_matches(row: MemberRow, query: str) -> bool:
    """Letters match the start of a pinyin reading ("zhangs", "zs"); anything else
    (Chinese characters, ID or phone digits) matches anywhere."""
    if query.isascii() and query.isalpha():
        return "|" + query in row.search_text
    return query in row.search_text


def apply_filter(rows: list[MemberRow], flt: MemberFilter) -> list[MemberRow]:
    return [r for r in rows if flt.matches(r)]


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
        gender,
        id_number,
        birth,
        ethnicity,
        political,
        phone,
        group_id,
        group_name or "",
        dept,
        title,
        work_start,
        join_union,
        status,
        bool(is_member),
        province,
        hardship,
        hardship_since,
        category,
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
        return [_row_from_record(r) for r in s.execute(_select_rows().order_by(Member.sort_key, Member.id))]


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


# ---------------------------------------------------------------- writing


def _load(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFoundError("找不到这位会员，可能已被删除，请刷新列表。")
    return member


def _to_input(member: Member) -> MemberInput:
    values = {name: getattr(member, name) for name in INPUT_FIELDS}
    values["id_number"] = values["id_number"] or ""
    return MemberInput(group_name=member.group.name if member.group else "", **values)


def group_for_name(session: Session, name: str) -> UnionGroup | None:
    """The group with this name, created when it does not exist yet."""
    name = name.strip()
    if not name:
        return None
    group = session.scalar(select(UnionGroup).where(UnionGroup.name == name))
    if group is None:
        order = session.scalar(select(func.max(UnionGroup.sort_order))) or 0
        group = UnionGroup(name=name, sort_order=order + 1)
        session.add(group)
        session.flush()
    return group


def _check_unique_id(session: Session, id_number: str, member_id: int | None) -> None:
    if not id_number:
        return
    other = session.scalar(select(Member).where(Member.id_number == id_number, Member.id != (member_id or 0)))
    if other is not None:
        status = MEMBER_STATUS_LABELS.get(other.status, other.status)
        raise DuplicateError(f"身份证号 {id_number} 已属于会员 {other.name}（{status}），同一个人不能登记两次。")


def _column_values(data: MemberInput) -> dict:
    """The member columns a MemberInput sets (all but the group), with the search keys."""
    values = {name: getattr(data, name) for name in INPUT_FIELDS}
    values["id_number"] = data.id_number or None
    values["search_keys"] = search_keys(data.name)
    values["sort_key"] = sort_key(data.name)
    return values


def _apply(session: Session, member: Member, data: MemberInput, group: UnionGroup | None = None) -> None:
    for name, value in _column_values(data).items():
        setattr(member, name, value)
    member.group = group if group is not None else group_for_name(session, data.group_name)


def _snapshot(data: MemberInput) -> dict:
    return asdict(data)


def add_member(db: Database, data: MemberInput, today: date | None = None) -> int:
    """Validate and add a member; returns the new id. Raises MemberError / DuplicateError."""
    clean = validate_member(data, today or date.today())
    with db.session() as s:
        _check_unique_id(s, clean.id_number, None)
        member = Member()
        _apply(s, member, clean)
        s.add(member)
        s.flush()
        audit.record(s, "create", "member", member.id, f"新增会员 {clean.name}", after=_snapshot(clean))
        return member.id


def update_member(
    db: Database, member_id: int, data: MemberInput, expected_version: int | None = None, today: date | None = None
) -> None:
    """Save an edit. `expected_version` is the version the form was loaded from: if someone
    else saved in between, the edit is refused rather than silently overwriting theirs."""
    clean = validate_member(data, today or date.today())
    with db.session() as s:
        member = _load(s, member_id)
        if expected_version is not None and member.version != expected_version:
            raise ConcurrentEditError(
                audit.concurrent_edit_message(
                    s,
                    f"会员 {member.name} 的资料",
                    "member",
                    member_id,
                    member.version - expected_version,
                    INPUT_FIELDS + ["group_name"],
                )
            )
        _check_unique_id(s, clean.id_number, member_id)
        before = _to_input(member)
        _apply(s, member, clean)
        old, new = _diff(before, clean)
        if new:
            changed = "、".join(audit.field_label("member", k) for k in new)  # "手机号、职称", not field names
            audit.record(s, "update", "member", member_id, f"修改会员 {clean.name}：{changed}", before=old, after=new)


def _diff(before: MemberInput, after: MemberInput) -> tuple[dict, dict]:
    """The changed fields only: (old values, new values)."""
    old, new = asdict(before), asdict(after)
    changed = [k for k in new if old[k] != new[k]]
    return {k: old[k] for k in changed}, {k: new[k] for k in changed}


def set_status(db: Database, member_ids: list[int], status: str) -> int:
    """Change the status (在职/退休/调出/去世) of several members; returns how many changed."""
    if status not in MEMBER_STATUS_LABELS:
        raise ValueError(status)
    label = MEMBER_STATUS_LABELS[status]
    changed = 0
    with db.session() as s:
        for member_id in member_ids:
            member = _load(s, member_id)
            if member.status == status:
                continue
            old = member.status
            member.status = status
            changed += 1
            audit.record(
                s,
                "status",
                "member",
                member_id,
                f"{member.name} 状态：{MEMBER_STATUS_LABELS.get(old, old)} → {label}",
                before={"status": old},
                after={"status": status},
            )
    return changed


def linked_record_count(session: Session, member_id: int) -> int:
    """Rows in other tables that point at this member (visits, checkups, ... as they are added)."""
    total = 0
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "members" and table.name != "members":
                total += session.scalar(select(func.count()).select_from(table).where(fk.parent == member_id)) or 0
    return total


def remove_member(db: Database, member_id: int) -> None:
    """Delete a member entered by mistake. One with linked records keeps them: change the status instead."""
    with db.session() as s:
        member = _load(s, member_id)
        linked = linked_record_count(s, member_id)
        if linked:
            raise InUseError(
                f"{member.name} 已有 {linked} 条相关记录（走访、体检等），不能删除。"
                "如果此人已调出或去世，请改为“更改状态”。"
            )
        before = _to_input(member)
        s.delete(member)
        audit.record(s, "delete", "member", member_id, f"删除会员 {before.name}", before=_snapshot(before))


def with_existing(existing: MemberInput, incoming: MemberInput, provided: set[str]) -> MemberInput:
    """An update from an import: the file's values for the fields it provides, the rest kept."""
    return replace(existing, **{k: getattr(incoming, k) for k in provided})


# ---------------------------------------------------------------- import


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _group_id(group: UnionGroup | None) -> int | None:
    return group.id if group is not None else None


def _group_cache(session: Session) -> Callable[[str], UnionGroup | None]:
    """group_for_name, asked once per name of the file."""
    groups: dict[str, UnionGroup | None] = {}

    def group(name: str) -> UnionGroup | None:
        if name not in groups:
            groups[name] = group_for_name(session, name)
        return groups[name]

    return group


def import_members_in(
    session: Session, adds: Sequence[MemberInput], updates: Sequence[tuple[int, MemberInput]]
) -> list[tuple[dict, dict]]:
    """Write an import's validated rows in the caller's transaction: `adds` as new members,
    `updates` as (member id, new values). Returns each update's changed fields as
    (old values, new values), in the order given; the caller records the audit entry."""
    group = _group_cache(session)
    if adds:  # one bulk INSERT: 10,000 ORM objects would take seconds
        now = datetime.now()
        session.execute(
            insert(Member),
            [
                {
                    **_column_values(data),
                    "group_id": _group_id(group(data.group_name)),
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
                for data in adds
            ],
        )
    # Load the members to update, with their groups, in one query; no autoflush per row.
    ids = [member_id for member_id, _data in updates]
    loaded = {
        m.id: m
        for chunk in _chunks(ids, 500)
        for m in session.scalars(select(Member).options(selectinload(Member.group)).where(Member.id.in_(chunk)))
    }
    diffs = []
    with session.no_autoflush:
        for member_id, data in updates:
            member = loaded.get(member_id) or _load(session, member_id)
            before = _to_input(member)
            _apply(session, member, data, group(data.group_name))
            diffs.append(_diff(before, data))
    return diffs
