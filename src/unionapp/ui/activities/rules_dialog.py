"""开支标准: the spending rules handouts and activities are judged against, as dated rows
naming their source document. A new rule applies from its date on; an older one stays in
force before it. A figure outside a rule is a warning needing a reason, never a block."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.domain.spending_rules import RULE_KIND_LABELS, RULE_KINDS, SpendingRule
from unionapp.services import spending_rules
from unionapp.ui.widgets.common import PlainTableModel, confirm, guarded, list_table, side_buttons
from unionapp.ui.widgets.forms import FormDialog, read_date, read_money, read_percent
from unionapp.ui.widgets.screen_fit import fit_window

HEADERS = ["项目", "起始日期", "标准", "依据文件"]
# An example figure per kind, so a per-person cap is not typed like an activity's total.
EXAMPLES = {
    "activity_prizes": ("如 1500", "如 3000"),
    "prize_per_person": ("", "如 500"),
    "festival_per_person_year": ("", "如 1800"),
    "birthday_gift": ("", "如 300"),
    "festival_income_share": ("", "如 20"),
}
NOTE = "超出标准时不会阻止登记，但必须写明理由（理由会记录并打印）。标准从起始日期起执行，之前的仍按旧标准。"


def limit_text(rule: SpendingRule) -> str:
    shape = RULE_KINDS[rule.kind][1]
    if shape == "range":
        return f"{format_fen(rule.min_fen)}–{format_fen(rule.max_fen)} 元"
    if shape == "cap":
        return f"不超过 {format_fen(rule.max_fen)} 元"
    return f"不超过年度收入的 {rule.share_bp / 100:g}%"


def ordered(rules: list[SpendingRule]) -> list[SpendingRule]:
    """By kind in the domain's order, then newest first."""
    order = {kind: n for n, kind in enumerate(RULE_KINDS)}
    by_date = sorted(rules, key=lambda r: r.effective_from, reverse=True)
    return sorted(by_date, key=lambda r: order.get(r.kind, len(order)))


class RulesDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, read_only: bool = False):
        super().__init__(parent)
        self.setWindowTitle("开支标准")
        self.db, self.read_only = db, read_only
        self.rules: list[SpendingRule] = []
        self.model = PlainTableModel(HEADERS, [], self)
        self.table = list_table(self.model, (190, 90, 170))
        self.buttons: dict[str, QPushButton] = {}
        side = side_buttons(
            [("add", "添加…", self.add_rule), ("remove", "删除…", self.remove_rule)], self.buttons, self.accept
        )
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(side)
        note = QLabel(NOTE, wordWrap=True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(note)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.reload()
        fit_window(self, QSize(820, 420))

    def reload(self) -> None:
        self.rules = ordered(guarded(self, lambda: spending_rules.list_rules(self.db)) or [])
        self.model.set_rows([[r.label, format_date(r.effective_from), limit_text(r), r.source_doc] for r in self.rules])
        self._update_buttons()

    def selected(self) -> SpendingRule | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rules[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        self.buttons["add"].setEnabled(not self.read_only)
        self.buttons["remove"].setEnabled(not self.read_only and self.selected() is not None)

    def add_rule(self) -> None:
        if not self.read_only and AddRuleDialog(self, self.db).exec():
            self.reload()

    def remove_rule(self) -> None:
        rule = self.selected()
        if rule is None or self.read_only:
            return
        text = (
            f"删除“{rule.label}”{format_date(rule.effective_from)} 起的标准（{limit_text(rule)}）吗？\n\n"
            "已按它登记的超标准说明会保留。"
        )
        if confirm(self, "删除开支标准", text) and guarded(
            self, lambda: spending_rules.remove_rule(self.db, rule.id) or True
        ):
            self.reload()


class AddRuleDialog(FormDialog):
    """One rule: its kind decides which figures it takes (a range, a cap or a share)."""

    def __init__(self, parent: QWidget | None, db: Database, today: date | None = None):
        super().__init__(parent, "添加开支标准")
        self.db = db
        kinds = QComboBox()
        for code, label in RULE_KIND_LABELS.items():
            kinds.addItem(label, code)
        self.kind = self.add_field("kind", "项目 *", kinds)
        self.start = self.add_field(
            "start", "起始日期 *", QLineEdit(format_date(date((today or date.today()).year, 1, 1)))
        )
        self.low = self.add_field("low", "下限（元）*", QLineEdit(placeholderText="如 1500"))
        self.high = self.add_field("high", "上限（元）*", QLineEdit(placeholderText="如 3000"))
        self.share = self.add_field("share", "比例上限（%）*", QLineEdit(placeholderText="如 20"))
        self.source = self.add_field(
            "source",
            "依据文件",
            QLineEdit(maxLength=100, placeholderText="如 省总工会关于规范基层工会经费收支管理的通知"),
        )
        self.kind.currentIndexChanged.connect(lambda *_a: self._shape_changed())
        self._shape_changed()
        self.finish_layout()

    def shape(self) -> str:
        return RULE_KINDS[self.kind.currentData()][1]

    def _shape_changed(self) -> None:
        shape = self.shape()
        for key, widget, shown in (
            ("low", self.low, shape == "range"),
            ("high", self.high, shape in ("range", "cap")),
            ("share", self.share, shape == "share"),
        ):
            widget.setVisible(shown)
            self.form.labelForField(widget).setVisible(shown)
            if not shown:
                widget.clear()
                self._touched.discard(key)
        low, high = EXAMPLES.get(self.kind.currentData(), ("", ""))
        self.low.setPlaceholderText(low)
        self.high.setPlaceholderText(high)
        self.share.setPlaceholderText(high)
        self.validate()
        if self.isVisible():
            self.adjustSize()  # no empty band where the hidden fields were

    def read(self, problems: dict[str, str]) -> SpendingRule | None:
        shape = self.shape()
        start = read_date(self.start.text(), problems, "start", "起始日期", hint="如 2026-01-01")
        low = read_money(self.low.text(), problems, "low", "下限", positive=False) if shape == "range" else 0
        high = read_money(self.high.text(), problems, "high", "上限") if shape != "share" else 0
        share = read_percent(self.share.text(), problems, "share", "比例") if shape == "share" else Decimal(0)
        if shape == "share" and share is not None and share <= 0:
            problems["share"] = "比例应大于 0"
        if shape == "range" and low is not None and high is not None and low > high:
            problems["low"] = "下限不能超过上限"
        if problems:
            return None
        return SpendingRule(
            kind=self.kind.currentData(),
            effective_from=start,
            min_fen=low or 0,
            max_fen=high or 0,
            share_bp=int(share * 100),
            source_doc=self.source.text(),
        )

    def commit(self, rule: SpendingRule) -> bool:
        spending_rules.add_rule(self.db, rule)
        return True
