"""Importing a roster workbook from the 会员 tab: file chooser, background planning,
the preview dialog, and the import itself."""

from __future__ import annotations

import threading
from datetime import date, datetime

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QProgressDialog, QPushButton

from unionapp.domain.idcard import make_id_number
from unionapp.domain.members import MemberInput
from unionapp.importers import members as importer
from unionapp.importers.members import plan_member_import
from unionapp.services import audit, members
from unionapp.ui.widgets import tasks
from unionapp.ui.widgets.import_dialog import ImportPreviewDialog
from unionapp.ui.widgets.import_flow import ImportFlow

from .helpers import DEMO_MEMBERS, click_checkbox

GOOD = [
    ("欧阳测一", make_id_number("340102", date(1980, 5, 6), 11, "M"), "13900000001", "高中组", date(1980, 5, 6)),
    ("欧阳测二", make_id_number("340102", date(1985, 7, 8), 12, "F"), "13900000002", "语文组", date(1985, 7, 8)),
    ("欧阳测三", make_id_number("340104", date(1990, 9, 10), 13, "M"), "13900000003", "语文组", date(1990, 9, 10)),
]
BAD_ID = make_id_number("340102", date(1979, 1, 2), 14, "F")
BAD_ID = BAD_ID[:17] + ("0" if BAD_ID[-1] != "0" else "1")


@pytest.fixture
def roster(tmp_path):
    """A workbook as offices really send them: a merged title row, header aliases, one bad row."""
    path = tmp_path / "花名册.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "教职工"
    ws.append(["阳光中学教职工花名册"])
    ws.merge_cells("A1:E1")
    ws.append(["姓名", "身份证号码", "手机", "工会小组", "出生年月"])
    for name, id_number, phone, group, birth in GOOD[:2]:
        ws.append([name, id_number, phone, group, datetime.combine(birth, datetime.min.time())])
    ws.append(["错号测试", BAD_ID, "13900000004", "高中组", datetime(1979, 1, 2)])
    name, id_number, phone, group, birth = GOOD[2]
    ws.append([name, id_number, phone, group, datetime.combine(birth, datetime.min.time())])
    wb.save(path)
    return path


@pytest.fixture
def choose_file(monkeypatch, roster):
    asked = []

    def get_open_file_name(_parent, caption, folder, filters, *_args, **_kwargs):
        asked.append((caption, folder, filters))
        return str(roster), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(get_open_file_name))
    return asked


def _ok(dialog: ImportPreviewDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def _check_preview(dialog: ImportPreviewDialog) -> None:
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs[:3] == ["新增 3", "更新 0", "有问题 1"]
    # From the window the file can be mapped: the new group 语文组 is offered for choosing.
    assert tabs[3:] in ([], ["值的对应", "列的对应"])
    added = dialog.tabs.widget(0)
    assert added.model().rowCount() == 3
    assert [added.model().index(r, 1).data() for r in range(3)] == [g[0] for g in GOOD]
    refused = dialog.tabs.widget(2)
    assert refused.model().rowCount() == 1
    assert refused.model().index(0, 0).data() == "5"  # the worksheet's own row number
    assert refused.model().index(0, 1).data() == "错号测试"
    good_check = make_id_number("340102", date(1979, 1, 2), 14, "F")[-1]
    assert f"校验位不正确（应为 {good_check}）" in refused.model().index(0, 2).data()
    assert dialog.tabs.currentIndex() == 2  # problems are shown first
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "将新建工会小组：语文组" in labels
    assert any("表头在第 2 行" in text and "现在还没有写入任何数据" in text for text in labels)


def test_preview_dialog_says_merged_cells_were_filled_in(demo_db, tmp_path, qtbot):
    from importers.merged_roster import NOTES, write_merged_roster_xlsx  # tests/importers

    plan = plan_member_import(demo_db, write_merged_roster_xlsx(tmp_path / "花名册.xlsx"))
    dialog = ImportPreviewDialog(plan)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert [f"注意：{note}" for note in NOTES] == [t for t in labels if t.startswith("注意：")]


def test_update_tab_shows_each_change_old_to_new_masked(demo_db, tmp_path, qtbot):
    name, id_number, _phone, _group, _birth = GOOD[0]
    members.add_member(demo_db, MemberInput(name=name, id_number=id_number, phone="13812345678", title="一级教师"))
    path = tmp_path / "更新.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号码", "手机", "职称"])
    wb.active.append([name, id_number, "13900000000", "高级教师"])
    wb.save(path)
    dialog = ImportPreviewDialog(plan_member_import(demo_db, path))
    qtbot.addWidget(dialog)
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["新增 0", "更新 1", "有问题 0"]
    model = dialog.tabs.widget(1).model()
    last = model.columnCount() - 1
    assert model.headerData(last, Qt.Orientation.Horizontal) == "变更内容（原值 → 新值）"
    assert model.index(0, last).data() == "手机号：138****5678 → 139****0000；职称：一级教师 → 高级教师"
    assert model.index(0, 4).data() == id_number[:6] + "********" + id_number[-4:]
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("更新 1 人（共 2 处修改）" in text for text in labels)


def test_preview_dialog_from_a_plan(demo_db, roster, qtbot):
    """The dialog alone, on a plan built here."""
    plan = plan_member_import(demo_db, roster)
    dialog = ImportPreviewDialog(plan)
    qtbot.addWidget(dialog)
    dialog.show()
    _check_preview(dialog)
    assert "花名册.xlsx" in dialog.windowTitle()
    assert not _ok(dialog).isEnabled()
    assert dialog.skip.isVisible()
    click_checkbox(qtbot, dialog.skip)
    assert dialog.skip_errors and _ok(dialog).isEnabled()
    click_checkbox(qtbot, dialog.skip)
    assert not dialog.skip_errors and not _ok(dialog).isEnabled()


def test_import_cancelled_in_preview_writes_nothing(window, tab, modal, qtbot, choose_file, messages):
    def preview(dialog: ImportPreviewDialog):
        _check_preview(dialog)
        assert not _ok(dialog).isEnabled()
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)  # disabled: nothing happens
        assert dialog.isVisible()
        click_checkbox(qtbot, dialog.skip)
        assert _ok(dialog).isEnabled()
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    modal.run(ImportPreviewDialog, preview, tab.import_action.trigger)
    assert len(choose_file) == 1
    qtbot.wait(50)  # nothing is still on its way
    assert members.count_members(tab.db) == DEMO_MEMBERS
    assert tab.model.total_count == DEMO_MEMBERS
    assert messages.shown == []


def test_import_with_skip_adds_good_rows(window, tab, modal, qtbot, choose_file, messages, roster):
    def preview(dialog: ImportPreviewDialog):
        _check_preview(dialog)
        click_checkbox(qtbot, dialog.skip)
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    modal.run(ImportPreviewDialog, preview, tab.import_action.trigger)
    qtbot.waitUntil(lambda: messages.texts("information") != [])
    assert messages.texts("information") == ["新增 3 人，更新 0 人，跳过 1 行。"]
    assert members.count_members(tab.db) == DEMO_MEMBERS + 3
    stored = {r.name: r for r in members.list_members(tab.db)}
    for name, id_number, phone, group, birth in GOOD:
        row = stored[name]
        assert (row.id_number, row.phone, row.group_name, row.birth_date) == (id_number, phone, group, birth)
    assert "错号测试" not in stored
    # The table reloaded, with the new group in the filter.
    assert tab.model.total_count == DEMO_MEMBERS + 3
    assert window.count_label.text() == f"共 {DEMO_MEMBERS + 3} 人"
    assert tab.group_filter.findText("语文组") >= 0
    entry = audit.list_entries(tab.db, entity="member")[0]
    assert entry.action == "import" and entry.details["after"]["refused_rows"] == [5]
    # The folder is remembered for next time.
    assert QSettings().value("import/last_folder") == str(roster.parent)


def test_unreadable_file_is_explained(tab, qtbot, monkeypatch, messages, tmp_path):
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"this is not a workbook")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(broken), "")))
    tab.import_action.trigger()
    qtbot.waitUntil(lambda: messages.shown != [])
    ((kind, title, text),) = messages.shown
    assert kind == "warning" and title == "无法导入"
    assert "Traceback" not in text and "意外错误" not in text
    assert members.count_members(tab.db) == DEMO_MEMBERS


def test_no_file_chosen_does_nothing(tab, qtbot, monkeypatch, messages):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: ("", "")))
    tab.import_action.trigger()
    qtbot.wait(50)
    assert messages.shown == []
    assert members.count_members(tab.db) == DEMO_MEMBERS


def test_cancelling_the_progress_dialog_drops_the_plan(tab, qtbot, monkeypatch, choose_file, messages):
    """Reading a big workbook can take a while: the user may cancel, and nothing follows."""
    release = threading.Event()
    real_plan = importer.plan_member_import

    def slow_plan(db, path, mapping=None):
        release.wait(10)
        return real_plan(db, path, mapping=mapping)

    previews = []
    monkeypatch.setattr(importer, "plan_member_import", slow_plan)
    monkeypatch.setattr(ImportFlow, "preview", lambda _flow, _path, plan: previews.append(plan))
    try:
        tab.import_action.trigger()
        qtbot.waitUntil(lambda: any(w.isVisible() for w in tab.findChildren(QProgressDialog)))
        (progress,) = [w for w in tab.findChildren(QProgressDialog) if w.isVisible()]
        assert progress.labelText() == "正在读取并检查文件…"
        (cancel,) = [b for b in progress.findChildren(QPushButton) if b.text() == "取消"]
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    finally:
        release.set()
    qtbot.waitUntil(lambda: not tasks._running)
    qtbot.wait(50)
    assert previews == []
    assert messages.shown == []
    assert members.count_members(tab.db) == DEMO_MEMBERS
