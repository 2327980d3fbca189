"""One way to import for every area: choose a file, read and check it off the GUI thread,
preview it (mapping columns and values, planning again at each choice), write it in one
short task, say what was done. The area gives its plan and apply functions and its
preview dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from unionapp.domain.import_mapping import ImportMappings
from unionapp.ui.widgets.common import show_error
from unionapp.ui.widgets.tasks import run_task

FILE_FILTER = "表格文件 (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt);;Excel 工作簿 (*.xlsx *.xlsm *.xls);;所有文件 (*)"
_LAST_FOLDER = "import/last_folder"


class ImportFlow:
    """`plan(path, mapping)` reads a file (mapping None: the remembered ones); `apply(plan,
    skip_errors)` writes it; `dialog(plan, parent, replan)` previews it; `done(result)`
    tells the user. plan and apply run off the GUI thread: they get no Qt object.
    `ask(plan, parent)`, when given, runs on the GUI thread before the preview: it returns
    None to preview the plan, False to stop, True to read the file again (it has taken
    what the plan lacked, e.g. the 发放名称 and 发放日期 of a list without those columns)."""

    def __init__(
        self,
        parent: QWidget,
        caption: str,
        plan: Callable[[Path, ImportMappings | None], Any],
        apply: Callable[[Any, bool], Any],
        dialog: Callable[..., Any],
        done: Callable[[Any], None],
        ask: Callable[[Any, QWidget], bool | None] | None = None,
    ):
        self.parent, self.caption = parent, caption
        self.plan_fn, self.apply_fn, self.dialog, self.done = plan, apply, dialog, done
        self.ask = ask
        self._progress = None  # the running task's progress dialog, kept alive

    def choose(self) -> None:
        """Ask for the file, in the folder the last import came from."""
        settings = QSettings()
        start = str(settings.value(_LAST_FOLDER, str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self.parent, self.caption, start, FILE_FILTER)
        if path:
            settings.setValue(_LAST_FOLDER, str(Path(path).parent))
            self.read(Path(path))

    def read(self, path: Path) -> None:
        plan_fn = self.plan_fn
        self._progress = run_task(
            self.parent,
            "正在读取并检查文件…",
            lambda: plan_fn(path, None),
            lambda plan: self.preview(path, plan),
            lambda e: show_error(self.parent, e, "无法导入"),
        )

    def preview(self, path: Path, plan) -> None:
        asked = self.ask(plan, self.parent) if self.ask is not None else None
        if asked is not None:
            if asked:
                self.read(path)
            return
        plan_fn = self.plan_fn  # the replan runs on a worker: it captures no widget
        dialog = self.dialog(plan, self.parent, replan=lambda mapping: plan_fn(path, mapping))
        if not dialog.exec():
            return
        apply_fn, chosen, skip = self.apply_fn, dialog.plan, dialog.skip_errors
        self._progress = run_task(
            self.parent,
            "正在导入…",
            lambda: apply_fn(chosen, skip),
            self.done,
            lambda e: show_error(self.parent, e, "导入没有完成"),
            cancellable=False,
        )
