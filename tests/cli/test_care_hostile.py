"""Issue #19 at the command line, read as a privacy reviewer would: the default 困难职工花名册
and the month's care list, in every format, hold no household income, cause, plan or
household note and no health note; the full roster writes one audit entry, itself with
no income or cause; a hardship import refusing an income that is not a number leaves it
out of the log file; text that a spreadsheet would run as a formula stays text."""

from __future__ import annotations

import csv
import subprocess
from datetime import date

import openpyxl
import pytest

from unionapp import config
from unionapp.domain.members import MemberInput
from unionapp.services import checkups, hardship, members, year_plan
from unionapp.services.audit import AuditFilter, search_entries
from unionapp.services.checkup_people import add_people, set_status
from unionapp.services.hardship import FileInput, HouseholdInput

from .test_care_exports import run

TODAY = date.today()
SECRETS = ("家属大病", "子女上学", "3456", "1152", "每季度结对走访", "重病卧床", "血压偏高")
EVIL = '=HYPERLINK("http://evil.example","点我")'


@pytest.fixture
def school(db):
    """张丽 filed with her household's incomes, causes, a plan and a note on her husband;
    marked 需复查 with a health note in this year's checkup; a plan item named like a formula."""
    zhang = members.add_member(db, MemberInput(name="张丽", gender="F", birth_date=date(1975, TODAY.month, 1)))
    household = (HouseholdInput("本人", "张丽", 345_600), HouseholdInput("配偶", "", 0, "重病卧床"))
    opened = date(TODAY.year - 1, 5, 1)
    causes = ("illness_family", "schooling")
    hardship.open_file(db, FileInput(zhang, "extreme", opened, causes, "每季度结对走访", "", household))
    start = date(TODAY.year, 1, 5)
    data = checkups.CampaignInput(TODAY.year, "教职工体检", "manual", start, date(TODAY.year, 1, 15), payer="admin")
    campaign = checkups.create_campaign(db, data)
    add_people(db, campaign, [zhang])
    set_status(db, campaign, [p.id for p in checkups.list_people(db, campaign)], "followup", start, note="血压偏高")
    year_plan.add_item(db, TODAY.year, year_plan.PlanItemInput(1, EVIL, owner="@SUM(A1)"))
    return zhang


def everything_in(path) -> str:
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        return "\n".join(str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r if v)
    if path.suffix == ".pdf":
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True)
        return done.stdout
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".pdf"])
def test_the_default_roster_and_the_care_list_hold_no_sensitive_detail(db, school, tmp_path, capsys, suffix):
    for report in ("hardship", "care-list"):
        out = tmp_path / f"{report}{suffix}"
        code, _said, err = run(db, capsys, "export", report, "-o", str(out))
        assert code == 0, err
        text = everything_in(out)
        assert "张丽" in text
        assert [s for s in SECRETS if s in text] == [], report
    assert [r for r in search_entries(db, AuditFilter(entity="hardship_file")).rows if r.action == "view"] == []


def test_the_full_roster_logs_once_and_the_log_holds_no_income_or_cause(db, school, tmp_path, capsys):
    out = tmp_path / "全.csv"
    assert run(db, capsys, "export", "hardship", "--full", "-o", str(out))[0] == 0
    assert "家属大病" in everything_in(out)
    entries = search_entries(db, AuditFilter(entity="hardship_file")).rows
    (view,) = [e for e in entries if e.action == "view"]
    for entry in entries:
        said = entry.summary + repr(entry.details)
        assert [s for s in SECRETS if s in said] == [], said


def test_a_formula_like_plan_item_stays_text_in_the_exports(db, school, tmp_path, capsys):
    sheet, table = tmp_path / "计划.xlsx", tmp_path / "计划.csv"
    for out in (sheet, table):
        assert run(db, capsys, "export", "year-plan", "--year", str(TODAY.year), "-o", str(out))[0] == 0
    cells = [c for r in openpyxl.load_workbook(sheet).worksheets[0].iter_rows() for c in r if c.value]
    evil = [c for c in cells if "HYPERLINK" in str(c.value) or "SUM(" in str(c.value)]
    assert len(evil) == 2 and all(c.data_type == "s" for c in evil)  # strings, never formulas
    with table.open(encoding="utf-8-sig", newline="") as f:
        values = [v for row in csv.reader(f) for v in row]
    assert "'" + EVIL in values and "'@SUM(A1)" in values


def test_an_income_that_is_not_a_number_is_told_and_never_logged(db, school, tmp_path, capsys):
    members.add_member(db, MemberInput(name="李娜", birth_date=date(1990, 1, 2)))
    book = openpyxl.Workbook()
    book.active.append(["姓名", "出生日期", "困难级别", "家庭人口", "家庭月收入"])
    book.active.append(["李娜", date(1990, 1, 2), "困难", 3, "约两千三百四十五"])
    path = tmp_path / "困难.xlsx"
    book.save(path)
    before = len(hardship.list_files(db))
    code, _said, err = run(db, capsys, "import", "hardship", str(path))
    assert code == 1 and "家庭月收入“约两千三百四十五”不是数字" in err
    assert len(hardship.list_files(db)) == before
    log = config.log_path()
    assert not log.exists() or "约两千三百四十五" not in log.read_text(encoding="utf-8")
