"""Column widths that fit what the columns show, and the full text of a cut-off cell.

A table starts with each column at its default width. When a new set of rows arrives
(a load, not a filter keystroke) every column the user has not resized is widened to what
its text needs, measured with the table's font, so names, approval numbers, dates and
amounts show whole at any font size or screen scaling. A width the user dragged is left
alone, and stays the user's across starts: save_header/restore_header keep which columns
the user sized beside the header's state, so a fitted width restored from QSettings still
fits new content next time. Free-text
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
    A SortedRowsModel gives its texts straight from its rows (no index per cell); its
    column marked `uniform` (every value as wide as any) is measured on the first rows."""
    cell_text = getattr(model, "cell_text", None)
    if cell_text is None:
        texts = [_display(model, row, column) for row in range(model.rowCount())]
    elif getattr(model.columns[column], "uniform", False):
        return [cell_text(row, column) for row in model.shown_rows[:SAMPLE_ROWS]]
    else:
        texts = [cell_text(row, column) for row in model.shown_rows]
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
        self.user: set[int] = set()  # columns the user sized: never fitted again
        self._setting = True
        for column, width in enumerate(widths):
            if width is not None:
                view.setColumnWidth(column, width)
        self._setting = False
        view.horizontalHeader().sectionResized.connect(self._resized)

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if not self._setting:  # a drag, a double-click on the edge, or a restored state
            self.user.add(column)

    def user_set(self, column: int) -> bool:
        return column in self.user

    def restored(self, user_columns: Sequence[int] | None) -> None:
        """After the header's saved state is put back: only the columns the user had sized
        stay as restored; the others go back to this fit's widths. Settings saved before
        the list was kept count every column whose width differs from its default."""
        if user_columns is None:
            user_columns = [c for c, w in enumerate(self.last_set) if w is not None and self.view.columnWidth(c) != w]
        self.user = {c for c in user_columns if 0 <= c < len(self.defaults)}
        self._setting = True
        for column, width in enumerate(self.last_set):
            if width is not None and column not in self.user:
                self.view.setColumnWidth(column, width)
        self._setting = False

    def needed(self, column: int) -> int:
        model = self.view.model()
        metrics = QFontMetrics(self.view.font())
        texts = set(column_texts(model, column))
        content = max((text_width(metrics, t) for t in texts), default=0) + cell_margin(self.view)
        header = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        cap = FREE_TEXT_CAP if header in FREE_TEXT_HEADERS else WIDTH_CAP
        return max(header_width(self.view, column), min(content, cap))

    def fit(self) -> None:
        self._setting = True
        for column, default in enumerate(self.defaults):
            if default is None or self.user_set(column):
                continue
            width = max(default, self.needed(column))
            self.view.setColumnWidth(column, width)
            self.last_set[column] = width
        self._setting = False


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


def save_header(store, key: str, view: QTableView) -> None:
    """The header's state under `key`, and which columns the user sized under key + "_user"."""
    store.setValue(key, view.horizontalHeader().saveState())
    fit = view.findChild(ColumnFit)
    if fit is not None:
        store.setValue(f"{key}_user", ",".join(map(str, sorted(fit.user))))


def restore_header(store, key: str, view: QTableView) -> None:
    """Put back what save_header kept; columns the user did not size keep fitting content."""
    state = store.value(key)
    if state is None:
        return
    view.horizontalHeader().restoreState(state)
    fit = view.findChild(ColumnFit)
    if fit is not None:
        saved = store.value(f"{key}_user")
        fit.restored(None if saved is None else [int(c) for c in str(saved).split(",") if c.strip().isdigit()])
