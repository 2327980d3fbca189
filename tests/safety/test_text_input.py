"""Text and money typed into forms go through the services' one cleaning rule: invisible
and control characters are taken out, a name left empty or a lone surrogate is refused
in Chinese, money is bounded to 1 亿元, a note to 2,000 characters; and an xlsx cell too
long for Excel says it was cut. Each case goes through the service a form calls."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from unionapp.domain.errors import DomainError
from unionapp.domain.members import MemberError, MemberInput
from unionapp.domain.visits import Standard
from unionapp.reports.model import Column, Report
from unionapp.reports.output import export
from unionapp.services import budget, checkups, dues, groups, ledger, members, settings, visits
from unionapp.services.checkups import CampaignInput
from unionapp.services.ledger import EntryInput, LedgerFilter
from unionapp.services.visits import VisitInput

TODAY = date.today()
TOO_MUCH = "不能超过 1 亿元"


def stored_name(db, member_id: int) -> str:
    return members.get_member(db, member_id).name


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("\u202e三张", "三张"),  # a right-to-left override: shown as "张三", searched as "三张"
        ("张\u200b三", "张三"),  # a zero-width space: looks like 张三, never found by that name
        ("王\x07五\x00", "王五"),  # a bell and a NUL (which cut the name in C code)
        ("\u2066李\u2069\ufeff四\u00ad", "李四"),  # isolates, a BOM and a soft hyphen
        ("e\u0301", "\u00e9"),  # NFC: the decomposed é stored as the one character
        ("张\ufe0f三", "张三"),  # a variation selector: looks like a duplicate of 张三
        ("张\U000e0100三", "张三"),  # a supplementary variation selector, just as invisible
        ("李\u0600\u06dd\U00013430四", "李四"),  # format characters of other scripts
        ("张\ue000", "张\ue000"),  # a private-use character: a rare character of a name
    ],
)
def test_member_names_are_cleaned_on_add_and_edit(db, typed, kept):
    member_id = members.add_member(db, MemberInput(name=typed))
    assert stored_name(db, member_id) == kept
    row = members.get_member(db, member_id)
    members.update_member(db, member_id, MemberInput(name="赵" + typed), expected_version=row.version)
    assert stored_name(db, member_id) == "赵" + kept


def test_a_name_of_only_invisible_characters_is_refused(db):
    with pytest.raises(MemberError) as err:
        members.add_member(db, MemberInput(name="\u200b\u200c\u2060\u202e"))
    assert "姓名不能为空" in str(err.value) and "看不见" in str(err.value)
    assert members.count_members(db) == 0


@pytest.mark.parametrize("typed", ["\ufe0f\ufe0f", "\u2800", "\u034f", "\u17b4\u17b5", "\u3164\u115f"])
def test_a_name_of_only_blank_looking_characters_is_refused(db, typed):
    with pytest.raises(MemberError) as err:
        members.add_member(db, MemberInput(name=typed))
    assert "姓名不能为空" in str(err.value) and "看不见" in str(err.value)
    assert members.count_members(db) == 0


def test_a_lone_surrogate_is_refused_in_chinese(db):
    with pytest.raises(MemberError, match="姓名中有无法保存的残缺字符"):
        members.add_member(db, MemberInput(name="张\ud800三"))
    with pytest.raises(MemberError, match="备注中有无法保存的残缺字符"):
        members.add_member(db, MemberInput(name="张三", notes="住院\udfff"))
    assert members.count_members(db) == 0


def test_other_member_text_is_cleaned_and_notes_keep_their_lines(db):
    member_id = members.add_member(
        db,
        MemberInput(
            name="张三",
            department="高一\u200b年级",
            title="\u202e高级教师",
            phone="138\u200b1234\u20605678",
            notes="第一行\u202e\r\n第二行\t（附注）\x00",
        ),
    )
    row = members.get_member(db, member_id)
    assert (row.department, row.title, row.phone) == ("高一年级", "高级教师", "13812345678")
    assert row.notes == "第一行\n第二行\t（附注）"


def test_a_million_character_note_is_refused_with_a_message(db):
    with pytest.raises(MemberError, match="备注太长（最多 2,000 个字，这里有 1,000,000 个字）"):
        members.add_member(db, MemberInput(name="张三", notes="备" * 1_000_000))
    member_id = members.add_member(db, MemberInput(name="张三", notes="备" * 2_000))
    assert members.get_member(db, member_id).notes == "备" * 2_000


def test_an_enormous_base_pay_is_refused_in_chinese(db):
    with pytest.raises(MemberError, match=f"月基本工资太大（{TOO_MUCH}）"):
        members.add_member(db, MemberInput(name="张三", base_pay_fen=10**19))
    member_id = members.add_member(db, MemberInput(name="张三", base_pay_fen=10**10))
    assert members.get_member(db, member_id).base_pay_fen == 10**10


@pytest.fixture
def cats(db):
    return {c.code: c for c in ledger.list_categories(db)}


@pytest.mark.parametrize("fen", [9_300_000_000_000_000_000, 9.3e18, 10**18, 1e18, 10**10 + 1])
def test_an_enormous_ledger_amount_is_refused_in_chinese(db, cats, fen):
    with pytest.raises(DomainError, match=f"金额太大（{TOO_MUCH}）"):
        ledger.add_entry(db, EntryInput(TODAY, cats["sports"].id, fen, "购买器材"))
    with db.session() as s, pytest.raises(DomainError, match=TOO_MUCH):  # what visits, dues and imports call
        ledger.post(s, entry_date=TODAY, category_id=cats["sports"].id, amount_fen=fen, summary="购买器材")
    assert ledger.list_entries(db, LedgerFilter()) == []


def test_one_hundred_million_yuan_is_the_most_an_entry_takes(db, cats):
    ledger.add_entry(db, EntryInput(TODAY, cats["upper_subsidy"].id, 10**10, "上级补助"))
    assert [e.amount_fen for e in ledger.list_entries(db, LedgerFilter())] == [10**10]


def test_money_is_bounded_in_every_service_that_takes_it(db, cats):
    huge = 10**19
    attempts = {
        "期初余额": lambda: ledger.set_opening_balance(db, TODAY.year, huge),
        "预算金额": lambda: budget.set_budget(db, TODAY.year, {cats["sports"].id: huge}),
        "每人每月会费": lambda: dues.save_rule(db, dues.DuesRule("fixed", huge, Decimal(5), Decimal(40), Decimal(60))),
        "工资总额": lambda: dues.post_allocation(db, TODAY, huge, "本月"),
        "每人费用": lambda: checkups.create_campaign(
            db, CampaignInput(TODAY.year, "体检", "all_active", date(TODAY.year, 1, 1), TODAY, cost_per_person_fen=huge)
        ),
        "标准金额": lambda: visits.add_type(db, "新类型", Standard("fixed", huge), cats["welfare"].id),
    }
    for field, attempt in attempts.items():
        with pytest.raises(DomainError, match=f"{field}太大（{TOO_MUCH}）"):
            attempt()
    member_id = members.add_member(db, MemberInput(name="张三"))
    hospital = next(t for t in visits.list_types(db) if t.code == "hospital")
    with pytest.raises(DomainError, match=f"慰问金太大（{TOO_MUCH}）"):
        visits.add_visit(db, VisitInput(member_id, hospital.id, TODAY, reason="住院", money_fen=huge))
    assert ledger.list_entries(db, LedgerFilter()) == [] and budget.get_budget(db, TODAY.year) == {}


def test_names_of_groups_categories_types_and_campaigns_are_cleaned_or_refused(db, cats):
    invisible = "\u200b\u202e\ufeff"
    refusals = {
        "小组名称": lambda: groups.add_group(db, invisible),
        "科目名称": lambda: ledger.add_category(db, invisible, "expense"),
        "类型名称": lambda: visits.add_type(db, invisible, Standard("none"), cats["welfare"].id),
        "体检名称": lambda: checkups.create_campaign(
            db, CampaignInput(TODAY.year, invisible, "all_active", date(TODAY.year, 1, 1), TODAY)
        ),
    }
    for field, attempt in refusals.items():
        with pytest.raises(DomainError, match=f"{field}不能为空"):
            attempt()
    group_id = groups.add_group(db, "高一\u200b组\x07")
    assert [g.name for g in groups.list_groups(db) if g.id == group_id] == ["高一组"]
    cat_id = ledger.add_category(db, "\u202e春游", "expense")
    assert [c.name for c in ledger.list_categories(db) if c.id == cat_id] == ["春游"]


def test_visit_and_ledger_text_is_cleaned_and_capped(db, cats):
    member_id = members.add_member(db, MemberInput(name="张三"))
    wedding = next(t for t in visits.list_types(db) if t.code == "wedding")
    with pytest.raises(DomainError, match="备注太长"):
        visits.add_visit(db, VisitInput(member_id, wedding.id, TODAY, money_fen=50_000, notes="注" * 2_001))
    visit_id = visits.add_visit(
        db,
        VisitInput(
            member_id, wedding.id, TODAY, money_fen=50_000, visitors="王\u200b主席", notes="第一行\n\u202e第二行"
        ),
    )
    saved = visits.visit_input(db, visit_id)
    assert (saved.visitors, saved.notes) == ("王主席", "第一行\n第二行")
    with pytest.raises(DomainError, match="摘要太长"):
        ledger.add_entry(db, EntryInput(TODAY, cats["sports"].id, 100, "摘" * 201))
    ledger.add_entry(db, EntryInput(TODAY, cats["sports"].id, 100, "球拍\u200b\x00", handler="\u202e李四"))
    entry = [e for e in ledger.list_entries(db, LedgerFilter()) if e.source == "manual"][0]
    assert (entry.summary, entry.handler) == ("球拍", "李四")


def test_the_operator_and_union_names_are_cleaned(db):
    settings.save(
        db, settings.UnionSettings(union_name="某某中学\u200b工会", chair_name="\u202e张三", operator="李\x07四")
    )
    saved = settings.load(db)
    assert (saved.union_name, saved.chair_name, saved.operator) == ("某某中学工会", "张三", "李四")
    with pytest.raises(DomainError, match="操作人中有无法保存的残缺字符"):
        settings.save(db, settings.UnionSettings(union_name="某某中学工会", operator="王\ud83d"))


def test_an_xlsx_cell_cut_at_excels_limit_says_so(tmp_path):
    long_note = "长" * 40_000
    report = Report(
        "名单", (Column("name", "姓名"), Column("notes", "备注", width=40)), [("张三", long_note), ("李四", "短备注")]
    )
    result = export(report, tmp_path / "名单.xlsx")
    assert any("32,767" in w and "已截断" in w for w in result.warnings), result.warnings
    book = openpyxl.load_workbook(tmp_path / "名单.xlsx", read_only=True)
    cells = {row[0]: row[1] for row in book.active.iter_rows(values_only=True) if row[0] in ("张三", "李四")}
    book.close()
    assert cells["张三"].endswith("…（已截断）") and len(cells["张三"]) <= 32_767
    assert cells["张三"].startswith("长" * 32_000) and cells["李四"] == "短备注"
    assert export(Report("名单", report.columns, [("李四", "短备注")]), tmp_path / "短.xlsx").warnings == []
