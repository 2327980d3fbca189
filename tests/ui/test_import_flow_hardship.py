"""The window's hardship import (ui/widgets/hardship_import.py): a roster read off the GUI
thread, previewed with its files and an unknown 困难级别 to map, written after 确认导入."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from PySide6.QtWidgets import QWidget

from unionapp.domain.members import MemberInput
from unionapp.services import hardship, members


def test_a_hardship_roster_is_filed_after_its_preview(db, modal, messages, qtbot, tmp_path):
    from unionapp.ui.widgets.hardship_import import HardshipPreviewDialog, hardship_flow

    for name in ("赵一", "钱二"):
        members.add_member(db, MemberInput(name=name, group_name="语文组"))
    book = Workbook()
    book.active.append(["姓名", "困难级别", "建档日期", "致困原因", "家庭人口", "家庭月收入"])
    book.active.append(["赵一", "特困职工", date(2024, 11, 20), "本人大病", 3, 4500])
    book.active.append(["钱二", "低保", date(2024, 11, 20), None, None, None])
    path = tmp_path / "困难职工花名册.xlsx"
    book.save(path)
    parent = QWidget()
    qtbot.addWidget(parent)
    seen = {}

    def confirm(dialog: HardshipPreviewDialog) -> None:
        seen["tabs"] = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        seen["intro"] = " ".join(dialog.intro.itemAt(i).widget().text() for i in range(dialog.intro.count()))
        dialog.skip.setChecked(True)  # 钱二's 低保 is left for another day
        dialog.accept()

    refreshed = []
    flow = hardship_flow(parent, db, lambda: refreshed.append(True))
    modal.run(HardshipPreviewDialog, confirm, lambda: flow.read(path))
    qtbot.waitUntil(lambda: any("导入完成" in t for t in messages.texts("information")))
    assert "新建档案 1" in seen["tabs"] and "家庭月收入记在本人名下" in seen["intro"]
    assert refreshed == [True]
    (only,) = hardship.list_files(db)
    assert (only.name, only.level_label) == ("赵一", "特困")
