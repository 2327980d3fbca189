"""A proposal's steps after it is submitted, one small form each: 审查 (立案 with the
承办部门 and a due date, 不立案 or 转为意见建议 with the reason), 答复 (the office's reply)
and 反馈 (the proposer's 满意/基本满意/不满意; 不满意 opens a second round with a new due
date). Each writes one service call; a refusal stays under its field, nothing typed is lost."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from unionapp.db.engine import Database
from unionapp.domain.congress import FEEDBACK_LABELS
from unionapp.domain.dates import format_date
from unionapp.services import proposals
from unionapp.services.proposals import ProposalRow, ReplyInput
from unionapp.ui.congress.proposal_forms import DATE_HINT, office_box, show_service_refusal
from unionapp.ui.widgets.forms import FormDialog, read_date

DUE_DAYS = 30  # the usual time an office is given to answer

SCREEN_DECISIONS = {"accepted": "立案", "rejected": "不立案", "converted": "转为意见建议"}

STEP_FIELDS = (
    ("承办部门", "office"),
    ("期限", "due_date"),
    ("审查意见", "reason"),
    ("理由", "reason"),
    ("答复内容", "reply"),
    ("答复日期", "on"),
    ("反馈日期", "on"),
    ("审查日期", "on"),
    ("日期", "on"),
    ("今天", "on"),
)


def _text_box(placeholder: str, height: int = 80) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(height)
    box.setTabChangesFocus(True)  # Tab goes on to the next field, as in every other box
    return box


def _heading(p: ProposalRow) -> str:
    return f"第 {p.number} 号 {p.title}（提案人 {p.proposer_name}）"


class StepDialog(FormDialog):
    """The shared frame: the proposal named at the top, a date that defaults to today, and
    a due date that follows that date (+30 days) until the user types one."""

    def __init__(self, parent: QWidget | None, db: Database, row: ProposalRow, title: str, today: date):
        super().__init__(parent, f"{title}：第 {row.number} 号")
        self.db, self.row, self.today = db, row, today
        self.note(_heading(row))
        self.due_typed = False

    def _date_field(self, label: str) -> QLineEdit:
        self.on = self.add_field("on", label, QLineEdit(format_date(self.today), placeholderText=DATE_HINT))
        return self.on

    def _due_field(self, label: str) -> QLineEdit:
        self.due = self.add_field("due_date", label, QLineEdit(placeholderText=DATE_HINT))
        self.due.textEdited.connect(lambda _t: setattr(self, "due_typed", True))
        self.on.textChanged.connect(lambda _t: self._follow_due())
        self._follow_due()
        return self.due

    def _follow_due(self) -> None:
        """The due date stays 30 days after the step's date until the user writes their own."""
        if self.due_typed:
            return
        day = read_date(self.on.text(), {}, "on")
        self.due.setText(format_date(day + timedelta(days=DUE_DAYS)) if day else "")

    def read_on(self, problems: dict[str, str], field: str) -> date | None:
        day = read_date(self.on.text(), problems, "on", field, hint=DATE_HINT)
        if day is not None and day > self.today:
            problems["on"] = f"{field}不能晚于今天"
        return day

    def commit(self, value) -> bool:
        try:
            self.write(value)
        except Exception as exc:  # noqa: BLE001 - a refusal stays in the form; a bug is raised again
            show_service_refusal(self, exc, STEP_FIELDS)
            return False
        return True

    def write(self, value) -> None:
        raise NotImplementedError


class ScreenDialog(StepDialog):
    """审查: 立案 needs the office and a due date; 不立案 and 转为意见建议 a reason."""

    def __init__(self, parent, db: Database, row: ProposalRow, today: date):
        super().__init__(parent, db, row, "审查提案", today)
        self.decision = QComboBox()
        for code, label in SCREEN_DECISIONS.items():
            self.decision.addItem(label, code)
        if row.status in SCREEN_DECISIONS:  # screened before: start from that decision
            self.decision.setCurrentIndex(max(self.decision.findData(row.status), 0))
        self.add_field("decision", "审查结果 *", self.decision)
        self._date_field("审查日期 *")
        if row.screened_on is not None:  # screened before: the same day unless changed
            self.on.setText(format_date(row.screened_on))
        self.office = self.add_field("office", "承办部门", office_box(row.office))
        self.office.editTextChanged.connect(lambda _t: self._edited("office"))
        self._due_field("答复期限")
        if row.due_date is not None:
            self.due.setText(format_date(row.due_date))
            self.due_typed = True
        self.reason = self.add_field("reason", "审查意见", _text_box("不立案、转为意见建议时必须写明理由"))
        self.reason.setPlainText(row.screen_reason)
        self.decision.currentIndexChanged.connect(lambda _i: self._decision_changed())
        self._decision_changed()
        self.finish_layout()

    def _decision_changed(self) -> None:
        accepted = self.decision.currentData() == "accepted"
        self.form.setRowVisible(self.due, accepted)

    def read(self, problems: dict[str, str]):
        decision = self.decision.currentData()
        day = self.read_on(problems, "审查日期")
        office = self.office.currentText().strip()
        reason = self.reason.toPlainText().strip()
        due = None
        if decision == "accepted":
            if not office:
                problems["office"] = "立案的提案请填写承办部门，如 总务处"
            due = read_date(self.due.text(), problems, "due_date", "答复期限", hint=DATE_HINT)
            if due and day and due < day:
                problems["due_date"] = "答复期限不能早于审查日期"
        elif not reason:
            problems["reason"] = f"{SCREEN_DECISIONS[decision]}请写明理由，会告知提案人"
        if problems:
            return None
        return decision, day, reason, office, due

    def write(self, value) -> None:
        decision, day, reason, office, due = value
        proposals.screen_proposal(self.db, self.row.id, decision, day, reason=reason, office=office, due_date=due)


class ReplyDialog(StepDialog):
    """答复: the office's answer to the current round."""

    def __init__(self, parent, db: Database, row: ProposalRow, today: date):
        super().__init__(parent, db, row, "登记答复", today)
        if row.round > 1:
            self.note(f"第 {row.round} 轮答复（提案人对上次答复不满意），期限 {format_date(row.due_date)}")
        self._date_field("答复日期 *")
        self.office = self.add_field("office", "答复部门", office_box(row.office))
        self.reply = self.add_field("reply", "答复内容 *", _text_box("承办部门的答复意见和落实情况", 120))
        self.finish_layout()

    def read(self, problems: dict[str, str]):
        day = self.read_on(problems, "答复日期")
        reply = self.reply.toPlainText().strip()
        if not reply:
            problems["reply"] = "请填写答复内容"
        if problems:
            return None
        return ReplyInput(replied_on=day, reply=reply, office=self.office.currentText().strip())

    def write(self, value: ReplyInput) -> None:
        proposals.add_reply(self.db, self.row.id, value)


class FeedbackDialog(StepDialog):
    """反馈: the proposer's view of the latest reply; 不满意 needs the next round's due date."""

    def __init__(self, parent, db: Database, row: ProposalRow, today: date):
        super().__init__(parent, db, row, "登记提案人反馈", today)
        if row.replied_on:
            self.note(f"{row.office or '承办部门'} {format_date(row.replied_on)} 答复：{row.reply}")
        self.feedback = QComboBox()
        for code, label in FEEDBACK_LABELS.items():
            self.feedback.addItem(label, code)
        self.add_field("feedback", "提案人意见 *", self.feedback)
        self._date_field("反馈日期 *")
        self.feedback_note = self.add_field("note", "说明", _text_box("如 不满意的原因", 60))
        self._due_field("再次答复期限 *")
        self.feedback.currentIndexChanged.connect(lambda _i: self._feedback_changed())
        self._feedback_changed()
        self.finish_layout()

    def _feedback_changed(self) -> None:
        self.form.setRowVisible(self.due, self.feedback.currentData() == "unsatisfied")

    def read(self, problems: dict[str, str]):
        feedback = self.feedback.currentData()
        day = self.read_on(problems, "反馈日期")
        due = None
        if feedback == "unsatisfied":
            due = read_date(self.due.text(), problems, "due_date", "再次答复期限", hint=DATE_HINT)
            if due and day and due < day:
                problems["due_date"] = "再次答复期限不能早于反馈日期"
        if problems:
            return None
        return feedback, day, self.feedback_note.toPlainText().strip(), due

    def write(self, value) -> None:
        feedback, day, note, due = value
        proposals.set_feedback(self.db, self.row.id, feedback, day, note=note, next_due=due)
