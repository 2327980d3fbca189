"""Matching what an old visits register says (类型 or 事由) to a visit type, and its
状态 to done or planned; the user's value mappings first.

Accepted: a type's Chinese name ("生病住院"), one of its synonyms ("住院", "生小孩",
"丧事"), or a phrase containing one ("因阑尾炎住院" → 生病住院, its 事由 kept). In a
phrase the longest word found wins ("父亲病故" → 直系亲属去世 by "病故", not 生病住院 by
"病"); two types tied on the longest word is ambiguous and refused, not guessed.
"""

from __future__ import annotations

import unicodedata

from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.nearest import nearest
from unionapp.domain.text import shown
from unionapp.importers.errors import RowProblem, UnknownValue, remembered_reason
from unionapp.services.visits import TypeRow

# Words old registers use beside the types' own synonyms, by type code (codes are
# stable; the chair may rename the types).
REGISTER_WORDS = {
    "hospital": ("住院", "手术", "住院治疗"),
    "childbirth": ("生育", "产子", "产女", "生子", "生女", "分娩", "剖腹产", "顺产"),
    "bereavement": ("病故", "病逝", "逝世", "过世", "去世", "丧"),
    "wedding": ("结婚", "新婚", "婚礼"),
    "retirement": ("退休",),
    "festival_stay": ("留校过年", "春节留校"),
}


def _clean(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


PLANNED_WORDS = ("待访", "计划", "未访", "待走访")
DONE_WORDS = ("已访", "已走访", "完成", "已完成", "已慰问")
STATUS_CHOICES = ("已访", "待访")


def read_status(value: object, mapping: ImportMappings) -> str:
    """ "done" or "planned"; a blank cell is done (a register lists visits made)."""
    text = _clean(str(value)) if value is not None else ""
    word = _clean(mapping.value("status", text) or text)
    if not word or word in DONE_WORDS:
        return "done"
    if word in PLANNED_WORDS:
        return "planned"
    raise UnknownValue("status", "走访状态", text, nearest(text, list(STATUS_CHOICES)) or list(STATUS_CHOICES))


class TypeMatcher:
    def __init__(self, types: list[TypeRow], mapping: ImportMappings | None = None):
        self.mapping = mapping or ImportMappings()
        # Active types first, so a word an active and a retired type share means the active one.
        ordered = sorted(types, key=lambda t: not t.active)
        self.words: dict[str, TypeRow] = {}
        for t in ordered:
            for word in (t.name, *t.synonyms, *REGISTER_WORDS.get(t.code, ())):
                self.words.setdefault(_clean(word), t)
        self.names = [t.name for t in ordered if t.active]
        self.synonyms = {t.name: [*t.synonyms, *REGISTER_WORDS.get(t.code, ())] for t in ordered if t.active}

    def match(self, type_text: str, reason: str) -> tuple[TypeRow, str]:
        """(type, 事由) for a row. A 类型 cell decides the type (as the user mapped it);
        else the 事由 cell does, and a phrase (not a bare type word) stays as the 事由."""
        if type_text:
            target = self.mapping.value("type", type_text)
            found = self._find(target or type_text)
            if found is None or (target and not found.active):  # a type retired since it was mapped
                candidates = nearest(type_text, self.names, aliases=self.synonyms)
                why = remembered_reason("走访类型", type_text, target) if target else ""
                raise UnknownValue("type", "走访类型", type_text, candidates, why)
            return found, reason or ("" if _clean(target or type_text) in self.words else type_text)
        if not reason:
            raise RowProblem("没有填写走访类型或事由")
        found = self._find(reason)
        if found is None:
            raise RowProblem(f"从事由“{shown(reason)}”看不出是哪种走访，请加一列“类型”写明（如{self._examples()}）")
        return found, "" if _clean(reason) in self.words else reason

    def _find(self, text: str) -> TypeRow | None:
        key = _clean(text)
        if key in self.words:
            return self.words[key]
        hits = [(len(word), t) for word, t in self.words.items() if word and word in key]
        if not hits:
            return None
        longest = max(n for n, _t in hits)
        chosen = {t.id: t for n, t in hits if n == longest}
        if len(chosen) > 1:
            names = "”或“".join(t.name for t in chosen.values())
            raise RowProblem(f"“{shown(text)}”可能是“{names}”，请在“类型”列写明")
        return next(iter(chosen.values()))

    def _examples(self) -> str:
        return "、".join(self.names[:4])
