"""Mappings in the importers: a school's own headers and coded values read as the user
mapped them, remembered by a successful import (in its transaction, audited) and read
by default next time; two columns on one field, a remembered target deleted or retired
since and an ignored key column each refused in Chinese with nothing written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from unionapp.db.models import AuditEntry, ImportMapping, LedgerEntry, Member, Visit
from unionapp.domain.import_mapping import IGNORE, ImportMappings
from unionapp.domain.members import MemberInput
from unionapp.importers.checkups import apply_checkup_import, plan_checkup_import
from unionapp.importers.errors import ImportFileError, ImportRefused, remembered_reason
from unionapp.importers.ledger import apply_ledger_import, plan_ledger_import
from unionapp.importers.members import apply_member_import, plan_member_import
from unionapp.importers.visits import apply_visit_import, plan_visit_import
from unionapp.services import audit, checkups, ledger, members, visits
from unionapp.services.checkups import CampaignInput
from unionapp.services.import_mappings import load_mappings, remember_mappings_in
from unionapp.services.ledger_categories import add_category, remove_category, set_category_active

from .workbooks import write_xlsx

TODAY = date.today()
LAST = TODAY.year - 1
ROSTER = ["序号", "姓名", "性别", "出生日期", "所在工会小组", "人员状态"]
WARMTH = "维权支出/送温暖费"


def snapshot(db) -> tuple[int, ...]:
    """What any import could write: members, ledger entries, visits, mappings, audit entries."""
    with db.session() as s:
        return tuple(
            s.scalar(select(func.count(m.id))) for m in (Member, LedgerEntry, Visit, ImportMapping, AuditEntry)
        )


def mapping_entries(db) -> list:
    return audit.list_entries(db, entity="import_mapping")


def roster(path, rows=None, header=ROSTER):
    rows = rows or [
        [1, "王芳", "女", date(1985, 3, 12), "高中组", "在职"],
        [2, "李强", "男", date(1986, 4, 15), "初中组", "在职"],
    ]
    return write_xlsx(path, header, rows, titles=["阳光中学教职工花名册"])


def groups_of(db) -> dict[str, str]:
    return {m.name: m.group_name for m in members.list_members(db)}


# ---------------------------------------------------------------- columns


def test_an_unknown_group_column_is_ignored_until_mapped_then_remembered(db, tmp_path):
    book = roster(tmp_path / "花名册.xlsx")
    plan = plan_member_import(db, book, today=TODAY)
    assert ("所在工会小组", IGNORE) in plan.column_choices and ("姓名", "name") in plan.column_choices
    assert "group_name" not in plan.columns and [r.data.group_name for r in plan.adds] == ["", ""]

    given = ImportMappings()
    given.set_column("所在工会小组", "group_name")
    plan = plan_member_import(db, book, today=TODAY, mapping=given)
    assert plan.columns["group_name"] == "所在工会小组" and ("所在工会小组", "group_name") in plan.column_choices
    assert plan.new_groups == ["高中组", "初中组"]
    assert load_mappings(db, "members").columns == {}  # planning writes nothing
    apply_member_import(db, plan)
    assert groups_of(db) == {"王芳": "高中组", "李强": "初中组"}
    assert load_mappings(db, "members").columns == {"所在工会小组": "group_name"}
    (entry,) = mapping_entries(db)
    assert entry.summary == "记住导入对应关系（会员花名册）：列“所在工会小组” → 工会小组"
    assert entry.items[0]["after"] == {"target": "工会小组"}

    # Next year's file from the same source: read with the remembered mapping, unasked.
    again = roster(tmp_path / "下一年.xlsx", [[1, "赵敏", "女", date(1990, 3, 1), "小学组", "在职"]])
    plan = plan_member_import(db, again, today=TODAY)
    assert plan.columns["group_name"] == "所在工会小组" and plan.adds[0].data.group_name == "小学组"
    apply_member_import(db, plan)
    assert groups_of(db)["赵敏"] == "小学组"
    assert len(mapping_entries(db)) == 1  # nothing new to remember, no second entry


@pytest.mark.parametrize("header", ["所在 工会小组", "所在　工会小组", "所在工会小组 "])
def test_a_remembered_header_matches_with_other_spaces(db, tmp_path, header):
    remembered = ImportMappings()
    remembered.set_column("所在工会小组", "group_name")
    with db.session() as s:
        remember_mappings_in(s, "members", remembered)
    book = roster(tmp_path / "花名册.xlsx", header=[*ROSTER[:4], header, ROSTER[5]])
    plan = plan_member_import(db, book, today=TODAY)
    assert [r.data.group_name for r in plan.adds] == ["高中组", "初中组"]


@pytest.mark.parametrize(
    "header", ["*所在工会小组", "所在工会小组（必填）", "所在工会小组:", "所在工会小组\n(按学校分组)"]
)
def test_a_remembered_header_matches_when_this_years_file_adds_a_note(db, tmp_path, header):
    remembered = ImportMappings()
    remembered.set_column("所在工会小组(选填)", "group_name")  # last year's file had its own note
    with db.session() as s:
        remember_mappings_in(s, "members", remembered)
    book = roster(tmp_path / "花名册.xlsx", header=[*ROSTER[:4], header, ROSTER[5]])
    plan = plan_member_import(db, book, today=TODAY)
    assert [r.data.group_name for r in plan.adds] == ["高中组", "初中组"]


def test_two_remembered_headers_that_differ_only_in_notes_and_disagree_are_asked_again():
    remembered = ImportMappings()
    remembered.set_column("小组(旧)", "group_name")
    remembered.set_column("小组*", IGNORE)
    assert remembered.column("小组(旧)") == "group_name"  # the exact text still answers
    assert remembered.column("小组（新）") is None  # two answers for the loose one: not guessed
    remembered.set_column("小组*", "group_name")
    assert remembered.column("小组（新）") == "group_name"


def test_full_width_letters_in_a_header_match_the_remembered_mapping(db, tmp_path):
    remembered = ImportMappings()
    remembered.set_column("ＱＱ小组", "group_name")  # full-width, as typed on a Chinese keyboard
    assert remembered.columns == {"QQ小组": "group_name"}
    with db.session() as s:
        remember_mappings_in(s, "members", remembered)
    book = roster(tmp_path / "花名册.xlsx", header=[*ROSTER[:4], "QQ 小组", ROSTER[5]])
    assert [r.data.group_name for r in plan_member_import(db, book, today=TODAY).adds] == ["高中组", "初中组"]


def test_two_columns_on_one_field_refuse_the_file_and_write_nothing(db, tmp_path):
    remembered = ImportMappings()
    remembered.set_column("所在工会小组", "group_name")
    with db.session() as s:
        remember_mappings_in(s, "members", remembered)
    header = [*ROSTER, "小组名称"]
    book = roster(tmp_path / "花名册.xlsx", [[1, "王芳", "女", date(1985, 3, 12), "高中组", "在职", "高中"]], header)
    given = ImportMappings()
    given.set_column("小组名称", "group_name")
    before = snapshot(db)
    with pytest.raises(ImportFileError) as refused:
        plan_member_import(db, book, today=TODAY, mapping=load_mappings(db, "members").merged(given))
    assert "“所在工会小组”和“小组名称”两列都对应到“工会小组”，一个字段只能来自一列" in str(refused.value)
    assert "忽略" in str(refused.value)  # says what to do
    assert snapshot(db) == before


def test_ignoring_the_name_column_says_so(db, tmp_path):
    """A mapping that hides the key column (姓名 → 忽略) must not read as "no header row"."""
    given = ImportMappings()
    given.set_column("姓名", IGNORE)
    with pytest.raises(ImportFileError) as refused:
        plan_member_import(db, roster(tmp_path / "花名册.xlsx"), today=TODAY, mapping=given)
    message = str(refused.value)
    assert "“姓名”列被对应为“忽略”" in message and "导入对应关系" in message


# ---------------------------------------------------------------- ledger categories


def ledger_book(path, category="送温暖慰问", rows=None):
    rows = rows or [
        [1, date(LAST, 3, 1), "慰问困难职工", category, None, 500],
        [2, date(LAST, 3, 2), "春节慰问", "送温暖", None, 300],  # a synonym: no mapping needed
    ]
    return write_xlsx(path, ["序号", "日期", "摘要", "科目", "收入", "支出"], rows, titles=["收支明细账"])


def test_an_unknown_category_names_the_nearest_then_imports_mapped_and_is_remembered(db, tmp_path):
    book = ledger_book(tmp_path / "账.xlsx")
    plan = plan_ledger_import(db, book)
    (refused,) = plan.refused
    assert refused.row_number == 3 and refused.reasons[0].startswith(
        f"无法识别的科目“送温暖慰问”，最接近的是“{WARMTH}”"
    )
    (unknown,) = plan.unknown_values()
    assert (unknown.field, unknown.text, unknown.candidates[0], unknown.rows) == (
        "category",
        "送温暖慰问",
        WARMTH,
        (3,),
    )
    assert [e.category_name for e in plan.entries] == [WARMTH]  # 送温暖, a synonym
    before = snapshot(db)
    with pytest.raises(ImportRefused):
        apply_ledger_import(db, plan)
    assert snapshot(db) == before and load_mappings(db, "ledger").values == {}  # refused: nothing remembered

    given = ImportMappings()
    given.set_value("category", "送温暖慰问", WARMTH)
    plan = plan_ledger_import(db, book, mapping=given)
    assert plan.refused == [] and [e.category_name for e in plan.entries] == [WARMTH, WARMTH]
    apply_ledger_import(db, plan)
    assert load_mappings(db, "ledger").values == {"category": {"送温暖慰问": WARMTH}}
    (entry,) = mapping_entries(db)
    assert f"科目“送温暖慰问” → “{WARMTH}”" in entry.summary

    later = ledger_book(tmp_path / "明年.xlsx", rows=[[1, date(LAST, 5, 1), "慰问", "送温暖 慰问", None, 200]])
    plan = plan_ledger_import(db, later)
    assert plan.refused == [] and plan.entries[0].category_name == WARMTH


def test_skipping_errors_remembers_what_the_import_used(db, tmp_path):
    rows = [
        [1, date(LAST, 3, 1), "慰问困难职工", "送温暖慰问", None, 500],
        [2, date(LAST, 3, 2), "", "送温暖", None, 300],  # no summary: refused
    ]
    given = ImportMappings()
    given.set_value("category", "送温暖慰问", WARMTH)
    plan = plan_ledger_import(db, ledger_book(tmp_path / "账.xlsx", rows=rows), mapping=given)
    assert len(plan.refused) == 1
    with pytest.raises(ImportRefused):
        apply_ledger_import(db, plan)
    assert load_mappings(db, "ledger").values == {} and mapping_entries(db) == []
    apply_ledger_import(db, plan, skip_errors=True)
    assert load_mappings(db, "ledger").values == {"category": {"送温暖慰问": WARMTH}}
    assert len(mapping_entries(db)) == 1


def remember_category(db, target: str) -> None:
    remembered = ImportMappings()
    remembered.set_value("category", "送温暖慰问", target)
    with db.session() as s:
        remember_mappings_in(s, "ledger", remembered)


def test_a_remembered_category_deleted_since_is_refused_and_offered_again(db, tmp_path):
    parent = next(c.id for c in ledger.list_categories(db) if c.full_name == "维权支出")
    made = add_category(db, "节日送温暖", "expense", parent)
    remember_category(db, "维权支出/节日送温暖")
    remove_category(db, made)
    plan = plan_ledger_import(db, ledger_book(tmp_path / "账.xlsx"))
    (refused,) = plan.refused
    assert refused.reasons == [remembered_reason("科目", "送温暖慰问", "维权支出/节日送温暖")]
    assert "不能用：" in refused.reasons[0] and "导入对应关系" in refused.reasons[0]
    (unknown,) = plan.unknown_values()
    assert unknown.text == "送温暖慰问" and unknown.candidates[0] == WARMTH
    before = snapshot(db)
    with pytest.raises(ImportRefused):
        apply_ledger_import(db, plan)
    assert snapshot(db) == before


def test_a_remembered_category_retired_since_is_refused_and_offered_again(db, tmp_path):
    remember_category(db, WARMTH)
    warmth = next(c.id for c in ledger.list_categories(db) if c.full_name == WARMTH)
    set_category_active(db, warmth, False)
    plan = plan_ledger_import(
        db, ledger_book(tmp_path / "账.xlsx", rows=[[1, date(LAST, 3, 1), "慰问", "送温暖慰问", None, 5]])
    )
    (refused,) = plan.refused
    assert "已停用" in refused.reasons[0]
    (unknown,) = plan.unknown_values()  # the window and the command line offer it again
    assert unknown.text == "送温暖慰问" and WARMTH not in unknown.candidates


# ---------------------------------------------------------------- visits


@pytest.fixture
def staff(db):
    made = {}
    for name, gender, birth in [("李娜", "F", date(1990, 1, 2)), ("张伟", "M", date(1980, 5, 6))]:
        made[name] = members.add_member(db, MemberInput(name=name, gender=gender, birth_date=birth))
    return made


def register(path, rows):
    header = ["日期", "姓名", "类型", "慰问金", "状态"]
    return write_xlsx(path, header, rows, titles=["五必访登记表"], sheet="五必访")


def test_a_registers_own_type_and_status_words_are_offered_mapped_and_remembered(db, staff, tmp_path):
    rows = [
        [date(LAST, 4, 1), "李娜", "喜得贵子", 300, "已落实"],
        [date(LAST, 5, 1), "张伟", "住院慰问", 300, "已落实"],  # a known synonym of 生病住院
    ]
    book = register(tmp_path / "登记.xlsx", rows)
    plan = plan_visit_import(db, book)
    assert [r.row_number for r in plan.refused] == [3, 4]
    found = {(u.field, u.text): u for u in plan.unknown_values()}
    assert set(found) == {("type", "喜得贵子"), ("status", "已落实")}
    assert found[("status", "已落实")].rows == (3, 4) and found[("status", "已落实")].candidates[0] == "已访"
    assert found[("type", "喜得贵子")].candidates == ()  # nothing near: the window lists every type
    assert "生育" in plan.value_choices["type"] and plan.value_choices["status"] == ["已访", "待访"]

    given = ImportMappings()
    given.set_value("type", "喜得贵子", "生育")
    given.set_value("status", "已落实", "已访")
    plan = plan_visit_import(db, book, mapping=given)
    assert plan.refused == [] and {p.type_name for p in plan.adds} == {"生育", "生病住院"}
    apply_visit_import(db, plan)
    assert {v.type_name for v in visits.list_visits(db)} == {"生育", "生病住院"}
    assert load_mappings(db, "visits").values == {"type": {"喜得贵子": "生育"}, "status": {"已落实": "已访"}}

    later = register(tmp_path / "明年.xlsx", [[date(LAST, 6, 1), "张伟", "喜得贵子", 300, "已落实"]])
    plan = plan_visit_import(db, later)
    assert plan.refused == [] and plan.adds[0].type_name == "生育" and plan.adds[0].data.status == "done"


def test_a_remembered_visit_type_retired_since_is_refused_and_offered_again(db, staff, tmp_path):
    remembered = ImportMappings()
    remembered.set_value("type", "喜得贵子", "生育")
    with db.session() as s:
        remember_mappings_in(s, "visits", remembered)
    birth = next(t for t in visits.list_types(db) if t.name == "生育")
    visits.set_type_active(db, birth.id, False)
    book = register(tmp_path / "登记.xlsx", [[date(LAST, 4, 1), "李娜", "喜得贵子", 300, "已访"]])
    plan = plan_visit_import(db, book)
    (refused,) = plan.refused
    assert refused.reasons == [remembered_reason("走访类型", "喜得贵子", "生育")]
    (unknown,) = plan.unknown_values()
    assert unknown.text == "喜得贵子" and "生育" not in plan.value_choices["type"]


# ---------------------------------------------------------------- statuses


def test_a_member_status_word_mapped_to_a_status(db, tmp_path):
    book = roster(tmp_path / "花名册.xlsx", [[1, "王芳", "女", date(1985, 3, 12), "高中组", "离岗"]])
    plan = plan_member_import(db, book, today=TODAY)
    (unknown,) = plan.unknown_values()
    assert (unknown.field, unknown.text) == ("status", "离岗") and "调出" in unknown.candidates
    given = ImportMappings()
    given.set_value("status", "离岗", "调出")
    plan = plan_member_import(db, book, today=TODAY, mapping=given)
    assert plan.refused == [] and plan.adds[0].data.status == "transferred"
    apply_member_import(db, plan)
    assert load_mappings(db, "members").values == {"status": {"离岗": "调出"}}
    assert [m.status for m in members.list_members(db)] == ["transferred"]


def test_a_status_and_a_group_repeated_down_the_rows_are_read_alike_in_every_row(db, tmp_path):
    """Each distinct text is looked up once while planning: every row still gets the answer."""
    rows = [[i, f"王芳{i}", "女", date(1985, 3, i), "高中", "离岗" if i % 2 else "在职"] for i in range(1, 7)]
    book = roster(tmp_path / "花名册.xlsx", rows)
    plan = plan_member_import(db, book, today=TODAY)
    assert [r.row_number for r in plan.refused] == [3, 5, 7]
    assert all([u.text for u in r.unknown] == ["离岗"] for r in plan.refused)
    assert len({id(u) for r in plan.refused for u in r.unknown}) == 3  # one per row, not shared
    given = ImportMappings()
    given.set_value("status", "离岗", "调出")
    given.set_value("group_name", "高中", "高中组")
    given.set_column("所在工会小组", "group_name")
    plan = plan_member_import(db, book, today=TODAY, mapping=given)
    assert plan.refused == [] and [a.data.group_name for a in plan.adds] == ["高中组"] * 6
    assert [a.data.status for a in plan.adds] == ["transferred", "active"] * 3


@pytest.fixture
def campaign(db):
    members.add_member(db, MemberInput(name="王芳", gender="F", birth_date=date(1985, 3, 12)))
    return checkups.create_campaign(
        db,
        CampaignInput(
            year=TODAY.year,
            name="年度体检",
            eligibility="all_active",
            date_from=date(TODAY.year, 1, 1),
            date_to=date(TODAY.year, 12, 31),
        ),
    )


def hospital_list(path, status):
    return write_xlsx(path, ["姓名", "体检日期", "是否体检", "备注"], [["王芳", None, status, "出差"]])


def test_a_checkup_word_mapped_to_no(db, campaign, tmp_path):
    book = hospital_list(tmp_path / "回执.xlsx", "大概")
    plan = plan_checkup_import(db, campaign, book)
    (unknown,) = plan.unknown_values()
    assert (unknown.field, unknown.text, unknown.candidates) == ("status", "大概", ("是", "否"))
    given = ImportMappings()
    given.set_value("status", "大概", "否")
    plan = plan_checkup_import(db, campaign, book, mapping=given)
    assert plan.refused == [] and plan.updates[0].result.status == "absent"
    apply_checkup_import(db, plan)
    assert load_mappings(db, "checkups").values == {"status": {"大概": "否"}}
    assert [p.status for p in checkups.list_people(db, campaign)] == ["absent"]


def test_a_checkup_file_already_recorded_still_remembers_its_mappings(db, campaign, tmp_path):
    book = hospital_list(tmp_path / "回执.xlsx", "否")
    apply_checkup_import(db, plan_checkup_import(db, campaign, book))  # recorded once
    again = write_xlsx(tmp_path / "再次.xlsx", ["姓名", "体检日期", "参检情况", "备注"], [["王芳", None, "否", "出差"]])
    given = ImportMappings()
    given.set_column("参检情况", "status")
    plan = plan_checkup_import(db, campaign, again, mapping=given)
    assert plan.updates == [] and len(plan.unchanged) == 1
    apply_checkup_import(db, plan)
    assert load_mappings(db, "checkups").columns == {"参检情况": "status"}


def test_a_checkup_word_mapped_to_nothing_known_is_offered_as_the_file_wrote_it(db, campaign, tmp_path):
    """The word to map is the file's ("大概"), not what a bad mapping made of it."""
    given = ImportMappings()
    given.set_value("status", "大概", "也许")
    plan = plan_checkup_import(db, campaign, hospital_list(tmp_path / "回执.xlsx", "大概"), mapping=given)
    (unknown,) = plan.unknown_values()
    assert unknown.text == "大概"
