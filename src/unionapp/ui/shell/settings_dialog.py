"""设置: the union's name, the chair, the school's province, and 本机使用人 — who uses this computer, kept on it
and named by every audit entry made here from now on (as first run asks it)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from unionapp.services.settings import UnionSettings
from unionapp.ui.shell.first_run import OPERATOR_HINT


class SettingsDialog(QDialog):
    def __init__(self, current: UnionSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.current = current
        form = QFormLayout(self)
        self.union_name = QLineEdit(current.union_name, placeholderText="如：某某中学工会委员会")
        self.chair = QLineEdit(current.chair_name)
        self.province = QLineEdit(current.school_province, placeholderText="如：安徽省（春节走访外省籍教职工用）")
        self.operator = QLineEdit(current.operator, placeholderText=OPERATOR_HINT)
        self._fit_to_names()
        form.addRow("工会名称", self.union_name)
        form.addRow("工会主席", self.chair)
        form.addRow("学校所在省份", self.province)
        form.addRow("本机使用人", self.operator)  # the name first run asks, not a second one
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _fit_to_names(self) -> None:
        """Wide enough for the whole union name (a long official one too) and the 本机使用人
        hint, never tiny."""
        sample = max(self.union_name.text(), self.union_name.placeholderText(), OPERATOR_HINT, key=len)
        wide = self.union_name.fontMetrics().horizontalAdvance(sample) + 40
        self.union_name.setMinimumWidth(min(max(wide, 300), 640))
        self.setMinimumWidth(420)

    def result_settings(self) -> UnionSettings:
        return replace(
            self.current,
            union_name=self.union_name.text().strip(),
            chair_name=self.chair.text().strip(),
            school_province=self.province.text().strip(),
            operator=self.operator.text().strip(),
        )
