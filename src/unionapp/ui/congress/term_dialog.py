"""新建届 / 修改届, and the term's 选区 with their seats: constituencies made one per 工会小组
at once, or added and changed by hand."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.services import congress
from unionapp.services.congress import ConstituencyInput, ConstituencyRow, TermInput, TermRow
from unionapp.services.groups import GroupRow
from unionapp.ui.widgets.common import PlainTableModel, confirm, guarded, list_table, side_buttons
from unionapp.ui.widgets.forms import NOTE_STYLE, FormDialog, read_date
from unionapp.ui.widgets.screen_fit import fit_dialog
from unionapp.ui.widgets.tasks import LatestReads

DATE_HINT = "如 2024-04-20"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一: how 届 and 次 are named ("第一届")."""
    digits = "零一二三四五六七八九"
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones else "")


def term_name(number: int) -> str:
    return f"第{chinese_number(number)}届教职工代表大会"


def default_end(start: date) -> date:
    """Five years on, the day before: the longest term the rule allows."""
    try:
        return start.replace(year=start.year + 5) - timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 5, day=28)


class TermDialog(FormDialog):
    """New (`row` None) or edit. `saved_id` is the term written."""

    def __init__(self, parent: QWidget | None, db: Database, next_number: int, row: TermRow | None, today: date):
        super().__init__(parent, f"修改：{row.name}" if row else "新建届")
        self.db, self.row = db, row
        self.saved_id: int | None = None
        self.number = self.add_field("number", "届次 *", QSpinBox(minimum=1, maximum=99))
        self.name = self.add_field("name", "名称 *", QLineEdit(maxLength=100))
        self.start = self.add_field("start", "任期开始 *", QLineEdit(placeholderText=DATE_HINT))
        self.end = self.add_field("end", "任期结束 *", QLineEdit(placeholderText="如 2029-04-19"))
        self.note("每届任期三至五年；任期内的会议和代表都属于本届。")
        self.notes = self.add_field("notes", "备注", QLineEdit(maxLength=200))
        if row is None:
            self.number.setValue(next_number)
            self.name.setText(term_name(next_number))
            self.start.setText(format_date(today))
            self.end.setText(format_date(default_end(today)))
        else:
            self.number.setValue(row.number)
            self.name.setText(row.name)
            self.start.setText(format_date(row.start_date))
            self.end.setText(format_date(row.end_date))
            self.notes.setText(row.notes)
        self.number.valueChanged.connect(self._number_changed)
        self.number.valueChanged.connect(lambda _v: self._edited("number"))
        self.finish_layout()

    def _number_changed(self, number: int) -> None:
        """The name follows the number while it is the standard one."""
        if not self.name.isModified():
            self.name.setText(term_name(number))

    def read(self, problems: dict[str, str]) -> TermInput | None:
        name = self.name.text().strip()
        if not name:
            problems["name"] = f"请填写名称，如“{term_name(self.number.value())}”"
        start = read_date(self.start.text(), problems, "start", "任期开始日期", hint=DATE_HINT)
        end = read_date(self.end.text(), problems, "end", "任期结束日期", hint=DATE_HINT)
        if start and end and end <= start:
            problems["end"] = "任期结束日期应晚于开始日期"
        if problems:
            return None
        return TermInput(self.number.value(), name, start, end, self.notes.text())

    def commit(self, value: TermInput) -> bool:
        if self.row is None:
            self.saved_id = congress.create_term(self.db, value)
        else:
            congress.update_term(self.db, self.row.id, value, expected_version=self.row.version)
            self.saved_id = self.row.id
        return True


class ConstituencyDialog(FormDialog):
    """One 选区: its name, its 工会小组 (or none) and its seats."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        term_id: int,
        groups: list[GroupRow],
        row: ConstituencyRow | None = None,
    ):
        super().__init__(parent, f"修改选区：{row.name}" if row else "添加选区")
        self.db, self.term_id, self.row = db, term_id, row
        self.name = self.add_field("name", "选区名称 *", QLineEdit(maxLength=50, placeholderText="如 高中组"))
        box = QComboBox()
        box.addItem("（不对应工会小组）", None)
        for g in groups:
            box.addItem(g.name, g.id)
        self.group = self.add_field("group", "工会小组", box)
        self.seats = self.add_field("seats", "代表名额 *", QSpinBox(minimum=0, maximum=999))
        if row is not None:
            self.name.setText(row.name)
            self.group.setCurrentIndex(max(self.group.findData(row.group_id), 0))
            self.seats.setValue(row.seats)
        self.seats.valueChanged.connect(lambda _v: self._edited("seats"))
        self.finish_layout()

    def read(self, problems: dict[str, str]) -> ConstituencyInput | None:
        name = self.name.text().strip()
        if not name:
            problems["name"] = "请填写选区名称，如“高中组”"
            return None
        return ConstituencyInput(name, self.group.currentData(), self.seats.value())

    def commit(self, value: ConstituencyInput) -> bool:
        if self.row is None:
            congress.add_constituency(self.db, self.term_id, value)
        else:
            congress.update_constituency(self.db, self.row.id, value)
        return True


HEADERS = ["选区", "工会小组", "名额", "在任代表"]


class ConstituenciesDialog(QDialog):
    """The term's 选区 and seats; `changed` tells the page to read again on close."""

    def __init__(self, parent: QWidget | None, db: Database, term: TermRow, editable: bool):
        super().__init__(parent)
        self.setWindowTitle(f"选区与名额：{term.name}")
        self.db, self.term, self.editable = db, term, editable
        self.rows: list[ConstituencyRow] = []
        self.groups: list[GroupRow] = []
        self.changed = False
        self.reads = LatestReads(self)
        self.model = PlainTableModel(HEADERS, numeric=(2, 3))
        self.table = list_table(self.model, (130, 130, 50, 70))
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.total = QLabel()
        self.total.setStyleSheet(NOTE_STYLE)
        self.buttons: dict = {}
        side = side_buttons(
            [
                ("groups", "按工会小组生成选区", self.from_groups),
                ("add", "添加选区…", self.add),
                ("edit", "修改名额…", self.edit),
                ("remove", "删除选区", self.remove),
            ],
            self.buttons,
            self.accept,
        )
        self.buttons["groups"].setToolTip("每个工会小组一个选区，名额按小组在职会员人数每 10 人 1 名估算，可再修改")
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.total)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(side)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.resize(620, 420)
        fit_dialog(self)
        self.reload()

    def reload(self) -> None:
        db, term_id = self.db, self.term.id

        def read():
            from unionapp.services import groups

            return congress.list_constituencies(db, term_id), groups.list_groups(db)

        self.reads.run("rows", read, self._show, "无法读取选区")

    def _show(self, result) -> None:
        self.rows, self.groups = result
        self.model.set_rows([[r.name, r.group_name, r.seats, r.delegates] for r in self.rows])
        seats = sum(r.seats for r in self.rows)
        self.total.setText(f"共 {len(self.rows)} 个选区，名额 {seats} 名" if self.rows else "还没有选区")
        self._update()

    def selected(self) -> ConstituencyRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _update(self) -> None:
        chosen = self.selected() is not None and not self.reads.pending
        for key in ("groups", "add"):
            self.buttons[key].setEnabled(self.editable)
        for key in ("edit", "remove"):
            self.buttons[key].setEnabled(self.editable and chosen)

    def _done(self) -> None:
        self.changed = True
        self.reload()

    def from_groups(self) -> None:
        added = guarded(self, lambda: congress.constituencies_from_groups(self.db, self.term.id))
        if added is not None:
            self.total.setText(f"已按工会小组添加 {added} 个选区" if added else "每个工会小组都已有选区")
            self._done()

    def add(self) -> None:
        if ConstituencyDialog(self, self.db, self.term.id, self.groups).exec():
            self._done()

    def edit(self) -> None:
        row = self.selected()
        if self.editable and row is not None:
            if ConstituencyDialog(self, self.db, self.term.id, self.groups, row).exec():
                self._done()

    def remove(self) -> None:
        row = self.selected()
        if row is None or not confirm(self, "删除选区", f"删除选区“{row.name}”？"):
            return
        if guarded(self, lambda: congress.remove_constituency(self.db, row.id) or True):
            self._done()
