"""The coded words of the congress's workbooks: a delegate's 代表类别, a proposal's 类别,
审查结果 and 提案人意见, as schools write them ("教师代表", "已立案", "比较满意").

Each reader returns the code (domain.congress's keys); the user's value mapping (to one of
our labels) is tried first; a word nobody knows raises UnknownValue with the nearest labels,
so the window offers them and the command line prints the --map-value to add. "干部" is
deliberately not known: it may be a 学校领导 or a 中层 (管理人员), so the user says which.
"""

from __future__ import annotations

from datetime import date

from unionapp.domain.congress import (
    DELEGATE_CATEGORY_LABELS,
    FEEDBACK_LABELS,
    PROPOSAL_CATEGORY_LABELS,
    PROPOSAL_STATUS_LABELS,
)
from unionapp.domain.dates import DateError, parse_date
from unionapp.domain.import_mapping import ImportMappings, mapping_key
from unionapp.domain.nearest import nearest
from unionapp.importers.errors import RowProblem, UnknownValue, remembered_reason
from unionapp.importers.workbook import as_text

DELEGATE_CATEGORY_WORDS = {
    "teacher": ("教师", "一线教师", "教师代表", "专任教师", "任课教师", "班主任", "一线"),
    "leader": ("学校领导", "校领导", "校级领导", "校级干部", "领导", "领导干部", "校长", "书记"),
    "admin": ("管理人员", "管理", "中层", "中层干部", "中层领导", "行政", "行政人员", "职能部门"),
    "support": ("教辅/工勤", "教辅", "工勤", "教辅人员", "工勤人员", "后勤", "后勤人员", "职员", "教辅工勤"),
}
PROPOSAL_CATEGORY_WORDS = {
    "teaching": ("教学管理", "教学", "教育教学", "教学类", "教育教学管理"),
    "logistics": ("后勤保障", "后勤", "后勤类", "总务", "校园建设", "后勤管理"),
    "welfare": ("福利待遇", "福利", "待遇", "福利类", "生活福利", "教职工福利"),
    "other": ("其他", "其它", "其他类"),
}
STATUS_WORDS = {
    "submitted": ("待审查", "未审查", "审查中"),
    "accepted": ("立案", "已立案", "同意立案", "予以立案", "准予立案", "是"),
    "rejected": ("不立案", "不予立案", "未立案", "否"),
    "converted": ("转为意见建议", "转意见建议", "作为意见建议", "意见建议", "转为建议", "作为建议处理"),
}
FEEDBACK_WORDS = {
    "satisfied": ("满意", "非常满意", "很满意"),
    "basic": ("基本满意", "比较满意", "较满意"),
    "unsatisfied": ("不满意", "不太满意"),
}


class _Words:
    """One coded field: its words → code, its labels offered when a word is unknown."""

    def __init__(self, field, label, labels: dict[str, str], words: dict[str, tuple[str, ...]], hints=None):
        self.field, self.label, self.labels = field, label, labels
        self.hints: dict[str, tuple[str, ...]] = hints or {}  # a part of a word → the codes it suggests
        self.choices = list(labels.values())
        self.codes = {mapping_key(text): code for code, text in labels.items()}
        for code, texts in words.items():
            for text in texts:
                self.codes.setdefault(mapping_key(text), code)

    def read(self, value: object, mapping: ImportMappings, blank: str | None) -> str | None:
        """The code of a cell; `blank` for an empty one."""
        text = as_text(value)
        if not text:
            return blank
        target = mapping.value(self.field, text)
        code = self.codes.get(mapping_key(target or text))
        if code is not None:
            return code
        why = remembered_reason(self.label, text, target) if target else ""
        raise UnknownValue(self.field, self.label, text, self.candidates(text), why)

    def candidates(self, text: str) -> list[str]:
        """The labels a word suggests first (干部: 学校领导 or 管理人员), then the nearest (or all)."""
        hinted = [self.labels[c] for part, codes in self.hints.items() if part in text for c in codes]
        return list(dict.fromkeys(hinted + (nearest(text, self.choices) or self.choices)))


# "干部" may be a 校级 or a 中层 one: offered both, the user says which.
CATEGORY_HINTS = {"干部": ("leader", "admin"), "领导": ("leader", "admin"), "主任": ("admin",), "老师": ("teacher",)}
DELEGATE_CATEGORY = _Words("category", "代表类别", DELEGATE_CATEGORY_LABELS, DELEGATE_CATEGORY_WORDS, CATEGORY_HINTS)
PROPOSAL_CATEGORY = _Words("category", "类别", PROPOSAL_CATEGORY_LABELS, PROPOSAL_CATEGORY_WORDS)
STATUS = _Words("status", "审查结果", PROPOSAL_STATUS_LABELS, STATUS_WORDS)
FEEDBACK = _Words("feedback", "提案人意见", FEEDBACK_LABELS, FEEDBACK_WORDS)


def read_delegate_category(value: object, mapping: ImportMappings) -> str | None:
    """The delegate's category code, or None for a blank cell (guessed from the roster)."""
    return DELEGATE_CATEGORY.read(value, mapping, None)


def read_proposal_category(value: object, mapping: ImportMappings) -> str:
    return PROPOSAL_CATEGORY.read(value, mapping, "other") or "other"


def read_status(value: object, mapping: ImportMappings) -> str:
    """A blank 审查结果 is a proposal not screened yet (待审查)."""
    return STATUS.read(value, mapping, "submitted") or "submitted"


def read_feedback(value: object, mapping: ImportMappings) -> str:
    """ "" for a blank cell: no feedback yet."""
    return FEEDBACK.read(value, mapping, "") or ""


def read_date(value: object, label: str) -> date | None:
    """A date cell, or None for a blank one; an unreadable date is the row's problem."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_date(value)
    except DateError as err:
        raise RowProblem(f"{label}：{err}") from None
