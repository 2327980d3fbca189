"""包含完整身份证号/手机号 is offered only for reports that have ID or phone columns:
not for the funds disclosure (money only), still for the roster."""

from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication

from unionapp.reports import printing
from unionapp.ui.widgets import report_export
from unionapp.ui.widgets.report_export import FULL_ID_LABEL, ExportDialog


def export_offers_full_numbers(modal, trigger) -> bool:
    seen = []

    def look(dialog: ExportDialog):
        seen.append(dialog.full_id_box.isVisible())
        dialog.reject()

    modal.run(ExportDialog, look, trigger)
    return seen[0]


def test_export_offers_full_numbers_only_with_personal_columns(window, funds, modal):
    funds.views.setCurrentWidget(funds.charts)  # its report is the disclosure
    assert funds.current_report() == "disclosure"
    assert not export_offers_full_numbers(modal, lambda: funds.export_report("disclosure", "pdf"))
    assert not export_offers_full_numbers(modal, lambda: funds.export_report("ledger", "xlsx"))
    assert export_offers_full_numbers(modal, lambda: window.members_tab.export_report("members", "xlsx"))


def open_preview(qtbot, trigger) -> QPrintPreviewDialog:
    trigger()
    qtbot.waitUntil(lambda: bool(previews()), timeout=30000)
    return previews()[-1]


def previews() -> list[QPrintPreviewDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QPrintPreviewDialog) and w.isVisible()]


def full_number_toggles(dialog) -> list:
    return [a for a in dialog.findChildren(report_export.QAction) if a.text() == FULL_ID_LABEL]


@pytest.mark.skipif(not printing.available(), reason="PySide6-Pdf not installed")
def test_print_preview_offers_full_numbers_only_with_personal_columns(window, funds, qtbot):
    disclosure = open_preview(qtbot, lambda: funds.print_report("disclosure"))
    assert "经费收支公开表" in disclosure.windowTitle() and full_number_toggles(disclosure) == []
    disclosure.reject()
    qtbot.waitUntil(lambda: not previews())
    roster = open_preview(qtbot, lambda: window.members_tab.print_report("members"))
    assert len(full_number_toggles(roster)) == 1
    roster.reject()
    qtbot.waitUntil(lambda: not report_export._jobs, timeout=10000)
