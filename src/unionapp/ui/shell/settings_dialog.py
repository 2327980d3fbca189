"""设置: the union's name, the chair, and the name of whoever operates the app."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from unionapp.services.settings import UnionSettings


class SettingsDialog(QDialog):
    def __init__(self, current: UnionSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.current = current
        form = QFormLayout(self)
        self.union_name = QLineEdit(current.union_name, placeholderText="如：某某中学工会委员会")
        self.chair = QLineEdit(current.chair_name)
        self.operator = QLineEdit(current.operator, placeholderText="记入修改记录，如：李老师")
        self._fit_to_names()
        form.addRow("工会名称", self.union_name)
        form.addRow("工会主席", self.chair)
        form.addRow("操作人", self.operator)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _fit_to_names(self) -> None:
        """Wide enough for the whole union name (a long official one too), never tiny."""
        sample = max(self.union_name.text(), self.union_name.placeholderText(), key=len)
        wide = self.union_name.fontMetrics().horizontalAdvance(sample) + 40
        self.union_name.setMinimumWidth(min(max(wide, 300), 640))
        self.setMinimumWidth(420)

    def result_settings(self) -> UnionSettings:
        return replace(
            self.current,
            union_name=self.union_name.text().strip(),
            chair_name=self.chair.text().strip(),
            operator=self.operator.text().strip(),
        )
