"""年度工作台账: the year's (or a school term's) records in one file for the district
union's inspection. A cover, the contents, then the sections of domain/binder.py in
binder order, each made by the report its area already prints (reports.binder_sections),
bound by reports.bundle: bookmarks per section and sub-section, a running header naming
the section, pages numbered through. The first section, 基本情况, answers the inspector's
usual questions with numbers (services.binder.indicators), each with how it is computed.

    bundle = binder(db, 2026)                 # then reports.output.export(bundle, "台账.pdf")
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from unionapp.domain.binder import DEFAULT_SECTIONS, SECTIONS, YEARLY_SECTIONS, BinderError, period
from unionapp.domain.dates import format_date, format_long_date
from unionapp.reports.binder_sections import SECTION_BUILDERS, Period
from unionapp.reports.bundle import Bundle, Cover
from unionapp.reports.files import Cancelled, ExportCancelled, Progress
from unionapp.reports.model import Column, Report
from unionapp.services import Database, settings

FILE_STEM = "年度工作台账"
BASIC_COLUMNS = (
    Column("item", "项目", "text", 14),
    Column("value", "数值", "text", 22),
    Column("how", "计算方法", "text", 36, wrap=True),
)
HARDSHIP_ASK = "困难职工帮扶含个人困难情况，只在选择“包含困难职工帮扶”（命令行加 --include-hardship）时列入台账。"


def binder_title(union: str, year: int, term: int | None, label: str) -> str:
    """ "某某学校工会2026年度工作台账", or "…2026年春季学期工作台账" for a term."""
    return f"{union}{year}年度工作台账" if term is None else f"{union}{label}工作台账"


def chosen_sections(sections: Sequence[str] | None, include_hardship: bool) -> list[str]:
    """The codes in binder order: the default ones, or those asked for; 困难职工帮扶 only
    when asked for by include_hardship."""
    asked = set(DEFAULT_SECTIONS if sections is None else sections)
    unknown = asked - set(SECTIONS)
    if unknown:
        raise BinderError(f"不认识的台账部分：{'，'.join(sorted(unknown))}。")
    if "hardship" in asked and not include_hardship:
        raise BinderError(HARDSHIP_ASK)
    if include_hardship:
        asked.add("hardship")
    if not asked:
        raise BinderError("没有选择任何台账部分，请至少选择一项。")
    return [code for code in SECTIONS if code in asked]


def section_name(code: str, p: Period) -> str:
    """The section's title; a yearly one in a term's binder says it covers the year."""
    title = SECTIONS[code].title
    return f"{title}（{p.year}年全年）" if p.term is not None and code in YEARLY_SECTIONS else title


def binder(
    db: Database,
    year: int,
    term: int | None = None,
    sections: Sequence[str] | None = None,
    include_hardship: bool = False,
    full: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Bundle:
    """The binder as a bundle (see the module). `full`: full ID numbers and phones in the
    roster (masked otherwise); the hardship section is masked always. `progress(done,
    total)` is told after each section; `cancelled()` is asked before each."""
    start, end, label = period(year, term)
    codes = chosen_sections(sections, include_hardship)
    found = settings.load(db)
    p = Period(db, year, start, end, label, found.union_name, today or date.today(), full, term)
    parts, names = [], []
    for done, code in enumerate(codes):
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        if progress is not None:
            progress(done, len(codes))
        parts.append(basic_section(p, found.chair_name) if code == "basic" else SECTION_BUILDERS[code](p))
        names.append(section_name(code, p))
    if progress is not None:
        progress(len(codes), len(codes))
    title = binder_title(p.union, year, term, label)
    return Bundle(
        title,
        parts,
        names=names,
        cover=Cover(title, _cover_facts(p, found, codes), depth=1, contents_page=True, sheet=False),
        made_on=p.today,
        running_header=True,
    )


def _cover_facts(p: Period, found, codes: list[str]) -> list[tuple[str, str]]:
    masked = "含完整身份证号、手机号，请妥善保管" if p.full else "身份证号、手机号已部分隐藏"
    facts = [
        ("单位", p.union or "—"),
        ("期间", f"{p.label}（{format_date(p.start)} 至 {format_date(p.end)}）"),
        ("制表人", found.operator or found.chair_name or "—"),
        ("制表日期", format_long_date(p.today)),
        ("个人信息", masked),
    ]
    if "hardship" in codes:
        facts.append(("困难职工帮扶", "已列入（花名册已隐去家庭经济情况）"))
    return facts


# ---------------------------------------------------------------- 基本情况


def basic_section(p: Period, chair: str, indicators: Sequence | None = None) -> Report:
    """The union's facts, then the indicators, each with how it is computed. `indicators`:
    rows with label, value (text) and how; by default services.binder.indicators."""
    if indicators is None:
        from unionapp.services import binder as binder_service

        indicators = binder_service.indicators(p.db, p.start, p.end, p.today)
    people = p.people
    staff = [m for m in people if m.status == "active"]
    joined = [m for m in staff if m.is_union_member]
    women = sum(1 for m in joined if m.gender == "F")
    rows = [
        ("单位名称", p.union or "—", ""),
        ("工会主席", chair or "—", ""),
        ("统计期间", p.label, f"{format_date(p.start)} 至 {format_date(p.end)}"),
        ("在职教职工", f"{len(staff)} 人", "会员名册中状态为“在职”的人数（制表日）"),
        ("工会会员", f"{len(joined)} 人（女 {women} 人）", "在职教职工中登记为工会会员的人数（制表日）"),
        *((i.label, i.value, i.how) for i in indicators),
    ]
    return Report(
        f"{p.union}{p.label}工会工作基本情况",
        BASIC_COLUMNS,
        rows,
        union_name=p.union,
        period=p.label,
        made_on=p.today,
        totals={},
        orientation="portrait",
        signatures=("制表人", "工会主席"),
    )
