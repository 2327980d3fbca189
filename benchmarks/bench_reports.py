"""Report export benchmark: a 10,000-member roster to .xlsx and PDF (a script, not a test).

Next to each, the plain-library baseline on the same rows: openpyxl write-only with bare
values, and reportlab platypus with one long Table (header repeated); and, when
LibreOffice is installed, `soffice --headless --convert-to pdf` of our .xlsx.
Targets (issue 3): xlsx ≤ 1.5 × openpyxl, PDF ≤ 1.5 × platypus, PDF faster than LibreOffice.

    .venv/bin/python benchmarks/bench_reports.py [--members 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from timing import median_time
from unionapp import config
from unionapp.db.opening import open_database
from unionapp.reports import fonts
from unionapp.reports.members import roster
from unionapp.reports.model import Report, cell_text
from unionapp.reports.output import export
from unionapp.services import members
from unionapp.services.demo import create_demo


def openpyxl_baseline(report: Report, path: Path) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("roster")
    ws.append([c.header for c in report.columns])
    for row in report.rows:
        ws.append(row)
    wb.save(path)


def platypus_baseline(report: Report, path: Path) -> None:
    font = fonts.main_font()
    data = [[c.header for c in report.columns]]
    data += [[cell_text(c, v) for c, v in zip(report.columns, row)] for row in report.rows]
    table = Table(data, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 8),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
            ]
        )
    )
    SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=30, rightMargin=30).build([table])


def libreoffice(xlsx: Path, outdir: Path) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    start = time.perf_counter()
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{outdir}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir / "lo"),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return time.perf_counter() - start


def pages(pdf: Path) -> str:
    if shutil.which("pdfinfo") is None:
        return "?"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def load_rows(folder: Path, count: int):
    db = open_database(config.database_url(str(folder / "bench.db")))
    start = time.perf_counter()
    create_demo(db, members_count=count, seed=1)
    print(f"demo database with {count} members: {time.perf_counter() - start:.1f} s")
    rows = members.list_members(db)
    db.dispose()
    return rows


def line(name: str, ours: float, base: float, target: float) -> None:
    ratio = ours / base
    verdict = "OK" if ratio <= target else "MISSED"
    print(f"{name}: ours {ours:.2f} s, baseline {base:.2f} s, ratio {ratio:.2f} (target ≤ {target}) {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        folder = Path(tmp)
        rows = load_rows(folder, args.members)
        start = time.perf_counter()
        report = roster(rows, "某某中学工会委员会", today=date.today())
        print(f"build the report (labels, masking) for {len(rows)} rows: {time.perf_counter() - start:.2f} s")
        fonts.main_font()  # registered once per process, as in the app
        ours_xlsx = median_time(lambda: export(report, folder / "ours.xlsx"), args.runs)
        base_xlsx = median_time(lambda: openpyxl_baseline(report, folder / "base.xlsx"), args.runs)
        line("xlsx", ours_xlsx, base_xlsx, 1.5)
        ours_pdf = median_time(lambda: export(report, folder / "ours.pdf"), args.runs)
        base_pdf = median_time(lambda: platypus_baseline(report, folder / "base.pdf"), max(1, args.runs - 1))
        line("pdf ", ours_pdf, base_pdf, 1.5)
        print(f"     pages: ours {pages(folder / 'ours.pdf')}, platypus {pages(folder / 'base.pdf')}")
        office = libreoffice(folder / "ours.xlsx", folder)
        if office is None:
            print("LibreOffice not installed: soffice comparison skipped")
        else:
            verdict = "OK" if ours_pdf < office else "MISSED"
            print(
                f"LibreOffice xlsx → pdf: {office:.2f} s ({pages(folder / 'lo' / 'ours.pdf')} pages); "
                f"ours {ours_pdf:.2f} s {verdict}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
