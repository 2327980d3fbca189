"""The 教代会 tab's prints and imports: the reports built from the term and session the
pages show, and a delegate list imported after its preview."""

from __future__ import annotations

from unionapp.services import congress
from unionapp.services.congress import SessionInput, TermInput

from . import congress_staff
from .congress_staff import (
    END,
    SESSION_DAY,
    START,
    make_term,
    settle,
)

# the shared fixtures, by name for pytest
answered, staff_db, tab = congress_staff.answered, congress_staff.staff_db, congress_staff.tab
BOTH_ENGINES = True


def test_the_pages_reports_are_built_from_the_chosen_term_and_session(tab, qtbot):
    db = tab.db
    term_id = make_term(db, ["赵一", "钱二", "孙三"])
    session_id = congress.create_session(db, SessionInput(term_id, 1, "第一届教职工代表大会第一次会议", SESSION_DAY))
    congress.set_attendance(db, session_id, [d.id for d in congress.list_delegates(db, term_id)], "present")
    delegates = tab.page("delegates")
    delegates.set_term(term_id)
    tab.pages.setCurrentIndex(1)
    sessions = tab.page("sessions")
    sessions.set_term(term_id)
    settle(qtbot, tab)
    assert delegates.current_report() == "congress-delegates"
    roll = delegates.report_builder("congress-delegates")(False)
    assert "代表名册" in roll.title and len(roll.rows) == 3
    assert sessions.current_report() == "congress-signin"
    for key in ("congress-signin", "congress-resolutions", "congress-archive"):
        built = sessions.report_builder(key)(False)
        assert built.title, key
    signin = sessions.report_builder("congress-signin")(False)
    assert {"赵一", "钱二", "孙三"} <= {cell for row in signin.rows for cell in row if isinstance(cell, str)}
    assert sessions.report_file_stem("congress-archive").startswith("第一届教职工代表大会第一次会议")


def test_a_delegate_list_is_imported_after_its_preview(tab, modal, messages, qtbot, tmp_path):
    from openpyxl import Workbook

    from unionapp.ui.congress.delegate_import import DelegatePreviewDialog, delegate_flow

    db = tab.db
    term_id = congress.create_term(db, TermInput(1, "第一届教职工代表大会", START, END))
    page = tab.page("delegates")
    page.set_term(term_id)
    settle(qtbot, tab)
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "工会小组", "选区", "类别", "当选日期"])
    sheet.append(["赵一", "语文组", "语文组", "一线教师", "2024-04-20"])
    sheet.append(["冯九", "后勤组", "后勤组", "教辅/工勤", "2024-04-20"])
    path = tmp_path / "代表名单.xlsx"
    book.save(path)

    def confirm(dialog: DelegatePreviewDialog) -> None:
        assert "新增代表 2" in [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        dialog.accept()

    flow = delegate_flow(page, db, term_id, page.reload)
    modal.run(DelegatePreviewDialog, confirm, lambda: flow.read(path))
    qtbot.waitUntil(lambda: any("导入完成" in t for t in messages.texts("information")))
    settle(qtbot, tab)
    assert {(d.name, d.category) for d in congress.list_delegates(db, term_id)} == {
        ("赵一", "teacher"),
        ("冯九", "support"),
    }
    assert page.model.rowCount() == 2
