"""The preview of an import: what it will write and the rows refused, before anything is
written. One dialog serves every importer; each passes its own tabs of planned rows."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionapp.domain.dates import format_date
from unionapp.domain.labels import GENDER_LABELS, MEMBER_STATUS_LABELS
from unionapp.domain.masking import mask_id_number
from unionapp.ui.widgets.common import PlainTableModel

ROW_HEADERS = ["行号", "姓名", "性别", "出生日期", "身份证号", "工会小组", "状态"]


def _table(headers: list[str], rows: list[list]) -> QTableView:
    view = QTableView()
    view.setModel(PlainTableModel(headers, rows, view))
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    return view


class PlanPreviewDialog(QDialog):
    """`tabs` are (label, headers, rows) of what will be written; the refused rows get a tab
    of their own. `skip_errors` tells the caller whether to import only the good rows."""

    def __init__(
        self,
        plan,
        title: str,
        notes: list[str],
        tabs: list[tuple[str, list[str], list[list]]],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.plan = plan
        self.has_work = any(rows for _label, _headers, rows in tabs)
        self.setWindowTitle(title)
        self.resize(860, 560)
        layout = QVBoxLayout(self)
        intro = (
            f"工作表“{plan.sheet}”，表头在第 {plan.header_row} 行。{plan.summary()}。\n"
            "现在还没有写入任何数据，确认后才导入。"
        )
        for text in (intro, *notes):
            layout.addWidget(QLabel(text, wordWrap=True))
        if plan.ignored_columns:
            layout.addWidget(QLabel("未识别、将忽略的列：" + "、".join(plan.ignored_columns), wordWrap=True))
        for note in plan.notes:  # what the reader did: merged cells filled in, far cells ignored
            layout.addWidget(QLabel("注意：" + note, wordWrap=True))
        self.tabs = QTabWidget()
        for label, headers, rows in tabs:
            self.tabs.addTab(_table(headers, rows), label)
        refused = [[r.row_number, r.name, "；".join(r.reasons)] for r in plan.refused]
        self.tabs.addTab(_table(["行号", "姓名", "问题及改正方法"], refused), f"有问题 {len(plan.refused)}")
        layout.addWidget(self.tabs)
        self.skip = QCheckBox(f"跳过这 {len(plan.refused)} 行有问题的数据，只导入其余的行")
        self.skip.setVisible(bool(plan.refused))
        layout.addWidget(self.skip)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("确认导入")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.skip.toggled.connect(self._update_ok)
        if plan.refused:
            self.tabs.setCurrentIndex(self.tabs.count() - 1)
        self._update_ok()

    @property
    def skip_errors(self) -> bool:
        return self.skip.isChecked()

    def _update_ok(self) -> None:
        self.ok.setEnabled(self.has_work and (not self.plan.refused or self.skip.isChecked()))


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

    def __init__(self, plan, parent: QWidget | None = None):
        notes = ["将新建工会小组：" + "、".join(plan.new_groups)] if plan.new_groups else []
        tabs = [
            (f"新增 {len(plan.adds)}", ROW_HEADERS, [_member_cells(r) for r in plan.adds]),
            (
                f"更新 {len(plan.updates)}",
                [*ROW_HEADERS, "变更内容（原值 → 新值）"],
                [[*_member_cells(r), "；".join(r.change_lines())] for r in plan.updates],
            ),
        ]
        super().__init__(plan, f"导入预览：{plan.source}", notes, tabs, parent)
