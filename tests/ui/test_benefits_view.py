"""The 福利明细 page: what each member received in the year (五必访, handouts, prizes),
added up as the service's lines add up, a search that filters in memory without SQL on
the GUI thread, one member's lines, and the summary by kind and by group."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QThreadPool

from unionapp.domain.money import format_fen
from unionapp.services import benefits
from unionapp.ui.activities.benefits_view import BenefitsPage

from .helpers import retype, type_text
from .test_typing_queries import gui_thread_statements

YEAR = date.today().year


@pytest.fixture
def page(demo_db, qtbot):
    page = BenefitsPage(demo_db)
    qtbot.addWidget(page)
    page.resize(1280, 700)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: not page.loading)
    return page


def test_each_members_totals_are_the_services(page):
    lines = benefits.benefits(page.db, YEAR)
    assert lines  # the demo's year has visits, handouts and prizes
    expected: dict[int, dict[str, int]] = {}
    for r in lines:
        sums = expected.setdefault(r.member_id, {"visit": 0, "handout": 0, "prize": 0, "money": 0, "goods": 0})
        sums[r.source] += r.money_fen + r.goods_fen
        sums["money"] += r.money_fen
        sums["goods"] += r.goods_fen
    shown = {p.id: p for p in page.model.all_rows}
    assert set(shown) == set(expected)
    for member_id, sums in expected.items():
        p = shown[member_id]
        assert (p.visit_fen, p.handout_fen, p.prize_fen, p.money_fen, p.goods_fen) == (
            sums["visit"],
            sums["handout"],
            sums["prize"],
            sums["money"],
            sums["goods"],
        )
        assert p.total_fen == sums["money"] + sums["goods"]
    assert sum(p.visit_fen for p in shown.values()) > 0
    assert sum(p.prize_fen for p in shown.values()) > 0


def test_the_summary_is_the_services(page):
    by_kind, by_group = benefits.benefit_summary(page.db, YEAR)
    for model, lines in ((page.kind_model, by_kind), (page.group_model, by_group)):
        shown = [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]
        assert [row[0] for row in shown] == [s.label for s in lines]
        assert [row[1] for row in shown] == [str(s.people) for s in lines]
        assert [row[4] for row in shown] == [format_fen(s.total_fen) for s in lines]
    total = by_kind[-1]
    assert f"共 {total.people} 人受惠，合计 {format_fen(total.total_fen)} 元" in page.totals.text()


def test_a_members_lines_and_a_search_without_sql(page, qtbot):
    QThreadPool.globalInstance().waitForDone()
    sample = max(page.model.all_rows, key=lambda p: p.total_fen)
    initials = page.data.keys[sample.id].split("|")[2]
    with gui_thread_statements(page.db) as seen:
        type_text(qtbot, page.search, initials)
        qtbot.waitUntil(lambda: page.model.rowCount() < page.model.total_count)
        assert sample.id in {p.id for p in page.model.shown_rows}
        retype(qtbot, page.search, sample.name)
        qtbot.waitUntil(lambda: all(sample.name in p.name for p in page.model.shown_rows))
        page.table.selectRow(page.model.row_of(sample.id))
    assert seen == []
    mine = benefits.benefits(page.db, YEAR, sample.id)
    assert page.lines_model.rowCount() == len(mine)
    assert [page.lines_model.index(r, 3).data() for r in range(len(mine))] == [r.what for r in mine]
    assert f"合计 {format_fen(sample.total_fen)} 元" in page.lines_title.text()


def test_the_year_summary_prints_from_the_same_lines(page):
    report = page.report_builder("benefits")(False)
    assert str(YEAR) in report.title
    assert page.report_file_stem("benefits") == f"{YEAR}年福利发放汇总表"


def test_a_handout_withdrawn_on_the_next_page_is_gone_from_the_summary_when_shown_again(window, modal, qtbot):
    from PySide6.QtCore import Qt

    from unionapp.services import handouts
    from unionapp.ui.widgets.reason_dialog import ReasonDialog

    tab = window.area_tab("activities")
    window.tabs.setCurrentWidget(tab)
    tab.pages.setCurrentIndex(2)
    page = tab.current
    qtbot.waitUntil(lambda: not page.loading)
    issued = next(h for h in handouts.list_handouts(window.db, YEAR) if h.status == "issued" and h.total_fen)
    before = page.data.by_kind[-1].total_fen

    tab.pages.setCurrentIndex(0)
    handouts_page = tab.current
    handouts_page.reload(issued.id)
    qtbot.waitUntil(lambda: handouts_page.handout is not None and handouts_page.handout.id == issued.id)

    def give_reason(dialog: ReasonDialog) -> None:
        type_text(qtbot, dialog.reason, "名单漏人")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(ReasonDialog, give_reason, handouts_page.withdraw_action.trigger)
    tab.pages.setCurrentIndex(2)
    qtbot.waitUntil(lambda: not page.loading and page.data.by_kind[-1].total_fen == before - issued.total_fen)
    assert page.data.by_kind[-1].total_fen == benefits.benefit_summary(window.db, YEAR)[0][-1].total_fen


def test_the_summaries_figures_are_right_aligned_like_figures():
    from PySide6.QtCore import Qt

    from unionapp.ui.widgets.common import PlainTableModel

    model = PlainTableModel(["项目", "人数", "合计（元）"], [["发放·三八慰问", "119", "17,850.00"]], numeric=(1, 2))
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert model.data(model.index(0, 2), Qt.ItemDataRole.TextAlignmentRole) == right
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) is None
