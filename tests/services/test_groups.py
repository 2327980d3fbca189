from datetime import date

import pytest

from unionapp.domain.errors import DomainError
from unionapp.domain.members import MemberInput
from unionapp.services import groups, members
from unionapp.services.errors import DuplicateError, InUseError


def test_add_rename_merge_remove(db):
    high = groups.add_group(db, " 高中组 ")
    middle = groups.add_group(db, "初中组")
    members.add_member(db, MemberInput(name="张三", group_name="高中组"), today=date(2026, 1, 1))
    members.add_member(db, MemberInput(name="李四", group_name="初中组"), today=date(2026, 1, 1))
    assert [(g.name, g.member_count) for g in groups.list_groups(db)] == [("高中组", 1), ("初中组", 1)]

    with pytest.raises(DuplicateError, match="合并"):
        groups.rename_group(db, middle, "高中组")
    groups.rename_group(db, middle, "初中部")
    with pytest.raises(InUseError, match="合并"):
        groups.remove_group(db, middle)

    assert groups.merge_groups(db, middle, high) == 1
    assert [(g.name, g.member_count) for g in groups.list_groups(db)] == [("高中组", 2)]
    assert {r.group_name for r in members.list_members(db)} == {"高中组"}

    empty = groups.add_group(db, "退休组")
    groups.remove_group(db, empty)
    assert [g.name for g in groups.list_groups(db)] == ["高中组"]


@pytest.mark.parametrize("name, message", [("", "不能为空"), ("组" * 51, "太长")])
def test_bad_names(db, name, message):
    with pytest.raises(DomainError, match=message):
        groups.add_group(db, name)


def test_merge_into_itself(db):
    gid = groups.add_group(db, "高中组")
    with pytest.raises(DomainError, match="它自己"):
        groups.merge_groups(db, gid, gid)
