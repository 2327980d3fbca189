"""Members service against a real SQLite file."""

from dataclasses import replace
from datetime import date

import pytest

from unionapp.domain.idcard import make_id_number
from unionapp.domain.members import MemberError, MemberInput
from unionapp.services import audit, members
from unionapp.services.errors import ConcurrentEditError, DuplicateError, InUseError
from unionapp.services.members import NO_GROUP, MemberFilter

TODAY = date(2026, 11, 21)
ZHANG_ID = make_id_number("340104", date(1968, 11, 3), 12, "M")
LI_ID = make_id_number("340104", date(1990, 2, 14), 34, "F")


def add(db, **values) -> int:
    return members.add_member(db, MemberInput(**values), today=TODAY)


@pytest.fixture
def two(db):
    zhang = add(db, name="张三", id_number=ZHANG_ID, phone="13812345678", group_name="高中组")
    li = add(db, name="李四", id_number=LI_ID, group_name="初中组", is_union_member=False)
    return zhang, li


def test_add_derives_birth_gender_and_category(db, two):
    zhang = members.get_member(db, two[0])
    assert (zhang.birth_date, zhang.gender, zhang.retirement_category) == (date(1968, 11, 3), "M", "M60")
    assert zhang.group_name == "高中组"
    # born 1968-11: 60 years + (46 // 4 + 1) = 12 months -> retires at 61
    assert zhang.retirement_date == date(2029, 11, 3)
    assert not zhang.retirement_overridden


def test_add_refuses_bad_data_and_writes_nothing(db):
    with pytest.raises(MemberError) as err:
        add(db, name=" ", id_number=ZHANG_ID[:-1] + ("0" if ZHANG_ID[-1] != "0" else "1"), phone="12345")
    assert any("姓名不能为空" in p for p in err.value.problems)
    assert any("校验位" in p for p in err.value.problems)
    assert any("手机号" in p for p in err.value.problems)
    assert members.count_members(db) == 0


def test_duplicate_id_number_is_refused(db, two):
    with pytest.raises(DuplicateError, match="张三"):
        add(db, name="张三丰", id_number=ZHANG_ID.lower())
    assert members.count_members(db) == 2


@pytest.mark.parametrize(
    "query, expected",
    [
        ("张", ["张三"]),
        ("zhangsan", ["张三"]),
        ("zhangs", ["张三"]),
        ("zs", ["张三"]),
        ("ZS", ["张三"]),
        ("ls", ["李四"]),
        ("san", []),  # letters match the start of a reading, not the middle
        (ZHANG_ID[-6:], ["张三"]),
        ("1381234", ["张三"]),
        ("", ["李四", "张三"]),
    ],
)
def test_search(db, two, query, expected):
    found = members.search_members(db, MemberFilter(text=query))
    assert sorted(r.name for r in found) == sorted(expected)


def test_filters(db, two):
    add(db, name="王五", gender="F", birth_date=date(1971, 11, 30))  # no group
    gaozhong = members.get_member(db, two[0]).group_id

    def names(**kw):
        return sorted(r.name for r in members.search_members(db, MemberFilter(today=TODAY, **kw)))

    assert names(group_id=gaozhong) == ["张三"]
    assert names(group_id=NO_GROUP) == ["王五"]
    assert names(union_member=False) == ["李四"]
    assert names(gender="F") == ["李四", "王五"]
    assert names(birthday_month=11) == ["张三", "王五"]
    # 王五: woman, 55 + 23 // 4 + 1 = 6 months -> 2027-05-30, within 12 months of TODAY
    assert names(retiring_within_months=12) == ["王五"]
    assert names(retiring_within_months=3) == []
    members.set_status(db, [two[0]], "retired")
    assert names(status="retired") == ["张三"]


def test_update_with_version_check(db, two):
    zhang = members.get_member(db, two[0])
    data = members.member_input(db, zhang.id)
    members.update_member(db, zhang.id, replace(data, phone="13900001111"), expected_version=zhang.version, today=TODAY)
    assert members.get_member(db, zhang.id).phone == "13900001111"
    # a form opened before that save must not overwrite it
    with pytest.raises(ConcurrentEditError, match="在你打开之后被.*修改过：手机号：138\\*{4}5678 → 139\\*{4}1111"):
        members.update_member(db, zhang.id, replace(data, phone="13700000000"), expected_version=zhang.version)
    assert members.get_member(db, zhang.id).phone == "13900001111"
    entry = audit.list_entries(db, entity="member", entity_id=zhang.id)[0]
    assert entry.action == "update"
    assert entry.details["before"] == {"phone": "13812345678"}
    assert entry.details["after"] == {"phone": "13900001111"}


def test_retirement_override(db, two):
    data = members.member_input(db, two[0])
    members.update_member(db, two[0], replace(data, retirement_date=date(2030, 1, 1)), today=TODAY)
    row = members.get_member(db, two[0])
    assert row.retirement_date == date(2030, 1, 1) and row.retirement_overridden


def test_set_status_is_audited(db, two):
    assert members.set_status(db, list(two), "transferred") == 2
    assert members.set_status(db, list(two), "transferred") == 0
    summaries = [e.summary for e in audit.list_entries(db, entity="member")]
    assert "张三 状态：在职 → 调出" in summaries


def test_remove(db, two):
    members.remove_member(db, two[1])
    assert [r.name for r in members.list_members(db)] == ["张三"]
    assert audit.list_entries(db, entity="member", entity_id=two[1])[0].action == "delete"


def test_remove_refused_when_linked_records_exist(db, two):
    # Later areas add tables that point at members; any such row blocks deletion.
    from sqlalchemy import Column, ForeignKey, Integer, Table

    from unionapp.db.models import Base

    probe = Table(
        "visits_probe",
        Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("member_id", ForeignKey("members.id")),
    )
    with db.engine.begin() as conn:
        probe.create(conn)
        conn.execute(probe.insert().values(member_id=two[0]))
    try:
        with pytest.raises(InUseError, match="更改状态"):
            members.remove_member(db, two[0])
        assert members.count_members(db) == 2
    finally:
        Base.metadata.remove(probe)


def test_list_is_in_pinyin_order(db):
    for name in ["赵六", "阿明", "张三", "白雪", "曾国藩"]:
        add(db, name=name)
    assert [r.name for r in members.list_members(db)] == ["阿明", "白雪", "曾国藩", "张三", "赵六"]


def test_listed_rows_share_the_values_many_members_have(db):
    """10,000 rows are held by the window: a group's name or 汉族 is one string, not one per row."""
    add(db, name="张三", id_number=ZHANG_ID, group_name="高中组", department="语文组", ethnicity="汉族")
    add(db, name="李四", id_number=LI_ID, group_name="高中组", department="语文组", ethnicity="汉族")
    first, second = members.list_members(db)
    assert first.group_name == "高中组" and first.group_name is second.group_name
    assert first.department is second.department and first.ethnicity is second.ethnicity
    assert first.status is second.status


def test_a_member_with_records_is_not_deleted_and_the_message_names_them(db):
    from unionapp.services import hardship
    from unionapp.services.hardship import FileInput

    member_id = members.add_member(db, MemberInput(name="钱芳", gender="F", birth_date=date(1980, 1, 1)))
    hardship.open_file(db, FileInput(member_id, "hardship", date(2025, 3, 1)))
    with pytest.raises(InUseError, match="困难职工档案 1 条") as refused:
        members.remove_member(db, member_id)
    assert "更改状态" in str(refused.value) and members.get_member(db, member_id).name == "钱芳"
