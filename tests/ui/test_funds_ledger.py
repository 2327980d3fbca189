"""The 经费 tab's ledger: adding an entry through the dialog, amounts refused as typed,
the over-budget question, 红字冲销, the filters, and a closed year."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from unionapp.domain.money import format_fen
from unionapp.services import budget, ledger
from unionapp.services import settings as settings_service
from unionapp.services.ledger import EntryInput, LedgerFilter
from unionapp.ui.funds.entry_dialog import EntryDialog
from unionapp.ui.funds.ledger_model import RED, STATUS_COLUMN
from unionapp.ui.widgets.forms import ERROR_STYLE
from unionapp.ui.widgets.reason_dialog import ReasonDialog

from .conftest import visible_windows
from .helpers import choose, choose_data, retype, type_text, wait_loaded

YEAR = date.today().year


def category(db, code: str):
    return next(c for c in ledger.list_categories(db) if c.code == code)


def year_entries(db, **kwargs):
    return ledger.list_entries(db, LedgerFilter(year=YEAR, **kwargs))


def shown_ids(tab) -> list[int]:
    model = tab.ledger_view.model
    return [model.row_at(r).id for r in range(model.rowCount())]


def click_entry(qtbot, tab, entry_id: int) -> None:
    view = tab.ledger_view
    row = view.model.row_of_entry(entry_id)
    assert row is not None, f"entry {entry_id} not shown"
    index = view.model.index(row, 0)
    view.table.scrollTo(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(index).center())
    assert view.selected_entry().id == entry_id


def press_ctrl_n(qtbot, window, widget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(widget, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)


def save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_tab_shows_this_years_ledger_with_totals(window, funds):
    entries = year_entries(window.db)
    assert funds.data.year == YEAR
    assert sorted(shown_ids(funds)) == sorted(e.id for e in entries)
    assert window.count_label.text() == f"{YEAR} 年收支明细账：共 {len(entries)} 笔"
    income, expense = sum(e.income_fen for e in entries), sum(e.expense_fen for e in entries)
    summary = ledger.year_summary(window.db, YEAR)
    footer = funds.ledger_view.footer.text()
    for figure in (income, expense, summary.balance_fen):
        assert format_fen(figure) in footer
    assert entries[-1].balance_fen == summary.balance_fen
    # The running balance comes from the service, row by row.
    model = funds.ledger_view.model
    assert [model.index(r, 6).data() for r in range(3)] == [format_fen(e.balance_fen) for e in entries[:3]]


def test_add_entry_through_the_dialog(window, funds, qtbot, modal):
    db = window.db
    settings_service.save(db, replace(settings_service.load(db), operator="刘芳"))
    interest = category(db, "other_income")
    before = {e.id for e in year_entries(db)}

    def fill(dialog: EntryDialog):
        assert dialog.date_edit.text() == date.today().isoformat()
        assert (dialog.handler.text(), dialog.approver.text()) == ("刘芳", "王建国")  # operator, chair
        choose_data(qtbot, dialog.category, interest.id)
        assert dialog.category.currentText() == "其他收入"
        type_text(qtbot, dialog.amount, "1,234.50")
        type_text(qtbot, dialog.summary, "银行存款利息")
        retype(qtbot, dialog.approver, "张主席")
        assert dialog.shown_problems() == ""
        save(qtbot, dialog)
        assert not dialog.isVisible()

    modal.run(EntryDialog, fill, lambda: press_ctrl_n(qtbot, window, funds.ledger_view.table))
    wait_loaded(qtbot, funds)
    new = [e for e in year_entries(db) if e.id not in before]
    assert len(new) == 1
    entry = new[0]
    assert (entry.amount_fen, entry.direction, entry.category_id) == (123450, "income", interest.id)
    assert (entry.summary, entry.handler, entry.approver) == ("银行存款利息", "刘芳", "张主席")
    assert funds.ledger_view.selected_entry().id == entry.id
    assert entry.id in shown_ids(funds)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("0", "金额必须大于 0"),
        ("-5", "金额必须大于 0"),
        ("1.234", "最多只能有两位小数"),
        ("1.2.3", "不是有效的金额"),
    ],
)
def test_bad_amounts_are_refused_as_typed(window, funds, qtbot, modal, typed, message):
    before = len(year_entries(window.db))

    def fill(dialog: EntryDialog):
        choose_data(qtbot, dialog.category, category(window.db, "other_income").id)
        type_text(qtbot, dialog.summary, "测试")
        type_text(qtbot, dialog.amount, typed)
        assert dialog.amount.styleSheet() == ERROR_STYLE
        assert message in dialog.shown_problems()
        save(qtbot, dialog)
        assert dialog.isVisible()
        # Full-width digits, as a Chinese input method types them, are fine.
        retype(qtbot, dialog.amount, "１２３")
        assert dialog.amount.styleSheet() == ""
        assert dialog.shown_problems() == ""
        assert dialog.read({}).amount_fen == 12300

    modal.run(EntryDialog, fill, window.commands["new"].trigger)
    assert len(year_entries(window.db)) == before


def test_untouched_form_says_what_is_missing_on_save(window, funds, qtbot, modal):
    def fill(dialog: EntryDialog):
        assert dialog.shown_problems() == ""  # nothing is red before the user has typed
        save(qtbot, dialog)
        assert dialog.isVisible()
        for sentence in ("请选择科目", "金额不能为空", "摘要不能为空"):
            assert sentence in dialog.shown_problems()
        retype(qtbot, dialog.date_edit, f"{YEAR + 1}-01-01")
        assert "日期不能晚于今天" in dialog.shown_problems()

    modal.run(EntryDialog, fill, window.commands["new"].trigger)


@pytest.mark.parametrize("answer", [False, True])
def test_over_budget_payment_is_asked_about(window, funds, qtbot, modal, messages, answer):
    db = window.db
    sports = category(db, "sports")
    spent = sum(e.amount_fen for e in year_entries(db, category_id=sports.id))
    budget.set_budget(db, YEAR, {**budget.get_budget(db, YEAR), sports.id: spent + 10_000})
    expected = ledger.overdraw_warning(db, EntryInput(date.today(), sports.id, 20_000, "x"))
    assert expected and "超出预算 100.00 元" in expected
    before = len(year_entries(db))
    messages.confirm_answer = answer

    def fill(dialog: EntryDialog):
        choose_data(qtbot, dialog.category, sports.id)
        type_text(qtbot, dialog.amount, "200")
        type_text(qtbot, dialog.summary, "拔河比赛奖品")
        save(qtbot, dialog)
        assert messages.confirmations == [expected]
        assert dialog.isVisible() is not answer  # "no" keeps the form open to change the amount

    modal.run(EntryDialog, fill, window.commands["new"].trigger)
    wait_loaded(qtbot, funds)
    assert len(year_entries(db)) == before + answer


def _reversible(db):
    return next(
        e
        for e in year_entries(db, source="manual", direction="expense")
        if e.reversal_of_id is None and e.reversed_by_id is None
    )


def test_reversal_with_a_reason_adds_a_red_entry(window, funds, qtbot, modal):
    db = window.db
    target = _reversible(db)
    click_entry(qtbot, funds, target.id)
    command = window.commands["delete"]
    assert command.text() == "红字冲销…" and command.isEnabled()

    def fill(dialog: ReasonDialog):
        save(qtbot, dialog)
        assert dialog.isVisible() and "请写明原因" in dialog.shown_problems()
        type_text(qtbot, dialog.reason, "金额录错")
        save(qtbot, dialog)
        assert not dialog.isVisible()

    modal.run(ReasonDialog, fill, command.trigger)
    wait_loaded(qtbot, funds)
    red = next(e for e in year_entries(db) if e.reversal_of_id == target.id)
    assert (red.amount_fen, red.category_id, red.reversal_reason) == (
        -target.amount_fen,
        target.category_id,
        "金额录错",
    )
    model = funds.ledger_view.model
    assert funds.ledger_view.selected_entry().id == red.id
    red_row, original_row = model.row_of_entry(red.id), model.row_of_entry(target.id)
    assert model.index(red_row, STATUS_COLUMN).data() == f"冲销 {target.voucher}"
    assert model.index(red_row, 0).data(Qt.ItemDataRole.ForegroundRole) == RED
    assert model.index(red_row, 5).data() == "-" + model.index(original_row, 5).data()
    assert model.index(original_row, STATUS_COLUMN).data() == "已冲销"
    assert model.index(original_row, STATUS_COLUMN).data(Qt.ItemDataRole.ForegroundRole) == RED
    assert model.index(original_row, 0).data(Qt.ItemDataRole.ForegroundRole) is None


def test_a_reversal_cannot_be_reversed(window, funds, qtbot, messages):
    db = window.db
    target = _reversible(db)
    red_id = ledger.reverse_entry(db, target.id, "重复记账")
    window.commands["refresh"].trigger()
    wait_loaded(qtbot, funds)
    before = len(year_entries(db))
    for entry_id in (red_id, target.id):
        click_entry(qtbot, funds, entry_id)
        window.commands["delete"].trigger()
        assert not visible_windows(ReasonDialog)
    assert len(messages.texts("information")) == 2
    assert all("不能再冲销" in text for text in messages.texts("information"))
    assert len(year_entries(db)) == before


def test_the_services_refusal_is_shown_when_the_table_is_stale(window, funds, qtbot, modal):
    db = window.db
    target = _reversible(db)
    click_entry(qtbot, funds, target.id)
    ledger.reverse_entry(db, target.id, "另一台电脑上已冲销")  # the table has not been refreshed

    def fill(dialog: ReasonDialog):
        type_text(qtbot, dialog.reason, "金额录错")
        save(qtbot, dialog)
        assert dialog.isVisible()
        assert dialog.shown_problems() == f"凭证 {target.voucher} 已经冲销过了。"

    modal.run(ReasonDialog, fill, window.commands["delete"].trigger)


def _check(qtbot, window, funds, **kwargs) -> list[int]:
    expected = [e.id for e in year_entries(window.db, **kwargs)]
    assert 0 < len(expected) < funds.ledger_view.model.total_count, kwargs
    qtbot.waitUntil(lambda: sorted(shown_ids(funds)) == sorted(expected))
    assert funds.ledger_view.current_filter() == LedgerFilter(year=YEAR, **kwargs)
    total = funds.ledger_view.model.total_count
    assert window.count_label.text() == f"{YEAR} 年收支明细账：显示 {len(expected)} 笔 / 共 {total} 笔"
    return expected


def test_filters_agree_with_the_service(window, funds, qtbot):
    view, db = funds.ledger_view, window.db
    month = year_entries(db)[0].entry_date.month
    choose(qtbot, view.month_filter, f"{month} 月")
    _check(qtbot, window, funds, month=month)
    choose(qtbot, view.month_filter, "全年")
    activity = category(db, "activity")
    choose_data(qtbot, view.category_filter, activity.id)
    shown = _check(qtbot, window, funds, category_id=activity.id)
    # A first-level category includes its children.
    assert {view.model.row_at(r).category_id for r in range(len(shown))} - {activity.id}
    choose_data(qtbot, view.category_filter, None)
    choose(qtbot, view.direction_filter, "收入")
    _check(qtbot, window, funds, direction="income")
    choose(qtbot, view.source_filter, "会费")
    _check(qtbot, window, funds, direction="income", source="dues")
    choose(qtbot, view.direction_filter, "收入和支出")
    choose(qtbot, view.source_filter, "全部来源")
    type_text(qtbot, view.search, "慰问")
    rows = _check(qtbot, window, funds, text="慰问")
    income, expense = view.model.totals()
    entries = [e for e in year_entries(db) if e.id in rows]
    assert (income, expense) == (sum(e.income_fen for e in entries), sum(e.expense_fen for e in entries))


def test_filtering_runs_in_memory(window, funds, qtbot, monkeypatch):
    """Only the year is read from the database; other filters never query it again."""

    def no_database(*_args, **_kwargs):
        raise AssertionError("filtering went to the database")

    monkeypatch.setattr(ledger, "list_entries", no_database)
    type_text(qtbot, funds.ledger_view.search, "会费")
    choose(qtbot, funds.ledger_view.month_filter, "1 月")
    qtbot.waitUntil(lambda: 0 < funds.ledger_view.model.rowCount() < funds.ledger_view.model.total_count)


def test_a_closed_year_is_read_only(window, funds, qtbot):
    db = window.db
    choose(qtbot, funds.year_box, f"{YEAR - 1} 年")
    qtbot.waitUntil(lambda: funds.data.year == YEAR - 1)
    wait_loaded(qtbot, funds)
    assert funds.banner.isVisible() and funds.banner.text().startswith(f"{YEAR - 1} 年已结账")
    entries = ledger.list_entries(db, LedgerFilter(year=YEAR - 1))
    assert sorted(shown_ids(funds)) == sorted(e.id for e in entries)
    click_entry(qtbot, funds, entries[-1].id)
    assert window.commands["edit"].isEnabled()  # 查看凭证 still works
    for key in ("new", "delete"):
        assert not window.commands[key].isEnabled(), key
    for action in (
        funds.dues_view.post_action,
        funds.dues_view.allocation_action,
        funds.close_action,
        funds.opening_action,
    ):
        assert not action.isEnabled(), action.text()
    model = funds.budget_view.model
    leaf = next(n for n, r in enumerate(model.rows) if r.editable)
    assert not model.flags(model.index(leaf, 1)) & Qt.ItemFlag.ItemIsEditable
    # Back in the open year everything can be edited again.
    choose(qtbot, funds.year_box, f"{YEAR} 年")
    qtbot.waitUntil(lambda: funds.data.year == YEAR)
    wait_loaded(qtbot, funds)
    assert not funds.banner.isVisible()
    assert window.commands["new"].isEnabled()
