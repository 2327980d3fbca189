"""新建会议 / 修改会议 (number, name, date, place, agenda and the documents heard, one per
line, the usual reports filled in), and 添加决议 / 修改决议 with the votes for, against and
abstaining, the result foreseen as they are typed (the service decides it on saving)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from unionapp.db.engine import Database
from unionapp.domain.congress import SESSION_DOCUMENTS, CongressRule, pass_needed, passes
from unionapp.domain.dates import format_date
from unionapp.services import congress
from unionapp.services.congress import ResolutionInput, ResolutionRow, SessionInput, SessionRow, TermRow
from unionapp.ui.congress.term_dialog import chinese_number
from unionapp.ui.widgets.forms import NOTE_STYLE, PROBLEM_STYLE, FormDialog, read_date

DATE_HINT = "如 2025-03-20"


def session_name(term: TermRow, number: int) -> str:
    return f"{term.name}第{chinese_number(number)}次会议"


def lines_edit(text: str, placeholder: str, height: int = 74) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(height)
    edit.setTabChangesFocus(True)  # Tab goes on to the next field, as in every other box
    return edit


class SessionDialog(FormDialog):
    """New (`row` None, numbered `number`) or edit. `saved_id` is the session written."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        term: TermRow,
        number: int,
        row: SessionRow | None,
        today: date,
    ):
        super().__init__(parent, f"修改会议：{row.name}" if row else "新建会议")
        self.db, self.term, self.row = db, term, row
        self.saved_id: int | None = None
        self.number = self.add_field("number", "第几次会议 *", QSpinBox(minimum=1, maximum=99))
        self.name = self.add_field("name", "会议名称 *", QLineEdit(maxLength=100))
        self.day = self.add_field("day", "会议日期 *", QLineEdit(placeholderText=DATE_HINT))
        self.place = self.add_field("place", "地点", QLineEdit(maxLength=100, placeholderText="如 学校报告厅"))
        self.agenda = self.add_field("agenda", "议程", lines_edit("", "每行一项，如：听取和审议校长工作报告"))
        self.documents = self.add_field(
            "documents", "会议文件", lines_edit("\n".join(SESSION_DOCUMENTS), "每行一份文件")
        )
        self.note("会议文件已按常见的四个报告填好，不需要的可删去，也可加上其他文件。")
        self.notes = self.add_field("notes", "备注", QLineEdit(maxLength=200))
        if row is None:
            self.number.setValue(number)
            self.name.setText(session_name(term, number))
            start = today if term.start_date <= today <= term.end_date else term.start_date
            self.day.setText(format_date(start))
        else:
            self._fill(row)
        self.number.valueChanged.connect(self._number_changed)
        self.number.valueChanged.connect(lambda _v: self._edited("number"))
        self.finish_layout()

    def _fill(self, row: SessionRow) -> None:
        self.number.setValue(row.number)
        self.name.setText(row.name)
        self.day.setText(format_date(row.session_date))
        self.place.setText(row.place)
        self.agenda.setPlainText(row.agenda)
        self.documents.setPlainText(row.documents)
        self.notes.setText(row.notes)

    def _number_changed(self, number: int) -> None:
        if not self.name.isModified():
            self.name.setText(session_name(self.term, number))

    def read(self, problems: dict[str, str]) -> SessionInput | None:
        name = self.name.text().strip()
        if not name:
            problems["name"] = f"请填写会议名称，如“{session_name(self.term, self.number.value())}”"
        day = read_date(self.day.text(), problems, "day", "会议日期", hint=DATE_HINT)
        if day is not None and not self.term.start_date <= day <= self.term.end_date:
            problems["day"] = (
                f"会议日期应在本届任期内（{format_date(self.term.start_date)} 至 {format_date(self.term.end_date)}）"
            )
        if problems:
            return None
        return SessionInput(
            term_id=self.term.id,
            number=self.number.value(),
            name=name,
            session_date=day,
            place=self.place.text(),
            agenda=self.agenda.toPlainText(),
            documents=self.documents.toPlainText(),
            notes=self.notes.text(),
        )

    def commit(self, value: SessionInput) -> bool:
        if self.row is None:
            self.saved_id = congress.create_session(self.db, value)
        else:
            congress.update_session(self.db, self.row.id, value, expected_version=self.row.version)
            self.saved_id = self.row.id
        return True


def vote_box() -> QSpinBox:
    box = QSpinBox(minimum=0, maximum=9999)
    box.setSuffix(" 票")
    return box


def foreseen(votes_for: int, delegates: int, rule: CongressRule) -> str:
    """What the votes typed so far would give, by the rule on the session's day."""
    needed = pass_needed(delegates, rule)
    result = "通过" if passes(votes_for, delegates, rule) else "未通过"
    return f"按现有票数：{result}（{rule.pass_text()}，全体代表 {delegates} 人，至少需赞成 {needed} 票）"


class ResolutionDialog(FormDialog):
    """A resolution of `session`; the votes may not exceed those present (the service says so)."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        session: SessionRow,
        rule: CongressRule,
        row: ResolutionRow | None = None,
    ):
        super().__init__(parent, f"修改决议：{row.title}" if row else f"添加决议：{session.name}")
        self.db, self.session, self.rule, self.row = db, session, rule, row
        self.saved = False
        if not session.quorum_met:
            warn = QLabel(f"实到人数未达法定人数：{session.quorum_text}。会议不能表决决议。", wordWrap=True)
            warn.setStyleSheet(PROBLEM_STYLE)
            self.form.addRow(warn)
        self.title = self.add_field(
            "title", "决议名称 *", QLineEdit(maxLength=200, placeholderText="如 关于通过校长工作报告的决议")
        )
        self.votes_for = self.add_field("for", "赞成", vote_box())
        self.votes_against = self.add_field("against", "反对", vote_box())
        self.votes_abstain = self.add_field("abstain", "弃权", vote_box())
        self.outcome = QLabel(wordWrap=True)
        self.outcome.setStyleSheet(NOTE_STYLE)
        self.form.addRow("", self.outcome)
        self.notes = self.add_field("notes", "备注", QLineEdit(maxLength=200))
        if row is not None:
            self.title.setText(row.title)
            self.votes_for.setValue(row.votes_for)
            self.votes_against.setValue(row.votes_against)
            self.votes_abstain.setValue(row.votes_abstain)
            self.notes.setText(row.notes)
        for key, box in (("for", self.votes_for), ("against", self.votes_against), ("abstain", self.votes_abstain)):
            box.valueChanged.connect(lambda _v, k=key: self._edited(k))
        self.finish_layout()

    def read(self, problems: dict[str, str]) -> ResolutionInput | None:
        title = self.title.text().strip()
        if not title:
            problems["title"] = "请填写决议名称，如“关于通过校长工作报告的决议”"
        votes = (self.votes_for.value(), self.votes_against.value(), self.votes_abstain.value())
        present = self.session.present
        if sum(votes) > present:
            problems["abstain"] = f"表决票数合计 {sum(votes)} 超过了实到代表 {present} 人"
        self.outcome.setText(
            f"实到 {present} 人，已填 {sum(votes)} 票。" + foreseen(votes[0], self.session.delegates, self.rule)
        )
        if problems:
            return None
        return ResolutionInput(title, *votes, notes=self.notes.text())

    def commit(self, value: ResolutionInput) -> bool:
        if self.row is None:
            congress.add_resolution(self.db, self.session.id, value)
        else:
            congress.update_resolution(self.db, self.row.id, value, expected_version=self.row.version)
        self.saved = True
        return True
