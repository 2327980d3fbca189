"""The hardship roster importer (and the members roster's 困难类别) attacked: formulas and
hostile text in the cells, a 建档日期 given as an Excel serial number of the 1890s,
incomes of absurd size, a household of 31, and files too big to read. Each bad row is
refused by row with a Chinese reason at planning — so --skip-errors really skips it, and
writing never refuses the whole file for a row the preview called good — and a refused
file writes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from unionapp.domain.members import MemberInput
from unionapp.importers.errors import ImportFileError, ImportRefused
from unionapp.importers.hardship import apply_hardship_import, plan_hardship_import
from unionapp.importers.members import apply_member_import, plan_member_import
from unionapp.importers.workbook import MAX_DATA_ROWS
from unionapp.services import hardship, members

from .hostile import content_hash
from .raw_xlsx import row_xml, write_raw_xlsx
from .workbooks import write_xlsx

TODAY = date(2024, 12, 2)
HEADER = ["姓名", "出生日期", "困难级别", "建档日期", "致困原因", "家庭人口", "家庭月收入", "成员1姓名",
          "成员1关系", "成员1月收入", "帮扶措施", "备注"]  # fmt: skip
EVIL = '=HYPERLINK("http://evil.example","点我")'


@pytest.fixture
def people(db) -> dict[str, int]:
    return {
        name: members.add_member(db, MemberInput(name=name, birth_date=born, group_name="语文组"))
        for name, born in [
            ("李娜", date(1990, 1, 2)),
            ("陈静", date(1992, 9, 9)),
            ("赵强", date(1979, 4, 4)),
            ("孙丽", date(1995, 6, 6)),
        ]  # fmt: skip
    }


def test_hostile_cells_are_refused_by_row_or_stored_cleaned(db, people, tmp_path):
    rows = [
        # formulas as text and bidi/zero-width characters: kept as text, cleaned
        ["李娜", date(1990, 1, 2), "困难", date(2024, 3, 1), "本人大病", None, None, "@SUM(A1)", "配偶", 1200,
         "\u202e结对\u200b帮扶" + EVIL, "a\u2066b"],
        # an Excel serial number (1 = 1899-12-31) as the date: refused here, not when writing
        ["陈静", date(1992, 9, 9), "一般", 1, "其他", None, None, None, None, None, "", ""],
        # an income of 10**12 yuan, a household of 31; words for an income
        ["赵强", date(1979, 4, 4), "特困", date(2024, 5, 1), "本人大病", 31, 10**12, None, None, None, "", ""],
        ["孙丽", date(1995, 6, 6), "特困", date(2024, 5, 1), "意外灾害", 2, "约两千", None, None, None, "", ""],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "困难 #名单.xlsx", HEADER, rows, sheet="困难职工档案")
    before = content_hash(db)
    plan = plan_hardship_import(db, path, today=TODAY)
    refused = {r.name: " ".join(r.reasons) for r in plan.refused}
    assert set(refused) == {"陈静", "赵强", "孙丽"}, plan.problem_lines()
    assert "建档日期 1899-12-31 太早了" in refused["陈静"]
    assert "家庭人口“31”" in refused["赵强"] and "太大" in refused["赵强"]
    assert "不是数字" in refused["孙丽"]
    with pytest.raises(ImportRefused):  # any refused row refuses the file unless skipped
        apply_hardship_import(db, plan)
    assert content_hash(db) == before

    assert apply_hardship_import(db, plan, skip_errors=True).added == 1  # the skip really skips
    (row,) = hardship.list_files(db, today=TODAY)
    detail = hardship.view_file(db, row.id, today=TODAY)
    assert detail.plan == "结对帮扶" + EVIL  # text, never evaluated; invisible characters gone
    assert detail.notes == "ab"
    assert [(p.relation, p.name, p.monthly_income_fen) for p in detail.household][1] == ("配偶", "@SUM(A1)", 120_000)


def test_a_members_roster_filing_someone_before_1950_refuses_that_row(db, people, tmp_path):
    """The roster's own check passes a date after the birth date; the file's (not before
    1950) is now asked at planning, for a new member as for an existing one."""
    members.add_member(db, MemberInput(name="王老", birth_date=date(1930, 1, 2), group_name="退休组"))
    header = ["姓名", "出生日期", "工会小组", "困难类别", "建档立卡日期"]
    rows = [
        ["王老", date(1930, 1, 2), "退休组", "困难", date(1949, 6, 1)],  # an existing member
        ["周杰", date(1930, 8, 8), "退休组", "一般", date(1949, 6, 1)],  # new: not added without the file
        ["陈静", date(1992, 9, 9), "语文组", "困难", date(2024, 3, 1)],
    ]
    plan = plan_member_import(db, write_xlsx(tmp_path / "r.xlsx", header, rows), today=TODAY)
    too_early = "建档立卡日期 1949-06-01 太早了，请核对（日期请写成 2024-09-01 这样）"
    assert {r.name: " ".join(r.reasons) for r in plan.refused} == {"王老": too_early, "周杰": too_early}
    apply_member_import(db, plan, skip_errors=True)
    assert {f.name for f in hardship.list_files(db, today=TODAY)} == {"陈静"}
    assert "周杰" not in {m.name for m in members.list_members(db)}


def test_a_roster_past_the_row_limit_or_claiming_a_huge_sheet_is_refused_in_words(db, people, tmp_path):
    header = row_xml(1, zip("ABC", ["姓名", "困难级别", "家庭月收入"]))
    rows = (row_xml(n, zip("ABC", [f"教师{n}", "困难", 1000])) for n in range(2, MAX_DATA_ROWS + 3))
    before = content_hash(db)
    with pytest.raises(ImportFileError, match=f"超过 {MAX_DATA_ROWS:,} 行"):
        plan_hardship_import(db, write_raw_xlsx(tmp_path / "五万行.xlsx", [header, *rows]), today=TODAY)
    far = row_xml(1_048_576, zip("A", ["李娜"]))  # one cell on Excel's last row
    try:
        plan = plan_hardship_import(db, write_raw_xlsx(tmp_path / "远.xlsx", [header, far]), today=TODAY)
    except ImportFileError as err:
        assert "远.xlsx" in str(err) or "行" in str(err)
    else:
        assert plan.adds == [] and all(r.reasons for r in plan.refused)
    assert content_hash(db) == before
