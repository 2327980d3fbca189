"""Mappings in an import: what a plan was read with and what it could not place.

A plan (every area's) carries the mappings it was read with, the columns the user may
map (`column_choices`) and, through its refused rows, the coded values nobody knows
(`unknown_values`). The window offers both for choosing and plans again; the command
line prints them with the exact option to add. Applying a plan remembers its mappings
in the same transaction as the rows (services.import_mappings).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from unionapp.domain.errors import DomainError
from unionapp.domain.import_mapping import ImportMappings, mapping_key
from unionapp.domain.text import shown
from unionapp.importers.errors import RefusedRow, map_value_option
from unionapp.services.import_mappings import load_mappings, remember_mappings_in


class MappingError(DomainError):
    """A mapping the user wrote that can't be used; the message says what to write."""


@dataclass(frozen=True)
class UnknownGroup:
    """One coded value no known value matched, with the rows that have it."""

    field: str
    label: str
    text: str
    candidates: tuple[str, ...]
    rows: tuple[int, ...]

    def line(self, choices: Sequence[str] = ()) -> str:
        """ "科目“送温暖慰问”（3 行）无法识别，最接近：“维权支出/送温暖费”；可加 --map-value …";
        with no value near, the known `choices` and the option's form, as the window offers them."""
        where = f"（{len(self.rows)} 行）" if len(self.rows) > 1 else f"（第 {self.rows[0]} 行）"
        if not self.candidates and choices:
            known = "".join(f"“{c}”" for c in choices[:12]) + ("等" if len(choices) > 12 else "")
            return (
                f"{self.label}“{shown(self.text, 40)}”{where}无法识别，已有的{self.label}：{known}；"
                f"请加上 --map-value 写明是哪一个，如 {map_value_option(self.label, self.text, choices[0])}"
            )
        if not self.candidates:
            return f"{self.label}“{shown(self.text, 40)}”{where}无法识别，请改用已有的{self.label}"
        nearest = "".join(f"“{c}”" for c in self.candidates[:3])
        return (
            f"{self.label}“{shown(self.text, 40)}”{where}无法识别，最接近的是{nearest}；"
            f"如果是“{self.candidates[0]}”，请加上 {map_value_option(self.label, self.text, self.candidates[0])}"
        )


@dataclass(kw_only=True)
class MappedPlan:
    """What every import plan carries about mappings (a base of the area's plan)."""

    area: str = ""
    mapping: ImportMappings = field(default_factory=ImportMappings)  # what the plan was read with
    # The file's columns the user may map: (header as written, field or IGNORE), in file order.
    column_choices: list[tuple[str, str]] = field(default_factory=list)
    # Coded field → every known value it may be mapped to, for the window's drop-downs.
    value_choices: dict[str, list[str]] = field(default_factory=dict)

    def unknown_values(self) -> list[UnknownGroup]:
        """The coded values of the refused rows that no known value matched, one per text."""
        refused: Sequence[RefusedRow] = getattr(self, "refused", [])
        found: dict[tuple[str, str], tuple[object, list[int]]] = {}
        for row in refused:
            for unknown in row.unknown:
                entry = found.setdefault((unknown.field, mapping_key(unknown.text)), (unknown, []))
                entry[1].append(row.row_number)
        return [UnknownGroup(u.field, u.label, u.text, tuple(u.candidates), tuple(rows)) for u, rows in found.values()]


def remembered(db, area: str, mapping: ImportMappings | None) -> ImportMappings:
    """The mappings to read a file with: those given, else the ones remembered for the area."""
    return mapping if mapping is not None else load_mappings(db, area)


def mapped_value(mapping: ImportMappings, field_name: str, text: str) -> str:
    """A coded cell's text as the user mapped it, or as written."""
    return mapping.value(field_name, text) or text


def remember_in(session, plan: MappedPlan, headers: Mapping[str, Sequence[str]]) -> None:
    """Keep the plan's mappings for the next file of the area, in the import's transaction;
    `headers`, the area's header table, names the fields in the audit entry."""
    if plan.mapping:
        labels = {name: names[0] for name, names in headers.items()}
        remember_mappings_in(session, plan.area, plan.mapping, labels)
