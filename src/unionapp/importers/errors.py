"""Import failures, with Chinese messages naming the row and the fix."""

from __future__ import annotations

from dataclasses import dataclass, field

from unionapp.domain.errors import DomainError
from unionapp.domain.text import shown


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
