"""报表 → 年度工作台账…: the year's records in one file for the district union's inspection.

The dialog is the export dialog (format, file, 包含完整身份证号/手机号 with why it is off)
with the binder's choices above it: the year, 全年 or a school term, and the sections in
binder order (困难职工帮扶 only when ticked, with a warning). 生成 builds the sections and
writes the file on a worker (reports.binder, reports.output), the progress naming the
section being made; 取消 leaves no file. The binder only reads, so a read-only database
makes one too. The term, the sections and the format are remembered (QSettings group
"binder"); the year is this year each time, and the two privacy boxes (困难职工帮扶, full
numbers) start unticked each time, as in every other export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QRadioButton,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.binder import DEFAULT_SECTIONS, SECTIONS, TERMS, YEARLY_SECTIONS, period
from unionapp.reports import binder as binder_report
from unionapp.reports.output import ExportCancelled, export
from unionapp.services import activity_reads, handout_reads, ledger_years
from unionapp.services import settings as settings_service
from unionapp.ui.widgets.common import show_error
from unionapp.ui.widgets.report_export import ExportDialog, proposed_path, show_exported
from unionapp.ui.widgets.tasks import LatestReads, run_with_progress

TITLE = "年度工作台账"
GROUP = "binder"
HARDSHIP = "hardship"
HARDSHIP_WARNING = "含困难职工信息（已隐藏家庭经济情况），请妥善保管"
TERM_LABELS = {None: "全年", **{term: name for term, (name, _first, _last) in TERMS.items()}}
BINARY_FORMATS = ("pdf", "xlsx")  # a binder is many tables: no CSV
STEP = 100  # progress units per section (and one step more for writing the file)
ROWS_PER_COLUMN = 7


@dataclass(frozen=True)
class BinderChoice:
    year: int
    term: int | None
    sections: tuple[str, ...]
    full: bool
    fmt: str
    path: Path

    @property
    def include_hardship(self) -> bool:
        return HARDSHIP in self.sections


def binder_name(union: str, year: int, term: int | None) -> str:
    """The binder's own title ("某某学校工会2026年度工作台账"): the file is named after it."""
    return binder_report.binder_title(union, year, term, period(year, term)[2])


def record_years(db: Database) -> list[int]:
    """The years with records (the books, activities, handouts) and this year, newest first."""
    years = set(ledger_years.list_years(db)) | set(activity_reads.activity_years(db))
    return sorted(years | set(handout_reads.handout_years(db)), reverse=True)


class BinderDialog(ExportDialog):
    """Year, period, sections, then the export dialog's format, file and masking."""

    def __init__(self, parent: QWidget | None, db: Database, today: date | None = None):
        self.today = today or date.today()
        self.union = settings_service.load(db).union_name
        saved = QSettings()
        saved.beginGroup(GROUP)
        fmt = str(saved.value("format", "pdf"))
        super().__init__(
            parent, binder_name(self.union, self.today.year, None), fmt if fmt in BINARY_FORMATS else "pdf"
        )
        self.setWindowTitle(TITLE)
        self.format_box.removeItem(self.format_box.findData("csv"))
        self.buttons = self.findChild(QDialogButtonBox)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成")
        self.year_box = QComboBox()
        self.year_box.addItem(f"{self.today.year}年", self.today.year)
        self.term_group = QButtonGroup(self)
        self.section_boxes: dict[str, QCheckBox] = {}
        self.hardship_warning = QLabel(HARDSHIP_WARNING)
        self.hardship_warning.setStyleSheet("color: #b45309;")
        form = self.layout()
        form.insertRow(0, "年度：", self.year_box)
        form.insertRow(1, "期间：", self._term_row(saved.value("term", "")))
        form.insertRow(2, "内容：", self._sections_grid(saved.value("sections")))
        form.insertRow(3, "", self.hardship_warning)
        saved.endGroup()
        self.year_box.currentIndexChanged.connect(self._rename)
        self.term_group.idToggled.connect(self._term_changed)
        self._term_changed()
        self.hardship_warning.setVisible(False)
        self.section_boxes[HARDSHIP].toggled.connect(self.hardship_warning.setVisible)
        self.reads = LatestReads(self)
        self.reads.run("years", lambda: record_years(db), self._show_years, "无法读取年份")

    def _term_row(self, saved_term) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for term, label in TERM_LABELS.items():
            button = QRadioButton(label)
            if term is not None:
                _name, (m1, d1), (m2, d2) = TERMS[term]
                button.setToolTip(f"{m1}月{d1}日—{m2}月{d2}日")
            self.term_group.addButton(button, term or 0)
            button.setChecked(str(term or "") == str(saved_term or ""))
        if self.term_group.checkedButton() is None:
            self.term_group.button(0).setChecked(True)
        for button in self.term_group.buttons():
            layout.addWidget(button)
        layout.addStretch(1)
        return row

    def _sections_grid(self, saved_sections) -> QWidget:
        """The sections in binder order, down the first column then the second."""
        chosen = set(str(saved_sections or "").split(",")) - {""} or set(DEFAULT_SECTIONS)
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        for index, (code, section) in enumerate(SECTIONS.items()):
            box = QCheckBox(section.title)
            box.setToolTip("、".join(section.subsections))
            box.setChecked(code in chosen and code != HARDSHIP)  # hardship files: asked for each time
            self.section_boxes[code] = box
            grid.addWidget(box, index % ROWS_PER_COLUMN, index // ROWS_PER_COLUMN)
        grid.setHorizontalSpacing(32)
        grid.setColumnStretch(2, 1)  # the two columns side by side, the spare width after them
        return grid_widget

    # ------------------------------------------------------------ choices
    @property
    def year(self) -> int:
        return int(self.year_box.currentData())

    @property
    def term(self) -> int | None:
        return self.term_group.checkedId() or None

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.section_boxes.items() if box.isChecked())

    def choice(self) -> BinderChoice:
        return BinderChoice(self.year, self.term, self.sections, self.full_id, self.fmt, self.path)

    def _show_years(self, years: list[int]) -> None:
        current = self.year
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in sorted(set(years) | {current}, reverse=True):
            self.year_box.addItem(f"{year}年", year)
        self.year_box.setCurrentIndex(self.year_box.findData(current))
        self.year_box.blockSignals(False)

    def _term_changed(self, *_args) -> None:
        """A term binder prints the yearly sections for the whole year: their boxes say so."""
        for code in YEARLY_SECTIONS:
            title = SECTIONS[code].title
            self.section_boxes[code].setText(title if self.term is None else f"{title}（全年）")
        self._rename()

    def _rename(self, *_args) -> None:
        """The proposed file name follows the year and term; the folder stays the chosen one."""
        if not self.path_edit.text().strip():
            return
        name = proposed_path(binder_name(self.union, self.year, self.term), self.fmt).name
        self.path_edit.setText(str(self.path.with_name(name)))

    def accept(self) -> None:
        if not self.sections:
            QMessageBox.warning(self, TITLE, "请至少勾选一项要装订的内容。")
            return
        super().accept()  # the file name, folder and replacing checks of every export
        if self.result() == QDialog.DialogCode.Accepted:
            self._remember()

    def _remember(self) -> None:
        saved = QSettings()
        saved.beginGroup(GROUP)
        saved.setValue("term", str(self.term or ""))
        saved.setValue("sections", ",".join(c for c in self.sections if c != HARDSHIP))
        saved.setValue("format", self.fmt)
        saved.endGroup()


def open_binder(parent: QWidget | None, db: Database, today: date | None = None) -> QProgressDialog | None:
    """The dialog, then (生成) the binder written in the background."""
    dialog = BinderDialog(parent, db, today)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    choice = dialog.choice()
    dialog.deleteLater()  # else one hidden dialog per binder stays on the window
    return start_binder(parent, db, choice, today) if accepted else None


def start_binder(
    parent: QWidget | None,
    db: Database,
    choice: BinderChoice,
    today: date | None = None,
    on_done: Callable | None = None,
) -> QProgressDialog:
    """Build the chosen sections and write the file off the GUI thread; the progress names
    the section being made. 取消 stops it and leaves no file (the writers write atomically)."""
    names = [SECTIONS[code].title for code in choice.sections]
    made = len(names) * STEP  # the units the sections take; the file's writing takes one STEP more

    def work(cancelled, progress):
        def building(done: int, total: int) -> None:
            progress(made * done // max(total, 1), made + STEP)

        def writing(done: int, total: int) -> None:
            progress(made + STEP * done // max(total, 1), made + STEP)

        bundle = binder_report.binder(
            db,
            choice.year,
            term=choice.term,
            sections=choice.sections,
            include_hardship=choice.include_hardship,
            full=choice.full,
            today=today,
            progress=building,
            cancelled=cancelled,
        )
        result = export(bundle, choice.path, choice.fmt, cancelled=cancelled, progress=writing)
        if cancelled():  # 取消 pressed as the last page was written: the user asked for no file
            choice.path.unlink(missing_ok=True)
            raise ExportCancelled()
        return result

    def done(result) -> None:
        (on_done or (lambda r: _show_made(parent, r)))(result)

    dialog = run_with_progress(
        parent, "正在准备年度工作台账…", work, done, lambda e: show_error(parent, e, "年度工作台账没有生成")
    )
    dialog.setWindowTitle(TITLE)
    _name_sections(dialog, names)
    return dialog


def _show_made(parent: QWidget | None, result) -> None:
    """Every export's 打开文件 / 打开所在文件夹 box, saying a binder was made (its row count
    would mean nothing to the chair)."""
    box = show_exported(parent, result)
    box.setWindowTitle(TITLE)
    box.setText("\n\n".join([f"年度工作台账已生成：\n{result.path}", *result.warnings]))


def _name_sections(dialog: QProgressDialog, names: list[str]) -> None:
    """The task runner carries numbers only: the value says which section is being made."""

    def show(value: int) -> None:
        index = value // STEP
        if index < len(names):
            dialog.setLabelText(f"正在生成第 {index + 1}/{len(names)} 部分：{names[index]}…")
        else:
            dialog.setLabelText("正在写入文件…")

    bar = dialog.findChild(QProgressBar)
    if bar is not None:
        bar.valueChanged.connect(show)
