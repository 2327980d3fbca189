"""Pinyin keys so that members can be found by "zhangsan" or "zs".

pypinyin has no surname mode (python-pinyin issue #297), so the surname
reading of polyphonic surnames comes from a small table below.
"""

from __future__ import annotations

import importlib.util
import json
import os
import unicodedata
from functools import cache
from itertools import combinations, product

MAX_VARIANTS = 8  # strings in search_keys, full spellings and initials together

# Compound surnames first: they are matched before single characters.
_COMPOUND_SURNAMES = {
    "万俟": ("mo", "qi"),
    "尉迟": ("yu", "chi"),
    "单于": ("chan", "yu"),
    "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"),
}
# Polyphonic characters whose reading as a surname differs from pypinyin's first choice.
_SURNAMES = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "翟": "zhai",
    "盖": "ge",
    "缪": "miao",
    "覃": "qin",
    "乐": "yue",
    "召": "shao",
    "秘": "bi",
    "种": "chong",
    "重": "chong",
    "折": "she",
    "藏": "zang",
    "员": "yun",
    "长": "chang",
    "能": "nai",
    "薄": "bo",
    "都": "du",
    "柏": "bai",
    "句": "gou",
    "粘": "nian",
    "佴": "nai",
    "乜": "nie",
    "阚": "kan",
    "蕃": "pi",
    "祭": "zhai",
    "洗": "xian",
    "繁": "po",
    "卜": "bu",
    "便": "pian",
    "朝": "chao",
    "宿": "su",
    "任": "ren",
    "沈": "shen",
    "叶": "ye",
    "贾": "jia",
    "盛": "sheng",
    "殷": "yin",
    "牟": "mou",
    "莘": "shen",
    "褚": "chu",
    "臧": "zang",
    "贲": "ben",
    "隗": "wei",
    "尉": "wei",
}

_FULLWIDTH_SPACE = "\u3000"


def normalize_query(text: str) -> str:
    """What the user typed in a search box, ready to compare with keys."""
    text = unicodedata.normalize("NFKC", text or "").replace(_FULLWIDTH_SPACE, " ")
    return "".join(text.split()).lower()


@cache
def _single_readings() -> dict[str, str] | None:
    """pypinyin's own table of one character's readings ("25105" → "wǒ,é"), read without
    importing pypinyin: its import also loads the phrase dictionary (0.4 s), which one
    character never needs. None when the file is not where the package is."""
    spec = importlib.util.find_spec("pypinyin")  # finds the package without running it
    folders = (spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        try:
            with open(os.path.join(folder, "pinyin_dict.json"), encoding="utf-8") as fp:
                return json.load(fp)
        except (OSError, ValueError):
            continue
    return None


def _toneless(reading: str) -> str:
    """pypinyin's NORMAL style: tone marks dropped, ü written v, ê kept."""
    text = unicodedata.normalize("NFD", reading).replace("u\u0308", "v").replace("e\u0302", "ê")
    return "".join(char for char in text if not unicodedata.combining(char))


@cache
def _readings(char: str) -> tuple[str, ...]:
    """Toneless readings of one Chinese character, most common first: what
    pypinyin.pinyin(char, style=NORMAL, heteronym=True) gives (tests compare every character)."""
    table = _single_readings()
    if table is None:
        from pypinyin import Style, pinyin

        found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
        return tuple(dict.fromkeys(found[0])) if found else ()
    found = table.get(str(ord(char)))
    return tuple(dict.fromkeys(_toneless(r) for r in found.split(","))) if found else ()


def _tokens(name: str) -> list[tuple[str, ...]]:
    """Per syllable (or run of Latin letters/digits), its possible readings."""
    text = unicodedata.normalize("NFKC", name).strip().lower()
    tokens: list[tuple[str, ...]] = []
    start = 0
    compound = _COMPOUND_SURNAMES.get(text[:2])
    if compound:
        tokens += [(syllable,) for syllable in compound]
        start = 2
    elif text[:1] in _SURNAMES:
        tokens.append((_SURNAMES[text[0]],))
        start = 1
    elif text[:1] and not text[0].isascii() and _readings(text[0]):
        # A surname has one reading: 丁 is "ding", never "zheng", so "zh" must not find 丁晨.
        tokens.append(_readings(text[0])[:1])
        start = 1
    run = ""
    for char in text[start:]:
        if char.isascii():
            if char.isalnum():
                run += char
            continue
        readings = _readings(char)
        if run:
            tokens.append((run,))
            run = ""
        if readings:
            tokens.append(readings)
    if run:
        tokens.append((run,))
    return tokens


def _combinations(tokens: list[tuple[str, ...]]):
    """Reading combinations, the usual one first, then fewest changes first."""
    polyphonic = [i for i, readings in enumerate(tokens) if len(readings) > 1]
    for changes in range(len(polyphonic) + 1):
        for positions in combinations(polyphonic, changes):
            alternatives = [tokens[i][1:] for i in positions]
            for picked in product(*alternatives):
                chosen = [readings[0] for readings in tokens]
                for i, reading in zip(positions, picked):
                    chosen[i] = reading
                yield chosen


def search_keys(name: str) -> str:
    """ "张三" -> "zhangsan|zs": full pinyin and initials, "|"-separated.

    Polyphonic characters add variants (曾乐 -> zengle|zl|zengyue|zy), at most
    MAX_VARIANTS strings in all.
    """
    return _search_keys(_tokens(name or ""))


def _search_keys(tokens: list[tuple[str, ...]]) -> str:
    if not tokens:
        return ""
    keys: dict[str, None] = {}
    for chosen in _combinations(tokens):
        keys["".join(chosen)] = None
        if len(keys) >= MAX_VARIANTS:
            break
        keys["".join(syllable[0] for syllable in chosen)] = None
        if len(keys) >= MAX_VARIANTS:
            break
    return "|".join(keys)


def name_keys(name: str) -> tuple[str, str]:
    """(search_keys(name), sort_key(name)), reading the name once."""
    tokens = _tokens(name or "")
    return _search_keys(tokens), _sort_key(tokens, name)


def sort_key(name: str) -> str:
    """Key sorting names the way Chinese users expect: by pinyin.

    "张三" -> "zhang san\\t张三"; the name itself breaks ties between
    names that read the same.
    """
    return _sort_key(_tokens(name or ""), name)


def _sort_key(tokens: list[tuple[str, ...]], name: str) -> str:
    syllables = " ".join(readings[0] for readings in tokens)
    return f"{syllables}\t{name or ''}"
