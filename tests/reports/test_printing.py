"""The printer path: the report's PDF painted onto a QPrinter (a PDF printer here) gives
the same pages, and the print preview shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication

from unionapp.reports import printing
from unionapp.reports.members import roster
from unionapp.reports.output import export
from unionapp.ui.widgets import report_export

from .conftest import TODAY, many_members, money_report, needs_poppler, pdf_page_size, pdf_pages

pytestmark = [needs_poppler, pytest.mark.skipif(not printing.available(), reason="PySide6-Pdf not installed")]


@pytest.fixture
def report_pdf(tmp_path) -> Path:
    path = tmp_path / "花名册.pdf"
    export(roster(many_members(60), "某某中学工会委员会", today=TODAY), path)
    return path


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def darkness(path: Path, page: int) -> float:
    """Mean ink on a page rendered at 100 dpi (0 white, 1 black), to compare two renderings."""
    doc = printing.QPdfDocument()
    doc.load(str(path))
    size = doc.pagePointSize(page)
    image = doc.render(page, QSize(int(size.width() * 100 / 72), int(size.height() * 100 / 72)))
    grey = printing.on_white(image)
    doc.close()
    data = b"".join(bytes(grey.constScanLine(y))[: grey.width()] for y in range(grey.height()))
    return 1 - sum(data) / len(data) / 255


def test_printed_pages_match_the_pdf(qapp, tmp_path, report_pdf):
    out = tmp_path / "printed.pdf"
    pages = printing.PdfPages(report_pdf)
    printer = pdf_printer(out)
    pages.setup(printer)
    assert pages.paint(printer, copy_to_pdf_file=False) == pages.page_count == pdf_pages(report_pdf) >= 2
    assert pdf_pages(out) == pdf_pages(report_pdf)
    assert pdf_page_size(out) == pytest.approx((842, 595), abs=1)  # landscape A4, as the PDF
    pages.doc.close()
    for page in range(pdf_pages(out)):
        original, printed = darkness(report_pdf, page), darkness(out, page)
        assert 0.01 < original < 0.3  # a table: mostly white paper, some ink
        assert abs(printed - original) < 0.2 * original, (page, original, printed)


def test_a_page_range_from_the_print_dialog(qapp, tmp_path, report_pdf):
    out = tmp_path / "page2.pdf"
    pages = printing.PdfPages(report_pdf)
    printer = pdf_printer(out)
    pages.setup(printer)
    printer.setFromTo(2, 2)
    assert pages.paint(printer) == 1 and pdf_pages(out) == 1  # a range is always rasterised
    pages.doc.close()


def test_portrait_report_prints_portrait(qapp, tmp_path):
    source, out = tmp_path / "支出.pdf", tmp_path / "printed.pdf"
    export(money_report(), source)
    pages = printing.PdfPages(source)
    printer = pdf_printer(out)
    pages.setup(printer)
    pages.paint(printer, copy_to_pdf_file=False)
    assert pdf_page_size(out) == pytest.approx((595, 842), abs=1)
    pages.doc.close()


def test_printing_all_pages_to_a_pdf_file_copies_the_vector_pdf(qapp, tmp_path, report_pdf):
    out = tmp_path / "打印.pdf"
    pages = printing.PdfPages(report_pdf)
    printer = pdf_printer(out)
    pages.setup(printer)
    assert pages.paint(printer) == pages.page_count
    assert out.read_bytes() == report_pdf.read_bytes()
    pages.doc.close()


def test_unreadable_pdf_is_a_chinese_message(qapp, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    with pytest.raises(printing.PrintingUnavailable, match="无法读取"):
        printing.PdfPages(broken)


def preview_dialogs() -> list[QPrintPreviewDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QPrintPreviewDialog) and w.isVisible()]


def test_print_report_opens_a_preview_with_the_same_pages(qtbot, app, tmp_path):
    asked = []

    def builder(full_id: bool):
        asked.append(full_id)
        return roster(many_members(60), "某某中学工会委员会", full_id=full_id, today=TODAY)

    report_export.print_report(None, builder)
    qtbot.waitUntil(lambda: bool(preview_dialogs()), timeout=20000)
    dialog = preview_dialogs()[-1]
    job = next(iter(report_export._jobs))
    widget = dialog.findChild(QPrintPreviewWidget)
    expected = job.pages.page_count
    qtbot.waitUntil(lambda: widget.pageCount() == expected, timeout=20000)
    assert dialog.windowTitle() == "打印预览 - 某某中学工会委员会教职工花名册"
    toggle = next(a for a in dialog.findChildren(report_export.QAction) if a.text() == report_export.FULL_ID_LABEL)
    assert not toggle.isChecked() and asked == [False]
    toggle.setChecked(True)
    qtbot.waitUntil(lambda: asked == [False, True] and job.pages.path.name == "print-1.pdf", timeout=20000)
    folder = job.folder
    dialog.reject()
    qtbot.waitUntil(lambda: not folder.exists())
    assert not report_export._jobs
