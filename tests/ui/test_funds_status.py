"""The status bar on the 经费 tab follows its page: the ledger's count stays on the ledger."""

from __future__ import annotations

from unionapp.domain.money import format_fen
from unionapp.services import budget, dues

from .helpers import wait_loaded


def test_each_funds_page_sets_its_own_status_text(window, funds, qtbot):
    year = funds.year
    assert window.count_label.text().startswith(f"{year} 年收支明细账：共 ")
    funds.views.setCurrentWidget(funds.budget_view)
    total = next(r for r in budget.execution(window.db, year) if r.level == 0 and r.direction == "expense")
    assert window.count_label.text() == (
        f"{year} 年预算：支出预算 {format_fen(total.budget_fen)} 元，"
        f"已支出 {format_fen(total.actual_fen)} 元（{total.percent}%）"
    )
    funds.views.setCurrentWidget(funds.dues_view)
    posted = [m for m in dues.dues_year(window.db, year) if m.posted]
    assert posted
    assert window.count_label.text() == (
        f"{year} 年会费：已记 {len(posted)} 个月，合计 {format_fen(sum(m.total_fen for m in posted))} 元"
    )
    funds.views.setCurrentWidget(funds.charts)
    assert window.count_label.text() == ""
    funds.refresh()  # a reload while the charts are shown leaves the status bar clear
    wait_loaded(qtbot, funds)
    assert window.count_label.text() == ""
    funds.views.setCurrentWidget(funds.ledger_view)
    assert "收支明细账" in window.count_label.text()


def test_a_year_without_budget_or_dues_says_so(new_books):
    funds = new_books
    window = funds.window()
    funds.views.setCurrentWidget(funds.budget_view)
    assert window.count_label.text() == f"{funds.year} 年预算：尚未编制支出预算"
    funds.views.setCurrentWidget(funds.dues_view)
    assert window.count_label.text() == f"{funds.year} 年会费：还没有记会费"
