"""Past handouts lists → plan_handout_import → apply_handout_import: rows grouped into
one issued handout per (名称, 日期), people matched on the roster, the service's own
refusals (someone who had left, a closed year) and the spending rules' warnings told in
the plan, one ledger entry per handout equal to its rows' sum, nothing half-written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from unionapp.db.models import AuditEntry, Handout, HandoutRecipient, LedgerEntry
from unionapp.domain.errors import DomainError
from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.members import MemberInput
from unionapp.domain.spending_rules import SpendingRule
from unionapp.importers.errors import ImportRefused
from unionapp.importers.fields import unknown_lines
from unionapp.importers.handouts import HandoutDefaults, apply_handout_import, plan_handout_import
from unionapp.services import handouts, ledger, members, spending_rules
from unionapp.services.check import run_check
from unionapp.services.errors import NeedsReason
from unionapp.services.ledger import LedgerFilter

from .workbooks import id_for, write_xlsx

TODAY = date.today()
LAST = TODAY.year - 1
HEADER = ["序号", "姓名", "工会小组", "身份证号", "发放名称", "发放日期", "类型", "物品", "金额（元）", "备注"]
TITLES = [f"阳光中学工会{LAST}年福利发放名单"]
ZHANG_HIGH = id_for(date(1980, 5, 6), 11, "M")
ZHANG_MIDDLE = id_for(date(1985, 7, 8), 13, "M")
WOMEN = f"{LAST}年三八节慰问品"
SUMMER = f"{LAST}年防暑降温"


def write(path, rows, header=HEADER, titles=TITLES):
    return write_xlsx(path, header, rows, titles=titles, sheet="发放名单")


@pytest.fixture
def people(db):
    made = {}
    for key, name, gender, birth, group, id_number in [
        ("zhang_high", "张伟", "M", date(1980, 5, 6), "高中组", ZHANG_HIGH),
        ("zhang_middle", "张伟", "M", date(1985, 7, 8), "初中组", ZHANG_MIDDLE),
        ("li", "李娜", "F", date(1990, 1, 2), "小学组", ""),
        ("wang", "王芳", "F", date(1972, 3, 4), "初中组", ""),
        ("chen", "陈静", "F", date(1992, 9, 9), "初中组", ""),
    ]:
        made[key] = members.add_member(
            db,
            MemberInput(name=name, gender=gender, birth_date=birth, group_name=group, id_number=id_number),
        )
    return made


def counts(db) -> tuple[int, int, int]:
    with db.session() as s:
        return (
            s.scalar(select(func.count(Handout.id))),
            s.scalar(select(func.count(HandoutRecipient.id))),
            s.scalar(select(func.count(LedgerEntry.id))),
        )


GOOD = [
    [1, "李娜", "小学组", None, WOMEN, date(LAST, 3, 8), "三八慰问", "保温杯", 150],
    [2, "王芳", None, None, WOMEN, f"{LAST}-03-08", "三八", "保温杯", "150.00"],
    [3, "陈静", None, None, WOMEN, date(LAST, 3, 8), None, "保温杯、丝巾", 200, "组长"],
    [4, "张伟", "高中组", None, SUMMER, date(LAST, 7, 10), "防暑降温", None, 300],
    [5, "张伟", None, ZHANG_MIDDLE, SUMMER, date(LAST, 7, 10), "防暑降温", None, 300],
    [6, "李娜", None, None, SUMMER, date(LAST, 7, 10), "防暑", "", "300元"],
    [],
    [None, "合计", None, None, None, None, None, None, "=SUM(I3:I8)"],
]


def test_rows_become_issued_handouts_with_one_ledger_entry_each(db, people, tmp_path):
    plan = plan_handout_import(db, write(tmp_path / "list.xlsx", GOOD))
    assert plan.problem_lines() == [] and plan.header_row == 2 and plan.missing == []
    assert [(h.name, h.kind, len(h.recipients), h.total_fen) for h in plan.handouts] == [
        (WOMEN, "womens_day", 3, 50_000),
        (SUMMER, "summer", 3, 90_000),
    ]
    names = {c.code: c.full_name for c in ledger.list_categories(db)}
    assert [h.category_name for h in plan.handouts] == [names["welfare"], names["labour_protection"]]
    assert "新增已发放的发放 2 次，共 6 人次，合计 1,400.00 元" in plan.summary()
    assert counts(db) == (0, 0, 0)  # planning wrote nothing (its trial was rolled back)
    result = apply_handout_import(db, plan)
    assert (result.added, result.recipients, result.total_fen, result.refused) == (2, 6, 140_000, 0)
    stored = {h.name: h for h in handouts.list_handouts(db)}
    women, summer = stored[WOMEN], stored[SUMMER]
    assert (women.status, women.kind, women.value_kind, women.value_fen) == ("issued", "womens_day", "goods", 15_000)
    assert women.item == "保温杯、保温杯、丝巾"
    assert (summer.value_kind, summer.handout_date, summer.recipients) == ("money", date(LAST, 7, 10), 3)
    got = {(r.member_id, r.value_fen) for r in handouts.list_recipients(db, summer.id)}
    assert got == {(people["zhang_high"], 30_000), (people["zhang_middle"], 30_000), (people["li"], 30_000)}
    assert {r.member_id: r.value_fen for r in handouts.list_recipients(db, women.id)}[people["chen"]] == 20_000
    posted = ledger.list_entries(db, LedgerFilter(source="handout"))
    by_source = {e.source_id: e.amount_fen for e in posted}
    assert by_source == {women.id: 50_000, summer.id: 90_000}  # one entry each, the rows' sum
    with db.session() as s:
        codes = dict(s.execute(select(LedgerEntry.source_id, LedgerEntry.category_id)).all())
        assert codes[summer.id] == ledger.category_id_for_code(s, "labour_protection")
        assert codes[women.id] == ledger.category_id_for_code(s, "welfare")
        assert s.scalar(select(func.count()).where(AuditEntry.action == "import", AuditEntry.entity == "handout")) == 1
    assert handouts.member_handouts(db, people["li"])[0].value_fen in (15_000, 30_000)
    assert run_check(db).ok


def test_the_same_file_again_is_skipped_not_doubled(db, people, tmp_path):
    path = write(tmp_path / "list.xlsx", GOOD)
    apply_handout_import(db, plan_handout_import(db, path))
    again = plan_handout_import(db, path)
    assert again.handouts == [] and len(again.existing) == 6 and again.refused == []
    apply_handout_import(db, again)
    assert counts(db) == (2, 6, 2)


def test_bad_rows_are_told_and_nothing_is_written(db, people, tmp_path):
    ledger.close_year(db, LAST - 1)
    members.set_status(db, [people["wang"]], "transferred", on=date(LAST, 2, 1))
    rows = [
        [1, "李娜", None, None, WOMEN, date(LAST, 3, 8), "三八慰问", "保温杯", 150],
        [2, "王芳", None, None, WOMEN, date(LAST, 3, 8), "三八慰问", "保温杯", 150],  # left on 2-1
        [3, "李娜", None, None, WOMEN, date(LAST, 3, 8), "三八慰问", "保温杯", 150],  # twice
        [4, "陈静", None, None, WOMEN, date(LAST, 3, 8), "三八慰问", "保温杯", -150],  # negative
        [5, "刘洋", None, None, WOMEN, date(LAST, 3, 8), "三八慰问", "保温杯", 150],  # not on the roster
        [6, "张伟", None, None, SUMMER, date(LAST, 7, 10), "防暑降温", None, 300],  # two 张伟
        [7, "陈静", None, None, "旧账", date(LAST - 1, 9, 10), "节日慰问", "月饼", 100],  # closed year
        [8, "陈静", None, None, SUMMER, date(LAST, 7, 10), "防暑降温", None, "三百"],  # unreadable
    ]
    before = counts(db)
    plan = plan_handout_import(db, write(tmp_path / "bad.xlsx", rows))
    lines = plan.problem_lines()
    assert any(line.startswith("第 4 行（王芳）：王芳已于") and "离开本校" in line for line in lines)
    assert any(line.startswith("第 5 行（李娜）：与第 3 行是同一次发放的同一人") for line in lines)
    assert any(line.startswith("第 6 行（陈静）：金额不能为负数") for line in lines)
    assert "第 7 行（刘洋）：姓名“刘洋”不在会员名册中，请先在会员名单中添加或更正姓名" in lines
    assert any(line.startswith("第 8 行（张伟）：会员名册中有 2 位名叫“张伟”的会员") for line in lines)
    assert any(line.startswith("第 9 行（旧账）：发放“旧账”") and f"{LAST - 1} 年已经结账" in line for line in lines)
    assert any(line.startswith("第 10 行（陈静）：") and "金额" in line for line in lines)
    assert [h.name for h in plan.handouts] == [WOMEN]  # 李娜 alone is good
    with pytest.raises(ImportRefused):
        apply_handout_import(db, plan)
    assert counts(db) == before
    result = apply_handout_import(db, plan, skip_errors=True)
    assert (result.added, result.recipients, result.refused) == (1, 1, 7)
    assert counts(db) == (1, 1, 1)


def test_the_service_refuses_someone_who_left_if_planned_before_they_left(db, people, tmp_path):
    """The plan was made while 王芳 was on staff; she leaves before it is applied: the
    service refuses the handout and the whole file is rolled back."""
    plan = plan_handout_import(db, write(tmp_path / "list.xlsx", GOOD))
    members.set_status(db, [people["wang"]], "deceased", on=date(LAST, 1, 5))
    with pytest.raises(ImportRefused) as refused:
        apply_handout_import(db, plan)
    assert any("离开本校" in line for line in refused.value.lines())
    assert counts(db) == (0, 0, 0)


def test_outside_a_spending_rule_needs_a_reason(db, people, tmp_path):
    spending_rules.add_rule(db, SpendingRule("festival_per_person_year", date(2000, 1, 1), max_fen=18_000))
    plan = plan_handout_import(db, write(tmp_path / "list.xlsx", GOOD))
    assert plan.refused == [] and len(plan.handouts) == 2
    warned = plan.warning_lines()
    assert len(warned) == 1 and WOMEN in warned[0] and "节日慰问每人每年上限" in warned[0]
    assert "需填写说明" in plan.summary()
    with pytest.raises(NeedsReason) as needs:
        apply_handout_import(db, plan)
    assert needs.value.warnings == warned
    assert counts(db) == (0, 0, 0)
    apply_handout_import(db, plan, reason="往年已发，按当年校务会决定补登")
    women = next(h for h in handouts.list_handouts(db) if h.name == WOMEN)
    assert women.warning_reason == "往年已发，按当年校务会决定补登" and women.warnings


def test_a_file_without_name_and_date_columns_takes_them_from_the_user(db, people, tmp_path):
    header = ["姓名", "慰问品", "价值"]
    rows = [["李娜", "月饼", 80], ["王芳", "月饼", 80], ["陈静", "月饼", "80"]]
    path = write(tmp_path / "mid-autumn.xlsx", rows, header=header, titles=())
    asked = plan_handout_import(db, path)
    assert asked.missing == ["发放名称", "发放日期"] and asked.handouts == [] and "请先填写" in asked.summary()
    with pytest.raises(DomainError):
        apply_handout_import(db, asked)
    given = HandoutDefaults(name=f"{LAST}年中秋节慰问", handout_date=date(LAST, 9, 20), category="职工集体福利支出")
    plan = plan_handout_import(db, path, defaults=given)
    assert [(h.name, h.kind, h.total_fen) for h in plan.handouts] == [(given.name, "festival", 24_000)]
    apply_handout_import(db, plan)
    (row,) = handouts.list_handouts(db)
    assert (row.value_kind, row.item, row.value_fen) == ("goods", "月饼", 8_000)
    with pytest.raises(DomainError, match="没有名为“不存在”的支出科目"):
        plan_handout_import(
            db, path, defaults=HandoutDefaults(name="x", handout_date=date(LAST, 1, 1), category="不存在")
        )
    with pytest.raises(DomainError, match="发放类型“春游”无法识别"):
        plan_handout_import(db, path, defaults=HandoutDefaults(name="x", handout_date=date(LAST, 1, 1), kind="春游"))


def test_an_unknown_kind_is_offered_for_mapping_and_the_mapping_is_remembered(db, people, tmp_path):
    header = ["名字", "项目", "时间", "类型", "发放物品", "慰问金"]
    rows = [["李娜", "教师节慰问", date(LAST, 9, 10), "教师节", None, 200]]
    path = write(tmp_path / "teachers.xlsx", rows, header=header, titles=())
    plan = plan_handout_import(db, path)
    (unknown,) = plan.unknown_values()
    assert (unknown.field, unknown.text, unknown.rows) == ("kind", "教师节", (2,))
    assert unknown_lines(plan) and "--map-value" in unknown_lines(plan)[0]
    mapping = ImportMappings()
    mapping.set_value("kind", "教师节", "节日慰问")
    mapped = plan_handout_import(db, path, mapping=mapping)
    assert mapped.refused == [] and mapped.handouts[0].kind == "festival"
    apply_handout_import(db, mapped)
    again = plan_handout_import(db, path)  # remembered: the same file needs no mapping now
    assert again.refused == [] and len(again.existing) == 1


def test_formulas_odd_text_and_blank_rows(db, people, tmp_path):
    rows = [
        ["李娜\u200b", None, None, WOMEN, date(LAST, 3, 8), "三八慰问", "丝巾", "=100+50"],  # no cached value
        [],
        [" 王芳 ", None, None, WOMEN, date(LAST, 3, 8), "三八慰问", "丝巾", "１５０"],
        ["陈静", None, None, WOMEN, date(LAST, 3, 8), "三八慰问", "\u202e丝巾", 150],
    ]
    header = ["姓名", "工会小组", "身份证号", "发放名称", "发放日期", "类型", "物品", "金额"]
    plan = plan_handout_import(db, write(tmp_path / "odd.xlsx", rows, header=header, titles=()))
    values = {r.name: r.value_fen for h in plan.handouts for r in h.recipients}
    assert values["王芳"] == 15_000 and values["陈静"] == 15_000
    assert values["李娜"] == 0  # a formula Excel never calculated has no value: blank, as goods of unknown value
    assert all("\u202e" not in r.item for h in plan.handouts for r in h.recipients)
