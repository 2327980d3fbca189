"""The PDF painter's fast path (cached widths and text operators, body rows in one loop)
writes exactly what reportlab's own text object writes, cell by cell."""

from __future__ import annotations

import gc
from datetime import date
from decimal import Decimal

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics

from unionapp.reports import fonts, pdf
from unionapp.reports.model import Column, Report
from unionapp.reports.pdf_layout import LEADING

# Over 256 distinct characters: the font's second subset is used, with switches between them.
MANY = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 600))


class _Reference(pdf._Painter):
    """Every cell through reportlab's PDFTextObject (setTextOrigin, setFont, textOut)."""

    def _body_text(self, text, row, top):
        leading = row.size * LEADING
        for (anchor, _shift, align), lines in zip(self._body_cols, row.lines):
            y = top - (row.height - len(lines) * leading) / 2 - row.size * 0.95
            for line in lines:
                if line:
                    self._line(text, line, anchor, y, row.size, align)
                y -= leading

    def _line(self, text, line, anchor, y, size, align):
        if fonts.has_all(line):
            parts = [(line, fonts.MAIN)]
        else:
            parts = fonts.runs(line)
            self.missing.update(ch for t, f in parts if f is None for ch in t)
            parts = [(t, f) if f else (pdf.MISSING_MARK * len(t), fonts.MAIN) for t, f in parts]
            line = "".join(t for t, _ in parts)
        width = fonts.text_width(line, size) if align != "left" else 0
        text.setTextOrigin(anchor - (width if align == "right" else width / 2 if align == "center" else 0), y)
        for part, font in parts:
            if (font, size) != self._font:
                self._font = (font, size)
                text.setFont(font, size)
            text.textOut(part)


def _report() -> Report:
    columns = [
        Column("name", "姓名", width=8),
        Column("id", "身份证号", kind="id", width=18),
        Column("born", "出生日期", kind="date", width=10),
        Column("money", "金额", kind="money", width=10),
        Column("code", "编号", width=8),
        Column("note", "备注", width=20, wrap=True),
    ]
    rows = []
    for i in range(300):
        name = MANY[(i * 2) % len(MANY)] + MANY[(i * 7 + 1) % len(MANY)] + ("𠮷" if i % 50 == 0 else "")
        note = (
            MANY[i : i + 40 + i % 30]
            if i % 3 == 0
            else ("" if i % 3 == 1 else "Ab-1,234.50（已核）" if i % 2 else "x(1)\\y")
        )
        rows.append((name, f"11010119800101{i:04d}", date(1980, 1, 1 + i % 28), Decimal(i) / 7, f"A-{i % 9}", note))
    return Report("测试名册", columns, rows, union_name="某某中学工会", made_on=date(2026, 11, 21), full_id=True)


@pytest.fixture
def invariant(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)  # fixed dates and ids: files comparable


def test_fast_path_writes_the_same_file_as_reportlabs_text_object(invariant, monkeypatch, tmp_path):
    report = _report()
    fast = tmp_path / "fast.pdf"
    missing = pdf.write_pdf(report, fast)
    monkeypatch.setattr(pdf, "_Painter", _Reference)
    reference = tmp_path / "reference.pdf"
    assert pdf.write_pdf(report, reference) == missing
    assert fast.read_bytes() == reference.read_bytes()
    assert b"/F1+1" in fast.read_bytes()  # the second subset was really used


def test_widths_are_cached_and_the_cache_is_bounded(monkeypatch):
    fonts.main_font()
    monkeypatch.setattr(fonts, "_widths", {})
    monkeypatch.setattr(fonts, "WIDTH_CACHE_MAX", 3)
    for text in ("张三", "110101", "高中组", "语文组"):
        assert fonts.text_width(text, 9) == pdfmetrics.stringWidth(text, fonts.MAIN, 9)
    assert len(fonts._widths) == 1  # cleared when full, then the fourth stored
    assert fonts._widths[("语文组", 9)] == pdfmetrics.stringWidth("语文组", fonts.MAIN, 9)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_as_it_was_after_a_pdf(enabled, tmp_path):
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        seen = []
        report = _report()
        original = pdf._Painter.page

        def page(self, *args):  # note the collector's state while pages are drawn
            seen.append(gc.isenabled())
            return original(self, *args)

        pdf._Painter.page = page
        try:
            pdf.write_pdf(report, tmp_path / "a.pdf")
        finally:
            pdf._Painter.page = original
        assert seen and not any(seen)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
