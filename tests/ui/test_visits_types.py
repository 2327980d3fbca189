"""走访类型与标准 and 年度统计 of the 五必访 tab: a new standard from a date with its source
document, retiring and refusing to delete a used type, and the year's summary and charts."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from unionapp.domain.money import format_fen
from unionapp.services import visits
from unionapp.services.visits import VisitInput
from unionapp.ui.visits.dialog import VisitDialog
from unionapp.ui.visits.standard_forms import StandardDialog, TypeDialog
from unionapp.ui.visits.types_dialog import TypesDialog

from .helpers import choose, choose_data, retype, type_text, wait_visits

NEW_FROM = date(2025, 7, 1)


def type_row(db, code: str):
    return next(t for t in visits.list_types(db) if t.code == code)


def select_type(dialog: TypesDialog, type_id: int) -> None:
    dialog.reload(type_id)
    assert dialog.current().id == type_id


def save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.shown_problems()


def test_types_dialog_adds_a_standard_retires_and_refuses_to_delete(visits_tab, qtbot, modal, messages):
    db = visits_tab.db
    hospital = type_row(db, "hospital")
    dialog = TypesDialog(db, visits_tab)
    qtbot.addWidget(dialog)
    dialog.show()
    select_type(dialog, hospital.id)
    assert dialog.standards_model.rowCount() == 1

    def new_standard(form: StandardDialog):
        retype(qtbot, form.fields_.date_edit, NEW_FROM.isoformat())
        type_text(qtbot, form.fields_.source, "皖工发〔2025〕18号")
        retype(qtbot, form.fields_.amount, "500")
        save(qtbot, form)

    modal.run(StandardDialog, new_standard, dialog.buttons["standard"].click)
    history = visits.list_standards(db, hospital.id)
    newest = history[-1]
    assert (newest.effective_from, newest.amount_fen, newest.source_doc) == (NEW_FROM, 50000, "皖工发〔2025〕18号")
    assert history[-1].repeat == "yearly_per_reason"  # the rest carried over from the standard in force
    first_row = [dialog.standards_model.index(0, c).data() for c in range(4)]
    assert first_row == ["2025-07-01", "皖工发〔2025〕18号", "定额", "500.00"]  # newest first
    # Visits before the date keep the old standard; from it on, the new one.
    member = visits.list_visits(db)[0].member_id
    for day, fen in ((date(2025, 6, 30), 30000), (NEW_FROM, 50000)):
        check = visits.check_visit(db, VisitInput(member, hospital.id, day, money_fen=fen, reason="新病"))
        assert check.standard.amount_fen == fen and check.warnings == [], check.warnings
    # A used type can't be deleted: the service's sentence says why and what to do instead.
    assert hospital.used
    dialog.buttons["remove"].click()
    assert any("不能删除" in t and "停用" in t for t in messages.texts("warning"))
    assert type_row(db, "hospital")
    # Retire it: it stays in the list, greyed, and a new visit can't choose it.
    dialog.buttons["toggle"].click()
    assert not type_row(db, "hospital").active and dialog.buttons["toggle"].text() == "启用"
    assert dialog.changed
    dialog.close()
    visits_tab.refresh()
    wait_visits(qtbot, visits_tab)

    def look(form: VisitDialog):
        names = [form.type_box.itemText(i) for i in range(form.type_box.count())]
        assert "生病住院" not in names and "生育" in names

    modal.run(VisitDialog, look, visits_tab.new_item)


def test_add_a_type_then_delete_it_unused(visits_tab, qtbot, modal, messages):
    db = visits_tab.db
    dialog = TypesDialog(db, visits_tab)
    qtbot.addWidget(dialog)
    dialog.show()
    welfare = next(c for c in dialog.categories if c.code == "welfare")

    def add(form: TypeDialog):
        type_text(qtbot, form.name, "教师节慰问")
        choose_data(qtbot, form.category, welfare.id)
        type_text(qtbot, form.synonyms, "教师节、节日慰问")
        retype(qtbot, form.standard.amount, "200")
        choose(qtbot, form.standard.repeat, "每人每年一次")
        save(qtbot, form)

    modal.run(TypeDialog, add, dialog.buttons["add"].click)
    added = next(t for t in visits.list_types(db) if t.name == "教师节慰问")
    assert (added.category_id, added.synonyms, added.standard.amount_fen) == (welfare.id, ("教师节", "节日慰问"), 20000)
    assert dialog.current().id == added.id
    messages.confirm_answer = True
    dialog.buttons["remove"].click()
    assert messages.confirmations and "教师节慰问" in messages.confirmations[-1]
    assert "教师节慰问" not in {t.name for t in visits.list_types(db)}


def test_types_dialog_opens_from_the_tab(visits_tab, modal):
    seen = []
    modal.run(TypesDialog, lambda d: seen.append(d.types_model.rowCount()), visits_tab.types_action.trigger)
    assert seen == [len(visits.list_types(visits_tab.db))]


def test_yearly_summary_and_charts(window, visits_tab, qtbot):
    db, view = visits_tab.db, visits_tab.summary_view
    visits_tab.views.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.summary is not None and not visits_tab.loading)
    year = date.today().year
    by_type, by_group = visits.yearly_summary(db, year)
    cells = [[view.type_model.index(r, c).data() for c in range(4)] for r in range(view.type_model.rowCount())]
    assert cells[:-1] == [
        [r.label, str(r.count), format_fen(r.money_fen, True), format_fen(r.gift_value_fen, True)] for r in by_type
    ]
    assert cells[-1] == [
        "合计",
        str(sum(r.count for r in by_type)),
        format_fen(sum(r.money_fen for r in by_type)),
        format_fen(sum(r.gift_value_fen for r in by_type)),
    ]
    assert view.group_model.rowCount() == len(by_group) + 1
    bars = view.type_chart.series()[0].barSets()[0]
    assert [bars.at(i) for i in range(bars.count())] == [r.money_fen / 100 for r in reversed(by_type) if r.money_fen]
    assert sum(s.value() for s in view.group_chart.series()[0].slices()) == sum(r.money_fen for r in by_group) / 100
    assert window.count_label.text().startswith(f"{year} 年已访 ")
    view.year_spin.setValue(year - 1)
    qtbot.waitUntil(lambda: view.summary.year == year - 1 and not visits_tab.loading)
    assert view.type_model.rowCount() == len(visits.yearly_summary(db, year - 1)[0]) + 1
