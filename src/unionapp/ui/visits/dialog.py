"""登记走访 / 修改走访记录: the visit form. As the user types, `services.visits.judge_visit`
judges the visit, from the facts about the chosen member and type (`read_facts`) read on a
worker thread once per member and type — never a database query per keystroke: the standard in force is shown, errors (red) keep 保存 disabled, and
warnings (orange) ask for a written reason (说明理由) before the visit can be saved.
The money is pre-filled from the standard for the type and date until the user types one.

Fast path: Ctrl+N, type the initials, Enter (picks the member), choose the type, Enter (saves)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.domain.visits import STATUS_LABELS, Standard
from unionapp.services import visits
from unionapp.services.members import MemberRow
from unionapp.services.visits import TypeRow, VisitCheck, VisitFacts, VisitInput
from unionapp.ui.visits.member_picker import MemberPicker
from unionapp.ui.widgets.forms import (
    NOTE_STYLE,
    PROBLEM_STYLE,
    FormDialog,
    money_text,
    read_date,
    read_money,
    show_refusal,
)
from unionapp.ui.widgets.tasks import run_quietly

WARNING_STYLE = "color: #b35900;"
STANDARD_STYLE = "color: #1f5f99;"
NO_TYPE = "（请选择走访类型）"
READING = "正在读取适用的标准和该会员的走访记录…"
CHOOSE_FIRST = "选好会员、类型并填写日期后，这里显示适用的标准和检查结果。"
_VISITORS_KEY = "visits/last_visitors"


def standard_text(standard: Standard) -> str:
    """ "标准：300.00 元，同一事由每年一次（本会默认标准）"."""
    source = standard.source_doc or "未注明依据文件"
    if standard.effective_from > Standard.effective_from:  # the seed's standards hold "since ever"
        source += f"，{format_date(standard.effective_from)} 起执行"
    return f"标准：{standard.describe()}（{source}）"


def _type_combo(types: list[TypeRow], current: int | None) -> QComboBox:
    """Active types; a retired one only when the visit being edited has it."""
    box = QComboBox()
    box.addItem(NO_TYPE, None)
    for t in types:
        if t.active or t.id == current:
            box.addItem(t.name + ("" if t.active else "（已停用）"), t.id)
    box.setCurrentIndex(max(box.findData(current), 0) if current is not None else 0)
    box.setMaxVisibleItems(20)
    return box


class VisitDialog(FormDialog):
    """A new visit (`visit_id` None) or an edit of one loaded at `version`."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        members: list[MemberRow],
        types: list[TypeRow],
        data: VisitInput | None = None,
        visit_id: int | None = None,
        version: int | None = None,
        chair: str = "",
        title: str = "登记走访",
        read_only: bool = False,
        follow_standard: bool = False,
    ):
        super().__init__(parent, title)
        self.setMinimumWidth(560)
        self.db, self.visit_id, self.version, self.read_only = db, visit_id, version, read_only
        self.saved_id: int | None = None
        self.saved_date: date | None = None
        self.check: VisitCheck | None = None
        self._input: VisitInput | None = None
        self._facts: VisitFacts | None = None  # about the member and type chosen
        self._reading: tuple | None = None  # the facts key a worker is reading
        # An amount the user typed (or the saved visit's) is kept; else it follows the standard.
        self._amount_typed = visit_id is not None and not follow_standard
        start = data or VisitInput(
            0, 0, date.today(), approver=chair, visitors=str(QSettings().value(_VISITORS_KEY, ""))
        )
        self._build(members, types, start)
        self.finish_layout()
        if not start.member_id:
            self.member_edit.setFocus()  # the fast path starts by typing the initials

    def _build(self, members: list[MemberRow], types: list[TypeRow], d: VisitInput) -> None:
        self.member_edit = self.add_field("member", "会员 *", MemberPicker(members))
        self.member_edit.set_member(d.member_id or None)
        self.member_edit.picked.connect(lambda: self._edited("member"))
        self.type_box = self.add_field("type", "走访类型 *", _type_combo(types, d.type_id or None))
        status = QComboBox()  # filled before add_field connects it: the form is not all there yet
        for code in ("done", "planned"):
            status.addItem(STATUS_LABELS[code], code)
        status.setCurrentIndex(status.findData(d.status))
        self.status_box = self.add_field("status", "状态", status)
        self.date_edit = self.add_field(
            "date", "日期 *", QLineEdit(format_date(d.visit_date), placeholderText="如 2026-03-12；待访填计划日期")
        )
        self.reason_edit = self.add_field(
            "reason", "事由", QLineEdit(d.reason, maxLength=100, placeholderText="如 阑尾炎手术住院")
        )
        self.visitors_edit = self.add_field(
            "visitors", "走访人", QLineEdit(d.visitors, maxLength=200, placeholderText="如 王建国、李梅")
        )
        money = QLineEdit(money_text(d.money_fen) if d.money_fen else "", placeholderText="不发慰问金请留空")
        # Connected before add_field's check, which must already know the amount is the user's.
        money.textEdited.connect(lambda text: setattr(self, "_amount_typed", bool(text.strip())))
        self.money_edit = self.add_field("money", "慰问金（元）", money)
        self.gift_edit = self.add_field(
            "gift", "慰问品", QLineEdit(d.gift, maxLength=200, placeholderText="如 水果、牛奶")
        )
        self.gift_value_edit = self.add_field(
            "gift_value", "慰问品价值（元）", QLineEdit(money_text(d.gift_value_fen) if d.gift_value_fen else "")
        )
        self.approver_edit = self.add_field("approver", "审批人", QLineEdit(d.approver, maxLength=50))
        self.approval_edit = self.add_field("approval_no", "审批编号", QLineEdit(d.approval_no, maxLength=50))
        self.family_box = self.add_field("family", "", QCheckBox("慰问家属（会员本人已去世或调出时，慰问其家属）"))
        self.family_box.setChecked(d.for_family)
        self.family_box.toggled.connect(lambda _on: self._edited("family"))
        self.notes_edit = self.add_field("notes", "备注", QPlainTextEdit(d.notes))
        self.notes_edit.setFixedHeight(48)
        self.standard_label = self._label(STANDARD_STYLE)
        self.errors_label = self._label(PROBLEM_STYLE)
        self.warnings_label = self._label(WARNING_STYLE)
        self.why_edit = self.add_field("why", "说明理由 *", QPlainTextEdit(d.warning_reason))
        self.why_edit.setFixedHeight(48)
        self.why_edit.setPlaceholderText("超出标准的原因，如 经工会委员会研究同意提高标准")
        for edit in (self.date_edit, self.money_edit, self.gift_value_edit):
            edit.setMaximumWidth(200)

    def _label(self, style: str) -> QLabel:
        label = self.note("")
        label.setStyleSheet(style)
        return label

    # ------------------------------------------------------------ reading and judging
    def read(self, problems: dict[str, str]) -> VisitInput | None:
        member = self.member_edit.member
        if member is None:
            problems["member"] = "请输入姓名、拼音或首字母，从列表中选择会员"
        type_id = self.type_box.currentData()
        if type_id is None:
            problems["type"] = "请选择走访类型"
        day = read_date(self.date_edit.text(), problems, "date")
        money = read_money(self.money_edit.text() or "0", problems, "money", "慰问金", positive=False)
        gift_value = read_money(
            self.gift_value_edit.text() or "0", problems, "gift_value", "慰问品价值", positive=False
        )
        if problems:
            return None
        return VisitInput(
            member.id,
            type_id,
            day,
            self.status_box.currentData(),
            self.reason_edit.text(),
            self.visitors_edit.text(),
            money,
            self.gift_edit.text(),
            gift_value,
            self.approver_edit.text(),
            self.approval_edit.text(),
            self.family_box.isChecked(),
            self.why_edit.toPlainText(),
            self.notes_edit.toPlainText(),
        )

    def on_validated(self, problems: dict[str, str]) -> None:
        data = None if problems else self.read({})
        self._input = data
        self.check = self._judge(data)
        if self._follow_standard():
            self.validate()  # once more, judging the pre-filled amount
            return
        check = self.check
        waiting = data is not None and check is None
        self.standard_label.setText(
            standard_text(check.standard) if check and check.standard else READING if waiting else CHOOSE_FIRST
        )
        self.standard_label.setStyleSheet(STANDARD_STYLE if check and check.standard else NOTE_STYLE)
        self.errors_label.setText("\n".join(check.errors) if check else "")
        warnings = check.warnings if check else []
        self.warnings_label.setText("\n".join(f"注意：{w}" for w in warnings))
        for label in (self.errors_label, self.warnings_label):
            label.setVisible(bool(label.text()))
        self.form.setRowVisible(self.why_edit, bool(warnings))
        self.save_button.setEnabled(self._may_save())

    # ------------------------------------------------------------ the facts judged against
    def _key(self, data: VisitInput) -> tuple[int, int, int | None]:
        return data.member_id, data.type_id, self.visit_id

    def is_judged(self) -> bool:
        """The form shows the judgement of what its fields say now (no read pending)."""
        return self._input is None or self.check is not None

    def _judge(self, data: VisitInput | None) -> VisitCheck | None:
        """The check of `data` from the facts in hand; None while they are read."""
        if data is None:
            return None
        if self._facts is None or self._facts.key() != self._key(data):
            self._read_facts(self._key(data))
            return None
        return visits.judge_visit(self._facts, data)

    def _read_facts(self, key: tuple[int, int, int | None]) -> None:
        if key == self._reading:
            return  # already on its way
        self._reading = key
        db = self.db  # the worker gets plain values only
        run_quietly(lambda: visits.read_facts(db, *key), self._facts_read, self._facts_failed)

    def _facts_read(self, facts: VisitFacts) -> None:
        if not shiboken6.isValid(self) or facts.key() != self._reading:
            return  # the dialog closed, or the member or type changed since: stale
        self._facts, self._reading = facts, None
        self.validate()

    def _facts_failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self._reading = None
            show_refusal(self.problems, exc)

    def _on_save(self) -> None:
        # Saving queries the database anyway: facts still on their way are read now, so
        # Enter right after choosing the type saves (the fast path), judged as always.
        data = self.read({})
        if data is not None and (self._facts is None or self._facts.key() != self._key(data)):
            self._facts, self._reading = visits.read_facts(self.db, *self._key(data)), None
        super()._on_save()

    def _follow_standard(self) -> bool:
        """Put the standard's amount in the money field unless the user typed one."""
        if self._amount_typed or self.check is None or self.check.standard is None:
            return False
        suggested = self.check.standard.suggested_fen()
        wanted = money_text(suggested) if suggested else ""
        if self.money_edit.text() == wanted:
            return False
        self.money_edit.setText(wanted)
        return True

    def _may_save(self) -> bool:
        check = self.check
        if self.read_only or check is None or check.errors:
            return False
        return not check.warnings or bool(self.why_edit.toPlainText().strip())

    # ------------------------------------------------------------ saving
    def commit(self, data: VisitInput) -> bool:
        if not self._may_save():
            return False
        if not (self.check and self.check.warnings):
            data = replace(data, warning_reason="")  # a reason for warnings no longer there
        if self.visit_id is None:
            self.saved_id = visits.add_visit(self.db, data)
        else:
            visits.update_visit(self.db, self.visit_id, data, expected_version=self.version)
            self.saved_id = self.visit_id
        self.saved_date = data.visit_date
        if data.visitors.strip():
            QSettings().setValue(_VISITORS_KEY, data.visitors.strip())
        return True
