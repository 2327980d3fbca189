"""走访类型与标准: the visit types with the standard in force, and each type's history of
standards (from a date, with its source document). A used type is retired, not deleted."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.domain.visits import MONEY_KIND_LABELS, REPEAT_LABELS, Standard
from unionapp.services import ledger, visits
from unionapp.services.visits import TypeRow
from unionapp.ui.visits.standard_forms import StandardDialog, TypeDialog
from unionapp.ui.widgets.common import PlainTableModel, confirm, guarded, list_table, side_buttons
from unionapp.ui.widgets.forms import NOTE_STYLE
from unionapp.ui.widgets.screen_fit import fit_window

TYPE_HEADERS = ["走访类型", "经费科目", "现行标准", "同义词", "状态", "已登记"]
STANDARD_HEADERS = ["执行日期", "依据文件", "方式", "金额（元）", "慰问品上限", "每人每年上限", "重复规则"]
INACTIVE = QColor("#999999")


def standard_cells(s: Standard) -> list[str]:
    if s.money_kind == "range":
        amount = f"{format_fen(s.amount_fen)}–{format_fen(s.max_fen)}"
    else:
        amount = format_fen(s.amount_fen, blank_zero=True)
    return [
        format_date(s.effective_from),
        s.source_doc or "本会默认标准",
        MONEY_KIND_LABELS[s.money_kind],
        amount,
        format_fen(s.gift_cap_fen, blank_zero=True),
        format_fen(s.yearly_cap_fen, blank_zero=True),
        REPEAT_LABELS.get(s.repeat, s.repeat),
    ]


class _TypesModel(PlainTableModel):
    """Retired types in grey."""

    def __init__(self, parent=None):
        super().__init__(TYPE_HEADERS, parent=parent)
        self.types: list[TypeRow] = []

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and not self.types[index.row()].active:
            return INACTIVE
        return super().data(index, role)


def _table(model, stretch_last: bool = True) -> QTableView:
    return list_table(model, stretch_last=stretch_last)


class TypesDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, read_only: bool = False):
        super().__init__(parent)
        self.db, self.read_only = db, read_only
        self.changed = False
        self.setWindowTitle("走访类型与标准")
        fit_window(self, QSize(1120, 620))
        self.categories = ledger.list_categories(db)
        self.types_model = _TypesModel(self)
        self.types_table = _table(self.types_model, stretch_last=False)
        for column, width in enumerate((140, 230, 280, 170, 60, 60)):
            self.types_table.setColumnWidth(column, width)
        self.types_table.doubleClicked.connect(lambda _i: not read_only and self.edit_type())
        self.standards_model = PlainTableModel(STANDARD_HEADERS, parent=self)
        self.standards_table = _table(self.standards_model)
        for column, width in enumerate((90, 190, 80, 120, 90, 100)):
            self.standards_table.setColumnWidth(column, width)
        self.history_label = QLabel("标准沿革")
        self.buttons: dict[str, QPushButton] = {}
        self._layout()
        self.reload()
        self.types_table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self._selected()

    def _layout(self) -> None:
        side = side_buttons(
            (
                ("add", "新增类型…", self.add_type),
                ("edit", "修改…", self.edit_type),
                ("toggle", "停用", self.toggle_active),
                ("remove", "删除…", self.remove_type),
                ("standard", "新增标准…", self.add_standard),
            ),
            self.buttons,
            self.accept,
        )
        hint = QLabel(
            "标准按执行日期生效：新增标准后，此前的走访仍按当时的标准检查。"
            "已登记过走访的类型不能删除，不再使用时请“停用”。",
            wordWrap=True,
        )
        hint.setStyleSheet(NOTE_STYLE)
        left = QVBoxLayout()
        left.addWidget(self.types_table, 3)
        left.addWidget(self.history_label)
        left.addWidget(self.standards_table, 2)
        left.addWidget(hint)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(side)

    def reload(self, select_id: int | None = None) -> None:
        current = select_id or (self.current().id if self.current() else None)
        names = {c.id: c.full_name for c in self.categories}
        types = visits.list_types(self.db)
        self.types_model.types = types
        self.types_model.set_rows(
            [
                [
                    t.name,
                    names.get(t.category_id, "（未设置）"),
                    t.standard.describe(),
                    "、".join(t.synonyms),
                    "启用" if t.active else "已停用",
                    t.used,
                ]
                for t in types
            ]
        )
        row = next((i for i, t in enumerate(types) if t.id == current), 0 if types else None)
        if row is not None:
            self.types_table.selectRow(row)

    def current(self) -> TypeRow | None:
        rows = self.types_table.selectionModel().selectedRows() if self.types_table.selectionModel() else []
        return self.types_model.types[rows[0].row()] if rows else None

    def _selected(self) -> None:
        row = self.current()
        history = visits.list_standards(self.db, row.id) if row else []
        self.history_label.setText(f"“{row.name}”的标准沿革" if row else "标准沿革")
        self.standards_model.set_rows([standard_cells(s) for s in reversed(history)])  # newest first
        self.buttons["toggle"].setText("启用" if row is not None and not row.active else "停用")
        for key, button in self.buttons.items():
            button.setEnabled(not self.read_only and (key == "add" or row is not None))
        if row is not None and row.used:
            self.buttons["remove"].setToolTip(f"已有 {row.used} 条走访记录，不能删除，只能停用")

    def _done(self, result, select_id: int | None = None) -> None:
        if result is not None:
            self.changed = True
            self.reload(select_id)
            self._selected()

    # ------------------------------------------------------------ actions
    def add_type(self) -> None:
        dialog = TypeDialog(self, self.db, self.categories)
        if dialog.exec():
            self._done(True, dialog.saved_id)

    def edit_type(self) -> None:
        row = self.current()
        if row is not None and TypeDialog(self, self.db, self.categories, row).exec():
            self._done(True, row.id)

    def toggle_active(self) -> None:
        row = self.current()
        if row is not None:
            self._done(guarded(self, lambda: visits.set_type_active(self.db, row.id, not row.active) or True), row.id)

    def remove_type(self) -> None:
        row = self.current()
        if row is None:
            return
        # A used type is refused by the service with its reason; nothing to confirm then.
        if row.used or confirm(self, "删除走访类型", f"确定删除走访类型“{row.name}”及其全部标准吗？"):
            self._done(guarded(self, lambda: visits.remove_type(self.db, row.id) or True))

    def add_standard(self) -> None:
        row = self.current()
        if row is not None and StandardDialog(self, self.db, row.id, row.name, row.standard).exec():
            self._done(True, row.id)
