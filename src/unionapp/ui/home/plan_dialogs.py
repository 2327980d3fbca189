"""The forms of the 年度工作计划 page: an item of a year (添加/修改), marking one done (the
day, a note, and the record that did it: a handout, an activity, a checkup campaign, a
session of the year), and the template every new year is copied from (编辑模板…). Each
form writes through services.year_plan; a refusal is shown in the form, which stays open."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.domain.year_plan import AREA_LABELS, TemplateItem
from unionapp.services import year_plan
from unionapp.services.year_plan import LinkChoice, PlanItemInput, PlanItemRow, TemplateRow
from unionapp.ui.widgets.common import PlainTableModel, confirm, guarded, list_table, side_buttons
from unionapp.ui.widgets.forms import FormDialog, read_date


def month_spin(value: int = 1) -> QSpinBox:
    """1–12 only: a 13th month cannot be typed (the service refuses it too)."""
    spin = QSpinBox()
    spin.setRange(1, 12)
    spin.setSuffix(" 月")
    spin.setValue(min(max(value, 1), 12))
    return spin


def area_combo(area: str = "") -> QComboBox:
    box = QComboBox()
    for code, label in AREA_LABELS.items():
        box.addItem(label, code)
    box.setCurrentIndex(max(box.findData(area), 0))
    return box


class PlanItemDialog(FormDialog):
    """添加 (row None) or 修改 an item of `year`."""

    def __init__(self, parent: QWidget | None, db: Database, year: int, row: PlanItemRow | None = None, month: int = 1):
        super().__init__(parent, f"修改工作计划：{row.title}" if row else f"添加{year}年工作计划")
        self.db, self.year, self.row = db, year, row
        self.saved_id: int | None = None
        self.month = self.add_field("month", "月份", month_spin(row.month if row else month))
        self.title = self.add_field("title", "工作内容 *", QLineEdit(maxLength=100))
        self.owner = self.add_field("owner", "负责人", QLineEdit(maxLength=50, placeholderText="如 生活委员"))
        self.area = self.add_field("area", "涉及方面", area_combo(row.area if row else ""))
        self.note("涉及方面决定“标记完成”时可以关联哪类记录（发放、活动、体检、教代会会议）。")
        if row is not None:
            self.title.setText(row.title)
            self.owner.setText(row.owner)
        self.month.valueChanged.connect(lambda _v: self._edited("month"))
        self.finish_layout()

    def read(self, problems: dict[str, str]) -> PlanItemInput:
        if not self.title.text().strip():
            problems["title"] = "请填写工作内容，如“三八妇女节慰问”"
        note = self.row.note if self.row else ""
        return PlanItemInput(self.month.value(), self.title.text(), self.owner.text(), self.area.currentData(), note)

    def commit(self, value: PlanItemInput) -> bool:
        if self.row is None:
            self.saved_id = year_plan.add_item(self.db, self.year, value)
        else:
            year_plan.update_item(self.db, self.row.id, value, expected_version=self.row.version)
            self.saved_id = self.row.id
        return True


NO_LINK = "（不关联记录）"


def link_key(kind: str, record_id: int) -> str:
    """A combo's data for a record: "handout:12" (Qt finds a string again, not a tuple)."""
    return f"{kind}:{record_id}"


def done_day(row: PlanItemRow, today: date) -> date:
    """The day offered: today in the item's year, else the year's last day."""
    return today if today.year == row.year else date(row.year, 12, 31)


class DoneDialog(FormDialog):
    """标记完成: the day, a note, and optionally the record that did it."""

    def __init__(self, parent: QWidget | None, db: Database, row: PlanItemRow, choices: list[LinkChoice]):
        super().__init__(parent, f"标记完成：{row.title}", "标记完成")
        self.db, self.row = db, row
        self.day = self.add_field("day", "完成日期 *", QLineEdit(placeholderText="如 2026-03-08"))
        links = QComboBox()  # filled before add_field connects it: the form is not all there yet
        links.addItem(NO_LINK, None)
        for choice in choices:
            links.addItem(choice.text, link_key(choice.kind, choice.id))
        links.setEnabled(bool(choices))
        self.link = self.add_field("link", "关联记录", links)
        self.text = self.add_field("note", "完成情况", QLineEdit(maxLength=200, placeholderText="如 发放 86 人"))
        if not choices:
            area = AREA_LABELS.get(row.area, "")
            self.note(f"{row.year}年还没有可关联的{area}记录，可只填写完成情况。" if row.area else "")
        self.day.setText(format_date(row.done_on or done_day(row, date.today())))
        if row.link_id is not None:
            self.link.setCurrentIndex(max(self.link.findData(link_key(row.link_kind, row.link_id)), 0))
        self.text.setText(row.note)
        self.finish_layout()

    def read(self, problems: dict[str, str]) -> tuple:
        day = read_date(self.day.text(), problems, "day", "完成日期", no_future=True)
        link = self.link.currentData()
        kind, link_id = link.split(":") if link else ("", None)
        link_id = int(link_id) if link_id else None
        return day, self.text.text(), kind, link_id

    def commit(self, value: tuple) -> bool:
        day, note, kind, link_id = value
        year_plan.mark_done(self.db, self.row.id, day, note=note, link_kind=kind, link_id=link_id)
        return True


class TemplateItemDialog(FormDialog):
    """An item of the template: its month (1–12) or every month."""

    def __init__(self, parent: QWidget | None, db: Database, row: TemplateRow | None = None):
        super().__init__(parent, f"修改模板项目：{row.title}" if row else "添加模板项目")
        self.db, self.row = db, row
        self.month = self.add_field("month", "月份", month_spin(row.month if row else 1))
        self.monthly = self.add_field("monthly", "", QCheckBox("每月都做（如 会员生日祝福）"))
        self.title = self.add_field("title", "工作内容 *", QLineEdit(maxLength=100))
        self.owner = self.add_field("owner", "负责人", QLineEdit(maxLength=50))
        self.area = self.add_field("area", "涉及方面", area_combo(row.area if row else ""))
        self.note("模板只影响以后新生成的年度计划；已生成的年度在计划页中修改。")
        if row is not None:
            self.title.setText(row.title)
            self.owner.setText(row.owner)
            self.monthly.setChecked(row.monthly)
        self.monthly.toggled.connect(self.month.setDisabled)
        self.month.setDisabled(self.monthly.isChecked())
        self.finish_layout()

    def read(self, problems: dict[str, str]) -> TemplateItem:
        if not self.title.text().strip():
            problems["title"] = "请填写工作内容"
        monthly = self.monthly.isChecked()
        return TemplateItem(1 if monthly else self.month.value(), self.title.text(), self.owner.text(),
                            self.area.currentData(), monthly)  # fmt: skip

    def commit(self, value: TemplateItem) -> bool:
        if self.row is None:
            year_plan.add_template_item(self.db, value)
        else:
            year_plan.update_template_item(self.db, self.row.id, value)
        return True


def template_line(t: TemplateRow) -> list[str]:
    return ["每月" if t.monthly else f"{t.month}月", t.title, t.owner, t.area_label]


class TemplateDialog(QDialog):
    """编辑模板…: the recurring items each new year's plan is copied from."""

    def __init__(self, parent: QWidget | None, db: Database, read_only: bool = False):
        super().__init__(parent)
        self.setWindowTitle("年度工作计划模板")
        self.resize(760, 480)
        self.db, self.read_only = db, read_only
        self.changed = False
        self.rows: list[TemplateRow] = []
        self.model = PlainTableModel(["月份", "工作内容", "负责人", "涉及方面"])
        self.table = list_table(self.model, (60, 380, 110, 90))
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.buttons: dict[str, QPushButton] = {}
        specs = [("add", "添加…", self.add), ("edit", "修改…", self.edit), ("remove", "删除…", self.remove)]
        side = side_buttons(specs, self.buttons, self.accept)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.reload()

    def reload(self) -> None:
        self.rows = guarded(self, lambda: year_plan.list_template(self.db)) or []
        self.model.set_rows([template_line(t) for t in self.rows])
        self._update()

    def selected(self) -> TemplateRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _update(self) -> None:
        chosen = self.selected() is not None
        self.buttons["add"].setEnabled(not self.read_only)
        self.buttons["edit"].setEnabled(not self.read_only and chosen)
        self.buttons["remove"].setEnabled(not self.read_only and chosen)

    def add(self) -> None:
        if TemplateItemDialog(self, self.db).exec():
            self.changed = True
            self.reload()

    def edit(self) -> None:
        row = self.selected()
        if row is not None and not self.read_only and TemplateItemDialog(self, self.db, row).exec():
            self.changed = True
            self.reload()

    def remove(self) -> None:
        row = self.selected()
        if row is None or self.read_only:
            return
        if not confirm(self, "删除模板项目", f"从模板中删除“{row.title}”？已生成的年度计划不受影响。"):
            return
        if guarded(self, lambda: year_plan.remove_template_item(self.db, row.id) or True):
            self.changed = True
            self.reload()


def confirm_remove(parent: QWidget, row: PlanItemRow) -> bool:
    return confirm(parent, "删除工作计划", f"删除 {row.month}月“{row.title}”？删除记录在操作日志中。")


def confirm_open(parent: QWidget, row: PlanItemRow) -> bool:
    return confirm(parent, "撤销完成", f"把“{row.title}”改回未完成？原完成日期和关联记录将清除。")
