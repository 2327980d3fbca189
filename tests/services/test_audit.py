"""The audit trail: every writing service leaves an entry with the right action, entity,
id and before/after; bulk actions leave one; search, Chinese descriptions, and the
message that shows someone else's change when an edit is refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from sqlalchemy import func, insert, select

from unionapp.db.models import AuditEntry, Member, Visit
from unionapp.db.opening import open_database
from unionapp.domain.members import MemberInput
from unionapp.domain.visits import Standard
from unionapp.importers.checkups import apply_checkup_import, plan_checkup_import
from unionapp.importers.ledger import apply_ledger_import, plan_ledger_import
from unionapp.importers.members import apply_member_import, plan_member_import
from unionapp.importers.visits import apply_visit_import, plan_visit_import
from unionapp.services import audit, budget, checkups, dues, groups, ledger, members, settings, visits
from unionapp.services.audit import AuditFilter, AuditRow
from unionapp.services.checkups import CampaignInput
from unionapp.services.dues import DuesRule
from unionapp.services.errors import ConcurrentEditError
from unionapp.services.ledger import EntryInput
from unionapp.services.settings import UnionSettings
from unionapp.services.visits import VisitInput

TODAY = date.today()
YEAR = TODAY.year
LAST = YEAR - 1


@pytest.fixture(autouse=True)
def _today_at_test_start():
    """TODAY as the test starts, not as the module was collected: a run may cross midnight."""
    global TODAY, YEAR, LAST
    TODAY = date.today()
    YEAR = TODAY.year
    LAST = YEAR - 1


ZHANG_ID = "110101198001010117"


# ---------------------------------------------------------------- a small union


@dataclass
class World:
    zhang: int
    li: int
    types: dict
    cats: dict


@pytest.fixture
def world(db) -> World:
    settings.save(db, UnionSettings(union_name="阳光中学工会委员会", chair_name="王建国", operator="李老师"))
    zhang = members.add_member(
        db, MemberInput(name="张三", gender="M", id_number=ZHANG_ID, phone="13812345678", group_name="高中组")
    )
    li = members.add_member(db, MemberInput(name="李梅", gender="F", birth_date=date(1985, 2, 2), phone="13987654321"))
    return World(
        zhang, li, {t.code: t for t in visits.list_types(db)}, {c.code: c.id for c in ledger.list_categories(db)}
    )


def last_id(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.max(AuditEntry.id))) or 0


def entries_since(db, mark: int) -> list[AuditRow]:
    return [r for r in audit.search_entries(db, AuditFilter(limit=None)).rows if r.id > mark]


def workbook(path, header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def hospital_visit(world: World, **changes) -> VisitInput:
    data = VisitInput(
        member_id=world.zhang,
        type_id=world.types["hospital"].id,
        visit_date=TODAY - timedelta(days=3),
        money_fen=30_000,
        reason="阑尾炎",
        visitors="王建国",
    )
    return replace(data, **changes)


def campaign_input(**changes) -> CampaignInput:
    data = CampaignInput(
        year=YEAR,
        name=f"{YEAR}年体检",
        eligibility="all_active",
        date_from=date(YEAR, 1, 1),
        date_to=TODAY,
        hospital="市第一人民医院",
        package="A套餐",
        cost_per_person_fen=40_000,
    )
    return replace(data, **changes)


# ---------------------------------------------------------------- coverage


@dataclass
class Expected:
    action: str
    entity: str
    entity_id: int | None
    before: dict = field(default_factory=dict)  # must be contained in the entry's before
    after: dict = field(default_factory=dict)
    only: bool = False  # a bulk action: this must be the only entry written
    items: int = 0  # per-record changes a bulk entry carries


# Each case sets up, yields (the action starts), acts, then yields what the log must say.
Case = Callable[..., Iterator[Expected | None]]
CASES: dict[str, Case] = {}


def case(name: str):
    def register(fn: Case) -> Case:
        CASES[name] = fn
        return fn

    return register


@case("会员 新增")
def _(db, w, tmp_path):
    yield
    mid = members.add_member(db, MemberInput(name="王五", gender="M", phone="13700000000"))
    yield Expected("create", "member", mid, after={"name": "王五", "phone": "13700000000"})


@case("会员 修改")
def _(db, w, tmp_path):
    data = members.member_input(db, w.zhang)
    yield
    members.update_member(db, w.zhang, replace(data, phone="13900000000"), expected_version=1)
    yield Expected("update", "member", w.zhang, before={"phone": "13812345678"}, after={"phone": "13900000000"})


@case("会员 更改状态")
def _(db, w, tmp_path):
    yield
    members.set_status(db, [w.li], "retired")
    yield Expected("status", "member", w.li, before={"status": "active"}, after={"status": "retired"})


@case("会员 删除")
def _(db, w, tmp_path):
    yield
    members.remove_member(db, w.li)
    yield Expected("delete", "member", w.li, before={"name": "李梅", "phone": "13987654321"})


@case("小组 新增")
def _(db, w, tmp_path):
    yield
    gid = groups.add_group(db, "初中组")
    yield Expected("create", "group", gid, after={"name": "初中组"})


@case("小组 改名")
def _(db, w, tmp_path):
    gid = groups.add_group(db, "初中组")
    yield
    groups.rename_group(db, gid, "初中部")
    yield Expected("update", "group", gid, before={"name": "初中组"}, after={"name": "初中部"})


@case("小组 合并")
def _(db, w, tmp_path):
    source = next(g.id for g in groups.list_groups(db) if g.name == "高中组")
    target = groups.add_group(db, "中学组")
    yield
    groups.merge_groups(db, source, target)
    yield Expected("merge", "group", target, before={"source": "高中组"}, after={"target": "中学组", "moved": 1})


@case("小组 删除")
def _(db, w, tmp_path):
    gid = groups.add_group(db, "空组")
    yield
    groups.remove_group(db, gid)
    yield Expected("delete", "group", gid, before={"name": "空组"})


@case("设置 工会信息")
def _(db, w, tmp_path):
    old = settings.load(db)
    yield
    settings.save(db, replace(old, union_name="阳光中学工会"))
    yield Expected(
        "settings", "settings", None, before={"union_name": "阳光中学工会委员会"}, after={"union_name": "阳光中学工会"}
    )


@case("经费 会费标准")
def _(db, w, tmp_path):
    rule = dues.load_rule(db)
    yield
    dues.save_rule(
        db, DuesRule("fixed", 1200, rule.rate_permille, rule.remit_percent, rule.allocation_retained_percent)
    )
    yield Expected("settings", "settings", None, before={"dues_fixed_fen": "1000"}, after={"dues_fixed_fen": "1200"})


@case("经费 新增科目")
def _(db, w, tmp_path):
    yield
    cid = ledger.add_category(db, "工会会员普惠", "expense", w.cats["activity"])
    yield Expected("create", "fund_category", cid, after={"name": "工会会员普惠"})


@case("经费 科目改名")
def _(db, w, tmp_path):
    yield
    ledger.rename_category(db, w.cats["sports"], "文体活动费")
    yield Expected(
        "update", "fund_category", w.cats["sports"], before={"name": "文体活动支出"}, after={"name": "文体活动费"}
    )


@case("经费 停用科目")
def _(db, w, tmp_path):
    yield
    ledger.set_category_active(db, w.cats["publicity"], False)
    yield Expected("update", "fund_category", w.cats["publicity"], before={"active": True}, after={"active": False})


@case("经费 删除科目")
def _(db, w, tmp_path):
    cid = ledger.add_category(db, "临时科目", "expense")
    yield
    ledger.remove_category(db, cid)
    yield Expected("delete", "fund_category", cid, before={"name": "临时科目"})


@case("经费 期初余额")
def _(db, w, tmp_path):
    yield
    ledger.set_opening_balance(db, YEAR, 500_000)
    yield Expected("update", "fund_year", YEAR, before={"opening": 0}, after={"opening": 500_000})


@case("经费 记账")
def _(db, w, tmp_path):
    yield
    eid = ledger.add_entry(db, EntryInput(TODAY, w.cats["sports"], 150_000, "篮球赛奖品", "赵敏", "王建国"))
    yield Expected("create", "ledger", eid, after={"amount_fen": 150_000, "category": "文体活动支出"})


@case("经费 红字冲销")
def _(db, w, tmp_path):
    eid = ledger.add_entry(db, EntryInput(TODAY, w.cats["sports"], 150_000, "篮球赛奖品"))
    yield
    red = ledger.reverse_entry(db, eid, "金额记错")
    yield Expected(
        "reverse", "ledger", red, before={"entry_id": eid, "amount_fen": 150_000}, after={"reversal_id": red}
    )


@case("经费 结账")
def _(db, w, tmp_path):
    yield
    ledger.close_year(db, LAST)
    yield Expected("update", "fund_year", LAST, before={"closed": False}, after={"closing": 0})


@case("经费 拨缴经费")
def _(db, w, tmp_path):
    yield
    dues.post_allocation(db, TODAY, 10_000_000, f"{YEAR}年一季度")
    yield Expected("create", "ledger", None, after={"amount_fen": 120_000, "source": "allocation"})


@case("经费 预算")
def _(db, w, tmp_path):
    yield
    budget.set_budget(db, YEAR, {w.cats["welfare"]: 2_000_000})
    yield Expected("update", "budget", YEAR, before={}, after={str(w.cats["welfare"]): 2_000_000})


@case("经费 复制预算")
def _(db, w, tmp_path):
    budget.set_budget(db, YEAR, {w.cats["welfare"]: 2_000_000})
    yield
    budget.copy_budget(db, YEAR, YEAR + 1)
    yield Expected("update", "budget", YEAR + 1, after={str(w.cats["welfare"]): 2_000_000})


@case("经费 记会费")
def _(db, w, tmp_path):
    yield
    posting = dues.post_dues(db, YEAR, TODAY.month)
    yield Expected("create", "dues", posting, after={"members": 2, "total_fen": 2000, "remit_fen": 400}, only=True)


@case("经费 撤销会费")
def _(db, w, tmp_path):
    posting = dues.post_dues(db, YEAR, TODAY.month)
    yield
    dues.undo_dues(db, YEAR, TODAY.month, "人数有误")
    yield Expected("reverse", "dues", posting, before={"members": 2, "total_fen": 2000}, only=True)


@case("五必访 新增类型")
def _(db, w, tmp_path):
    yield
    tid = visits.add_type(db, "教师节慰问", Standard("fixed", 20_000), w.cats["welfare"])
    yield Expected("create", "visit_type", tid, after={"name": "教师节慰问", "amount_fen": 20_000})


@case("五必访 修改类型")
def _(db, w, tmp_path):
    t = w.types["wedding"]
    yield
    visits.update_type(db, t.id, "结婚慰问", t.category_id, t.synonyms)
    yield Expected("update", "visit_type", t.id, before={"name": "结婚"}, after={"name": "结婚慰问"})


@case("五必访 停用类型")
def _(db, w, tmp_path):
    t = w.types["mood"]
    yield
    visits.set_type_active(db, t.id, False)
    yield Expected("update", "visit_type", t.id, before={"active": True}, after={"active": False})


@case("五必访 删除类型")
def _(db, w, tmp_path):
    tid = visits.add_type(db, "临时类型", Standard("none"), w.cats["welfare"])
    yield
    visits.remove_type(db, tid)
    yield Expected("delete", "visit_type", tid, before={"name": "临时类型"})


@case("五必访 新标准")
def _(db, w, tmp_path):
    t = w.types["hospital"]
    yield
    visits.add_standard(
        db, t.id, Standard("fixed", 50_000, effective_from=date(YEAR, 1, 1), source_doc="皖工发〔2025〕18号")
    )
    yield Expected("create", "visit_standard", t.id, after={"amount_fen": 50_000, "source_doc": "皖工发〔2025〕18号"})


@case("五必访 新增走访")
def _(db, w, tmp_path):
    yield
    vid = visits.add_visit(db, hospital_visit(w))
    yield Expected("create", "visit", vid, after={"money_fen": 30_000, "reason": "阑尾炎"})


@case("五必访 修改走访")
def _(db, w, tmp_path):
    vid = visits.add_visit(db, hospital_visit(w))
    yield
    visits.update_visit(db, vid, hospital_visit(w, visitors="王建国、李秀英"), expected_version=1)
    yield Expected("update", "visit", vid, before={"visitors": "王建国"}, after={"visitors": "王建国、李秀英"})


@case("五必访 删除走访")
def _(db, w, tmp_path):
    vid = visits.add_visit(db, hospital_visit(w))
    yield
    visits.remove_visit(db, vid, "重复登记")
    yield Expected("delete", "visit", vid, before={"money_fen": 30_000, "member_id": w.zhang})


@case("体检 新建")
def _(db, w, tmp_path):
    yield
    cid = checkups.create_campaign(db, campaign_input())
    yield Expected("create", "checkup", cid, after={"name": f"{YEAR}年体检", "cost_per_person_fen": 40_000})


@case("体检 修改")
def _(db, w, tmp_path):
    cid = checkups.create_campaign(db, campaign_input())
    yield
    checkups.update_campaign(db, cid, campaign_input(hospital="市中医院"), expected_version=1)
    yield Expected("update", "checkup", cid, before={"hospital": "市第一人民医院"}, after={"hospital": "市中医院"})


@case("体检 删除")
def _(db, w, tmp_path):
    cid = checkups.create_campaign(db, campaign_input())
    yield
    checkups.delete_campaign(db, cid, "建错了")
    yield Expected("delete", "checkup", cid, before={"name": f"{YEAR}年体检", "hospital": "市第一人民医院"})


@case("体检 添加人员")
def _(db, w, tmp_path):
    cid = checkups.create_campaign(db, campaign_input(eligibility="manual"))
    yield
    checkups.add_people(db, cid, [w.zhang, w.li])
    yield Expected("update", "checkup", cid, after={"members": [w.zhang, w.li]})


@case("体检 移除人员")
def _(db, w, tmp_path):
    cid = checkups.create_campaign(db, campaign_input())
    person = checkups.list_people(db, cid)[0].id
    yield
    checkups.remove_people(db, cid, [person])
    yield Expected("update", "checkup", cid, before={"people": [person]})


@case("体检 标记状态")
def _(db, w, tmp_path):
    cid = checkups.create_campaign(db, campaign_input())
    ids = [p.id for p in checkups.list_people(db, cid)]
    yield
    checkups.set_status(db, cid, ids, "done", TODAY)
    yield Expected("status", "checkup", cid, before={"statuses": {"待通知": 2}}, after={"statuses": {"已体检": 2}})


@case("导入 花名册")
def _(db, w, tmp_path):
    path = workbook(
        tmp_path / "花名册.xlsx",
        ["姓名", "性别", "身份证号", "手机号"],
        [["张三", "男", ZHANG_ID, "13600000000"], ["赵六", "女", "", "13500000000"]],
    )
    plan = plan_member_import(db, path)
    yield
    apply_member_import(db, plan)
    yield Expected("import", "member", None, after={"added": 1, "updated": 1}, only=True, items=1)


@case("导入 收支明细账")
def _(db, w, tmp_path):
    path = workbook(
        tmp_path / "账.xlsx",
        ["日期", "摘要", "科目", "收入", "支出"],
        [[date(LAST, 3, 1), "会费", "会费收入", 2320, None], [date(LAST, 3, 5), "奖品", "文体活动支出", None, 800]],
    )
    plan = plan_ledger_import(db, path)
    yield
    apply_ledger_import(db, plan)
    yield Expected("import", "ledger", None, after={"entries": 2, "records": {"ledger.create": 2}}, only=True)


@case("导入 五必访登记表")
def _(db, w, tmp_path):
    path = workbook(
        tmp_path / "走访.xlsx",
        ["日期", "姓名", "事由", "慰问金"],
        [[date(LAST, 3, 5), "张三", "住院", 300], [date(LAST, 4, 1), "李梅", "生小孩", 300]],
    )
    plan = plan_visit_import(db, path)
    yield
    apply_visit_import(db, plan)
    yield Expected(
        "import", "visit", None, after={"added": 2, "records": {"visit.create": 2, "ledger.create": 2}}, only=True
    )


@case("导入 体检结果")
def _(db, w, tmp_path):
    cid = checkups.create_campaign(db, campaign_input())
    path = workbook(tmp_path / "体检.xlsx", ["姓名", "体检日期"], [["张三", TODAY], ["李梅", TODAY]])
    plan = plan_checkup_import(db, cid, path)
    yield
    apply_checkup_import(db, plan)
    yield Expected("import", "checkup", cid, after={"updated": 2}, only=True, items=2)


@pytest.mark.parametrize("name", list(CASES))
def test_every_writing_service_leaves_an_audit_entry(db, world, tmp_path, name):
    steps = CASES[name](db, world, tmp_path)
    next(steps)  # set-up done
    mark = last_id(db)
    expected = next(steps)
    written = entries_since(db, mark)
    found = [
        r
        for r in written
        if (r.action, r.entity) == (expected.action, expected.entity)
        and (expected.entity_id is None or r.entity_id == expected.entity_id)
    ]
    assert found, f"no {expected.action}/{expected.entity} entry among {[(r.action, r.entity) for r in written]}"
    row = found[0]
    assert row.operator == "李老师" and row.summary and isinstance(row.at, datetime)
    assert expected.before.items() <= row.before.items(), row.before
    assert expected.after.items() <= row.after.items(), row.after
    if expected.only:
        assert len(written) == 1, [r.summary for r in written]
    assert len(row.items) == expected.items
    assert audit.describe_change(row)  # every entry can say what it did


def test_a_member_import_of_many_rows_is_one_entry_with_each_change(db, world, tmp_path):
    rows = [[f"新人{i}", "女", "", f"135{i:08d}"] for i in range(300)] + [["张三", "男", ZHANG_ID, "13600000000"]]
    plan = plan_member_import(db, workbook(tmp_path / "大名册.xlsx", ["姓名", "性别", "身份证号", "手机号"], rows))
    mark = last_id(db)
    apply_member_import(db, plan)
    [entry] = entries_since(db, mark)
    assert (entry.after["added"], entry.after["updated"]) == (300, 1)
    assert entry.items == [
        {
            "id": world.zhang,
            "name": "张三",
            "row": 302,
            "before": {"phone": "13812345678"},
            "after": {"phone": "13600000000"},
        }
    ]
    assert "张三（第 302 行）：手机号：138****5678 → 136****0000" in audit.describe_change(entry)


# ---------------------------------------------------------------- search


def test_search_filters_by_date_action_area_person_and_text(db, world):
    visits.add_visit(db, hospital_visit(world))
    members.set_status(db, [world.li], "retired")
    everything = audit.search_entries(db, AuditFilter(limit=None)).rows
    assert [r.id for r in everything] == sorted((r.id for r in everything), reverse=True)  # newest first
    by_area = audit.search_entries(db, AuditFilter(area="visits", limit=None)).rows
    assert {r.entity for r in by_area} == {"visit"}
    funds = audit.search_entries(db, AuditFilter(area="funds", limit=None)).rows
    assert [(r.action, r.entity) for r in funds] == [("create", "ledger")]  # the visit's money
    status = audit.search_entries(db, AuditFilter(action="status", limit=None)).rows
    assert [r.summary for r in status] == ["李梅 状态：在职 → 退休"]
    assert len(audit.search_entries(db, AuditFilter(person="李老师", limit=None)).rows) == len(everything)
    assert audit.search_entries(db, AuditFilter(person="王老师")).rows == []
    assert audit.people(db) == ["李老师"]  # names, never a computer account
    account = next(r.os_user for r in everything if r.os_user)
    assert audit.search_entries(db, AuditFilter(person=account)).rows == []
    by_text = audit.search_entries(db, AuditFilter(text="阑尾炎", limit=None)).rows  # in the details only
    assert {r.entity for r in by_text} == {"visit"}
    assert audit.search_entries(db, AuditFilter(text="100%")).rows == []  # % is a character, not a wildcard
    # The entries' own days, not the module's TODAY: a run may cross midnight.
    first, last = everything[-1].at.date(), everything[0].at.date()
    assert audit.search_entries(db, AuditFilter(date_from=last + timedelta(days=1))).rows == []
    assert len(audit.search_entries(db, AuditFilter(date_from=first, date_to=last, limit=None)).rows) == len(everything)


def test_entries_come_in_pages(db, world):
    for i in range(7):
        groups.add_group(db, f"第{i}组")
    first = audit.search_entries(db, AuditFilter(area="members", action="create", entity="group", limit=3))
    assert first.more and [r.summary for r in first.rows] == ["新增小组 第6组", "新增小组 第5组", "新增小组 第4组"]
    second = audit.search_entries(
        db, AuditFilter(entity="group", action="create", limit=3, before_id=first.next_before_id)
    )
    third = audit.search_entries(
        db, AuditFilter(entity="group", action="create", limit=3, before_id=second.next_before_id)
    )
    assert [r.summary[-3:] for r in second.rows + third.rows] == ["第3组", "第2组", "第1组", "第0组"]
    assert not third.more and third.next_before_id is None


def test_filter_describes_itself_for_a_report(db):
    flt = AuditFilter(
        date_from=date(2026, 1, 1),
        date_to=date(2026, 3, 31),
        area="members",
        action="update",
        person="李老师",
        text="手机",
    )
    assert flt.describe() == "2026-01-01 至 2026-03-31，范围：会员，操作：修改，操作人：李老师，包含“手机”"
    assert AuditFilter().describe() == "全部日期"


# ---------------------------------------------------------------- describing a change


def test_member_change_reads_in_chinese_with_numbers_masked(db, world):
    data = members.member_input(db, world.zhang)
    members.update_member(
        db,
        world.zhang,
        replace(
            data,
            phone="13900000000",
            political_status="中共党员",
            status="retired",
            base_pay_fen=650_000,
            is_union_member=False,
        ),
    )
    row = audit.list_entries(db, entity="member", entity_id=world.zhang)[0]
    assert audit.describe_change(row) == [
        "政治面貌：（空） → 中共党员",
        "手机号：138****5678 → 139****0000",
        "人员状态：在职 → 退休",
        "是否会员：是 → 否",
        "月基本工资：（空） → 6,500.00 元",
    ]
    assert "手机号：13812345678 → 13900000000" in audit.describe_change(row, full=True)
    created = audit.list_entries(db, entity="member", entity_id=world.zhang)[-1]
    lines = audit.describe_change(created)
    assert "身份证号：110101********0117" in lines and "姓名：张三" in lines
    assert not any("（空）" in line for line in lines)  # a new record lists only what it has


def test_ids_become_names_and_fen_become_yuan(db, world):
    budget.set_budget(db, YEAR, {world.cats["welfare"]: 2_000_000})
    budget.set_budget(db, YEAR, {world.cats["welfare"]: 2_500_000, world.cats["sports"]: 300_000})
    row = audit.list_entries(db, entity="budget")[0]
    names = audit.names_for(db)
    assert audit.describe_change(row, names) == [
        "职工集体福利支出：20,000.00 元 → 25,000.00 元",
        "文体活动支出：（空） → 3,000.00 元",
    ]
    vid = visits.add_visit(db, hospital_visit(world))
    visit_lines = audit.describe_change(audit.list_entries(db, entity="visit", entity_id=vid)[0], names)
    assert {"会员：张三", "走访类型：生病住院", "慰问金：300.00 元", "状态：已访"} <= set(visit_lines)


# ---------------------------------------------------------------- someone else's change


@pytest.fixture
def other_db(db):
    """A second officer: another Database on the same database (as two PCs share PostgreSQL)."""
    database = open_database(db.url.render_as_string(hide_password=False))
    yield database
    database.dispose()


def test_an_edit_over_someone_elses_change_is_refused_and_shows_it(db, other_db, world):
    mine = members.get_member(db, world.zhang)  # I open the form...
    theirs = members.member_input(other_db, world.zhang)
    members.update_member(other_db, world.zhang, replace(theirs, phone="13900000000"), expected_version=mine.version)
    changed = members.member_input(db, world.zhang)
    with pytest.raises(ConcurrentEditError) as refused:  # ...and save my change to the notes
        members.update_member(
            db, world.zhang, replace(changed, phone="13812345678", notes="爱打篮球"), expected_version=mine.version
        )
    message = str(refused.value)
    entry = audit.list_entries(db, entity="member", entity_id=world.zhang)[0]
    assert message == (
        f"会员 张三 的资料在你打开之后被 李老师 于 {entry.at:%H:%M} 修改过："
        "手机号：138****5678 → 139****0000。你的修改没有保存。请关闭窗口、刷新后重新修改。"
    )
    kept = members.get_member(db, world.zhang)
    assert (kept.phone, kept.notes, kept.version) == ("13900000000", "", mine.version + 1)  # nothing overwritten


def test_several_changes_meanwhile_are_all_named(db, other_db, world):
    mine = members.get_member(db, world.zhang)
    members.set_status(other_db, [world.zhang], "retired")
    settings.save(other_db, replace(settings.load(other_db), operator="王老师"))
    theirs = members.member_input(other_db, world.zhang)
    members.update_member(other_db, world.zhang, replace(theirs, title="高级教师"))
    with pytest.raises(ConcurrentEditError) as refused:
        members.update_member(db, world.zhang, members.member_input(db, world.zhang), expected_version=mine.version)
    message = str(refused.value)
    assert "被 李老师 于" in message and "更改状态过：人员状态：在职 → 退休；又被 王老师 于" in message
    assert message.index("在职 → 退休") < message.index("职称：（空） → 高级教师")  # in the order they happened


def test_a_change_made_by_an_import_is_found_too(db, other_db, world, tmp_path):
    mine = members.get_member(db, world.zhang)
    path = workbook(tmp_path / "名册.xlsx", ["姓名", "身份证号", "职称"], [["张三", ZHANG_ID, "一级教师"]])
    apply_member_import(other_db, plan_member_import(other_db, path))
    with pytest.raises(ConcurrentEditError) as refused:
        members.update_member(db, world.zhang, members.member_input(db, world.zhang), expected_version=mine.version)
    assert "导入更新过：职称：（空） → 一级教师。" in str(refused.value)


def test_visit_and_checkup_edits_show_the_other_change(db, other_db, world):
    vid = visits.add_visit(db, hospital_visit(world))
    visits.update_visit(other_db, vid, hospital_visit(world, notes="已送水果"), expected_version=1)
    with pytest.raises(ConcurrentEditError) as refused:
        visits.update_visit(db, vid, hospital_visit(world, visitors="张校长"), expected_version=1)
    assert str(refused.value).startswith("这条走访 张三（生病住院，")
    assert "修改过：备注：（空） → 已送水果。你的修改没有保存。" in str(refused.value)
    with other_db.session() as s:
        assert s.get(Visit, vid).visitors == "王建国"

    cid = checkups.create_campaign(db, campaign_input())
    checkups.set_status(
        other_db, cid, [p.id for p in checkups.list_people(other_db, cid)], "notified"
    )  # not the campaign
    checkups.update_campaign(other_db, cid, campaign_input(package="B套餐"), expected_version=1)
    with pytest.raises(ConcurrentEditError) as refused:
        checkups.update_campaign(db, cid, campaign_input(hospital="市中医院"), expected_version=1)
    assert f"体检批次“{YEAR}年体检”在你打开之后被 李老师" in str(refused.value)
    assert "修改过：套餐：A套餐 → B套餐。你的修改没有保存。" in str(refused.value)
    assert checkups.get_campaign(db, cid).hospital == "市第一人民医院"


def test_without_an_audit_entry_the_message_still_says_what_to_do(db, world):
    with db.session() as s:  # a change made outside the app: no audit entry
        s.get(Member, world.zhang).notes = "外部修改"
    with pytest.raises(ConcurrentEditError) as refused:
        members.update_member(db, world.zhang, members.member_input(db, world.zhang), expected_version=1)
    assert (
        str(refused.value) == "会员 张三 的资料在你打开之后被别人修改过。你的修改没有保存。请关闭窗口、刷新后重新修改。"
    )


# ---------------------------------------------------------------- many entries


def test_many_entries_are_paged_and_searched(db, world):
    """10,000 entries written straight into the log (benchmarks/bench_audit.py times 100,000)."""
    with db.session() as s:
        s.execute(insert(AuditEntry), synthetic_entries(10_000))
    for flt in SEARCHES.values():
        audit.search_entries(db, flt)
    assert len(audit.search_entries(db, SEARCHES["最新一页"]).rows) == 500
    assert [r.summary for r in audit.search_entries(db, SEARCHES["搜索文字"]).rows] == ["修改会员 测试4242：手机号"]
    assert audit.search_entries(db, SEARCHES["搜索不存在的文字"]).rows == []


def synthetic_entries(count: int) -> list[dict]:
    start = datetime(2016, 1, 1)
    return [
        {
            "at": start + timedelta(minutes=50 * i),
            "os_user": "li" if i % 3 else "wang",
            "operator": "李老师" if i % 3 else "王老师",
            "action": ("create", "update", "status", "import")[i % 4],
            "entity": ("member", "visit", "ledger", "checkup", "group")[i % 5],
            "entity_id": i % 5000,
            "summary": f"修改会员 测试{i}：手机号",
            "details": f'{{"before": {{"phone": "13812345678"}}, "after": {{"phone": "139{i:08d}"}}}}',
        }
        for i in range(count)
    ]


SEARCHES = {
    "最新一页": AuditFilter(),
    "按日期": AuditFilter(date_from=date(2016, 3, 1), date_to=date(2016, 4, 30)),
    "按范围和操作": AuditFilter(area="members", action="update"),
    "按操作人": AuditFilter(person="王老师"),
    "搜索文字": AuditFilter(text="测试4242："),
    "搜索不存在的文字": AuditFilter(text="没有这个词"),
    "搜索不存在的字母": AuditFilter(text="Zhang"),
    "组合": AuditFilter(date_from=date(2016, 2, 1), area="funds", person="李老师", text="139"),
}


def test_text_search_ignores_the_case_of_letters(db, world):
    members.add_member(db, MemberInput(name="Anna Lee", gender="F", phone="13600000000"))
    assert [r.summary for r in audit.search_entries(db, AuditFilter(text="anna lee")).rows] == ["新增会员 Anna Lee"]
    assert [r.entity_id for r in audit.search_entries(db, AuditFilter(text="0117", entity="member")).rows] == [
        world.zhang
    ]


def test_a_change_hidden_by_masking_still_shows():
    before, after = (
        {"phone": "13812345678", "id_number": "110101199003071234"},
        {
            "phone": "13899995678",
            "id_number": "110101199003071234",
        },
    )
    assert audit.change_lines("member", before, after) == ["手机号：138****5678 → 138****5678（中间几位有改动）"]
    assert audit.change_lines("member", before, after, full=True) == ["手机号：13812345678 → 13899995678"]
