"""更改状态 asks the date that goes with the status and, for 退休, plans the retirement
visit; the groups dialog counts the members in no group (未分组)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select, update

from unionapp.db.models import AuditEntry, Member, Visit, VisitType
from unionapp.domain.dates import format_date
from unionapp.domain.members import MemberError
from unionapp.services import members, visits
from unionapp.services.visits import VisitInput
from unionapp.ui.members.groups_dialog import GroupsDialog
from unionapp.ui.members.status_dialog import StatusDialog

from .helpers import choose, click_checkbox, retype

TODAY = date.today()


@pytest.fixture(autouse=True)
def _today_at_test_start():
    """TODAY as the test starts, not as the module was collected: a run may cross midnight."""
    global TODAY
    TODAY = date.today()


def _pick(db) -> members.MemberRow:
    """An active member with no retirement visit recorded or planned."""
    return next(
        r
        for r in members.list_members(db)
        if r.status == "active" and r.retirement_date and not _retirement_visits(db, r.id)
    )


def _status_audit(db, member_id: int) -> dict:
    with db.session() as s:
        entry = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_id == member_id, AuditEntry.action == "status")
            .order_by(AuditEntry.id.desc())
        ).first()
        return {"summary": entry.summary, **json.loads(entry.details)}


def _retirement_visits(db, member_id: int) -> list[Visit]:
    with db.session() as s:
        type_id = s.scalar(select(VisitType.id).where(VisitType.code == "retirement"))
        return list(s.scalars(select(Visit).where(Visit.member_id == member_id, Visit.type_id == type_id)))


def test_retire_asks_the_date_defaults_to_the_legal_one_and_plans_the_visit(tab, modal, qtbot):
    db = tab.db
    person = _pick(db)
    legal = TODAY - timedelta(days=20)  # reached the legal age three weeks ago
    with db.session() as s:
        s.execute(update(Member).where(Member.id == person.id).values(retirement_date=legal))
    tab.reload()
    tab.select_member(person.id)

    def change(dialog: StatusDialog):
        assert dialog.status_box.currentText() == "退休"
        assert dialog.form.labelForField(dialog.date_edit).text() == "退休日期 *"
        assert dialog.date_edit.text() == format_date(legal)
        assert dialog.plan_visit.isVisibleTo(dialog) and dialog.plan_visit.isChecked()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(StatusDialog, change, tab.status_action.trigger)
    row = members.get_member(db, person.id)
    assert row.status == "retired" and row.retirement_date == legal
    audit_entry = _status_audit(db, person.id)
    assert f"退休日期 {legal}" in audit_entry["summary"]
    assert audit_entry["after"]["date"] == legal.isoformat()
    planned = _retirement_visits(db, person.id)
    assert [(v.status, v.visit_date) for v in planned] == [("planned", TODAY)]


def test_transfer_asks_the_transfer_date_and_refuses_a_future_one(tab, modal, qtbot):
    db = tab.db
    person = _pick(db)
    tab.select_member(person.id)
    left = TODAY - timedelta(days=10)

    def change(dialog: StatusDialog):
        choose(qtbot, dialog.status_box, "调出")
        assert dialog.form.labelForField(dialog.date_edit).text() == "调出日期 *"
        assert not dialog.plan_visit.isVisibleTo(dialog)
        assert dialog.date_edit.text() == format_date(TODAY)
        retype(qtbot, dialog.date_edit, format_date(TODAY + timedelta(days=3)))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "调出日期不能晚于今天" in dialog.errors.labels["date"].text()
        retype(qtbot, dialog.date_edit, format_date(left))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(StatusDialog, change, tab.status_action.trigger)
    assert members.get_member(db, person.id).status == "transferred"
    assert _status_audit(db, person.id)["after"]["date"] == left.isoformat()
    assert not _retirement_visits(db, person.id)
    # The visits register now knows the day the member left, not just the day it was typed.
    type_id = next(t.id for t in visits.list_types(db) if t.code == "hospital")
    check = visits.check_visit(db, VisitInput(person.id, type_id, left + timedelta(days=1)))
    assert any(f"已于 {left} 调出" in e for e in check.errors)


def test_retiring_without_the_visit_when_unticked(tab, modal, qtbot):
    person = _pick(tab.db)
    tab.select_member(person.id)

    def change(dialog: StatusDialog):
        click_checkbox(qtbot, dialog.plan_visit)
        assert not dialog.plan_visit.isChecked()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(StatusDialog, change, tab.status_action.trigger)
    assert members.get_member(tab.db, person.id).status == "retired"
    assert not _retirement_visits(tab.db, person.id)


def test_groups_dialog_lists_the_members_in_no_group(demo_db, qtbot):
    loose = [r.id for r in members.list_members(demo_db)[:3]]
    with demo_db.session() as s:
        s.execute(update(Member).where(Member.id.in_(loose)).values(group_id=None))
        ungrouped = s.scalar(select(func.count(Member.id)).where(Member.group_id.is_(None)))
    dialog = GroupsDialog(demo_db)
    qtbot.addWidget(dialog)
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert texts[-1] == f"未分组（{ungrouped} 人）"
    dialog.list.setCurrentRow(dialog.list.count() - 1)
    assert dialog.actions["add"].isEnabled()
    assert not any(dialog.actions[k].isEnabled() for k in ("rename", "merge", "remove"))
    dialog.list.setCurrentRow(0)
    assert dialog.actions["rename"].isEnabled()


def _select(tab, member_ids: list[int]) -> None:
    from PySide6.QtCore import QItemSelectionModel

    tab.table.clearSelection()
    rows = {r.id: n for n, r in enumerate(tab.model.shown_rows)}
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for member_id in member_ids:
        tab.table.selectionModel().select(tab.model.index(rows[member_id], 0), flags)


def test_several_retire_each_on_their_own_legal_date(tab, modal, qtbot):
    db = tab.db
    people = [r for r in members.list_members(db) if r.status == "active" and r.retirement_date][:2]
    legal = [TODAY - timedelta(days=40), TODAY - timedelta(days=5)]
    with db.session() as s:
        for person, day in zip(people, legal):
            s.execute(update(Member).where(Member.id == person.id).values(retirement_date=day))
    tab.reload()
    _select(tab, [p.id for p in people])
    assert sorted(tab.selected_ids()) == sorted(p.id for p in people)

    def change(dialog: StatusDialog):
        assert dialog.own_dates.isVisibleTo(dialog) and dialog.own_dates.isChecked()
        assert not dialog.date_edit.isVisibleTo(dialog)  # no shared date asked
        click_checkbox(qtbot, dialog.plan_visit)  # the visits are not this test's
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(StatusDialog, change, tab.status_action.trigger)
    for person, day in zip(people, legal):
        row = members.get_member(db, person.id)
        assert row.status == "retired" and row.retirement_date == day
        assert f"退休日期 {day}" in _status_audit(db, person.id)["summary"]


def test_several_with_one_not_yet_due_share_the_date_typed(tab, modal, qtbot):
    db = tab.db
    people = [r for r in members.list_members(db) if r.status == "active" and r.retirement_date][2:4]
    with db.session() as s:
        s.execute(update(Member).where(Member.id == people[0].id).values(retirement_date=TODAY + timedelta(days=90)))
    tab.reload()
    _select(tab, [p.id for p in people])
    typed = TODAY - timedelta(days=1)

    def change(dialog: StatusDialog):
        assert not dialog.own_dates.isChecked()  # one is not due: the box starts unticked
        assert dialog.date_edit.isVisibleTo(dialog)
        retype(qtbot, dialog.date_edit, format_date(typed))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(StatusDialog, change, tab.status_action.trigger)
    assert all(members.get_member(db, p.id).retirement_date == typed for p in people)


def test_own_dates_are_refused_for_a_member_not_yet_due(demo_db):
    db = demo_db
    people = [r for r in members.list_members(db) if r.status == "active" and r.retirement_date][:2]
    with db.session() as s:
        s.execute(update(Member).where(Member.id == people[0].id).values(retirement_date=TODAY - timedelta(days=3)))
        s.execute(update(Member).where(Member.id == people[1].id).values(retirement_date=TODAY + timedelta(days=9)))
    with pytest.raises(MemberError, match=f"{people[1].name} 的法定退休日期 .* 还没到"):
        members.set_status(db, [p.id for p in people], "retired", own_dates=True)
    assert all(members.get_member(db, p.id).status == "active" for p in people)  # nothing half-written
