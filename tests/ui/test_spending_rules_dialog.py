"""开支标准: the rules listed by kind with their date, limit and document; a rule added in
the shape its kind takes (a range, a cap, a share), bad figures told under their field,
a second rule on the same day refused in the form, and removal after a confirmation."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from unionapp.services import spending_rules
from unionapp.ui.activities import rules_dialog
from unionapp.ui.activities.rules_dialog import AddRuleDialog, RulesDialog

from .helpers import choose, retype, type_text


@pytest.fixture
def rules(demo_db, qtbot):
    dialog = RulesDialog(None, demo_db)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def cells(dialog: RulesDialog) -> list[list[str]]:
    model = dialog.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_charters_rule_is_listed(rules):
    assert cells(rules)[0][0] == "每次活动奖金或纪念品总额"
    assert cells(rules)[0][2] == "1,500.00–3,000.00 元"
    assert "学校工会章程" in cells(rules)[0][3]


def test_a_cap_rule_takes_only_its_maximum(rules, modal, qtbot):
    def fill(dialog: AddRuleDialog) -> None:
        choose(qtbot, dialog.kind, "生日慰问每人上限")
        assert dialog.low.isHidden() and dialog.share.isHidden() and not dialog.high.isHidden()
        assert dialog.high.placeholderText() == "如 300"  # a birthday gift, not an activity's total
        retype(qtbot, dialog.start, "2026-01-01")
        type_text(qtbot, dialog.high, "-5")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.shown_problems()
        retype(qtbot, dialog.high, "300")
        type_text(qtbot, dialog.source, "省总工会通知")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(AddRuleDialog, fill, lambda: qtbot.mouseClick(rules.buttons["add"], Qt.MouseButton.LeftButton))
    added = [r for r in spending_rules.list_rules(rules.db) if r.kind == "birthday_gift"]
    assert [(r.effective_from, r.max_fen, r.source_doc) for r in added] == [(date(2026, 1, 1), 30_000, "省总工会通知")]
    assert ["生日慰问每人上限", "2026-01-01", "不超过 300.00 元", "省总工会通知"] in cells(rules)


def test_a_share_rule_reads_a_percentage(rules, modal, qtbot):
    def fill(dialog: AddRuleDialog) -> None:
        choose(qtbot, dialog.kind, "节日慰问占年度收入比例上限")
        assert dialog.high.isHidden() and not dialog.share.isHidden()
        type_text(qtbot, dialog.share, "abc")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert "不是有效的数字" in dialog.shown_problems()
        retype(qtbot, dialog.share, "12.5")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(AddRuleDialog, fill, rules.add_rule)
    added = [r for r in spending_rules.list_rules(rules.db) if r.kind == "festival_income_share"]
    assert [r.share_bp for r in added] == [1250]


def test_a_second_rule_on_the_same_day_is_refused_in_the_form(rules, modal, qtbot):
    def fill(dialog: AddRuleDialog) -> None:
        retype(qtbot, dialog.start, "2000-01-01")  # the charter's rule's day, the first kind
        type_text(qtbot, dialog.low, "1000")
        type_text(qtbot, dialog.high, "2000")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "已有一条标准" in dialog.shown_problems()

    modal.run(AddRuleDialog, fill, rules.add_rule)
    assert len(spending_rules.list_rules(rules.db)) == 1


def test_removing_asks_first(rules, monkeypatch, qtbot):
    answers = []
    monkeypatch.setattr(rules_dialog, "confirm", lambda _p, _t, text: answers.append(text) or len(answers) > 1)
    rules.table.selectRow(0)
    qtbot.mouseClick(rules.buttons["remove"], Qt.MouseButton.LeftButton)
    assert "删除“每次活动奖金或纪念品总额”" in answers[0] and len(spending_rules.list_rules(rules.db)) == 1
    qtbot.mouseClick(rules.buttons["remove"], Qt.MouseButton.LeftButton)
    assert spending_rules.list_rules(rules.db) == [] and rules.model.rowCount() == 0
    assert not rules.buttons["remove"].isEnabled()
