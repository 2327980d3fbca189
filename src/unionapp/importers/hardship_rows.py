"""The cells of a hardship roster (困难职工花名册, 建档立卡表) as a school writes them: the
困难级别 ("特困职工", "一般困难"), the 致困原因 (several in one cell: "本人大病、子女上学"),
the incomes ("2,000", "1850元") and the household, listed in 成员N columns or given as the
two totals 家庭人口 and 家庭月收入.

A level or cause nobody knows ("低保", "困难户", "下岗") raises UnknownValue with the
nearest labels, so the window offers them and the command line prints the --map-value:
it is not guessed. An income that is not a number ("约两千", "2千") is the row's problem.

Household from the totals: the file does not say who the other people are or what each
earns, so nobody is invented with a relation or an income of their own. The member is
the 本人 row carrying the household's whole monthly income (or their own, when 本人月收入
is given, and the rest on one 家庭成员 row), and the other people are 家庭成员 rows with
no income; every such row's note says it came from the totals. People and income, hence
the income per head, are exactly the file's.
"""

from __future__ import annotations

import re

from unionapp.domain.hardship import CAUSE_LABELS, HOUSEHOLD_TEXTS, LEVEL_LABELS, MAX_HOUSEHOLD
from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.money import MAX_RECORD_FEN, MAX_RECORD_TEXT, MoneyError, format_fen, parse_amount
from unionapp.domain.text import TextError, clean_text, shown
from unionapp.importers.congress_words import _Words
from unionapp.importers.errors import RowProblem, UnknownValue, collect
from unionapp.importers.headers import HOUSEHOLD_COLUMNS
from unionapp.importers.workbook import as_text
from unionapp.services.hardship import HouseholdInput

LEVEL_WORDS = {
    "extreme": ("特困", "特困职工", "特别困难", "特别困难职工", "特困人员", "特困户", "深度困难"),
    "hardship": ("困难", "困难职工"),
    "general": ("一般", "一般困难", "一般困难职工", "相对困难"),
}
CAUSE_WORDS = {
    "illness_self": ("本人大病", "大病", "重病", "本人重病", "本人患病", "患病", "本人生病", "因病", "本人残疾"),
    "illness_family": ("家属大病", "家属患病", "家属重病", "配偶重病", "配偶患病", "配偶大病", "家人患病",
                       "家人重病", "子女患病", "子女重病", "父母患病", "父母重病", "家属生病"),
    "schooling": ("子女上学", "助学", "子女就学", "子女读书", "子女上大学", "子女教育", "上学", "就学"),
    "disaster": ("意外灾害", "灾害", "意外", "自然灾害", "意外事故", "事故", "火灾", "水灾"),
    "other": ("其他", "其它"),
}  # fmt: skip
RELATION_WORDS = {
    "本人": ("本人", "自己", "户主", "职工本人"),
    "配偶": ("配偶", "妻子", "丈夫", "爱人", "妻", "夫", "老公", "老婆"),
    "子女": ("子女", "儿子", "女儿", "子", "女", "长子", "次子", "长女", "次女", "孩子", "儿女"),
    "父亲": ("父亲", "父", "爸爸"),
    "母亲": ("母亲", "母", "妈妈"),
    "兄弟姐妹": ("兄弟姐妹", "哥哥", "姐姐", "弟弟", "妹妹", "兄", "姐", "弟", "妹", "兄弟", "姐妹"),
}
SELF = "本人"
OTHER_PERSON = "家庭成员"  # someone the totals count, relation not given
FROM_TOTAL = "导入自“家庭月收入”（家庭月收入合计）"
OWN_FROM_FILE = "导入自“本人月收入”"
REST_OF_TOTAL = "其余家庭成员的月收入合计（导入自“家庭月收入”）"
COUNTED_ONLY = "按“家庭人口”补记，关系和收入未单独登记"
NO_INCOME = "文件中未填写月收入"
_SPLIT = re.compile(r"[、，,;；/／\s]+")
_NOT_A_NUMBER = re.compile(r"[^0-9０-９.,，\s¥￥元+\-]")  # "约", "千", "两": words, not a number

LEVEL = _Words("level", "困难级别", LEVEL_LABELS, LEVEL_WORDS, {"特困": ("extreme",)})
CAUSE = _Words("causes", "致困原因", CAUSE_LABELS, CAUSE_WORDS)
_RELATIONS = {word: relation for relation, words in RELATION_WORDS.items() for word in words}


def read_level(value: object, mapping: ImportMappings) -> str:
    level = LEVEL.read(value, mapping, None)
    if level is None:
        raise RowProblem("没有填写困难级别，请填写“特困”“困难”或“一般”")
    return level


def read_causes(value: object, mapping: ImportMappings) -> tuple[str, ...]:
    """The cause codes of one cell, in the labels' order; every unknown word is told."""
    reasons: list[str] = []
    unknown: list[UnknownValue] = []
    codes = [collect(reasons, lambda w=word: CAUSE.read(w, mapping, None), unknown) for word in split_words(value)]
    if reasons:
        raise RowProblem(*reasons, unknown=unknown)
    return tuple(code for code in CAUSE_LABELS if code in codes)


def split_words(value: object) -> list[str]:
    return [w for w in _SPLIT.split(as_text(value)) if w]


def read_income(value: object, label: str) -> int | None:
    """Fen, or None for a blank cell; words ("约两千", "2千") are the row's problem."""
    text = as_text(value)
    if not text:
        return None
    if isinstance(value, str) and (_NOT_A_NUMBER.search(text) or not re.search(r"[0-9０-９]", text)):
        raise RowProblem(
            f"{label}“{shown(text)}”不是数字：请只填写阿拉伯数字金额（单位：元），如 2000 或 1850.50，"
            "不要写“约”“千”“万”等字"
        )
    try:
        fen = parse_amount(value, label)
    except MoneyError as err:
        raise RowProblem(str(err)) from None
    if fen < 0:
        raise RowProblem(f"{label}不能是负数（{format_fen(fen)} 元），没有收入请填 0")
    if fen > MAX_RECORD_FEN:
        raise RowProblem(f"{label}超过 {MAX_RECORD_TEXT}，请检查是否多输了几位")
    return fen


def read_people(value: object) -> int | None:
    """家庭人口 (the member included): "4", 4, "4人", or None for a blank cell."""
    text = as_text(value).removesuffix("人").removesuffix("口").strip()
    if not text:
        return None
    try:
        people = int(float(text)) if re.fullmatch(r"\d+(\.0+)?", text) else -1
    except ValueError:
        people = -1
    if not 1 <= people <= MAX_HOUSEHOLD:
        raise RowProblem(f"家庭人口“{shown(value)}”应是 1 到 {MAX_HOUSEHOLD} 之间的整数（含本人），请核对")
    return people


def read_relation(value: object, label: str) -> str:
    text = as_text(value)
    return _RELATIONS.get("".join(text.split()), _text(text, label, HOUSEHOLD_TEXTS["relation"][1]))


def _text(value: object, label: str, limit: int) -> str:
    try:
        return clean_text(value, label, limit)
    except TextError as err:
        raise RowProblem(str(err)) from None


def read_household(cells: dict[str, object], member_name: str) -> tuple[HouseholdInput, ...]:
    """The household (the member included) from the 成员N columns, else from the totals."""
    reasons: list[str] = []
    listed = [collect(reasons, lambda n=n: _listed(cells, n)) for n in range(1, HOUSEHOLD_COLUMNS + 1)]
    own = collect(reasons, lambda: read_income(cells.get("self_income"), "本人月收入"))
    people = collect(reasons, lambda: read_people(cells.get("people")))
    total = collect(reasons, lambda: read_income(cells.get("household_income"), "家庭月收入"))
    if reasons:
        raise RowProblem(*reasons)
    persons = [p for p in listed if p is not None]
    if persons:
        return _from_listed(persons, member_name, own, people, total)
    return _from_totals(member_name, own, people, total)


def _listed(cells: dict[str, object], n: int) -> HouseholdInput | None:
    name, relation, income = (cells.get(f"member{n}_{part}") for part in ("name", "relation", "income"))
    if all(not as_text(v) for v in (name, relation, income)):
        return None
    reasons: list[str] = []
    who = _text(name, f"成员{n}姓名", HOUSEHOLD_TEXTS["name"][1]) if as_text(name) else ""
    kin = collect(reasons, lambda: read_relation(relation, f"成员{n}关系")) or ""
    fen = collect(reasons, lambda: read_income(income, f"成员{n}月收入"))
    if not kin and not reasons:
        reasons.append(f"成员{n}（{shown(who) or '未填姓名'}）没有填写与本人的关系，请填写，如“配偶”“子女”")
    if reasons:
        raise RowProblem(*reasons)
    return HouseholdInput(kin, who, fen or 0, "" if fen is not None else NO_INCOME)


def _from_listed(
    persons: list[HouseholdInput], member_name: str, own: int | None, people: int | None, total: int | None
) -> tuple[HouseholdInput, ...]:
    selves = [p for p in persons if p.relation == SELF]
    if len(selves) > 1:
        raise RowProblem("家庭成员中有两位“本人”，请核对关系")
    if selves and own is not None and selves[0].monthly_income_fen != own:
        raise RowProblem("“本人月收入”与家庭成员中“本人”的月收入不同，请核对")
    if not selves:  # the member is one of the household: counted in the income per head
        persons.insert(0, _self(member_name, own))
    problems = []
    if people is not None and people != len(persons):
        problems.append(f"家庭人口填写 {people} 人，但列出的家庭成员（含本人）共 {len(persons)} 人，请核对")
    summed = sum(p.monthly_income_fen for p in persons)
    if total is not None and total != summed:
        problems.append(f"家庭月收入 {format_fen(total)} 元与各成员月收入之和 {format_fen(summed)} 元不符，请核对")
    if problems:
        raise RowProblem(*problems)
    return tuple(persons)


def _self(member_name: str, own: int | None) -> HouseholdInput:
    return HouseholdInput(SELF, member_name, own or 0, OWN_FROM_FILE if own is not None else NO_INCOME)


def _from_totals(
    member_name: str, own: int | None, people: int | None, total: int | None
) -> tuple[HouseholdInput, ...]:
    if people is None:
        if total is not None:
            raise RowProblem("填写了家庭月收入，请同时填写家庭人口（含本人），以便计算人均月收入")
        return (_self(member_name, own),) if own is not None else ()
    if own is None:  # the whole household's income stands on the member's row
        fen, note = (total, FROM_TOTAL) if total is not None else (0, NO_INCOME)
        first = HouseholdInput(SELF, member_name, fen, note)
        rest = 0
    else:
        first = _self(member_name, own)
        rest = (total - own) if total is not None else 0
        if rest < 0:
            raise RowProblem(f"本人月收入 {format_fen(own)} 元大于家庭月收入 {format_fen(total)} 元，请核对")
        if rest and people == 1:
            raise RowProblem("家庭人口为 1 人时，家庭月收入应等于本人月收入，请核对")
    others = [HouseholdInput(OTHER_PERSON, "", 0, COUNTED_ONLY) for _ in range(people - 1)]
    if rest:
        others[0] = HouseholdInput(OTHER_PERSON, "", rest, f"{COUNTED_ONLY}；{REST_OF_TOTAL}")
    return (first, *others)
