"""导入对应关系: the remembered mappings of imports (a file's own headers and coded values),
shown, changed and forgotten. They are saved by a successful import, never added here."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.import_mapping import IGNORE
from unionapp.importers.fields import AREA_LABELS, area_fields
from unionapp.services import import_mappings
from unionapp.services.import_mappings import IGNORE_LABEL, KIND_LABELS, MappingRow
from unionapp.ui.widgets.common import PlainTableModel, confirm, guarded, list_table, side_buttons
from unionapp.ui.widgets.forms import NOTE_STYLE
from unionapp.ui.widgets.screen_fit import fit_window

HEADERS = ["导入类型", "种类", "字段", "文件中的写法", "对应为"]
WIDTHS = (110, 50, 100, 240)
HINT = (
    "导入时为未识别的列或值选好的对应关系，在导入成功后记在这里；以后导入同样写法的文件时自动使用，"
    "不再询问。修改或删除只影响以后的导入，已导入的记录不变。"
)
EMPTY = "还没有记住的导入对应关系。导入文件时，为未识别的列或值选好对应关系并导入成功后，就会出现在这里。"


def _target_text(row: MappingRow, labels: dict[str, str]) -> str:
    if row.kind == "column":
        return IGNORE_LABEL if row.target == IGNORE else labels.get(row.target, row.target)
    return row.target


def _subject(row: MappingRow, labels: dict[str, str]) -> str:
    """ "列“所在工会小组”", "科目“送温暖慰问”"."""
    return f"列“{row.source}”" if row.kind == "column" else f"{labels.get(row.field, row.field)}“{row.source}”"


def _cells(row: MappingRow) -> list[str]:
    labels = area_fields(row.area)
    field = "" if row.kind == "column" else labels.get(row.field, row.field)
    return [AREA_LABELS[row.area], KIND_LABELS[row.kind], field, row.source, _target_text(row, labels)]


class MappingsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, read_only: bool = False):
        super().__init__(parent)
        self.db, self.read_only = db, read_only
        self.changed = False
        self.rows: list[MappingRow] = []
        self.setWindowTitle("导入对应关系")
        fit_window(self, QSize(860, 480))
        self.model = PlainTableModel(HEADERS, parent=self)
        self.table = self._table()
        self.empty_label = QLabel(EMPTY, wordWrap=True)
        self.buttons: dict[str, QPushButton] = {}
        self._layout()
        self.reload()
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.table.doubleClicked.connect(lambda _i: not read_only and self.change())
        self._selected()

    def _table(self) -> QTableView:
        return list_table(self.model, WIDTHS)

    def _layout(self) -> None:
        side = side_buttons(
            (("change", "修改…", self.change), ("delete", "删除…", self.delete)),
            self.buttons,
            self.accept,
        )
        hint = QLabel(HINT, wordWrap=True)
        hint.setStyleSheet(NOTE_STYLE)
        left = QVBoxLayout()
        left.addWidget(self.empty_label)
        left.addWidget(self.table, 1)
        left.addWidget(hint)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(side)

    def reload(self, select_id: int | None = None) -> None:
        self.rows = import_mappings.list_mappings(self.db)
        self.model.set_rows([_cells(r) for r in self.rows])
        self.empty_label.setVisible(not self.rows)
        index = next((i for i, r in enumerate(self.rows) if r.id == select_id), None)
        if index is not None:
            self.table.selectRow(index)
        self._selected()

    def current(self) -> MappingRow | None:
        selected = self.table.selectionModel().selectedRows()
        return self.rows[selected[0].row()] if selected else None

    def _selected(self) -> None:
        row = self.current()
        for button in self.buttons.values():
            button.setEnabled(not self.read_only and row is not None)

    def _run(self, action, select_id: int | None = None) -> None:
        """Do it (a failure is a message box), then show the list as it now is."""
        if guarded(self, lambda: action() or True):
            self.changed = True
        self.reload(select_id)

    # ------------------------------------------------------------ actions
    def change(self) -> None:
        row = self.current()
        if row is None or self.read_only:
            return
        labels = area_fields(row.area)
        target = self._ask_column(row, labels) if row.kind == "column" else self._ask_value(row, labels)
        if target is not None:
            self._run(lambda: import_mappings.change_mapping(self.db, row.id, target, labels), row.id)

    def _ask_column(self, row: MappingRow, labels: dict[str, str]) -> str | None:
        """A field of the import, or 忽略 (the column is read by none)."""
        choices = [*labels.values(), IGNORE_LABEL]
        current = _target_text(row, labels)
        picked, ok = QInputDialog.getItem(
            self,
            "修改对应关系",
            f"{AREA_LABELS[row.area]}中的{_subject(row, labels)}对应为：",
            choices,
            choices.index(current) if current in choices else len(choices) - 1,
            False,
        )
        if not ok:
            return None
        return IGNORE if picked == IGNORE_LABEL else next(f for f, label in labels.items() if label == picked)

    def _ask_value(self, row: MappingRow, labels: dict[str, str]) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            "修改对应关系",
            f"{AREA_LABELS[row.area]}中的{_subject(row, labels)}对应为（写系统中的名称）：",
            text=row.target,
        )
        return text if ok else None

    def delete(self) -> None:
        row = self.current()
        if row is None or self.read_only:
            return
        labels = area_fields(row.area)
        if confirm(
            self,
            "删除对应关系",
            f"确定删除{AREA_LABELS[row.area]}中{_subject(row, labels)}的对应关系吗？以后导入遇到它时会重新询问。",
        ):
            self._run(lambda: import_mappings.delete_mapping(self.db, row.id, labels))
