"""What the proposal forms share: the 承办部门 box, dates typed as text, and a service's
refusal put under the fields it is about (the form stays open, nothing typed is lost)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox

from unionapp.domain.congress import OFFICES
from unionapp.ui.widgets.common import user_message
from unionapp.ui.widgets.forms import ERROR_STYLE, FormDialog, show_refusal

DATE_HINT = "如 2026-05-20"


def office_box(current: str = "") -> QComboBox:
    """An editable box offering the usual offices; any other office may be typed."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.addItems(OFFICES)
    box.setCurrentText(current)
    box.lineEdit().setPlaceholderText("如 总务处")
    return box


def refusal_lines(exc: BaseException) -> list[str]:
    """A refusal's sentences: a CongressError lists each problem, others are one."""
    problems = getattr(exc, "problems", None)
    if problems:
        return [str(p) for p in problems]
    message = user_message(exc)
    return [message] if message else []


def show_service_refusal(form: FormDialog, exc: Exception, words: Sequence[tuple[str, str]]) -> None:
    """Each sentence of a service's refusal under the field it names (`words`: (a word in
    the sentence, field key), first match wins), the rest in the form's last line. A bug
    (not a refusal) is raised again."""
    lines = refusal_lines(exc)
    if not lines:
        show_refusal(form.problems, exc)  # raises the bug again
        return
    placed: dict[str, str] = {}
    rest: list[str] = []
    for line in lines:
        key = next((k for word, k in words if word in line and k in form.fields), None)
        if key is None:
            rest.append(line)
        else:
            placed[key] = f"{placed[key]}\n{line}" if key in placed else line
    for key, widget in form.fields.items():
        widget.setStyleSheet(ERROR_STYLE if key in placed else "")
    form.errors.show({**placed, **{f"_{n}": line for n, line in enumerate(rest)}})
