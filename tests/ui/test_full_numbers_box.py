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


# Every report the tabs' 打印/导出 and 报表 menus offer, and whether it has ID or phone columns.
EXPECTED = {
    "members": {"members": True, "birthdays": True, "retirements": False},
    "funds": {"budget": False, "execution": False, "ledger": False, "disclosure": False},
    "visits": {"visits": False, "visit-receipts": False, "visit-summary": False},
    "checkups": {"hospital": True, "signin": False, "coverage": False},
}


def test_every_builder_is_marked_by_the_columns_it_builds(window, funds, qtbot):
    window.tabs.setCurrentWidget(window.checkups_tab)
    qtbot.waitUntil(lambda: window.checkups_tab.campaign is not None)
    tabs = {
        "members": window.members_tab,
        "funds": funds,
        "visits": window.visits_tab,
        "checkups": window.checkups_tab,
    }
    for area, reports in EXPECTED.items():
        for key, personal in reports.items():
            builder = tabs[area].report_builder(key)
            assert report_export.offers_full_numbers(builder) is personal, key
            assert report_export.has_personal_columns(builder(False)) is personal, key  # the built report agrees


def test_export_dialog_follows_the_columns_for_visits_checkups_and_members(window, modal, qtbot):
    visits = window.visits_tab
    assert not export_offers_full_numbers(modal, lambda: visits.export_report("visits", "xlsx"))
    assert not export_offers_full_numbers(modal, lambda: visits.export_report("visit-receipts", "pdf"))
    window.tabs.setCurrentWidget(window.checkups_tab)
    checkups = window.checkups_tab
    qtbot.waitUntil(lambda: checkups.campaign is not None)
    assert export_offers_full_numbers(modal, lambda: checkups.export_report("hospital", "xlsx"))
    assert not export_offers_full_numbers(modal, lambda: checkups.export_report("signin", "pdf"))
    assert not export_offers_full_numbers(modal, lambda: window.members_tab.export_report("retirements", "pdf"))


def test_the_audit_log_offers_full_numbers_though_its_columns_hold_none(window, qtbot):
    """Its changes hold phones and ID numbers (masked unless asked): the box is offered."""
    from unionapp.reports.audit import COLUMNS

    window.show_audit_log()
    builder = window.audit_dialog.report_builder()
    assert not any(c.kind in report_export.PERSONAL_KINDS for c in COLUMNS)
    assert report_export.offers_full_numbers(builder)


@pytest.mark.skipif(not printing.available(), reason="PySide6-Pdf not installed")
def test_print_preview_follows_the_mark(window, qtbot):
    register = open_preview(qtbot, lambda: window.visits_tab.print_report("visits"))
    assert full_number_toggles(register) == []
    register.reject()
    qtbot.waitUntil(lambda: not previews())
    window.show_audit_log()
    audit_preview = open_preview(
        qtbot, lambda: report_export.print_report(window, window.audit_dialog.report_builder())
    )
    assert len(full_number_toggles(audit_preview)) == 1
    audit_preview.reject()
    qtbot.waitUntil(lambda: not report_export._jobs, timeout=10000)
