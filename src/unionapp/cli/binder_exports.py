"""`unionapp export binder --year Y [--term 1|2] [--sections a,b,c] [--include-hardship]
[--full-id] -o FILE.pdf|FILE.xlsx`: the 年度工作台账 (reports.binder).

--term here is the school term (1 春季学期, 2 秋季学期), not a congress term; --year
defaults to this year. CSV is refused by the bundle itself, in Chinese."""

from __future__ import annotations

from datetime import date

from unionapp.cli.common import out
from unionapp.domain.binder import parse_sections
from unionapp.reports.binder import binder
from unionapp.reports.bundle import Bundle


def binder_export(db, args) -> Bundle:
    sections = parse_sections(args.sections) if getattr(args, "sections", None) else None
    year = args.year or date.today().year
    if not args.year:
        out(f"未指定 --year，使用今年：{year}年")
    return binder(
        db,
        year,
        term=getattr(args, "term", None),
        sections=sections,
        include_hardship=getattr(args, "include_hardship", False),
        full=args.full_id,
    )


def binder_note(args) -> str:
    """What the file holds that must be kept safe, said after the path."""
    note = "含完整身份证号/手机号" if args.full_id else "身份证号、手机号已部分隐藏"
    if getattr(args, "include_hardship", False):
        note += "；含困难职工帮扶情况"
    return f"（{note}，请妥善保管）" if args.full_id or args.include_hardship else f"（{note}）"
