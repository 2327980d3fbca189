"""The base of every data table: frozen rows shown through a list of columns (each with a
`header` and a `sort` key), filtered by the subclass, sorted here. Sorting keeps the
selection on the same records, since a selection is a set of persistent row indexes.
`rows_loaded` tells a new set of rows from a filtered view of the same rows: the table
fits its column widths on the first only, so typing in a search box stays fast."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal


class SortedRowsModel(QAbstractTableModel):
    columns: list = []  # objects with .header, .sort(row), .text and .width
    rows_loaded = Signal()  # shown rows from a new set of rows (not a new filter)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list = []
        self._shown: list = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._loaded: list | None = None  # the set of rows rows_loaded was last sent for

    # -- rows in
    def _show(self, rows: list) -> None:
        """Replace the shown rows (already filtered), keeping the user's sort."""
        self.beginResetModel()
        self._shown = rows
        if self._sort is not None:
            self._sort_shown(*self._sort)
        self.endResetModel()
        if self._all is not self._loaded:
            self._loaded = self._all
            self.rows_loaded.emit()

    # -- rows out
    @property
    def total_count(self) -> int:
        return len(self._all)

    @property
    def all_rows(self) -> list:
        return self._all

    @property
    def shown_rows(self) -> list:
        return self._shown

    def row_at(self, row: int):
        return self._shown[row]

    def row_of(self, row_id: int) -> int | None:
        return next((i for i, r in enumerate(self._shown) if r.id == row_id), None)

    def cell_text(self, row, column: int) -> str:
        """The text data() shows for `row` in `column`, read without a model index (the
        column widths are measured over many rows). Columns whose text takes more than
        the row override this."""
        return self.columns[column].text(row)

    # -- Qt model API
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._shown[i.row()].id for i in persistent]
        self._sort = (column, order)
        self._sort_shown(column, order)
        rows = {r.id: n for n, r in enumerate(self._shown)}
        self.changePersistentIndexList(persistent, [self.index(rows[r], i.column()) for r, i in zip(ids, persistent)])
        self.layoutChanged.emit()

    def _sort_shown(self, column: int, order: Qt.SortOrder) -> None:
        # a stable sort: equal keys keep the service's order
        self._shown.sort(key=self.columns[column].sort, reverse=order == Qt.SortOrder.DescendingOrder)


def record_table(model: SortedRowsModel, multi_select: bool = False):
    """The read-only, sortable, row-selecting table every data tab shows, with each
    column at its default width, widened to its content whenever new rows load, until
    the user resizes it; a cut-off cell's tooltip shows its whole text."""
    from PySide6.QtWidgets import QAbstractItemView, QTableView

    from unionapp.ui.widgets.column_fit import ColumnFit, FullTextTips

    table = QTableView()
    table.setModel(model)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi_select
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    fit = ColumnFit(table, [spec.width for spec in model.columns])
    model.rows_loaded.connect(fit.fit)
    table.setItemDelegate(FullTextTips(table))
    table.column_fit = fit  # for a view that reloads in place (and for tests)
    return table
