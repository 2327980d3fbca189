"""The fixtures the 教代会 tab tests share: a small school (eleven staff in four 工会小组,
teachers, a headmistress, canteen and maintenance staff), the tab on it, and the steps
that set up a term quickly when a test starts after it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from unionapp.domain.congress import guess_category
from unionapp.services import congress, groups, members
from unionapp.services.congress import DelegateInput, TermInput
from unionapp.services.members import MemberInput
from unionapp.ui.congress import delegate_view
from unionapp.ui.congress.tab import CongressTab

START, END = date(2024, 4, 20), date(2029, 4, 19)
SESSION_DAY = date(2025, 3, 20)
# name, gender, group, department, title
STAFF = [
    ("赵一", "F", "语文组", "语文组", "教师"),
    ("钱二", "M", "语文组", "语文组", "教师"),
    ("孙三", "F", "语文组", "语文组", "教师"),
    ("李四", "F", "数学组", "数学组", "教师"),
    ("周五", "M", "数学组", "数学组", "教师"),
    ("吴六", "F", "数学组", "数学组", "教师"),
    ("郑七", "M", "数学组", "数学组", "教师"),
    ("王八", "F", "行政组", "校长室", "校长"),
    ("冯九", "M", "后勤组", "总务处", "工勤"),
    ("陈十", "F", "后勤组", "总务处", "食堂"),
    ("褚十一", "M", "语文组", "语文组", "教师"),
]


@pytest.fixture
def staff_db(db):
    for name in dict.fromkeys(s[2] for s in STAFF):
        groups.add_group(db, name)
    for name, gender, group, department, title in STAFF:
        members.add_member(
            db,
            MemberInput(
                name=name,
                gender=gender,
                birth_date=date(1985, 5, 1),
                group_name=group,
                department=department,
                title=title,
                work_start_date=date(2008, 9, 1),
            ),
        )
    return db


@pytest.fixture
def tab(staff_db, qtbot, messages):
    messages.confirm_answer = True
    tab = CongressTab(staff_db)
    qtbot.addWidget(tab)
    tab.resize(1300, 680)
    tab.show()
    qtbot.waitExposed(tab)
    settle(qtbot, tab)
    return tab


@pytest.fixture(autouse=True)
def answered(monkeypatch, messages):
    """The pages' confirmations go to the test's message log."""

    def fake(_parent, _title, text):
        messages.confirmations.append(text)
        return True

    monkeypatch.setattr(delegate_view, "confirm", fake)


def settle(qtbot, tab) -> None:
    qtbot.waitUntil(lambda: all(not getattr(p, "loading", False) for p in tab.built.values()))
    qtbot.waitUntil(lambda: not tab.reads.pending)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def roster(db) -> dict[str, members.MemberRow]:
    return {m.name: m for m in members.list_members(db)}


def select_rows(table, rows) -> None:
    table.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        table.selectionModel().select(table.model().index(row, 0), flags)


def make_term(db, names: list[str]) -> int:
    """A term with these delegates (for the tests that start after the setting up)."""
    term_id = congress.create_term(db, TermInput(1, "第1届教职工代表大会", START, END))
    people = roster(db)
    chosen = [people[n] for n in names]
    congress.add_delegates(
        db, term_id, [DelegateInput(m.id, START, category=guess_category(m.title, m.department)) for m in chosen]
    )
    return term_id
