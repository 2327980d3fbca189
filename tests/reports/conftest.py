"""Report test helpers: member rows, a sample report, and readers for the files written
(poppler's pdftotext / pdffonts / pdfinfo, as a person would check a PDF)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from unionapp.domain.idcard import make_id_number
from unionapp.reports.model import Column, Report
from unionapp.services.members import MemberRow

TODAY = date(2026, 11, 21)
SURNAMES = "张王李赵刘陈杨黄周吴"
GIVEN = "伟芳娜秀英敏静丽强磊"

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

_BASE = MemberRow(
    id=1,
    name="张三",
    gender="M",
    id_number="",
    birth_date=date(1970, 5, 12),
    ethnicity="汉族",
    political_status="群众",
    phone="13812345678",
    group_id=1,
    group_name="高中组",
    department="语文组",
    title="中学一级教师",
    work_start_date=date(1992, 8, 1),
    join_union_date=date(1992, 9, 1),
    status="active",
    is_union_member=True,
    native_province="",
    hardship_level="",
    hardship_since=None,
    retirement_category="M60",
    retirement_date=date(2031, 5, 12),
    retirement_overridden=False,
    notes="",
    sort_key="zhangsan",
    search_text="",
    version=1,
)


def member(**changes) -> MemberRow:
    """A member row; the ID number follows birth date and gender unless given."""
    row = replace(_BASE, **changes)
    if "id_number" not in changes and row.birth_date:
        row = replace(row, id_number=make_id_number("110101", row.birth_date, row.id % 100, row.gender or "M"))
    return row


def many_members(n: int) -> list[MemberRow]:
    rows = []
    for i in range(1, n + 1):
        birth = date(1966 + i % 35, 1 + i % 12, 1 + i % 28)
        rows.append(
            member(
                id=i,
                name=SURNAMES[i % 10] + GIVEN[i % 7] + GIVEN[(i * 3) % 10],
                gender="MF"[i % 2],
                birth_date=birth,
                phone=f"139{i:08d}",
                sort_key=f"{i:06d}",
                group_name=["高中组", "初中组", "小学组", "行政后勤组"][i % 4],
            )
        )
    return rows


MONEY_COLUMNS = (
    Column("seq", "序号", "int", 4),
    Column("name", "姓名", "text", 8),
    Column("day", "日期", "date", 10),
    Column("amount", "金额（元）", "money", 12),
    Column("memo", "摘要", "text", 20),
)


def money_report(rows=None, **kw) -> Report:
    rows = (
        rows
        if rows is not None
        else [
            (1, "慰问品", date(2026, 3, 1), 123450, "三八节"),  # int: fen
            (2, "体检费", date(2026, 4, 2), Decimal("1000.05"), "年度体检"),  # Decimal: yuan
        ]
    )
    return Report(
        "某某中学工会委员会2026年经费支出明细",
        MONEY_COLUMNS,
        rows,
        union_name="某某中学工会委员会",
        period="2026年",
        made_on=TODAY,
        signatures=("经办人", "工会主席"),
        **kw,
    )


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_text(path: Path, layout: bool = True) -> str:
    """Text of all pages; pages are separated by form feeds."""
    return run("pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8", str(path), "-")


def pdf_pages(path: Path) -> int:
    info = run("pdfinfo", str(path))
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_fonts(path: Path) -> list[list[str]]:
    """pdffonts rows after the two header lines, split into columns."""
    return [line.split() for line in run("pdffonts", str(path)).splitlines()[2:]]


# ---------------------------------------------------------------- Qt


@pytest.fixture(scope="session")
def app(qapp):
    """The application as the real one is made: names (for QSettings) and the bundled font."""
    from unionapp.ui.shell.app import make_application

    return make_application()


@pytest.fixture
def private_settings(app, tmp_path):
    from PySide6.QtCore import QSettings

    folder = tmp_path / "qsettings"
    folder.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    QSettings().clear()
    return folder


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    """Static message boxes shown during the test, as (kind, text), instead of blocking."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []
    for kind in ("warning", "information", "critical"):

        def show(_parent, _title, text, *_args, _kind=kind, **_kwargs):
            shown.append((_kind, text))
            return QMessageBox.StandardButton.Ok

        monkeypatch.setattr(QMessageBox, kind, staticmethod(show))
    return shown


def pdf_page_size(path: Path) -> tuple[float, float]:
    """Width and height of the first page in points, from pdfinfo."""
    line = next(x for x in run("pdfinfo", str(path)).splitlines() if x.startswith("Page size:"))
    width, _x, height = line.split()[2:5]
    return float(width), float(height)
