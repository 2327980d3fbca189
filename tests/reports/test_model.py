"""The report description: masking once for every output, exact money, totals, orientation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from unionapp.reports.model import Column, Report, cell_text, display_width, is_landscape

from .conftest import MONEY_COLUMNS, money_report

ID = "110101199003071234"
PEOPLE = (Column("name", "姓名"), Column("id", "身份证号", "id", 18), Column("phone", "手机号", "phone", 11))


def people(full_id: bool) -> Report:
    return Report("名单", PEOPLE, [("张三", ID, "13812345678"), ("李四", "", None)], full_id=full_id)


def test_ids_and_phones_are_masked_unless_full_id_is_asked_for():
    assert people(False).rows == (("张三", "110101********1234", "138****5678"), ("李四", "", None))
    assert people(True).rows[0] == ("张三", ID, "13812345678")


def test_money_is_exact_from_fen_or_decimal_and_summed():
    report = money_report()
    assert [r[3] for r in report.rows] == [Decimal("1234.50"), Decimal("1000.05")]
    assert report.totals == {"amount": Decimal("2234.55")}
    assert report.totals_row == ("合计", None, None, Decimal("2234.55"), None)
    assert cell_text(MONEY_COLUMNS[3], Decimal("1234567.5")) == "1,234,567.50"
    assert cell_text(MONEY_COLUMNS[3], Decimal("1234.5"), grouped=False) == "1234.50"


def test_float_money_is_refused():
    with pytest.raises(TypeError):
        money_report([(1, "x", None, 12.5, "")])


def test_totals_can_be_given_or_switched_off():
    assert money_report(totals={}).totals_row is None
    given = money_report(totals={"amount": 100, "memo": "见附件"})
    assert given.totals_row == ("合计", None, None, Decimal("1.00"), "见附件")
    names_only = Report("名单", PEOPLE, [("张三", ID, "13812345678")])
    assert names_only.totals_row is None  # no money column: no totals row


def test_rows_must_match_the_columns():
    with pytest.raises(ValueError):
        Report("名单", PEOPLE, [("张三",)])


def test_cell_text_and_widths():
    assert cell_text(Column("d", "日期", "date"), date(2026, 1, 5)) == "2026-01-05"
    assert cell_text(Column("p", "执行率", "percent"), Decimal("0.875")) == "87.5%"
    assert cell_text(Column("n", "备注"), None) == ""
    assert display_width("张三ab") == 6


def test_orientation_follows_the_width_of_the_columns():
    narrow = Report("名单", PEOPLE, [])
    wide = Report("名单", tuple(Column(f"c{i}", f"列{i}", width=12) for i in range(12)), [])
    assert not is_landscape(narrow)
    assert is_landscape(wide)
    assert not is_landscape(Report("名单", wide.columns, [], orientation="portrait"))
    assert people(False).info_line == "制表日期：" + date.today().isoformat()
