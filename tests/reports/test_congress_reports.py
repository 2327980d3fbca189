"""The staff congress's reports: 代表名册 (no ID number, phones masked), 会议签到表 (a sheet
per 选区), 决议表决情况表, 提案表 (a form page per proposal), 提案汇总表, 提案答复情况表 and
the session archive (cover + parts, pages numbered through), built from the services'
rows and read back from the files written; and the engine's form pages and bundles."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest

from unionapp.reports import congress as reports
from unionapp.reports import congress_archive, proposals
from unionapp.reports.bundle import Bundle, Cover
from unionapp.reports.files import ExportError, Ticker
from unionapp.reports.model import Column, Report
from unionapp.reports.output import export
from unionapp.reports.pdf_layout import layout
from unionapp.services import congress

from . import congress_rows as rows
from .conftest import needs_poppler, pdf_pages, pdf_text

TODAY = date(2024, 6, 1)  # after every reply in the school; the overdue one is due 2024-04-30
FULL_ID = re.compile(r"\d{17}[\dX]")


def cells(path, sheet: int = 0) -> list[tuple]:
    return [tuple(r) for r in openpyxl.load_workbook(path).worksheets[sheet].iter_rows(values_only=True)]


def texts(path) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r if v)


def pages(report) -> int:
    return len(layout(report, Ticker(0, None, None)).pages)


@pytest.fixture
def school(db):
    return rows.build_school(db)


def test_delegates_roster_masks_phones_flags_ended_seats_and_shows_the_makeup(db, school, tmp_path):
    report = reports.load_delegates_report(db, school["term"], today=TODAY)
    out = export(report, tmp_path / "代表名册.xlsx").path
    values = cells(out)
    body = {r[1]: r for r in values if isinstance(r[0], int)}
    assert len(body) == 9
    assert body["郑新"][8] == "2023-06-30止（辞去代表职务）"
    assert body["张丽"][8] == "在任" and body["张丽"][3] == "1980-03" and body["张丽"][4] == 44
    assert {r[10] for r in body.values()} == {"138****5678"}
    everything = texts(out)
    assert rows.PHONE not in everything and not FULL_ID.search(everything)
    makeup = congress.term_makeup(db, school["term"])
    assert f"在任代表 {makeup.total} 人" in values[2][0] and f"女 {makeup.women} 人" in values[2][0]
    full = export(reports.load_delegates_report(db, school["term"], full=True), tmp_path / "full.xlsx").path
    assert rows.PHONE in texts(full) and not FULL_ID.search(texts(full))  # never an ID number


@needs_poppler
def test_signin_sheet_a_page_per_constituency_numbered_afresh_with_blank_signatures(db, school, tmp_path):
    report = reports.load_signin_report(db, school["session"], today=TODAY)
    assert [s.heading for s in report.sections] == [
        "选区：语文组　　应到 5 人，实到＿＿＿人",
        "选区：数学组　　应到 3 人，实到＿＿＿人",
    ]
    assert [r[0] for r in report.rows] == [1, 2, 3, 4, 5, 1, 2, 3]
    assert all(r[4] is None for r in report.rows)  # 本人签名 blank
    assert [r[5] for r in report.rows if r[1] == "吴婷"] == ["请假"]
    assert report.totals_row[1:3] == ("应到合计", "8 人")
    pdf = export(report, tmp_path / "签到表.pdf").path
    assert pdf_pages(pdf) == 2
    assert "至少6人" in re.sub(r"\s", "", pdf_text(pdf))


def test_resolutions_with_votes_and_the_result_the_rule_gives(db, school, tmp_path):
    out = export(reports.load_resolutions_report(db, school["session"], today=TODAY), tmp_path / "决议.xlsx").path
    body = [r for r in cells(out) if isinstance(r[0], int)]
    assert [r[1:8] for r in body] == [
        ("关于通过校长工作报告的决议", 8, 7, 6, 1, 0, "通过"),
        ("关于修订绩效工资分配方案的决议", 8, 7, 4, 2, 1, "未通过"),
    ]
    assert "实到 7 人" in cells(out)[2][0]


@needs_poppler
def test_proposal_forms_one_page_each_as_the_delegate_signs_it(db, school, tmp_path):
    bundle = proposals.load_proposal_forms(db, school["session"], today=TODAY)
    pdf = export(bundle, tmp_path / "提案表.pdf").path
    assert pdf_pages(pdf) == 4
    text = pdf_text(pdf).replace(" ", "")
    assert text.count("提案人（签名）") == 8  # the foot and the 提案人意见 box of each page
    assert "第4页共4页" in text
    xlsx = export(bundle, tmp_path / "提案表.xlsx").path
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["第1号提案", "第2号提案", "第3号提案", "第4号提案"]
    first = [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    form = {r[0]: r[1] for r in first[3:15]}  # title, info, subtitle, then the form: no header row
    assert form["编号"] == "第 1 号" and form["案由"] == "关于改善教师食堂伙食的建议"
    assert form["附议人"] == "李强、王芳"  # in name order and form["承办部门"] == "总务处　　答复期限：2024-04-30"
    assert "已与承包方协商" in form["答复"] and form["提案人意见"].startswith("满意（2024-04-12）")
    pending = {r[0]: r[1] for r in list(book.worksheets[3].iter_rows(values_only=True))[3:15]}
    assert pending["审查意见"].strip().startswith("提案工作委员会（签章）")  # blank above the signature
    assert "□满意" in pending["提案人意见"]


def test_summary_lists_the_accepted_and_replies_carry_the_figures(db, school, tmp_path):
    summary = export(proposals.load_proposals_summary(db, school["session"], today=TODAY), tmp_path / "汇总.xlsx").path
    values = cells(summary)
    body = [r for r in values if isinstance(r[0], int)]
    assert [(r[1], r[6], r[7].date(), r[8]) for r in body] == [
        ("关于改善教师食堂伙食的建议", "总务处", date(2024, 4, 30), "满意"),
        ("关于减少非教学任务的建议", "教务处", date(2024, 4, 30), "逾期未答复"),
    ]
    assert "共收到提案 4 件，立案 2 件，待审查 1 件，不立案 1 件" in values[2][0]
    replies = export(proposals.load_replies_report(db, school["session"], today=TODAY), tmp_path / "答复.xlsx").path
    values = cells(replies)
    assert "已答复 1 件，答复率 1/2（50.0%）" in values[2][0] and "满意 1 件" in values[2][0]
    body = [r for r in values if isinstance(r[0], int)]
    assert [(r[5] and r[5].date(), r[7], r[8]) for r in body] == [
        (date(2024, 4, 10), "满意", "满意"),
        (None, None, "逾期未答复"),
    ]


@needs_poppler
def test_archive_is_a_cover_and_its_parts_page_for_page(db, school, tmp_path):
    bundle = congress_archive.load_congress_archive(db, school["session"], today=TODAY)
    parts = [r for _name, r in bundle.reports()]
    expected = 1 + sum(pages(r) for r in parts)
    pdf = export(bundle, tmp_path / "档案.pdf").path
    assert pdf_pages(pdf) == expected == 1 + 1 + 1 + 1 + 1 + 4
    text = pdf_text(pdf).replace(" ", "")
    assert "教职工代表大会工作档案" in text and "目录" in text
    assert re.search(r"5．提案表\s*第6页", text)
    assert f"第{expected}页共{expected}页" in text
    assert "符合规定" in text  # the attendance part's quorum line
    book = openpyxl.load_workbook(export(bundle, tmp_path / "档案.xlsx").path)
    assert book.sheetnames[:5] == ["封面", "会议议程与文件", "代表签到情况", "决议表决情况", "提案答复情况"]
    assert len(book.sheetnames) == 5 + 4
    everything = texts(tmp_path / "档案.xlsx")
    assert rows.PHONE not in everything and not FULL_ID.search(everything)


# ---------------------------------------------------------------- hand-made rows, the engine


def test_hand_made_rows_build_every_report():
    union = "实验学校工会"
    report = reports.delegates_report(rows.delegates(), rows.makeup(), "第一届", union=union)
    assert report.title == "实验学校工会第一届教职工代表名册" and "phone" not in [c.key for c in report.columns]
    assert "有 0 名" not in report.notes and "任期已结束 1 人" in report.notes
    low = reports.delegates_report(rows.delegates(), rows.makeup().__class__(10, 5, 5, 1, 60), "第一届")
    assert "低于规定的 60%" in low.notes
    assert len(reports.signin_report(rows.session(), rows.attendance()).sections) == 2
    forms = proposals.proposal_forms_report(rows.details(), union=union)
    assert len(forms.reports()) == 3 and forms.names[0] == "第1号提案"
    empty = proposals.proposal_forms_report([], union=union)
    assert len(empty.reports()) == 1 and empty.reports()[0][1].rows == ()
    archive = congress_archive.congress_archive(
        rows.session(), rows.attendance(), rows.resolutions(), rows.details(), rows.summary(), union=union
    )
    assert archive.names == congress_archive.PART_NAMES


def _form(**kw) -> Report:
    columns = (Column("k", "项目", "text", 8), Column("v", "内容", "text", 40, wrap=True))
    return Report("表单", columns, [("案由", "甲"), ("答复", "")], totals={}, header_row=False, **kw)


def test_a_form_page_has_no_header_row_and_its_rows_keep_their_least_height(tmp_path):
    plain = layout(_form(), Ticker(0, None, None))
    tall = layout(_form(row_heights={1: 120}), Ticker(0, None, None))
    assert plain.header.height == 0
    assert [r.height for r in tall.pages[0].rows][1] == 120 > plain.pages[0].rows[1].height
    values = cells(export(_form(row_heights={1: 120}), tmp_path / "form.xlsx").path)
    assert values[2:] == [("案由", "甲"), ("答复", None)]  # title, info line, then the rows: no 项目/内容
    sheet = openpyxl.load_workbook(tmp_path / "form.xlsx").worksheets[0]
    assert sheet.row_dimensions[4].height == 120 and sheet.freeze_panes is None


@needs_poppler
def test_a_bundle_numbers_pages_through_and_refuses_csv(tmp_path):
    bundle = Bundle("合订", [_form(), Bundle("内", [_form(), _form()], names=["甲", "乙"])], names=["一", "二"],
                    cover=Cover("封面标题", [("会议", "第一次")]))  # fmt: skip
    pdf = export(bundle, tmp_path / "b.pdf").path
    assert pdf_pages(pdf) == 4
    text = pdf_text(pdf).replace(" ", "")
    assert "第4页共4页" in text and re.search(r"2．二\s*第3页", text)
    assert openpyxl.load_workbook(export(bundle, tmp_path / "b.xlsx").path).sheetnames == ["封面", "一", "甲", "乙"]
    with pytest.raises(ExportError, match="不能导出为 CSV"):
        export(bundle, tmp_path / "b.csv")
    assert not (tmp_path / "b.csv").exists()
