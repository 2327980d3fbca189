"""帮助 → 导入模板: four templates, each saved where the user says (offered under a Chinese
name in the last export folder, else 文档), then a confirmation naming the file."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from unionapp.importers.fields import area_fields
from unionapp.importers.templates import LISTS_SHEET
from unionapp.services import groups


def template_actions(window) -> dict[str, object]:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    sub = next(a.menu() for a in help_menu.actions() if a.text() == "导入模板")
    return {a.text(): a for a in sub.actions()}


def test_help_menu_saves_each_template(window, qtbot, tmp_path, monkeypatch, messages):
    actions = template_actions(window)
    assert list(actions) == [
        "会员花名册导入模板…",
        "收支明细账导入模板…",
        "五必访登记表导入模板…",
        "体检名单导入模板…",
        "发放名单导入模板…",
        "活动报名表导入模板…",
        "教代会代表名单导入模板…",
        "提案汇总表导入模板…",
        "困难职工档案导入模板…",
    ]
    last = tmp_path / "上次导出"
    last.mkdir()
    QSettings().setValue("reports/last_folder", str(last))
    offered = []

    def save_as(_parent, _title, default, _filter, *_args, **_kwargs):
        offered.append(default)
        return str(tmp_path / "花名册模板"), ""  # typed without the extension

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    actions["会员花名册导入模板…"].trigger()
    qtbot.waitUntil(lambda: bool(messages.texts("information")), timeout=20000)
    assert Path(offered[0]) == last / "会员花名册导入模板.xlsx"
    saved = tmp_path / "花名册模板.xlsx"
    assert messages.shown[0][1] == "导入模板已保存" and str(saved) in messages.texts("information")[0]
    wb = load_workbook(saved)
    assert [c.value for c in wb.worksheets[0][1]] == list(area_fields("members").values())
    names = {c.value for c in next(wb[LISTS_SHEET].iter_cols())}
    assert {g.name for g in groups.list_groups(window.db)} <= names  # the demo school's groups

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: ("", "")))
    actions["收支明细账导入模板…"].trigger()  # cancelled: nothing asked, nothing written
    assert len(messages.shown) == 1 and sorted(p.name for p in tmp_path.glob("*.xlsx")) == ["花名册模板.xlsx"]


def test_a_folder_that_cannot_be_written_is_said_in_chinese(window, qtbot, tmp_path, monkeypatch, messages):
    target = tmp_path / "没有的文件夹" / "体检名单导入模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    template_actions(window)["体检名单导入模板…"].trigger()
    qtbot.waitUntil(lambda: bool(messages.texts("warning")), timeout=20000)
    assert messages.shown[0][1] == "导入模板没有保存" and "不存在" in messages.texts("warning")[0]
    assert not messages.texts("information") and not target.parent.exists()
