"""The members tab's report actions: the roster is what the table shows, masked unless asked."""

import openpyxl

from unionapp.services import members
from unionapp.ui.widgets import report_export
from unionapp.ui.widgets.report_export import ExportDialog

from .helpers import choose


def test_roster_report_is_the_filtered_view(qtbot, tab):
    choose(qtbot, tab.status_filter, "退休")
    report = tab._roster_builder()(False)
    assert len(report.rows) == tab.model.rowCount() > 0
    assert [r[1] for r in report.rows] == [row.name for row in tab.model.shown_rows]
    assert "退休" in report.subtitle
    assert all(r[9] == "退休" for r in report.rows)
    assert all("*" in r[4] for r in report.rows if r[4])


def test_export_excel_action_writes_the_shown_rows(qtbot, tab, modal, tmp_path, monkeypatch):
    target = tmp_path / "花名册.xlsx"
    done = []
    real_start = report_export.start_export
    monkeypatch.setattr(report_export, "start_export", lambda *a, **kw: real_start(*a, **kw, on_done=done.append))
    choose(qtbot, tab.status_filter, "退休")
    shown = tab.model.rowCount()

    def fill(dialog: ExportDialog):
        dialog.path_edit.setText(str(target))
        dialog.accept()

    modal.run(ExportDialog, fill, tab.export_xlsx_action.trigger)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    sheet = openpyxl.load_workbook(target).active
    column = [c.value for c in sheet["B"]]
    names = column[column.index("姓名") + 1 :][:shown]
    assert names == [row.name for row in tab.model.shown_rows]
    assert 0 < shown < len(members.list_members(tab.db))


def test_report_menu_has_birthdays_and_retirements(window, tab):
    titles = [action.text() for action in tab.report_menu.actions()]
    assert titles == ["花名册（当前列表）", "本月生日名单", "退休预告（12 个月内）"]
    assert window.commands["print"].shortcut().toString() == "Ctrl+P"
