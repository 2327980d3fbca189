"""连接共享数据库: testing the connection against a real server, Chinese reasons when it
fails, and the password kept in the keyring rather than in settings."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtCore import Qt

from unionapp.db import shared
from unionapp.db.shared import SharedDatabase
from unionapp.ui.shell.shared_db_dialog import SharedDatabaseDialog

from .helpers import type_text


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.saved.get((service, username))

    def set_password(self, service, username, password):
        self.saved[(service, username)] = password

    def delete_password(self, service, username):
        self.saved.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(previous)


@pytest.fixture
def empty_server_db(pg_server):
    name = pg_server.create_database(empty=True)
    yield pg_server, name
    pg_server.drop_database(name)


def fill(qtbot, dialog, server, name, password):
    url = server.admin_url
    type_text(qtbot, dialog.host, url.host)
    dialog.port.setValue(url.port)
    type_text(qtbot, dialog.database, name)
    type_text(qtbot, dialog.user, url.username)
    type_text(qtbot, dialog.password, password)


def test_wrong_password_is_said_and_the_dialog_stays(qtbot, empty_server_db, memory_keyring):
    server, name = empty_server_db
    dialog = SharedDatabaseDialog()
    qtbot.addWidget(dialog)
    fill(qtbot, dialog, server, name, "not-the-password")
    dialog.accept()
    assert dialog.result() != SharedDatabaseDialog.DialogCode.Accepted
    assert "用户名或密码不对" in dialog.status.text()
    assert memory_keyring.saved == {}


def test_connecting_keeps_the_password_in_the_keyring_only(qtbot, empty_server_db, memory_keyring):
    server, name = empty_server_db
    dialog = SharedDatabaseDialog()
    qtbot.addWidget(dialog)
    fill(qtbot, dialog, server, name, server.admin_url.password)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert "空数据库" in dialog.status.text()
    dialog.accept()
    assert dialog.result() == SharedDatabaseDialog.DialogCode.Accepted
    target = dialog.target()
    assert memory_keyring.saved == {("unionapp", target.account): server.admin_url.password}
    assert shared.without_password(dialog.url()) == target.url()
    assert server.admin_url.password not in target.url()
    again = SharedDatabaseDialog(current=target)  # next time the password is filled in
    qtbot.addWidget(again)
    assert again.password.text() == server.admin_url.password


def test_without_a_keyring_the_user_is_told_and_still_connects(qtbot, empty_server_db, messages):
    server, name = empty_server_db
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog = SharedDatabaseDialog()
        qtbot.addWidget(dialog)
        fill(qtbot, dialog, server, name, server.admin_url.password)
        dialog.accept()
    finally:
        keyring.set_keyring(previous)
    assert dialog.result() == SharedDatabaseDialog.DialogCode.Accepted
    assert any("每次连接时需要重新输入" in text for text in messages.texts())


def test_missing_fields_are_named(qtbot):
    dialog = SharedDatabaseDialog()
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.status.text() == "请填写：服务器地址、数据库名、用户名"


def test_urls_are_remembered_without_password():
    target = SharedDatabase("192.168.1.20", 5432, "yangguang", "chair")
    assert shared.parse(target.url("s3cret")) == target
    assert shared.without_password(target.url("s3cret")) == "postgresql+psycopg://chair@192.168.1.20:5432/yangguang"
    assert shared.without_password("/home/x/union.db") == "/home/x/union.db"
    assert shared.parse("sqlite:///x.db") is None


def test_the_window_works_on_the_shared_database_and_remembers_it_without_password(
    qtbot, window, pg_server, memory_keyring
):
    from PySide6.QtCore import QSettings

    from unionapp.db.opening import open_database
    from unionapp.services import settings
    from unionapp.ui.shell.app import choose_database

    name = pg_server.create_database()
    url = pg_server.url_for(name)
    first = open_database(url)  # set up already, and this computer's user named: no questions
    settings.save(
        first, settings.UnionSettings(union_name="阳光中学工会委员会", chair_name="王建国", operator="王建国")
    )
    first.dispose()
    home = str(window.db.sqlite_path)
    try:
        window.switch_database(url)
        assert window.db.url.get_backend_name() == "postgresql"
        remembered = QSettings().value("database/last")
        assert remembered == shared.without_password(url) and pg_server.admin_url.password not in remembered
        server = shared.parse(url)
        host = server.host if server.port == shared.DEFAULT_PORT else f"{server.host}:{server.port}"
        assert window.db_label.text() == f"阳光中学工会委员会　｜　共享数据库 {host}/{name}"
        assert pg_server.admin_url.password not in window.db_label.text()
        assert window.members_tab.model.rowCount() == 0 and "阳光中学" in window.windowTitle()
        shared.save_password(shared.parse(url), pg_server.admin_url.password)
        assert choose_database(None) == url  # next start: the password comes from the keyring
    finally:
        window.switch_database(home)  # let go of the server database
        pg_server.drop_database(name)
