"""Typing never waits on the database: a keystroke in the members search box or in the
visit form runs no SQL statement on the GUI thread (on PostgreSQL each would be a round
trip to the server). What the keystroke shows is still right."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import date

from PySide6.QtCore import QThreadPool
from sqlalchemy import event

from unionapp.services import members, visits
from unionapp.ui.visits.dialog import VisitDialog

from .helpers import retype, type_text


@contextmanager
def gui_thread_statements(db):
    """The SQL statements run on this (the GUI) thread inside the block."""
    seen: list[str] = []
    gui = threading.get_ident()

    def before(_conn, _cursor, statement, *_args) -> None:
        if threading.get_ident() == gui:
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def test_the_counter_sees_a_query_on_the_gui_thread(window):
    with gui_thread_statements(window.db) as seen:
        members.list_members(window.db)
    assert seen  # so the zeros below mean something


def test_members_search_keystrokes_query_nothing(window, qtbot):
    tab = window.members_tab
    QThreadPool.globalInstance().waitForDone()
    qtbot.waitUntil(lambda: tab.model.total_count > 0)
    sample = tab.model.all_rows[len(tab.model.all_rows) // 2]
    initials = sample.search_text.split("|")[2]
    with gui_thread_statements(window.db) as seen:
        tab.search.setFocus()
        type_text(qtbot, tab.search, initials)
        qtbot.waitUntil(lambda: sample.id in {r.id for r in tab.model.shown_rows})
        retype(qtbot, tab.search, sample.name)
        qtbot.waitUntil(lambda: 0 < tab.model.rowCount() < tab.model.total_count)
    assert seen == []
    assert sample.id in {r.id for r in tab.model.shown_rows}


def test_visit_form_keystrokes_query_nothing(window, qtbot):
    db = window.db
    visited = {v.member_id for v in visits.list_visits(db)}
    member = next(m for m in members.list_members(db) if m.status == "active" and m.id not in visited)
    dialog = VisitDialog(window, db, members.list_members(db), visits.list_types(db))
    dialog.show()
    dialog.member_edit.set_member(member.id)
    dialog.type_box.setCurrentIndex(dialog.type_box.findText("生病住院"))  # read on a worker
    qtbot.waitUntil(dialog.is_judged)
    assert dialog.money_edit.text() == "300.00"
    with gui_thread_statements(db) as seen:
        type_text(qtbot, dialog.reason_edit, "骨折住院")
        retype(qtbot, dialog.money_edit, "500")
        retype(qtbot, dialog.date_edit, dialog.date_edit.text())
        type_text(qtbot, dialog.visitors_edit, "wjg")
    assert seen == []
    assert "慰问金 500.00 元与标准 300.00 元不同" in dialog.warnings_label.text()  # judged all the same
    assert not dialog.save_button.isEnabled()  # a reason first
    dialog.done(0)


def test_ticking_dues_exemptions_queries_nothing(new_books, qtbot):
    from PySide6.QtCore import Qt

    from unionapp.ui.funds.dues_dialogs import DuesPostDialog

    db = new_books.db
    dialog = DuesPostDialog(new_books, db, date.today().year, [1], 1)
    dialog.show()
    owing = dialog.proxy.rowCount()
    assert f"应缴 {owing} 人，免缴 0 人" in dialog.preview.text()
    with gui_thread_statements(db) as seen:
        dialog.list.setFocus()
        for row in range(2):
            dialog.list.setCurrentIndex(dialog.proxy.index(row, 0))
            qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: "免缴 2 人" in dialog.preview.text())
        type_text(qtbot, dialog.search, "z")
    assert seen == []
    assert f"应缴 {owing - 2} 人，免缴 2 人" in dialog.preview.text()
    dialog.done(0)


def test_audit_log_filters_are_read_off_the_gui_thread(window, qtbot):
    from PySide6.QtCore import QDate

    window.show_audit_log()
    dialog = window.audit_dialog
    qtbot.waitUntil(lambda: not dialog.loading and dialog.model.rowCount() > 0)
    with gui_thread_statements(window.db) as seen:
        type_text(qtbot, dialog.search, "生成演示")
        qtbot.waitUntil(lambda: not dialog.loading and 0 < dialog.model.rowCount())
        dialog.date_from.setDate(QDate.currentDate().addDays(1))
        qtbot.waitUntil(lambda: not dialog.loading and dialog.model.rowCount() == 0)
    assert seen == []
    assert dialog.status.text() == "没有符合条件的记录。"
