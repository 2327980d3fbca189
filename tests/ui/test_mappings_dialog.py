"""The 导入对应关系 dialog: the remembered mappings listed in Chinese, changed, deleted, and
only looked at on a read-only database; opened from the 文件 menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QPushButton

from unionapp.domain.import_mapping import IGNORE, ImportMappings
from unionapp.importers.fields import area_fields
from unionapp.services import audit
from unionapp.services import import_mappings as mappings_service
from unionapp.ui.shell import mappings_dialog
from unionapp.ui.shell.mappings_dialog import MappingsDialog


def remember(db) -> None:
    roster = ImportMappings()
    roster.set_column("所在工会小组", "group_name")
    roster.set_column("序号", IGNORE)
    ledger = ImportMappings(values={"category": {"送温暖慰问": "职工活动支出"}})
    with db.session() as s:
        mappings_service.remember_mappings_in(s, "members", roster, area_fields("members"))
        mappings_service.remember_mappings_in(s, "ledger", ledger, area_fields("ledger"))


@pytest.fixture
def remembered(db):
    remember(db)
    return db


def cells(dialog: MappingsDialog) -> list[list[str]]:
    model = dialog.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def button(dialog: MappingsDialog, text: str) -> QPushButton:
    (found,) = [b for b in dialog.findChildren(QPushButton) if b.text() == text]
    return found


def select(dialog: MappingsDialog, source: str) -> None:
    dialog.table.selectRow(next(i for i, r in enumerate(dialog.rows) if r.source == source))


def test_lists_the_mappings_in_chinese(remembered, qtbot):
    dialog = MappingsDialog(remembered)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "导入对应关系"
    assert cells(dialog) == [
        ["会员花名册", "列", "", "序号", "忽略"],
        ["会员花名册", "列", "", "所在工会小组", "工会小组"],
        ["收支明细账", "值", "科目", "送温暖慰问", "职工活动支出"],
    ]
    assert dialog.empty_label.isHidden()
    assert not button(dialog, "修改…").isEnabled()  # nothing selected yet
    select(dialog, "序号")
    assert button(dialog, "修改…").isEnabled() and button(dialog, "删除…").isEnabled()


def test_empty_says_how_mappings_get_here(db, qtbot):
    dialog = MappingsDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    assert cells(dialog) == [] and dialog.empty_label.isVisible()
    assert "导入成功后" in dialog.empty_label.text()


def test_change_a_column_to_a_field_and_a_value_to_other_text(remembered, qtbot, monkeypatch):
    dialog = MappingsDialog(remembered)
    qtbot.addWidget(dialog)
    asked = []

    def get_item(_parent, title, label, items, current, editable):
        asked.append((label, items[current], items[-1]))
        return "备注", True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    select(dialog, "序号")
    qtbot.mouseClick(button(dialog, "修改…"), Qt.MouseButton.LeftButton)
    assert asked == [("会员花名册中的列“序号”对应为：", "忽略", "忽略")]
    assert mappings_service.load_mappings(remembered, "members").column("序号") == "notes"
    assert cells(dialog)[0] == ["会员花名册", "列", "", "序号", "备注"]
    assert dialog.current().source == "序号" and dialog.changed  # still selected after the reload

    def get_text(_parent, title, label, *_args, **kwargs):
        asked.append((label, kwargs.get("text")))
        return " 维权支出/送温暖费 ", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    select(dialog, "送温暖慰问")
    qtbot.mouseClick(button(dialog, "修改…"), Qt.MouseButton.LeftButton)
    assert asked[-1] == ("收支明细账中的科目“送温暖慰问”对应为（写系统中的名称）：", "职工活动支出")
    assert cells(dialog)[2][-1] == "维权支出/送温暖费"
    entry = audit.list_entries(remembered, entity="import_mapping")[0]
    assert entry.summary == "修改导入对应关系（收支明细账）：科目“送温暖慰问” → “维权支出/送温暖费”"


def test_an_empty_value_is_refused_in_chinese(remembered, qtbot, monkeypatch, messages):
    dialog = MappingsDialog(remembered)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("  ", True)))
    select(dialog, "送温暖慰问")
    qtbot.mouseClick(button(dialog, "修改…"), Qt.MouseButton.LeftButton)
    assert messages.texts("warning") == ["“送温暖慰问”对应为不能为空"]
    assert cells(dialog)[2][-1] == "职工活动支出" and not dialog.changed


def test_delete_after_confirmation(remembered, qtbot, monkeypatch):
    dialog = MappingsDialog(remembered)
    qtbot.addWidget(dialog)
    answers, asked = [False, True], []

    def fake_confirm(_parent, _title, text):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(mappings_dialog, "confirm", fake_confirm)
    select(dialog, "所在工会小组")
    qtbot.mouseClick(button(dialog, "删除…"), Qt.MouseButton.LeftButton)
    assert len(cells(dialog)) == 3  # said no
    qtbot.mouseClick(button(dialog, "删除…"), Qt.MouseButton.LeftButton)
    assert asked[-1] == "确定删除会员花名册中列“所在工会小组”的对应关系吗？以后导入遇到它时会重新询问。"
    assert [c[3] for c in cells(dialog)] == ["序号", "送温暖慰问"]
    assert mappings_service.load_mappings(remembered, "members").column("所在工会小组") is None
    assert not button(dialog, "删除…").isEnabled()  # nothing selected now


@pytest.fixture
def remembered_demo(demo_db):
    remember(demo_db)
    return demo_db


def test_read_only_database_from_the_file_menu(remembered_demo, read_only_db, open_window, modal, monkeypatch):
    asked = []
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **_k: asked.append(a) or ("备注", True)))
    window = open_window(read_only_db)
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("文件"))
    action = next(a for a in file_menu.actions() if a.text() == "导入对应关系…")
    seen = {}

    def look(dialog: MappingsDialog):
        select(dialog, "序号")
        seen["rows"] = len(cells(dialog))
        seen["enabled"] = [b.isEnabled() for b in dialog.buttons.values()]
        dialog.change()  # a double-click: no question is asked
        button(dialog, "关闭").click()

    modal.run(MappingsDialog, look, action.trigger)
    assert seen == {"rows": 3, "enabled": [False, False]} and asked == []
