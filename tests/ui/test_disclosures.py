"""经费 → 经费公开记录…: the year's publications listed, 登记公开… refusing a day outside
the year (or the next) under its field and saving a good one, 删除… after a confirmation,
and nothing to press on a read-only database. Explicit dates in 2024."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog

from unionapp.domain.binder import DisclosureInput
from unionapp.services import disclosures
from unionapp.ui.funds import disclosures_dialog
from unionapp.ui.funds.disclosures_dialog import DisclosureForm, DisclosuresDialog

YEAR = 2024


def test_the_funds_menu_opens_the_shown_years_records(new_books, monkeypatch):
    tab = new_books
    opened: list[DisclosuresDialog] = []
    monkeypatch.setattr(DisclosuresDialog, "exec", lambda self: opened.append(self) or 0)
    action = next(a for a in tab.area_menu.actions() if a.text() == "经费公开记录…")
    assert action.isEnabled()
    action.trigger()
    assert len(opened) == 1 and opened[0].year == tab.year
    assert opened[0].windowTitle() == f"{tab.year} 年经费公开记录"


def test_register_refuse_then_save_and_remove(new_books, qtbot, monkeypatch):
    db = new_books.db
    dialog = DisclosuresDialog(db, YEAR)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0 and dialog.count.text() == "本年度没有登记经费公开"
    assert dialog.buttons["add"].isEnabled() and not dialog.buttons["remove"].isEnabled()

    form = DisclosureForm(dialog, db, YEAR, date(YEAR, 7, 10))
    qtbot.addWidget(form)
    assert form.day.text() == "2024-07-10" and form.period.currentText() == "2024年上半年"
    assert form.place.currentText() == "校务公开栏"
    form.day.setText("2026-01-05")
    form.save_button.click()
    assert form.result() != QDialog.DialogCode.Accepted
    assert "不在 2024 年或 2025 年" in form.shown_problems()
    assert disclosures.list_disclosures(db, YEAR) == []

    form.day.setText("2024-07-12")
    form.place.setCurrentText("教代会")
    form.note_edit.setPlainText("半年收支情况")
    form.save_button.click()
    assert form.result() == QDialog.DialogCode.Accepted
    dialog.reload(form.saved_id)
    assert dialog.model.rowCount() == 1 and dialog.count.text() == "2024 年共登记公开 1 次"
    shown = [dialog.model.index(0, c).data() for c in range(4)]
    assert shown == ["2024-07-12", "2024年上半年", "教代会", "半年收支情况"]
    assert dialog.buttons["remove"].isEnabled()  # the saved one is selected

    asked: list[str] = []
    monkeypatch.setattr(disclosures_dialog, "confirm", lambda _p, _t, text: asked.append(text) or False)
    dialog.remove()
    assert len(disclosures.list_disclosures(db, YEAR)) == 1 and "2024-07-12（教代会）" in asked[0]
    monkeypatch.setattr(disclosures_dialog, "confirm", lambda *_a: True)
    dialog.remove()
    assert disclosures.list_disclosures(db, YEAR) == [] and dialog.model.rowCount() == 0
    assert dialog.changed


def test_read_only_lists_but_offers_nothing_to_change(new_books, qtbot):
    db = new_books.db
    disclosures.add_disclosure(db, DisclosureInput(YEAR, date(YEAR, 1, 20), "2023年全年", "校园网"))
    dialog = DisclosuresDialog(db, YEAR, read_only=True)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    assert dialog.model.rowCount() == 1 and dialog.current() is not None
    assert not dialog.buttons["add"].isEnabled() and not dialog.buttons["remove"].isEnabled()
