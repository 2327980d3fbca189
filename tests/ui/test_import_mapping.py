"""The import preview's mapping tabs, on a roster written by someone else: its own group
column header and its own status word are chosen once in the window, the preview follows
at once, the import writes, and the same file then imports with no question."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from unionapp.domain.import_mapping import IGNORE
from unionapp.importers.members import plan_member_import
from unionapp.services import audit, members
from unionapp.services.groups import list_groups
from unionapp.services.import_mappings import load_mappings
from unionapp.ui.widgets.import_dialog import ImportPreviewDialog

from .helpers import choose_mapping

ROWS = [
    ("欧阳映一", "男", date(1980, 1, 2), "语文教研组", "在职"),
    ("欧阳映二", "女", date(1985, 3, 4), "三年级组", "离岗"),
    ("欧阳映三", "女", date(1986, 5, 6), "三年级组", "在职"),
]


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "外校花名册.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["序号", "姓名", "性别", "出生日期", "所在工会小组", "人员状态", "家庭住址"])
    for number, row in enumerate(ROWS, 1):
        wb.active.append([number, *row, "某路"])
    wb.save(path)
    return path


def _tabs(dialog) -> list[str]:
    return [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]


def _choose(combo, data) -> None:
    choose_mapping(combo, data)


def _column_combo(dialog, header: str):
    headers = [h for h, _target in dialog.plan.column_choices]
    return dialog.columns.combos[headers.index(header)]


def _value_combo(dialog, text: str):
    texts = [row[2] for row in dialog.values.rows]
    return dialog.values.combos[texts.index(text)]


def test_one_round_of_choices_then_no_question(demo_db, roster, qtbot):
    plan = plan_member_import(demo_db, roster)
    dialog = ImportPreviewDialog(plan, replan=lambda mapping: plan_member_import(demo_db, roster, mapping=mapping))
    qtbot.addWidget(dialog)
    # Unmapped: the group column is not read, 离岗 is an unknown status waiting for a choice.
    assert ("所在工会小组", IGNORE) in plan.column_choices
    assert _tabs(dialog) == ["新增 2", "更新 0", "有问题 1", "值的对应（1 个待选择）", "列的对应（2 列未导入）"]
    assert dialog.tabs.currentIndex() == 3  # what needs the user first
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()

    dialog.tabs.setCurrentIndex(4)
    _choose(_column_combo(dialog, "所在工会小组"), "group_name")
    assert _tabs(dialog)[4] == "列的对应（1 列未导入）"
    assert dialog.tabs.currentIndex() == 4  # the user stays where they chose
    assert {r.data.group_name for r in dialog.plan.adds} == {"语文教研组", "三年级组"}
    new_groups = [row[2] for row in dialog.values.rows if row[0] == "group_name"]
    assert new_groups == ["语文教研组", "三年级组"]

    _choose(_value_combo(dialog, "离岗"), "调出")
    assert _tabs(dialog)[:4] == ["新增 3", "更新 0", "有问题 0", "值的对应"]
    assert dialog.values.count == 0
    # The chosen value stays listed, so the choice can be changed again.
    assert _value_combo(dialog, "离岗").currentData() == "调出"
    # An existing group instead of a new one.
    existing = list_groups(demo_db)[0].name
    _choose(_value_combo(dialog, "语文教研组"), existing)
    assert {r.data.group_name for r in dialog.plan.adds if r.data.name == "欧阳映一"} == {existing}
    assert ok.isEnabled()

    from unionapp.importers.members import apply_member_import

    result = apply_member_import(demo_db, dialog.plan)
    assert result.added == 3
    stored = {m.name: m for m in members.list_members(demo_db)}
    assert stored["欧阳映二"].status == "transferred"
    assert stored["欧阳映一"].group_name == existing
    assert stored["欧阳映三"].group_name == "三年级组"

    remembered = load_mappings(demo_db, "members")
    assert remembered.column("所在工会小组") == "group_name"
    assert remembered.value("status", "离岗") == "调出"
    assert audit.list_entries(demo_db, entity="import_mapping")  # the remembering is audited

    # Next year's file from the same source: no question at all.
    again = plan_member_import(demo_db, roster)
    assert again.refused == [] and again.unknown_values() == []
    assert ("所在工会小组", "group_name") in again.column_choices


def test_two_columns_for_one_field_is_explained_and_nothing_changes(demo_db, roster, qtbot, messages):
    plan = plan_member_import(demo_db, roster)
    dialog = ImportPreviewDialog(plan, replan=lambda mapping: plan_member_import(demo_db, roster, mapping=mapping))
    qtbot.addWidget(dialog)
    _choose(_column_combo(dialog, "所在工会小组"), "group_name")
    before = dialog.plan
    _choose(_column_combo(dialog, "家庭住址"), "group_name")
    ((kind, title, text),) = messages.shown
    assert (kind, title) == ("warning", "无法这样对应")
    assert "“所在工会小组”和“家庭住址”两列都对应到“工会小组”" in text
    assert dialog.plan is before  # the preview stays as it was
    assert _column_combo(dialog, "家庭住址").currentData() == IGNORE


def test_the_window_imports_with_the_choices(window, modal, qtbot, roster, monkeypatch, messages):
    tab = window.members_tab
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(roster), "")))

    def preview(dialog: ImportPreviewDialog):
        _choose(_column_combo(dialog, "所在工会小组"), "group_name")
        _choose(_value_combo(dialog, "离岗"), "调出")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    modal.run(ImportPreviewDialog, preview, tab.import_action.trigger)
    qtbot.waitUntil(lambda: messages.texts("information") != [])
    assert messages.texts("information") == ["新增 3 人，更新 0 人，跳过 0 行。"]
    assert load_mappings(tab.db, "members").value("status", "离岗") == "调出"
