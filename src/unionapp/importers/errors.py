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
    unknown: list[UnknownValue] = field(default_factory=list)  # coded cells the user may map

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
    """A row cannot be imported; `reasons` are Chinese sentences without the row number.
    `unknown`: the coded cells among the reasons that a value mapping would resolve."""

    def __init__(self, *reasons: str, unknown: Sequence[UnknownValue] = ()):
        super().__init__(*reasons)
        self.reasons = list(reasons)
        self.unknown = list(unknown)


class UnknownValue(RowProblem):
    """A coded cell (科目, 走访类型, 人员状态, 是否体检…) that names nothing known.

    `field` is the importer's field name, `label` its Chinese name, `text` the cell as
    written, `candidates` the known values nearest first (what the user may map it to).
    The reason names the nearest ones and the command-line option that maps the value."""

    def __init__(self, field: str, label: str, text: str, candidates: Sequence[str], reason: str = ""):
        self.field, self.label, self.text = field, label, text
        self.candidates = list(candidates)
        super().__init__(reason or unknown_reason(label, text, self.candidates), unknown=[self])


def map_value_option(label: str, text: str, target: str) -> str:
    """The exact command-line option that maps `text` of the field `label` to `target`."""
    return _option("--map-value", f"{label}:{text}={target}")


def map_column_option(header: str, label: str) -> str:
    """The exact command-line option that reads the column `header` as the field `label`."""
    return _option("--map", f"{header}={label}")


def _option(name: str, spec: str) -> str:
    escaped = spec.replace("\\", "\\\\").replace('"', '\\"')
    return f'{name} "{escaped}"'


def remembered_reason(label: str, text: str, target: str) -> str:
    """A remembered mapping whose target is gone (deleted or renamed since)."""
    return (
        f"对应“{shown(text, 40)}”→“{shown(target, 40)}”不能用：没有可用的{label}“{shown(target, 40)}”"
        f"（可能写错了，或已删除、改名、停用）。请在导入窗口中重新选择，或在“导入对应关系”中修改"
    )


def unknown_reason(label: str, text: str, candidates: Sequence[str]) -> str:
    """ "无法识别的科目“送温暖慰问”，最接近的是“维权支出/送温暖费”“…”，请选择对应的科目"; the
    window offers the choice, the command line prints the --map-value to add (once per value)."""
    text = shown(text, 40)
    if not candidates:
        return f"无法识别的{label}“{text}”，请改用已有的{label}，或先在程序中添加它"
    nearest = "".join(f"“{c}”" for c in candidates[:3])
    return f"无法识别的{label}“{text}”，最接近的是{nearest}，请选择对应的{label}"


def collect(reasons: list[str], read: Callable[[], T], unknown: list[UnknownValue] | None = None) -> T | None:
    """Run one check; its problems join the row's list so every problem is told at once
    (and its unknown coded values `unknown`, when given)."""
    if unknown is None:
        unknown = []
    try:
        return read()
    except RowProblem as problem:
        reasons.extend(problem.reasons)
        unknown.extend(problem.unknown)
        return None


def problem_lines(refused: Sequence[RefusedRow]) -> list[str]:
    """One Chinese line per problem: "第 12 行（张三）：身份证号校验位不正确（应为 X）"."""
    return [line for row in refused for line in row.lines()]


def refuse_unless_skipped(refused: list[RefusedRow], skip_errors: bool) -> None:
    """All or nothing: any refused row refuses the whole file, unless the user chose to skip them."""
    if refused and not skip_errors:
        raise ImportRefused(refused)
