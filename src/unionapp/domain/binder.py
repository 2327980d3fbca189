"""The inspection binder (年度工作台账): its sections in binder order, the period it covers
(a year or a school term) and the indicators on its first page, each with the sentence
that says how it is computed. Pure definitions: services/binder.py computes the figures,
reports/binder.py lays the sections out."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from unionapp.domain.errors import DomainError
from unionapp.domain.text import NOTE_LIMIT


class BinderError(DomainError):
    """A binder request the user can fix (an unknown section, a bad term)."""


class Section(NamedTuple):
    title: str
    subsections: tuple[str, ...]


# Binder order. Codes are what `export binder --sections` and the dialog use.
SECTIONS: dict[str, Section] = {
    "basic": Section("基本情况", ("工会概况", "主要指标")),
    "roster": Section("会员名册", ("会员名册",)),
    "dues": Section("会费收缴", ("会费收缴登记表",)),
    "budget": Section("经费预算与执行", ("经费预算", "预算执行情况")),
    "ledger": Section("收支明细账", ("收支明细账",)),
    "disclosure": Section("经费收支公开", ("经费公开登记", "经费收支公开表")),
    "visits": Section("五必访登记与慰问金签收表", ("五必访登记表", "慰问金签收表")),
    "activities": Section("发放与活动", ("活动一览", "发放登记")),
    "checkups": Section("体检", ("体检名单", "体检情况")),
    "congress": Section("教代会与提案", ("教代会", "提案与答复")),
    "hardship": Section("困难职工帮扶", ("困难职工花名册", "帮扶情况统计表")),
    "plan": Section("年度工作计划与完成情况", ("年度工作计划完成情况",)),
    "audit": Section("修改日志摘要", ("按模块与操作统计", "删除与冲销记录")),
}

# Sections that only come in when asked for (and then masked).
OPT_IN_SECTIONS = frozenset({"hardship"})
# Sections that are yearly by nature: a term binder prints the whole year and says so.
YEARLY_SECTIONS = frozenset({"budget", "disclosure", "plan"})
DEFAULT_SECTIONS: tuple[str, ...] = tuple(c for c in SECTIONS if c not in OPT_IN_SECTIONS)

# term → (name, (first month, first day), (last month, last day))
TERMS: dict[int, tuple[str, tuple[int, int], tuple[int, int]]] = {
    1: ("春季学期", (1, 1), (7, 31)),
    2: ("秋季学期", (8, 1), (12, 31)),
}

NO_DISCLOSURE_TEXT = "本年度没有登记经费公开"
# Added to an indicator's "how" when a term binder shows a figure its area keeps by year.
WHOLE_YEAR_NOTE = "（学期台账中按全年统计）"


def period(year: int, term: int | None = None) -> tuple[date, date, str]:
    """First day, last day and label ("2026年", "2026年春季学期") of a binder's period."""
    if not 1900 <= year <= 9999:
        raise BinderError(f"年份“{year}”不对：请写四位数的年份，例如 2026")
    if term is None:
        return date(year, 1, 1), date(year, 12, 31), f"{year}年"
    if term not in TERMS:
        raise BinderError(f"学期“{term}”不对：1 表示春季学期（1月1日—7月31日），2 表示秋季学期（8月1日—12月31日）")
    name, (m1, d1), (m2, d2) = TERMS[term]
    return date(year, m1, d1), date(year, m2, d2), f"{year}年{name}"


def known_codes_text() -> str:
    return "，".join(f"{code}（{s.title}）" for code, s in SECTIONS.items())


def parse_sections(text: str | None) -> tuple[str, ...]:
    """A comma list of section codes ("dues,budget" or "dues，budget") in binder order,
    duplicates dropped. Empty means the default sections."""
    if text is None or not text.strip():
        return DEFAULT_SECTIONS
    asked = [p.strip().lower() for p in text.replace("，", ",").split(",") if p.strip()]
    unknown = [p for p in asked if p not in SECTIONS]
    if unknown:
        raise BinderError(f"不认识的台账部分：{'，'.join(unknown)}。可选的有：{known_codes_text()}")
    return tuple(c for c in SECTIONS if c in asked)


class IndicatorDef(NamedTuple):
    label: str
    how: str


# The first page's indicators, in print order, with how each is computed.
INDICATORS: dict[str, IndicatorDef] = {
    "membership": IndicatorDef("入会率", "在职教职工中的工会会员人数 ÷ 在职教职工人数（按制表时的名册）"),
    "dues": IndicatorDef("会费收缴率", "已记账的月份 ÷ 本期已到的月份（会费每月记账一次）"),
    "budget": IndicatorDef("预算执行率", "支出类科目本年实际支出合计 ÷ 支出类科目本年预算合计"),
    "visits": IndicatorDef("五必访", "本期已访的人次（按走访类别分列）与慰问金合计，与五必访汇总表一致"),
    "checkup_all": IndicatorDef("体检覆盖率（全体）", "本期全体在职教职工体检的已参加人数 ÷ 应参加人数"),
    "checkup_women": IndicatorDef("体检覆盖率（女职工）", "本期女教职工体检的已参加人数 ÷ 应参加人数"),
    "hardship_files": IndicatorDef("困难职工建档数", "期末在档的困难职工人数（括号内为本期新建档的人数）"),
    "hardship_help": IndicatorDef(
        "帮扶金额", "本年任何时候在档的困难职工人数与所获走访、发放、奖品金额合计，与帮扶情况统计表一致"
    ),
    "activity": IndicatorDef("活动参与率", "本年至少参加一次活动的在职会员 ÷ 在职会员，与活动一览表一致"),
    "proposals": IndicatorDef("提案立案数", "本期召开的教代会会议收到的提案中立案的件数"),
    "proposal_reply": IndicatorDef("提案答复率", "已答复的立案提案 ÷ 立案提案"),
    "proposal_satisfied": IndicatorDef("提案满意率", "满意和基本满意的答复 ÷ 提案人已反馈意见的答复"),
    "disclosures": IndicatorDef("经费公开次数", "本年度登记的经费收支公开次数（经费 → 公开记录）"),
}


# ---------------------------------------------------------------- 经费收支公开 records

DISCLOSURE_TEXTS = {
    "period": ("公开期间", 50, False),
    "place": ("公开方式", 100, False),
    "note": ("备注", NOTE_LIMIT, True),
}
DISCLOSURE_PLACES = ("校务公开栏", "教代会", "教职工大会", "校园网", "工会微信群")


class DisclosureInput(NamedTuple):
    """One publication of a year's accounts: the day, the period shown, where, a note."""

    year: int
    published_on: date | None
    period: str = ""
    place: str = ""
    note: str = ""


def disclosure_problems(data: DisclosureInput) -> list[str]:
    """What is wrong with the dates (texts are checked by clean_fields with DISCLOSURE_TEXTS).
    The accounts of a year are posted during it or, for the year's final accounts, early
    the next year."""
    if not 1900 <= data.year <= 9999:
        return [f"年度“{data.year}”不对：请写四位数的年份"]
    if data.published_on is None:
        return ["请填写公开日期"]
    if data.published_on.year not in (data.year, data.year + 1):
        return [
            f"公开日期 {data.published_on} 不在 {data.year} 年或 {data.year + 1} 年：{data.year} 年的经费在当年或次年公开"
        ]
    return []
