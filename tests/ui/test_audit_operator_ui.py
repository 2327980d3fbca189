"""本机使用人: asked at first run and by a computer new to a set-up database, kept on this
computer; the 审计日志 shows it instead of the computer's account, and hides housekeeping
entries unless 显示系统记录 is ticked."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from unionapp import config
from unionapp.db.opening import open_database
from unionapp.services import audit, members, settings
from unionapp.ui.shell.first_run import (
    FirstRunDialog,
    OperatorDialog,
    ask_operator,
    first_question,
    first_run,
    needs_operator,
)

from .helpers import click_checkbox, type_text


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_first_run_asks_who_uses_this_computer(db, open_window, modal, qtbot):
    window = open_window(db)

    def fill(dialog: FirstRunDialog):
        type_text(qtbot, dialog.union_name, "星光小学工会委员会")
        type_text(qtbot, dialog.chair, "李明")
        type_text(qtbot, dialog.operator, "赵老师")
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)

    modal.run(FirstRunDialog, fill, lambda: first_run(window))
    assert config.read_local_setting(audit.OPERATOR_KEY) == "赵老师"
    assert settings.load(db).operator == "赵老师"
    newest = audit.list_entries(db, limit=1)[0]
    assert newest.operator == "赵老师"


def test_a_computer_new_to_a_set_up_database_is_asked_its_user(demo_db, open_window, modal, qtbot):
    config.write_local_setting(audit.OPERATOR_KEY, None)  # another computer: nobody named here
    window = open_window(demo_db)
    assert needs_operator(demo_db)

    def fill(dialog: OperatorDialog):
        assert any("阳光中学工会委员会" in label.text() for label in dialog.findChildren(QLabel))
        assert not _ok(dialog).isEnabled()
        type_text(qtbot, dialog.operator, "钱老师")
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)

    modal.run(OperatorDialog, fill, lambda: ask_operator(window))
    assert config.read_local_setting(audit.OPERATOR_KEY) == "钱老师" and not needs_operator(demo_db)
    first = members.list_members(demo_db)[0]
    members.update_member(demo_db, first.id, replace(members.member_input(demo_db, first.id), notes="新电脑"))
    assert audit.list_entries(demo_db, entity="member", entity_id=first.id)[0].operator == "钱老师"


def test_the_start_asks_what_the_database_and_this_computer_need(demo_db, tmp_path):
    """The question as the window opens: first run for a new database, 本机使用人 for a
    computer new to a set-up one, nothing once both are known."""
    new = open_database(config.database_url(str(tmp_path / "新建.db")))
    assert first_question(new) is first_run
    new.dispose()
    config.write_local_setting(audit.OPERATOR_KEY, None)
    assert first_question(demo_db) is ask_operator
    config.write_local_setting(audit.OPERATOR_KEY, "钱老师")
    assert first_question(demo_db) is None


def open_log(window, qtbot):
    window.show_audit_log()
    dialog = window.audit_dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: not dialog.loading)  # read on a worker thread
    return dialog


def test_log_shows_the_operator_not_the_computer_account(window, qtbot):
    settings.save(window.db, replace(settings.load(window.db), operator="李老师"))
    first = members.list_members(window.db)[0]
    members.update_member(window.db, first.id, replace(members.member_input(window.db, first.id), notes="换了手机"))
    dialog = open_log(window, qtbot)
    headers = [dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(dialog.model.columnCount())]
    assert "电脑用户" not in headers
    who = dialog.model.index(0, headers.index("操作人")).data()
    assert who == "李老师"
    texts = [dialog.model.index(r, c).data() for r in range(dialog.model.rowCount()) for c in range(len(headers))]
    assert not any("电脑用户" in (t or "") for t in texts)


def test_housekeeping_entries_show_only_when_ticked(window, qtbot):
    settings.save(window.db, replace(settings.load(window.db), demo_offered=""))  # the app's own flag
    dialog = open_log(window, qtbot)

    def summaries() -> list[str]:
        return [dialog.model.row_at(r).summary for r in range(dialog.model.rowCount())]

    assert "修改设置：首次使用提示已回答" not in summaries()
    assert dialog.system_box.text() == "显示系统记录" and not dialog.system_box.isChecked()
    click_checkbox(qtbot, dialog.system_box)
    qtbot.waitUntil(lambda: not dialog.loading)
    assert summaries()[0] == "修改设置：首次使用提示已回答"
    dialog.table.selectRow(0)
    assert "首次使用提示已回答：1 → （空）" in dialog.details.toPlainText()
    click_checkbox(qtbot, dialog.system_box)
    qtbot.waitUntil(lambda: not dialog.loading)
    assert "修改设置：首次使用提示已回答" not in summaries()


def test_opening_a_set_up_database_on_a_new_computer_asks_its_user(window, modal, qtbot, tmp_path):
    from unionapp.db.opening import open_database

    other = open_database(config.database_url(str(tmp_path / "共享.db")))
    settings.save(other, settings.UnionSettings(union_name="第二工会"))
    other.dispose()
    config.write_local_setting(audit.OPERATOR_KEY, None)

    def fill(dialog: OperatorDialog):
        type_text(qtbot, dialog.operator, "孙老师")
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)

    modal.run(OperatorDialog, fill, lambda: window.switch_database(str(tmp_path / "共享.db")))
    assert settings.load(window.db).operator == "孙老师"
    window.db.dispose()


def test_the_operator_filter_lists_names_and_unnamed_not_accounts(window, qtbot):
    from sqlalchemy import update

    from unionapp.db.models import AuditEntry

    from .helpers import choose

    settings.save(window.db, replace(settings.load(window.db), operator="李老师"))
    first = members.list_members(window.db)[0]
    members.update_member(window.db, first.id, replace(members.member_input(window.db, first.id), notes="新号码"))
    newest = audit.list_entries(window.db, limit=1)[0].id
    with window.db.session() as s:  # everything before it: from a computer where nobody was named
        s.execute(update(AuditEntry).where(AuditEntry.id < newest).values(operator="", os_user="root"))
    dialog = open_log(window, qtbot)
    items = [dialog.person_box.itemText(i) for i in range(dialog.person_box.count())]
    assert items == ["全部人员", "李老师", "未登记"]
    choose(qtbot, dialog.person_box, "未登记")
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0 and dialog.model.index(0, 0).data() is not None)
    column = [dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)].index("操作人")
    qtbot.waitUntil(
        lambda: {dialog.model.index(r, column).data() for r in range(dialog.model.rowCount())} == {"未登记"}
    )


def test_settings_names_the_same_user_and_changes_who_new_entries_name(window, modal, qtbot):
    from unionapp.ui.shell.settings_dialog import SettingsDialog

    settings.save(window.db, replace(settings.load(window.db), operator="李老师"))

    def fill(dialog: SettingsDialog):
        labels = [label.text() for label in dialog.findChildren(QLabel)]
        assert "本机使用人" in labels and "操作人" not in labels  # as first run calls it
        assert dialog.operator.text() == "李老师"
        dialog.operator.selectAll()
        type_text(qtbot, dialog.operator, "周老师")
        qtbot.mouseClick(
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
        )

    modal.run(SettingsDialog, fill, window.edit_settings)
    assert config.read_local_setting(audit.OPERATOR_KEY) == "周老师"
    first = members.list_members(window.db)[0]
    members.update_member(window.db, first.id, replace(members.member_input(window.db, first.id), notes="设置之后"))
    assert audit.list_entries(window.db, entity="member", entity_id=first.id)[0].who == "周老师"
