"""The five must-visits reports read back from the files: 五必访登记表, 慰问金发放签收表
and 年度五必访统计表. Every figure is recomputed from the visits service; warnings and
their reasons must be printed; the receipts sheet has a tall, empty 领取人签字 column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from unionapp import config
from unionapp.cli.exports import VISIT_REPORTS, cli_period
from unionapp.db.opening import open_database
from unionapp.domain.idcard import make_id_number
from unionapp.domain.members import MemberInput
from unionapp.reports.files import Ticker
from unionapp.reports.output import export
from unionapp.reports.pdf_layout import layout
from unionapp.reports.visits import (
    FILE_STEMS,
    SIGN_ROW_PT,
    period_label,
    receipts_report,
    register_report,
    summary_report,
)
from unionapp.services import members, settings, visits
from unionapp.services.visits import VisitFilter, VisitInput

from .conftest import needs_poppler, pdf_page_size, pdf_text, run

UNION = "阳光中学工会委员会"
LAST = date.today().year - 1
NOV = (date(LAST, 11, 1), date(LAST, 11, 30))
ZHANG_ID = make_id_number("340102", date(1980, 3, 4), 11, "M")
OVER_REASON = "住院时间长，经工会委员会研究同意"


def build_register(db) -> dict[str, int]:
    settings.save(db, settings.UnionSettings(union_name=UNION, chair_name="王建国"))
    people = {
        name: members.add_member(
            db,
            MemberInput(
                name=name,
                gender=g,
                birth_date=date(1980 + i, 3, 4),
                group_name=group,
                id_number=ZHANG_ID if i == 0 else "",
            ),
        )
        for i, (name, g, group) in enumerate(
            [("张伟", "M", "高中组"), ("李娜", "F", "初中组"), ("王芳", "F", "小学组"), ("赵强", "M", "行政后勤组")]
        )
    }
    types = {t.code: t.id for t in visits.list_types(db)}

    def add(who, code, day, money=0, **kw):
        kw.setdefault("visitors", "王建国、李秀英")
        kw.setdefault("approver", "王建国" if money else "")
        return visits.add_visit(db, VisitInput(people[who], types[code], day, money_fen=money, **kw))

    add("张伟", "hospital", date(LAST, 10, 30), 30_000, reason="肺炎住院")  # before the month
    add("张伟", "hospital", date(LAST, 11, 3), 30_000, reason="阑尾炎手术住院", approval_no=f"工慰〔{LAST}〕12号")
    add("李娜", "childbirth", date(LAST, 11, 10), 30_000, reason="生育一女", notes="符合生育政策")
    add("王芳", "hospital", date(LAST, 11, 15), 50_000, reason="骨折住院", warning_reason=OVER_REASON)
    add("赵强", "wedding", date(LAST, 11, 20), 50_000, reason="新婚", gift="床上用品", gift_value_fen=20_000)
    add("张伟", "bereavement", date(LAST, 11, 25), 80_000, reason="父亲病故", for_family=True)
    add("赵强", "mood", date(LAST, 11, 26), reason="谈心谈话")
    add("李娜", "retirement", date(LAST, 11, 28), 50_000, status="planned", reason="光荣退休")
    return people


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    folder = tmp_path_factory.mktemp("visits")
    db = open_database(config.database_url(str(folder / "union.db")))
    build_register(db)
    yield db, folder
    db.dispose()


def sheet_values(path) -> list[tuple]:
    return [tuple(r) for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)]


def fen(value) -> int:
    assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    return round(value * 100)


def table(values: list[tuple], first_header: str) -> tuple[tuple, list[tuple], tuple]:
    """(header, body rows, totals row) of an exported sheet."""
    start = next(i for i, r in enumerate(values) if r[0] == first_header)
    end = next(i for i, r in enumerate(values) if r[0] == "合计")
    return values[start], values[start + 1 : end], values[end]


def done_in_november(db):
    return visits.list_visits(db, VisitFilter(date_from=NOV[0], date_to=NOV[1], status="done"))


# ---------------------------------------------------------------- 五必访登记表


def test_register_xlsx_lists_the_month_with_totals_of_the_money_given(register):
    db, folder = register
    path = folder / "register.xlsx"
    export(register_report(db, *NOV), path)
    values = sheet_values(path)
    assert values[0][0] == f"{UNION}{LAST}年11月五必访登记表"
    header, body, totals = table(values, "序号")
    assert header == (
        "序号",
        "日期",
        "姓名",
        "工会小组",
        "类型",
        "事由",
        "走访人",
        "慰问金",
        "慰问品",
        "慰问品价值",
        "审批人",
        "审批编号",
        "状态",
        "备注",
    )
    in_month = visits.list_visits(db, VisitFilter(date_from=NOV[0], date_to=NOV[1]))
    assert (
        [r[2] for r in body]
        == [v.member_name for v in in_month]
        == ["张伟", "李娜", "王芳", "赵强", "张伟", "赵强", "李娜"]
    )
    assert [r[1].date() for r in body] == [v.visit_date for v in in_month]  # real dates, not text
    assert body[0][3:7] == ("高中组", "生病住院", "阑尾炎手术住院", "王建国、李秀英")
    assert fen(body[0][7]) == 30_000 and body[0][11] == f"工慰〔{LAST}〕12号"
    done = done_in_november(db)
    assert fen(totals[7]) == sum(v.money_fen for v in done) == 240_000
    assert fen(totals[9]) == sum(v.gift_value_fen for v in done) == 20_000
    assert sum(fen(r[7]) for r in body if r[7] is not None) == fen(totals[7])


def test_register_prints_the_warning_and_its_reason_and_the_planned_money(register):
    db, folder = register
    path = folder / "register-notes.xlsx"
    export(register_report(db, *NOV), path)
    _header, body, _totals = table(sheet_values(path), "序号")
    by_name = {(r[2], r[4]): r for r in body}
    over = by_name[("王芳", "生病住院")]
    assert over[13].startswith("超标准：慰问金 500.00 元与标准 300.00 元不同")
    assert f"理由：{OVER_REASON}" in over[13]
    planned = by_name[("李娜", "退休")]
    assert planned[12] == "待访" and planned[7] is None and "拟发慰问金 500.00 元" in planned[13]
    assert "慰问家属" in by_name[("张伟", "直系亲属去世")][13]
    assert by_name[("赵强", "思想情绪波动")][7] is None
    # Excel and LibreOffice do not grow a row to fit its text: the long remark's row is sized.
    ws = openpyxl.load_workbook(path).worksheets[0]
    number = next(r[0].row for r in ws.iter_rows() if r[2].value == "王芳")
    assert ws.row_dimensions[number].height >= 30


def test_register_has_no_id_numbers(register):
    db, folder = register
    path = folder / "register-ids.csv"
    export(register_report(db, *NOV), path)
    text = path.read_text(encoding="utf-8-sig")
    assert "张伟" in text and ZHANG_ID not in text and ZHANG_ID[-4:] not in text


@needs_poppler
def test_register_pdf_is_landscape_with_extractable_chinese(register):
    db, folder = register
    path = folder / "register.pdf"
    export(register_report(db, *NOV), path)
    text = pdf_text(path)
    assert f"{UNION}{LAST}年11月五必访登记表" in text
    for word in ("骨折住院", "父亲病故", "待访", "2,400.00", "制表人：", "第1页共1页"):
        assert word in text, word
    width, height = pdf_page_size(path)
    assert width > height
    # The 备注 column alone (cropped by its edges), so its wrapped lines read in order.
    plan = layout(register_report(db, *NOV), Ticker(0, None, None))
    left, right = plan.col_x[-2], plan.col_x[-1]
    notes = run(
        "pdftotext",
        "-x",
        str(int(left) + 1),
        "-y",
        "0",
        "-W",
        str(int(right - left) - 2),
        "-H",
        str(int(height)),
        "-enc",
        "UTF-8",
        str(path),
        "-",
    )
    flat = "".join(notes.split())
    assert f"超标准：慰问金500.00元与标准300.00元不同；理由：{OVER_REASON}" in flat
    assert "拟发慰问金500.00元" in flat


# ---------------------------------------------------------------- 慰问金发放签收表


def test_receipts_xlsx_has_one_row_per_paid_visit_and_an_empty_signature_column(register):
    db, folder = register
    path = folder / "receipts.xlsx"
    export(receipts_report(db, *NOV), path)
    values = sheet_values(path)
    assert values[0][0] == f"{UNION}{LAST}年11月慰问金发放签收表"
    header, body, totals = table(values, "序号")
    assert header == ("序号", "姓名", "工会小组", "类型", "日期", "慰问金（元）", "领取人签字", "备注")
    paid = [v for v in done_in_november(db) if v.money_fen]
    assert [(r[1], r[3], r[4].date(), fen(r[5])) for r in body] == [
        (v.member_name, v.type_name, v.visit_date, v.money_fen) for v in paid
    ]
    assert len(body) == 5 and all(r[6] is None for r in body)  # the planned one and the talk are not here
    assert fen(totals[5]) == sum(v.money_fen for v in paid) == 240_000
    ws = openpyxl.load_workbook(path).worksheets[0]
    first = next(i for i, r in enumerate(values, start=1) if r[0] == "序号") + 1
    assert all(ws.row_dimensions[first + i].height >= SIGN_ROW_PT for i in range(len(body)))
    assert ws.column_dimensions["G"].width >= 20  # room to write a name


def test_receipts_report_rows_are_tall_enough_to_sign(register):
    db, _folder = register
    report = receipts_report(db, *NOV)
    plan = layout(report, Ticker(0, None, None))
    body = [r for page in plan.pages for r in page.rows if r.kind == "body"]
    assert len(body) == 5 and min(r.height for r in body) >= SIGN_ROW_PT
    sign = [c.key for c in report.columns].index("sign")
    assert plan.col_x[sign + 1] - plan.col_x[sign] >= 110  # about 4 cm


@needs_poppler
def test_receipts_pdf_text_and_signature_lines(register):
    db, folder = register
    path = folder / "receipts.pdf"
    export(receipts_report(db, *NOV), path)
    text = pdf_text(path)
    for word in (
        "慰问金发放签收表",
        "领取人签字",
        "张伟",
        "直系亲属去世",
        "800.00",
        "2,400.00",
        "经办人：",
        "审批人：",
        "工会主席：",
    ):
        assert word in text, word
    assert "谈心谈话" not in text and "光荣退休" not in text
    width, height = pdf_page_size(path)
    assert height > width


# ---------------------------------------------------------------- 年度五必访统计表


def test_summary_by_type_and_group_adds_up_to_the_year(register):
    db, folder = register
    path = folder / "summary.xlsx"
    export(summary_report(db, LAST), path)
    values = sheet_values(path)
    assert values[0][0] == f"{UNION}{LAST}年五必访统计表"
    rows = {str(r[0]).strip("　"): r for r in values if isinstance(r[0], str)}
    year = visits.list_visits(db, VisitFilter(date_from=date(LAST, 1, 1), date_to=date(LAST, 12, 31), status="done"))
    for section in ("一、按走访类型", "二、按工会小组"):
        head = rows[section]
        assert head[1] == len(year) == 7
        assert fen(head[2]) == sum(v.money_fen for v in year) == 270_000
        assert fen(head[3]) == sum(v.gift_value_fen for v in year) == 20_000
    assert (rows["生病住院"][1], fen(rows["生病住院"][2])) == (3, 110_000)
    assert (rows["结婚"][1], fen(rows["结婚"][2]), fen(rows["结婚"][3])) == (1, 50_000, 20_000)
    assert rows["生日"][1] == 0  # every active type is listed
    assert (rows["高中组"][1], fen(rows["高中组"][2])) == (3, 140_000)
    assert (rows["初中组"][1], fen(rows["初中组"][2])) == (1, 30_000)  # the planned retirement is not counted
    assert "图表数据" in openpyxl.load_workbook(path).sheetnames


def test_summary_charts_show_the_table_figures(register):
    db, _folder = register
    report = summary_report(db, LAST)
    by_type, by_group = report.charts
    assert by_type.kind == "bar" and "思想情绪波动" in by_type.labels and "生日" not in by_type.labels
    assert dict(zip(by_type.labels, by_type.series[0][1]))["生病住院"] == Decimal("1100.00")
    assert by_group.kind == "pie" and sum(by_group.series[0][1]) == Decimal("2700.00")


@needs_poppler
def test_summary_pdf_text(register):
    db, folder = register
    path = folder / "summary.pdf"
    export(summary_report(db, LAST), path)
    text = pdf_text(path)
    for word in ("五必访统计表", "一、按走访类型", "二、按工会小组", "2,700.00", "各类型慰问金", "工会主席："):
        assert word in text, word


def test_an_empty_period_still_makes_every_report(register, tmp_path):
    db, _folder = register
    empty = (date(LAST - 5, 1, 1), date(LAST - 5, 1, 31))
    assert register_report(db, *empty).rows == () and receipts_report(db, *empty).rows == ()
    export(summary_report(db, LAST - 5), tmp_path / "empty.pdf")
    assert (tmp_path / "empty.pdf").stat().st_size > 0


# ---------------------------------------------------------------- periods and the command line's names


@pytest.mark.parametrize(
    "start, end, label",
    [
        (date(2026, 1, 1), date(2026, 12, 31), "2026年"),
        (date(2026, 11, 1), date(2026, 11, 30), "2026年11月"),
        (date(2026, 3, 1), date(2026, 5, 31), "2026年3月1日至5月31日"),
        (date(2025, 9, 1), date(2026, 8, 31), "2025年9月1日至2026年8月31日"),
    ],
)
def test_period_labels(start, end, label):
    assert period_label(start, end) == label


def test_cli_periods_default_to_this_month():
    today = date(2026, 2, 10)
    assert cli_period(None, None, None, today) == (date(2026, 2, 1), date(2026, 2, 28))
    assert cli_period(2025, None, None, today) == (date(2025, 1, 1), date(2025, 12, 31))
    assert cli_period(None, date(2025, 3, 1), None, today) == (date(2025, 3, 1), date(2025, 12, 31))
    assert cli_period(None, None, date(2025, 3, 1), today) == (date(2025, 1, 1), date(2025, 3, 1))


def test_visit_reports_names_and_file_stems(register):
    db, _folder = register
    assert set(VISIT_REPORTS) == set(FILE_STEMS) == {"visits", "visit-receipts", "visit-summary"}
    assert VISIT_REPORTS["visits"](db, LAST, None, None).title == f"{UNION}{LAST}年五必访登记表"
    assert VISIT_REPORTS["visit-receipts"](db, None, *NOV).title == f"{UNION}{LAST}年11月慰问金发放签收表"
    assert VISIT_REPORTS["visit-summary"](db, None, date(LAST, 5, 1), None).title == f"{UNION}{LAST}年五必访统计表"
