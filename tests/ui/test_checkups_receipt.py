"""导入医院回执 from the 体检 tab: the hospital's returned list is read and checked, shown
(to update / refused with row numbers), and written only when the user confirms."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from unionapp.services import checkups, ledger
from unionapp.services.checkups import CampaignInput
from unionapp.services.ledger import LedgerFilter
from unionapp.ui.checkups.dialogs import ReceiptPreviewDialog

YEAR = date.today().year
COST_FEN = 25000


@pytest.fixture
def receipt(empty_books_db, open_window, tmp_path, monkeypatch):
    """A campaign, the window on its tab, and the hospital's file the user will choose:
    two people examined, one absent, one row naming nobody on the list."""
    db = empty_books_db
    campaign_id = checkups.create_campaign(
        db,
        CampaignInput(
            YEAR, f"{YEAR}年教职工体检", "all_active", date(YEAR, 1, 1), date(YEAR, 12, 31), "区人民医院", "", COST_FEN
        ),
    )
    people = [p for p in checkups.list_people(db, campaign_id) if p.id_number][:3]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "身份证号", "是否体检", "体检日期", "未参加原因"])
    sheet.append([1, people[0].name, people[0].id_number, "是", date(YEAR, 1, 1), None])
    sheet.append([2, people[1].name, people[1].id_number, "是", date(YEAR, 1, 1), None])
    sheet.append([3, people[2].name, people[2].id_number, "否", None, "出差"])
    sheet.append([4, "查无此人", None, "是", date(YEAR, 1, 1), None])
    path = tmp_path / "医院回执.xlsx"
    book.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))
    window = open_window(db)
    window.tabs.setCurrentWidget(window.checkups_tab)
    return window.checkups_tab, campaign_id, people


def statuses(db, campaign_id: int, people) -> list[str]:
    found = {p.id: p.status for p in checkups.list_people(db, campaign_id)}
    return [found[p.id] for p in people]


def test_a_receipt_is_previewed_and_written_only_when_confirmed(receipt, qtbot, modal, messages):
    tab, campaign_id, people = receipt
    db = tab.db

    def look(dialog: ReceiptPreviewDialog):
        assert [dialog.tabs.tabText(i) for i in range(2)] == ["将更新 3", "有问题 1"]
        assert dialog.tabs.currentIndex() == 1  # the problems first
        refused = dialog.tabs.widget(1).model()
        assert [refused.index(0, c).data() for c in range(2)] == ["5", "查无此人"]  # the worksheet's own row
        rows = dialog.tabs.widget(0).model()
        assert [rows.index(2, c).data() for c in range(5)] == ["4", people[2].name, "未参加", "", "出差"]
        assert not dialog.ok.isEnabled()  # refused rows: only when told to skip them
        assert statuses(db, campaign_id, people) == ["pending"] * 3  # nothing written yet

    modal.run(ReceiptPreviewDialog, look, tab.actions.import_action.trigger)
    assert statuses(db, campaign_id, people) == ["pending"] * 3  # cancelled: still nothing

    def confirm(dialog: ReceiptPreviewDialog):
        dialog.skip.setChecked(True)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    modal.run(ReceiptPreviewDialog, confirm, tab.actions.import_action.trigger)
    qtbot.waitUntil(lambda: bool(messages.texts("information")))
    assert messages.texts("information") == ["已更新 3 人，无变化 0 人，跳过有问题的 1 行。"]
    assert statuses(db, campaign_id, people) == ["done", "done", "absent"]
    cost = sum(e.amount_fen for e in ledger.list_entries(db, LedgerFilter(year=YEAR, source="checkup")))
    assert cost == 2 * COST_FEN
    assert tab.campaign.attended == 2 and tab.coverage.attended.text() == "2"  # the tab shows it at once
