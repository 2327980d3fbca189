"""The PDF read back with poppler: Chinese text extractable, font embedded as a subset,
the header and "第 i 页 共 N 页" on every page, wrapping instead of overflowing."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from unionapp.reports import fonts
from unionapp.reports.members import roster
from unionapp.reports.model import Column, Report
from unionapp.reports.output import export
from unionapp.reports.pdf_layout import MARGIN

from .conftest import TODAY, many_members, member, money_report, needs_poppler, pdf_fonts, pdf_pages, pdf_text, run

pytestmark = needs_poppler
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(scope="module")
def big_roster(tmp_path_factory):
    """1,000 members, masked: the file and the rows it was made from."""
    rows = many_members(1000)
    path = tmp_path_factory.mktemp("pdf") / "教职工花名册.pdf"
    export(roster(rows, "某某中学工会委员会", today=TODAY), path)
    return path, rows


@pytest.fixture
def no_fallback_fonts(monkeypatch):
    fonts.main_font()
    monkeypatch.setattr(fonts, "FALLBACK_CANDIDATES", [])
    monkeypatch.setitem(fonts._state, "fallbacks", None)


def test_every_page_has_the_header_and_its_number(big_roster):
    path, _ = big_roster
    total = pdf_pages(path)
    assert total > 20  # 1,000 rows never fit on a few pages
    pages = pdf_text(path).split("\f")[:total]
    assert "某某中学工会委员会教职工花名册" in pages[0] and "制表日期：2026-11-21" in pages[0]
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"第\s*{number}\s*页\s*共\s*{total}\s*页", text)
        assert "身份证号" in text and "出生日期" in text
    assert "制表人：" in pages[-1] and "工会主席：" in pages[-1]
    assert "（续表）" in pages[1]


def test_all_rows_present_masked_and_full_ids_absent(big_roster):
    path, rows = big_roster
    text = pdf_text(path)
    for row in rows[::97]:
        assert row.name in text
        assert row.id_number[:6] + "********" + row.id_number[-4:] in text
        assert row.id_number not in text and row.phone not in text
    assert re.search(r"\b1000\b", text)


def test_cjk_font_embedded_as_subset_and_nothing_else(big_roster):
    path, _ = big_roster
    table = pdf_fonts(path)
    assert table, "no fonts listed"
    for name, *rest in table:
        assert "+" in name and "WenQuanYi" in name  # ABCDEF+Name: a subset
        emb, sub, uni = rest[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes")


def test_page_orientation_follows_the_columns(tmp_path, big_roster):
    assert "841.89 x 595.276" in run("pdfinfo", str(big_roster[0]))  # 12-column roster: landscape
    narrow = tmp_path / "支出.pdf"
    export(money_report(), narrow)
    assert "595.276 x 841.89" in run("pdfinfo", str(narrow))


def test_full_ids_when_asked(tmp_path):
    rows = many_members(5)
    path = tmp_path / "full.pdf"
    export(roster(rows, "某某中学工会委员会", full_id=True, today=TODAY), path)
    text = pdf_text(path)
    assert all(r.id_number in text and r.phone in text for r in rows)


def test_money_totals_and_signatures(tmp_path):
    path = tmp_path / "支出.pdf"
    export(money_report(notes="单位：元"), path)
    text = pdf_text(path)
    assert "1,234.50" in text and "1,000.05" in text
    assert re.search(r"合计\s+2,234\.55", text)
    assert "说明：单位：元" in text and "经办人：" in text and "工会主席：" in text
    assert re.search(r"第\s*1\s*页\s*共\s*1\s*页", text)  # poppler may drop narrow spaces


def words(path: Path) -> list[tuple[float, float, str]]:
    """(xMin, xMax, word) of every word in reading order, from pdftotext -bbox."""
    html = run("pdftotext", "-bbox", str(path), "-")
    pattern = r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<'
    return [(float(a), float(b), w) for a, b, w in re.findall(pattern, html)]


def notes_column_text(path: Path) -> str:
    """The words right of the 备注 header's left edge, joined: the notes column."""
    boxes = words(path)
    left = next(b for _, b, w in boxes if w == "入会时间") + 4  # 备注 is the next column
    return "".join(w for a, _, w in boxes if a >= left and w != "备注")  # the header on each page


def test_long_text_wraps_inside_the_page(tmp_path):
    note = "这是一段很长的备注文字" * 50 + "完"  # 501 characters
    path = tmp_path / "long.pdf"
    export(roster([member(id=1, notes=note), member(id=2, name="李四")], "工会", today=TODAY), path)
    assert note in notes_column_text(path)
    right_edge = 842 - MARGIN
    assert max(b for _, b, _ in words(path)) <= right_edge + 1


def test_a_row_taller_than_a_page_continues_on_the_next(tmp_path):
    note = "".join(f"{i}号。" for i in range(1500))
    path = tmp_path / "taller.pdf"
    export(roster([member(id=1, notes=note)], "工会", today=TODAY), path)
    assert pdf_pages(path) >= 2
    assert note in notes_column_text(path)


def test_rare_characters_without_a_font_are_reported(tmp_path, no_fallback_fonts):
    path = tmp_path / "rare.pdf"
    result = export(roster([member(id=1, name="张𠮷"), member(id=2, name="李䶮")], "工会", today=TODAY), path)
    assert pdf_pages(path) == 1 and "张□" in pdf_text(path) and "李□" in pdf_text(path)  # visible 缺字 mark
    assert len(result.warnings) == 1 and "𠮷" in result.warnings[0] and "䶮" in result.warnings[0]


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans not installed")
def test_characters_missing_from_the_bundled_font_use_an_installed_one(tmp_path, monkeypatch):
    fonts.main_font()
    monkeypatch.setattr(fonts, "FALLBACK_CANDIDATES", [(str(DEJAVU), 0)])
    monkeypatch.setitem(fonts._state, "fallbacks", None)
    path = tmp_path / "fallback.pdf"
    result = export(roster([member(id=1, name="王⁂明")], "工会", today=TODAY), path)
    assert result.warnings == []
    assert "王⁂明" in pdf_text(path)
    assert sum("DejaVu" in row[0] for row in pdf_fonts(path)) == 1


def test_empty_table_is_a_valid_one_page_file(tmp_path):
    path = tmp_path / "empty.pdf"
    columns = (Column("name", "姓名"), Column("phone", "手机号", "phone", 11))
    export(Report("某某中学工会委员会生日名单", columns, [], made_on=date(2026, 1, 1), signatures=["制表人"]), path)
    text = pdf_text(path)
    assert pdf_pages(path) == 1
    assert "姓名" in text and "（无数据）" in text and "制表人：" in text
