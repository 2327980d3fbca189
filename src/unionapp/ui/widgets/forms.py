"""Form helpers shared by the funds dialogs: the validate-as-you-type pattern of the member
form (a touched field with a problem gets a red border, the problems are listed as
sentences) and readers for dates, amounts and percentages typed as text."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from unionapp.domain.dates import DateError, format_date, parse_date
from unionapp.domain.money import MoneyError, format_fen, parse_amount, parse_positive_amount
from unionapp.ui.widgets.common import user_message

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


class FormDialog(QDialog):
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
        self.problems = QLabel(wordWrap=True)
        self.problems.setStyleSheet(PROBLEM_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(save_text)
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

    def add_field(self, key: str, label: str, widget: QWidget) -> QWidget:
        self.fields[key] = widget
        self.form.addRow(label, widget)
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
        self.problems.setText("\n".join(dict.fromkeys(visible.values())))
        self.on_validated(problems)
        return problems

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
