"""The first-run dialog on an empty database: the union's name, and demo data to try."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from unionapp.services import members
from unionapp.services import settings as settings_service
from unionapp.ui.shell.first_run import FirstRunDialog, first_run

from .helpers import DEMO_MEMBERS, click_checkbox, type_text


def _ok(dialog: FirstRunDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_first_run_with_demo_data(db, open_window, modal, qtbot):
    window = open_window(db)
    assert window.members_tab.model.rowCount() == 0
    assert window.windowTitle() == "工会助手"
    assert window.count_label.text() == "共 0 人"

    def fill(dialog: FirstRunDialog):
        assert dialog.demo.isVisible() and not dialog.demo.isChecked()
        assert not _ok(dialog).isEnabled()  # the union's name is required
        type_text(qtbot, dialog.union_name, "   ")
        assert not _ok(dialog).isEnabled()
        type_text(qtbot, dialog.union_name, "星光小学工会委员会")
        type_text(qtbot, dialog.chair, "李明")
        assert _ok(dialog).isEnabled()
        click_checkbox(qtbot, dialog.demo)
        assert dialog.demo.isChecked()
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    modal.run(FirstRunDialog, fill, lambda: first_run(window))
    saved = settings_service.load(db)
    assert saved.union_name == "星光小学工会委员会"
    assert (saved.chair_name, saved.operator, saved.demo_offered) == ("李明", "李明", "1")
    assert members.count_members(db) == 300
    assert window.members_tab.model.rowCount() == 300
    assert window.count_label.text() == "共 300 人"
    assert "星光小学工会委员会" in window.windowTitle()
    # The demo's own union name did not replace the one just typed.
    assert "阳光中学" not in window.windowTitle()


def test_first_run_without_demo_data(db, open_window, modal, qtbot):
    window = open_window(db)

    def fill(dialog: FirstRunDialog):
        type_text(qtbot, dialog.union_name, "星光小学工会委员会")
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)

    modal.run(FirstRunDialog, fill, lambda: first_run(window))
    assert settings_service.load(db).union_name == "星光小学工会委员会"
    assert members.count_members(db) == 0
    assert window.windowTitle() == "工会助手 - 星光小学工会委员会"


def test_first_run_postponed_saves_nothing(db, open_window, modal, qtbot):
    window = open_window(db)

    def postpone(dialog: FirstRunDialog):
        type_text(qtbot, dialog.union_name, "星光小学工会委员会")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)

    modal.run(FirstRunDialog, postpone, lambda: first_run(window))
    assert not settings_service.is_configured(db)
    assert members.count_members(db) == 0
    assert window.windowTitle() == "工会助手"


def test_first_run_on_a_filled_database_offers_no_demo(demo_db, open_window, modal, qtbot):
    window = open_window(demo_db)

    def look(dialog: FirstRunDialog):
        assert not dialog.demo.isVisible()

    modal.run(FirstRunDialog, look, lambda: first_run(window))
    assert members.count_members(demo_db) == DEMO_MEMBERS
