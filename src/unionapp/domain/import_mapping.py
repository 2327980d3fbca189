"""What the user said a workbook's own words mean, for one import area.

A school's files keep their own headers ("所在工会小组") and their own names for coded
values ("送温暖慰问"). The user maps them once, in the import window or with
`--map`/`--map-value`; the mappings are remembered per database, so next year's file
from the same source imports without questions.

Keys are `mapping_key(text)`: the text as the user sees it, without spaces and in NFKC
(full-width letters and digits half-width), so "所在 工会小组" and "所在工会小组" are one.
A column remembered from last year's file is also found when this year's header only adds
or drops a note ("*所在工会小组（必填）"): `header_key` is what both reduce to.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .text import strip_unsafe

AREAS = ("members", "ledger", "visits", "checkups", "handouts", "activity", "delegates", "proposals", "hardship")
# What each importer is called in menus and messages (the kind of workbook it reads).
AREA_LABELS = {
    "members": "会员花名册",
    "ledger": "收支明细账",
    "visits": "五必访登记表",
    "checkups": "体检名单",
    "handouts": "发放名单",
    "activity": "活动报名表",
    "delegates": "教代会代表名单",
    "proposals": "提案汇总表",
    "hardship": "困难职工档案",
}
IGNORE = ""  # a column mapped to this is read by no field
MAX_HEADER_LENGTH = 100  # a longer cell is no column name (and is not normalised: regex cost)
# Brackets hold notes such as "(18位)" or "（必填）"; NFKC has already made them half-width.
_BRACKETED = re.compile(r"\(.*?\)|\[.*?\]|【.*?】|〔.*?〕")
_NOISE = re.compile(r"[\s*＊:：]")


def mapping_key(text: object) -> str:
    return "".join(unicodedata.normalize("NFKC", strip_unsafe(str(text))).split())


def header_key(text: object) -> str:
    """ "*身份证号码\\n(18位)" -> "身份证号码"; "姓  名" -> "姓名": a header without its notes."""
    text = str(text)
    if len(text) > MAX_HEADER_LENGTH:
        return text  # matches no alias; the bracket pattern would backtrack on "((((…"
    clean = unicodedata.normalize("NFKC", strip_unsafe(text))
    clean = _BRACKETED.sub("", clean)
    return _NOISE.sub("", clean)


@dataclass
class ImportMappings:
    """Mappings of one area. `columns`: header key → field name, or IGNORE. `values`:
    field name → {value key → target}, the target as the user would write it (a
    category's full name, a visit type's name, a group's name, a status label)."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def column(self, header: object) -> str | None:
        """The field a header is mapped to, IGNORE, or None when not mapped: by its exact
        text first, else by a remembered header that differs only in notes ("*", "（必填）")."""
        found = self.columns.get(mapping_key(header))
        if found is not None:
            return found
        loose = header_key(header)
        matches = {target for source, target in self.columns.items() if header_key(source) == loose}
        return matches.pop() if len(matches) == 1 else None  # two different answers: ask again

    def value(self, field_name: str, text: object) -> str | None:
        """The target a cell's text is mapped to, or None when not mapped."""
        return self.values.get(field_name, {}).get(mapping_key(text))

    def set_column(self, header: object, field_name: str) -> None:
        self.columns[mapping_key(header)] = field_name

    def set_value(self, field_name: str, text: object, target: str) -> None:
        self.values.setdefault(field_name, {})[mapping_key(text)] = target

    def merged(self, other: ImportMappings) -> ImportMappings:
        """These mappings with `other`'s on top (what the user just chose wins)."""
        values = {f: dict(v) for f, v in self.values.items()}
        for f, v in other.values.items():
            values.setdefault(f, {}).update(v)
        return ImportMappings({**self.columns, **other.columns}, values)

    def __bool__(self) -> bool:
        return bool(self.columns or any(self.values.values()))
