"""First run: the union's name and chair, who uses this computer (本机使用人), and an offer
of demo data to try the app with.

Used by the app's start and by the main window when it opens an unconfigured database. A
computer that opens an already set-up database (a shared one, or a copy) and has nobody
named yet is asked only 本机使用人 (`ask_operator`): the audit log names people by it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from unionapp.services import settings as settings_service
from unionapp.services.member_reads import count_members  # imported at every start: not services.members
from unionapp.ui.widgets.common import guarded

OPERATOR_HINT = "在这台电脑上使用的人，记入修改记录；不填则为工会主席"


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
        self.operator = QLineEdit(placeholderText=OPERATOR_HINT)
        form.addRow("工会名称 *", self.union_name)
        form.addRow("工会主席", self.chair)
        form.addRow("本机使用人", self.operator)
        layout.addLayout(form)
        self.demo = QCheckBox("生成演示数据（300 位虚构的教职工），先试用一下")
        self.demo.setVisible(can_add_demo)
        layout.addWidget(self.demo)
        note = QLabel("提示：演示数据适合试用。准备录入真实数据时，请新建一个数据库文件。")
        note.setStyleSheet("color: #666;")
        note.setVisible(can_add_demo)
        layout.addWidget(note)
        self.buttons = _answer_buttons(self, "开始使用", self.union_name)
        layout.addWidget(self.buttons)


def _answer_buttons(dialog: QDialog, ok_text: str, required: QLineEdit) -> QDialogButtonBox:
    """The answer (enabled once `required` is filled in) and 以后再说, wired to the dialog."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("以后再说")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    required.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
    ok.setEnabled(bool(required.text().strip()))
    return buttons


def first_run(window: QWidget) -> None:
    """Ask for the union's name and chair; offer demo data on an empty database."""
    from unionapp.services.demo import create_demo  # loaded only when asked for

    db = window.db
    dialog = FirstRunDialog(window, can_add_demo=count_members(db) == 0)
    if not dialog.exec():
        return
    name, chair = dialog.union_name.text().strip(), dialog.chair.text().strip()
    operator = dialog.operator.text().strip() or chair
    settings_service.save(
        db, settings_service.UnionSettings(union_name=name, chair_name=chair, operator=operator, demo_offered="1")
    )
    if dialog.demo.isChecked():
        guarded(window, lambda: create_demo(db, members_count=300, seed=1))
    window.members_tab.reload()
    window.funds_tab.refresh()
    window.visits_tab.refresh()
    window._update_titles()


class OperatorDialog(QDialog):
    """Only 本机使用人, for a computer new to an already set-up database."""

    def __init__(self, union_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("本机使用人")
        self.setMinimumWidth(460)  # the explanation reads as two lines, not five
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"这台电脑第一次打开“{union_name}”的数据。请填写在这台电脑上使用工会助手的人，"
            "修改记录中会写明是谁做的修改。以后可在“文件 → 设置”中修改。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.operator = QLineEdit(placeholderText="如：李老师")
        form.addRow("本机使用人", self.operator)
        layout.addLayout(form)
        self.buttons = _answer_buttons(self, "确定", self.operator)
        layout.addWidget(self.buttons)


def needs_operator(db) -> bool:
    """A set-up, writable database, and nobody named on this computer (nor in the database)."""
    return not db.read_only and settings_service.is_configured(db) and not settings_service.load(db).operator


def ask_operator(window: QWidget) -> None:
    db = window.db
    current = settings_service.load(db)
    dialog = OperatorDialog(current.union_name, window)
    if dialog.exec():
        guarded(window, lambda: settings_service.save(db, replace(current, operator=dialog.operator.text().strip())))


def first_question(db) -> Callable[[QWidget], None] | None:
    """What to ask as a window opens on `db`: the first run's questions for a database not
    set up yet, who uses this computer when it is new to the database, or nothing (None)."""
    if not settings_service.is_configured(db) and not db.read_only:
        return first_run
    return ask_operator if needs_operator(db) else None
