"""Checkups: eligibility lists, bulk states, coverage, and union money following attendance."""

from datetime import date, timedelta

import pytest

from unionapp.domain.members import MemberInput
from unionapp.services import checkups, ledger, members
from unionapp.services.check import run_check
from unionapp.services.checkups import CampaignInput, CheckupError
from unionapp.services.ledger import FundsError, LedgerFilter

TODAY = date.today()
YEAR = TODAY.year
START = date(YEAR, 1, 1)


@pytest.fixture
def staff(db):
    made = {}
    for name, gender, status in (
        ("张三", "M", "active"),
        ("李梅", "F", "active"),
        ("王芳", "F", "active"),
        ("赵老", "M", "retired"),
        ("周离", "F", "transferred"),
    ):
        made[name] = members.add_member(
            db, MemberInput(name=name, gender=gender, status=status, birth_date=date(1970, 1, 1))
        )
    return made


def campaign(db, eligibility="all_active", payer="union", **kw):
    data = CampaignInput(
        year=YEAR,
        name=kw.pop("name", f"{YEAR}年体检"),
        eligibility=eligibility,
        date_from=START,
        date_to=kw.pop("date_to", TODAY),
        hospital="市第一人民医院",
        package="A套餐",
        cost_per_person_fen=kw.pop("cost", 40_000),
        payer=payer,
        **kw,
    )
    return checkups.create_campaign(db, data)


def people(db, cid):
    return {p.name: p for p in checkups.list_people(db, cid)}


def ledger_checkups(db) -> int:
    return sum(e.amount_fen for e in ledger.list_entries(db, LedgerFilter(source="checkup")))


def test_eligibility_lists(db, staff):
    assert set(people(db, campaign(db))) == {"张三", "李梅", "王芳"}
    assert set(people(db, campaign(db, "women", name="女工"))) == {"李梅", "王芳"}
    assert set(people(db, campaign(db, "retirees", name="退休"))) == {"赵老"}
    assert people(db, campaign(db, "manual", name="手选")) == {}


def test_women_only_refuses_a_man(db, staff):
    cid = campaign(db, "women")
    with pytest.raises(CheckupError, match="不是女教职工"):
        checkups.add_people(db, cid, [staff["张三"]])
    assert "张三" not in people(db, cid)


def test_attendance_drives_the_union_cost(db, staff):
    cid = campaign(db)
    team = people(db, cid)
    checkups.set_status(db, cid, [team["张三"].id, team["李梅"].id], "done", TODAY)
    assert ledger_checkups(db) == 80_000
    checkups.set_status(db, cid, [team["王芳"].id], "followup", TODAY, note="甲状腺结节，三个月后复查")
    assert ledger_checkups(db) == 120_000
    checkups.set_status(db, cid, [team["李梅"].id], "absent", reason="出差")
    assert ledger_checkups(db) == 80_000
    row = checkups.get_campaign(db, cid)
    assert (row.eligible, row.attended, row.missing, row.cost_fen) == (3, 2, 1, 80_000)
    assert [p.name for p in checkups.missing_people(db, cid)] == ["李梅"]
    assert run_check(db).ok, run_check(db).lines


def test_invoice_total_and_admin_payer(db, staff):
    cid = campaign(db, invoice_total_fen=99_900)
    assert ledger_checkups(db) == 99_900  # the hospital's total bill, whoever attended
    data = CampaignInput(
        year=YEAR,
        name="行政付费体检",
        eligibility="all_active",
        date_from=START,
        date_to=TODAY,
        cost_per_person_fen=40_000,
        payer="admin",
    )
    admin = checkups.create_campaign(db, data)
    team = people(db, admin)
    checkups.set_status(db, admin, [p.id for p in team.values()], "done", TODAY)
    assert checkups.get_campaign(db, admin).cost_fen == 120_000
    assert ledger_checkups(db) == 99_900  # the administration's cost stays out of the union ledger
    data = CampaignInput(
        year=YEAR,
        name=f"{YEAR}年体检",
        eligibility="all_active",
        date_from=START,
        date_to=TODAY,
        cost_per_person_fen=40_000,
        payer="admin",
        hospital="市第一人民医院",
        package="A套餐",
    )
    checkups.update_campaign(db, cid, data)  # switched to the administration: the union entry is reversed
    assert ledger_checkups(db) == 0
    assert run_check(db).ok


@pytest.mark.parametrize(
    "day, message",
    [
        (START - timedelta(days=1), "不在本次体检的日期范围"),
        (None, "请填写体检日期"),
    ],
)
def test_bad_checkup_dates(db, staff, day, message):
    cid = campaign(db)
    with pytest.raises(CheckupError, match=message):
        checkups.set_status(db, cid, [p.id for p in people(db, cid).values()], "done", day)
    assert all(p.status == "pending" for p in people(db, cid).values()) and ledger_checkups(db) == 0


def test_closed_year_refuses_and_keeps_everything(db, staff):
    data = CampaignInput(
        year=YEAR - 1,
        name="去年体检",
        eligibility="all_active",
        date_from=date(YEAR - 1, 3, 1),
        date_to=date(YEAR - 1, 3, 31),
        cost_per_person_fen=40_000,
    )
    cid = checkups.create_campaign(db, data)
    ledger.close_year(db, YEAR - 1)
    with pytest.raises(FundsError, match="已经结账"):
        checkups.set_status(db, cid, [p.id for p in people(db, cid).values()], "done", date(YEAR - 1, 3, 5))
    assert all(p.status == "pending" for p in people(db, cid).values())


def test_remove_people_and_history_and_coverage(db, staff):
    cid = campaign(db)
    team = people(db, cid)
    checkups.set_status(db, cid, [team["张三"].id], "done", TODAY)
    checkups.remove_people(db, cid, [team["张三"].id])
    assert ledger_checkups(db) == 0 and "张三" not in people(db, cid)
    checkups.add_people(db, cid, [staff["张三"]])
    assert checkups.member_history(db, staff["张三"])[0].status == "pending"
    assert sum(r.eligible for r in checkups.coverage_by_group(db, cid)) == 3


def test_women_checkup_reminder(db, staff):
    assert checkups.women_checkup_reminder(db, date(YEAR, 9, 30)) is None
    assert "女教职工体检" in checkups.women_checkup_reminder(db, date(YEAR, 10, 1))
    campaign(db, "women", name="女工体检", date_to=date(YEAR, 12, 31))
    assert checkups.women_checkup_reminder(db, date(YEAR, 10, 1)) is None


def test_campaign_validation(db):
    with pytest.raises(CheckupError, match="结束日期"):
        checkups.create_campaign(
            db,
            CampaignInput(
                year=YEAR, name="x", eligibility="all_active", date_from=date(YEAR, 5, 2), date_to=date(YEAR, 5, 1)
            ),
        )
    with pytest.raises(CheckupError, match="工会小组"):
        checkups.create_campaign(
            db,
            CampaignInput(
                year=YEAR, name="x", eligibility="group", date_from=date(YEAR, 5, 1), date_to=date(YEAR, 5, 2)
            ),
        )


def test_delete_campaign_reverses_its_cost(db, staff):
    cid = campaign(db)
    team = people(db, cid)
    checkups.set_status(db, cid, [team["张三"].id], "done", TODAY)
    with pytest.raises(CheckupError, match="原因"):
        checkups.delete_campaign(db, cid, " ")
    checkups.delete_campaign(db, cid, "建错了")
    assert checkups.list_campaigns(db) == [] and ledger_checkups(db) == 0
    assert run_check(db).ok


def test_followup_note_is_dropped_once_no_longer_needed(db, staff):
    cid = campaign(db)
    person = people(db, cid)["李梅"]
    checkups.set_status(db, cid, [person.id], "followup", TODAY, note="乳腺结节")
    assert people(db, cid)["李梅"].followup_note == "乳腺结节"
    checkups.set_status(db, cid, [person.id], "done", TODAY)
    assert people(db, cid)["李梅"].followup_note == ""


def test_count_eligible(db, staff):
    assert checkups.count_eligible(db, "women") == 2
    assert checkups.count_eligible(db, "all_active") == 3
    assert checkups.count_eligible(db, "retirees") == 1
