"""Union groups (工会小组): list, add, rename, merge, remove."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from unionapp.db.engine import Database
from unionapp.db.models import ActivityGroup, CheckupCampaign, CongressConstituency, Handout, Member, UnionGroup
from unionapp.domain.errors import DomainError
from unionapp.domain.text import clean_name
from unionapp.services import audit
from unionapp.services.errors import DuplicateError, InUseError, NotFoundError

MAX_NAME = 50


def sheet_order():
    """ORDER BY for member lists printed per group (sign and signature sheets): the groups
    in their order (members of no group last), then Chinese name order. Needs UnionGroup
    outer-joined to Member."""
    return (UnionGroup.sort_order.is_(None), UnionGroup.sort_order, UnionGroup.name, Member.sort_key, Member.id)


@dataclass(frozen=True)
class GroupRow:
    id: int
    name: str
    member_count: int


def list_groups(db: Database) -> list[GroupRow]:
    stmt = (
        select(UnionGroup.id, UnionGroup.name, func.count(Member.id))
        .outerjoin(Member, Member.group_id == UnionGroup.id)
        .group_by(UnionGroup.id, UnionGroup.name, UnionGroup.sort_order)
        .order_by(UnionGroup.sort_order, UnionGroup.id)
    )
    with db.session() as s:
        return [GroupRow(*r) for r in s.execute(stmt)]


def ungrouped_count(db: Database) -> int:
    """Members in no group (未分组), counted as list_groups counts a group's: every status."""
    with db.session() as s:
        return s.scalar(select(func.count(Member.id)).where(Member.group_id.is_(None))) or 0


def _clean_name(name: str) -> str:
    return clean_name(name, "小组名称", MAX_NAME)


def _check_free(session, name: str, group_id: int | None = None) -> None:
    other = session.scalar(select(UnionGroup).where(UnionGroup.name == name))
    if other is not None and other.id != group_id:
        raise DuplicateError(f"已经有名为“{name}”的小组了。如果想把两个小组并成一个，请用“合并”。")


def _load(session, group_id: int) -> UnionGroup:
    group = session.get(UnionGroup, group_id)
    if group is None:
        raise NotFoundError("找不到这个小组，可能已被删除，请刷新。")
    return group


def add_group(db: Database, name: str) -> int:
    name = _clean_name(name)
    with db.session() as s:
        _check_free(s, name)
        order = s.scalar(select(func.max(UnionGroup.sort_order))) or 0
        group = UnionGroup(name=name, sort_order=order + 1)
        s.add(group)
        s.flush()
        audit.record(s, "create", "group", group.id, f"新增小组 {name}", after={"name": name})
        return group.id


def rename_group(db: Database, group_id: int, name: str) -> None:
    name = _clean_name(name)
    with db.session() as s:
        group = _load(s, group_id)
        if group.name == name:
            return
        _check_free(s, name, group_id)
        old = group.name
        group.name = name
        audit.record(
            s, "update", "group", group_id, f"小组 {old} 改名为 {name}", before={"name": old}, after={"name": name}
        )


def merge_groups(db: Database, source_id: int, target_id: int) -> int:
    """Move every member of `source` into `target` and remove `source`; returns members moved."""
    if source_id == target_id:
        raise DomainError("不能把小组合并到它自己。")
    with db.session() as s:
        source, target = _load(s, source_id), _load(s, target_id)
        moved = s.execute(update(Member).where(Member.group_id == source_id).values(group_id=target_id)).rowcount
        _repoint(s, source_id, target_id)
        s.delete(source)
        audit.record(
            s,
            "merge",
            "group",
            target_id,
            f"小组 {source.name} 并入 {target.name}（{moved} 人）",
            before={"source": source.name},
            after={"target": target.name, "moved": moved},
        )
        return moved


def remove_group(db: Database, group_id: int) -> None:
    """Remove an empty group; a group with members must be merged into another instead."""
    with db.session() as s:
        group = _load(s, group_id)
        count = s.scalar(select(func.count(Member.id)).where(Member.group_id == group_id)) or 0
        if count:
            raise InUseError(f"小组“{group.name}”还有 {count} 位会员，不能直接删除。请先把它合并到另一个小组。")
        uses = _records_naming(s, group_id)
        if uses:
            raise InUseError(
                f"小组“{group.name}”在{uses}中用到，删除会让这些记录不完整。如不再使用，请把它合并到另一个小组。"
            )
        s.delete(group)
        audit.record(s, "delete", "group", group_id, f"删除小组 {group.name}", before={"name": group.name})


def _repoint(session, source_id: int, target_id: int) -> None:
    """Records naming the merged group name the group it went into: an activity's groups
    taking part (once each), a handout's group rule, a checkup campaign's group, a
    congress constituency's group."""
    both = select(ActivityGroup.activity_id).where(ActivityGroup.group_id == target_id)
    session.execute(
        delete(ActivityGroup).where(ActivityGroup.group_id == source_id, ActivityGroup.activity_id.in_(both))
    )
    session.execute(update(ActivityGroup).where(ActivityGroup.group_id == source_id).values(group_id=target_id))
    session.execute(update(Handout).where(Handout.rule_group_id == source_id).values(rule_group_id=target_id))
    session.execute(update(CheckupCampaign).where(CheckupCampaign.group_id == source_id).values(group_id=target_id))
    session.execute(
        update(CongressConstituency).where(CongressConstituency.group_id == source_id).values(group_id=target_id)
    )


def _records_naming(session, group_id: int) -> str:
    """ "3 项活动、1 次发放" naming this group, or ""."""
    counts = {
        "项活动": select(func.count()).where(ActivityGroup.group_id == group_id),
        "次发放": select(func.count()).where(Handout.rule_group_id == group_id),
        "个体检批次": select(func.count()).where(CheckupCampaign.group_id == group_id),
        "个教代会选区": select(func.count()).where(CongressConstituency.group_id == group_id),
    }
    found = [(session.scalar(query) or 0, unit) for unit, query in counts.items()]
    return "、".join(f" {n} {unit}" for n, unit in found if n).strip()
