"""What a hardship report is asked for before it is printed or exported: the 困难职工花名册
is masked unless 包含家庭经济情况（敏感） is ticked (and a copy opened read-only cannot
tick it: exporting the details is recorded in the audit log); the 帮扶情况统计表 is for
one year."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from unionapp.ui.widgets.forms import NOTE_STYLE

FULL_LABEL = "包含家庭经济情况（敏感）"


@dataclass(frozen=True)
class RosterChoice:
    full: bool
    include_closed: bool


class RosterOptions(QDialog):
    def __init__(self, parent: QWidget | None, include_closed: bool, read_only: bool):
        super().__init__(parent)
        self.setWindowTitle("困难职工花名册")
        form = QFormLayout(self)
        self.full_box = QCheckBox(FULL_LABEL)
        self.closed_box = QCheckBox("包含已销档的档案")
        self.closed_box.setChecked(include_closed)
        note = QLabel(
            "默认只列姓名、小组、级别和日期。勾选后加印致困原因、家庭人口、家庭月收入、人均月收入和帮扶措施，"
            "导出会记入修改日志，请妥善保管文件。"
            if not read_only
            else "数据库现在是只读的：含家庭经济情况的花名册需要记入修改日志，只能在可以修改的电脑上导出。",
            wordWrap=True,
        )
        note.setStyleSheet(NOTE_STYLE)
        self.full_box.setEnabled(not read_only)
        form.addRow(self.full_box)
        form.addRow(note)
        form.addRow(self.closed_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("继续")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def choice(self) -> RosterChoice:
        return RosterChoice(self.full_box.isChecked(), self.closed_box.isChecked())


class YearOptions(QDialog):
    def __init__(self, parent: QWidget | None, years: list[int], current: int):
        super().__init__(parent)
        self.setWindowTitle("帮扶情况统计表")
        form = QFormLayout(self)
        self.year_box = QComboBox()
        for year in years:
            self.year_box.addItem(f"{year} 年", year)
        self.year_box.setCurrentIndex(max(self.year_box.findData(current), 0))
        form.addRow("年度", self.year_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("继续")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def year(self) -> int:
        return int(self.year_box.currentData())
