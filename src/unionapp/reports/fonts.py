"""The fonts PDFs are drawn with: the bundled WenQuanYi Micro Hei, embedded as a subset.

reportlab's built-in CJK fonts (STSong-Light) are not embedded, so many viewers show
blanks and nothing can be copied; a TrueType font is embedded and extractable. Rare
characters the bundled font lacks (𠮷 U+20BB7, 䶮 U+4DAE) are drawn with the first
installed TrueType font that has them (SimSun/SimSun-ExtB on Windows, HanaMin on
Linux); when none has them they are reported so the user can be told.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from unionapp import config

log = logging.getLogger(__name__)
MAIN = "UnionCJK"
# (path, subfont index): TrueType outlines only, reportlab refuses CFF (Noto CJK).
FALLBACK_CANDIDATES = [
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("C:/Windows/Fonts/simsunb.ttf", 0),
    ("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf", 0),
    ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
]
_lock = threading.Lock()
_state: dict = {}
# (text, size) -> width, for text the bundled font draws whole. A roster repeats the same
# groups, titles, genders and dates thousands of times, and each is measured twice (to
# wrap, then to align); a dict hit costs a tenth of reportlab's measuring.
_widths: dict[tuple[str, float], float] = {}
WIDTH_CACHE_MAX = 200_000  # entries (about 30 MB at worst); cleared whole when full


def main_font() -> str:
    """Register the bundled font once (thread-safe) and return its reportlab name."""
    with _lock:
        if "chars" not in _state:
            font = TTFont(MAIN, str(config.font_path()), subfontIndex=0)
            pdfmetrics.registerFont(font)
            _state["chars"] = frozenset(map(chr, font.face.charToGlyph))
            _state["fallbacks"] = None
    return MAIN


def has_all(text: str) -> bool:
    """True when the bundled font draws every character (the common, fast case)."""
    return text.isascii() or set(text) <= _state["chars"]


def _fallbacks() -> list[tuple[str, frozenset]]:
    """Installed fallback fonts, loaded on first need only (SimSun is 18 MB)."""
    with _lock:
        if _state["fallbacks"] is None:
            found = []
            for index, (path, sub) in enumerate(FALLBACK_CANDIDATES):
                if not Path(path).is_file():
                    continue
                try:
                    font = TTFont(f"UnionFallback{index}", path, subfontIndex=sub)
                except Exception as exc:  # noqa: BLE001 - a broken system font is skipped
                    log.warning("fallback font %s not usable: %s", path, exc)
                    continue
                pdfmetrics.registerFont(font)
                found.append((font.fontName, frozenset(map(chr, font.face.charToGlyph))))
            _state["fallbacks"] = found
        return _state["fallbacks"]


def font_for(ch: str) -> str | None:
    """The font that draws `ch`: the bundled one, a fallback, or None (missing)."""
    if ch in _state["chars"]:
        return MAIN
    return next((name for name, chars in _fallbacks() if ch in chars), None)


def runs(text: str) -> list[tuple[str, str | None]]:
    """Split text into (text, font) runs; font None marks characters no font has."""
    out: list[tuple[str, str | None]] = []
    for ch in text:
        font = font_for(ch)
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + ch, font)
        else:
            out.append((ch, font))
    return out


def known_width(text: str, size: float) -> float | None:
    """The width when it was measured before (the bundled font draws the text whole), else None."""
    return _widths.get((text, size))


def text_width(text: str, size: float) -> float:
    """Width in points, measuring fallback runs with their own font."""
    key = (text, size)
    width = _widths.get(key)
    if width is not None:
        return width
    if not has_all(text):  # rare: not cached, as the fallback fonts can change (tests)
        return sum(pdfmetrics.stringWidth(t, f or MAIN, size) for t, f in runs(text))
    if len(_widths) >= WIDTH_CACHE_MAX:
        _widths.clear()
    width = _widths[key] = pdfmetrics.stringWidth(text, MAIN, size)
    return width
