"""The import preview's two mapping tabs: what each of the file's columns is read as, and
what its unknown coded values (科目, 走访类型, 人员状态, 工会小组…) mean. A choice calls
`changed(mapping)` with the plan's mappings plus the choice; the dialog plans again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from unionapp.domain.import_mapping import IGNORE, ImportMappings, mapping_key
from unionapp.domain.nearest import nearest
from unionapp.importers.fields import area_fields

IGNORE_LABEL = "（忽略，不导入）"
UNCHOSEN = "（请选择）"
NEW_GROUP = "新建工会小组“{}”"


def _copy(mapping: ImportMappings) -> ImportMappings:
    return ImportMappings().merged(mapping)


def _table(headers: list[str], rows: int) -> QTableWidget:
    table = QTableWidget(rows, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    return table


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


class ColumnsPanel(QWidget):
    """Every headed column of the file, with a drop-down of the fields it may be read as."""

    def __init__(self, plan, changed: Callable[[ImportMappings], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.plan, self.changed = plan, changed
        self.fields = area_fields(plan.area)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "每一列按右边选择的字段读取；选“忽略”的列不导入。改动立即用于预览，导入成功后记住，下次同样的表格不再询问。",
                wordWrap=True,
            )
        )
        self.table = _table(["文件中的列", "读作"], len(plan.column_choices))
        self.combos: list[QComboBox] = []
        for row, (header, target) in enumerate(plan.column_choices):
            self.table.setItem(row, 0, _cell(header))
            combo = QComboBox()
            combo.addItem(IGNORE_LABEL, IGNORE)
            for name, label in self.fields.items():
                combo.addItem(label, name)
            combo.setCurrentIndex(max(combo.findData(target), 0))
            combo.currentIndexChanged.connect(lambda _i, h=header, c=combo: self._chosen(h, c.currentData()))
            self.table.setCellWidget(row, 1, combo)
            self.combos.append(combo)
        layout.addWidget(self.table)

    def _chosen(self, header: str, name: str) -> None:
        mapping = _copy(self.plan.mapping)
        mapping.set_column(header, name)
        self.changed(mapping)


class ValuesPanel(QWidget):
    """The coded values no known value matched, each with a drop-down of known values
    (nearest first); for a roster, the new group names too (new, or an existing group)."""

    def __init__(
        self,
        plan,
        changed: Callable[[ImportMappings], None],
        earlier: list[tuple] = (),
        parent: QWidget | None = None,
    ):
        """`earlier`: the rows of the panel before the last choice; a value chosen then
        stays listed, so the choice can be changed again."""
        super().__init__(parent)
        self.plan, self.changed = plan, changed
        self.rows = [(g.field, g.label, g.text, list(g.candidates), len(g.rows)) for g in plan.unknown_values()]
        self.rows += self._group_rows()
        listed = {(r[0], mapping_key(r[2])) for r in self.rows}
        self.rows += [r for r in earlier if (r[0], mapping_key(r[2])) not in listed and plan.mapping.value(r[0], r[2])]
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "下列值没有找到对应，请选择它们的意思。选择立即用于预览，导入成功后记住，下次不再询问。", wordWrap=True
            )
        )
        self.table = _table(["字段", "文件中的值", "行数", "对应为"], len(self.rows))
        self.combos: list[QComboBox] = []
        for row, (field, label, text, candidates, count) in enumerate(self.rows):
            for column, value in enumerate((label, text, str(count))):
                self.table.setItem(row, column, _cell(value))
            combo = self._combo(field, text, candidates)
            self.table.setCellWidget(row, 3, combo)
            self.combos.append(combo)
        layout.addWidget(self.table)

    @property
    def count(self) -> int:
        """Values still waiting for a choice (a new group needs none: it is created)."""
        return sum(
            1
            for field, _l, text, *_r in self.rows
            if field != "group_name" and not self.plan.mapping.value(field, text)
        )

    def _group_rows(self) -> list[tuple]:
        groups = list(getattr(self.plan, "new_groups", []))
        known = self.plan.value_choices.get("group_name", [])
        rows = [r.data.group_name for r in [*self.plan.adds, *self.plan.updates]] if groups else []
        return [("group_name", "工会小组", name, nearest(name, known) or [], rows.count(name)) for name in groups]

    def _combo(self, field: str, text: str, candidates: list[str]) -> QComboBox:
        combo = QComboBox()
        if field == "group_name":
            combo.addItem(NEW_GROUP.format(text), None)
        else:
            combo.addItem(UNCHOSEN, None)
        others = [c for c in self.plan.value_choices.get(field, []) if c not in candidates]
        for value in [*candidates, *others]:
            combo.addItem(value, value)
        if candidates and others:
            combo.insertSeparator(len(candidates) + 1)
        chosen = self.plan.mapping.value(field, text)
        if chosen and combo.findData(chosen) < 0:
            combo.addItem(chosen, chosen)
        combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
        combo.currentIndexChanged.connect(lambda _i: self._chosen(field, text, combo.currentData()))
        return combo

    def _chosen(self, field: str, text: str, target: str | None) -> None:
        mapping = _copy(self.plan.mapping)
        if target:
            mapping.set_value(field, text, target)
        else:
            mapping.values.get(field, {}).pop(mapping_key(text), None)
        self.changed(mapping)
