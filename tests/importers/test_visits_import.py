"""Past visits registers → plan_visit_import → apply_visit_import: members by name (then
group or ID number), types by name, synonym or a 事由 phrase, the service's own rules,
closed years, and one transaction for the visits and their ledger entries."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from unionapp.db.models import AuditEntry, FundYear, LedgerEntry, Visit
from unionapp.domain.members import MemberInput
from unionapp.importers.errors import ImportRefused
from unionapp.importers.visits import IMPORT_REASON, apply_visit_import, plan_visit_import
from unionapp.services import ledger, members, visits
from unionapp.services.check import run_check
from unionapp.services.ledger import LedgerFilter

from .workbooks import id_for, write_xlsx

TODAY = date.today()
LAST = TODAY.year - 1
HEADER = [
    "序号",
    "日期",
    "姓名",
    "工会小组",
    "身份证号",
    "事由",
    "慰问金（元）",
    "慰问品",
    "慰问品价值",
    "走访人",
    "审批人",
    "审批编号",
    "备注",
]
TITLES = [f"阳光中学工会委员会{LAST}年五必访登记表"]
ZHANG_HIGH = id_for(date(1980, 5, 6), 11, "M")
ZHANG_MIDDLE = id_for(date(1985, 7, 8), 13, "M")


def row(n, day, name, reason, money=None, group=None, id_number=None, gift=None, gift_value=None, notes=None):
    return [
        n,
        day,
        name,
        group,
        id_number,
        reason,
        money,
        gift,
        gift_value,
        "王建国、李秀英",
        "王建国" if money else None,
        f"工慰〔{LAST}〕{n}号" if money else None,
        notes,
    ]


def write(path, rows, header=HEADER):
    return write_xlsx(path, header, rows, titles=TITLES, sheet="五必访")


@pytest.fixture
def people(db):
    made = {}
    for key, name, gender, birth, group, id_number, province in [
        ("zhang_high", "张伟", "M", date(1980, 5, 6), "高中组", ZHANG_HIGH, ""),
        ("zhang_middle", "张伟", "M", date(1985, 7, 8), "初中组", ZHANG_MIDDLE, ""),
        ("li", "李娜", "F", date(1990, 1, 2), "小学组", "", ""),
        ("wang", "王芳", "F", date(1962, 3, 4), "退休组", "", ""),
        ("chen", "陈静", "F", date(1992, 9, 9), "初中组", "", "江苏"),
    ]:
        made[key] = members.add_member(
            db,
            MemberInput(
                name=name,
                gender=gender,
                birth_date=birth,
                group_name=group,
                id_number=id_number,
                native_province=province,
            ),
        )
    members.set_status(db, [made["wang"]], "deceased")  # today: her earlier visits are fine
    return made


def counts(db) -> tuple[int, int]:
    with db.session() as s:
        return s.scalar(select(func.count(Visit.id))), s.scalar(select(func.count(LedgerEntry.id)))


def rows_by_member(db):
    return {(v.member_id, v.type_name): v for v in visits.list_visits(db)}


GOOD = [
    row(1, datetime(LAST, 3, 5), "张伟", "因阑尾炎住院", 300, group="高中组"),
    row(2, f"{LAST}.4.12", "李娜", "生小孩", "300.00"),
    row(3, f"{LAST}年5月20日", "王芳", "丧事", 800, notes="父亲去世"),
    row(4, date(LAST, 6, 1), "张伟", "住院", 500, id_number=ZHANG_MIDDLE),  # outside the 300 元 standard
    row(5, date(LAST, 1, 20), "陈静", "春节留校", None, gift="年货礼包", gift_value=100),
    [],
    [None, "合计", None, None, None, None, 1900],
]


def test_a_past_register_imports_with_types_from_phrases_and_synonyms(db, people, tmp_path):
    plan = plan_visit_import(db, write(tmp_path / "register.xlsx", GOOD))
    assert plan.refused == [] and len(plan.adds) == 5 and plan.header_row == 2
    assert plan.money_fen == 190_000
    assert "新增走访记录 5 条" in plan.summary() and f"将注明“{IMPORT_REASON}”" in plan.summary()
    result = apply_visit_import(db, plan)
    assert (result.added, result.refused) == (5, 0)
    got = rows_by_member(db)
    hospital = got[(people["zhang_high"], "生病住院")]
    assert (hospital.reason, hospital.money_fen, hospital.visit_date) == ("因阑尾炎住院", 30_000, date(LAST, 3, 5))
    assert hospital.approver == "王建国" and hospital.approval_no == f"工慰〔{LAST}〕1号" and hospital.warnings == ""
    assert got[(people["li"], "生育")].reason == ""  # a bare synonym is the type, not a 事由
    assert got[(people["wang"], "直系亲属去世")].notes == "父亲去世"
    over = got[(people["zhang_middle"], "生病住院")]
    assert "与标准 300.00 元不同" in over.warnings and over.warning_reason == IMPORT_REASON
    festival = got[(people["chen"], "外省籍留校过年")]
    assert (festival.money_fen, festival.gift, festival.gift_value_fen) == (0, "年货礼包", 10_000)
    posted = ledger.list_entries(db, LedgerFilter(source="visit"))
    assert sum(e.amount_fen for e in posted) == 190_000 and len(posted) == 4
    assert [e.voucher_no for e in posted] == [1, 2, 3, 4]  # in date order
    assert run_check(db).ok
    with db.session() as s:
        assert s.scalar(select(func.count()).where(AuditEntry.action == "import", AuditEntry.entity == "visit")) == 1


def test_a_type_column_decides_and_the_reason_stays(db, people, tmp_path):
    header = ["日期", "姓名", "部门", "类型", "慰问事由", "金额", "状态"]
    future = TODAY + timedelta(days=20)
    rows = [
        [date(LAST, 2, 1), "李娜", "小学组", "生病住院", "肺炎", 300, "已访"],
        [date(LAST, 2, 2), "张伟", "初中", "去世", "岳父病故", 800, None],
        [future, "李娜", None, "退休", None, 500, "待访"],
        [date(LAST, 2, 3), "陈静", None, None, "父亲病故", 800, None],
    ]
    plan = plan_visit_import(db, write_xlsx(tmp_path / "typed.xlsx", header, rows))
    assert plan.refused == []
    apply_visit_import(db, plan)
    got = rows_by_member(db)
    assert got[(people["li"], "生病住院")].reason == "肺炎"
    assert got[(people["zhang_middle"], "直系亲属去世")].reason == "岳父病故"  # "初中" picks the 初中组 张伟
    planned = got[(people["li"], "退休")]
    assert (planned.status, planned.visit_date) == ("planned", future)
    assert got[(people["chen"], "直系亲属去世")].reason == "父亲病故"  # "病故" beats "病" (生病住院)
    assert sum(e.amount_fen for e in ledger.list_entries(db, LedgerFilter(source="visit"))) == 190_000


def test_bad_rows_refuse_the_whole_file_with_row_numbers(db, people, tmp_path):
    ledger.close_year(db, LAST - 1)
    future = TODAY + timedelta(days=3)
    rows = (
        GOOD[:5]
        + [
            row(6, date(LAST, 7, 1), "张伟", "住院", 300),  # two 张伟
            row(7, date(LAST, 7, 2), "刘洋", "住院", 300),  # no such member
            row(8, date(LAST, 7, 3), "李娜", "旅游", 300),  # no such type
            row(9, date(LAST, 1, 25), "陈静", "春节留校", 200),  # money on a gift-only type
            row(10, future, "李娜", "结婚", 500),  # done in the future
            row(11, date(LAST - 1, 12, 1), "李娜", "住院", 300),  # a closed year, with money
            row(12, date(LAST, 7, 4), "张伟", "住院", 300, id_number=ZHANG_MIDDLE[:-1] + "0"),  # bad check digit
            row(13, date(LAST, 7, 5), "李娜", "父亲去世住院", 300),  # two types at once
        ]
    )
    before = counts(db)
    plan = plan_visit_import(db, write(tmp_path / "bad.xlsx", rows))
    assert [r.row_number for r in plan.refused] == list(range(8, 16))  # title and header are rows 1-2
    lines = plan.problem_lines()
    assert "第 8 行（张伟）：会员名册中有 2 位名叫“张伟”的会员，请填写工会小组或身份证号以区分" in lines
    assert any(line.startswith("第 9 行（刘洋）：姓名“刘洋”不在会员名册中") for line in lines)
    assert any(line.startswith("第 10 行（李娜）：从事由“旅游”看不出是哪种走访") for line in lines)
    assert any(line.startswith("第 11 行（陈静）：") and "只送慰问品" in line for line in lines)
    assert any(line.startswith("第 12 行（李娜）：") and "还没到" in line for line in lines)
    assert any(line.startswith("第 13 行（李娜）：") and f"{LAST - 1} 年经费已经结账" in line for line in lines)
    assert any(line.startswith("第 14 行（张伟）：身份证号校验位不正确") for line in lines)
    assert any(line.startswith("第 15 行（李娜）：") and "可能是" in line for line in lines)
    with pytest.raises(ImportRefused) as refused:
        apply_visit_import(db, plan)
    assert refused.value.lines() == lines
    assert counts(db) == before


def test_skip_errors_imports_the_good_rows(db, people, tmp_path):
    rows = GOOD[:2] + [row(6, date(LAST, 7, 1), "张伟", "住院", 300)]
    plan = plan_visit_import(db, write(tmp_path / "some.xlsx", rows))
    assert len(plan.adds) == 2 and len(plan.refused) == 1
    result = apply_visit_import(db, plan, skip_errors=True)
    assert (result.added, result.refused) == (2, 1)
    assert counts(db) == (2, 2)


def test_planning_writes_nothing_not_even_a_year(db, people, tmp_path):
    with db.session() as s:
        years = s.scalar(select(func.count(FundYear.year)))
    before = counts(db)
    plan_visit_import(db, write(tmp_path / "dry.xlsx", GOOD))
    with db.session() as s:
        assert s.scalar(select(func.count(FundYear.year))) == years
    assert counts(db) == before


def test_importing_the_same_file_twice_skips_what_is_there(db, people, tmp_path):
    path = write(tmp_path / "twice.xlsx", GOOD)
    apply_visit_import(db, plan_visit_import(db, path))
    again = plan_visit_import(db, path)
    assert again.adds == [] and again.existing == [3, 4, 5, 6, 7] and again.refused == []
    assert apply_visit_import(db, again).added == 0
    assert counts(db) == (5, 4)


def test_a_changed_amount_or_a_repeated_row_is_refused(db, people, tmp_path):
    apply_visit_import(db, plan_visit_import(db, write(tmp_path / "first.xlsx", GOOD[:1])))
    rows = [
        row(1, datetime(LAST, 3, 5), "张伟", "住院", 400, group="高中组"),
        row(2, date(LAST, 4, 12), "李娜", "生小孩", 300),
        row(3, date(LAST, 4, 12), "李娜", "生育", 300),
    ]
    plan = plan_visit_import(db, write(tmp_path / "second.xlsx", rows))
    lines = plan.problem_lines()
    assert lines[0].startswith("第 3 行（张伟）：已有") and "慰问金 300.00 元" in lines[0]
    assert lines[1] == "第 5 行（李娜）：与第 4 行是同一人、同一天的同一类走访，请合并为一行"


def test_without_money_a_closed_year_is_fine(db, people, tmp_path):
    ledger.close_year(db, LAST - 1)
    rows = [
        row(1, date(LAST - 1, 2, 1), "陈静", "春节留校", None, gift="年货礼包", gift_value=80),
        row(2, date(LAST - 1, 3, 1), "李娜", "谈心", None),
    ]
    plan = plan_visit_import(db, write(tmp_path / "closed.xlsx", rows))
    assert plan.refused == [] and apply_visit_import(db, plan).added == 2
    assert counts(db) == (2, 0)


def test_a_failure_while_saving_rolls_back_every_row(db, people, tmp_path):
    rows = [row(1, date(LAST - 2, 3, 1), "李娜", "住院", 300), row(2, date(LAST, 6, 1), "陈静", "住院", 300)]
    plan = plan_visit_import(db, write(tmp_path / "race.xlsx", rows))
    assert plan.refused == []
    ledger.close_year(db, LAST)  # closed between the plan and its confirmation
    with pytest.raises(ImportRefused) as refused:
        apply_visit_import(db, plan)
    # row 3's year lies before the newly closed year, so it is the first row refused
    assert refused.value.lines()[0].startswith("第 3 行（李娜）：") and "结账" in refused.value.lines()[0]
    assert counts(db) == (0, 0)
