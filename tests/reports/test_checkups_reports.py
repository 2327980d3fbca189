"""The checkup reports read back from the files: the list for the hospital (masked unless
asked, full ID numbers as text when asked), the sign-in sheet (a tall, wide, empty 签到
column) and the coverage table (every figure recomputed from list_people; the 需复查
notes only when health details are asked for)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from unionapp import config
from unionapp.cli.exports import CHECKUP_REPORTS
from unionapp.db.opening import open_database
from unionapp.domain.checkups import ATTENDED
from unionapp.domain.idcard import make_id_number
from unionapp.domain.members import MemberInput
from unionapp.reports.checkups import (
    FILE_STEMS,
    SIGN_ROW_PT,
    age_on,
    campaign_label,
    coverage_report,
    hospital_list_report,
    signin_report,
)
from unionapp.reports.files import Ticker
from unionapp.reports.output import export
from unionapp.reports.pdf_layout import layout
from unionapp.services import checkups, groups, members, settings
from unionapp.services.checkups import CampaignInput

from .conftest import needs_poppler, pdf_page_size, pdf_text

UNION = "阳光中学工会委员会"
LAST = date.today().year - 1
START, END = date(LAST, 10, 8), date(LAST, 12, 20)
NOTE = "甲状腺结节，三个月后复查"
STAFF = [  # name, gender, birth, group
    ("李梅", "F", date(1980, 3, 4), "高中组"),
    ("王芳", "F", date(1975, 11, 30), "初中组"),
    ("陈静", "F", date(1990, 10, 8), "高中组"),
    ("赵敏", "F", date(1988, 1, 2), "小学组"),
    ("周丽", "F", date(1969, 6, 6), "初中组"),
    ("孙燕", "F", date(1992, 12, 1), ""),
    ("张伟", "M", date(1982, 5, 5), "高中组"),
]


def ident(i: int, gender: str, birth: date) -> str:
    return make_id_number("340102", birth, 10 + i, gender)


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    folder = tmp_path_factory.mktemp("checkups")
    db = open_database(config.database_url(str(folder / "union.db")))
    settings.save(db, settings.UnionSettings(union_name=UNION, chair_name="王建国"))
    for i, (name, gender, birth, group) in enumerate(STAFF):
        members.add_member(
            db,
            MemberInput(
                name=name,
                gender=gender,
                birth_date=birth,
                group_name=group,
                id_number=ident(i, gender, birth),
                phone=f"1381234{i:04d}",
            ),
        )
    cid = checkups.create_campaign(
        db,
        CampaignInput(
            year=LAST,
            name="女教职工体检",
            eligibility="women",
            date_from=START,
            date_to=END,
            hospital="市第一人民医院",
            package="两癌筛查套餐",
            cost_per_person_fen=30_000,
        ),
    )
    team = {p.name: p.id for p in checkups.list_people(db, cid)}
    checkups.set_status(db, cid, [team["李梅"], team["王芳"]], "done", date(LAST, 10, 12))
    checkups.set_status(db, cid, [team["陈静"]], "followup", date(LAST, 10, 13), note=NOTE)
    checkups.set_status(db, cid, [team["赵敏"]], "absent", reason="产假")
    checkups.set_status(db, cid, [team["周丽"]], "notified")
    yield db, folder, cid
    db.dispose()


def sheet_values(path) -> list[tuple]:
    return [tuple(r) for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)]


def body(values: list[tuple], first_header: str = "序号") -> tuple[tuple, list[tuple]]:
    start = next(i for i, r in enumerate(values) if r[0] == first_header)
    rows = [r for r in values[start + 1 :] if r[0] is not None and not str(r[0]).startswith(("说明", "制表", "经办"))]
    return values[start], rows


# ---------------------------------------------------------------- the list for the hospital


def test_hospital_list_is_masked_by_default(school):
    db, folder, cid = school
    path = folder / "hospital-masked.xlsx"
    export(hospital_list_report(db, cid), path)
    values = sheet_values(path)
    assert values[0][0] == f"{UNION}{LAST}年女教职工体检名单（市第一人民医院）"
    header, rows = body(values)
    assert header == ("序号", "姓名", "性别", "年龄", "身份证号", "手机号", "套餐")
    people = checkups.list_people(db, cid)
    assert [r[1] for r in rows] == [p.name for p in people] and len(rows) == 6  # the women only
    text = repr(values)
    for p in people:
        assert p.id_number not in text and p.phone not in text
    first = rows[0]
    assert first[4] == people[0].id_number[:6] + "*" * 8 + people[0].id_number[-4:]
    assert first[5] == people[0].phone[:3] + "****" + people[0].phone[-4:]
    assert all(r[6] == "两癌筛查套餐" and r[2] == "女" for r in rows)


def test_hospital_list_with_full_id_has_the_numbers_as_text_and_ages(school):
    db, folder, cid = school
    path = folder / "hospital-full.xlsx"
    export(hospital_list_report(db, cid, full_id=True), path)
    _header, rows = body(sheet_values(path))
    people = checkups.list_people(db, cid)
    assert [(r[4], r[5]) for r in rows] == [(p.id_number, p.phone) for p in people]
    assert [r[3] for r in rows] == [age_on(p.birth_date, START) for p in people]
    assert dict(zip([r[1] for r in rows], [r[3] for r in rows]))["陈静"] == LAST - 1990  # birthday on the first day
    ws = openpyxl.load_workbook(path).worksheets[0]
    cells = [c for c in ws["E"] if c.value in {p.id_number for p in people}]
    assert len(cells) == 6 and all(c.data_type == "s" for c in cells)  # text, not a rounded number


@needs_poppler
def test_hospital_list_pdf_text(school):
    db, folder, cid = school
    masked, full = folder / "hospital-masked.pdf", folder / "hospital-full.pdf"
    export(hospital_list_report(db, cid), masked)
    export(hospital_list_report(db, cid, full_id=True), full)
    number = next(p.id_number for p in checkups.list_people(db, cid) if p.name == "王芳")
    text = pdf_text(masked)
    for word in (
        f"{UNION}{LAST}年女教职工体检名单（市第一人民医院）",
        "王芳",
        "两癌筛查套餐",
        number[:6] + "********",
        "制表人：",
        "第1页共1页",
    ):
        assert word in text, word
    assert number not in text
    assert number in pdf_text(full)
    width, height = pdf_page_size(full)
    assert height > width


# ---------------------------------------------------------------- 签到表


def test_signin_sheet_has_an_empty_tall_signature_column_by_group(school):
    db, folder, cid = school
    path = folder / "signin.xlsx"
    export(signin_report(db, cid), path)
    values = sheet_values(path)
    assert values[0][0] == f"{UNION}{LAST}年女教职工体检签到表"
    header, rows = body(values)
    assert header == ("序号", "姓名", "性别", "工会小组", "签到", "备注")
    assert all(r[4] is None for r in rows) and len(rows) == 6
    order = [g.name for g in groups.list_groups(db)]
    seen = [r[3] for r in rows]
    assert seen == sorted(seen, key=lambda g: order.index(g) if g in order else len(order))
    assert seen[-1] == "（未分组）"
    ws = openpyxl.load_workbook(path).worksheets[0]
    first = next(i for i, r in enumerate(values, start=1) if r[0] == "序号") + 1
    assert all(ws.row_dimensions[first + i].height >= SIGN_ROW_PT for i in range(len(rows)))
    assert ws.column_dimensions["E"].width >= 20


def test_signin_rows_are_tall_and_wide_enough_to_sign(school):
    db, _folder, cid = school
    report = signin_report(db, cid)
    plan = layout(report, Ticker(0, None, None))
    rows = [r for page in plan.pages for r in page.rows if r.kind == "body"]
    assert len(rows) == 6 and min(r.height for r in rows) >= SIGN_ROW_PT
    sign = [c.key for c in report.columns].index("sign")
    assert plan.col_x[sign + 1] - plan.col_x[sign] >= 110  # about 4 cm


@needs_poppler
def test_signin_pdf_text(school):
    db, folder, cid = school
    path = folder / "signin.pdf"
    export(signin_report(db, cid), path)
    text = pdf_text(path)
    for word in ("体检签到表", "签到", "备注", "李梅", "高中组", "经办人：", "工会主席："):
        assert word in text, word
    assert "340102" not in text  # no ID numbers on a sheet passed round the room


# ---------------------------------------------------------------- 参加情况统计表


def test_coverage_figures_are_recomputed_from_the_list(school):
    db, folder, cid = school
    path = folder / "coverage.xlsx"
    export(coverage_report(db, cid), path)
    values = sheet_values(path)
    assert values[0][0] == f"{UNION}{LAST}年女教职工体检参加情况统计表"
    header, rows = body(values, "项目")
    assert header == ("项目", "工会小组", "应参加", "已参加", "未参加", "参加率", "状态", "未参加原因")
    people = checkups.list_people(db, cid)
    went = [p for p in people if p.status in ATTENDED]
    head = rows[0]
    assert head[0] == "一、各工会小组参加情况"
    assert head[2:6] == (
        len(people),
        len(went),
        len(people) - len(went),
        pytest.approx(len(went) / len(people), abs=1e-4),
    )
    for r in rows[1:]:
        if r[0] and r[0].startswith("二、"):
            break
        mine = [p for p in people if (p.group_name or "（未分组）") == r[1]]
        assert r[2:5] == (
            len(mine),
            sum(p.status in ATTENDED for p in mine),
            sum(p.status not in ATTENDED for p in mine),
        )
    missing_at = next(i for i, r in enumerate(rows) if r[0] and r[0].startswith("二、未参加人员"))
    listed = {r[0]: r for r in rows[missing_at + 1 :]}
    assert set(listed) == {p.name for p in checkups.missing_people(db, cid)} == {"赵敏", "周丽", "孙燕"}
    assert listed["赵敏"][6:] == ("未参加", "产假") and listed["周丽"][6] == "已通知" and listed["孙燕"][6] == "待通知"
    assert "图表数据" in openpyxl.load_workbook(path).sheetnames


def test_coverage_chart_shows_the_table_figures(school):
    db, _folder, cid = school
    chart = coverage_report(db, cid).charts[0]
    by_group = {label: (e, a) for label, e, a in zip(chart.labels, chart.series[0][1], chart.series[1][1])}
    assert by_group["高中组"] == (Decimal(2), Decimal(2)) and by_group["小学组"] == (Decimal(1), Decimal(0))
    assert chart.unit == "人" and [name for name, _v in chart.series] == ["应参加", "已参加"]


def test_health_notes_appear_only_when_asked_for(school):
    db, folder, cid = school
    for fmt in ("xlsx", "csv"):
        plain, health = folder / f"coverage-plain.{fmt}", folder / f"coverage-health.{fmt}"
        export(coverage_report(db, cid), plain)
        export(coverage_report(db, cid, include_health=True), health)
        read = (lambda p: repr(sheet_values(p))) if fmt == "xlsx" else (lambda p: p.read_text(encoding="utf-8-sig"))
        assert NOTE not in read(plain) and "需复查" not in read(plain).replace("含需复查的人", "")
        assert NOTE in read(health) and "三、需复查人员（1 人）" in read(health)
    report = coverage_report(db, cid)
    assert all(NOTE not in str(v) for row in report.rows for v in row) and NOTE not in report.notes


@needs_poppler
def test_coverage_pdf_has_no_health_note_by_default(school):
    db, folder, cid = school
    plain, health = folder / "coverage-plain.pdf", folder / "coverage-health.pdf"
    export(coverage_report(db, cid), plain)
    export(coverage_report(db, cid, include_health=True), health)
    text = pdf_text(plain)
    for word in (
        "参加情况统计表",
        "一、各工会小组参加情况",
        "二、未参加人员（3 人）",
        "产假",
        "50.0%",
        "各工会小组体检人数",
    ):
        assert word in text, word
    assert "甲状腺" not in "".join(text.split())
    assert "甲状腺结节" in "".join(pdf_text(health).split())


# ---------------------------------------------------------------- names and edges


def test_report_names_labels_and_an_empty_campaign(school, tmp_path):
    db, _folder, cid = school
    assert set(CHECKUP_REPORTS) == set(FILE_STEMS) == {"checkups", "checkup-signin", "checkup-coverage"}
    assert CHECKUP_REPORTS["checkups"](db, cid, True, False).full_id
    assert "需复查人员" in repr(CHECKUP_REPORTS["checkup-coverage"](db, cid, False, True).rows)
    assert campaign_label(checkups.get_campaign(db, cid)) == f"{LAST}年女教职工体检"
    row = checkups.get_campaign(db, cid)
    for name, label in (
        ("年度体检", f"{LAST}年度体检"),
        (f"{LAST}年两癌筛查", f"{LAST}年两癌筛查"),
        ("女工", f"{LAST}年女工体检"),
        ("疗养", f"{LAST}年疗养"),
    ):
        assert campaign_label(replace(row, name=name)) == label
    empty = checkups.create_campaign(
        db, CampaignInput(year=LAST, name=f"{LAST}年教职工疗养", eligibility="manual", date_from=START, date_to=END)
    )
    for build in CHECKUP_REPORTS.values():
        report = build(db, empty, False, False)
        assert f"{LAST}年教职工疗养" in report.title
        export(report, tmp_path / "empty.pdf")
        assert (tmp_path / "empty.pdf").stat().st_size > 0
