"""The export dialog and the background export: proposed name, the privacy box and its
reason, progress, cancel (no file left), and errors shown in Chinese."""

from __future__ import annotations

import threading
from datetime import date

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from unionapp.reports.members import roster
from unionapp.ui.widgets import report_export, tasks
from unionapp.ui.widgets.report_export import ExportDialog, start_export

from .conftest import TODAY, many_members

pytestmark = pytest.mark.usefixtures("private_settings")


def builder(n=30):
    return lambda full_id: roster(many_members(n), "某某中学工会委员会", full_id=full_id, today=TODAY)


def test_dialog_proposes_a_chinese_file_name_and_masks_by_default(qtbot, app):
    dialog = ExportDialog(None, "教职工花名册", "pdf")
    qtbot.addWidget(dialog)
    assert dialog.path.name == f"教职工花名册_{date.today().isoformat()}.pdf" and dialog.fmt == "pdf"
    assert not dialog.full_id and dialog.full_id_box.text() == "包含完整身份证号/手机号"
    assert "个人信息保护法" in report_export.PRIVACY_TEXT and "敏感个人信息" in report_export.PRIVACY_TEXT
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("xlsx"))
    assert dialog.path.suffix == ".xlsx"
    assert "<" not in report_export.proposed_path("a<b", "csv").name


def test_dialog_remembers_the_folder_and_refuses_a_missing_one(qtbot, app, tmp_path, messages):
    dialog = ExportDialog(None, "生日名单")
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "不存在" / "a.xlsx"))
    dialog.accept()
    assert dialog.result() == 0 and "不存在" in messages[-1][1]
    dialog.path_edit.setText(str(tmp_path / "a.xlsx"))
    dialog.accept()
    assert dialog.result() == 1
    assert report_export.proposed_path("生日名单", "xlsx").parent == tmp_path


def wait_idle(qtbot) -> None:
    qtbot.waitUntil(lambda: not tasks._running, timeout=30000)


def close_done_boxes() -> list[str]:
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    texts = [b.text() for b in boxes]
    for box in boxes:
        box.close()
    return texts


def test_background_export_writes_the_file_masked_or_full(qtbot, app, tmp_path):
    results = []
    path = tmp_path / "花名册.xlsx"
    start_export(None, builder(), path, "xlsx", False, on_done=results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=30000)
    ws = openpyxl.load_workbook(path).active
    assert "********" in ws.cell(5, 5).value and results[0].rows == 30
    start_export(None, builder(), path, "xlsx", True)
    qtbot.waitUntil(lambda: any("已导出 30 条记录" in t for t in close_done_boxes()), timeout=30000)
    assert "*" not in openpyxl.load_workbook(path).active.cell(5, 5).value


def test_cancel_leaves_no_file(qtbot, app, tmp_path):
    release = threading.Event()
    results = []

    def slow(full_id):
        release.wait(10)
        return builder(3000)(full_id)

    folder = tmp_path / "out"
    folder.mkdir()
    dialog = start_export(None, slow, folder / "花名册.pdf", "pdf", False, on_done=results.append)
    cancel_button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "取消")
    cancel_button.click()  # as the user does (QProgressDialog.cancel() would not signal)
    release.set()
    wait_idle(qtbot)
    assert results == [] and list(folder.iterdir()) == []


def test_errors_are_shown_in_chinese(qtbot, app, tmp_path, messages):
    start_export(None, builder(), tmp_path / "没有" / "a.csv", "csv", False)
    qtbot.waitUntil(lambda: bool(messages), timeout=30000)
    kind, text = messages[-1]
    assert kind == "warning" and "不存在" in text


def test_printing_without_qtpdf_says_what_to_do(qtbot, app, messages, monkeypatch):
    from unionapp.reports import printing

    monkeypatch.setattr(printing, "QPdfDocument", None)
    report_export.print_report(None, builder(5))
    qtbot.waitUntil(lambda: bool(messages), timeout=30000)
    assert "导出PDF" in messages[-1][1] and not report_export._jobs


def test_export_report_runs_what_the_dialog_chose(qtbot, app, tmp_path, monkeypatch):
    def answer(dialog):
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("csv"))
        dialog.path_edit.setText(str(tmp_path / "名单"))
        dialog.full_id_box.setChecked(True)
        return ExportDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", answer)
    report_export.export_report(None, builder(3), "教职工花名册", fmt="xlsx")
    qtbot.waitUntil(lambda: any("已导出 3 条记录" in t for t in close_done_boxes()), timeout=30000)
    text = (tmp_path / "名单.csv").read_text(encoding="utf-8-sig")
    assert "********" not in text and "身份证号" in text
