"""Form helpers shared by the record forms: the validate-as-you-type pattern (a touched
field with a problem gets a red border and a sentence right under it), the question
放弃修改？ before a changed form closes, and readers for dates, amounts and percentages
typed as text."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from unionapp.domain.dates import DateError, format_date, parse_date
from unionapp.domain.money import MoneyError, format_fen, parse_amount, parse_positive_amount
from unionapp.ui.widgets.common import user_message
from unionapp.ui.widgets.screen_fit import fit_dialog, fit_window, room

ERROR_STYLE = "border: 1px solid #d9534f; background: #fff3f3;"
PROBLEM_STYLE = "color: #c9302c;"
NOTE_STYLE = "color: #555;"


def money_text(fen: int | None) -> str:
    """Fen as the user would type it back ("1234.50", no thousands commas)."""
    return "" if fen is None else format_fen(fen).replace(",", "")


def read_date(
    text: str,
    problems: dict[str, str],
    key: str,
    field: str = "日期",
    *,
    hint: str | None = None,
    no_future: bool = False,
) -> date | None:
    """A required date typed as text; `hint` shows how to write it (default: today's date);
    `no_future` refuses a day after today (money already received or paid)."""
    try:
        value = parse_date(text)
    except DateError as exc:
        problems[key] = str(exc)
        return None
    if value is None:
        problems[key] = f"请填写{field}，{hint or '如 ' + format_date(date.today())}"
    elif no_future and value > date.today():
        problems[key] = f"{field}不能晚于今天"
    return value


def show_refusal(label: QLabel, exc: Exception) -> None:
    """Show a refusal the user can act on (a service's Chinese sentence) in the form's
    problem line, the form staying open; anything else is a bug and is raised again."""
    message = user_message(exc)
    if message is None:
        raise exc
    label.setText(message)
    label.setVisible(True)
    grow_to_content(label)


def grow_to_content(widget: QWidget) -> None:
    """Let the open window of `widget` grow to hold a problem line that just appeared or
    wrapped: Qt grows a window only to its one-line minimum, so a sentence wrapped over
    two lines pushed the 保存/取消 row off the bottom. Never beyond the screen (a form too
    tall for it scrolls, see screen_fit); never shrinks, so the buttons stay put."""
    window = widget.window()
    layout = window.layout()
    if layout is None or not window.isVisible():
        return  # not shown yet: fit_dialog sizes it once built
    layout.activate()
    width = window.width()
    needed = window.heightForWidth(width) if window.hasHeightForWidth() else -1
    needed = min(max(needed, window.minimumSizeHint().height()), room(window).height())
    if needed > window.height():
        window.resize(width, needed)
        fit_window(window)  # its bottom back on the screen


def problem_label() -> QLabel:
    """A red problem line, hidden (taking no space) until it has something to say."""
    label = QLabel(wordWrap=True)
    label.setStyleSheet(PROBLEM_STYLE)
    label.setVisible(False)
    return label


class FieldErrors:
    """Each field's problem in a red line directly under the field, the line hidden while
    the field is fine (no empty row waiting under it); a problem about no single field, or
    a service's refusal, goes to `bottom`, the form's last line."""

    def __init__(self, bottom: QLabel):
        self.bottom = bottom
        self.labels: dict[str, QLabel] = {}

    def add_row(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        form.addRow(label, widget)
        self.labels[key] = problem_label()
        form.addRow("", self.labels[key])

    def show(self, visible: dict[str, str]) -> None:
        """Put each sentence of `visible` (field key → sentence) where it belongs."""
        for key, label in self.labels.items():
            label.setText(visible.get(key, ""))
            label.setVisible(key in visible)
        rest = [text for key, text in visible.items() if key not in self.labels]
        self.bottom.setText("\n".join(dict.fromkeys(rest)))
        self.bottom.setVisible(bool(rest))
        grow_to_content(self.bottom)

    def shown_text(self) -> str:
        """Every sentence the form shows now, fields first (what the user reads)."""
        lines = [label.text() for label in self.labels.values() if not label.isHidden()]
        if not self.bottom.isHidden():
            lines.append(self.bottom.text())
        return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- 放弃修改？


def ask_discard(parent: QWidget) -> bool:
    """Ask before a changed form closes; True: throw the changes away."""
    box = QMessageBox(QMessageBox.Icon.Question, "放弃修改？", "表单中的修改还没有保存，关闭后将丢失。", parent=parent)
    discard = box.addButton("放弃修改", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("继续编辑", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


def form_state(form: QWidget) -> tuple:
    """Everything the user can change in a form, to tell whether anything was."""
    values: list[object] = []
    for widget in form.findChildren(QWidget):
        if isinstance(widget, QLineEdit | QAbstractSpinBox):
            values.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            values.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            values.append(widget.currentText())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            values.append(widget.isChecked())
    return tuple(values)


class AsksBeforeDiscard:
    """Mixin (before QDialog) for a record form: Esc, the window's close button and 取消 all
    end in reject(); a form changed since it was first shown asks 放弃修改？ first, an
    unchanged one closes silently."""

    _shown_state: tuple | None = None

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._shown_state is None:
            self._shown_state = form_state(self)
        super().showEvent(event)

    def is_changed(self) -> bool:
        return self._shown_state is not None and form_state(self) != self._shown_state

    def reject(self) -> None:
        if self.is_changed() and not ask_discard(self):
            return
        super().reject()


def read_money(text: str, problems: dict[str, str], key: str, field: str = "金额", positive: bool = True) -> int | None:
    try:
        fen = parse_positive_amount(text, field) if positive else parse_amount(text, field)
    except MoneyError as exc:
        problems[key] = str(exc)
        return None
    if fen < 0:
        problems[key] = f"{field}不能是负数"
        return None
    return fen


def read_percent(text: str, problems: dict[str, str], key: str, field: str, high: int = 100) -> Decimal | None:
    """A percentage (or per-mille) typed as "20", "２０", "12.5"; between 0 and `high`."""
    cleaned = unicodedata.normalize("NFKC", text).strip().rstrip("%‰").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        problems[key] = f"{field}“{text.strip()}”不是有效的数字，请写成 20 或 12.5 这样的数"
        return None
    if not value.is_finite() or not 0 <= value <= high:
        problems[key] = f"{field}应在 0 到 {high} 之间"
        return None
    return value


class FormDialog(AsksBeforeDiscard, QDialog):
    """A dialog whose fields are checked on every edit. Subclasses add fields with
    `add_field`, read them in `read(problems)` and write in `commit(value)`; an error
    the user can act on (a service's Chinese sentence) keeps the dialog open."""

    def __init__(self, parent: QWidget | None, title: str, save_text: str = "保存"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.fields: dict[str, QWidget] = {}
        self._touched: set[str] = set()
        self.form = QFormLayout()
        self.problems = problem_label()
        self.errors = FieldErrors(self.problems)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(save_text)
        if save_text != "保存":  # 删除, 撤回 ...: the style's save icon would say otherwise
            self.save_button.setIcon(QIcon())
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)

    def finish_layout(self) -> None:
        """Call at the end of a subclass's __init__: problems and buttons go last."""
        self.body.addWidget(self.problems)
        self.body.addWidget(self.buttons)
        self.validate()
        fit_dialog(self)  # a long form scrolls on a small screen, its buttons in view

    def add_field(self, key: str, label: str, widget: QWidget) -> QWidget:
        self.fields[key] = widget
        self.errors.add_row(self.form, key, label, widget)
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda *_a: self._edited(key))
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(lambda: self._edited(key))
        elif isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda *_a: self._edited(key))
        return widget

    def note(self, text: str) -> QLabel:
        label = QLabel(text, wordWrap=True)
        label.setStyleSheet(NOTE_STYLE)
        self.form.addRow("", label)
        return label

    def _edited(self, key: str) -> None:
        self._touched.add(key)
        self.validate()

    def read(self, problems: dict[str, str]) -> object:
        """The form's value; put field key → sentence into `problems` for what is wrong."""
        raise NotImplementedError

    def commit(self, value: object) -> bool:
        """Write `value`; return False to stay open (e.g. the user said no to a question)."""
        raise NotImplementedError

    def validate(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        self.read(problems)
        visible = {k: v for k, v in problems.items() if k in self._touched}
        for key, widget in self.fields.items():
            widget.setStyleSheet(ERROR_STYLE if key in visible else "")
        self.errors.show(visible)
        self.on_validated(problems)
        return problems

    def shown_problems(self) -> str:
        return self.errors.shown_text()

    def on_validated(self, problems: dict[str, str]) -> None:
        """Hook for live figures (previews) that follow the fields."""

    def _on_save(self) -> None:
        self._touched.update(self.fields)
        problems = self.validate()
        if problems:
            return
        try:
            if not self.commit(self.read({})):
                return
        except Exception as exc:  # noqa: BLE001 - shown in the form, which stays open
            show_refusal(self.problems, exc)
            return
        self.accept()
