"""Members (会员): add, edit, change status, remove, search and filter, import.

The area is split by responsibility: `member_fields` (a member's values and its row, the
group by name), `member_reads` (the row, the filter, listing and search), `member_imports`
(an import's writes) and this module (add, edit, status, remove). Each imports only the
ones before it; this module re-exports their public names (`__all__`), so callers use
`services.members.*` for all of it.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.copying import LABELS as TABLE_LABELS
from unionapp.db.engine import Database
from unionapp.db.models import Base, Member
from unionapp.domain.labels import MEMBER_STATUS_LABELS
from unionapp.domain.members import MemberError, MemberInput, validate_member
from unionapp.domain.retirement import statutory_retirement_date
from unionapp.services import audit, visits
from unionapp.services.errors import ConcurrentEditError, DuplicateError, InUseError
from unionapp.services.hardship_common import close_on_leaving_in
from unionapp.services.member_fields import INPUT_FIELDS, _apply, _diff, _load, _to_input, group_for_name
from unionapp.services.member_imports import import_members_in, with_existing
from unionapp.services.member_reads import (
    NO_GROUP,
    MemberFilter,
    MemberRow,
    apply_filter,
    count_members,
    get_member,
    list_members,
    member_input,
    search_members,
    text_matches,
)

__all__ = [
    # adding, editing, status, removal (this module)
    "add_member",
    "linked_record_count",
    "remove_member",
    "set_status",
    "STATUS_DATE_LABELS",
    "update_member",
    # values and rows
    "INPUT_FIELDS",
    "group_for_name",
    # reading
    "NO_GROUP",
    "MemberFilter",
    "MemberRow",
    "apply_filter",
    "count_members",
    "get_member",
    "list_members",
    "member_input",
    "search_members",
    "text_matches",
    # import
    "import_members_in",
    "with_existing",
]


def _check_unique_id(session: Session, id_number: str, member_id: int | None) -> None:
    if not id_number:
        return
    other = session.scalar(select(Member).where(Member.id_number == id_number, Member.id != (member_id or 0)))
    if other is not None:
        status = MEMBER_STATUS_LABELS.get(other.status, other.status)
        raise DuplicateError(f"身份证号 {id_number} 已属于会员 {other.name}（{status}），同一个人不能登记两次。")


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
        _check_hardship_unchanged(member, clean)
        before = _to_input(member)
        _apply(s, member, clean)
        old, new = _diff(before, clean)
        if new:
            changed = "、".join(audit.field_label("member", k) for k in new)  # "手机号、职称", not field names
            audit.record(s, "update", "member", member_id, f"修改会员 {clean.name}：{changed}", before=old, after=new)


def _check_hardship_unchanged(member: Member, data: MemberInput) -> None:
    """The hardship mark mirrors the member's open hardship file (services.hardship keeps
    it): an edit of the member passes it through unchanged, and cannot change it."""
    if (data.hardship_level or "", data.hardship_since) != (member.hardship_level or "", member.hardship_since):
        raise MemberError(["困难职工级别和建档立卡日期以困难职工档案为准，请在“困难帮扶”中建档、复核级别或销档"])


STATUS_DATE_LABELS = {"retired": "退休日期", "transferred": "调出日期", "deceased": "去世日期"}


# A member who leaves closes their hardship file, with this reason (domain.hardship.CLOSE_REASONS).
LEAVING_REASONS = {"transferred": "调离本校", "deceased": "去世"}


def set_status(
    db: Database,
    member_ids: list[int],
    status: str,
    on: date | None = None,
    plan_visit: bool = False,
    today: date | None = None,
    own_dates: bool = False,
) -> int:
    """Change the status (在职/退休/调出/去世) of several members; returns how many changed.
    `on` is the date that goes with it (退休日期, 调出日期, 去世日期): a retirement's is the
    member's 退休日期, every one is kept in the audit entry, which the visits' "left on"
    rule reads. `own_dates` (退休 only) takes each member's own legal retirement date
    instead, refusing the lot if one has none or it has not come. `plan_visit` plans the
    退休 visit (待访, on `today`) for each new retiree."""
    if status not in MEMBER_STATUS_LABELS:
        raise ValueError(status)
    if own_dates and status != "retired":
        raise ValueError("own_dates is for a retirement")
    today = today or date.today()
    label = MEMBER_STATUS_LABELS[status]
    if on is not None and on > today:
        raise MemberError([f"{STATUS_DATE_LABELS.get(status, '日期')}不能晚于今天（{today}），到那天再更改状态"])
    changed = 0
    with db.session() as s:
        for member_id in member_ids:
            member = _load(s, member_id)
            if member.status == status:
                continue
            if own_dates:
                on = _own_retirement_date(member, today)
            before, after = {"status": member.status}, {"status": status}
            if on is not None:
                _check_status_date(member, status, on)
                after["date"] = on
            if status == "retired" and on is not None and member.retirement_date != on:
                before["retirement_date"], after["retirement_date"] = member.retirement_date, on
                member.retirement_date = on
            old = member.status
            member.status = status
            changed += 1
            when = f"（{STATUS_DATE_LABELS.get(status, '日期')} {on}）" if on is not None else ""
            summary = f"{member.name} 状态：{MEMBER_STATUS_LABELS.get(old, old)} → {label}{when}"
            audit.record(s, "status", "member", member_id, summary, before=before, after=after)
            if status == "retired" and plan_visit:
                visits.plan_retirement_visit_in(s, member_id, today)
            if status in LEAVING_REASONS:
                close_on_leaving_in(s, member, on or today, LEAVING_REASONS[status])
    return changed


def _own_retirement_date(member: Member, today: date) -> date:
    """The member's retirement date as the roster shows it (the recorded one, else the
    statutory one from birth date and category), when it has come; a member without one,
    or not yet due, is changed on their own with the date typed."""
    due = member.retirement_date or (
        statutory_retirement_date(member.birth_date, member.retirement_category) if member.birth_date else None
    )
    if due is None:
        raise MemberError([f"{member.name} 没有法定退休日期（缺出生日期），请单独为其更改状态并填写退休日期"])
    if due > today:
        raise MemberError([f"{member.name} 的法定退休日期 {due} 还没到，请单独为其更改状态并填写实际退休日期"])
    return due


def _check_status_date(member: Member, status: str, on: date) -> None:
    if member.birth_date is not None and on <= member.birth_date:
        field = STATUS_DATE_LABELS.get(status, "日期")
        raise MemberError([f"{member.name} 的{field} {on} 早于出生日期 {member.birth_date}，请检查"])


def linked_records(session: Session, member_id: int) -> dict[str, int]:
    """Rows in other tables that point at this member, by the table's Chinese name
    (走访, 发放名单, 教代会代表, 困难职工档案, ... as areas are added)."""
    found: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "members" and table.name != "members":
                count = session.scalar(select(func.count()).select_from(table).where(fk.parent == member_id)) or 0
                if count:
                    label = TABLE_LABELS.get(table.name, table.name)
                    found[label] = found.get(label, 0) + count
    return found


def linked_record_count(session: Session, member_id: int) -> int:
    return sum(linked_records(session, member_id).values())


def remove_member(db: Database, member_id: int) -> None:
    """Delete a member entered by mistake. One with linked records keeps them: change the status instead."""
    with db.session() as s:
        member = _load(s, member_id)
        linked = linked_records(s, member_id)
        if linked:
            what = "、".join(f"{label} {n} 条" for label, n in linked.items())
            raise InUseError(
                f"{member.name} 已有相关记录（{what}），不能删除。如果此人已调出或去世，请改为“更改状态”。"
            )
        before = _to_input(member)
        s.delete(member)
        audit.record(s, "delete", "member", member_id, f"删除会员 {before.name}", before=_snapshot(before))
