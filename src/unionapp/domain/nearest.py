"""Which known values a workbook's unknown text most likely means: "送温暖慰问" → 送温暖费.

`nearest` ranks the known values (categories, visit types, statuses, groups...) for one
unknown cell, so the import window and the command line can offer the likely ones first.
A text and a value are compared by their *forms*: the text itself (NFKC, no spaces,
lower-case), its last level ("维权支出/送温暖费" → "送温暖费") and its *stems*, the forms
with common endings taken off one after another ("文体活动支出" → "文体活动" → "文体";
"送温暖慰问" → "送温暖"). A value's aliases (a visit type's synonyms) are forms of it too.

Signals, strongest first (a value takes its strongest one; ties keep the given order):
1. containment: a form of one equals or contains a form of the other (of 2 characters or
   more); a fuller cover and fewer endings taken off rank higher;
2. kin: the two name the same thing in different words of union books ("慰问" and
   "送温暖", "培训" and "教育");
3. pinyin: they read alike ("文体活懂", "汶体"), or the text is typed in pinyin
   ("wenti") or its initials ("wt");
4. edit distance: Levenshtein on characters (on letters for pinyin input), normalised by
   the longer length, counting when at least half the characters agree ("调离" → 调出).

When the list is empty: a value with none of these signals is unrelated and never
offered ("xyz" among categories gives []). Only for a short list (SHORT_LIST values or
fewer, such as 是/否 or the four statuses, all shown in a drop-down anyway) is a value
that shares just one character or one syllable with the text offered too, last.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .import_mapping import mapping_key

SHORT_LIST = 8
EDIT_THRESHOLD = 0.5  # characters: "调离" and "调出" agree on half
LATIN_EDIT_THRESHOLD = 0.7  # pinyin letters agree by chance more often than characters
# Endings taken off to find a stem, longest first. A stem keeps at least two characters,
# so "会费" stays "会费" and "慰问金" stops at "慰问".
SUFFIXES = ("教研组", "经费", "费用", "支出", "收入", "补助", "补贴", "慰问", "活动", "小组", "费", "金", "组")
_MIN_STEM = 2
_STEM_PENALTY = 0.05  # per ending taken off: an exact name beats a shared stem
_FAINTEST = 0.01  # a match, however partial, still counts in its tier
# Words that name the same kind of thing in union books, so one finds the other.
KIN = (
    ("慰问", "送温暖", "看望", "走访", "帮扶"),
    ("补助", "补贴", "帮扶", "救助"),
    ("培训", "教育", "进修"),
    ("文体", "文艺", "体育", "运动"),
)
_SEPARATORS = re.compile(r"[/\\\-—–>|·]+")

CONTAINS, KIN_TIER, PINYIN, EDIT, WEAK = 5, 4, 3, 2, 1

Form = tuple[str, int]  # (normalised text, endings taken off)


def nearest(
    text: str,
    choices: Sequence[str],
    limit: int = 5,
    aliases: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """The `choices` most likely meant by `text`, best first, at most `limit`; empty when
    none is plausibly close (see the module's docstring for the rule)."""
    if limit <= 0 or not choices:
        return []
    index = _index(tuple(choices), _alias_key(aliases))
    probe = _probe(text)
    if probe is None:
        return []
    short = len(index.choices) <= SHORT_LIST
    ranked = []
    for i in index.candidates(probe, short):
        score = _score(probe, index.choices[i], short)
        if score is not None:
            ranked.append((-score[0], -score[1], i))
    ranked.sort()
    return [index.choices[i].display for _, _, i in ranked[:limit]]


# ---------------------------------------------------------------- forms


def _normalised(text: str) -> str:
    return mapping_key(text).lower()


def _stems(word: str) -> list[Form]:
    """The word and its stems, each with the number of endings taken off."""
    forms = [(word, 0)]
    depth = 0
    while True:
        ending = next((e for e in SUFFIXES if word.endswith(e) and len(word) - len(e) >= _MIN_STEM), None)
        if ending is None:
            return forms
        word, depth = word[: -len(ending)], depth + 1
        forms.append((word, depth))


def _forms(key: str) -> list[Form]:
    """The whole (levels joined), the last level and the last level's stems."""
    levels = [level for level in _SEPARATORS.split(key) if level]
    if not levels:
        return []
    forms = [("".join(levels), 0)] if len(levels) > 1 else []
    return forms + _stems(levels[-1])


def _kin_groups(stems: Sequence[str]) -> frozenset[int]:
    """The kin groups named in the stems: "住院慰问" and "生育慰问" share an ending, not
    a meaning, so only what is left without endings counts."""
    return frozenset(g for g, words in enumerate(KIN) for word in words for stem in stems if word in stem)


def _is_latin(key: str) -> bool:
    return key.isascii() and key.isalpha()


def _pinyin(word: str) -> tuple[str, ...]:
    """One reading per character, each character's most common one (other characters as
    they are), so a mistyped word reads like the right one: "会记" and "会计" are both
    "hui ji", though 会计 is said "kuai ji" (see `_word_pinyin`)."""
    return tuple(_char_reading(char) for char in word)


@lru_cache(maxsize=8192)
def _char_reading(char: str) -> str:
    if char.isascii():
        return char
    found = _lazy_pinyin()(char)
    return found[0].lower() if found else char


@lru_cache(maxsize=4096)
def _word_pinyin(word: str) -> tuple[str, ...]:
    """The word as said ("会计" → "kuai ji"), for a text typed in pinyin."""
    return tuple(syllable.lower() for syllable in _lazy_pinyin()(word))


def _lazy_pinyin():
    from pypinyin import lazy_pinyin  # loaded on first use: its dictionary takes 0.2 s at start-up

    return lazy_pinyin


# ---------------------------------------------------------------- the choices, indexed once


@dataclass(frozen=True)
class _Reading:
    spaced: str  # " wen ti huo dong ": syllables whole, so "enti" is not found in it
    joined: str  # "wentihuodong"
    initials: str  # "wthd"
    syllables: int
    depth: int  # endings taken off the form read


def _reading(syllables: Sequence[str], depth: int = 0) -> _Reading:
    syllables = [s for s in syllables if s]
    return _Reading(
        f" {' '.join(syllables)} ", "".join(syllables), "".join(s[0] for s in syllables), len(syllables), depth
    )


@dataclass(frozen=True)
class _Choice:
    display: str
    forms: tuple[Form, ...]
    readings: tuple[_Reading, ...]
    stems: tuple[str, ...]  # each word's last stem
    kin: frozenset[int]


def _choice(display: str, extra: Sequence[str]) -> _Choice | None:
    forms: list[Form] = []
    stems: list[str] = []
    for word in (display, *extra):
        found = _forms(_normalised(word))
        forms += [f for f in found if f not in forms]
        stems += [found[-1][0]] if found else []
    if not forms:
        return None
    # Each form read character by character, and as said when that differs.
    readings = tuple(
        dict.fromkeys(_reading(read(form), depth) for form, depth in forms for read in (_pinyin, _word_pinyin))
    )
    return _Choice(display, tuple(forms), readings, tuple(dict.fromkeys(stems)), _kin_groups(stems))


def _bigrams(letters: str) -> set[str]:
    return {letters[i : i + 2] for i in range(len(letters) - 1)}


class _Index:
    """The choices with their forms and readings, and postings from each character,
    syllable, kin group and pinyin letter pair to the choices having it, so a text is
    scored only against the choices that could reach a tier."""

    def __init__(self, displays: tuple[str, ...], aliases: Mapping[str, tuple[str, ...]]):
        self.choices: list[_Choice] = []
        for display in dict.fromkeys(displays):
            choice = _choice(display, aliases.get(display, ()))
            if choice is not None:
                self.choices.append(choice)
        self.postings: dict[object, list[int]] = {}
        for i, choice in enumerate(self.choices):
            keys: set[object] = {("kin", group) for group in choice.kin}
            for form, _ in choice.forms:
                keys.update(form)
            for reading in choice.readings:
                keys.update(("syllable", s) for s in reading.spaced.split())
                keys.update(("letters", pair) for pair in _bigrams(reading.joined) | _bigrams(reading.initials))
            for key in keys:
                self.postings.setdefault(key, []).append(i)
        self.min_stem = [min(len(stem) for stem in choice.stems) for choice in self.choices]

    def _counts(self, keys: Iterable[object]) -> Counter[int]:
        counts: Counter[int] = Counter()
        for key in keys:
            counts.update(self.postings.get(key, ()))
        return counts

    def candidates(self, probe: _Probe, short: bool) -> list[int]:
        """The choices sharing enough with the text to reach some tier: two characters
        or syllables (containment, reading), a kin group, or half the characters of the
        longer stem (edit distance); on a short list, anything shared."""
        if probe.latin:
            return sorted(self._counts(("letters", pair) for pair in _bigrams(probe.reading.joined)))
        chars = self._counts(set(probe.key))
        syllables = self._counts(("syllable", s) for s in set(probe.reading.spaced.split()))
        kin = self._counts(("kin", group) for group in probe.kin)
        need_chars = min(2, len(set(probe.key)))
        need_syllables = min(2, len(set(probe.reading.spaced.split())))
        found = []
        for i in chars.keys() | syllables.keys() | kin.keys():
            c, s = chars[i], syllables[i]
            if (
                i in kin
                or c >= need_chars
                or (s and s >= need_syllables)
                or c >= EDIT_THRESHOLD * max(len(probe.stem), self.min_stem[i])
                or short
            ):
                found.append(i)
        return sorted(found)


def _alias_key(aliases: Mapping[str, Sequence[str]] | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not aliases:
        return ()
    # A lone string is one alias, not a sequence of one-character aliases.
    return tuple((choice, (words,) if isinstance(words, str) else tuple(words)) for choice, words in aliases.items())


@lru_cache(maxsize=16)
def _index(displays: tuple[str, ...], aliases: tuple[tuple[str, tuple[str, ...]], ...]) -> _Index:
    return _Index(displays, dict(aliases))


# ---------------------------------------------------------------- the unknown text


@dataclass(frozen=True)
class _Probe:
    key: str
    forms: tuple[Form, ...]
    stem: str  # the last stem
    latin: bool  # typed in pinyin: the reading is the text itself
    reading: _Reading
    kin: frozenset[int]


def _probe(text: str) -> _Probe | None:
    key = _SEPARATORS.sub("/", _normalised(text or "")).strip("/")
    forms = _forms(key)
    if not forms:
        return None
    whole, stem = forms[0][0], forms[-1][0]
    latin = _is_latin(whole)
    reading = _Reading(f" {whole} ", whole, "", 1, 0) if latin else _reading(_pinyin(whole))
    return _Probe(key, tuple(forms), stem, latin, reading, _kin_groups([stem]))


# ---------------------------------------------------------------- scoring


def _score(probe: _Probe, choice: _Choice, short: bool) -> tuple[int, float] | None:
    """(tier, strength within the tier), or None when the choice is unrelated."""
    strength = _containment(probe.forms, choice.forms)
    if strength:
        return CONTAINS, strength
    if probe.kin & choice.kin:
        return KIN_TIER, 1.0
    strength = max((_reading_match(probe, reading) for reading in choice.readings), default=0.0)
    if strength:
        return PINYIN, strength
    threshold = LATIN_EDIT_THRESHOLD if probe.latin else EDIT_THRESHOLD
    similarity = _similarity(probe, choice, 0.0 if short else threshold)
    if similarity >= threshold:
        return EDIT, similarity
    if short and _shares_something(probe, choice):
        return WEAK, similarity
    return None


def _containment(ours: Sequence[Form], theirs: Sequence[Form]) -> float:
    best = 0.0
    for a, depth_a in ours:
        for b, depth_b in theirs:
            shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
            if shorter == longer or (len(shorter) >= _MIN_STEM and shorter in longer):
                best = max(best, _strength(len(shorter) / len(longer), depth_a + depth_b))
    return best


def _strength(share: float, endings_off: int) -> float:
    return max(share - _STEM_PENALTY * endings_off, _FAINTEST)


def _reading_match(probe: _Probe, theirs: _Reading) -> float:
    """How well the text reads like a form: 1 for the same reading (less per ending
    taken off), a share for one reading containing the other (two syllables or more;
    four letters or more when typed in pinyin)."""
    ours = probe.reading
    if ours.joined == theirs.joined or (probe.latin and ours.joined == theirs.initials and len(ours.joined) >= 2):
        return _strength(1.0, theirs.depth)
    if probe.latin:
        shorter, longer = sorted((ours.joined, theirs.joined), key=len)
        if len(shorter) >= 4 and shorter in longer:
            return _strength(len(shorter) / len(longer), theirs.depth)
    elif min(ours.syllables, theirs.syllables) >= 2:
        shorter_r, longer_r = sorted((ours, theirs), key=lambda r: r.syllables)
        if shorter_r.spaced in longer_r.spaced:
            return _strength(shorter_r.syllables / longer_r.syllables, theirs.depth)
    return 0.0


def _similarity(probe: _Probe, choice: _Choice, floor: float) -> float:
    """The best normalised edit similarity between the text's stem and the choice's
    stems, whose shared endings ("住院慰问", "生育慰问") say nothing (letters against the
    choice's pinyin when the text is typed in pinyin); 0 for a pair below `floor`."""
    if probe.latin:
        pairs = [(probe.reading.joined, reading.joined) for reading in choice.readings]
    else:
        pairs = [(probe.stem, stem) for stem in choice.stems]
    return max((_edit_similarity(a, b, floor) for a, b in pairs), default=0.0)


def _edit_similarity(a: str, b: str, floor: float) -> float:
    longest = max(len(a), len(b))
    if not longest:
        return 0.0
    # Cheap bounds first: the lengths' difference, and the characters of `a` absent from `b`.
    if floor and (1 - abs(len(a) - len(b)) / longest < floor or _present(a, b) / longest < floor):
        return 0.0
    return 1.0 - levenshtein(a, b) / longest


def _present(a: str, b: str) -> int:
    present = set(b)
    return sum(ch in present for ch in a)


def _shares_something(probe: _Probe, choice: _Choice) -> bool:
    chars = set(probe.key)
    syllables = set(probe.reading.spaced.split())
    return any(chars & set(form) for form, _ in choice.forms) or any(
        syllables & set(reading.spaced.split()) for reading in choice.readings
    )


def levenshtein(a: str, b: str) -> int:
    """Edits (insert, delete, replace one character) turning `a` into `b`."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
