"""The printer path: the report's PDF, rasterised page by page onto a QPrinter.

Printing the PDF itself (rather than drawing the table again with QPainter) is what
keeps paper, preview and PDF identical. QtPdf (the PySide6-Pdf wheel) renders each
page at up to 300 dpi in grey. The print preview keeps every page image in memory
(measured: 4 bytes a pixel), so there pages are rendered at screen-like resolutions
within PREVIEW_BUDGET; printing from the preview paints again at full resolution.
"Print to PDF file" with all pages copies the vector PDF instead of rasterising it.

    pages = PdfPages(pdf_path)              # raises PrintingUnavailable without QtPdf
    pages.setup(printer)                    # A4, the PDF's orientation, full page
    preview.paintRequested.connect(pages.paint)
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QPrinter

from unionapp.domain.errors import DomainError

try:
    from PySide6.QtPdf import QPdfDocument
except ImportError:  # the PySide6-Pdf wheel is missing: export still works, printing not
    QPdfDocument = None

PRINT_DPI = 300  # enough for 9 pt Chinese text on any office printer
PREVIEW_DPI = (60, 150)  # sharp at the preview's usual zoom; 150 % zoom still crisp
PREVIEW_BUDGET = 600 * 2**20  # bytes of page images the preview may hold


class PrintingUnavailable(DomainError):
    """Printing cannot work on this computer; the message says what to do instead."""


def available() -> bool:
    return QPdfDocument is not None


def on_white(page: QImage) -> QImage:
    """QtPdf leaves the paper transparent, which a grey image would turn black: paint the
    page onto white paper first, then keep one grey byte per pixel."""
    paper = QImage(page.size(), QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, page)
    painter.end()
    return paper.convertToFormat(QImage.Format.Format_Grayscale8)


def _is_preview(printer: QPrinter) -> bool:
    """The preview records pages as pictures and keeps them all."""
    engine = printer.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Picture


class PdfPages:
    """A PDF file whose pages can be painted onto a printer (or the print preview)."""

    def __init__(self, path: str | Path):
        if QPdfDocument is None:
            raise PrintingUnavailable(
                "本机缺少 PDF 组件（PySide6-Pdf），无法打印预览。请使用“导出PDF”，再用 PDF 阅读器打开后打印。"
            )
        self.path = Path(path)
        self.doc = QPdfDocument()
        if self.doc.load(str(path)) != QPdfDocument.Error.None_ or self.doc.pageCount() == 0:
            raise PrintingUnavailable("打印用的临时文件无法读取，请重试；如仍不行，请先“导出PDF”再打印。")

    @property
    def page_count(self) -> int:
        return self.doc.pageCount()

    @property
    def landscape(self) -> bool:
        size = self.doc.pagePointSize(0)
        return size.width() > size.height()

    def setup(self, printer: QPrinter) -> None:
        """A4 in the PDF's orientation; the PDF brings its own margins."""
        orientation = QPageLayout.Orientation.Landscape if self.landscape else QPageLayout.Orientation.Portrait
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(orientation)
        printer.setFullPage(True)

    def paint(self, printer: QPrinter, copy_to_pdf_file: bool = True) -> int:
        """Paint every page (or the range chosen in the print dialog); returns pages painted."""
        if copy_to_pdf_file and self._whole_pdf_file(printer):
            shutil.copyfile(self.path, printer.outputFileName())
            return self.page_count
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintingUnavailable("无法连接打印机，请检查打印机是否开启、是否选对了打印机。")
        # Smooth scaling keeps thin grid lines visible when the preview shrinks a page.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        try:
            dpi = self._dpi(printer)
            pages = self._page_numbers(printer)
            for n, index in enumerate(pages):
                if n:
                    printer.newPage()
                self._paint_page(painter, printer, index, dpi)
        finally:
            painter.end()
        return len(pages)

    def _page_numbers(self, printer: QPrinter) -> list[int]:
        first, last = printer.fromPage(), printer.toPage()  # 0, 0 when "all pages"
        if first <= 0:
            return list(range(self.page_count))
        return list(range(first - 1, min(last, self.page_count)))

    def _whole_pdf_file(self, printer: QPrinter) -> bool:
        return (
            printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
            and bool(printer.outputFileName())
            and printer.fromPage() <= 0
            and not _is_preview(printer)
        )

    def _dpi(self, printer: QPrinter) -> float:
        if not _is_preview(printer):
            return min(PRINT_DPI, printer.resolution())
        size = self.doc.pagePointSize(0)
        square_inches = size.width() * size.height() / 72 / 72
        dpi = math.sqrt(PREVIEW_BUDGET / 4 / self.page_count / square_inches)
        return min(max(dpi, PREVIEW_DPI[0]), PREVIEW_DPI[1])

    def _paint_page(self, painter: QPainter, printer: QPrinter, index: int, dpi: float) -> None:
        points = self.doc.pagePointSize(index)
        pixels = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
        image = on_white(self.doc.render(index, pixels))
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        # Fit keeping the aspect ratio, in case the user turned the paper in the dialog.
        scale = min(paper.width() / points.width(), paper.height() / points.height())
        width, height = points.width() * scale, points.height() * scale
        target = QRectF(
            paper.x() + (paper.width() - width) / 2, paper.y() + (paper.height() - height) / 2, width, height
        )
        painter.drawImage(target, image)
