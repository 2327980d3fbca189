"""First run: the union's name and chair, and an offer of demo data to try the app with.

Used by the app's start and by the main window when it opens an unconfigured database."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from unionapp.services import members
from unionapp.services import settings as settings_service
from unionapp.ui.widgets.common import guarded


class FirstRunDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, can_add_demo: bool = True):
        super().__init__(parent)
        self.setWindowTitle("欢迎使用工会助手")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("请先填写本工会的基本信息，它们会出现在打印的表格标题和签字栏中。以后可在“文件 → 设置”中修改。")
        )
        form = QFormLayout()
        self.union_name = QLineEdit(placeholderText="如：某某中学工会委员会")
        self.chair = QLineEdit(placeholderText="工会主席姓名")
        form.addRow("工会名称 *", self.union_name)
        form.addRow("工会主席", self.chair)
        layout.addLayout(form)
        self.demo = QCheckBox("生成演示数据（300 位虚构的教职工），先试用一下")
        self.demo.setVisible(can_add_demo)
        layout.addWidget(self.demo)
        note = QLabel("提示：演示数据适合试用。准备录入真实数据时，请新建一个数据库文件。")
        note.setStyleSheet("color: #666;")
        note.setVisible(can_add_demo)
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("开始使用")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("以后再说")
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.union_name.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.union_name.text().strip()))


def first_run(window: QWidget) -> None:
    """Ask for the union's name and chair; offer demo data on an empty database."""
    from unionapp.services.demo import create_demo  # loaded only when asked for

    db = window.db
    dialog = FirstRunDialog(window, can_add_demo=members.count_members(db) == 0)
    if not dialog.exec():
        return
    name, chair = dialog.union_name.text().strip(), dialog.chair.text().strip()
    settings_service.save(
        db, settings_service.UnionSettings(union_name=name, chair_name=chair, operator=chair, demo_offered="1")
    )
    if dialog.demo.isChecked():
        guarded(window, lambda: create_demo(db, members_count=300, seed=1))
    window.members_tab.reload()
    window.funds_tab.refresh()
    window.visits_tab.refresh()
    window._update_titles()
