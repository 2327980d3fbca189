"""What the 困难帮扶 tab does to a file: open a new one, view the details (the service
records each view), edit, review, delete one entered by mistake, register a visit for the
member (the 五必访 tab's own form), and the options asked before a report. Each is one
service call; the tab reads its list again after it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from unionapp.domain.dates import format_date
from unionapp.services import hardship
from unionapp.services.hardship import FileInput, FileRow, HouseholdInput
from unionapp.ui.hardship.data import today
from unionapp.ui.hardship.detail_dialog import FileDetailDialog
from unionapp.ui.hardship.file_dialog import FileDialog
from unionapp.ui.hardship.report_options import RosterChoice, RosterOptions, YearOptions
from unionapp.ui.hardship.review_dialog import ReviewDialog
from unionapp.ui.widgets.common import guarded
from unionapp.ui.widgets.reason_dialog import ReasonDialog

if TYPE_CHECKING:
    from unionapp.ui.hardship.tab import HardshipTab


# ---------------------------------------------------------------- files
def new_file(tab: HardshipTab, member_id: int | None = None) -> None:
    """新建档案…, for `member_id` when given (the member dialog's 困难职工档案…)."""
    member = next((m for m in tab.data.members if m.id == member_id), None) if member_id else None
    name = member.name if member is not None else ""
    data = FileInput(member_id or 0, "hardship", today(), household=(HouseholdInput("本人", name),))
    dialog = FileDialog(tab, tab.db, tab.data.active, data)
    if dialog.exec() and dialog.saved_id is not None:
        tab.written(dialog.saved_id)


def edit(tab: HardshipTab, row: FileRow) -> None:
    data = guarded(tab, lambda: hardship.file_input(tab.db, row.id))  # logged as a view
    if data is None:
        tab.refresh()  # gone, or refused: the list is read again
        return
    dialog = FileDialog(tab, tab.db, tab.data.active if tab.data else [], data, row.id, row.version, row.name)
    if dialog.exec():
        tab.written(row.id)


def view(tab: HardshipTab, file_id: int) -> None:
    """The details, read (and logged) now; the dialog's buttons lead on to the next step."""
    detail = guarded(tab, lambda: hardship.view_file(tab.db, file_id, today=today()))
    if detail is None:
        return
    row = detail.row
    steps = {}
    if tab.editable and row.open:
        steps["修改…"] = lambda: edit(tab, tab.row_of_file(file_id) or row)
        steps["复核…"] = lambda: review(tab, tab.row_of_file(file_id) or row)
    if tab.editable and row.member_status == "active":
        steps["登记走访…"] = lambda: register_visit(tab, row)
    dialog = FileDetailDialog(tab, detail, steps)
    tab.last_detail = dialog  # for tests and the guide's pictures
    dialog.exec()
    if dialog.chosen is not None:
        dialog.chosen()


def review(tab: HardshipTab, row: FileRow | None) -> None:
    if row is None or not tab.editable or not row.open:
        return
    dialog = ReviewDialog(tab, tab.db, row, today())
    if dialog.exec():
        tab.written(row.id)


def delete(tab: HardshipTab, row: FileRow) -> None:
    what = (
        f"删除 {row.name} 的困难职工档案（{row.level_label}，{format_date(row.opened_on)} 建档），"
        "连同家庭成员和复核记录。\n删除只用于录入错误的档案；脱困请用“复核”销档，以保留记录。"
    )
    dialog = ReasonDialog(
        tab, "删除困难职工档案", what, lambda reason: hardship.delete_file(tab.db, row.id, reason), "删除"
    )
    dialog.reason.setPlaceholderText("如 建错了人")
    if dialog.exec():
        tab.written()


def open_member(tab: HardshipTab, member_id: int) -> None:
    """The member's open file's details, or a new file for them."""
    file_id = guarded(tab, lambda: hardship.member_file_id(tab.db, member_id) or 0)
    if file_id is None:
        return
    if file_id:
        tab.open_file(file_id)
    elif tab.editable:
        new_file(tab, member_id)


# ---------------------------------------------------------------- visits
def register_visit(tab: HardshipTab, row: FileRow | None) -> None:
    """登记走访 for the file's member: the 五必访 tab's form (its register and the ledger
    follow), with the 重大困难 type chosen; the list then reads again (本年走访)."""
    if row is None or not tab.editable:
        return
    from unionapp.services.visits import VisitInput

    window = tab.window()
    visits_tab = window.area_tab("visits") if hasattr(window, "area_tab") else None
    if visits_tab is None:
        _visit_here(tab, row)
    else:
        context = visits_tab._ensure_context()
        if context is None:
            return
        kind = next((t.id for t in context.types if t.code == "major_hardship"), 0)
        visits_tab.new_item(VisitInput(row.member_id, kind, today(), reason="困难帮扶", approver=context.chair))
    tab.written(row.id)


def _visit_here(tab: HardshipTab, row: FileRow) -> None:
    """Outside the main window (a tab on its own): the visit form itself."""
    from unionapp.services.visits import VisitInput
    from unionapp.ui.visits.data import load_context
    from unionapp.ui.visits.dialog import VisitDialog

    context = guarded(tab, lambda: load_context(tab.db))
    if context is None:
        return
    kind = next((t.id for t in context.types if t.code == "major_hardship"), 0)
    data = VisitInput(row.member_id, kind, today(), reason="困难帮扶", approver=context.chair)
    VisitDialog(tab, tab.db, context.members, context.types, data, chair=context.chair).exec()


# ---------------------------------------------------------------- reports and import
def ask_report(tab: HardshipTab, key: str) -> bool:
    """The options of report `key`, kept on the tab for its builder; False: cancelled."""
    if key == "hardship":
        dialog = RosterOptions(tab, tab.closed_box.isChecked(), tab.db.read_only)
        if not dialog.exec():
            return False
        tab.report_choice = dialog.choice()
        return True
    this_year = today().year
    first = min((r.opened_on.year for r in tab.data.files), default=this_year) if tab.data else this_year
    dialog = YearOptions(tab, list(range(this_year, min(first, this_year) - 1, -1)), this_year)
    if not dialog.exec():
        return False
    tab.report_choice = dialog.year()
    return True


def report_builder(tab: HardshipTab, key: str):
    """The report module (reportlab, openpyxl) loads on first use."""
    from unionapp.reports import hardship as reports
    from unionapp.ui.widgets.report_export import without_personal_numbers

    db, day, choice = tab.db, today(), tab.report_choice
    if key == "hardship":
        choice = choice if isinstance(choice, RosterChoice) else RosterChoice(False, tab.closed_box.isChecked())
        return without_personal_numbers(
            lambda _full_id: reports.load_roster_report(db, choice.full, choice.include_closed, day)
        )
    year = choice if isinstance(choice, int) else day.year
    return without_personal_numbers(lambda _full_id: reports.load_help_stats_report(db, year, day))


def import_action(tab: HardshipTab) -> QAction | None:
    """导入困难职工档案…, when the importer is there."""
    from unionapp.ui.hardship import file_import

    return file_import.action(tab)
