"""Property tests: every cell parser the importers use takes any value a workbook (or a
careless form) can hand it and returns a value or a short Chinese refusal (a
DomainError), never another exception, and never a value that breaks what follows."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from unionapp.domain.dates import DateError, parse_date
from unionapp.domain.errors import DomainError
from unionapp.domain.idcard import IdNumberError, normalize_id_number, parse_id_number
from unionapp.domain.members import MemberError, validate_member
from unionapp.domain.money import MAX_FEN, MoneyError, parse_amount
from unionapp.domain.phone import PhoneError, validate_mobile
from unionapp.importers.checkups import read_result
from unionapp.importers.headers import MEMBER_HEADERS
from unionapp.importers.ledger_categories import RowProblem
from unionapp.importers.member_fields import read_member_cells
from unionapp.importers.workbook import as_text, clean_cell, normalize_header
from unionapp.services.checkups import CampaignRow, PersonRow

from .hostile import CJK, XML_ILLEGAL, big_text, parser_input

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TODAY = date(2026, 3, 1)
MAX_MESSAGE = 300  # a refusal is one readable line, whatever the cell held
UNSAFE = re.compile("[" + re.escape(XML_ILLEGAL) + "\u202a-\u202e\u2066-\u2069\u200b\ufeff\ud800-\udfff]")
ASCII_ID = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)


def refused_politely(err: DomainError) -> None:
    message = str(err)
    assert CJK.search(message), message
    assert len(message) <= MAX_MESSAGE, f"{len(message)} characters: {message[:120]}…"
    assert not UNSAFE.search(message), repr(message[:200])


@PROPERTY
@given(parser_input())
@example(float("inf")).via("Decimal(inf).quantize raised InvalidOperation")
@example("1e100").via("quantize beyond the context precision raised InvalidOperation")
@example("sNaN").via("comparing a signalling NaN raised InvalidOperation")
@example("nan").via("NaN was called 'more than two decimals'")
@example("1" * 5_000)
def test_amounts(value):
    try:
        fen = parse_amount(value, "金额")
    except MoneyError as err:
        refused_politely(err)
    else:
        assert isinstance(fen, int) and abs(fen) < MAX_FEN


@PROPERTY
@given(parser_input())
@example("张" * 32_767)
@example("\x1b[2J1985-03-12")
def test_dates(value):
    try:
        day = parse_date(value)
    except DateError as err:
        refused_politely(err)
    else:
        assert day is None or type(day) is date


@PROPERTY
@given(parser_input())
@example(float("nan")).via("'NAN'.split('E') left one part: ValueError")
@example(float("-inf"))
@example(10**400).via("float(10**400) raised OverflowError")
@example("𐩀" * 15).via("str.isdigit() accepted Kharosthi digits, int() refused them")
@example("٣٤٠١٠٢١٩٨٠٠٥٠٦١١١٥").via("Arabic-Indic digits were a valid ID number")
def test_id_numbers(value):
    try:
        info = parse_id_number(value, TODAY)
    except IdNumberError as err:
        refused_politely(err)
    else:
        assert ASCII_ID.fullmatch(info.number), info.number
        assert info.birth_date <= TODAY and info.gender in ("M", "F")


@PROPERTY
@given(parser_input())
def test_normalizing_an_id_number_is_text_or_a_refusal(value):
    try:
        assert isinstance(normalize_id_number(value), str)
    except IdNumberError as err:
        refused_politely(err)


@PROPERTY
@given(parser_input())
@example("1３８１２３４５６７８")
@example("1٣٨١٢٣٤٥٦٧٨").via("Arabic-Indic digits passed as a mobile number")
@example(1e300)
def test_phones(value):
    try:
        number = validate_mobile(value)
    except PhoneError as err:
        refused_politely(err)
    else:
        assert re.fullmatch(r"1[0-9]{10}", number, re.ASCII), number


@PROPERTY
@given(st.dictionaries(st.sampled_from(list(MEMBER_HEADERS)), parser_input(), max_size=8))
def test_a_member_row_is_a_member_or_its_problems(cells):
    """read_member_cells collects problems instead of raising; validate_member refuses
    with one short line per problem; what passes fits the database's columns."""
    cells = {f: clean_cell(v) for f, v in cells.items()}  # as Sheet.rows hands them over
    data, provided, problems = read_member_cells(cells)
    for problem in problems:
        assert CJK.search(problem) and len(problem) <= MAX_MESSAGE, problem[:200]
    assert provided <= set(cells)
    try:
        clean = validate_member(data, TODAY)
    except MemberError as err:
        for problem in err.problems:
            assert CJK.search(problem) and len(problem) <= MAX_MESSAGE, problem[:200]
        return
    if not problems:
        assert 0 < len(clean.name) <= 50
        for text in (clean.name, clean.department, clean.title, clean.notes, clean.group_name):
            assert not UNSAFE.search(text), repr(text[:100])


@PROPERTY
@given(parser_input())
@example("张\x00三")
@example("\u202e三张")
@example("\ufeff李四\u200b")
def test_cleaned_cells_are_safe_to_store_and_export(value):
    cleaned = clean_cell(value)
    if isinstance(cleaned, str):
        assert cleaned and cleaned == cleaned.strip()
        assert not UNSAFE.search(cleaned), repr(cleaned[:100])
    text = as_text(cleaned)
    assert isinstance(text, str)


@given(big_text())
@settings(max_examples=10, deadline=None)
def test_header_normalizing_takes_enormous_cells(text):
    """ "(" * 5,000 made the bracket regex backtrack quadratically (seconds per cell); the
    suite's run time shows a regression, the result must stay a string."""
    assert isinstance(normalize_header(text), str)


CAMPAIGN = CampaignRow(
    1,
    2025,
    "年度体检",
    "all_active",
    None,
    "市医院",
    "",
    date(2025, 3, 1),
    date(2025, 5, 31),
    50_000,
    None,
    "union",
    None,
    "",
    1,
    0,
    0,
    1,
)
PERSON = PersonRow(1, 1, "李娜", "F", None, "", "", "", "pending", None, "", "", "")


@PROPERTY
@given(st.dictionaries(st.sampled_from(["status", "date", "followup", "reason", "notes"]), parser_input(), max_size=5))
def test_a_checkup_result_is_read_or_refused(cells):
    cells = {f: clean_cell(v) for f, v in cells.items()}
    try:
        result = read_result(cells, PERSON, CAMPAIGN, TODAY)
    except RowProblem as problem:
        for reason in problem.reasons:
            assert CJK.search(reason) and len(reason) <= MAX_MESSAGE, reason[:200]
        return
    if result is not None:
        assert result.status in ("done", "followup", "absent")
        assert len(result.reason) <= 200


@pytest.mark.parametrize(
    "parse, label",
    [(parse_date, "日期"), (lambda v: parse_amount(v, "慰问金"), "慰问金"), (parse_id_number, "身份证号")],
)
@pytest.mark.parametrize("error", ["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", " #num! "])
def test_excel_error_values_are_named_as_such(parse, label, error):
    """A failed formula (VLOOKUP's #N/A in an ID column, #REF! after deleting a sheet)
    is told as what it is, not as a badly written value."""
    with pytest.raises(DomainError) as refused:
        parse(error)
    assert str(refused.value).startswith(f"{label}是 Excel 的错误值“{error.strip()}”"), str(refused.value)
