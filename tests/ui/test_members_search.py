"""Search-as-you-type and the filter combo boxes of the 会员 tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from unionapp.domain.pinyin import search_keys
from unionapp.services import groups, members
from unionapp.services.members import NO_GROUP, MemberFilter

from .helpers import DEMO_MEMBERS, choose, shown_ids, type_text


def _pick(rows, key):
    """A member whose `key` is shared by some but not all members (a real narrowing)."""
    for row in rows:
        value = key(row)
        if not value:
            continue
        hits = [r for r in rows if _matches_text(r, value)]
        if 1 <= len(hits) < len(rows) // 2:
            return row, value
    raise AssertionError("no member to search for")


def _matches_text(row, query: str) -> bool:
    """An independent statement of what the search box should find."""
    if query.isascii() and query.isalpha():
        return any(key.startswith(query) for key in search_keys(row.name).split("|"))
    return query in row.name or query in row.id_number or query in row.phone


def _search(qtbot, window, text: str) -> list[int]:
    tab = window.members_tab
    expected = [r.id for r in members.search_members(window.db, MemberFilter(text=text))]
    assert 0 < len(expected) < DEMO_MEMBERS
    tab.search.setFocus()
    type_text(qtbot, tab.search, text)
    assert tab.search.text() == text
    qtbot.waitUntil(lambda: tab.model.rowCount() == len(expected))
    assert sorted(shown_ids(tab)) == sorted(expected)
    assert window.count_label.text() == f"显示 {len(expected)} 人 / 共 {DEMO_MEMBERS} 人"
    for row in tab.model.shown_rows:
        assert _matches_text(row, text), (row.name, text)
    return expected


def _clear(qtbot, window) -> None:
    """Clear the box with its own clear button (the little cross at its right end)."""
    tab = window.members_tab
    (clear,) = [b for b in tab.search.findChildren(QToolButton) if b.isVisible()]
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert tab.search.text() == ""
    qtbot.waitUntil(lambda: tab.model.rowCount() == DEMO_MEMBERS)
    assert window.count_label.text() == f"共 {DEMO_MEMBERS} 人"


@pytest.mark.parametrize("kind", ["initials", "full pinyin", "chinese", "id number", "phone"])
def test_search_box_filters_table(window, qtbot, kind):
    rows = members.list_members(window.db)
    if kind == "initials":
        member, query = _pick(rows, lambda r: search_keys(r.name).split("|")[1] if len(r.name) == 3 else "")
    elif kind == "full pinyin":
        member, query = _pick(rows, lambda r: search_keys(r.name).split("|")[0])
    elif kind == "chinese":
        member, query = _pick(rows, lambda r: r.name[1:] if len(r.name) == 3 else "")
    elif kind == "id number":
        member, query = _pick(rows, lambda r: r.id_number[10:16])
    else:
        member, query = _pick(rows, lambda r: r.phone[-5:])
    found = _search(qtbot, window, query)
    assert member.id in found
    _clear(qtbot, window)


def test_search_typed_letter_by_letter_narrows(window, qtbot):
    tab = window.members_tab
    member = members.list_members(window.db)[57]
    full = search_keys(member.name).split("|")[0]
    qtbot.keyClicks(tab.search, full[:1])
    qtbot.waitUntil(lambda: tab.model.rowCount() < DEMO_MEMBERS)
    first_count = tab.model.rowCount()
    qtbot.keyClicks(tab.search, full[1:])
    qtbot.waitUntil(lambda: tab.model.rowCount() == len(members.search_members(window.db, MemberFilter(text=full))))
    assert tab.model.rowCount() <= first_count
    assert member.id in shown_ids(tab)


def test_search_with_no_match_shows_nothing(window, qtbot):
    tab = window.members_tab
    qtbot.keyClicks(tab.search, "qqqqqq")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)
    assert window.count_label.text() == f"显示 0 人 / 共 {DEMO_MEMBERS} 人"


def _check_filter(qtbot, window, flt: MemberFilter) -> list[int]:
    tab = window.members_tab
    expected = [r.id for r in members.search_members(window.db, flt)]
    assert 0 < len(expected) < DEMO_MEMBERS, flt
    qtbot.waitUntil(lambda: tab.model.rowCount() == len(expected))
    assert sorted(shown_ids(tab)) == sorted(expected)
    assert tab.current_filter() == flt
    assert window.count_label.text() == f"显示 {len(expected)} 人 / 共 {DEMO_MEMBERS} 人"
    return expected


def test_group_filter(window, qtbot):
    tab = window.members_tab
    group = next(g for g in groups.list_groups(window.db) if g.name == "初中组")
    choose(qtbot, tab.group_filter, "初中组")
    shown = _check_filter(qtbot, window, MemberFilter(group_id=group.id))
    assert len(shown) == group.member_count
    assert {r.group_name for r in tab.model.shown_rows} == {"初中组"}
    choose(qtbot, tab.group_filter, "全部小组")
    qtbot.waitUntil(lambda: tab.model.rowCount() == DEMO_MEMBERS)


def test_no_group_filter(window, qtbot):
    tab = window.members_tab
    member = members.list_members(window.db)[3]
    data = members.member_input(window.db, member.id)
    data.group_name = ""
    members.update_member(window.db, member.id, data)
    window.commands["refresh"].trigger()
    choose(qtbot, tab.group_filter, "（未分组）")
    assert _check_filter(qtbot, window, MemberFilter(group_id=NO_GROUP)) == [member.id]


def test_status_filter(window, qtbot):
    tab = window.members_tab
    choose(qtbot, tab.status_filter, "退休")
    _check_filter(qtbot, window, MemberFilter(status="retired"))
    assert {r.status for r in tab.model.shown_rows} == {"retired"}


def test_gender_filter(window, qtbot):
    tab = window.members_tab
    choose(qtbot, tab.gender_filter, "女")
    _check_filter(qtbot, window, MemberFilter(gender="F"))
    assert {tab.model.index(r, 1).data() for r in range(tab.model.rowCount())} == {"女"}


def test_birthday_month_filter(window, qtbot):
    tab = window.members_tab
    choose(qtbot, tab.month_filter, "3 月生日")
    _check_filter(qtbot, window, MemberFilter(birthday_month=3))
    assert {r.birth_date.month for r in tab.model.shown_rows} == {3}


def test_union_member_filter(window, qtbot):
    tab = window.members_tab
    choose(qtbot, tab.union_filter, "非会员")
    _check_filter(qtbot, window, MemberFilter(union_member=False))
    assert {tab.model.index(r, 10).data() for r in range(tab.model.rowCount())} == {"否"}
    choose(qtbot, tab.union_filter, "工会会员")
    _check_filter(qtbot, window, MemberFilter(union_member=True))


def test_retiring_within_filter(window, qtbot):
    tab = window.members_tab
    choose(qtbot, tab.retiring_filter, "12 个月内退休")
    _check_filter(qtbot, window, MemberFilter(retiring_within_months=12))
    assert {r.status for r in tab.model.shown_rows} == {"active"}


def test_filters_combine_with_search(window, qtbot):
    tab = window.members_tab
    group = next(g for g in groups.list_groups(window.db) if g.name == "高中组")
    choose(qtbot, tab.group_filter, "高中组")
    choose(qtbot, tab.gender_filter, "男")
    qtbot.keyClicks(tab.search, "13")
    _check_filter(qtbot, window, MemberFilter(text="13", group_id=group.id, gender="M"))
    assert all(r.group_name == "高中组" and r.gender == "M" for r in tab.model.shown_rows)
