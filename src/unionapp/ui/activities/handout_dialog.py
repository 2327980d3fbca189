"""新建发放 / 修改发放: the handout's details on the left, its list on the right. Choosing
a kind suggests the name ("2026年三八节慰问品"), the fund category and the rule that
picks the list (三八慰问 → 在职女会员), so the 三八 gift is set up in a minute;
保存并发放 then issues it at once."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from unionapp.db.engine import Database
from unionapp.domain.dates import DateError, format_date, parse_date
from unionapp.domain.handouts import DEFAULT_CATEGORY, HANDOUT_KIND_LABELS, VALUE_KIND_LABELS
from unionapp.domain.money import format_fen
from unionapp.services import handouts
from unionapp.services.handouts import HandoutInput, HandoutRow
from unionapp.ui.activities.handout_data import Context
from unionapp.ui.activities.handout_recipients import RecipientsPanel
from unionapp.ui.widgets.categories import category_combo
from unionapp.ui.widgets.forms import FormDialog, money_text, read_date, read_money
from unionapp.ui.widgets.screen_fit import fit_window

DATE_HINT = "如 2026-03-08"
# The rule a new handout of each kind starts from.
DEFAULT_RULE = {"festival": "all", "birthday": "birth_month", "summer": "all", "womens_day": "women", "other": "all"}
FESTIVALS_BY_MONTH = {1: "春节", 2: "春节", 5: "端午节", 6: "端午节", 9: "中秋节", 10: "国庆节", 12: "元旦"}


def suggested_name(kind: str, day: date) -> str:
    year = day.year
    if kind == "womens_day":
        return f"{year}年三八节慰问品"
    if kind == "summer":
        return f"{year}年防暑降温慰问品"
    if kind == "birthday":
        return f"{year}年{day.month}月生日祝福"
    if kind == "festival":
        festival = FESTIVALS_BY_MONTH.get(day.month, "节日")
        # December's gift is for the coming New Year's Day
        return f"{year + 1 if festival == '元旦' else year}年{festival}慰问品"
    return ""


def _combo(items: dict) -> QComboBox:
    box = QComboBox()
    for value, label in items.items():
        box.addItem(label, value)
    return box


class HandoutDialog(FormDialog):
    """New (`row` None) or edit. `saved_id` is the handout written; `issue_after` is set
    when the user chose 保存并发放."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        context: Context,
        today: date,
        row: HandoutRow | None = None,
        data: HandoutInput | None = None,
        listed: list[int] | None = None,
    ):
        super().__init__(parent, f"修改发放：{row.name}" if row else "新建发放")
        self.db, self.context, self.row, self.today = db, context, row, today
        self.saved_id: int | None = None
        self.issue_after = False
        self.version = row.version if row else None
        self._listed = list(listed or [])
        self._name_typed = row is not None
        self._touched.add("list")  # the list's state is no field: shown under the form at once
        self._build_fields()
        self.recipients = RecipientsPanel(db, context)
        self._arrange()
        self._connect()
        if row is not None and data is not None:
            self._fill(data)
        else:
            self._defaults()
        self.finish_layout()
        fit_window(self, QSize(1060, 560))

    # ------------------------------------------------------------ building
    def _build_fields(self) -> None:
        self.name = self.add_field("name", "发放名称 *", QLineEdit(maxLength=100))
        self.kind = self.add_field("kind", "类型 *", _combo(HANDOUT_KIND_LABELS))
        self.day = self.add_field("date", "发放日期 *", QLineEdit(placeholderText=DATE_HINT))
        self.value_kind = self.add_field("value_kind", "现金/实物", _combo(VALUE_KIND_LABELS))
        self.item = self.add_field(
            "item", "发放物品", QLineEdit(maxLength=100, placeholderText="如 超市购物卡、毛巾礼盒")
        )
        self.value = self.add_field("value", "每人金额（元）", QLineEdit(placeholderText="如 200"))
        self.category = self.add_field("category", "经费科目", category_combo(self.context.categories))
        self.approver = self.add_field("approver", "审批人", QLineEdit(maxLength=50))
        self.approval_no = self.add_field("approval_no", "审批编号", QLineEdit(maxLength=50))
        self.handler = self.add_field("handler", "经办人", QLineEdit(maxLength=50))
        self.notes = self.add_field("notes", "备注", QLineEdit(maxLength=200))
        self.reason = None
        if self.row is not None and self.row.status == "issued":
            self.reason = self.add_field("reason", "超标准说明", QPlainTextEdit())
            self.reason.setFixedHeight(50)
        self.summary = self.note("")

    def _arrange(self) -> None:
        """The details' form on the left, the list beside it (a dialog no taller than a laptop's screen)."""
        self.body.takeAt(0)
        columns = QHBoxLayout()
        columns.addLayout(self.form, 2)
        if self.row is None or self.row.status == "draft":
            columns.addWidget(self.recipients, 3)
        else:
            self.recipients.hide()
            self.note("已发放的名单已固定；如需修改名单，请先“撤回发放”。")
        self.body.insertLayout(0, columns, 1)
        self.issue_button = self.buttons.addButton("保存并发放…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.issue_button.setVisible(self.row is None or self.row.status == "draft")
        self.buttons.clicked.connect(lambda button: setattr(self, "issue_after", button is self.issue_button))

    def _connect(self) -> None:
        self.name.textEdited.connect(lambda *_a: setattr(self, "_name_typed", bool(self.name.text().strip())))
        self.kind.currentIndexChanged.connect(lambda *_a: self._kind_changed())
        self.day.textEdited.connect(lambda *_a: self._day_changed())
        self.recipients.changed.connect(self.validate)

    def _defaults(self) -> None:
        self.day.setText(format_date(self.today))
        self.value_kind.setCurrentIndex(max(self.value_kind.findData("goods"), 0))  # gifts are mostly goods
        self.handler.setText(self.context.chair)
        self.recipients.set_day(self.today)
        self._kind_changed()

    def _fill(self, data: HandoutInput) -> None:
        for box, value in ((self.kind, data.kind), (self.value_kind, data.value_kind)):
            box.blockSignals(True)
            box.setCurrentIndex(max(box.findData(value), 0))
            box.blockSignals(False)
        self.name.setText(data.name)
        self.day.setText(format_date(data.handout_date))
        self.item.setText(data.item)
        self.value.setText(money_text(data.value_fen))
        self.category.setCurrentIndex(max(self.category.findData(data.category_id), 0))
        self.approver.setText(data.approver)
        self.approval_no.setText(data.approval_no)
        self.handler.setText(data.handler)
        self.notes.setText(data.notes)
        if self.reason is not None and data.warning_reason:
            # Shown, not filled in: a figure newly outside a rule needs a reason of its own.
            self.reason.setPlaceholderText(f"原说明：{data.warning_reason}（超标准的数额有变化时需重新填写）")
        self.recipients.set_day(data.handout_date)
        self.recipients.set_rule(data.rule, data.rule_month, data.rule_group_id, data.rule_handout_id, pick=False)
        self.recipients.set_list(self._listed)

    # ------------------------------------------------------------ live behaviour
    def _typed_day(self) -> date:
        try:
            return parse_date(self.day.text()) or self.today
        except DateError:
            return self.today

    def _kind_changed(self) -> None:
        """A new handout follows its kind: name, category and rule (a name typed by hand stays)."""
        kind = self.kind.currentData()
        if self.row is None:
            category = self.context.category_id(DEFAULT_CATEGORY.get(kind, "welfare"))
            if category is not None:
                self.category.setCurrentIndex(max(self.category.findData(category), 0))
            self.recipients.set_rule(DEFAULT_RULE.get(kind, "all"))
        self._suggest_name()

    def _day_changed(self) -> None:
        self.recipients.set_day(self._typed_day())
        self._suggest_name()

    def _suggest_name(self) -> None:
        if not self._name_typed:
            self.name.setText(suggested_name(self.kind.currentData(), self._typed_day()))
        self.validate()

    def on_validated(self, problems: dict[str, str]) -> None:
        if not hasattr(self, "recipients") or not hasattr(self, "summary"):
            return  # still being built
        count = len(self.recipients.chosen_ids()) if self._list_editable() else self.row.recipients
        fen = read_money(self.value.text(), {}, "value", positive=False) or 0 if self.value.text().strip() else 0
        total = f"，合计 {format_fen(fen * count)} 元" if fen else ""
        self.summary.setText(f"名单 {count} 人 × 每人 {format_fen(fen)} 元{total}")
        self.issue_button.setEnabled(not problems)

    def _list_editable(self) -> bool:
        return self.row is None or self.row.status == "draft"

    # ------------------------------------------------------------ reading and saving
    def read(self, problems: dict[str, str]) -> tuple[HandoutInput, list[int]] | None:
        name = self.name.text().strip()
        if not name:
            problems["name"] = "请填写发放名称，如“2026年三八节慰问品”"
        day = read_date(self.day.text(), problems, "date", "发放日期", hint=DATE_HINT)
        fen = (
            read_money(self.value.text(), problems, "value", "每人金额", positive=False)
            if self.value.text().strip()
            else 0
        )
        category_id = self.category.currentData()
        if fen and category_id is None:
            problems["category"] = "请选择经费科目：发放的钱物要记入收支明细账"
        if not hasattr(self, "recipients"):
            return None
        if self._list_editable():
            self._read_list(problems)
        if problems:
            return None
        rule, month, group_id, source_id = self.recipients.rule_values()
        data = HandoutInput(
            name=name,
            kind=self.kind.currentData(),
            handout_date=day,
            value_kind=self.value_kind.currentData(),
            item=self.item.text(),
            value_fen=fen or 0,
            category_id=category_id,
            rule=rule,
            rule_month=month,
            rule_group_id=group_id,
            rule_handout_id=source_id,
            approver=self.approver.text(),
            approval_no=self.approval_no.text(),
            handler=self.handler.text(),
            warning_reason=self.reason.toPlainText() if self.reason is not None else "",
            notes=self.notes.text(),
        )
        return data, self.recipients.chosen_ids()

    def _read_list(self, problems: dict[str, str]) -> None:
        panel = self.recipients
        if panel.picking:
            problems["list"] = "正在按规则选取名单，请稍候"
        elif panel.error:
            problems["list"] = panel.error

    def commit(self, value: tuple[HandoutInput, list[int]]) -> bool:
        data, ids = value
        if self.row is None:
            self.saved_id = handouts.create_handout(self.db, data, ids)
            return True
        new_list = ids if self._list_editable() and ids != self._listed else None
        handouts.update_handout(self.db, self.row.id, data, expected_version=self.version, member_ids=new_list)
        self.saved_id = self.row.id
        return True
