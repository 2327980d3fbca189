"""The 奖品 and 费用 sub-tabs of an activity: prizes per person or per team (money or
goods), judged by the spending rules on saving — a figure outside a rule asks for a written
reason and names the rule, it never silently blocks — and costs (venue, materials), each
posted to the ledger; a cost is removed only with a reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.activities import COST_ITEMS, PRIZE_KIND_LABELS
from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.services import activities
from unionapp.services.activities import ActivityRow, CostInput, PrizeInput, PrizeRow
from unionapp.services.members import MemberRow
from unionapp.ui.activities.activity_dialog import ReasonRows
from unionapp.ui.activities.activity_model import CostTableModel, PrizeTableModel
from unionapp.ui.visits.member_picker import MemberPicker
from unionapp.ui.widgets.common import confirm, guarded, selected_record
from unionapp.ui.widgets.forms import NOTE_STYLE, FormDialog, money_text, read_date, read_money
from unionapp.ui.widgets.reason_dialog import ReasonDialog
from unionapp.ui.widgets.row_model import record_table

PERSON, TEAM = "person", "team"


class PrizeDialog(FormDialog):
    """添加奖品 / 修改奖品 for one activity; `saved` is True once written."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        activity: ActivityRow,
        members: list[MemberRow],
        row: PrizeRow | None = None,
    ):
        super().__init__(parent, f"修改奖品：{activity.name}" if row else f"添加奖品：{activity.name}")
        self.db, self.activity, self.row = db, activity, row
        self.saved = False
        self.member = self.add_field("member", "领奖人 *", MemberPicker(members))
        self.member.picked.connect(lambda: self._edited("member"))
        self.award = self.add_field(
            "award", "奖项", QLineEdit(maxLength=50, placeholderText="如 一等奖、男子100米第一名")
        )
        scope = QComboBox()  # combos filled before add_field connects them: the form is not all there yet
        scope.addItem("个人奖", PERSON)
        scope.addItem("团体奖（由领奖人代领）", TEAM)
        self.scope = self.add_field("scope", "个人/团体", scope)
        self.team = self.add_field("team", "队伍名称", QLineEdit(maxLength=50, placeholderText="如 高中组代表队"))
        self.team_size = self.add_field("team_size", "队伍人数", QSpinBox(minimum=1, maximum=500))
        kind = QComboBox()
        for code, label in PRIZE_KIND_LABELS.items():
            kind.addItem(label, code)
        self.kind = self.add_field("kind", "奖金/奖品 *", kind)
        self.item = self.add_field("item", "物品", QLineEdit(maxLength=100, placeholderText="如 保温杯；奖金可空着"))
        self.value = self.add_field("value", "金额（元）*", QLineEdit(placeholderText="如 200；奖品按价值填写"))
        self.reason = ReasonRows(self, activity.warnings, activity.warning_reason)
        self.note(f"本次活动已登记奖品合计 {format_fen(activity.prizes_fen)} 元；超出开支标准时需写明理由。")
        self.scope.currentIndexChanged.connect(lambda _i: self._scope_changed())
        if row is not None:
            self._fill(row)
        self._scope_changed()
        self.finish_layout()

    def _fill(self, row: PrizeRow) -> None:
        self.member.set_member(row.member_id)
        self.award.setText(row.award)
        self.scope.setCurrentIndex(self.scope.findData(TEAM if row.team else PERSON))
        self.team.setText(row.team)
        self.team_size.setValue(row.team_size)
        self.kind.setCurrentIndex(max(self.kind.findData(row.kind), 0))
        self.item.setText(row.item)
        self.value.setText(money_text(row.value_fen))

    def _scope_changed(self) -> None:
        team = self.scope.currentData() == TEAM
        self.form.setRowVisible(self.team, team)
        self.form.setRowVisible(self.team_size, team)
        self.validate()

    def read(self, problems: dict[str, str]) -> PrizeInput | None:
        member = self.member.member
        if member is None:
            problems["member"] = "请输入姓名、拼音或首字母，从列表中选择领奖人"
        team = self.scope.currentData() == TEAM
        if team and not self.team.text().strip():
            problems["team"] = "请填写队伍名称"
        value = read_money(self.value.text(), problems, "value", "金额", positive=False)
        reason = self.reason.read(problems)
        if problems:
            return None
        prize = PrizeInput(
            member_id=member.id,
            award=self.award.text(),
            kind=self.kind.currentData(),
            item=self.item.text(),
            value_fen=value or 0,
            team=self.team.text() if team else "",
            team_size=self.team_size.value() if team else 1,
        )
        return prize, reason

    def commit(self, value) -> bool:
        prize, reason = value
        with self.reason.asked():
            if self.row is None:
                activities.add_prize(self.db, self.activity.id, prize, warning_reason=reason)
            else:
                activities.update_prize(self.db, self.row.id, prize, warning_reason=reason)
        self.saved = True
        return True


class CostDialog(FormDialog):
    """添加费用: date, item (a usual one or typed), amount, note; posted to the ledger."""

    def __init__(self, parent: QWidget | None, db: Database, activity: ActivityRow, today: date):
        super().__init__(parent, f"添加费用：{activity.name}")
        self.db, self.activity = db, activity
        self.saved = False
        day = min(max(today, activity.date_from), activity.date_to) if activity.year == today.year else activity.date_to
        self.day = self.add_field("date", "日期 *", QLineEdit(format_date(day), placeholderText="如 2026-05-20"))
        item = QComboBox(editable=True)  # filled before add_field connects it
        item.addItems(COST_ITEMS)
        item.setCurrentIndex(-1)
        self.item = self.add_field("item", "费用项目 *", item)
        self.item.lineEdit().setPlaceholderText("选择或输入，如 场地费")
        self.item.lineEdit().textEdited.connect(lambda *_a: self._edited("item"))
        self.amount = self.add_field("amount", "金额（元）*", QLineEdit(placeholderText="如 800"))
        self.note_edit = self.add_field("note", "说明", QLineEdit(maxLength=200, placeholderText="如 体育馆半天租金"))
        self.note(f"记入收支明细账，科目：{activity.category_name or '（活动未设经费科目）'}")
        self.finish_layout()

    def read(self, problems: dict[str, str]) -> CostInput | None:
        day = read_date(self.day.text(), problems, "date", "日期", hint="如 2026-05-20")
        item = self.item.currentText().strip()
        if not item:
            problems["item"] = "请选择或填写费用项目，如 场地费"
        amount = read_money(self.amount.text(), problems, "amount", "金额")
        if problems:
            return None
        return CostInput(day, item, amount, self.note_edit.text())

    def commit(self, value: CostInput) -> bool:
        activities.add_cost(self.db, self.activity.id, value)
        self.saved = True
        return True


def _buttons(specs: list[tuple[str, Callable[[], object]]]) -> tuple[QHBoxLayout, list[QPushButton]]:
    row, made = QHBoxLayout(), []
    for text, slot in specs:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        made.append(button)
    return row, made


class _ListPart(QWidget):
    """A sub-tab's table with its total line and buttons; `changed` after every write."""

    changed = Signal()

    def __init__(self, page, model, parent: QWidget | None = None):
        super().__init__(parent)
        self.page, self.model = page, model
        self.table = record_table(model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_buttons())
        self.total = QLabel()
        self.total.setStyleSheet(NOTE_STYLE)
        self.total.setWordWrap(True)

    def _layout(self, buttons: QHBoxLayout) -> None:
        buttons.addStretch(1)
        buttons.addWidget(self.total, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def selected(self):
        return selected_record(self.table, self.model)

    def editable(self) -> bool:
        return self.page.editable and self.page.activity is not None


class PrizesView(_ListPart):
    def __init__(self, page, parent: QWidget | None = None):
        super().__init__(page, PrizeTableModel(), parent)
        self.table.doubleClicked.connect(lambda _i: self.edit_prize())
        row, (self.add_button, self.edit_button, self.remove_button, self.issue_button) = _buttons(
            [
                ("添加奖品…", self.add_prize),
                ("修改…", self.edit_prize),
                ("删除", self.remove_prize),
                ("奖品已发放…", self.issue_or_withdraw),
            ]
        )
        self._layout(row)
        self.update_buttons()

    def set_rows(self, activity: ActivityRow | None, rows: list[PrizeRow]) -> None:
        self.model.set_rows(rows)
        text = f"共 {len(rows)} 项，合计 {format_fen(self.model.total_fen())} 元" if activity else ""
        if activity is not None and rows:
            text += "，已发放并记账" if activity.prizes_issued else "，尚未发放（发放后点“奖品已发放”记账）"
        if activity is not None and activity.warnings:
            text += f"。超出开支标准：{activity.warnings}（说明：{activity.warning_reason or '未填写'}）"
        self.total.setText(text)
        self.update_buttons()

    def update_buttons(self) -> None:
        can, chosen = self.editable(), self.selected() is not None
        self.add_button.setEnabled(can)
        self.edit_button.setEnabled(can and chosen)
        self.remove_button.setEnabled(can and chosen)
        activity = self.page.activity
        issued = activity is not None and activity.prizes_issued
        self.issue_button.setText("撤回奖品发放…" if issued else "奖品已发放…")
        self.issue_button.setEnabled(can and (issued or self.model.rowCount() > 0))

    def _open(self, row: PrizeRow | None) -> None:
        activity = self.page.activity

        def open_dialog(context) -> None:
            dialog = PrizeDialog(self, self.page.db, activity, context.members, row)
            if dialog.exec() and dialog.saved:
                self.changed.emit()

        self.page.with_context(open_dialog)

    def add_prize(self) -> None:
        if self.editable():
            self._open(None)

    def edit_prize(self) -> None:
        row = self.selected()
        if self.editable() and row is not None:
            self._open(row)

    def issue_or_withdraw(self) -> None:
        """奖品已发放: the prizes' total goes into the ledger as one entry (prizes entered one
        by one leave no reversals); 撤回 reverses it, with a reason."""
        activity = self.page.activity
        if not self.editable() or activity is None:
            return
        db = self.page.db
        if activity.prizes_issued:
            what = f"撤回“{activity.name}”的奖品发放：奖品合计 {format_fen(activity.prizes_fen)} 元的记账将红字冲销。"
            dialog = ReasonDialog(self, "撤回奖品发放", what, lambda r: activities.withdraw_prizes(db, activity.id, r))
            if dialog.exec():
                self.changed.emit()
            return
        what = (
            f"“{activity.name}”的奖品合计 {format_fen(activity.prizes_fen)} 元已发到领奖人手中？"
            f"确认后记入收支明细账（{activity.category_name or '未设经费科目'}）。"
        )
        if confirm(self, "奖品已发放", what) and guarded(
            self, lambda: activities.issue_prizes(db, activity.id) or True
        ):
            self.changed.emit()

    def remove_prize(self) -> None:
        row = self.selected()
        if not self.editable() or row is None:
            return
        what = f"删除 {row.name} 的{row.award or '奖品'}（{format_fen(row.value_fen)} 元）？奖品合计将重新记账。"
        if not confirm(self, "删除奖品", what):
            return
        if guarded(self, lambda: activities.remove_prize(self.page.db, row.id) or True):
            self.changed.emit()


class CostsView(_ListPart):
    def __init__(self, page, parent: QWidget | None = None):
        super().__init__(page, CostTableModel(), parent)
        row, (self.add_button, self.remove_button) = _buttons(
            [("添加费用…", self.add_cost), ("删除费用…", self.remove_cost)]
        )
        self._layout(row)
        self.update_buttons()

    def set_rows(self, activity: ActivityRow | None, rows) -> None:
        self.model.set_rows(rows)
        text = ""
        if activity is not None:
            text = f"共 {len(rows)} 笔，合计 {format_fen(self.model.total_fen())} 元"
            if activity.budget_fen:
                text += f"；预算 {format_fen(activity.budget_fen)} 元，奖品和费用共 {format_fen(activity.spent_fen)} 元"
        self.total.setText(text)
        self.update_buttons()

    def update_buttons(self) -> None:
        can = self.editable()
        self.add_button.setEnabled(can)
        self.remove_button.setEnabled(can and self.selected() is not None)

    def add_cost(self) -> None:
        if self.editable():
            dialog = CostDialog(self, self.page.db, self.page.activity, self.page.current_day())
            if dialog.exec() and dialog.saved:
                self.changed.emit()

    def remove_cost(self) -> None:
        row = self.selected()
        if not self.editable() or row is None:
            return
        what = f"删除费用：{format_date(row.cost_date)} {row.item} {format_fen(row.amount_fen)} 元。记账凭证将冲销。"
        dialog = ReasonDialog(
            self, "删除费用", what, lambda reason: activities.remove_cost(self.page.db, row.id, reason)
        )
        if dialog.exec():
            self.changed.emit()
