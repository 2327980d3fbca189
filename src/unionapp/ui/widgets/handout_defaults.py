"""What a handouts list leaves out, asked before its preview: a list of names with only
物品 and 金额 says neither which handout it was (发放名称) nor when (发放日期). The answer
is kept for the file's plans (`GivenDefaults.value`), so each replan of the preview reads
the file with it.

Use: `given = GivenDefaults()`; plan with `defaults=given.value`; pass `given.ask` as the
ImportFlow's `ask`."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from unionapp.domain.handouts import HANDOUT_KIND_LABELS
from unionapp.importers.handout_rows import HandoutDefaults, kind_in
from unionapp.ui.widgets.forms import FormDialog, read_date

GUESS = ""  # the kind combo's first item: from the 类型 column or the name


class HandoutDefaultsDialog(FormDialog):
    """发放名称, 发放日期 and 发放类型 for every row of the file that does not give them."""

    def __init__(self, parent: QWidget | None, missing: list[str], source: str):
        super().__init__(parent, "填写发放信息", "继续")
        self.note(f"“{source}”中没有{'、'.join(missing)}列。请填写，文件中的每一行都按这次发放导入。")
        self.name = self.add_field(
            "name", "发放名称 *", QLineEdit(placeholderText=f"如 {date.today().year}年中秋节慰问")
        )
        self.day = self.add_field("date", "发放日期 *", QLineEdit(placeholderText="如 2024-09-15"))
        self.kind = QComboBox()
        self.kind.addItem("按类型列或发放名称判断", GUESS)
        for code, label in HANDOUT_KIND_LABELS.items():
            self.kind.addItem(label, code)
        self.add_field("kind", "发放类型", self.kind)
        self.name.textEdited.connect(self._guess_kind)
        self.value: HandoutDefaults | None = None
        self.finish_layout()

    def _guess_kind(self, text: str) -> None:
        """ "…三八节…" picks 三八慰问 while the user has not chosen a kind."""
        guessed = kind_in(text)
        if guessed and "kind" not in self._touched:
            self.kind.setCurrentIndex(self.kind.findData(guessed))
            self._touched.discard("kind")

    def read(self, problems: dict[str, str]) -> HandoutDefaults:
        name = self.name.text().strip()
        if not name:
            problems["name"] = "请填写发放名称，如“2024年中秋节慰问”"
        day = read_date(self.day.text(), problems, "date", "发放日期", no_future=True)
        return HandoutDefaults(name=name, handout_date=day, kind=self.kind.currentData() or "")

    def commit(self, value: HandoutDefaults) -> bool:
        self.value = value
        return True


class GivenDefaults:
    """The answer for one file: asked when a plan lacks 发放名称 or 发放日期."""

    def __init__(self) -> None:
        self.value = HandoutDefaults()

    def ask(self, plan, parent: QWidget) -> bool | None:
        """None: nothing missing (preview); True: answered (read again); False: cancelled."""
        if not getattr(plan, "missing", None):
            return None
        dialog = HandoutDefaultsDialog(parent, plan.missing, plan.source)
        if not dialog.exec() or dialog.value is None:
            return False
        self.value = dialog.value
        return True
