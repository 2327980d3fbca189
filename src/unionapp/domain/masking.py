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


# ASCII digits not part of a longer run: an ID number (18 or 15 characters, the last of an
# 18 possibly X), or a mobile-like 11-digit number.
_PERSONAL_RUN = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15}|1[0-9]{10})(?![0-9Xx])")


def mask_text(text: str) -> str:
    """Free text (a log line, a traceback) with every ID-number-like and mobile-like run
    masked as mask_id_number / mask_phone would, so no full number leaves the program."""
    return _PERSONAL_RUN.sub(_mask_run, text)


def _mask_run(match: re.Match) -> str:
    run = match.group(0)
    return mask_phone(run) if len(run) == 11 else mask_id_number(run)
