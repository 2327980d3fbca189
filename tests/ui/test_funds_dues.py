"""The 会费 view: posting a month with its preview and exemptions, undoing it, the rate
rule with missing base pay, and the 拨缴经费 dialog."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from sqlalchemy import update

from unionapp.db.models import Member
from unionapp.domain.money import format_fen, share_of
from unionapp.services import dues, ledger, members
from unionapp.services.ledger import LedgerFilter
from unionapp.ui.funds.dues_dialogs import AllocationDialog, DuesPostDialog, DuesRuleDialog
from unionapp.ui.widgets.forms import ERROR_STYLE
from unionapp.ui.widgets.reason_dialog import ReasonDialog

from .helpers import choose, retype, type_text, wait_loaded

YEAR = date.today().year


def payers(db):
    """Recomputed from the roster: active union members pay; retirees and others don't."""
    return [m for m in members.list_members(db) if m.status == "active" and m.is_union_member]


def open_dues(tab):
    tab.views.setCurrentWidget(tab.dues_view)
    return tab.dues_view


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def tick(qtbot, dialog: DuesPostDialog, member) -> None:
    """Find a member by name in the checklist and tick them with the space bar."""
    retype(qtbot, dialog.search, member.name)
    proxy = dialog.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) == member.id)
    dialog.list.setCurrentIndex(proxy.index(row, 0))
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
    assert member.id in dialog.exempt_ids()
    qtbot.waitUntil(lambda: f"免缴 {len(dialog.exempt_ids())} 人" in dialog.preview.text())


def test_post_a_month_with_exemptions(new_books, qtbot, modal):
    tab, db = new_books, new_books.db
    view = open_dues(tab)
    people = payers(db)
    assert 0 < len(people) < len(members.list_members(db))
    view.select_month(1)
    exempt = people[:2]
    count = len(people) - 2
    total = count * 1000  # 10 元 a head
    remit = share_of(total, 20)

    def fill(dialog: DuesPostDialog):
        assert dialog.month.currentData() == 1
        assert f"应缴 {len(people)} 人，免缴 0 人" in dialog.preview.text()
        for member in exempt:
            tick(qtbot, dialog, member)
        text = dialog.preview.text()
        assert f"应缴 {count} 人，免缴 2 人" in text
        assert f"会费合计 {format_fen(total)} 元，上缴上级工会 {format_fen(remit)} 元" in text
        assert f"本会留存 {format_fen(total - remit)} 元" in text
        assert dialog.missing.text() == ""
        click(qtbot, dialog.post_button)
        assert not dialog.isVisible()

    modal.run(DuesPostDialog, fill, view.post_action.trigger)
    wait_loaded(qtbot, tab)
    january = dues.dues_year(db, YEAR)[0]
    assert (january.posted, january.member_count, january.total_fen, january.remit_fen) == (True, count, total, remit)
    entries = ledger.list_entries(db, LedgerFilter(year=YEAR, source="dues"))
    assert sorted((e.direction, e.amount_fen) for e in entries) == [("expense", remit), ("income", total)]
    row = [view.model.index(0, c).data() for c in range(6)]
    assert row == ["1 月", "已记账", str(count), format_fen(total), format_fen(remit), format_fen(total - remit)]
    assert view.model.index(12, 3).data() == format_fen(total)  # 全年合计
    # The posted month is no longer offered.
    assert 1 not in view.open_months()


def test_undo_a_posted_month(new_books, qtbot, modal):
    tab, db = new_books, new_books.db
    dues.post_dues(db, YEAR, 1)
    tab.refresh()
    wait_loaded(qtbot, tab)
    view = open_dues(tab)
    view.select_month(1)
    assert view.undo_action.isEnabled()

    def fill(dialog: ReasonDialog):
        type_text(qtbot, dialog.reason, "人数有误")
        click(qtbot, dialog.save_button)
        assert not dialog.isVisible()

    modal.run(ReasonDialog, fill, view.undo_action.trigger)
    wait_loaded(qtbot, tab)
    assert not dues.dues_year(db, YEAR)[0].posted
    assert view.model.index(0, 1).data() == "未记账"
    entries = ledger.list_entries(db, LedgerFilter(year=YEAR, source="dues"))
    assert len(entries) == 4 and sum(e.amount_fen for e in entries) == 0  # both entries and their red reversals
    assert {e.reversal_reason for e in entries if e.reversal_of_id} == {"人数有误"}
    view.select_month(1)
    assert not view.undo_action.isEnabled()


def test_rate_rule_lists_members_without_base_pay(new_books, qtbot, modal):
    tab, db = new_books, new_books.db
    view = open_dues(tab)
    people = payers(db)
    missing = people[:2]
    with db.session() as s:
        s.execute(update(Member).values(base_pay_fen=520_000))
        s.execute(update(Member).where(Member.id.in_([m.id for m in missing])).values(base_pay_fen=None))

    def set_rule(dialog: DuesRuleDialog):
        choose(qtbot, dialog.mode, "按月基本工资的比例")
        assert not dialog.fixed.isEnabled() and dialog.rate.isEnabled()
        retype(qtbot, dialog.remit, "120")
        assert dialog.remit.styleSheet() == ERROR_STYLE and "上缴比例应在 0 到 100 之间" in dialog.shown_problems()
        retype(qtbot, dialog.remit, "20")
        retype(qtbot, dialog.rate, "5")
        assert dialog.shown_problems() == ""
        assert "按月基本工资的 0.5%" in dialog.summary.text()
        click(qtbot, dialog.save_button)
        assert not dialog.isVisible()

    modal.run(DuesRuleDialog, set_rule, view.rule_action.trigger)
    wait_loaded(qtbot, tab)
    assert dues.load_rule(db).mode == "rate" and dues.load_rule(db).rate_permille == Decimal("5")
    assert "按月基本工资的 0.5%" in view.rule_label.text()
    view.select_month(2)

    def post(dialog: DuesPostDialog):
        assert "2 位会员没有填写月基本工资" in dialog.missing.text()
        assert all(m.name in dialog.missing.text() for m in missing)
        click(qtbot, dialog.post_button)
        assert dialog.isVisible() and "没有填写月基本工资" in dialog.problems.text()  # the service refuses
        for member in missing:
            tick(qtbot, dialog, member)
        assert dialog.missing.text() == ""
        click(qtbot, dialog.post_button)
        assert not dialog.isVisible()

    modal.run(DuesPostDialog, post, view.post_action.trigger)
    wait_loaded(qtbot, tab)
    february = dues.dues_year(db, YEAR)[1]
    each = share_of(520_000, Decimal("0.5"))
    assert (february.member_count, february.total_fen) == (len(people) - 2, (len(people) - 2) * each)


def test_allocation_dialog_shows_the_shares_live(new_books, qtbot, modal):
    tab, db = new_books, new_books.db
    view = open_dues(tab)
    allocation, retained = dues.allocation_amounts(100_000_000, Decimal("60"))
    assert (allocation, retained) == (2_000_000, 1_200_000)

    def fill(dialog: AllocationDialog):
        retype(qtbot, dialog.period, f"{YEAR}年第1季度")
        type_text(qtbot, dialog.payroll, "1,000,000")
        text = dialog.figures.text()
        assert "拨缴经费（2%）：20,000.00 元" in text
        assert "本会留成（60%）：12,000.00 元" in text and "上解上级：8,000.00 元" in text
        retype(qtbot, dialog.payroll, "0")
        assert dialog.payroll.styleSheet() == ERROR_STYLE
        retype(qtbot, dialog.payroll, "1000000")
        click(qtbot, dialog.save_button)
        assert not dialog.isVisible()

    modal.run(AllocationDialog, fill, view.allocation_action.trigger)
    wait_loaded(qtbot, tab)
    entries = ledger.list_entries(db, LedgerFilter(year=YEAR, source="allocation"))
    assert [(e.amount_fen, e.direction) for e in entries] == [(retained, "income")]
    assert entries[0].summary.startswith(f"{YEAR}年第1季度拨缴经费")
    assert entries[0].id in {tab.ledger_view.model.row_at(r).id for r in range(tab.ledger_view.model.rowCount())}
