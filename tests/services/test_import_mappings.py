"""Remembered import mappings: saved with an import, loaded for the next, listed, changed and
forgotten in the dialog; every change audited in Chinese."""

import sqlite3

import pytest

from unionapp import config
from unionapp.db.copying import copy_database
from unionapp.db.opening import open_database
from unionapp.domain.errors import DomainError
from unionapp.domain.import_mapping import IGNORE, ImportMappings
from unionapp.importers.fields import AREA_LABELS, area_fields
from unionapp.services import audit, backup, check
from unionapp.services import import_mappings as mappings_service
from unionapp.services.errors import NotFoundError

LEDGER = area_fields("ledger")
MEMBERS = area_fields("members")


def remember(db, area, mappings, labels=None):
    with db.session() as s:
        return mappings_service.remember_mappings_in(s, area, mappings, labels)


def roster_mappings() -> ImportMappings:
    m = ImportMappings()
    m.set_column("所在 工会小组", "group_name")
    m.set_column("序号", IGNORE)
    m.set_value("group_name", "一 组", "第一工会小组")
    return m


def mapping_entries(db):
    return audit.list_entries(db, entity="import_mapping")


def test_remember_then_load(db):
    assert mappings_service.load_mappings(db, "members") == ImportMappings()
    assert remember(db, "members", roster_mappings(), MEMBERS) == 3
    loaded = mappings_service.load_mappings(db, "members")
    assert loaded.columns == {"所在工会小组": "group_name", "序号": IGNORE}
    assert loaded.values == {"group_name": {"一组": "第一工会小组"}}
    assert loaded.column("所在工会小组") == "group_name" and loaded.value("group_name", "一组") == "第一工会小组"
    assert mappings_service.load_mappings(db, "ledger") == ImportMappings()  # per area


def test_one_entry_per_import_naming_each_mapping(db):
    remember(db, "members", roster_mappings(), MEMBERS)
    (entry,) = mapping_entries(db)
    assert entry.entity_label == "导入对应关系" and entry.action == "update"
    assert entry.summary == (
        "记住导入对应关系（会员花名册）：列“所在工会小组” → 工会小组；列“序号” → 忽略；工会小组“一组” → “第一工会小组”"
    )
    assert audit.describe_change(entry) == [
        "列“所在工会小组”：对应为：工会小组",
        "列“序号”：对应为：忽略",
        "工会小组“一组”：对应为：第一工会小组",
    ]


def test_only_what_differs_is_saved_and_audited(db):
    remember(db, "members", roster_mappings(), MEMBERS)
    assert remember(db, "members", roster_mappings(), MEMBERS) == 0
    assert len(mapping_entries(db)) == 1  # nothing changed, nothing written
    assert remember(db, "members", ImportMappings(), MEMBERS) == 0
    again = roster_mappings()
    again.set_column("序号", "notes")  # changed
    again.set_value("status", "退休", "retired")  # new
    assert remember(db, "members", again, MEMBERS) == 2
    latest = mapping_entries(db)[0]
    assert audit.describe_change(latest) == ["列“序号”：对应为：忽略 → 备注", "人员状态“退休”：对应为：retired"]
    assert latest.summary.startswith("记住导入对应关系（会员花名册）：列“序号” → 备注；")
    rows = mappings_service.list_mappings(db)
    assert len(rows) == 4 and {r.target for r in rows if r.source == "序号"} == {"notes"}


def test_a_ledger_category_reads_as_in_the_issue(db):
    m = ImportMappings()
    m.set_value("category", "送温暖慰问", "维权支出/送温暖费")
    remember(db, "ledger", m, LEDGER)
    assert mapping_entries(db)[0].summary == "记住导入对应关系（收支明细账）：科目“送温暖慰问” → “维权支出/送温暖费”"


def test_labels_default_to_the_audit_logs_own(db):
    m = ImportMappings()
    m.set_column("所在工会小组", "group_name")
    m.set_value("category", "送温暖慰问", "维权支出/送温暖费")
    remember(db, "ledger", m)
    assert "列“所在工会小组” → 工会小组；科目“送温暖慰问”" in mapping_entries(db)[0].summary


def test_a_long_list_names_five_and_counts_the_rest(db):
    m = ImportMappings()
    for i in range(8):
        m.set_value("category", f"旧科目{i}", f"新科目{i}")
    assert remember(db, "ledger", m, LEDGER) == 8
    entry = mapping_entries(db)[0]
    assert entry.summary.endswith("“新科目4” 等 8 处") and len(audit.describe_change(entry)) == 8


def test_list_change_delete(db):
    remember(db, "ledger", ImportMappings(values={"category": {"送温暖慰问": "职工活动支出"}}), LEDGER)
    remember(db, "members", roster_mappings(), MEMBERS)
    rows = mappings_service.list_mappings(db)
    assert [(r.area, r.kind, r.field, r.source) for r in rows] == [
        ("members", "column", "", "序号"),
        ("members", "column", "", "所在工会小组"),
        ("members", "value", "group_name", "一组"),
        ("ledger", "value", "category", "送温暖慰问"),
    ]
    value = rows[-1]
    mappings_service.change_mapping(db, value.id, " 维权支出/送温暖费 ", LEDGER)
    assert mappings_service.load_mappings(db, "ledger").values == {"category": {"送温暖慰问": "维权支出/送温暖费"}}
    entry = mapping_entries(db)[0]
    assert entry.entity_id == value.id
    assert entry.summary == "修改导入对应关系（收支明细账）：科目“送温暖慰问” → “维权支出/送温暖费”"
    assert audit.describe_change(entry) == ["对应为：职工活动支出 → 维权支出/送温暖费"]
    count = len(mapping_entries(db))
    mappings_service.change_mapping(db, value.id, "维权支出/送温暖费", LEDGER)  # the same: no entry
    assert len(mapping_entries(db)) == count

    column = rows[0]
    mappings_service.change_mapping(db, column.id, "notes", MEMBERS)
    assert mapping_entries(db)[0].summary == "修改导入对应关系（会员花名册）：列“序号” → 备注"
    mappings_service.change_mapping(db, column.id, IGNORE, MEMBERS)  # a column may go back to ignored
    assert mappings_service.load_mappings(db, "members").column("序号") == IGNORE

    mappings_service.delete_mapping(db, value.id, LEDGER)
    assert mappings_service.load_mappings(db, "ledger") == ImportMappings()
    entry = mapping_entries(db)[0]
    assert entry.action == "delete"
    assert entry.summary == "删除导入对应关系（收支明细账）：科目“送温暖慰问” → “维权支出/送温暖费”"
    assert audit.describe_change(entry) == ["文件中的写法：送温暖慰问", "对应为：维权支出/送温暖费"]
    assert len(mappings_service.list_mappings(db)) == 3


def test_missing_mapping_and_empty_value_target(db):
    with pytest.raises(NotFoundError, match="找不到这条导入对应关系"):
        mappings_service.change_mapping(db, 999, "x")
    with pytest.raises(NotFoundError, match="找不到这条导入对应关系"):
        mappings_service.delete_mapping(db, 999)
    remember(db, "ledger", ImportMappings(values={"category": {"送温暖慰问": "职工活动支出"}}), LEDGER)
    (row,) = mappings_service.list_mappings(db)
    with pytest.raises(DomainError, match="“送温暖慰问”对应为不能为空"):
        mappings_service.change_mapping(db, row.id, "  ")
    assert mappings_service.list_mappings(db)[0].target == "职工活动支出"


@pytest.mark.parametrize(
    "area, mappings, message",
    [
        ("payroll", ImportMappings(columns={"所在工会小组": "group_name"}), "没有名为“payroll”的导入类型"),
        ("members", ImportMappings(values={"status": {"退休": ""}}), "对应为不能为空"),
        ("members", ImportMappings(values={"": {"退休": "retired"}}), "没有说明是哪个字段"),
        ("members", ImportMappings(columns={"  ": "group_name"}), "文件中的写法不能为空"),
        ("members", ImportMappings(columns={"列" * 201: "group_name"}), "太长"),
        ("ledger", ImportMappings(values={"category": {"旧": "科" * 201}}), "太长"),
    ],
)
def test_bad_mappings_are_refused_and_nothing_is_saved(db, area, mappings, message):
    mappings.set_column("序号", IGNORE)  # a good one alongside is not saved either
    with pytest.raises(DomainError, match=message):
        remember(db, area, mappings)
    assert mappings_service.list_mappings(db) == [] and mapping_entries(db) == []


def test_bad_area_when_loading(db):
    with pytest.raises(DomainError, match="导入类型"):
        mappings_service.load_mappings(db, "payroll")


def test_area_labels_match_the_importers():
    assert mappings_service.AREA_LABELS == AREA_LABELS


def test_remembered_mappings_come_along_in_a_copy_and_a_check(db, tmp_path):
    remember(db, "members", roster_mappings(), MEMBERS)
    target = open_database(config.database_url(str(tmp_path / "copy.db")))
    try:
        result = copy_database(db, target)
        assert result.counts["import_mappings"] == 3 and "导入对应关系 3 条" in result.describe()
        assert mappings_service.load_mappings(target, "members") == roster_mappings()
        assert check.run_check(target).ok
    finally:
        target.dispose()
    assert check.run_check(db).ok


def test_a_backup_holds_them_and_verifies(db, db_path, tmp_path):
    remember(db, "members", roster_mappings(), MEMBERS)
    saved = backup.backup_now(db_path, "manual", tmp_path / "b")
    with sqlite3.connect(saved) as conn:
        assert conn.execute("SELECT count(*) FROM import_mappings").fetchone() == (3,)
