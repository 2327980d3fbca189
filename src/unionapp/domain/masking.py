"""Masking of personal data in printouts and exports (个人信息保护法)."""

from __future__ import annotations

import re


def _mask(text: str, head: int, tail: int) -> str:
    return text[:head] + "*" * (len(text) - head - tail) + text[len(text) - tail :]


def mask_id_number(s: str | None) -> str:
    """ "110101199003071234" -> "110101********1234".

    Shows at most the first 6 (area) and last 4 characters, and at least one
    star; a malformed value of 10 characters or fewer is all stars.
    """
    text = (s or "").strip()
    if len(text) > 10:
        return _mask(text, 6, 4)
    return "*" * len(text)


def mask_phone(s: str | None) -> str:
    """ "13812345678" -> "138****5678"; values shorter than 8 are all stars."""
    text = (s or "").strip()
    if len(text) >= 8:
        return _mask(text, 3, 4)
    return "*" * len(text)


# A run of digits (ASCII or full-width) in which single spaces or dashes may sit between
# digits, as people write "138 1234 5678" or "110101-19900307-1234", an ID ending perhaps
# in X. Within a run, each stretch of whole groups that is an ID number (18 or 15 digits,
# the last of 18 possibly X) or a mobile number (11 digits from 1) is masked.
_DIGIT = "0-9\uff10-\uff19"
_SEP = " \u3000\\-\u2010\u2011\u2012\u2013\uff0d"
_RUN = re.compile(rf"(?<![{_DIGIT}])[{_DIGIT}](?:[{_SEP}]?[{_DIGIT}])*[XxＸｘ]?(?![{_DIGIT}XxＸｘ])")
_GROUPS = re.compile(rf"([{_SEP}])")
_PLAIN = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")
_SHORTEST, _LONGEST = 11, 18


def mask_text(text: str) -> str:
    """Free text (a log line, a traceback) with every ID-number-like and mobile-like run
    masked as mask_id_number / mask_phone would, so no full number leaves the program.
    A masked stretch loses its separators: the stars would otherwise count them."""
    return _RUN.sub(_mask_run, text)


def _mask_run(match: re.Match) -> str:
    run = match.group(0)
    if len(run) < _SHORTEST:
        return run
    parts = _GROUPS.split(run)  # digit groups at even places, separators between
    groups, out, i = parts[::2], [], 0
    while i < len(groups):
        for j in range(_last_group(groups, i), i, -1):  # the longest stretch from i first
            masked = _masked("".join(groups[i:j]).translate(_PLAIN))
            if masked:
                out.append(masked)
                break
        else:
            j = i + 1
            out.append(groups[i])
        if j < len(groups):
            out.append(parts[2 * j - 1])
        i = j
    return "".join(out)


def _last_group(groups: list[str], i: int) -> int:
    """The end of the longest stretch from group i holding at most 18 digits (no ID or
    mobile number is longer): bounds the search on a run of many short groups."""
    size, j = 0, i
    while j < len(groups) and size + len(groups[j]) <= _LONGEST:
        size += len(groups[j])
        j += 1
    return max(j, i + 1)


def _masked(plain: str) -> str:
    """The masked form of a whole ID or mobile number, or "" when `plain` is neither."""
    if "X" in plain[:-1] or "x" in plain[:-1]:
        return ""
    if len(plain) == 11 and plain.isdigit() and plain[0] == "1":
        return mask_phone(plain)
    if (len(plain) == 18 and plain[:17].isdigit()) or (len(plain) == 15 and plain.isdigit()):
        return mask_id_number(plain)
    return ""
