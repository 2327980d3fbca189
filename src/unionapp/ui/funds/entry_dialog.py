"""记一笔 (a manual ledger entry) and 期初余额."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.services import ledger
from unionapp.services.ledger import CategoryRow, EntryInput
from unionapp.ui.widgets.categories import category_combo
from unionapp.ui.widgets.common import confirm
from unionapp.ui.widgets.forms import FormDialog, money_text, read_date, read_money

DATE_HINT = "如 2026-03-12"


class EntryDialog(FormDialog):
    """A manual entry: the category decides income or expense. A payment that takes its
    category over budget is asked about, not blocked."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        leaves: list[CategoryRow],
        entry_date: date,
        handler: str,
        approver: str,
    ):
        super().__init__(parent, "记一笔")
        self.db = db
        self.saved_id: int | None = None
        self._directions = {c.id: c.direction for c in leaves}
        self.date_edit = self.add_field("date", "日期 *", QLineEdit(format_date(entry_date), placeholderText=DATE_HINT))
        self.category = self.add_field("category", "科目 *", category_combo(leaves))
        self.amount = self.add_field("amount", "金额（元）*", QLineEdit(placeholderText="如 1234.50"))
        self.summary = self.add_field("summary", "摘要 *", QLineEdit(maxLength=200, placeholderText="如 教师节慰问品"))
        self.handler = self.add_field("handler", "经办人", QLineEdit(handler, maxLength=50))
        self.approver = self.add_field("approver", "审批人", QLineEdit(approver, maxLength=50))
        self.direction_hint = self.note("")
        self.category.currentIndexChanged.connect(self._show_direction)
        self.finish_layout()

    def category_id(self) -> int | None:
        return self.category.currentData()

    def _show_direction(self) -> None:
        direction = self._directions.get(self.category_id())
        self.direction_hint.setText(
            {"income": "这是一笔收入。", "expense": "这是一笔支出，工会主席签批后记账。"}.get(direction, "")
        )

    def read(self, problems: dict[str, str]) -> EntryInput | None:
        entry_date = read_date(self.date_edit.text(), problems, "date", no_future=True)
        category_id = self.category_id()
        if category_id is None:
            problems["category"] = "请选择科目"
        amount = read_money(self.amount.text(), problems, "amount")
        if not self.summary.text().strip():
            problems["summary"] = "摘要不能为空，请写明这笔钱的用途或来源"
        if problems:
            return None
        return EntryInput(
            entry_date,
            category_id,
            amount,
            self.summary.text().strip(),
            self.handler.text().strip(),
            self.approver.text().strip(),
        )

    def commit(self, data: EntryInput) -> bool:
        if self._directions.get(data.category_id) == "expense":
            warning = ledger.overdraw_warning(self.db, data)
            if warning and not confirm(self, "超出预算", warning):
                return False
        self.saved_id = ledger.add_entry(self.db, data)
        self.saved_date = data.entry_date
        return True


class OpeningBalanceDialog(FormDialog):
    """期初余额: what the union's account held when it started using the app."""

    def __init__(self, parent: QWidget | None, db: Database, year: int, opening_fen: int):
        super().__init__(parent, f"{year} 年期初余额")
        self.db, self.year = db, year
        self.note(f"开始使用本软件的第一年，填写 {year} 年 1 月 1 日工会账户的余额；以后各年由结账自动结转。")
        self.amount = self.add_field("amount", "期初余额（元）", QLineEdit(money_text(opening_fen)))
        self.finish_layout()

    def read(self, problems: dict[str, str]) -> int | None:
        return read_money(self.amount.text() or "0", problems, "amount", "期初余额", positive=False)

    def commit(self, opening_fen: int) -> bool:
        ledger.set_opening_balance(self.db, self.year, opening_fen)
        return True
