"""The one entry point for writing a report to a file.

    from unionapp.reports.output import export
    result = export(report, "花名册.xlsx")                  # format from the extension
    result = export(report, out, format="pdf", cancelled=flag.is_set, progress=cb)

`cancelled()` is polled every few hundred rows; returning True raises ExportCancelled
and leaves no file behind (an existing file of that name is kept unchanged). Any error
writing the file is an ExportError (a DomainError) with a Chinese message; the temporary
file is removed. `progress(done, total)` is called from the writing thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .csv import write_csv
from .files import Cancelled, ExportCancelled, ExportError, Progress
from .model import Report

if TYPE_CHECKING:
    from .bundle import Bundle

__all__ = ["FORMATS", "ExportCancelled", "ExportError", "ExportResult", "export", "format_for"]

FORMATS = {"xlsx": "Excel 工作簿", "pdf": "PDF 文档", "csv": "CSV 文本（UTF-8）"}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    rows: int
    warnings: list[str] = field(default_factory=list)  # Chinese sentences to show the user


def format_for(path: str | Path, format: str | None = None) -> str:
    """The format asked for, else the one the file name's extension says."""
    fmt = (format or Path(path).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        shown = f"“.{fmt}”" if fmt else "（没有扩展名）"
        raise ExportError(f"不支持的文件类型{shown}，请把文件名改为以 .xlsx、.pdf 或 .csv 结尾。")
    return fmt


def export(
    report: Report | Bundle,
    path: str | Path,
    format: str | None = None,  # noqa: A002 - the CLI's word
    cancelled: Cancelled | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    path = Path(path)
    fmt = format_for(path, format)
    if path.is_dir():
        raise ExportError(f"“{path}”是一个文件夹，请输入要保存的文件名。")
    if not isinstance(report, Report):  # a reports.bundle.Bundle: several tables in one file
        return _export_bundle(report, path, fmt, cancelled, progress)
    warnings = []
    # Each writer is imported when used: an xlsx export need not load reportlab, nor
    # a PDF one openpyxl.
    if fmt == "xlsx":
        from .xlsx import write_xlsx

        cut = write_xlsx(report, path, cancelled, progress)
        if cut:
            warnings.append(cut_cells_message(cut))
    elif fmt == "csv":
        write_csv(report, path, cancelled, progress)
    else:
        from .pdf import write_pdf

        missing = write_pdf(report, path, cancelled, progress)
        if missing:
            warnings.append(missing_glyphs_message(missing))
    return ExportResult(path, fmt, len(report.rows), warnings)


def _export_bundle(bundle, path: Path, fmt: str, cancelled, progress) -> ExportResult:
    from .bundle import refuse_csv, write_bundle_pdf, write_bundle_xlsx

    warnings = []
    if fmt == "csv":
        refuse_csv(bundle)
    elif fmt == "xlsx":
        cut = write_bundle_xlsx(bundle, path, cancelled, progress)
        if cut:
            warnings.append(cut_cells_message(cut))
    else:
        missing = write_bundle_pdf(bundle, path, cancelled, progress)
        if missing:
            warnings.append(missing_glyphs_message(missing))
    return ExportResult(path, fmt, len(bundle.rows), warnings)


def cut_cells_message(count: int) -> str:
    from .xlsx import CUT_MARK

    return (
        f"Excel 文件已保存，但有 {count} 个单元格的文字超过了 Excel 每格最多 32,767 个字的限制，"
        f"超出部分没有写入，这些单元格末尾标有“{CUT_MARK}”。完整内容请导出为 PDF 或 CSV 查看。"
    )


def missing_glyphs_message(chars: set[str]) -> str:
    shown = "、".join(sorted(chars))
    return (
        f"PDF 已保存，但字体中没有这些生僻字，它们在 PDF 中显示为方框：{shown}。"
        "Excel 文件不受影响；如需打印，请在电脑上安装含有这些字的字体"
        "（如 Windows 的“SimSun-ExtB”）后重新导出，或打印后手写补上。"
    )
