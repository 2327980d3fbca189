"""新建档案 / 修改档案: a hardship file's form. The member is picked from the roster (fixed
once filed), the level (changed only by a review, so fixed when editing), 建档日期, the
causes as checkboxes, the household with each person's monthly income (the income per
head follows as it is typed), the help planned and notes. Checked as typed; the service's
refusal ("已有困难职工档案…") is told under the form, which stays open."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.domain.hardship import CAUSE_LABELS, LEVEL_LABELS, per_head_fen
from unionapp.domain.money import format_fen
from unionapp.services import hardship
from unionapp.services.hardship import FileInput, HouseholdInput
from unionapp.services.members import MemberRow
from unionapp.ui.hardship.household import NAME, HouseholdEditor
from unionapp.ui.visits.member_picker import MemberPicker
from unionapp.ui.widgets.forms import FormDialog, read_date


class FileDialog(FormDialog):
    """A new file (`file_id` None) or an edit of file `file_id` loaded at `version`."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        members: list[MemberRow],
        data: FileInput | None = None,
        file_id: int | None = None,
        version: int | None = None,
        member_name: str = "",
    ):
        editing = file_id is not None
        super().__init__(parent, f"修改困难职工档案：{member_name}" if editing else "新建困难职工档案")
        self.setMinimumWidth(620)
        self.db, self.file_id, self.version = db, file_id, version
        self.saved_id: int | None = None
        start = data or FileInput(0, "hardship", date.today(), household=(HouseholdInput("本人"),))
        self._fixed_member = start.member_id if editing else None
        self._build(members, start, member_name)
        self.finish_layout()

    def _build(self, members: list[MemberRow], d: FileInput, member_name: str) -> None:
        if self._fixed_member is None:
            self.member_edit = self.add_field("member", "会员 *", MemberPicker(members))
            self.member_edit.set_member(d.member_id or None)
            self.member_edit.picked.connect(self._member_picked)
        else:
            self.member_edit = None
            self.form.addRow("会员", QLabel(member_name))
        level = QComboBox()
        for code, label in LEVEL_LABELS.items():
            level.addItem(label, code)
        level.setCurrentIndex(max(level.findData(d.level), 0))
        self.level_box = self.add_field("level", "困难级别 *", level)
        if self._fixed_member is not None:
            level.setEnabled(False)
            level.setToolTip("级别的调整请通过“复核”办理，以保留记录")
        self.opened_edit = self.add_field(
            "opened_on", "建档日期 *", QLineEdit(format_date(d.opened_on), placeholderText="如 2025-11-20")
        )
        self.opened_edit.setMaximumWidth(200)
        self.cause_boxes = self._causes(d.causes)
        self.household = HouseholdEditor()
        self.household.set_people(d.household)
        self.household.changed.connect(lambda: self._edited("household"))
        self.add_field("household", "家庭成员", self.household)
        self.per_head = self.note("")
        self.plan_edit = self.add_field("plan", "帮扶措施", QPlainTextEdit(d.plan))
        self.plan_edit.setPlaceholderText("如 每学期送温暖慰问；子女金秋助学")
        self.plan_edit.setFixedHeight(56)
        self.notes_edit = self.add_field("notes", "备注", QPlainTextEdit(d.notes))
        self.notes_edit.setFixedHeight(44)
        for box in (self.plan_edit, self.notes_edit):
            box.setTabChangesFocus(True)  # Tab goes on to the next field, as in every other box

    def _causes(self, chosen: tuple[str, ...]) -> dict[str, QCheckBox]:
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        boxes: dict[str, QCheckBox] = {}
        for n, (code, label) in enumerate(CAUSE_LABELS.items()):
            box = QCheckBox(label)
            box.setChecked(code in chosen)
            box.toggled.connect(lambda _on: self._edited("causes"))
            grid.addWidget(box, n // 3, n % 3)
            boxes[code] = box
        self.add_field("causes", "致困原因", holder)
        return boxes

    def _member_picked(self) -> None:
        """The member's own name goes into the household's 本人 row while it is blank."""
        member = self.member_edit.member
        table = self.household.table
        if member is not None and table.rowCount() and self.household.relation_box(0).currentText() == "本人":
            if not table.item(0, NAME).text().strip():
                self.household.set_text(0, NAME, member.name)
        self._edited("member")

    # ------------------------------------------------------------ reading
    def read(self, problems: dict[str, str]) -> FileInput | None:
        member_id = self._fixed_member
        if member_id is None:
            member = self.member_edit.member
            member_id = member.id if member is not None else 0
            if not member_id:
                problems["member"] = "请选择会员：输入姓名或拼音首字母，回车选择"
        opened = read_date(self.opened_edit.text(), problems, "opened_on", "建档日期")
        people = self.household.read(problems)
        if member_id and opened is not None and "household" not in problems:
            return FileInput(
                member_id,
                self.level_box.currentData(),
                opened,
                tuple(code for code, box in self.cause_boxes.items() if box.isChecked()),
                self.plan_edit.toPlainText(),
                self.notes_edit.toPlainText(),
                people,
            )
        return None

    def on_validated(self, problems: dict[str, str]) -> None:
        """The income per head, live; nothing while an income is not a number."""
        if "household" in problems:
            self.per_head.setText("家庭月收入有误，改正后显示人均月收入")
            return
        people = self.household.read({})
        incomes = [p.monthly_income_fen for p in people]
        if not people:
            self.per_head.setText("家庭成员（含本人）至少填写一人，才能计算人均月收入")
            return
        self.per_head.setText(
            f"家庭 {len(people)} 人，月收入合计 {format_fen(sum(incomes))} 元，"
            f"人均 {format_fen(per_head_fen(incomes, len(people)))} 元"
        )

    def validate(self) -> dict[str, str]:
        """As every form, but a wrong income marks its cell and the table's frame, not the
        buttons under the table (a whole-widget style would reach them)."""
        problems = super().validate()
        wrong = "household" in problems and "household" in self._touched
        self.household.setStyleSheet("")
        self.household.table.setStyleSheet("QTableWidget { border: 1px solid #d9534f; }" if wrong else "")
        return problems

    def is_changed(self) -> bool:
        shown = getattr(self, "_household_state", None)
        return super().is_changed() or (shown is not None and shown != self.household.state())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not hasattr(self, "_household_state"):
            self._household_state = self.household.state()
        super().showEvent(event)

    def commit(self, data: FileInput) -> bool:
        if self.file_id is None:
            self.saved_id = hardship.open_file(self.db, data)
        else:
            hardship.update_file(self.db, self.file_id, data, expected_version=self.version)
            self.saved_id = self.file_id
        return True
