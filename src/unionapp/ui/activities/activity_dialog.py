"""新建活动 / 修改活动: one form for an activity, checked as the user types. Choosing the
kind suggests the fund category (domain.activities.DEFAULT_CATEGORY) until the user picks
one; the groups taking part are ticked in a list (none ticked: the whole school)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.activities import ACTIVITY_KIND_LABELS, DEFAULT_CATEGORY
from unionapp.domain.dates import format_date
from unionapp.domain.errors import DomainError
from unionapp.services import activities
from unionapp.services.activities import ActivityInput, ActivityRow, NeedsReason
from unionapp.ui.activities.activity_data import Context
from unionapp.ui.widgets.forms import FormDialog, money_text, read_date, read_money

DATE_HINT = "如 2026-05-20"
NO_CATEGORY = "（请选择经费科目）"


def _combo(items: dict) -> QComboBox:
    box = QComboBox()
    for value, label in items.items():
        box.addItem(label, value)
    return box


def _select(box: QComboBox, value) -> None:
    box.setCurrentIndex(max(box.findData(value), 0))


class ReasonRows:
    """The 超标准说明 of a form whose save may meet NeedsReason: hidden until a rule is
    outside (the activity's warnings, or the service's answer on saving), then the rules are
    shown above a required reason, which is kept with the activity and printed."""

    def __init__(self, form: FormDialog, warnings: str = "", reason: str = ""):
        self.form = form
        self.rules = form.note("")
        # The reason given before is shown, not filled in: it was written for the figures
        # then, and the service asks again only when a figure newly falls outside a rule.
        edit = QPlainTextEdit()
        edit.setFixedHeight(54)
        example = "如 参赛人数多于往年，经工会委员会研究同意"
        edit.setPlaceholderText(f"原说明：{reason}（超标准的数额有变化时需重新填写）" if reason else example)
        self.edit = form.add_field("reason", "超标准说明 *", edit)
        self.needed = False
        self.show(warnings.split("；") if warnings else [], needed=False)

    def show(self, warnings: list[str], needed: bool = True) -> None:
        visible = bool(warnings) or bool(self.edit.toPlainText().strip())
        self.rules.setText("超出开支标准：" + "；".join(warnings) if warnings else "")
        self.form.form.setRowVisible(self.rules, bool(warnings))
        self.form.form.setRowVisible(self.edit, visible)
        self.needed = self.needed or needed

    def read(self, problems: dict[str, str]) -> str:
        text = self.edit.toPlainText().strip()
        if self.needed and not text:
            problems["reason"] = "超出开支标准：请写明理由，它会和记录一起保存并打印在表上"
        return text

    @contextmanager
    def asked(self):
        """Around a save: NeedsReason opens the reason rows, its message stays in the form."""
        try:
            yield
        except NeedsReason as err:
            self.show(err.warnings)  # the rules stand above the reason box, once
            self.edit.setFocus()
            raise DomainError("超出开支标准：请在“超标准说明”中写明理由后再保存。") from err


class ActivityDialog(FormDialog):
    """New (`row` None) or edit. `saved_id` is the activity written."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        context: Context,
        year: int,
        row: ActivityRow | None = None,
        today: date | None = None,
    ):
        super().__init__(parent, f"修改活动：{row.name}" if row else "新建活动")
        self.db, self.row, self.context = db, row, context
        self.today = today or date.today()
        self.saved_id: int | None = None
        self._category_chosen = row is not None  # an edited activity keeps its category
        self._build_fields()
        if row is not None:
            self._fill(row)
        else:
            self._defaults(year)
        self.kind.currentIndexChanged.connect(lambda _i: self._suggest_category())
        self.category.activated.connect(lambda _i: setattr(self, "_category_chosen", True))
        self.finish_layout()

    # ------------------------------------------------------------ building
    def _build_fields(self) -> None:
        self.name = self.add_field(
            "name", "活动名称 *", QLineEdit(maxLength=100, placeholderText="如 春季教职工运动会")
        )
        self.kind = self.add_field("kind", "类型 *", _combo(ACTIVITY_KIND_LABELS))
        self.date_from = self.add_field("date_from", "开始日期 *", QLineEdit(placeholderText=DATE_HINT))
        self.date_to = self.add_field("date_to", "结束日期", QLineEdit(placeholderText="一天的活动可空着"))
        self.place = self.add_field("place", "地点", QLineEdit(maxLength=100, placeholderText="如 学校操场"))
        self.organiser = self.add_field("organiser", "组织者", QLineEdit(maxLength=50, placeholderText="如 文体部"))
        self.budget = self.add_field("budget", "预算（元）", QLineEdit(placeholderText="如 3000；可空着"))
        self.category = self.add_field(
            "category",
            "经费科目 *",
            _combo({None: NO_CATEGORY, **{c.id: c.full_name for c in self.context.categories}}),
        )
        self.groups = self.add_field("groups", "参加小组", self._group_list())
        self.note("不勾选任何小组表示全校参加；参与率按所选小组的在职会员计算。")
        self.approver = self.add_field("approver", "审批人", QLineEdit(maxLength=50))
        self.approval_no = self.add_field("approval_no", "审批编号", QLineEdit(maxLength=50))
        self.notes = self.add_field("notes", "备注", QLineEdit(maxLength=200))
        self.reason = ReasonRows(
            self, self.row.warnings if self.row else "", self.row.warning_reason if self.row else ""
        )

    def _group_list(self) -> QListWidget:
        box = QListWidget()
        for g in self.context.groups:
            item = QListWidgetItem(g.name)
            item.setData(Qt.ItemDataRole.UserRole, g.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            box.addItem(item)
        box.setFixedHeight(min(max(len(self.context.groups), 2), 5) * 20 + 6)
        return box

    def _defaults(self, year: int) -> None:
        if year == self.today.year:
            self.date_from.setText(format_date(self.today))
        self._suggest_category()

    def _fill(self, row: ActivityRow) -> None:
        self.name.setText(row.name)
        _select(self.kind, row.kind)
        self.date_from.setText(format_date(row.date_from))
        self.date_to.setText(format_date(row.date_to))
        self.place.setText(row.place)
        self.organiser.setText(row.organiser)
        self.budget.setText(money_text(row.budget_fen) if row.budget_fen else "")
        _select(self.category, row.category_id)
        self.set_groups(row.group_ids)
        self.approver.setText(row.approver)
        self.approval_no.setText(row.approval_no)
        self.notes.setText(row.notes)

    def set_groups(self, group_ids) -> None:
        wanted = set(group_ids)
        for i in range(self.groups.count()):
            item = self.groups.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def group_ids(self) -> tuple[int, ...]:
        items = (self.groups.item(i) for i in range(self.groups.count()))
        return tuple(i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked)

    def _suggest_category(self) -> None:
        """The kind's usual category, until the user has chosen one."""
        if self._category_chosen:
            return
        suggested = self.context.category_id(DEFAULT_CATEGORY.get(self.kind.currentData(), ""))
        if suggested is not None:
            _select(self.category, suggested)

    # ------------------------------------------------------------ reading and saving
    def read(self, problems: dict[str, str]) -> ActivityInput | None:
        name = self.name.text().strip()
        if not name:
            problems["name"] = "请填写活动名称，如“春季教职工运动会”"
        start = read_date(self.date_from.text(), problems, "date_from", "开始日期", hint=DATE_HINT)
        end = start
        if self.date_to.text().strip():
            end = read_date(self.date_to.text(), problems, "date_to", "结束日期", hint=DATE_HINT)
        if start and end and end < start:
            problems["date_to"] = "结束日期不能早于开始日期"
        budget = 0
        if self.budget.text().strip():
            budget = read_money(self.budget.text(), problems, "budget", "预算", positive=False) or 0
        category_id = self.category.currentData()
        if category_id is None:
            problems["category"] = "请选择经费科目：奖品和费用记入这个科目"
        if problems:
            return None
        return ActivityInput(
            name=name,
            kind=self.kind.currentData(),
            date_from=start,
            date_to=end,
            place=self.place.text(),
            organiser=self.organiser.text(),
            budget_fen=budget,
            category_id=category_id,
            group_ids=self.group_ids(),
            approver=self.approver.text(),
            approval_no=self.approval_no.text(),
            warning_reason=self.reason.read(problems),
            notes=self.notes.text(),
        )

    def commit(self, value: ActivityInput) -> bool:
        with self.reason.asked():
            return self._write(value)

    def _write(self, value: ActivityInput) -> bool:
        if self.row is None:
            self.saved_id = activities.create_activity(self.db, value)
        else:
            activities.update_activity(self.db, self.row.id, value, expected_version=self.row.version)
            self.saved_id = self.row.id
        return True
