"""The 体检 tab inside the main window: Ctrl+N, menus and labels following the tab, the
reports (hospital list with the full-ID choice, sign-in sheet, coverage) and a member's
checkups in the members tab's history."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from unionapp.reports import checkups as checkup_reports
from unionapp.ui.checkups.forms import CampaignDialog
from unionapp.ui.checkups.tab import HOSPITAL_NOTE
from unionapp.ui.widgets import report_export

YEAR = date.today().year


def press(qtbot, window, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(widget, key, modifier)


@pytest.fixture
def checkups(window):
    """The demo window on its 体检 tab (the demo has this year's and earlier campaigns)."""
    window.tabs.setCurrentWidget(window.checkups_tab)
    assert window.checkups_tab.campaign is not None
    return window.checkups_tab


def test_ctrl_n_on_the_checkups_tab_opens_the_new_campaign_dialog(window, checkups, qtbot, modal):
    opened: list[type] = []
    modal.run(
        QDialog,
        lambda d: opened.append(type(d)),
        lambda: press(qtbot, window, checkups.people.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
    )
    assert opened == [CampaignDialog]
    press(qtbot, window, checkups.people.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(checkups.people.search.hasFocus)


def test_menus_labels_and_status_follow_the_tab(window, checkups, qtbot):
    visible = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    assert visible == ["文件(&F)", "编辑(&E)", "体检(&T)", "报表(&R)", "帮助(&H)"]
    assert [window.commands[k].text() for k in ("new", "edit", "delete", "print", "export_xlsx")] == [
        "新建体检…",
        "修改体检…",
        "移出名单…",
        "打印签到表…",
        "导出医院名单Excel…",
    ]
    assert checkups.actions.done_action in window.toolbar.actions()
    assert not window.commands["delete"].isEnabled()  # nobody selected
    checkups.people.table.selectRow(0)
    assert window.commands["delete"].isEnabled()
    assert window.count_label.text() == f"{checkups.campaign.name}：共 {checkups.campaign.eligible} 人"
    report_titles = [a.text() for a in checkups.report_menu.actions() if a.text()]
    assert report_titles == ["体检名单（交医院）", "签到表", "体检覆盖情况", "导入医院回执…"]
    hospital = checkups.report_menu.actions()[0].menu()
    assert hospital.actions()[0].text() == HOSPITAL_NOTE and "完整身份证号" in HOSPITAL_NOTE


@pytest.fixture
def fake_reports(monkeypatch):
    """unionapp.reports.checkups as the tab calls it: each builder records its arguments."""
    calls: list[tuple] = []
    # Patched on the real module: the tab's plain import finds the package attribute, which
    # a replaced sys.modules entry would miss once another test has imported the module.
    monkeypatch.setattr(
        checkup_reports,
        "hospital_list_report",
        lambda db, cid, full_id: calls.append(("hospital", cid, full_id)) or "report",
    )
    monkeypatch.setattr(checkup_reports, "signin_report", lambda db, cid: calls.append(("signin", cid)) or "report")
    monkeypatch.setattr(
        checkup_reports,
        "coverage_report",
        lambda db, cid, include_health=False: calls.append(("coverage", cid, include_health)) or "report",
    )
    return calls


@pytest.fixture
def report_calls(monkeypatch):
    """export_report / print_report replaced: what they were asked to make."""
    made: list[tuple] = []
    monkeypatch.setattr(
        report_export, "export_report", lambda _p, builder, name, fmt: made.append((name, fmt, builder))
    )
    monkeypatch.setattr(report_export, "print_report", lambda _p, builder: made.append(("print", None, builder)))
    return made


def test_reports_are_made_for_the_chosen_campaign(window, checkups, fake_reports, report_calls):
    campaign = checkups.campaign
    window.commands["export_xlsx"].trigger()
    window.commands["print"].trigger()
    hospital = checkups.report_menu.actions()[0].menu()
    export_pdf = next(a for a in hospital.actions() if a.text() == "导出PDF…")
    export_pdf.trigger()
    coverage = checkups.report_menu.actions()[2].menu()
    next(a for a in coverage.actions() if a.text() == "导出Excel…").trigger()
    assert [(name, fmt) for name, fmt, _b in report_calls] == [
        (f"{campaign.name}_医院名单", "xlsx"),
        ("print", None),
        (f"{campaign.name}_医院名单", "pdf"),
        (f"{campaign.name}_覆盖情况", "xlsx"),
    ]
    for _name, _fmt, builder in report_calls:
        builder(True)  # as the export dialog's 包含完整身份证号/手机号 box ticked
    report_calls[0][2](False)
    assert fake_reports == [
        ("hospital", campaign.id, True),
        ("signin", campaign.id),
        ("hospital", campaign.id, True),
        ("coverage", campaign.id, False),
        ("hospital", campaign.id, False),
    ]


def test_a_members_history_shows_their_checkups(window, qtbot, modal):
    from unionapp.services import checkups as service
    from unionapp.ui.members.history import MemberHistoryDialog

    members_tab = window.members_tab
    campaign = service.list_campaigns(window.db, YEAR)[0]
    person = next(p for p in service.list_people(window.db, campaign.id) if p.status == "followup")
    members_tab.select_member(person.member_id)
    shown: list = []

    def look(dialog: MemberHistoryDialog):
        dialog.area_box.setCurrentIndex(dialog.area_box.findText("体检"))  # the timeline's 体检 lines only
        model = dialog.timeline_model
        shown.extend([[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())])

    modal.run(MemberHistoryDialog, look, members_tab.history_action.trigger)
    history = [h for h in service.member_history(window.db, person.member_id) if h.status != "pending"]
    assert shown and len(shown) == len(history)
    assert [person.checkup_date.isoformat(), "体检", f"{campaign.name}：需复查"] in shown
    assert not any(person.followup_note in cell for row in shown for cell in row)  # no health notes here


def test_the_reports_module_builds_what_the_tab_asks_for(checkups):
    """The real builders (unionapp.reports.checkups) with the tab's arguments."""
    campaign = checkups.campaign
    masked, full = checkups.report_builder("hospital")(False), checkups.report_builder("hospital")(True)
    assert len(full.rows) == campaign.eligible and full.full_id and not masked.full_id
    assert len(checkups.report_builder("signin")(True).rows) == campaign.eligible
    coverage = checkups.report_builder("coverage")(True)
    assert coverage.rows
    notes = [p.followup_note for p in checkups.people.model.all_rows if p.followup_note]
    assert notes and not any(n in str(cell) for row in coverage.rows for cell in row for n in notes)
