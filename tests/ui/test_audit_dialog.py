"""The 审计日志 window: opened from the 文件 menu, filters, sorting, the before/after of the
selected entry (numbers masked), paging, export, and a read-only database."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import insert

from unionapp.db.models import AuditEntry
from unionapp.services import audit, members, settings
from unionapp.services.audit import AuditFilter
from unionapp.ui.shell.audit_dialog import PAGE, AuditDialog
from unionapp.ui.widgets import tasks
from unionapp.ui.widgets.report_export import ExportDialog

from .helpers import choose, type_text


def menu_action(window, text: str):
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("文件"))
    return next(a for a in file_menu.actions() if a.text() == text)


@pytest.fixture
def log_window(window, qtbot):
    """The 审计日志 of the demo school, after 李老师 changed 张三's phone (well, the first member's)."""
    settings.save(window.db, replace(settings.load(window.db), operator="李老师"))
    first = members.list_members(window.db)[0]
    data = members.member_input(window.db, first.id)
    members.update_member(window.db, first.id, replace(data, phone="13912345678", notes="换了手机"))
    menu_action(window, "审计日志…").trigger()
    dialog = window.audit_dialog
    qtbot.waitExposed(dialog)
    wait_read(qtbot, dialog)
    dialog.first_member = first
    return dialog


def wait_read(qtbot, dialog: AuditDialog) -> None:
    """A changed filter is read on a worker thread: wait until it is shown."""
    qtbot.waitUntil(lambda: not dialog.loading)


def pick(qtbot, dialog: AuditDialog, combo, label: str) -> None:
    choose(qtbot, combo, label)
    wait_read(qtbot, dialog)


def shown(dialog: AuditDialog) -> list:
    return [dialog.model.row_at(r) for r in range(dialog.model.rowCount())]


def select_row(qtbot, dialog: AuditDialog, row: int) -> None:
    rect = dialog.table.visualRect(dialog.model.index(row, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_opens_beside_the_window_newest_first(window, log_window):
    dialog = log_window
    assert dialog.isVisible() and not dialog.isModal() and dialog.windowTitle() == "审计日志"
    assert [dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "时间",
        "操作人",
        "操作",
        "对象",
        "摘要",
    ]
    rows = shown(dialog)
    assert rows and rows[0].summary.startswith(f"修改会员 {dialog.first_member.name}：手机号、备注")
    assert [r.at for r in rows] == sorted((r.at for r in rows), reverse=True)
    assert dialog.status.text().startswith(f"显示 {len(rows)} 条")
    window.show_audit_log()  # asked again: the same window, read again
    assert window.audit_dialog is dialog


def test_selected_entry_shows_before_and_after_masked(qtbot, log_window):
    dialog = log_window
    select_row(qtbot, dialog, 0)
    text = dialog.details.toPlainText()
    old = dialog.first_member.phone
    assert f"手机号：{old[:3]}****{old[-4:]} → 139****5678" in text
    assert "备注：（空） → 换了手机" in text and "李老师（电脑账户 " in text.splitlines()[0]
    assert "13912345678" not in text


def test_filters_narrow_the_list(qtbot, log_window):
    dialog = log_window
    everything = len(shown(dialog))
    pick(qtbot, dialog, dialog.area_box, "五必访")
    assert shown(dialog) and {r.entity for r in shown(dialog)} <= {"visit", "visit_type", "visit_standard"}
    pick(qtbot, dialog, dialog.area_box, "全部范围")
    pick(qtbot, dialog, dialog.action_box, "修改")
    assert shown(dialog) and {r.action for r in shown(dialog)} == {"update"}
    pick(qtbot, dialog, dialog.action_box, "全部操作")
    assert [dialog.person_box.itemText(i) for i in range(dialog.person_box.count())][:1] == ["全部人员"]
    pick(qtbot, dialog, dialog.person_box, "李老师")
    assert [r.summary[:4] for r in shown(dialog)] == ["修改会员", "修改设置"]
    pick(qtbot, dialog, dialog.person_box, "全部人员")
    type_text(qtbot, dialog.search, "换了手机")
    qtbot.waitUntil(lambda: len(shown(dialog)) == 1)
    dialog.search.clear()
    qtbot.waitUntil(lambda: len(shown(dialog)) == everything)
    dialog.date_from.setDate(QDate.currentDate().addDays(1))
    wait_read(qtbot, dialog)
    assert shown(dialog) == [] and dialog.status.text() == "没有符合条件的记录。"
    assert dialog.details.toPlainText() == ""


def test_sorting_by_a_column(qtbot, log_window):
    dialog = log_window
    dialog.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # 操作
    labels = [r.action_label for r in shown(dialog)]
    assert labels == sorted(labels)
    dialog.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # 时间, oldest first
    ats = [(r.at, r.id) for r in shown(dialog)]
    assert ats == sorted(ats)


def test_older_entries_come_on_request(qtbot, log_window):
    dialog = log_window
    start = datetime(2020, 1, 1)
    with dialog.db.session() as s:
        s.execute(
            insert(AuditEntry),
            [
                {
                    "at": start + timedelta(hours=i),
                    "os_user": "wang",
                    "operator": "王老师",
                    "action": "update",
                    "entity": "member",
                    "entity_id": 1,
                    "summary": f"旧记录 {i}",
                    "details": "{}",
                }
                for i in range(PAGE + 20)
            ],
        )
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)  # the people list is read again too
    wait_read(qtbot, dialog)
    pick(qtbot, dialog, dialog.person_box, "王老师")
    assert len(shown(dialog)) == PAGE and dialog.more_button.isEnabled()
    assert "还有更早的记录" in dialog.status.text()
    qtbot.mouseClick(dialog.more_button, Qt.MouseButton.LeftButton)
    assert len(shown(dialog)) == PAGE + 20 and not dialog.more_button.isEnabled()
    assert shown(dialog)[-1].summary == "旧记录 0"


def test_export_writes_every_entry_of_the_filter(qtbot, modal, log_window, tmp_path):
    dialog = log_window
    pick(qtbot, dialog, dialog.action_box, "修改")
    out = tmp_path / "审计日志.xlsx"

    def save_as(export_dialog: ExportDialog) -> None:
        assert export_dialog.path.name.startswith("审计日志_")
        export_dialog.path_edit.setText(str(out))
        export_dialog.accept()

    modal.run(ExportDialog, save_as, lambda: qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton))
    qtbot.waitUntil(lambda: not tasks._running and out.exists(), timeout=30000)
    for box in [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]:
        box.close()
    cells = [list(r) for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
    expected = audit.search_entries(dialog.db, AuditFilter(action="update", limit=None)).rows
    assert cells[0][0].endswith("审计日志") and cells[2][0].startswith(f"全部日期，操作：修改　共 {len(expected)} 条")
    assert cells[4][6] == expected[0].summary and "139****5678" in cells[4][7]


def test_works_on_a_read_only_database(read_only_db, qtbot):
    dialog = AuditDialog(read_only_db)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_read(qtbot, dialog)
    assert len(shown(dialog)) > 0
    pick(qtbot, dialog, dialog.area_box, "会员")
    assert shown(dialog)[0].summary.startswith("生成演示数据")
    assert dialog.report_builder()(False).rows
