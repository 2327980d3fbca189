"""Property tests: hypothesis-built workbooks (random cell types, formulas, merged ranges,
title rows, the header anywhere in the first rows, empty, hidden and junk sheets) fed to
each importer's plan and apply on a fresh database.

For every workbook: planning either gives a plan or refuses with the importers' own
Chinese error, and writes nothing; applying either succeeds (the check still holds and
the counts match the plan) or refuses with a Chinese error and leaves every table
exactly as it was. A plan without refused rows always applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from unionapp.db.errors import friendly_message
from unionapp.db.models import LedgerEntry, Member, Visit
from unionapp.domain.errors import DomainError
from unionapp.domain.members import MemberInput
from unionapp.importers.checkups import CHECKUP_HEADERS, apply_checkup_import, plan_checkup_import
from unionapp.importers.headers import MEMBER_HEADERS
from unionapp.importers.ledger import LEDGER_HEADERS, apply_ledger_import, plan_ledger_import
from unionapp.importers.members import apply_import, plan_member_import
from unionapp.importers.visits import VISIT_HEADERS, apply_visit_import, plan_visit_import
from unionapp.services import checkups, ledger, members, visits
from unionapp.services.check import run_check
from unionapp.services.checkups import CampaignInput
from unionapp.services.ledger import EntryInput

from .hostile import (
    CJK,
    LAST_YEAR,
    NAMES,
    BookSpec,
    Template,
    add_people,
    any_of,
    assert_chinese,
    book_specs,
    content_hash,
    day_cells,
    fresh_db,
    id_cells,
    money_cells,
    xlsx_text,
)
from .workbooks import id_for, write_xlsx

TODAY = date.today()
WORKBOOKS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
CAMPAIGN_FROM, CAMPAIGN_TO = date(LAST_YEAR, 3, 1), date(LAST_YEAR, 5, 31)


def words(*choices: object) -> st.SearchStrategy:
    return any_of(st.sampled_from(choices))


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


@dataclass
class Importer:
    plan: Callable  # (db, path) -> plan
    apply: Callable  # (db, plan, skip_errors) -> result
    model: type  # the table the import adds rows to
    added: Callable  # plan -> rows it adds to `model`


def prepare_people(db) -> None:
    add_people(db)


def prepare_ledger(db) -> None:
    """Two years ago is closed: rows of that year, or earlier, must be refused."""
    dues = next(c.id for c in ledger.list_categories(db) if c.code == "dues")
    ledger.add_entry(db, EntryInput(date(LAST_YEAR - 1, 6, 1), dues, 100_00, "旧账"))
    ledger.close_year(db, LAST_YEAR - 1)


def prepare_campaign(db) -> None:
    add_people(db)
    checkups.create_campaign(
        db,
        CampaignInput(
            year=LAST_YEAR,
            name="年度体检",
            eligibility="all_active",
            date_from=CAMPAIGN_FROM,
            date_to=CAMPAIGN_TO,
            hospital="市第一人民医院",
            cost_per_person_fen=50_000,
        ),
    )


def campaign_id(db) -> int:
    return checkups.list_campaigns(db)[0].id


IMPORTERS = {
    "members": Importer(
        lambda db, path: plan_member_import(db, path),
        lambda db, plan, skip: apply_import(db, plan, skip_errors=skip),
        Member,
        lambda plan: len(plan.adds),
    ),
    "ledger": Importer(
        lambda db, path: plan_ledger_import(db, path),
        lambda db, plan, skip: apply_ledger_import(db, plan, skip_errors=skip),
        LedgerEntry,
        lambda plan: len(plan.entries),
    ),
    "visits": Importer(
        lambda db, path: plan_visit_import(db, path),
        lambda db, plan, skip: apply_visit_import(db, plan, skip_errors=skip),
        Visit,
        lambda plan: len(plan.adds),
    ),
    "checkups": Importer(
        lambda db, path: plan_checkup_import(db, campaign_id(db), path),
        lambda db, plan, skip: apply_checkup_import(db, plan, skip_errors=skip),
        LedgerEntry,
        lambda plan: None,
    ),  # the union's cost follows attendance
}

RECENT = day_cells(date(LAST_YEAR - 2, 1, 1), TODAY + timedelta(days=30))

MEMBER_CELLS = {
    "name": words(*NAMES),
    "id_number": any_of(id_cells()),
    "birth_date": any_of(day_cells(date(1950, 1, 1), TODAY)),
    "gender": words("男", "女", "M", "F", "未知"),
    "phone": words("13812345678", 13812345678, "138 1234 5678", "+8613812345678", "12345", 13812345678.0),
    "group_name": words("高中组", "初中组", "新的小组", "组" * 60),
    "department": words("数学组", "部" * 150),
    "status": words("在职", "退休", "已退休", "病故", "调出", "外星"),
    "is_union_member": words("是", "否", "√", "也许"),
    "work_start_date": any_of(RECENT),
    "join_union_date": any_of(RECENT),
    "base_pay_fen": any_of(money_cells()),
    "hardship_level": words("困难", "特困", "否", "是"),
    "hardship_since": any_of(RECENT),
    "notes": xlsx_text(),
}
LEDGER_CELLS = {
    "summary": words("收到会费", "购买慰问品", "上年结转", "期初余额", "本月合计", "合计", "过次页"),
    "date": any_of(RECENT),
    "voucher": words(1, 2, "记-3", 3),
    "balance": any_of(money_cells()),
    "category": words("会费收入", "文体活动", "福利费", "其他", "职工活动支出", "不存在的科目", "行政补助", "上缴"),
    "income": any_of(money_cells(), st.none()),
    "expense": any_of(money_cells(), st.none()),
    "handler": xlsx_text(),
    "approver": xlsx_text(),
    "notes": xlsx_text(),
}
VISIT_CELLS = {
    "name": words(*NAMES),
    "date": any_of(RECENT),
    "group": words("高中组", "初中组", "高中", "不存在的组"),
    "id_number": any_of(id_cells(), st.none()),
    "type": any_of(
        st.none(),
        st.sampled_from(["生病住院", "住院", "结婚", "生日", "病", "退休", "重大困难", "家庭纠纷", "外星类型"]),
    ),
    "reason": words("因阑尾炎住院", "父亲病故", "新婚", "春节留校", "谈心"),
    "money": any_of(money_cells(), st.none()),
    "gift": words("水果", "鲜花"),
    "gift_value": any_of(money_cells(), st.none()),
    "status": words("已访", "待访", "不知道"),
    "for_family": words("是", "否"),
    "visitors": xlsx_text(),
    "notes": xlsx_text(),
}
CHECKUP_CELLS = {
    "name": words(*NAMES),
    "id_number": any_of(id_cells(), st.none(), st.just("340102********111X")),
    "date": any_of(day_cells(CAMPAIGN_FROM - timedelta(days=5), CAMPAIGN_TO + timedelta(days=5))),
    "status": words("是", "已检", "否", "未检", "需复查", "请假", "也许"),
    "followup": words("否", "是", "甲状腺结节，建议复查", "-"),
    "reason": words("出差", "病假"),
    "notes": xlsx_text(),
}


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Template]:
    prepare = {
        "members": prepare_people,
        "ledger": prepare_ledger,
        "visits": prepare_people,
        "checkups": prepare_campaign,
    }
    return {kind: Template.build(tmp_path_factory.mktemp(kind), how) for kind, how in prepare.items()}


def run_import(kind: str, template: Template, spec: BookSpec, skip_errors: bool) -> None:
    importer = IMPORTERS[kind]
    with fresh_db(template) as (db, folder):
        path = spec.write(folder / "导入.xlsx")
        before, rows_before = content_hash(db), count(db, importer.model)
        try:
            plan = importer.plan(db, path)
        except DomainError as err:
            event(f"file refused: {type(err).__name__}: {str(err)[:16]}")
            assert_chinese(err)
            assert content_hash(db) == before, "a refused plan wrote to the database"
            return
        assert content_hash(db) == before, "planning wrote to the database"
        for line in plan.problem_lines():
            assert len(line) < 300, line[:200]  # cells are quoted cut short, never whole
        try:
            importer.apply(db, plan, skip_errors)
        except DomainError as err:
            event(f"apply refused: {type(err).__name__}")
            assert_chinese(err)
            assert plan.refused and not skip_errors, f"a plan without refused rows was refused: {err}"
            assert content_hash(db) == before, "a refused import left a partial write"
            return
        event("applied, rows refused" if plan.refused else "applied, every row")
        report = run_check(db)
        assert report.ok, report.lines
        added = importer.added(plan)
        if added is not None:
            assert count(db, importer.model) - rows_before == added


@WORKBOOKS
@given(spec=book_specs(MEMBER_HEADERS, MEMBER_CELLS), skip_errors=st.booleans())
def test_members_import_never_crashes_nor_writes_half(templates, spec, skip_errors):
    run_import("members", templates["members"], spec, skip_errors)


@WORKBOOKS
@given(spec=book_specs(LEDGER_HEADERS, LEDGER_CELLS, key_field="summary"), skip_errors=st.booleans())
def test_ledger_import_never_crashes_nor_writes_half(templates, spec, skip_errors):
    run_import("ledger", templates["ledger"], spec, skip_errors)


@WORKBOOKS
@given(spec=book_specs(VISIT_HEADERS, VISIT_CELLS), skip_errors=st.booleans())
def test_visits_import_never_crashes_nor_writes_half(templates, spec, skip_errors):
    run_import("visits", templates["visits"], spec, skip_errors)


@WORKBOOKS
@given(spec=book_specs(CHECKUP_HEADERS, CHECKUP_CELLS), skip_errors=st.booleans())
def test_checkups_import_never_crashes_nor_writes_half(templates, spec, skip_errors):
    run_import("checkups", templates["checkups"], spec, skip_errors)


# ---------------------------------------------------------------- the world changes between preview and apply


def changed_after_preview(db, tmp_path, kind: str):
    """A plan whose first rows still apply but whose last row no longer does, because
    someone changed the database while the preview was open."""
    last = LAST_YEAR
    if kind == "members":
        path = write_xlsx(
            tmp_path / "a.xlsx",
            ["姓名", "身份证号"],
            [["甲", id_for(date(1980, 1, 2), 5, "M")], ["乙", id_for(date(1981, 1, 2), 6, "M")]],
        )
        plan = plan_member_import(db, path)
        members.add_member(db, MemberInput(name="乙", id_number=id_for(date(1981, 1, 2), 6, "M")))
        return plan, lambda: apply_import(db, plan)
    if kind == "ledger":
        path = write_xlsx(
            tmp_path / "a.xlsx",
            ["日期", "摘要", "科目", "收入", "支出"],
            [[date(last, 1, 5), "收到会费", "会费收入", 100, None], [date(last, 3, 5), "球赛", "文体活动", None, 50]],
        )
        plan = plan_ledger_import(db, path)
        ledger.set_category_active(db, next(c.id for c in ledger.list_categories(db) if c.code == "sports"), False)
        return plan, lambda: apply_ledger_import(db, plan)
    if kind == "visits":
        path = write_xlsx(
            tmp_path / "a.xlsx",
            ["姓名", "日期", "类型", "慰问金"],
            [["李娜", date(last, 1, 5), "生病住院", 300], ["李娜", date(last, 3, 5), "结婚", 500]],
        )
        plan = plan_visit_import(db, path)
        visits.set_type_active(db, next(t.id for t in visits.list_types(db) if t.code == "wedding"), False)
        return plan, lambda: apply_visit_import(db, plan)
    cid = campaign_id(db)
    path = write_xlsx(
        tmp_path / "a.xlsx",
        ["姓名", "体检日期", "是否体检"],
        [["李娜", CAMPAIGN_FROM, "是"], ["王芳", CAMPAIGN_TO, "是"]],
    )
    plan = plan_checkup_import(db, cid, path)
    campaign = checkups.get_campaign(db, cid)
    checkups.update_campaign(
        db,
        cid,
        CampaignInput(
            year=LAST_YEAR,
            name=campaign.name,
            eligibility="all_active",
            date_from=CAMPAIGN_FROM,
            date_to=CAMPAIGN_TO - timedelta(days=1),
            hospital=campaign.hospital,
            cost_per_person_fen=campaign.cost_per_person_fen,
        ),
    )
    return plan, lambda: apply_checkup_import(db, plan)


@pytest.mark.parametrize("kind", list(IMPORTERS))
def test_a_change_between_preview_and_apply_rolls_everything_back(db, tmp_path, kind):
    {"members": prepare_people, "ledger": lambda db: None, "visits": prepare_people, "checkups": prepare_campaign}[
        kind
    ](db)
    plan, apply = changed_after_preview(db, tmp_path, kind)
    assert plan.refused == [], plan.problem_lines()
    before = content_hash(db)
    with pytest.raises(Exception) as failed:
        apply()
    err = failed.value
    if isinstance(err, DBAPIError):  # a unique key taken meanwhile: the command line and window say this
        assert CJK.search(friendly_message(err) or ""), err
    else:
        assert_chinese(err)
    assert content_hash(db) == before, "the rows before the failing one were kept"
