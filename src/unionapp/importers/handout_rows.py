"""One row of a past handouts list (发放名单): the handout it belongs to (发放名称 and
发放日期, from the row or from what the user gave for the whole file), its kind (a label,
a word such as "三八" or "防暑", or the user's value mapping), the item and the value.
Pure reading: who the row names is the planner's (roster_match)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from unionapp.domain.dates import DateError, parse_date
from unionapp.domain.errors import DomainError
from unionapp.domain.handouts import HANDOUT_KIND_LABELS, HANDOUT_TEXTS
from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.money import parse_amount
from unionapp.domain.nearest import nearest
from unionapp.domain.text import shown
from unionapp.importers.errors import RowProblem, UnknownValue, collect, remembered_reason
from unionapp.importers.roster_match import norm
from unionapp.importers.workbook import as_text

KIND_LABEL = "发放类型"
KIND_CHOICES = list(HANDOUT_KIND_LABELS.values())
# Words old lists write for a kind, by code; in a longer text the longest word found wins.
KIND_WORDS = {
    "festival": ("节日", "过节", "春节", "元旦", "元宵", "端午", "中秋", "国庆", "重阳", "年货", "节日慰问品"),
    "birthday": ("生日", "生日慰问", "生日蛋糕", "生日礼物"),
    "summer": ("防暑", "降温", "高温", "夏季慰问", "防暑降温费"),
    "womens_day": ("三八", "38", "妇女节", "三八节", "女职工节"),
    "other": ("其它",),
}
BLANK_AMOUNTS = ("", "-", "—", "－", "/", "无")
NAME_LIMIT = HANDOUT_TEXTS["name"][1]
ITEM_LIMIT = HANDOUT_TEXTS["item"][1]


@dataclass(frozen=True)
class HandoutDefaults:
    """What the user gives for every row that does not say it itself: the command line's
    --name/--date/--kind/--category, or the window's questions. `kind` is a label or a
    code; `category` a fund category's name (its full name or its own)."""

    name: str = ""
    handout_date: date | None = None
    kind: str = ""
    category: str = ""


@dataclass(frozen=True)
class HandoutRow:
    """A row as read: the handout's key fields and the recipient's share."""

    handout: str
    handout_date: date
    kind: str  # a code of HANDOUT_KIND_LABELS
    item: str
    value_fen: int
    approver: str = ""
    approval_no: str = ""
    handler: str = ""


def _words() -> dict[str, str]:
    words = {norm(label): code for code, label in HANDOUT_KIND_LABELS.items()}
    for code, found in KIND_WORDS.items():
        for word in found:
            words.setdefault(norm(word), code)
    return words


_WORDS = _words()


def kind_in(text: str) -> str | None:
    """The kind a text names: a label or word, else the longest word it contains."""
    key = norm(text)
    if not key:
        return None
    if key in _WORDS:
        return _WORDS[key]
    hits = sorted(((len(w), code) for w, code in _WORDS.items() if w in key), reverse=True)
    return hits[0][1] if hits else None


def kind_code(text: str) -> str | None:
    """A code or a label (what --kind and the window give) as a code."""
    if text in HANDOUT_KIND_LABELS:
        return text
    return kind_in(text)


def read_kind(text: str, mapping: ImportMappings) -> str:
    """A 类型 cell as a kind code, the user's value mapping first; else UnknownValue."""
    target = mapping.value("kind", text)
    found = kind_in(target or text)
    if found is None or (target and norm(target) not in _WORDS):
        why = remembered_reason(KIND_LABEL, text, target) if target else ""
        raise UnknownValue("kind", KIND_LABEL, text, nearest(text, KIND_CHOICES) or KIND_CHOICES, why)
    return found


def read_date(value: object, today: date) -> date:
    try:
        day = parse_date(value)
    except DateError as err:
        raise RowProblem(str(err)) from None
    if day is None:
        raise RowProblem("没有填写发放日期")
    if day > today:
        raise RowProblem(f"发放日期 {day} 晚于今天；这里导入的是已经发放的记录，请核对日期")
    return day


def read_amount(value: object) -> int:
    """Per person, in fen; blank is 0 (goods whose value is not known)."""
    if value is None or (isinstance(value, str) and value.strip() in BLANK_AMOUNTS):
        return 0
    try:
        fen = parse_amount(value, "金额")
    except DomainError as err:
        raise RowProblem(str(err)) from None
    if fen < 0:
        raise RowProblem("金额不能为负数；如是退回的物品，请不要导入这一行")
    return fen


class RowReader:
    """Reads the handout fields of rows, with the defaults for what a row leaves out."""

    def __init__(self, defaults: HandoutDefaults, mapping: ImportMappings, today: date):
        self.defaults, self.mapping, self.today = defaults, mapping, today
        self.default_kind = kind_code(defaults.kind) if defaults.kind else None

    def read(self, cells: dict[str, object]) -> HandoutRow:
        reasons: list[str] = []
        unknown: list[UnknownValue] = []
        name = as_text(cells.get("handout"))[:NAME_LIMIT] or self.defaults.name[:NAME_LIMIT]
        if not name:
            reasons.append("没有填写发放名称")
        day = collect(reasons, lambda: self._date(cells.get("date")), unknown)
        kind = collect(reasons, lambda: self._kind(as_text(cells.get("kind")), name), unknown)
        value = collect(reasons, lambda: read_amount(cells.get("value")), unknown)
        item = as_text(cells.get("item"))[:ITEM_LIMIT]
        if value == 0 and not item:
            reasons.append("没有填写物品或金额")
        if reasons:
            raise RowProblem(*reasons, unknown=unknown)
        return HandoutRow(
            name,
            day,
            kind,
            item,
            value,
            as_text(cells.get("approver"))[:50],
            as_text(cells.get("approval_no"))[:50],
            as_text(cells.get("handler"))[:50],
        )

    def _date(self, value: object) -> date:
        if value is None:
            if self.defaults.handout_date is None:
                raise RowProblem("没有填写发放日期")
            return self.defaults.handout_date
        return read_date(value, self.today)

    def _kind(self, text: str, name: str) -> str:
        """The row's 类型, else the kind given for the file, else what the name says
        ("2024年三八节慰问品"), else 其他."""
        if text:
            return read_kind(text, self.mapping)
        return self.default_kind or kind_in(name) or "other"


def kind_problem(text: str) -> str:
    return f"发放类型“{shown(text)}”无法识别，可选：{'、'.join(KIND_CHOICES)}"
