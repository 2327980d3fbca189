"""A required reason before an act that is recorded with it: 红字冲销 of an entry, 撤销 of a
month's dues, removing a visit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from unionapp.ui.widgets.forms import FormDialog


class ReasonDialog(FormDialog):
    """A required reason, then `act(reason)`: 红字冲销 of an entry, 撤销 of a month's dues."""

    def __init__(
        self, parent: QWidget | None, title: str, what: str, act: Callable[[str], object], save_text: str = "确定"
    ):
        super().__init__(parent, title, save_text)
        self._act = act
        self.note(what)
        self.reason = self.add_field("reason", "原因 *", QPlainTextEdit())
        self.reason.setFixedHeight(70)
        self.reason.setPlaceholderText("如 金额录错，应为 1200 元")
        self.finish_layout()

    def read(self, problems: dict[str, str]) -> str | None:
        text = self.reason.toPlainText().strip()
        if not text:
            problems["reason"] = "请写明原因，它会记入凭证和操作记录"
            return None
        return text

    def commit(self, reason: str) -> bool:
        self._act(reason)
        return True
