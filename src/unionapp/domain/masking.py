"""Masking of personal data in printouts and exports (个人信息保护法)."""

from __future__ import annotations


def _mask(text: str, head: int, tail: int) -> str:
    return text[:head] + "*" * (len(text) - head - tail) + text[len(text) - tail:]


def mask_id_number(s: str | None) -> str:
    """"110101199003071234" -> "110101********1234".

    Shows at most the first 6 (area) and last 4 characters, and at least one
    star; a malformed value of 10 characters or fewer is all stars.
    """
    text = (s or "").strip()
    if len(text) > 10:
        return _mask(text, 6, 4)
    return "*" * len(text)


def mask_phone(s: str | None) -> str:
    """"13812345678" -> "138****5678"; values shorter than 8 are all stars."""
    text = (s or "").strip()
    if len(text) >= 8:
        return _mask(text, 3, 4)
    return "*" * len(text)
