"""Matching the category (科目/类别) a ledger workbook names to the app's chart.

Accepted: a category's name ("文体活动支出"), its full two-level name in any usual
notation ("职工活动支出/文体活动支出", "职工活动支出-文体活动支出"), the name without its
收入/支出/费 ending ("文体活动", "培训"), and common synonyms ("福利费", "上缴会费").
When a name fits an income and an expense category ("其他"), the amount's column
decides. Only leaf categories take entries, as in the ledger service.
"""

from __future__ import annotations

import re
import unicodedata

from unionapp.domain.funds import DIRECTION_LABELS
from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.nearest import nearest
from unionapp.domain.text import shown
from unionapp.importers.errors import RowProblem, UnknownValue, remembered_reason
from unionapp.services.ledger import CategoryRow

# Synonym → category code (codes are stable; the chair may rename the categories).
SYNONYMS = {
    "工会会费": "dues",
    "会员会费": "dues",
    "会费": "dues",
    "工会经费": "allocation",
    "经费拨缴": "allocation",
    "拨缴": "allocation",
    "拨缴经费": "allocation",
    "上级补助": "upper_subsidy",
    "上级拨款": "upper_subsidy",
    "上级工会补助": "upper_subsidy",
    "行政补助": "admin_subsidy",
    "行政拨款": "admin_subsidy",
    "学校补助": "admin_subsidy",
    "行政补贴": "admin_subsidy",
    "利息收入": "other_income",
    "利息": "other_income",
    "职工教育": "education",
    "教育费": "education",
    "文体活动": "sports",
    "文体费": "sports",
    "文体活动费": "sports",
    "体育活动": "sports",
    "文艺活动": "sports",
    "宣传": "publicity",
    "宣传费": "publicity",
    "福利": "welfare",
    "福利费": "welfare",
    "集体福利": "welfare",
    "职工福利": "welfare",
    "节日慰问": "welfare",
    "慰问品": "welfare",
    "生日慰问": "welfare",
    "送温暖": "warmth",
    "慰问金": "warmth",
    "走访慰问": "warmth",
    "五必访": "warmth",
    "困难补助": "hardship",
    "困难帮扶": "hardship",
    "帮扶": "hardship",
    "困难职工补助": "hardship",
    "劳保": "labour_protection",
    "劳动保护": "labour_protection",
    "培训": "training",
    "会议": "meeting",
    "固定资产": "capital",
    "资产购置": "capital",
    "设备购置": "capital",
    "上解": "remit",
    "上缴": "remit",
    "上缴会费": "remit",
    "上解会费": "remit",
    "上缴上级": "remit",
    "上解上级": "remit",
}
_SEPARATORS = re.compile(r"[/\\\-—–>|:·]+")
_ENDINGS = ("收入", "支出", "费")


def _key(text: str) -> str:
    """NFKC, no spaces, one "/" between levels."""
    clean = "".join(unicodedata.normalize("NFKC", text).split())
    return _SEPARATORS.sub("/", clean).strip("/")


def _stem(name: str) -> str:
    for ending in _ENDINGS:
        if name.endswith(ending) and len(name) > len(ending) + 1:
            return name[: -len(ending)]
    return name


class CategoryMatcher:
    def __init__(self, categories: list[CategoryRow], mapping: ImportMappings | None = None):
        self.categories = categories
        self.by_code = {c.code: c for c in categories}
        self.by_id = {c.id: c for c in categories}
        self.mapping = mapping or ImportMappings()
        self._nearest: dict[tuple[str, str | None], list[str]] = {}  # one ranking per distinct text

    def match(self, text: str, direction: str | None) -> CategoryRow:
        """The leaf category `text` names, or the one the user mapped it to; `direction`
        (the amount's column, when known) breaks ties and must agree. Raises RowProblem;
        UnknownValue when no category or several fit."""
        target = self.mapping.value("category", text)
        if not target:
            return self._match(text, direction)
        try:
            return self._match(target, direction)
        except RowProblem as problem:  # gone, retired or of the other direction: offered again
            why = remembered_reason("科目", text, target) if isinstance(problem, UnknownValue) else problem.reasons[0]
            raise UnknownValue("category", "科目", text, self.nearest(text, direction), why) from None

    def _match(self, text: str, direction: str | None) -> CategoryRow:
        key = _key(text)
        if not key:
            raise RowProblem("科目不能为空")
        found = self._candidates(key)
        if len(found) > 1 and direction:
            found = [c for c in found if c.direction == direction] or found
        if not found:
            raise UnknownValue("category", "科目", text, self.nearest(text, direction))
        if len(found) > 1:
            names = "、".join(c.full_name for c in found[:4])
            raise UnknownValue(
                "category",
                "科目",
                text,
                [c.full_name for c in found],
                f"科目“{shown(text)}”不能确定是哪一个（{names}），请写完整的科目名称，或在导入窗口中选择",
            )
        return self._usable(found[0], text, direction)

    def usable_names(self, direction: str | None = None) -> list[str]:
        """The full names of the categories that take entries, of `direction` when given."""
        leaves = [c for c in self.categories if c.active and not c.has_children]
        return [c.full_name for c in leaves if not direction or c.direction == direction]

    def nearest(self, text: str, direction: str | None) -> list[str]:
        """The usable categories nearest to `text`, of the amount's direction when known."""
        key = (_key(text), direction)
        if key not in self._nearest:
            words: dict[str, list[str]] = {}
            for word, code in SYNONYMS.items():
                if code in self.by_code:
                    words.setdefault(self.by_code[code].full_name, []).append(word)
            self._nearest[key] = nearest(text, self.usable_names(direction), aliases=words)
        return self._nearest[key]

    def _candidates(self, key: str) -> list[CategoryRow]:
        if "/" in key:
            parent, _, leaf = key.rpartition("/")
            return [
                c
                for c in self.categories
                if c.parent_id and self._fits(self.by_id[c.parent_id], parent) and self._fits(c, leaf)
            ]
        exact = [c for c in self.categories if _key(c.name) == key]
        if exact:
            return exact
        if key in SYNONYMS and SYNONYMS[key] in self.by_code:
            return [self.by_code[SYNONYMS[key]]]
        return [c for c in self.categories if _stem(_key(c.name)) in (key, _stem(key))]

    @staticmethod
    def _fits(category: CategoryRow, key: str) -> bool:
        name = _key(category.name)
        return key in (name, _stem(name)) or _stem(key) == _stem(name)

    def _usable(self, category: CategoryRow, text: str, direction: str | None) -> CategoryRow:
        if category.has_children:
            child = next(c for c in self.categories if c.parent_id == category.id)
            raise RowProblem(f"“{category.name}”下有明细科目，请写到明细科目，如“{child.full_name}”")
        if not category.active:
            raise RowProblem(f"科目“{category.full_name}”已停用，请改用其他科目，或先在“科目设置”中启用它")
        if direction and category.direction != direction:
            wrong = DIRECTION_LABELS[direction]
            raise RowProblem(
                f"科目“{category.full_name}”是{DIRECTION_LABELS[category.direction]}科目，"
                f"金额却填在“{wrong}”列，请核对科目或金额所在的列"
            )
        return category
