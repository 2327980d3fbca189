"""The import flows the activity and handout pages use: a handouts list without 发放名称
and 发放日期 asks for them before its preview (ImportFlow's `ask`), and a sign-up list is
previewed and signed up for one activity."""

from __future__ import annotations

from datetime import date

import openpyxl
from PySide6.QtWidgets import QWidget

from unionapp.domain.members import MemberInput
from unionapp.importers.handouts import apply_handout_import, plan_handout_import
from unionapp.services import activities, handouts, members
from unionapp.services.activities import ActivityInput
from unionapp.ui.widgets import signup_import
from unionapp.ui.widgets.handout_defaults import GivenDefaults, HandoutDefaultsDialog
from unionapp.ui.widgets.import_dialog import PlanPreviewDialog
from unionapp.ui.widgets.import_flow import ImportFlow

LAST = date.today().year - 1


def book(path, header, rows):
    wb = openpyxl.Workbook()
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def staff(db):
    return {
        name: members.add_member(db, MemberInput(name=name, gender="F", birth_date=date(1990, 1, 2)))
        for name in ("李娜", "王芳")
    }


class Preview(PlanPreviewDialog):
    def __init__(self, plan, parent=None, replan=None):
        super().__init__(plan, "预览", parent, replan)

    def content(self, plan):
        return [], [("新增", ["发放"], [[h.name] for h in plan.handouts])]


def test_a_list_without_name_and_date_asks_for_them_then_previews(db, qtbot, modal, tmp_path):
    staff(db)
    path = book(tmp_path / "中秋.xlsx", ["姓名", "慰问品", "价值"], [["李娜", "月饼", 80], ["王芳", "月饼", 80]])
    parent = QWidget()
    qtbot.addWidget(parent)
    given = GivenDefaults()
    flow = ImportFlow(
        parent,
        "选择发放记录表",
        lambda p, mapping: plan_handout_import(db, p, mapping=mapping, defaults=given.value),
        lambda plan, skip: apply_handout_import(db, plan, skip),
        Preview,
        lambda result: None,
        ask=given.ask,
    )

    def answer(dialog: HandoutDefaultsDialog) -> None:
        assert "发放名称、发放日期" in dialog.findChildren(type(dialog.problems))[0].text()
        dialog.name.setText(f"{LAST}年中秋节慰问")
        dialog.name.textEdited.emit(dialog.name.text())  # as typed: the kind follows the name
        assert dialog.kind.currentData() == "festival"
        dialog.day.setText(f"{LAST}-09-20")
        dialog.save_button.click()

    seen = {}

    def preview(dialog: Preview) -> None:
        seen["plan"] = dialog.plan
        dialog.accept()

    modal.run(HandoutDefaultsDialog, answer, lambda: flow.read(path))
    modal.run(Preview, preview, lambda: None)
    plan = seen["plan"]
    assert plan.missing == [] and [(h.name, h.kind, h.total_fen) for h in plan.handouts] == [
        (f"{LAST}年中秋节慰问", "festival", 16_000)
    ]
    qtbot.waitUntil(lambda: len(handouts.list_handouts(db)) == 1, timeout=10_000)


def test_a_future_date_or_no_name_is_refused_in_the_dialog(qtbot):
    dialog = HandoutDefaultsDialog(None, ["发放名称"], "x.xlsx")
    qtbot.addWidget(dialog)
    dialog.day.setText(f"{date.today().year + 1}-01-01")
    dialog.save_button.click()
    assert (
        dialog.value is None
        and "不能晚于今天" in dialog.shown_problems()
        and "请填写发放名称" in dialog.shown_problems()
    )


def test_a_sign_up_list_is_previewed_and_signed_up(db, qtbot, modal, messages, tmp_path):
    people = staff(db)
    meet = activities.create_activity(db, ActivityInput("运动会", "sports", date(LAST, 10, 20), date(LAST, 10, 20)))
    path = book(tmp_path / "报名.xlsx", ["姓名", "项目", "签到"], [["李娜", "跳绳", "√"], ["王芳", "拔河", None]])
    parent = QWidget()
    qtbot.addWidget(parent)
    refreshed = []
    flow = signup_import.signup_flow(parent, db, meet, lambda: refreshed.append(True))

    def preview(dialog: signup_import.SignupPreviewDialog) -> None:
        assert dialog.tabs.tabText(0) == "新增报名 2" and dialog.ok.isEnabled()
        dialog.accept()

    modal.run(signup_import.SignupPreviewDialog, preview, lambda: flow.read(path))
    qtbot.waitUntil(lambda: refreshed == [True], timeout=10_000)
    assert {(e.member_id, e.attended) for e in activities.list_entries(db, meet)} == {
        (people["李娜"], True),
        (people["王芳"], False),
    }
    assert messages.texts("information")[-1].startswith("导入完成：新增报名 2 人次")
