"""Data tables fit their columns to what they show: a column whose text is wider than its
default width grows when rows load, a width the user set or QSettings restored is kept,
free text stays capped (its tooltip shows it whole), and typing a filter never re-measures."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics, QHelpEvent
from PySide6.QtWidgets import QStyleOptionViewItem, QToolTip

from unionapp.services.visits import VisitRow
from unionapp.ui.visits.model import COLUMNS, VisitTableModel
from unionapp.ui.widgets import column_fit
from unionapp.ui.widgets.row_model import record_table

NAME, VISITORS, APPROVAL_NO, REASON = 1, 5, 9, 4
APPROVAL = "校工会慰〔2026〕第0123号"
VISITORS_TEXT = "王建国、李秀英、张志强"


def visit(n: int, reason: str = "住院", approval_no: str = APPROVAL, visitors: str = VISITORS_TEXT) -> VisitRow:
    return VisitRow(
        n, n, f"张{n}", "高中组", 1, "生病住院", date(2026, 3, 1), "done", reason, visitors,
        50000, "", 0, "李主席", approval_no, False, "", "", "", 1,
    )  # fmt: skip


def table_with(rows: list[VisitRow]):
    model = VisitTableModel()
    table = record_table(model)
    model.set_rows(rows)
    return model, table


def text_needs(table, text: str) -> int:
    return QFontMetrics(table.font()).horizontalAdvance(text) + column_fit.cell_margin(table)


def test_a_column_wider_than_its_default_grows_to_its_text(qapp):
    model, table = table_with([visit(1), visit(2)])
    for column, text in ((VISITORS, VISITORS_TEXT), (APPROVAL_NO, APPROVAL)):
        assert text_needs(table, text) > COLUMNS[column].width  # the test means something
        assert table.columnWidth(column) >= text_needs(table, text)
    assert table.columnWidth(NAME) == COLUMNS[NAME].width  # short names: the default stays


def test_the_longest_text_beyond_the_sample_is_measured_too(qapp):
    rows = [visit(n, approval_no="工慰1号") for n in range(column_fit.SAMPLE_ROWS + 50)]
    rows.append(visit(999, approval_no="工慰〔2026〕第一二三四五号"))
    _model, table = table_with(rows)
    assert table.columnWidth(APPROVAL_NO) >= text_needs(table, "工慰〔2026〕第一二三四五号")


def test_a_width_the_user_set_is_kept_when_rows_load_again(qapp):
    model, table = table_with([visit(1)])
    table.setColumnWidth(VISITORS, 70)  # the user drags it narrower
    model.set_rows([visit(2), visit(3)])
    assert table.columnWidth(VISITORS) == 70
    assert table.columnWidth(APPROVAL_NO) >= text_needs(table, APPROVAL)


def test_a_restored_width_is_kept(qapp):
    from PySide6.QtCore import QSettings

    _model, first = table_with([visit(1)])
    first.setColumnWidth(APPROVAL_NO, 100)
    # Saved before the user's columns were kept beside the state: a width other than the
    # default is taken as the user's.
    QSettings().setValue("test/header", first.horizontalHeader().saveState())
    model = VisitTableModel()
    table = record_table(model)
    column_fit.restore_header(QSettings(), "test/header", table)  # before the rows arrive
    model.set_rows([visit(1)])
    assert table.columnWidth(APPROVAL_NO) == 100
    assert table.columnWidth(VISITORS) >= text_needs(table, VISITORS_TEXT)


def test_fitted_widths_saved_at_close_still_fit_new_content_next_start(qapp):
    from PySide6.QtCore import QSettings

    _model, first = table_with([visit(1)])
    first.setColumnWidth(NAME, 140)  # the user widens 姓名 by hand
    column_fit.save_header(QSettings(), "test/header", first)  # the window closes
    longer = "校工会慰〔2027〕第四五六七八九十号"
    model = VisitTableModel()
    table = record_table(model)
    column_fit.restore_header(QSettings(), "test/header", table)  # the next start
    model.set_rows([visit(1, approval_no=longer)])
    assert table.columnWidth(NAME) == 140
    assert table.columnWidth(APPROVAL_NO) >= text_needs(table, longer) > first.columnWidth(APPROVAL_NO)


def test_free_text_is_capped_and_its_tooltip_shows_it_whole(qapp):
    long_reason = "因病住院治疗，家属陪护，工会小组长反映家庭经济困难，申请慰问" * 3
    model, table = table_with([visit(1, reason=long_reason)])
    assert table.columnWidth(REASON) <= max(COLUMNS[REASON].width, column_fit.FREE_TEXT_CAP)
    option = QStyleOptionViewItem()
    option.font = table.font()
    option.rect = QRect(0, 0, table.columnWidth(REASON), 24)
    shown = []
    original = QToolTip.showText
    QToolTip.showText = staticmethod(lambda _pos, text, *_a: shown.append(text))
    try:
        event = QHelpEvent(QHelpEvent.Type.ToolTip, QPoint(5, 5), QPoint(5, 5))
        assert table.itemDelegate().helpEvent(event, table, option, model.index(0, REASON))
    finally:
        QToolTip.showText = original
    assert shown == [long_reason]


def test_filtering_never_measures_again(qapp, monkeypatch):
    model, table = table_with([visit(n) for n in range(50)])
    calls = []
    monkeypatch.setattr(table.column_fit, "fit", lambda: calls.append(1))
    model.set_text("张1", {})
    model.set_text("", {})
    assert calls == []


def test_ten_thousand_rows_are_measured_on_a_bounded_sample(qapp, monkeypatch):
    """Each column's widths are measured on at most the first rows and the longest, never
    on every row: the cost of a load does not grow with the roster (no timing asserted)."""
    measured = []
    real = column_fit.text_width
    monkeypatch.setattr(column_fit, "text_width", lambda metrics, text: measured.append(text) or real(metrics, text))
    rows = [visit(n, reason="住院" * (n % 7)) for n in range(10_000)]
    model = VisitTableModel()
    table = record_table(model)
    model.set_rows(rows)
    fitted = sum(1 for c in COLUMNS if c.width is not None)
    assert 0 < len(measured) <= fitted * (column_fit.SAMPLE_ROWS + 1)
    assert table.columnWidth(APPROVAL_NO) >= text_needs(table, APPROVAL)


def test_a_uniform_column_is_read_on_the_first_rows_only(qapp):
    """Members' dates, ID numbers and two-character labels are as wide in every row: their
    texts are not made for all ten thousand rows looking for a longest one."""
    from unionapp.ui.members.model import COLUMNS as MEMBER_COLUMNS
    from unionapp.ui.members.model import MemberTableModel

    model = MemberTableModel()
    calls = []
    model.columns = list(MEMBER_COLUMNS)
    model.cell_text = lambda row, column: calls.append(column) or ""
    model._shown = list(range(column_fit.SAMPLE_ROWS * 3))
    uniform = [i for i, c in enumerate(MEMBER_COLUMNS) if c.uniform]
    assert {"birth_date", "id_number", "gender"} <= {MEMBER_COLUMNS[i].key for i in uniform}
    for column in uniform:
        calls.clear()
        column_fit.column_texts(model, column)
        assert len(calls) == column_fit.SAMPLE_ROWS
    name = next(i for i, c in enumerate(MEMBER_COLUMNS) if c.key == "name")
    calls.clear()
    column_fit.column_texts(model, name)
    assert len(calls) == column_fit.SAMPLE_ROWS * 3  # a name may be longest far down
