"""The preview of an import: what it will write and the rows refused, before anything is
written. One dialog serves every importer; each passes its own tabs of planned rows."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionapp.domain.dates import format_date
from unionapp.domain.errors import DomainError
from unionapp.domain.import_mapping import IGNORE, ImportMappings
from unionapp.domain.labels import GENDER_LABELS, MEMBER_STATUS_LABELS
from unionapp.domain.masking import mask_id_number
from unionapp.ui.widgets.common import PlainTableModel, list_table, show_error
from unionapp.ui.widgets.import_mapping import ColumnsPanel, ValuesPanel
from unionapp.ui.widgets.screen_fit import fit_window
from unionapp.ui.widgets.tasks import run_task

RESIZE_ROWS = 200  # rows a column's width is measured on
ROW_HEADERS = ["行号", "姓名", "性别", "出生日期", "身份证号", "工会小组", "状态"]


def _table(headers: list[str], rows: list[list]) -> QTableView:
    view = list_table(PlainTableModel(headers, rows))
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Widths from the first rows, not all 10,000: measuring every row took 0.5 s at each plan.
    header.setResizeContentsPrecision(RESIZE_ROWS)
    return view


class PlanPreviewDialog(QDialog):
    """What an import will write and the rows refused, before anything is written; with
    `replan` (mappings → a new plan of the same file), two more tabs map the file's
    columns and its unknown values, and each choice plans again at once. Subclasses give
    `content(plan)`: (notes, tabs) where tabs are (label, headers, rows). After exec(),
    `plan` is the plan to apply and `skip_errors` whether to import only the good rows."""

    refused_name = "姓名"  # what a refused row is known by (a ledger row: its 摘要)

    def __init__(
        self, plan, title: str, parent: QWidget | None = None, replan: Callable[[ImportMappings], object] | None = None
    ):
        super().__init__(parent)
        self.plan, self.replan = plan, replan
        self._earlier_values: list[tuple] = []
        self.setWindowTitle(title)
        fit_window(self, QSize(900, 600))
        layout = QVBoxLayout(self)
        self.intro = QVBoxLayout()  # one label per line, refilled after each mapping choice
        layout.addLayout(self.intro)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.skip = QCheckBox()
        layout.addWidget(self.skip)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("确认导入")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.skip.toggled.connect(self._update_ok)
        self._show(plan)

    def content(self, plan) -> tuple[list[str], list[tuple[str, list[str], list[list]]]]:
        raise NotImplementedError

    @property
    def skip_errors(self) -> bool:
        return self.skip.isChecked()

    def _show(self, plan) -> None:
        """Fill the dialog from `plan` (again after each mapping choice)."""
        self.plan = plan
        notes, tabs = self.content(plan)
        self.has_work = any(rows for _label, _headers, rows in tabs)
        lines = [
            f"工作表“{plan.sheet}”，表头在第 {plan.header_row} 行。{plan.summary()}。\n现在还没有写入任何数据，确认后才导入。",
            *notes,
            *(["未识别、将忽略的列：" + "、".join(plan.ignored_columns)] if plan.ignored_columns else []),
            *("注意：" + note for note in plan.notes),  # what the reader did: merged cells filled in...
        ]
        while self.intro.count():
            old = self.intro.takeAt(0).widget()
            old.hide()  # at once: deleteLater waits for the event loop
            old.deleteLater()
        for line in lines:
            self.intro.addWidget(QLabel(line, wordWrap=True))
        current = _tab_name(self.tabs.tabText(self.tabs.currentIndex())) if self.tabs.count() else ""
        self.tabs.clear()
        for label, headers, rows in tabs:
            self.tabs.addTab(_table(headers, rows), label)
        refused = [[r.row_number, r.name, "；".join(r.reasons)] for r in plan.refused]
        self.tabs.addTab(_table(["行号", self.refused_name, "问题及改正方法"], refused), f"有问题 {len(plan.refused)}")
        self._add_mapping_tabs(plan)
        self._choose_tab(current)
        self.skip.setText(f"跳过这 {len(plan.refused)} 行有问题的数据，只导入其余的行")
        self.skip.setVisible(bool(plan.refused))
        self._update_ok()

    def _add_mapping_tabs(self, plan) -> None:
        if self.replan is None:
            return
        self.values = ValuesPanel(plan, self._remap, self._earlier_values)
        self._earlier_values = self.values.rows
        if self.values.rows:
            waiting = self.values.count
            self.tabs.addTab(self.values, f"值的对应（{waiting} 个待选择）" if waiting else "值的对应")
        self.columns = ColumnsPanel(plan, self._remap)
        ignored = sum(1 for _h, target in plan.column_choices if target == IGNORE)
        self.tabs.addTab(self.columns, f"列的对应（{ignored} 列未导入）" if ignored else "列的对应")

    def _choose_tab(self, current: str) -> None:
        """Stay on the tab the user was on; else open on what needs them first."""
        names = [_tab_name(self.tabs.tabText(i)) for i in range(self.tabs.count())]
        if current in names:
            self.tabs.setCurrentIndex(names.index(current))
            return
        for name in ("值的对应", "有问题"):
            if name in names and not self.tabs.tabText(names.index(name)).endswith(("问题 0", "对应")):
                self.tabs.setCurrentIndex(names.index(name))
                return
        self.tabs.setCurrentIndex(0)

    def _remap(self, mapping: ImportMappings) -> None:
        """Plan the file again with the user's choice, off the GUI thread (a 10,000-row file
        takes about a second); the dialog takes no other choice meanwhile."""
        replan = self.replan  # the worker gets no widget (see ui.widgets.tasks)
        self.setEnabled(False)
        self._task = run_task(
            self, "正在按所选的对应重新检查文件…", lambda: replan(mapping), self._replanned, self._not_replanned, False
        )

    def _replanned(self, plan) -> None:
        self.setEnabled(True)
        self._show(plan)

    def _not_replanned(self, exc: BaseException) -> None:
        """A choice that can't be used (two columns on one field…) is explained, and the
        dialog shows the plan it had."""
        self.setEnabled(True)
        if isinstance(exc, DomainError):
            QMessageBox.warning(self, "无法这样对应", str(exc))
        else:
            show_error(self, exc, "无法这样对应")
        self._show(self.plan)

    def _update_ok(self) -> None:
        self.ok.setEnabled(self.has_work and (not self.plan.refused or self.skip.isChecked()))


def _tab_name(label: str) -> str:
    """A tab's label without its count: "有问题 3" → "有问题", "列的对应（2 列未导入）" → "列的对应"."""
    return re.split(r"[\s（\d]", label, maxsplit=1)[0]


def _member_cells(row) -> list:
    d = row.data
    return [
        row.row_number,
        d.name,
        GENDER_LABELS.get(d.gender or "", ""),
        format_date(d.birth_date),
        mask_id_number(d.id_number),
        d.group_name,
        MEMBER_STATUS_LABELS.get(d.status, d.status),
    ]


class ImportPreviewDialog(PlanPreviewDialog):
    """The members roster import."""

    def __init__(self, plan, parent: QWidget | None = None, replan=None):
        super().__init__(plan, f"导入预览：{plan.source}", parent, replan)

    def content(self, plan):
        notes = ["将新建工会小组：" + "、".join(plan.new_groups)] if plan.new_groups else []
        tabs = [
            (f"新增 {len(plan.adds)}", ROW_HEADERS, [_member_cells(r) for r in plan.adds]),
            (
                f"更新 {len(plan.updates)}",
                [*ROW_HEADERS, "变更内容（原值 → 新值）"],
                [[*_member_cells(r), "；".join(r.change_lines())] for r in plan.updates],
            ),
        ]
        return notes, tabs
