"""首页's 年度工作计划 page: the template copied the first time a year is shown (and said
so), an item marked done with the record that did it, and the template's month bound."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings

from unionapp.domain.year_plan import TemplateItem
from unionapp.services import handouts, year_plan
from unionapp.ui.home import plan_dialogs
from unionapp.ui.home.plan_dialogs import DoneDialog, TemplateItemDialog


@pytest.fixture
def plan(demo_db, open_window, qtbot):
    QSettings().setValue("window/tab", "home")
    QSettings().setValue("home/page", 1)
    window = open_window(demo_db)
    page = window.tabs.currentWidget().current
    qtbot.waitUntil(lambda: not page.loading)
    return page


def _show_year(plan, qtbot, year: int) -> None:
    plan.year_box.setCurrentIndex(plan.year_box.findData(year))
    plan.year_box.activated.emit(plan.year_box.currentIndex())
    qtbot.waitUntil(lambda: not plan.loading and plan.shown_year == year)


def test_the_template_is_copied_the_first_time_the_year_is_shown(plan, qtbot):
    year = date.today().year + 1  # next year: no plan yet (the demo made this year's)
    assert year_plan.list_items(plan.db, year) == []
    template = year_plan.list_template(plan.db)
    monthly = sum(1 for t in template if t.monthly)
    expected = len(template) - monthly + 12 * monthly
    _show_year(plan, qtbot, year)
    assert len(plan.rows) == expected == plan.model.rowCount()
    assert plan.banner.isVisible() and f"{year}年的工作计划已按模板生成（{expected} 项）" in plan.banner.text()
    assert [r.id for r in plan.rows] == [r.id for r in year_plan.list_items(plan.db, year)]
    assert not any(r.overdue for r in plan.rows)  # next year's months have not ended
    # Shown again: nothing copied twice, and no banner for a year that had its plan.
    _show_year(plan, qtbot, year - 1)
    assert not plan.banner.isVisible()
    _show_year(plan, qtbot, year)
    assert len(year_plan.list_items(plan.db, year)) == expected and not plan.banner.isVisible()


def test_a_past_year_is_not_filled_from_the_template(plan, qtbot):
    past = date.today().year - 3
    assert year_plan.list_items(plan.db, past) == []
    _show_year(plan, qtbot, past)
    assert year_plan.list_items(plan.db, past) == [] and plan.rows == []
    assert "没有工作计划" in plan.status_text()


def test_marking_an_item_done_with_the_handout_that_did_it(plan, qtbot, modal):
    db, year = plan.db, date.today().year
    item = next(r for r in plan.rows if r.area == "handouts" and r.done_on is None)
    choices = year_plan.link_choices(db, year, "handouts")
    assert choices, "the demo school issued handouts this year"
    chosen = choices[0]
    plan.table.selectRow(plan.model.row_of(item.id))

    def fill(dialog: DoneDialog):
        assert dialog.link.count() == len(choices) + 1  # （不关联记录） and the year's handouts
        dialog.link.setCurrentIndex(dialog.link.findData(plan_dialogs.link_key(chosen.kind, chosen.id)))
        dialog.text.setText("按名单发放完毕")
        dialog.save_button.click()
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(DoneDialog, fill, plan.done_action.trigger)
    done = next(r for r in year_plan.list_items(db, year) if r.id == item.id)
    assert (done.done_on, done.link_kind, done.link_id, done.note) == (
        date.today(),
        chosen.kind,
        chosen.id,
        "按名单发放完毕",
    )
    qtbot.waitUntil(lambda: not plan.loading and plan.selected() is not None and plan.selected().done_on is not None)
    assert not plan.selected().overdue and plan.open_action.isEnabled()
    assert handouts.get_handout(db, chosen.id).name in plan.model.index(plan.model.row_of(item.id), 5).data()


def test_undoing_done_asks_and_clears(plan, qtbot, monkeypatch):
    db = plan.db
    item = next(r for r in plan.rows if r.done_on is None)
    year_plan.mark_done(db, item.id, date(item.year, 1, 15), note="已走访 12 人")
    plan.reload(item.id)
    qtbot.waitUntil(lambda: not plan.loading and plan.selected() is not None and plan.selected().done_on is not None)
    monkeypatch.setattr(plan_dialogs, "confirm", lambda *_a: True)
    plan.open_action.trigger()
    qtbot.waitUntil(lambda: not plan.loading and plan.selected().done_on is None)
    assert next(r for r in year_plan.list_items(db, item.year) if r.id == item.id).done_on is None


def test_the_template_month_cannot_be_13_and_the_services_refusal_is_shown(plan, qtbot):
    dialog = TemplateItemDialog(plan, plan.db)
    qtbot.addWidget(dialog)
    dialog.month.setValue(13)
    assert dialog.month.value() == 12  # a 13th month cannot be entered
    before = year_plan.list_template(plan.db)
    dialog.month.setMaximum(13)  # as if it could: the service still refuses, the form says so
    dialog.month.setValue(13)
    dialog.title.setText("年终总结")
    dialog.save_button.click()
    assert dialog.result() == 0 and "月份应是 1 到 12" in dialog.problems.text()
    assert year_plan.list_template(plan.db) == before  # nothing written
    dialog.month.setValue(12)
    dialog.monthly.setChecked(False)
    dialog.save_button.click()
    added = [t for t in year_plan.list_template(plan.db) if t not in before]
    assert [(t.month, t.title, t.monthly) for t in added] == [(12, "年终总结", False)]
    assert TemplateItem(12, "年终总结").month == 12
