"""Column widths that fit what the columns show, and the full text of a cut-off cell.

A table starts with each column at its default width. When a new set of rows arrives
(a load, not a filter keystroke) every column the user has not resized is widened to what
its text needs, measured with the table's font, so names, approval numbers, dates and
amounts show whole at any font size or screen scaling. A width the user dragged, or that
QSettings restored, differs from the last width set here and is left alone. Free-text
columns (摘要, 事由, 备注) grow only a little: their long lines elide, and the tooltip
shows the whole text.

Measuring is bounded: the first SAMPLE_ROWS rows plus, per column, the row with the most
characters, so ten thousand rows cost one cheap pass of string lengths.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QTableView, QToolTip

SAMPLE_ROWS = 200
FREE_TEXT_HEADERS = frozenset({"摘要", "事由", "备注", "说明"})
FREE_TEXT_CAP = 240  # px: wider free text elides; its tooltip shows it whole
WIDTH_CAP = 420  # px: no column of one line needs more; a longer value elides with a tooltip


def _display(model: QAbstractItemModel, row: int, column: int) -> str:
    value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
    return "" if value is None else str(value)


def column_texts(model: QAbstractItemModel, column: int) -> list[str]:
    """The texts to measure: the first SAMPLE_ROWS rows and the longest by characters.
    A SortedRowsModel gives its texts straight from its rows (no index per cell)."""
    cell_text = getattr(model, "cell_text", None)
    if cell_text is not None:
        texts = [cell_text(row, column) for row in model.shown_rows]
    else:
        texts = [_display(model, row, column) for row in range(model.rowCount())]
    head = texts[:SAMPLE_ROWS]
    if len(texts) > SAMPLE_ROWS:
        head.append(max(texts, key=len))
    return head


def text_width(metrics: QFontMetrics, text: str) -> int:
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def cell_margin(view: QTableView) -> int:
    """What a cell adds around its text: the delegate's margin on both sides and the grid."""
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return 2 * margin + 3


def header_width(view: QTableView, column: int) -> int:
    header = view.horizontalHeader()
    text = str(view.model().headerData(column, Qt.Orientation.Horizontal) or "")
    style = header.style()
    margins = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
    return text_width(header.fontMetrics(), text) + margins + arrow + 4


class ColumnFit(QObject):
    """Owns a table's default column widths and widens them to fit each new set of rows.
    `widths[i]` None leaves column i to the table (a stretched column)."""

    def __init__(self, view: QTableView, widths: Sequence[int | None]):
        super().__init__(view)
        self.view = view
        self.defaults = list(widths)
        self.last_set: list[int | None] = list(widths)
        for column, width in enumerate(widths):
            if width is not None:
                view.setColumnWidth(column, width)

    def user_set(self, column: int) -> bool:
        """The user resized it (or QSettings restored it): it is no longer this fit's."""
        return self.view.columnWidth(column) != self.last_set[column]

    def needed(self, column: int) -> int:
        model = self.view.model()
        metrics = QFontMetrics(self.view.font())
        texts = set(column_texts(model, column))
        content = max((text_width(metrics, t) for t in texts), default=0) + cell_margin(self.view)
        header = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        cap = FREE_TEXT_CAP if header in FREE_TEXT_HEADERS else WIDTH_CAP
        return max(header_width(self.view, column), min(content, cap))

    def fit(self) -> None:
        for column, default in enumerate(self.defaults):
            if default is None or self.user_set(column):
                continue
            width = max(default, self.needed(column))
            self.view.setColumnWidth(column, width)
            self.last_set[column] = width


class FullTextTips(QStyledItemDelegate):
    """A cut-off cell's tooltip is its whole text (or the model's own tooltip when that
    already contains it); a cell shown whole keeps the model's tooltip, if any."""

    def helpEvent(self, event, view, option, index: QModelIndex) -> bool:  # noqa: N802 - Qt's name
        if event is None or event.type() != QEvent.Type.ToolTip or not index.isValid():
            return super().helpEvent(event, view, option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        own = index.data(Qt.ItemDataRole.ToolTipRole)
        width = text_width(QFontMetrics(option.font), text) + cell_margin(view)
        if text and width > option.rect.width() and not (own and text in str(own)):
            QToolTip.showText(event.globalPos(), text, view, option.rect)
            return True
        return super().helpEvent(event, view, option, index)


def fit_columns(view: QTableView, widths: Sequence[int | None]) -> ColumnFit:
    """Default widths that grow to the content on every model reset (tables without a
    search box: their resets are loads), with whole-text tooltips."""
    fit = ColumnFit(view, widths)
    view.model().modelReset.connect(fit.fit)
    view.setItemDelegate(FullTextTips(view))
    return fit
