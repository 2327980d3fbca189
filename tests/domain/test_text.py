"""The one text-cleaning rule: every format character and the invisible characters of
other categories are taken out, a name of only those is refused, private-use characters
(rare characters of names) stay."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionapp.domain.text import TextError, clean_name, clean_note, strip_unsafe

INVISIBLE = [
    *(chr(cp) for cp in range(0xFE00, 0xFE10)),  # variation selectors
    *(chr(cp) for cp in (0xE0100, 0xE0150, 0xE01EF)),  # variation selectors supplement
    "\u034f",  # combining grapheme joiner
    "\u17b4",
    "\u17b5",  # Khmer inherent vowels
    "\u115f",
    "\u1160",
    "\u3164",
    "\uffa0",  # Hangul fillers
    "\u2800",  # braille blank
    "\u200c",
    "\u200d",  # ZWNJ and ZWJ: not needed in names
    *(chr(cp) for cp in range(0x0600, 0x0606)),
    "\u06dd",
    "\u070f",
    "\u0890",
    "\u0891",
    "\u08e2",
    "\U000110bd",
    "\U000110cd",
    *(chr(cp) for cp in range(0x13430, 0x13440)),
    *(chr(cp) for cp in range(0x1BCA0, 0x1BCA4)),
    *(chr(cp) for cp in range(0x1D173, 0x1D17B)),
]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_character_is_stripped(char):
    assert strip_unsafe(f"张{char}三") == "张三"
    assert clean_name(f"张{char}三", "姓名") == "张三"


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_a_name_of_only_an_invisible_character_is_refused(char):
    with pytest.raises(TextError, match="姓名不能为空（填写的内容只有看不见的字符）"):
        clean_name(char * 2, "姓名")


def test_every_format_character_python_knows_is_stripped():
    format_chars = [chr(cp) for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Cf"]
    assert format_chars and strip_unsafe("".join(format_chars)) == ""


@pytest.mark.parametrize("char", ["\ue000", "\ue4c6", "\uf8ff", "\U000f0000", "\U000ffffd", "\U00100000", "\U0010fffd"])
def test_private_use_characters_are_kept(char):
    assert strip_unsafe(f"张{char}") == f"张{char}"
    assert clean_name(f"张{char}", "姓名") == f"张{char}"


def test_tabs_and_line_breaks_are_handled_as_before():
    assert clean_name("张\t三\n", "姓名") == "张 三"
    assert clean_note("第一行\r\n第二行\t（附注）\u2800") == "第一行\n第二行\t（附注）"


@given(st.text(alphabet=st.characters(codec=None), max_size=12), st.booleans())
@settings(max_examples=3000, deadline=None)
def test_the_quick_path_cleans_as_the_full_rule(raw, multiline):
    """Printable, already-NFC text skips the line and surrogate passes: same result."""
    from unionapp.domain.text import _clean_unusual, clean_text

    try:
        expected = _clean_unusual(raw, "备注", multiline)
    except TextError:
        with pytest.raises(TextError):
            clean_text(raw, "备注", None, multiline=multiline)
        return
    assert clean_text(raw, "备注", None, multiline=multiline) == expected


@pytest.mark.parametrize("raw", ["张\ufe0f三", "e\ufe0f\u0301", "李\u3164四", "\u2800王五 ", " 高一文科组 "])
def test_the_quick_path_still_drops_printable_invisibles(raw):
    from unionapp.domain.text import _clean_unusual, clean_text

    assert raw.isprintable()
    assert clean_text(raw, "姓名") == _clean_unusual(raw, "姓名", False)


@given(st.text(alphabet=st.characters(codec=None), max_size=12), st.integers(0, 8), st.booleans(), st.booleans())
@settings(max_examples=2000, deadline=None)
def test_a_kept_answer_is_the_rule_s_answer(raw, limit, multiline, required):
    """clean_text keeps its answer for a short text: asked again (from the memo), it gives
    what the rule gives, and a refusal is raised every time."""
    from unionapp.domain.text import _clean_text, clean_text

    try:
        expected = _clean_text(raw, "备注", limit, multiline, required)
    except TextError as err:
        for _ in range(2):
            with pytest.raises(TextError, match=str(err)):
                clean_text(raw, "备注", limit, multiline=multiline, required=required)
        return
    for _ in range(2):
        assert clean_text(raw, "备注", limit, multiline=multiline, required=required) == expected


def test_the_memo_keeps_short_texts_only_and_is_bounded(monkeypatch):
    from unionapp.domain import text

    monkeypatch.setattr(text, "_CLEANED", {})
    monkeypatch.setattr(text, "_CLEANED_LIMIT", 3)
    for word in ("一组", "二组", "三组", "四组"):
        assert text.clean_text(f" {word} ", "工会小组") == word
    assert len(text._CLEANED) == 1  # emptied when full
    assert text.clean_text("长" * 200, "备注", None) == "长" * 200
    assert len(text._CLEANED) == 1  # a note is not kept
    # The field is part of the key: the same text may be refused for another field.
    assert text.clean_text("一二三", "民族", 5) == "一二三"
    with pytest.raises(TextError, match="民族太长"):
        text.clean_text("一二三四五六", "民族", 5)
