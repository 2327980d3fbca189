"""Exporting and printing reports from any tab.

    export_report(parent, builder, "教职工花名册", fmt="xlsx")  # 导出Excel / 导出PDF / 导出CSV
    print_report(parent, builder)                              # 打印 (Ctrl+P): preview, then print

`builder(full_id: bool) -> Report` is called on a worker thread: capture plain rows
first (e.g. the rows the table shows), never touch widgets inside it. Output is
masked unless the user ticks 包含完整身份证号/手机号 in the export dialog (or the
preview's toolbar); a report without ID or phone columns is not offered that box. The
export dialog is shown before the report is built, so a builder is marked by the columns
of the report it will build (`by_columns`; `without_personal_numbers` for the funds
tables, `with_personal_numbers` for one masking numbers inside its text, the audit log);
the preview follows the mark, else the columns of the report it has built. Writing runs off the GUI thread with a cancellable
progress dialog; a cancelled export leaves no file behind (the writers use a temporary file).
`start_export` runs an export without the dialog (tests, "export again").
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QToolBar,
    QWidget,
)

from unionapp.reports.model import Report
from unionapp.reports.output import FORMATS, ExportResult, export, missing_glyphs_message
from unionapp.reports.pdf import write_pdf
from unionapp.reports.printing import PdfPages, PrintingUnavailable
from unionapp.ui.widgets.common import confirm, show_error
from unionapp.ui.widgets.screen_fit import fit_window
from unionapp.ui.widgets.tasks import run_with_progress

ReportBuilder = Callable[[bool], Report]
FULL_ID_LABEL = "包含完整身份证号/手机号"
PRIVACY_TEXT = (
    "默认只导出部分号码（如 110101********123X、138****5678）：身份证号属于《个人信息保护法》"
    "规定的敏感个人信息，表格一旦打印或转发就难以收回。只有确需完整号码时（如报送上级工会、"
    "体检医院）才勾选，并妥善保管文件。"
)
PERSONAL_KINDS = ("id", "phone")  # the column kinds a report masks unless full_id
_FOLDER_KEY = "reports/last_folder"
_BAD_NAME_CHARS = '<>:"/\\|?*'


def marked(builder: ReportBuilder, personal: bool) -> ReportBuilder:
    """Say whether the builder's report has ID numbers or phones to unmask (see the module)."""
    builder.personal_numbers = personal
    return builder


def without_personal_numbers(builder: ReportBuilder) -> ReportBuilder:
    """Mark a builder whose report has no ID number or phone in it (the funds tables): its
    export dialog then offers no full-number box, which would only puzzle the reader."""
    return marked(builder, False)


def with_personal_numbers(builder: ReportBuilder) -> ReportBuilder:
    """A report masking numbers inside its text (the audit log's changes), whatever its columns."""
    return marked(builder, True)


def by_columns(builder: ReportBuilder, columns) -> ReportBuilder:
    """Marked by the columns of the report it builds: the box only where an ID or phone column is."""
    return marked(builder, any(c.kind in PERSONAL_KINDS for c in columns))


def offers_full_numbers(builder: ReportBuilder) -> bool:
    return getattr(builder, "personal_numbers", True)  # unmarked: offered, never silently withheld


def has_personal_columns(report: Report) -> bool:
    return any(c.kind in PERSONAL_KINDS for c in report.columns)


def proposed_path(default_name: str, fmt: str) -> Path:
    """ "教职工花名册_2026-11-21.xlsx" in the folder used last time (else 文档)."""
    stem = "".join("_" if ch in _BAD_NAME_CHARS else ch for ch in default_name).strip() or "报表"
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    candidates = [QSettings().value(_FOLDER_KEY, ""), documents, str(Path.home())]
    folder = next((Path(str(c)) for c in candidates if c and Path(str(c)).is_dir()), Path.cwd())
    return folder / f"{stem}_{date.today().isoformat()}.{fmt}"


class ExportDialog(QDialog):
    """Format, file name and the full-ID box, with the reason it is off by default."""

    def __init__(self, parent: QWidget | None, default_name: str, fmt: str = "xlsx", personal: bool = True):
        super().__init__(parent)
        self.setWindowTitle("导出报表")
        self.format_box = QComboBox()
        for key, label in FORMATS.items():
            self.format_box.addItem(f"{label}（.{key}）", key)
        self.format_box.setCurrentIndex(max(self.format_box.findData(fmt), 0))
        self.path_edit = QLineEdit(str(proposed_path(default_name, self.fmt)))
        self.path_edit.setMinimumWidth(420)
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        self.full_id_box = QCheckBox(FULL_ID_LABEL)
        why = QLabel(PRIVACY_TEXT)
        why.setWordWrap(True)
        why.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导出")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit)
        path_row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("格式：", self.format_box)
        form.addRow("保存到：", path_row)
        form.addRow("", self.full_id_box)
        form.addRow("", why)
        for row in (self.full_id_box, why):  # a table without ID numbers or phones has nothing to unmask
            form.setRowVisible(row, personal)
        form.addRow(buttons)
        self.format_box.currentIndexChanged.connect(self._format_changed)

    @property
    def fmt(self) -> str:
        return self.format_box.currentData()

    @property
    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).with_suffix(f".{self.fmt}")

    @property
    def full_id(self) -> bool:
        return self.full_id_box.isChecked()

    def _format_changed(self) -> None:
        if self.path_edit.text().strip():
            self.path_edit.setText(str(self.path))

    def _browse(self) -> None:
        label = FORMATS[self.fmt]
        chosen, _ = QFileDialog.getSaveFileName(self, "导出到", str(self.path), f"{label} (*.{self.fmt})")
        if chosen:
            self.path_edit.setText(str(Path(chosen).with_suffix(f".{self.fmt}")))

    def accept(self) -> None:
        if not self.path_edit.text().strip():
            QMessageBox.warning(self, "导出报表", "请填写要保存的文件名。")
            return
        if not self.path.parent.is_dir():
            QMessageBox.warning(self, "导出报表", f"文件夹“{self.path.parent}”不存在，请点“浏览…”重新选择。")
            return
        if self.path.exists() and not confirm(self, "导出报表", f"“{self.path.name}”已存在，要替换它吗？"):
            return
        QSettings().setValue(_FOLDER_KEY, str(self.path.parent))
        super().accept()


def export_report(parent: QWidget | None, report_builder: ReportBuilder, default_name: str, fmt: str = "xlsx") -> None:
    """Ask where and how (dialog), then export in the background."""
    dialog = ExportDialog(parent, default_name, fmt, personal=offers_full_numbers(report_builder))
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    path, chosen_fmt, full_id = dialog.path, dialog.fmt, dialog.full_id
    dialog.deleteLater()  # else one hidden dialog per export stays on the window
    if accepted:
        start_export(parent, report_builder, path, chosen_fmt, full_id)


def start_export(
    parent: QWidget | None,
    report_builder: ReportBuilder,
    path: Path,
    fmt: str,
    full_id: bool,
    on_done: Callable[[ExportResult], None] | None = None,
) -> QProgressDialog:
    """Export off the GUI thread; cancel in the progress dialog deletes the partial file."""

    def work(cancelled, progress) -> ExportResult:
        return export(report_builder(full_id), path, fmt, cancelled=cancelled, progress=progress)

    def done(result: ExportResult) -> None:
        (on_done or (lambda r: show_exported(parent, r)))(result)

    return run_with_progress(parent, "正在导出…", work, done, lambda e: show_error(parent, e, "导出没有完成"))


def show_exported(parent: QWidget | None, result: ExportResult) -> QMessageBox:
    """A non-blocking "done" box with 打开文件 / 打开所在文件夹."""
    text = f"已导出 {result.rows} 条记录到：\n{result.path}"
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "导出完成",
        "\n\n".join([text, *result.warnings]),
        QMessageBox.StandardButton.Close,
        parent,
    )
    open_file = box.addButton("打开文件", QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
    box.button(QMessageBox.StandardButton.Close).setText("关闭")

    def clicked(button) -> None:
        target = result.path if button is open_file else result.path.parent if button is open_folder else None
        if target is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    box.buttonClicked.connect(clicked)
    _open_boxes.add(box)  # without a parent, Python would delete it on return
    box.finished.connect(lambda _code: _open_boxes.discard(box))
    box.open()
    return box


_open_boxes: set[QMessageBox] = set()


# ---------------------------------------------------------------- printing


def print_report(parent: QWidget | None, report_builder: ReportBuilder | Report) -> None:
    """Build the PDF in the background, then show the print preview (then the print dialog)."""
    if callable(report_builder):
        _PrintJob(parent, report_builder).start(full_id=False)
    else:  # a ready-made (masked or not) report: nothing to rebuild, so no full-ID toggle
        _PrintJob(parent, lambda _full: report_builder, can_unmask=False).start(full_id=False)


class _PrintJob:
    """One print: a temporary PDF (rebuilt when the full-ID action is toggled) and its preview."""

    def __init__(self, parent: QWidget | None, builder: Callable[[bool], Report], can_unmask: bool = True):
        self.parent = parent
        self.builder = builder
        self.can_unmask = can_unmask
        self.folder = Path(tempfile.mkdtemp(prefix="unionapp-print-"))
        self.pages: PdfPages | None = None
        self.printer: QPrinter | None = None
        self.dialog: QPrintPreviewDialog | None = None
        self.title = "报表"
        self.missing: set[str] = set()

    def start(self, full_id: bool) -> None:
        path, builder = self.folder / f"print-{int(full_id)}.pdf", self.builder
        mark = getattr(builder, "personal_numbers", None)

        def work(cancelled, progress) -> tuple[Path, str, set[str], bool]:
            # Not `self`: the job holds the printer, the preview and the PDF document,
            # which must never be freed on the worker (see ui.tasks).
            report = builder(full_id)
            personal = has_personal_columns(report) if mark is None else mark
            return path, report.title, write_pdf(report, path, cancelled, progress), personal

        _jobs.add(self)
        self.progress = run_with_progress(self.parent, "正在准备打印…", work, self._ready, self._failed)
        self.progress.canceled.connect(lambda: self.dialog is None and self._cleanup())

    def _ready(self, made: tuple[Path, str, set[str], bool]) -> None:
        path, self.title, self.missing, personal = made
        if self.dialog is None:  # the first build decides whether the preview offers full numbers
            self.can_unmask = self.can_unmask and personal
        try:
            pages = PdfPages(path)
        except PrintingUnavailable as exc:
            self._failed(exc)
            return
        if self.pages is not None:
            self.pages.doc.close()
        self.pages = pages
        if self.dialog is None:
            self._open_preview()
        else:
            self.dialog.findChild(QPrintPreviewWidget).updatePreview()

    def _open_preview(self) -> None:
        # The dialog does not own the printer: keep it on the job or Qt uses a freed one.
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setDocName(self.title)
        self.pages.setup(self.printer)
        self.dialog = QPrintPreviewDialog(self.printer, self.parent)
        self.dialog.setWindowTitle(f"打印预览 - {self.title}")
        self.dialog.paintRequested.connect(self._paint)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # gone before its printer
        self.dialog.finished.connect(lambda _code: self._cleanup())
        toolbar = self.dialog.findChild(QToolBar)
        if toolbar is not None and self.can_unmask:
            full = QAction(FULL_ID_LABEL, self.dialog, checkable=True)
            full.setToolTip(PRIVACY_TEXT)
            full.toggled.connect(self.start)
            toolbar.addSeparator()
            toolbar.addAction(full)
        fit_window(self.dialog, QSize(1000, 760))
        self.dialog.open()  # window-modal, and not blocking, so the job object stays reachable
        if self.missing:
            QMessageBox.information(self.dialog, "打印预览", missing_glyphs_message(self.missing))

    def _paint(self, printer: QPrinter) -> None:
        """Rendering hundreds of pages takes seconds on the GUI thread: show a busy cursor."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.pages.paint(printer)
        except PrintingUnavailable as exc:
            show_error(self.dialog, exc, "无法打印")
        finally:
            QApplication.restoreOverrideCursor()

    def _failed(self, exc: BaseException) -> None:
        show_error(self.dialog or self.parent, exc, "无法打印")
        if self.dialog is None:  # an open preview keeps showing the pages it has
            self._cleanup()

    def _cleanup(self) -> None:
        if self.pages is not None:
            self.pages.doc.close()  # Windows cannot delete a file that is still open
        shutil.rmtree(self.folder, ignore_errors=True)
        _jobs.discard(self)


_jobs: set[_PrintJob] = set()  # open previews keep their job (and temp folder) alive
