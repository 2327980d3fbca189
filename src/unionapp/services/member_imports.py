"""Importing members: an import's new and updated members written in the caller's
transaction, and an update that keeps the fields the file does not provide."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from unionapp.db.models import Member, UnionGroup
from unionapp.domain.members import MemberInput
from unionapp.services.member_fields import _apply, _column_values, _diff, _load, _to_input, group_for_name


def with_existing(existing: MemberInput, incoming: MemberInput, provided: set[str]) -> MemberInput:
    """An update from an import: the file's values for the fields it provides, the rest kept."""
    # dataclasses.replace, without its __init__ call of 21 arguments (a tenth of planning
    # an update): a MemberInput is its fields, all immutable values, and nothing else.
    merged = object.__new__(MemberInput)
    merged.__dict__.update(existing.__dict__)
    merged.__dict__.update({k: incoming.__dict__[k] for k in provided})
    return merged


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
        # The table's own INSERT (Core): the ORM's bulk insert of the same rows spends a
        # third more per row sorting them into batches; every column is given here.
        session.execute(
            Member.__table__.insert(),
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


def last_member_id_in(session: Session) -> int:
    """The highest member id so far (0 for none): what an import's new members come after."""
    return session.scalar(select(func.max(Member.id))) or 0


def added_member_ids_in(session: Session, after_id: int) -> dict[tuple[str, str, date | None], int]:
    """The members added after `after_id` by (name, ID number, birth date): how an import
    finds the ids of the new members its bulk insert made (an import plans no two new
    members alike by these, see importers.members)."""
    query = select(Member.id, Member.name, Member.id_number, Member.birth_date).where(Member.id > after_id)
    return {(name, number or "", born): member_id for member_id, name, number, born in session.execute(query)}
