"""导入往年账目 from the 经费 menu: a ledger workbook kept by someone else, with its own
headers and category names, imported after one round of choices in the preview; the
same file then needs no question."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from unionapp.importers.ledger import plan_ledger_import
from unionapp.services import ledger
from unionapp.services.ledger import LedgerFilter
from unionapp.ui.funds.ledger_import import LedgerPreviewDialog

from .helpers import choose_mapping, wait_loaded

YEAR = date.today().year
DAY = date(YEAR, 1, 1)  # never in the future, and in the demo's open year
WARMTH = "维权支出/送温暖费"


@pytest.fixture
def workbook(tmp_path, monkeypatch):
    """The previous treasurer's book: a title row, 收支类别 with her own names, and the
    amount in a column headed 金额（元） that the app does not know."""
    path = tmp_path / "工会收支明细（旧账）.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f"{YEAR}年工会经费收支明细"])
    sheet.merge_cells("A1:F1")
    sheet.append(["日期", "凭证号", "摘要", "收支类别", "金额（元）", "经手人"])
    sheet.append([DAY, "记-1", "春节送温暖慰问困难职工", "送温暖慰问", 12345.6, "李会计"])
    sheet.append([DAY, "记-2", "教工篮球赛", "文体活动", 820.5, "李会计"])
    sheet.append([DAY, "记-3", "慰问生病职工", "送温暖慰问", 500, "李会计"])
    book.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))
    return path


def tab_texts(dialog) -> list[str]:
    return [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]


def choose(combo, value) -> None:
    """As the user picks from the drop-down; the preview plans again."""
    choose_mapping(combo, value)


def test_a_foreign_ledger_imports_after_one_round_of_choices(funds, workbook, modal, qtbot, messages):
    db = funds.db
    before = len(ledger.list_entries(db, LedgerFilter(year=YEAR)))

    def preview(dialog: LedgerPreviewDialog):
        assert "工会收支明细（旧账）.xlsx" in dialog.windowTitle()
        assert tab_texts(dialog) == ["记账 0", "有问题 3", "值的对应（1 个待选择）", "列的对应（1 列未导入）"]
        assert dialog.tabs.currentIndex() == 2  # what needs the user first
        refused = dialog.tabs.widget(1).model()
        assert refused.headerData(1, Qt.Orientation.Horizontal) == "摘要"
        assert [refused.index(0, c).data() for c in range(2)] == ["3", "春节送温暖慰问困难职工"]
        values = dialog.values
        assert [values.table.item(0, c).text() for c in range(3)] == ["科目", "送温暖慰问", "2"]
        assert values.combos[0].itemText(1) == WARMTH  # the nearest first
        choose(values.combos[0], WARMTH)
        assert tab_texts(dialog)[:2] == ["记账 0", "有问题 3"]  # still no amount column
        assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "值的对应"  # the user stays where they were
        headers = [dialog.columns.table.item(r, 0).text() for r in range(dialog.columns.table.rowCount())]
        choose(dialog.columns.combos[headers.index("金额（元）")], "expense")
        assert tab_texts(dialog) == ["记账 3", "有问题 0", "值的对应", "列的对应"]
        rows = dialog.tabs.widget(0).model()
        assert [rows.index(0, c).data() for c in range(7)] == [
            "3",
            DAY.isoformat(),
            WARMTH,
            "[原凭证 记-1] 春节送温暖慰问困难职工",
            "",
            "12,345.60",
            "李会计",
        ]
        assert rows.index(1, 2).data() == "职工活动支出/文体活动支出"
        labels = "\n".join(label.text() for label in dialog.findChildren(QLabel))
        assert "记账 3 笔" in labels and "凭证按日期重新编号" in labels
        assert not dialog.skip.isVisible() and dialog.ok.isEnabled()
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    modal.run(LedgerPreviewDialog, preview, funds.import_action.trigger)
    qtbot.waitUntil(lambda: bool(messages.texts("information")))
    assert messages.texts("information") == ["导入完成：记账 3 笔，跳过 0 行。"]
    imported = ledger.list_entries(db, LedgerFilter(year=YEAR, source="import"))
    assert sorted((e.amount_fen, e.category_name) for e in imported) == [
        (50000, WARMTH),
        (82050, "职工活动支出/文体活动支出"),
        (1234560, WARMTH),
    ]
    wait_loaded(qtbot, funds)  # the tab reloaded the year
    assert len(funds.data.entries) == before + 3
    # Remembered: the same file plans with no question next time, in the window or not.
    again = plan_ledger_import(db, workbook)
    assert again.refused == [] and len(again.entries) == 3
    assert again.mapping.column("金额（元）") == "expense"


def test_an_opening_balance_has_its_own_tab(empty_books_db, tmp_path, qtbot):
    path = tmp_path / "账.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["日期", "摘要", "科目", "收入", "支出", "余额"])
    book.active.append([DAY, "上年结转", None, None, None, 23456.78])
    book.active.append([DAY, "收会费", "会费", 300, None, None])
    book.save(path)
    dialog = LedgerPreviewDialog(plan_ledger_import(empty_books_db, path))
    qtbot.addWidget(dialog)
    assert tab_texts(dialog) == ["记账 1", "期初余额 1", "有问题 0"]
    opening = dialog.tabs.widget(1).model()
    assert [opening.index(0, c).data() for c in range(3)] == ["2", f"{YEAR} 年", "23,456.78"]
    entries = dialog.tabs.widget(0).model()
    assert [entries.index(0, c).data() for c in (4, 5)] == ["300.00", ""]


def test_import_needs_a_writable_database(read_only_db, open_window):
    window = open_window(read_only_db)
    assert not window.funds_tab.import_action.isEnabled()
    assert window.funds_tab.import_action in window.funds_tab.area_menu.actions()
