"""The delegate forms: 添加代表 (members picked from the roster, many at once, each one's
category guessed from department and title and its 选区 from its 工会小组 unless chosen),
修改, 任期结束 and 补选替换 (the seat ends and the new delegate takes it, in one write)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QWidget

from unionapp.db.engine import Database
from unionapp.domain.congress import DELEGATE_CATEGORY_LABELS, DELEGATE_END_REASONS, guess_category
from unionapp.domain.dates import format_date
from unionapp.services import congress
from unionapp.services.congress import ConstituencyRow, DelegateInput, DelegateRow, TermRow
from unionapp.services.members import MemberRow
from unionapp.ui.visits.member_picker import MemberPicker, member_labels
from unionapp.ui.widgets.forms import NOTE_STYLE, FormDialog, read_date

DATE_HINT = "如 2024-04-20"
AUTO = "auto"


def category_box(auto: bool) -> QComboBox:
    box = QComboBox()
    if auto:
        box.addItem("按部门、职务推断", AUTO)
    for code, label in DELEGATE_CATEGORY_LABELS.items():
        box.addItem(label, code)
    return box


def constituency_box(rows: list[ConstituencyRow], auto: bool) -> QComboBox:
    box = QComboBox()
    if auto:
        box.addItem("按工会小组对应", AUTO)
    box.addItem("（不分选区）", None)
    for c in rows:
        box.addItem(f"{c.name}（名额 {c.seats}，在任 {c.delegates}）", c.id)
    return box


def group_constituency(rows: list[ConstituencyRow], group_id: int | None) -> int | None:
    return next((c.id for c in rows if group_id is not None and c.group_id == group_id), None)


def guessed(member: MemberRow) -> str:
    return guess_category(member.title or "", member.department or "")


class AddDelegatesDialog(FormDialog):
    """添加代表: names typed and picked one after another (Enter), then one write for all.
    `added` is how many were written."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        term: TermRow,
        roster: list[MemberRow],
        constituencies: list[ConstituencyRow],
        today: date,
    ):
        super().__init__(parent, f"添加代表：{term.name}", "添加")
        self.db, self.term, self.constituencies = db, term, constituencies
        self.added: int | None = None
        self.picked: list[MemberRow] = []
        self.labels = member_labels(roster)
        self.picker = self.add_field("member", "会员 *", MemberPicker(roster))
        self.picker.picked.connect(self._picked)
        self.picker.installEventFilter(self)
        self.chosen = QListWidget()
        self.chosen.setFixedHeight(130)
        self.chosen.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.add_field("chosen", "已选", self.chosen)
        self.said = QLabel()  # "X 已在名单中" when a name is picked twice
        self.said.setStyleSheet(NOTE_STYLE)
        self.form.addRow("", self.said)
        remove = QPushButton("移出所选")
        remove.clicked.connect(self._unpick)
        self.form.addRow("", remove)
        elected = term.start_date if term.start_date <= today <= term.end_date else term.start_date
        self.elected = self.add_field("elected", "当选日期 *", QLineEdit(format_date(elected)))
        self.category = self.add_field("category", "类别", category_box(auto=True))
        self.constituency = self.add_field("constituency", "选区", constituency_box(constituencies, auto=True))
        self.note(
            "类别按部门、职务推断（校长、书记为学校领导；行政科室为管理人员；后勤、工勤为教辅/工勤；其余为一线教师），可在添加后逐个修改。"
        )
        self.finish_layout()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Enter in the picker with a name that found nobody stays there: the chair is still
        picking, and the form's default button would add the list half made. An empty
        picker lets Enter through to 添加."""
        enter = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.picker and event.type() == QEvent.Type.KeyPress and event.key() in enter:
            if self.picker.text().strip() and not self.picker.list.isVisible():
                return True
        return super().eventFilter(watched, event)

    def _picked(self) -> None:
        member = self.picker.member
        if member is None:
            return
        self.picker.set_member(None)
        QTimer.singleShot(0, self.picker.setFocus)  # the next name, after the picker's own move
        if any(m.id == member.id for m in self.picked):
            self.said.setText(f"{member.name} 已在名单中")
            return
        self.said.setText("")
        self.picked.append(member)
        label = DELEGATE_CATEGORY_LABELS.get(guessed(member), "")
        item = QListWidgetItem(f"{self.labels.get(member.id, member.name)}　{label}")
        item.setData(Qt.ItemDataRole.UserRole, member.id)
        self.chosen.addItem(item)
        self._edited("member")

    def _unpick(self) -> None:
        for item in self.chosen.selectedItems():
            member_id = item.data(Qt.ItemDataRole.UserRole)
            self.picked = [m for m in self.picked if m.id != member_id]
            self.chosen.takeItem(self.chosen.row(item))
        self._edited("member")

    def pick(self, member: MemberRow) -> None:
        """Add `member` as if typed and chosen (tests, and a roster double-click)."""
        self.picker.member = member
        self._picked()

    def read(self, problems: dict[str, str]) -> list[DelegateInput] | None:
        if not self.picked:
            problems["member"] = "请输入姓名、拼音或首字母，回车把会员加入名单"
        elected = read_date(self.elected.text(), problems, "elected", "当选日期", hint=DATE_HINT)
        if problems:
            return None
        category, place = self.category.currentData(), self.constituency.currentData()
        return [
            DelegateInput(
                member_id=m.id,
                elected_on=elected,
                constituency_id=group_constituency(self.constituencies, m.group_id) if place == AUTO else place,
                category=guessed(m) if category == AUTO else category,
            )
            for m in self.picked
        ]

    def commit(self, value: list[DelegateInput]) -> bool:
        self.added = congress.add_delegates(self.db, self.term.id, value)
        return True


class DelegateDialog(FormDialog):
    """修改 one delegate: election date, 选区, category, note (the person stays)."""

    def __init__(self, parent: QWidget | None, db: Database, row: DelegateRow, constituencies: list[ConstituencyRow]):
        super().__init__(parent, f"修改代表：{row.name}")
        self.db, self.row = db, row
        self.saved = False
        self.elected = self.add_field("elected", "当选日期 *", QLineEdit(format_date(row.elected_on)))
        # the boxes are set before add_field hooks them: a change there reads the whole form
        category = category_box(auto=False)
        category.setCurrentIndex(max(category.findData(row.category), 0))
        self.category = self.add_field("category", "类别", category)
        place = constituency_box(constituencies, auto=False)
        place.setCurrentIndex(max(place.findData(row.constituency_id), 0))
        self.constituency = self.add_field("constituency", "选区", place)
        self.note_edit = self.add_field("note", "备注", QLineEdit(row.note, maxLength=200))
        self.finish_layout()

    def read(self, problems: dict[str, str]) -> DelegateInput | None:
        elected = read_date(self.elected.text(), problems, "elected", "当选日期", hint=DATE_HINT)
        if problems:
            return None
        return DelegateInput(
            member_id=self.row.member_id,
            elected_on=elected,
            constituency_id=self.constituency.currentData(),
            category=self.category.currentData(),
            note=self.note_edit.text(),
        )

    def commit(self, value: DelegateInput) -> bool:
        congress.update_delegate(self.db, self.row.id, value, expected_version=self.row.version)
        self.saved = True
        return True


def reason_box(row: DelegateRow) -> QComboBox:
    """The usual reasons, free text allowed; a delegate who left starts at 调离本校/退休/去世."""
    box = QComboBox(editable=True)
    box.addItems(DELEGATE_END_REASONS)
    start = {"已调出": "调离本校", "已退休": "退休", "已去世": "去世"}.get(row.left_label)
    box.setCurrentIndex(box.findText(start) if start else -1)
    box.lineEdit().setPlaceholderText("选择或填写原因")
    return box


class EndDelegateDialog(FormDialog):
    """任期结束 of one delegate: the date and the reason; with `roster` it is 补选替换 and
    the new delegate (picked from the roster) takes the seat from that date."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        row: DelegateRow,
        today: date,
        roster: list[MemberRow] | None = None,
    ):
        replacing = roster is not None
        title = f"补选替换：{row.name}" if replacing else f"任期结束：{row.name}"
        super().__init__(parent, title, "替换" if replacing else "确定")
        self.db, self.row = db, row
        self.saved_id: int | None = None
        place = row.constituency_name or "不分选区"
        self.note(f"{row.name}（{place}，{row.category_label}，{format_date(row.elected_on)} 当选）的代表任期结束。")
        self.ended = self.add_field("ended", "结束日期 *", QLineEdit(format_date(today), placeholderText=DATE_HINT))
        self.reason = self.add_field("reason", "原因 *", reason_box(row))
        self.reason.currentTextChanged.connect(lambda _t: self._edited("reason"))
        self.picker: MemberPicker | None = None
        if replacing:
            self.note("补选的代表接替这个名额，选区与原代表相同，类别按部门、职务推断。")
            self.picker = self.add_field("member", "补选代表 *", MemberPicker(roster))
            self.picker.picked.connect(lambda: self._edited("member"))
            self.elected = self.add_field("elected", "当选日期 *", QLineEdit(format_date(today)))
        self.finish_layout()

    def read(self, problems: dict[str, str]):
        ended = read_date(self.ended.text(), problems, "ended", "结束日期", hint=DATE_HINT)
        reason = self.reason.currentText().strip()
        if not reason:
            problems["reason"] = "请选择或填写任期结束的原因，如“调离本校”"
        new = None
        if self.picker is not None:
            member = self.picker.member
            elected = read_date(self.elected.text(), problems, "elected", "当选日期", hint=DATE_HINT)
            if member is None:
                problems["member"] = "请输入补选代表的姓名、拼音或首字母，回车选择"
            elif elected is not None:
                new = DelegateInput(member.id, elected, self.row.constituency_id, guessed(member))
        if problems:
            return None
        return ended, reason, new

    def commit(self, value) -> bool:
        ended, reason, new = value
        if new is None:
            congress.end_delegate(self.db, self.row.id, ended, reason)
            self.saved_id = self.row.id
        else:
            self.saved_id = congress.replace_delegate(self.db, self.row.id, ended, reason, new)
        return True
