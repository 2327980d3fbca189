"""The tags and text of a web page, in one linear pass, for reading its tables.

Not the stdlib html.parser: on Python 3.11 it takes quadratic time on a few hundred KB
of crafted input ("</" or "<?" repeated 100,000 times: over ten seconds) and costs some
10 µs a tag. Here every construct is found with str.find or an anchored regex that stops
at the next "<" or ">", and an unclosed comment or script runs to the end of the page
(as HTML5 reads it), so no character is scanned more than a few times. Nothing is
fetched and no entity but HTML's own named and numeric ones is expanded.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

# A start or end tag: its name, then anything up to ">" that is no "<" (attribute values
# holding "<" or ">" are rare in exported tables; such a tag is read as text).
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_-]{0,40})([^<>]*)>")
_OTHER = re.compile(r"<[!?][^<>]*>")  # <!DOCTYPE ...>, <![if ...]>, <?xml ...?>
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp")  # their content is no markup
_RAW_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _RAW_TEXT}

Token = tuple[str, str, str]  # ("start" | "end" | "text", tag name or text, attributes)


def tokens(text: str) -> Iterator[Token]:
    """("start", name, attributes), ("end", name, "") and ("text", unescaped text, "")."""
    position, end = 0, len(text)
    while position < end:
        lt = text.find("<", position)
        if lt < 0:
            yield "text", html.unescape(text[position:]), ""
            return
        if lt > position:
            yield "text", html.unescape(text[position:lt]), ""
        if text.startswith("<!--", lt):
            close = text.find("-->", lt + 4)
            position = end if close < 0 else close + 3
            continue
        tag = _TAG.match(text, lt)
        if tag is None:
            other = _OTHER.match(text, lt)
            if other is None:
                yield "text", "<", ""
                position = lt + 1
            else:
                position = other.end()
            continue
        name = tag.group(2).lower()
        position = tag.end()
        if tag.group(1):
            yield "end", name, ""
            continue
        yield "start", name, tag.group(3)
        if name in _RAW_TEXT and not tag.group(3).rstrip().endswith("/"):
            close = _RAW_END[name].search(text, position)
            position = end if close is None else close.end()
            yield "end", name, ""


def attribute(attributes: str, name: str) -> str | None:
    """The value of an attribute in a tag's attribute text, quoted or not."""
    found = re.search(rf"(?:^|\s){name}\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+)", attributes, re.IGNORECASE)
    return found.group(1).strip("\"'") if found else None
