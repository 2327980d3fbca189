"""The columns of a members workbook and how each cell becomes a MemberInput value."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from unionapp.domain.dates import DateError, parse_date
from unionapp.domain.labels import MEMBER_FIELD_LABELS
from unionapp.domain.members import MemberInput
from unionapp.domain.money import MoneyError, parse_amount
from unionapp.domain.text import shown
from unionapp.importers.workbook import as_text

# Field → header names seen in real workbooks, best first. Order matters: the
# group takes 部门 only when no 工会小组/小组 column exists; otherwise 部门 is
# left for the department.

FIELD_LABELS = MEMBER_FIELD_LABELS  # Chinese names of the fields, for "changed fields" and messages

DATE_FIELDS = ("birth_date", "work_start_date", "join_union_date", "hardship_since")
# The longest text each free-text field may hold (the database columns' sizes; a note is
# Text, but a 1 MB cell would not export: Excel keeps 32,767 characters).
TEXT_LIMITS = {
    "group_name": 50,
    "department": 100,
    "title": 50,
    "ethnicity": 20,
    "political_status": 20,
    "native_province": 20,
    "notes": 2000,
}

# Words people write that the domain labels don't know, mapped to a label they do.
_STATUS_WORDS = {
    "已退休": "退休",
    "退休人员": "退休",
    "离退休": "退休",
    "退休职工": "退休",
    "离职": "调出",
    "辞职": "调出",
    "已调出": "调出",
    "调走": "调出",
    "调动": "调出",
    "病故": "去世",
    "已去世": "去世",
    "逝世": "去世",
    "过世": "去世",
    "正常": "在职",
    "在编": "在职",
    "在职在岗": "在职",
}
_HARDSHIP_WORDS = {"是": "困难", "不是": "否", "无": "否", "一般困难": "困难", "特别困难": "特困"}
_YES = {"是", "会员", "工会会员", "y", "yes", "√", "✓", "1", "true"}
_NO = {"否", "不是", "非会员", "n", "no", "×", "x", "0", "false"}


class CellError(ValueError):
    """A cell that can't be read; the message is Chinese and names the column."""


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def _status(value: object) -> str:
    text = as_text(value)
    return _STATUS_WORDS.get(_key(text), text)


status_word = _status  # what a status cell says, in a word the domain labels know (or as written)


def _hardship(value: object) -> str:
    text = as_text(value)
    return _HARDSHIP_WORDS.get(_key(text), text)


def _yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    key = _key(as_text(value))
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError(f"是否会员“{shown(value)}”无法识别，请填“是”或“否”")


def _date_reader(field: str) -> Callable[[object], object]:
    def read(value: object) -> object:
        try:
            return parse_date(value)
        except DateError as err:
            raise CellError(f"{FIELD_LABELS[field]}：{err}") from None

    return read


def _text_reader(field: str, limit: int) -> Callable[[object], str]:
    def read(value: object) -> str:
        text = value.strip() if type(value) is str else as_text(value)  # as_text, without its type tests
        if len(text) > limit:
            raise CellError(f"{FIELD_LABELS[field]}太长（最多 {limit} 个字，这里有 {len(text)} 个字），请删减")
        return text

    return read


def _base_pay(value: object) -> int:
    try:
        return parse_amount(value, "月基本工资")
    except MoneyError as err:
        raise CellError(str(err)) from None


_READERS: dict[str, Callable[[object], object]] = {
    "base_pay_fen": _base_pay,
    # A number (int or float) goes to the domain as it is: only an old 15-digit ID survives
    # being stored as a number; 16 or more digits are refused as lost, whatever the checksum.
    "id_number": lambda value: value,
    "status": _status,
    "hardship_level": _hardship,
    "is_union_member": _yes_no,
    **{f: _date_reader(f) for f in DATE_FIELDS},
    **{f: _text_reader(f, limit) for f, limit in TEXT_LIMITS.items()},
}


def read_member_cells(cells: dict[str, object]) -> tuple[MemberInput, set[str], list[str]]:
    """A row's cells → (unvalidated MemberInput, fields the row provides, problems).

    A blank cell provides nothing: an update keeps the member's current value.
    Every cell is read, so a row reports all of its problems at once.
    """
    values: dict[str, object] = {}
    problems: list[str] = []
    for field, raw in cells.items():
        if raw is None:
            continue
        reader = _READERS.get(field)
        try:
            if reader is None:  # as_text, without its type tests for the commonest cell
                values[field] = raw.strip() if type(raw) is str else as_text(raw)
            else:
                values[field] = reader(raw)
        except CellError as err:
            problems.append(str(err))
    provided = set(values)
    return MemberInput(**values), provided, problems
