"""帮助 → 导入模板: save the template of one importer where the user chooses.

Each template lists the open database's groups, categories and visit types in its
drop-downs, so it is built when asked for, off the GUI thread like other exports."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from unionapp.db.engine import Database
from unionapp.domain.import_mapping import AREA_LABELS, AREAS
from unionapp.ui.widgets.common import show_error
from unionapp.ui.widgets.tasks import run_task

MENU_TITLE = "导入模板"


def add_templates_menu(parent: QWidget, menu: QMenu, db: Database) -> QMenu:
    """The 导入模板 submenu of `menu`: one item per importer."""
    sub = menu.addMenu(MENU_TITLE)
    for area in AREAS:
        action = sub.addAction(f"{AREA_LABELS[area]}导入模板…")
        action.triggered.connect(lambda _checked=False, a=area: save_template(parent, db, a))
    return sub


def save_template(parent: QWidget | None, db: Database, area: str) -> None:
    """Ask where (the last export folder, else 文档), then build and save in the background."""
    # openpyxl and reportlab load on first use, not while the window starts.
    from unionapp.importers.templates import template_name, template_workbook
    from unionapp.reports.files import write_file
    from unionapp.ui.widgets.report_export import proposed_path

    name = template_name(area)
    default = proposed_path(name, "xlsx").with_name(f"{name}.xlsx")  # a template carries no date
    chosen, _ = QFileDialog.getSaveFileName(
        parent, f"保存{AREA_LABELS[area]}导入模板", str(default), "Excel 工作簿 (*.xlsx)"
    )
    if not chosen:
        return
    target = Path(chosen) if Path(chosen).suffix.lower() == ".xlsx" else Path(chosen + ".xlsx")

    def done(path: Path) -> None:
        QMessageBox.information(
            parent,
            "导入模板已保存",
            f"已保存{AREA_LABELS[area]}导入模板：\n{path}\n\n"
            "请按其中“填写说明”工作表填写，填好后用“导入”选择这个文件。",
        )

    run_task(
        parent,
        "正在生成导入模板…",
        lambda: write_file(target, template_workbook(db, area)),
        done,
        lambda exc: show_error(parent, exc, "导入模板没有保存"),
        cancellable=False,
    )
