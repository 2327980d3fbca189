"""导入登记表 from the 五必访 menu: a visits register kept by someone else, with its own
headers and type names, imported after one round of choices in the preview; the same
file then needs no question, and its rows already stored are skipped."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from unionapp.importers import visits as importer
from unionapp.importers.errors import ImportRefused, RefusedRow
from unionapp.importers.visits import plan_visit_import
from unionapp.services import ledger, members, visits
from unionapp.services.ledger import LedgerFilter
from unionapp.services.visits import VisitFilter
from unionapp.ui.visits.register_import import VisitPreviewDialog

from .helpers import choose_mapping, wait_visits

DAY = date(date.today().year, 1, 1)  # never in the future, and in the demo's open year
BEREAVEMENT = "直系亲属去世"


def _three_members(db) -> list[str]:
    """Active members with a name of their own and no visit on DAY."""
    rows = members.list_members(db)
    names = [r.name for r in rows]
    busy = {v.member_id for v in visits.list_visits(db, VisitFilter()) if v.visit_date == DAY}
    found = [r.name for r in rows if r.status == "active" and names.count(r.name) == 1 and r.id not in busy]
    return found[:3]


@pytest.fixture
def register(demo_db, tmp_path, monkeypatch):
    """The old register: the type under 慰问名目 (a header the app does not know), one of
    them written 白事慰问 (a name no type has)."""
    names = _three_members(demo_db)
    path = tmp_path / "五必访登记（旧）.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "慰问日期", "慰问名目", "慰问金额（元）", "走访人", "备注"])
    sheet.append([1, names[0], DAY, "住院探望", 500, "王主席", None])
    sheet.append([2, names[1], DAY, "白事慰问", 800, "王主席", "父亲病逝"])
    sheet.append([3, names[2], DAY, "住院探望", 300, "王主席", None])
    book.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))
    return path, names


def tab_texts(dialog) -> list[str]:
    return [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]


def choose(combo, value) -> None:
    """As the user picks from the drop-down; the preview plans again."""
    choose_mapping(combo, value)


def labels(dialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def test_a_foreign_register_imports_after_one_round_of_choices(visits_tab, register, modal, qtbot, messages):
    path, names = register
    db = visits_tab.db
    changed = []
    visits_tab.ledger_changed.connect(lambda: changed.append(True))

    def preview(dialog: VisitPreviewDialog):
        assert "五必访登记（旧）.xlsx" in dialog.windowTitle()
        assert tab_texts(dialog) == ["新增 0", "有问题 3", "列的对应（1 列未导入）"]
        headers = [dialog.columns.table.item(r, 0).text() for r in range(dialog.columns.table.rowCount())]
        choose(dialog.columns.combos[headers.index("慰问名目")], "type")
        assert tab_texts(dialog) == ["新增 2", "有问题 1", "值的对应（1 个待选择）", "列的对应"]
        values = dialog.values
        assert [values.table.item(0, c).text() for c in range(3)] == ["走访类型", "白事慰问", "1"]
        choose(values.combos[0], BEREAVEMENT)
        assert tab_texts(dialog) == ["新增 3", "有问题 0", "值的对应", "列的对应"]
        rows = dialog.tabs.widget(0).model()
        assert [rows.index(1, c).data() for c in range(6)] == [
            "3",
            names[1],
            DAY.isoformat(),
            BEREAVEMENT,
            "800.00",
            "已访",
        ]
        assert "标准" in rows.index(0, 6).data()  # 500 for a hospital visit is outside the standard
        assert "导入的历史记录" in labels(dialog)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    modal.run(VisitPreviewDialog, preview, visits_tab.import_action.trigger)
    qtbot.waitUntil(lambda: bool(messages.texts("information")))
    assert messages.texts("information") == ["导入完成：新增走访记录 3 条，已有相同记录 0 条，跳过 0 行。"]
    stored = [v for v in visits.list_visits(db, VisitFilter()) if v.visit_date == DAY and v.member_name in names]
    assert sorted((v.member_name, v.type_name, v.money_fen) for v in stored) == sorted(
        [(names[0], "生病住院", 50000), (names[1], BEREAVEMENT, 80000), (names[2], "生病住院", 30000)]
    )
    posted = {e.source_id: e.amount_fen for e in ledger.list_entries(db, LedgerFilter(source="visit"))}
    assert [posted.get(v.id) for v in stored] == [v.money_fen for v in stored]  # the money is in the books
    assert changed  # the 经费 tab is told the ledger changed
    wait_visits(qtbot, visits_tab)

    # Remembered: the same file plans with no question, and its rows are already there.
    again = plan_visit_import(db, path)
    assert again.refused == [] and again.adds == [] and again.existing == [2, 3, 4]
    messages.shown.clear()

    def second(dialog: VisitPreviewDialog):
        assert tab_texts(dialog) == ["新增 0", "有问题 0", "列的对应"]
        assert "第 2、3、4 行与已有的走访记录相同，将跳过" in labels(dialog)
        assert not dialog.ok.isEnabled()  # nothing to write

    modal.run(VisitPreviewDialog, second, visits_tab.import_action.trigger)
    assert messages.shown == []


def test_a_row_refused_while_saving_is_shown_with_its_row(visits_tab, register, modal, qtbot, messages, monkeypatch):
    """The service may refuse a row only when saving (rows of the file together): nothing
    is written, and the message names the row as the command line does."""
    path, names = register

    def refuse(_db, _plan, skip_errors=False):
        raise ImportRefused([RefusedRow(3, names[1], ["本年慰问金已超过预算"])])

    monkeypatch.setattr(importer, "apply_visit_import", refuse)
    before = len(visits.list_visits(visits_tab.db, VisitFilter()))

    def map_and_accept(dialog: VisitPreviewDialog):
        headers = [dialog.columns.table.item(r, 0).text() for r in range(dialog.columns.table.rowCount())]
        choose(dialog.columns.combos[headers.index("慰问名目")], "type")
        dialog.skip.setChecked(True)  # the 白事慰问 row stays refused: import the others
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    modal.run(VisitPreviewDialog, map_and_accept, visits_tab.import_action.trigger)
    qtbot.waitUntil(lambda: bool(messages.shown))
    ((kind, title, text),) = messages.shown
    assert (kind, title) == ("warning", "导入没有完成")
    assert "整个文件没有导入" in text and f"第 3 行（{names[1]}）：本年慰问金已超过预算" in text
    assert len(visits.list_visits(visits_tab.db, VisitFilter())) == before


def test_import_needs_a_writable_database(read_only_db, open_window):
    window = open_window(read_only_db)
    assert not window.visits_tab.import_action.isEnabled()
    assert window.visits_tab.import_action in window.visits_tab.area_menu.actions()
