"""The 报名与签到 sub-tab of an activity: who signed up (by hand, or a whole 工会小组 at
once, with their event and team), who came (marked on a selection), results and places,
and cancelling a sign-up. The search box filters the rows in memory."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.services import activities
from unionapp.services.activities import ActivityRow, EntryInput, EntryRow
from unionapp.services.groups import GroupRow
from unionapp.services.members import MemberRow
from unionapp.ui.activities.activity_model import EntryTableModel
from unionapp.ui.visits.member_picker import MemberPicker, member_labels
from unionapp.ui.widgets.common import confirm, guarded
from unionapp.ui.widgets.forms import NOTE_STYLE, FormDialog
from unionapp.ui.widgets.row_model import record_table


def eligible(members: list[MemberRow], group_id: int | None = None) -> list[MemberRow]:
    """Union members in service (those participation counts), of one group when given."""
    return [
        m
        for m in members
        if m.status == "active" and m.is_union_member and (group_id is None or m.group_id == group_id)
    ]


class SignUpDialog(FormDialog):
    """报名: members picked one by one (or a whole group), all in one event and team.
    `added` is how many sign-ups were written (one already in the event is skipped)."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        activity: ActivityRow,
        members: list[MemberRow],
        groups: list[GroupRow],
        by_group: bool = False,
    ):
        super().__init__(parent, f"按小组报名：{activity.name}" if by_group else f"报名：{activity.name}", "报名")
        self.db, self.activity, self.members = db, activity, members
        self.by_group = by_group
        self.added: int | None = None
        self.picked_ids: list[int] = []
        if by_group:
            box = QComboBox()  # filled before add_field connects it: the form is not all there yet
            for g in groups:
                if not activity.group_ids or g.id in activity.group_ids:
                    box.addItem(f"{g.name}（{len(eligible(members, g.id))} 人）", g.id)
            self.group = self.add_field("group", "工会小组 *", box)
            self.group.currentIndexChanged.connect(lambda _i: self._group_changed())
            self.note("报名该组全部在职会员；已报名同一项目的人自动跳过。")
        else:
            self.picker = self.add_field("member", "会员 *", MemberPicker(members))
            self.picker.picked.connect(self._picked)
            self.chosen = QListWidget()
            self.chosen.setFixedHeight(110)
            self.add_field("chosen", "已选", self.chosen)
            remove = QPushButton("移出所选")
            remove.clicked.connect(self._unpick)
            self.form.addRow("", remove)
        self.event_edit = self.add_field(
            "event", "项目", QLineEdit(maxLength=50, placeholderText="如 拔河、男子100米；可空着")
        )
        self.team_edit = self.add_field(
            "team", "队伍", QLineEdit(maxLength=50, placeholderText="如 高中组代表队；可空着")
        )
        self.came = QCheckBox("同时标为已签到")
        self.form.addRow("", self.came)
        if by_group:
            self._group_changed()
        self.finish_layout()

    def _group_changed(self) -> None:
        if not self.team_edit.isModified():
            name = self.group.currentText().split("（")[0]
            self.team_edit.setText(name)

    def _picked(self) -> None:
        member = self.picker.member
        if member is None or member.id in self.picked_ids:
            return
        self.picked_ids.append(member.id)
        item = QListWidgetItem(member_labels([member])[member.id])
        item.setData(Qt.ItemDataRole.UserRole, member.id)
        self.chosen.addItem(item)
        self.picker.set_member(None)
        # the next name, once the picker's own move to the next field is done
        QTimer.singleShot(0, self.picker.setFocus)
        self._edited("member")

    def _unpick(self) -> None:
        for item in self.chosen.selectedItems():
            self.picked_ids.remove(item.data(Qt.ItemDataRole.UserRole))
            self.chosen.takeItem(self.chosen.row(item))
        self._edited("member")

    def member_ids(self) -> list[int]:
        if self.by_group:
            group_id = self.group.currentData()
            return [m.id for m in eligible(self.members, group_id)] if group_id is not None else []
        return list(self.picked_ids)

    def read(self, problems: dict[str, str]) -> list[EntryInput] | None:
        ids = self.member_ids()
        if not ids:
            key = "group" if self.by_group else "member"
            problems[key] = "该小组没有在职会员" if self.by_group else "请输入姓名、拼音或首字母，回车把会员加入名单"
            return None
        event, team, came = self.event_edit.text(), self.team_edit.text(), self.came.isChecked()
        return [EntryInput(member_id=m, event=event, team=team, attended=came) for m in ids]

    def commit(self, value: list[EntryInput]) -> bool:
        self.added = activities.add_entries(self.db, self.activity.id, value)
        return True


class ResultDialog(FormDialog):
    """修改成绩名次 of one sign-up (with its event, team and note)."""

    def __init__(self, parent: QWidget | None, db: Database, entry: EntryRow):
        super().__init__(parent, f"成绩与名次：{entry.name}")
        self.db, self.entry = db, entry
        self.saved = False
        self.event_edit = self.add_field("event", "项目", QLineEdit(entry.event, maxLength=50))
        self.team_edit = self.add_field("team", "队伍", QLineEdit(entry.team, maxLength=50))
        self.result_edit = self.add_field(
            "result", "成绩", QLineEdit(entry.result, maxLength=50, placeholderText="如 12.8秒")
        )
        self.place_edit = self.add_field(
            "place", "名次", QLineEdit(entry.place, maxLength=20, placeholderText="如 第一名")
        )
        self.came = QCheckBox("已签到")
        self.came.setChecked(entry.attended)
        self.form.addRow("", self.came)
        self.note_edit = self.add_field("note", "备注", QLineEdit(entry.note, maxLength=200))
        self.finish_layout()

    def read(self, problems: dict[str, str]) -> EntryInput:
        return EntryInput(
            member_id=self.entry.member_id,
            event=self.event_edit.text(),
            team=self.team_edit.text(),
            attended=self.came.isChecked(),
            result=self.result_edit.text(),
            place=self.place_edit.text(),
            note=self.note_edit.text(),
        )

    def commit(self, value: EntryInput) -> bool:
        activities.update_entry(self.db, self.entry.id, value)
        self.saved = True
        return True


class EntriesView(QWidget):
    """Sign-ups with their buttons; `changed` after every write (the page reads again)."""

    changed = Signal()

    def __init__(self, page, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.model = EntryTableModel(self)
        self.search = QLineEdit(placeholderText="搜索：姓名、拼音首字母（zs）或项目")
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=0)  # an input method's burst, one pass
        self._debounce.timeout.connect(lambda: self.model.set_filter(self.search.text()))
        self.search.textChanged.connect(self._debounce.start)
        self.table = record_table(self.model, multi_select=True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.edit_result())
        self.count = QLabel()
        self.count.setStyleSheet(NOTE_STYLE)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, slot in (
            ("add", "报名…", lambda: self.sign_up(False)),
            ("group", "按小组报名…", lambda: self.sign_up(True)),
            ("came", "标为已到", lambda: self.mark(True)),
            ("absent", "标为未到", lambda: self.mark(False)),
            ("result", "成绩名次…", self.edit_result),
            ("remove", "取消报名", self.remove),
        ):
            self.buttons[key] = button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        self.button_row = row  # the page adds 导入报名表… here
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.update_buttons()

    def set_rows(self, rows: list[EntryRow], keys: dict[int, str]) -> None:
        self.model.keys = keys
        self.model.set_rows(rows)
        came = sum(r.attended for r in rows)
        self.count.setText(f"报名 {len(rows)} 人次，已签到 {came} 人次" if rows else "还没有人报名")
        self.update_buttons()

    def set_keys(self, keys: dict[int, str]) -> None:
        """The roster's pinyin arrived after the rows: the search can use it now."""
        self.model.keys = keys
        if self.search.text():
            self.model.set_filter(self.search.text())

    def selected_rows(self) -> list[EntryRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows]

    def update_buttons(self) -> None:
        can = self.page.editable and self.page.activity is not None
        chosen = self.selected_rows()
        for key in ("add", "group"):
            self.buttons[key].setEnabled(can)
        for key in ("came", "absent", "remove"):
            self.buttons[key].setEnabled(can and bool(chosen))
        self.buttons["result"].setEnabled(can and len(chosen) == 1)

    def sign_up(self, by_group: bool) -> None:
        activity = self.page.activity
        if not self.page.editable or activity is None:
            return

        def open_dialog(context) -> None:
            dialog = SignUpDialog(self, self.page.db, activity, context.members, context.groups, by_group)
            if dialog.exec() and dialog.added is not None:
                self.page.say(f"已报名 {dialog.added} 人次" + ("（已在同一项目中的人已跳过）" if by_group else ""))
                self.changed.emit()

        self.page.with_context(open_dialog)

    def mark(self, attended: bool) -> None:
        rows = self.selected_rows()
        if not self.page.editable or not rows:
            return
        ids, activity_id = [r.id for r in rows], self.page.activity.id
        if guarded(self, lambda: activities.set_attended(self.page.db, activity_id, ids, attended) or True):
            self.changed.emit()

    def edit_result(self) -> None:
        rows = self.selected_rows()
        if self.page.editable and len(rows) == 1:
            dialog = ResultDialog(self, self.page.db, rows[0])
            if dialog.exec() and dialog.saved:
                self.changed.emit()

    def remove(self) -> None:
        rows = self.selected_rows()
        if not self.page.editable or not rows:
            return
        names = "、".join(r.name for r in rows[:5]) + ("等" if len(rows) > 5 else "")
        if not confirm(self, "取消报名", f"取消 {names} 共 {len(rows)} 人次的报名？"):
            return
        ids, activity_id = [r.id for r in rows], self.page.activity.id
        if guarded(self, lambda: activities.remove_entries(self.page.db, activity_id, ids) is not None):
            self.changed.emit()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
