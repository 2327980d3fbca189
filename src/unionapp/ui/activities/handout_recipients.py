"""The recipients part of the handout dialog: a rule picks the list (read on a worker, the
count shown at once), a checklist lets the chair untick the people left out, and a
name field adds people by hand. Nothing here touches the database on the GUI thread."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
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
from unionapp.domain.handouts import RULE_LABELS
from unionapp.domain.labels import MEMBER_STATUS_LABELS
from unionapp.domain.pinyin import normalize_query
from unionapp.services import handouts
from unionapp.services.members import text_matches
from unionapp.ui.activities.handout_data import Context
from unionapp.ui.visits.member_picker import MemberPicker
from unionapp.ui.widgets.common import list_table, user_message
from unionapp.ui.widgets.tasks import run_quietly

HEADERS = ["姓名", "工会小组", "状态", "来源"]


class _AddPicker(MemberPicker):
    """The 手工添加 field: Enter picks from its list; with no list showing (nothing typed,
    no match) Enter adds nobody and must not save the whole handout form."""

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.list.isVisible():
            event.accept()
            return
        super().keyPressEvent(event)


class CheckList(QAbstractTableModel):
    """The people a rule picked and those added by hand; a ticked row is on the list."""

    def __init__(self, context: Context, parent=None):
        super().__init__(parent)
        self.by_id = {m.id: m for m in context.members}
        self.picked: list[int] = []
        self.added: list[int] = []
        self.excluded: set[int] = set()
        self.shown: list[int] = []
        self.query = ""

    # -- what the list holds
    def all_ids(self) -> list[int]:
        picked = set(self.picked)
        return self.picked + [m for m in self.added if m not in picked]

    def chosen_ids(self) -> list[int]:
        return [m for m in self.all_ids() if m not in self.excluded]

    def set_picked(self, ids: list[int]) -> None:
        self.picked = list(dict.fromkeys(ids))
        self._refresh()

    def add(self, member_id: int) -> None:
        self.excluded.discard(member_id)
        if member_id not in self.picked and member_id not in self.added:
            self.added.append(member_id)
        self._refresh()

    def set_query(self, text: str) -> None:
        self.query = normalize_query(text)
        self._refresh()

    def set_ticked(self, member_ids: list[int], ticked: bool) -> None:
        for member_id in member_ids:
            if ticked:
                self.excluded.discard(member_id)
            else:
                self.excluded.add(member_id)
        if self.shown:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.shown) - 1, 0))

    def _refresh(self) -> None:
        self.beginResetModel()
        ids = self.all_ids()
        if self.query:
            ids = [m for m in ids if (row := self.by_id.get(m)) is not None and text_matches(row, self.query)]
        self.shown = ids
        self.endResetModel()

    # -- Qt model API
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return super().headerData(section, orientation, role)

    def flags(self, index: QModelIndex):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else base

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        member_id = self.shown[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            return Qt.CheckState.Unchecked if member_id in self.excluded else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(member_id, index.column())
        return None

    def _cell(self, member_id: int, column: int) -> str:
        m = self.by_id.get(member_id)
        if column == 0:
            return m.name if m else f"（会员 {member_id}）"
        if column == 1:
            return (m.group_name or "未分组") if m else ""
        if column == 2:
            return MEMBER_STATUS_LABELS.get(m.status, m.status) if m else ""
        return "手工添加" if member_id not in set(self.picked) else ""

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.set_ticked([self.shown[index.row()]], ticked)
        return True


class RecipientsPanel(QWidget):
    """`changed` follows every change of the list (a pick arriving, a tick, an addition)."""

    changed = Signal()

    def __init__(self, db: Database, context: Context, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.context = db, context
        self.day = date.today()
        self.picking = False
        self.error = ""
        self._serial = 0
        self.model = CheckList(context, self)
        self._build()
        self._connect()

    def _build(self) -> None:
        self.rule = QComboBox()
        for code, label in RULE_LABELS.items():
            self.rule.addItem(label, code)
        self.month = QSpinBox(minimum=1, maximum=12, suffix=" 月")
        self.group = QComboBox()
        for g in self.context.groups:
            self.group.addItem(g.name, g.id)
        self.source = QComboBox()
        self.source.setMinimumContentsLength(16)
        for h in self.context.handouts:
            self.source.addItem(f"{h.handout_date.year}年 {h.name}（{h.recipients} 人）", h.id)
        self.picked_label = QLabel()
        self.search = QLineEdit(placeholderText="在名单中查找：姓名、拼音或首字母")
        self.search.setClearButtonEnabled(True)
        self.table = list_table(self.model, (110, 130, 60), multi=True)
        self.untick = QPushButton("不发给选中的人")
        self.tick = QPushButton("恢复选中的人")
        self.picker = _AddPicker(self.context.members)
        self.picker.setPlaceholderText("手工添加：输入姓名、拼音或首字母，回车加入名单")
        self.count_label = QLabel()
        self.added_label = QLabel()  # what the last name typed did
        rule_row = QHBoxLayout()
        for widget in (QLabel("名单："), self.rule, self.month, self.group, self.source):
            rule_row.addWidget(widget)
        rule_row.addWidget(self.picked_label, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.search, 1)
        buttons.addWidget(self.untick)
        buttons.addWidget(self.tick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(rule_row)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.picker)
        counts = QHBoxLayout()
        counts.addWidget(self.count_label)
        counts.addStretch(1)
        counts.addWidget(self.added_label)
        layout.addLayout(counts)
        self.table.setMinimumHeight(150)

    def _connect(self) -> None:
        self.rule.currentIndexChanged.connect(lambda *_a: self._rule_changed())
        self.month.valueChanged.connect(lambda *_a: self.pick())
        self.group.currentIndexChanged.connect(lambda *_a: self.pick())
        self.source.currentIndexChanged.connect(lambda *_a: self.pick())
        self.picker.picked.connect(self._add_picked)
        self.untick.clicked.connect(lambda: self._tick_selected(False))
        self.tick.clicked.connect(lambda: self._tick_selected(True))
        self.model.dataChanged.connect(lambda *_a: self._show_count())
        self.model.modelReset.connect(self._show_count)
        # a zero timer merges an input method's burst of edits into one pass
        self._debounce = QTimer(self, singleShot=True, interval=0)
        self._debounce.timeout.connect(lambda: self.model.set_query(self.search.text()))
        self.search.textChanged.connect(self._debounce.start)

    # ------------------------------------------------------------ the rule
    def set_rule(self, rule: str, month: int | None = None, group_id=None, handout_id=None, pick: bool = True) -> None:
        widgets = (self.rule, self.month, self.group, self.source)
        for widget in widgets:
            widget.blockSignals(True)
        self.rule.setCurrentIndex(max(self.rule.findData(rule), 0))
        self.month.setValue(month or self.day.month)
        if group_id is not None:
            self.group.setCurrentIndex(max(self.group.findData(group_id), 0))
        if handout_id is not None:
            self.source.setCurrentIndex(max(self.source.findData(handout_id), 0))
        for widget in widgets:
            widget.blockSignals(False)
        self._show_rule_fields()
        if pick:
            self.pick()

    def rule_values(self) -> tuple[str, int | None, int | None, int | None]:
        rule = self.rule.currentData()
        return (
            rule,
            self.month.value() if rule == "birth_month" else None,
            self.group.currentData() if rule == "group" else None,
            self.source.currentData() if rule == "handout" else None,
        )

    def set_day(self, day: date) -> None:
        """The handout's date: the month a birthday rule starts from. A birthday month
        that followed the old date follows the new one (January's gift is for January's
        birthdays); one chosen by hand stays."""
        old, self.day = self.day, day
        if self.rule.currentData() == "birth_month" and self.month.value() == old.month != day.month:
            self.month.setValue(day.month)  # picks again

    def _rule_changed(self) -> None:
        if self.rule.currentData() == "birth_month":
            self.month.blockSignals(True)
            self.month.setValue(self.day.month)
            self.month.blockSignals(False)
        self._show_rule_fields()
        self.pick()

    def _show_rule_fields(self) -> None:
        rule = self.rule.currentData()
        self.month.setVisible(rule == "birth_month")
        self.group.setVisible(rule == "group")
        self.source.setVisible(rule == "handout")

    def pick(self) -> None:
        """Ask the rule's list on a worker; only the latest answer is kept."""
        rule, month, group_id, handout_id = self.rule_values()
        self._serial += 1
        serial, db, day = self._serial, self.db, self.day
        if rule == "manual":
            self._picked(serial, [])
            return
        self.picking = True
        self.picked_label.setText("正在按规则选取…")
        self.changed.emit()

        def work() -> list[int]:
            return handouts.pick_recipients(db, rule, day, month, group_id, handout_id)

        def failed(exc: BaseException) -> None:
            if serial == self._serial and shiboken6.isValid(self):
                self.picking = False
                self.error = user_message(exc) or "选取名单时出错，请重试。"
                self.picked_label.setText(self.error)
                self.changed.emit()

        run_quietly(work, lambda ids: self._picked(serial, ids), failed)

    def _picked(self, serial: int, ids: list[int]) -> None:
        if serial != self._serial or not shiboken6.isValid(self):
            return
        self.picking, self.error = False, ""
        rule = self.rule.currentData()
        self.picked_label.setText("请在下面手工添加" if rule == "manual" else f"按此规则选出 {len(ids)} 人")
        self.model.set_picked(ids)
        self.changed.emit()

    def set_list(self, ids: list[int]) -> None:
        """An existing draft's list as it stands, not picked again until the rule changes."""
        self._serial += 1
        self.picking = False
        self.picked_label.setText(f"现有名单 {len(ids)} 人")
        self.model.set_picked(ids)
        self.changed.emit()

    # ------------------------------------------------------------ by hand
    def _add_picked(self) -> None:
        member = self.picker.member
        if member is None:
            return
        model = self.model
        was_listed, was_excluded = member.id in model.all_ids(), member.id in model.excluded
        model.add(member.id)
        if was_excluded:
            self.added_label.setText(f"已恢复 {member.name}")
        elif was_listed:
            self.added_label.setText(f"{member.name} 已在名单中")
        else:
            self.added_label.setText(f"已加入 {member.name}")
        self.picker.set_member(None)
        # after the picker's own move to the next field: the next name is typed here
        QTimer.singleShot(0, self.picker.setFocus)
        self.changed.emit()

    def _tick_selected(self, ticked: bool) -> None:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        self.model.set_ticked([self.model.shown[r] for r in sorted(rows)], ticked)
        self.changed.emit()

    def _show_count(self) -> None:
        chosen = len(self.model.chosen_ids())
        left_out = len(self.model.all_ids()) - chosen
        self.count_label.setText(f"名单共 {chosen} 人" + (f"（已排除 {left_out} 人）" if left_out else ""))

    def chosen_ids(self) -> list[int]:
        return self.model.chosen_ids()
