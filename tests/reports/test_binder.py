"""年度工作台账 as a file: on a demo school (300 members, one year, a fixed day), the
contents name every section with the page it really starts on, the bookmarks name each
section and sub-section and open its page, the masked binder holds no full ID number or
phone, --sections picks (in binder order), an empty section prints its one line, and the
workbook has a sheet per report with frozen headers, 基本情况 first."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest

from unionapp.db.opening import open_database
from unionapp.domain.binder import DEFAULT_SECTIONS, SECTIONS
from unionapp.reports.binder import binder
from unionapp.reports.files import ExportCancelled
from unionapp.reports.output import export
from unionapp.services import members
from unionapp.services.demo import create_demo

from .conftest import needs_poppler, pdf_pages, run

TODAY = date(2025, 12, 15)
YEAR = 2025


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    folder = tmp_path_factory.mktemp("binder")
    db = open_database(f"sqlite:///{folder / 'demo.db'}", create=True)
    create_demo(db, 300, 1, today=TODAY)
    bundle = binder(db, YEAR, include_hardship=True, today=TODAY)
    pdf = export(bundle, folder / "台账.pdf").path
    yield {"db": db, "bundle": bundle, "pdf": pdf, "folder": folder}
    db.dispose()


def page_text(pdf, number: int) -> str:
    return run("pdftotext", "-layout", "-f", str(number), "-l", str(number), "-enc", "UTF-8", str(pdf), "-")


def contents(pdf) -> list[tuple[str, int]]:
    """(name, page) of each contents line, from the pages after the cover."""
    found, number = [], 2
    while True:
        text = page_text(pdf, number)
        if "目" not in text.splitlines()[0] and not found:
            break
        lines = re.findall(r"^\s*(?:\d+．)?(\S.*?)\s*(?:\.|…)*\s*第\s*(\d+)\s*页\s*$", text, re.M)
        lines = [(name.rstrip(". "), int(p)) for name, p in lines if "共" not in name]
        if not lines:
            break
        found += lines
        number += 1
    return found


def header(pdf, number: int) -> str:
    """The running header: the part's name (and sub-part's), without the binder's title."""
    return re.sub(r"\s+", "", page_text(pdf, number).splitlines()[0]).split("阳光中学工会委员会2025")[0]


@needs_poppler
def test_contents_give_each_section_the_page_its_running_header_starts_on(school):
    pdf, bundle = school["pdf"], school["bundle"]
    listed = contents(pdf)
    tops = [e for e in bundle.entries() if e.level == 0]
    names = [name for name, _page in listed]
    assert [e.name for e in tops] == [n for n in names if n in {e.name for e in tops}]
    assert [e.name for e in tops] == [SECTIONS[c].title for c in (*DEFAULT_SECTIONS[:10], "hardship", "plan", "audit")]
    total = pdf_pages(pdf)
    assert f"第 {total} 页 共 {total} 页" in page_text(pdf, total)
    for name, page in listed:
        assert name in header(pdf, page), (name, page)
        if page > 3:  # the page before belongs to another part (or sub-part)
            assert header(pdf, page - 1) != header(pdf, page) or name not in header(pdf, page - 1)
    sections = dict(listed)
    assert sections["基本情况"] == 3 and sections["会员名册"] == 4  # cover, one contents page
    assert "入会率" in page_text(pdf, 3) and "计算方法" in page_text(pdf, 3)


@needs_poppler
def test_bookmarks_name_each_section_and_sub_section_and_open_its_page(school, qapp):
    from PySide6.QtPdf import QPdfBookmarkModel, QPdfDocument

    doc = QPdfDocument()
    doc.load(str(school["pdf"]))
    model = QPdfBookmarkModel()
    model.setDocument(doc)

    def walk(parent, level):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            yield level, index.data(QPdfBookmarkModel.Role.Title), index.data(QPdfBookmarkModel.Role.Page) + 1
            yield from walk(index, level + 1)

    from PySide6.QtCore import QModelIndex

    marks = list(walk(QModelIndex(), 0))
    listed = contents(school["pdf"])
    assert marks[:2] == [(0, "封面", 1), (0, "目录", 2)]
    shown = [(name, page) for level, name, page in marks[2:] if level <= 1]
    assert shown == listed  # every contents line has its bookmark, on the same page
    deep = [(name, page) for level, name, page in marks if level == 2]
    assert ("代表签到情况", dict(listed)["第一届教职工代表大会第二次会议"] + 1) in deep
    doc.close()


@needs_poppler
def test_the_masked_binder_holds_no_full_id_number_or_phone(school):
    text = run("pdftotext", "-enc", "UTF-8", str(school["pdf"]), "-").replace(" ", "")
    people = members.list_members(school["db"])
    assert "困难职工花名册" in text and "帮扶情况统计表" in text
    assert [m.name for m in people if m.id_number[-4:] in text]  # the masked numbers are there
    leaks = [m.name for m in people if m.id_number in text or (m.phone and m.phone in text)]
    assert leaks == []


def test_sections_are_picked_in_binder_order_and_an_empty_one_says_so(school, tmp_path):
    db = school["db"]
    seen = []
    bundle = binder(db, 2023, sections=["congress", "dues"], today=TODAY, progress=lambda d, n: seen.append((d, n)))
    assert list(bundle.names) == ["会费收缴", "教代会与提案"]
    assert seen == [(0, 2), (1, 2), (2, 2)]
    lines = [r.rows for _n, r in bundle.reports()]
    assert lines == [(("本期（2023年）没有会费收缴记录。",),), (("本期（2023年）没有教代会会议记录。",),)]
    term = binder(db, YEAR, term=1, sections=["budget", "visits"], today=TODAY)
    assert list(term.names) == ["经费预算与执行（2025年全年）", "五必访登记与慰问金签收表"]
    with pytest.raises(ExportCancelled):
        binder(db, YEAR, sections=["dues"], today=TODAY, cancelled=lambda: True)


@needs_poppler
def test_an_empty_section_prints_its_one_line(school, tmp_path):
    bundle = binder(school["db"], 2023, sections=["visits"], today=TODAY)
    pdf = export(bundle, tmp_path / "空.pdf").path
    assert pdf_pages(pdf) == 3  # cover, contents, the one line
    assert "本期（2023年）没有五必访记录。" in page_text(pdf, 3).replace(" ", "")
    assert "五必访登记与慰问金签收表" in header(pdf, 3)


def test_the_workbook_has_a_sheet_per_report_with_frozen_headers(school, tmp_path):
    bundle = binder(school["db"], YEAR, sections=["basic", "roster", "visits", "congress"], today=TODAY)
    book = openpyxl.load_workbook(export(bundle, tmp_path / "台账.xlsx").path)
    reports = bundle.reports()
    assert len(book.sheetnames) == len(reports)
    assert book.sheetnames[:4] == ["基本情况", "会员名册", "五必访登记表", "慰问金签收表"]
    assert len({n.lower() for n in book.sheetnames}) == len(book.sheetnames)
    assert all(len(n) <= 31 for n in book.sheetnames)
    for (_name, report), ws in zip(reports, book.worksheets):
        if report.header_row:
            assert ws.freeze_panes and ws.print_title_rows, ws.title
        assert ws.page_setup.paperSize == 9
    first = book.worksheets[0]
    labels = [row[0] for row in first.iter_rows(values_only=True)]
    assert "入会率" in labels and "提案答复率" in labels
