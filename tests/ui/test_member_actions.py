"""Changing status, removing members, and managing 工会小组 from the 会员 tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QListWidget, QPushButton

from unionapp.domain.members import MemberInput
from unionapp.services import audit, groups, members
from unionapp.services.errors import NotFoundError
from unionapp.ui.members import tab as members_tab
from unionapp.ui.members.groups_dialog import GroupsDialog
from unionapp.ui.members.status_dialog import StatusDialog

from .helpers import DEMO_MEMBERS, click_row

MEMBER_STATUSES = ["在职", "退休", "调出", "去世"]


def _active(tab, count):
    return [r for r in members.list_members(tab.db) if r.status == "active"][10 : 10 + count]


def _deletable(tab, count):
    """Members entered by mistake just now: the demo gives every real member linked records
    (dues, checkups), and a member with records can't be deleted."""
    ids = [members.add_member(tab.db, MemberInput(name=f"录错{i}")) for i in range(count)]
    tab.reload()
    return [members.get_member(tab.db, member_id) for member_id in ids]


def test_change_status_of_two_selected_rows(window, tab, qtbot, modal):
    first, second = _active(tab, 2)
    before = members.list_members(tab.db)
    click_row(qtbot, tab, first.id)
    click_row(qtbot, tab, second.id, ctrl=True)
    assert sorted(tab.selected_ids()) == sorted([first.id, second.id])

    def change(dialog: StatusDialog):
        assert dialog.windowTitle() == "更改状态"
        assert [dialog.status_box.itemText(i) for i in range(dialog.status_box.count())] == MEMBER_STATUSES
        assert dialog.status_box.currentText() == "退休"
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(StatusDialog, change, tab.status_action.trigger)
    assert members.get_member(tab.db, first.id).status == "retired"
    assert members.get_member(tab.db, second.id).status == "retired"
    # Nobody else changed.
    expected = {r.id: r.status for r in before} | {first.id: "retired", second.id: "retired"}
    assert {r.id: r.status for r in members.list_members(tab.db)} == expected
    # The table shows the new status.
    for member in (first, second):
        row = tab.model.row_of_member(member.id)
        assert tab.model.index(row, 9).data() == "退休"
    entries = audit.list_entries(tab.db, entity="member", entity_id=first.id)
    assert entries[0].action == "status" and "在职 → 退休" in entries[0].summary


def test_change_status_cancelled_changes_nothing(tab, qtbot, modal):
    (member,) = _active(tab, 1)
    click_row(qtbot, tab, member.id)

    def cancel(dialog: StatusDialog):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()

    modal.run(StatusDialog, cancel, tab.status_action.trigger)
    assert members.get_member(tab.db, member.id).status == "active"


def test_remove_with_confirmation(window, tab, qtbot, messages):
    (member,) = _deletable(tab, 1)
    click_row(qtbot, tab, member.id)
    messages.confirm_answer = True
    tab.remove_action.trigger()
    assert len(messages.confirmations) == 1 and member.name in messages.confirmations[0]
    with pytest.raises(NotFoundError):
        members.get_member(tab.db, member.id)
    assert members.count_members(tab.db) == DEMO_MEMBERS
    assert tab.model.row_of_member(member.id) is None
    assert tab.model.rowCount() == DEMO_MEMBERS
    assert window.count_label.text() == f"共 {DEMO_MEMBERS} 人"
    assert audit.list_entries(tab.db, entity="member", entity_id=member.id)[0].action == "delete"


def test_remove_declined_changes_nothing(tab, qtbot, messages):
    (member,) = _active(tab, 1)
    click_row(qtbot, tab, member.id)
    messages.confirm_answer = False
    tab.remove_action.trigger()
    assert len(messages.confirmations) == 1
    assert members.get_member(tab.db, member.id).name == member.name
    assert members.count_members(tab.db) == DEMO_MEMBERS
    assert tab.model.rowCount() == DEMO_MEMBERS


def test_remove_several_names_them_in_the_question(tab, qtbot, messages):
    chosen = _deletable(tab, 3)
    for i, member in enumerate(chosen):
        click_row(qtbot, tab, member.id, ctrl=i > 0)
    messages.confirm_answer = True
    tab.remove_action.trigger()
    assert all(m.name in messages.confirmations[0] for m in chosen)
    assert members.count_members(tab.db) == DEMO_MEMBERS


def test_actions_without_selection_do_nothing(tab, messages, monkeypatch):
    tab.table.clearSelection()
    monkeypatch.setattr(members_tab, "StatusDialog", lambda *_a, **_k: pytest.fail("asked"))
    tab.remove_action.trigger()
    tab.status_action.trigger()
    tab.edit_action.trigger()
    assert messages.confirmations == []
    assert members.count_members(tab.db) == DEMO_MEMBERS


# ---------------------------------------------------------------- groups


def _button(dialog: GroupsDialog, text: str) -> QPushButton:
    (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == text]
    return button


def _select_group(qtbot, dialog: GroupsDialog, name: str) -> None:
    view: QListWidget = dialog.list
    item = next(view.item(i) for i in range(view.count()) if view.item(i).text().startswith(name + "（"))
    view.scrollToItem(item)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualItemRect(item).center())
    assert view.currentItem() is item


def _items(dialog: GroupsDialog) -> list[str]:
    return [dialog.list.item(i).text() for i in range(dialog.list.count())]


def _counts(db) -> dict[str, int]:
    return {g.name: g.member_count for g in groups.list_groups(db)}


def test_groups_dialog_add_rename_merge_remove(tab, modal, qtbot, monkeypatch, messages):
    db = tab.db
    before = _counts(db)
    texts = []

    def answer_text(text):
        def get_text(_parent, title, label, *_args, **kwargs):
            texts.append((title, kwargs.get("text", "")))
            return text, True

        monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))

    def manage(dialog: GroupsDialog):
        groups_shown = [f"{name}（{count} 人）" for name, count in before.items()]
        assert _items(dialog) == [*groups_shown, f"未分组（{DEMO_MEMBERS - sum(before.values())} 人）"]
        # add
        answer_text("  音乐组 ")
        qtbot.mouseClick(_button(dialog, "新增…"), Qt.MouseButton.LeftButton)
        assert "音乐组（0 人）" in _items(dialog)
        assert _counts(db)["音乐组"] == 0
        # adding a name that exists is refused in Chinese
        answer_text("高中组")
        qtbot.mouseClick(_button(dialog, "新增…"), Qt.MouseButton.LeftButton)
        assert "已经有名为“高中组”的小组了" in messages.texts("warning")[-1]
        # rename
        _select_group(qtbot, dialog, "音乐组")
        answer_text("艺术组")
        qtbot.mouseClick(_button(dialog, "改名…"), Qt.MouseButton.LeftButton)
        assert texts[-1] == ("小组改名", "音乐组")
        assert "艺术组（0 人）" in _items(dialog) and not any(t.startswith("音乐组") for t in _items(dialog))
        # merge 初中组 into 高中组
        _select_group(qtbot, dialog, "初中组")
        offered = []

        def get_item(_parent, _title, _label, items, *_args, **_kwargs):
            offered.extend(items)
            return "高中组", True

        monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
        messages.confirm_answer = True
        qtbot.mouseClick(_button(dialog, "合并到…"), Qt.MouseButton.LeftButton)
        assert "初中组" not in offered and "高中组" in offered
        assert f"高中组（{before['高中组'] + before['初中组']} 人）" in _items(dialog)
        # removing a group that still has members is refused
        warnings = len(messages.texts("warning"))
        _select_group(qtbot, dialog, "高中组")
        qtbot.mouseClick(_button(dialog, "删除"), Qt.MouseButton.LeftButton)
        assert len(messages.texts("warning")) == warnings + 1
        refusal = messages.texts("warning")[-1]
        assert f"小组“高中组”还有 {before['高中组'] + before['初中组']} 位会员，不能直接删除" in refusal
        assert "高中组" in _counts(db)
        # removing an empty group works
        _select_group(qtbot, dialog, "艺术组")
        qtbot.mouseClick(_button(dialog, "删除"), Qt.MouseButton.LeftButton)
        assert "艺术组" not in _counts(db)
        qtbot.mouseClick(_button(dialog, "关闭"), Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    modal.run(GroupsDialog, manage, tab.groups_action.trigger)
    after = _counts(db)
    assert "初中组" not in after and "音乐组" not in after and "艺术组" not in after
    assert after["高中组"] == before["高中组"] + before["初中组"]
    assert sum(after.values()) == DEMO_MEMBERS
    # The tab reloaded: its group filter and table follow the merge.
    filter_items = [tab.group_filter.itemText(i) for i in range(tab.group_filter.count())]
    assert "初中组" not in filter_items and "高中组" in filter_items
    assert all(r.group_name != "初中组" for r in tab.model.shown_rows)
    assert audit.list_entries(db, entity="group")[0].action == "delete"


def test_groups_dialog_cancelled_input_changes_nothing(tab, modal, qtbot, monkeypatch):
    before = _counts(tab.db)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("不要", False)))

    def manage(dialog: GroupsDialog):
        qtbot.mouseClick(_button(dialog, "新增…"), Qt.MouseButton.LeftButton)
        assert not dialog.changed

    modal.run(GroupsDialog, manage, tab.groups_action.trigger)
    assert _counts(tab.db) == before


def test_delete_key_asks_before_removing(window, tab, qtbot, messages):
    (member,) = _active(tab, 1)
    click_row(qtbot, tab, member.id)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    messages.confirm_answer = False
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert len(messages.confirmations) == 1 and member.name in messages.confirmations[0]
    assert members.count_members(tab.db) == DEMO_MEMBERS
