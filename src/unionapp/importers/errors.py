"""Import failures, with Chinese messages naming the row and the fix.

Every importer follows one contract: `plan_<area>_import` reads the workbook into a
typed plan whose refused rows are `RefusedRow`s (a row's checks raise `RowProblem`,
gathered with `collect` so every problem is told at once); `apply_<area>_import`
first calls `refuse_unless_skipped`, then writes the plan in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from unionapp.domain.errors import DomainError
from unionapp.domain.text import shown

T = TypeVar("T")


class ImportFileError(DomainError):
    """The file as a whole can't be read: not a workbook, encrypted, no header row..."""


@dataclass
class RefusedRow:
    row_number: int  # the worksheet's own row number, as Excel shows it
    name: str
    reasons: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        who = f"（{shown(self.name, 20)}）" if self.name else ""
        return [f"第 {self.row_number} 行{who}：{reason}" for reason in self.reasons]


class ImportRefused(DomainError):
    """Some rows are wrong, so nothing was written."""

    def __init__(self, refused: list[RefusedRow]):
        self.refused = refused
        super().__init__(f"有 {len(refused)} 行数据有问题，整个文件没有导入。请改正后重新导入，或选择跳过有问题的行。")

    def lines(self) -> list[str]:
        return [line for row in self.refused for line in row.lines()]


class RowProblem(Exception):
    """A row cannot be imported; `reasons` are Chinese sentences without the row number."""

    def __init__(self, *reasons: str):
        super().__init__(*reasons)
        self.reasons = list(reasons)


def collect(reasons: list[str], read: Callable[[], T]) -> T | None:
    """Run one check; its problems join the row's list so every problem is told at once."""
    try:
        return read()
    except RowProblem as problem:
        reasons.extend(problem.reasons)
        return None


def problem_lines(refused: Sequence[RefusedRow]) -> list[str]:
    """One Chinese line per problem: "第 12 行（张三）：身份证号校验位不正确（应为 X）"."""
    return [line for row in refused for line in row.lines()]


def refuse_unless_skipped(refused: list[RefusedRow], skip_errors: bool) -> None:
    """All or nothing: any refused row refuses the whole file, unless the user chose to skip them."""
    if refused and not skip_errors:
        raise ImportRefused(refused)
