"""The month's care list: a school with one known situation of each kind — and its settled
twin — shows exactly those lines, each with its action and the record it opens; settling
a line makes it vanish. Explicit dates in 2024 (the small congress's year)."""

from dataclasses import replace
from datetime import date

import pytest
from tests.services.proposal_school import accepted, congress

from unionapp.domain.members import MemberInput
from unionapp.services import budget, care, checkups, hardship, ledger, members, settings, visits, year_plan
from unionapp.services.checkup_people import add_people, set_status
from unionapp.services.handouts import HandoutInput, create_handout, issue_handout
from unionapp.services.hardship import FileInput
from unionapp.services.ledger import EntryInput
from unionapp.services.visits import VisitInput

TODAY = date(2024, 12, 5)


def add(db, name, sex, born, **kw):
    return members.add_member(db, MemberInput(name=name, gender=sex, birth_date=born, group_name="高中组", **kw))


def visit(db, member_id, code, day, money):
    vtype = next(t for t in visits.list_types(db) if t.code == code)
    data = VisitInput(member_id=member_id, type_id=vtype.id, visit_date=day, money_fen=money, warning_reason="测试")
    return visits.add_visit(db, data)


def category(db, code):
    return next(c.id for c in ledger.list_categories(db) if c.code == code)


def campaign(db, name, eligibility, start, year=2024):
    data = checkups.CampaignInput(year, name, eligibility, start, start.replace(day=start.day + 10), payer="admin")
    return checkups.create_campaign(db, data)


def people(db, campaign_id):
    return {p.member_id: p.id for p in checkups.list_people(db, campaign_id)}


@pytest.fixture
def month(db):
    """The school of December 2024 and what each situation's line should be."""
    c = congress(db)  # ten delegates (born in May, no other mark) and one overdue proposal
    proposal = accepted(db, c)
    m = dict(c.member)
    m["孙悦"] = add(db, "孙悦", "F", date(1980, 12, 10))  # December birthday, settled by the 生日 handout
    m["冯涛"] = add(db, "冯涛", "M", date(1982, 12, 20))  # December birthday, not settled
    for name in ("何军", "许亮", "吕平", "施磊", "曹雪", "贾鹏", "蒋华"):
        m[name] = add(
            db,
            name,
            "M",
            date(1978, 6, 1),
            native_province="四川省" if name == "贾鹏" else "安徽",
            work_start_date=date(1994, 8, 1) if name == "蒋华" else None,
        )
    m["韩梅"] = add(db, "韩梅", "F", date(1979, 4, 4))
    m["彭刚"] = add(db, "彭刚", "M", date(1965, 2, 1), retirement_date=date(2025, 2, 1))  # in two months
    settings.save(db, settings.UnionSettings(union_name="某中学工会", school_province="安徽省"))

    birthday = HandoutInput(
        "12月生日蛋糕券", "birthday", date(2024, 12, 3), value_fen=10_000, category_id=category(db, "welfare")
    )
    issue_handout(db, create_handout(db, birthday, [m["孙悦"]]), "测试")

    hospital = visit(db, m["何军"], "hospital", date(2024, 11, 25), 30_000)  # 10 days ago, no follow-up
    visit(db, m["许亮"], "hospital", date(2024, 11, 25), 30_000)
    visit(db, m["许亮"], "major_hardship", date(2024, 12, 1), 100_000)  # the follow-up
    visit(db, m["吕平"], "hospital", date(2024, 9, 6), 30_000)  # 90 days ago

    old = campaign(db, "2023年体检", "manual", date(2023, 5, 10), 2023)
    add_people(db, old, [m["许亮"]])
    set_status(db, old, list(people(db, old).values()), "followup", date(2023, 5, 12), note="复查")
    general = campaign(db, "2024年体检", "manual", date(2024, 5, 10))
    add_people(db, general, [m["施磊"], m["许亮"]])
    set_status(db, general, [people(db, general)[m["施磊"]]], "followup", date(2024, 5, 12), note="复查")
    set_status(db, general, [people(db, general)[m["许亮"]]], "done", date(2024, 5, 12))  # cleared last year's
    women = campaign(db, "2024年女职工体检", "women", date(2024, 10, 8))
    checked = [pid for mid, pid in people(db, women).items() if mid != m["陈静"]]
    set_status(db, women, checked, "done", date(2024, 10, 10))

    visited = hardship.open_file(db, FileInput(m["韩梅"], "extreme", date(2024, 3, 1)))
    visit(db, m["韩梅"], "major_hardship", date(2024, 6, 1), 100_000)
    hardship.review_file(db, visited, date(2024, 11, 20), "confirm")
    alone = hardship.open_file(db, FileInput(m["曹雪"], "hardship", date(2024, 2, 1)))

    sports, education = category(db, "sports"), category(db, "education")
    budget.set_budget(db, 2024, {sports: 100_000, education: 100_000})
    ledger.add_entry(db, EntryInput(date(2024, 6, 1), sports, 95_000, "运动会器材"))  # 95%
    ledger.add_entry(db, EntryInput(date(2024, 6, 1), education, 80_000, "培训"))  # 80%

    overdue = year_plan.add_item(db, 2024, year_plan.PlanItemInput(10, "工会档案整理"), today=date(2024, 9, 1))
    done = year_plan.add_item(db, 2024, year_plan.PlanItemInput(11, "困难职工档案复核", area="hardship"))
    year_plan.mark_done(db, done, date(2024, 11, 20), "已复核")
    year_plan.add_item(db, 2024, year_plan.PlanItemInput(12, "年终结账"))  # its month has not ended

    expected = {
        ("birthday", "冯涛", "birthday_handout", None),
        ("hospital", "何军", "visit", hospital),
        ("recheck", "施磊", "checkup", general),
        ("womens_checkup", "陈静", "checkup", women),
        ("hardship", "曹雪", "hardship", alone),
        ("hardship_review", "曹雪", "hardship", alone),
        ("retiring", "彭刚", "retirement_visit", None),
        ("far_from_home", "贾鹏", "visit", None),
        ("budget", "文体活动支出", "budget", sports),
        ("plan", "工会档案整理", "plan", overdue),
        ("proposal", "建议增设教师休息室", "proposal", proposal),
    }
    return m, expected


def shown(lst):
    return {(x.kind, x.name, x.action, x.ref_id) for x in lst.lines}


def test_the_month_lists_exactly_whom_the_union_owes(db, month):
    m, expected = month
    found = care.care_list(db, 2024, 12, today=TODAY)
    assert shown(found) == expected
    assert len(found.lines) == len(expected)  # no line twice
    assert [x.kind for x in found.lines] == sorted((x.kind for x in found.lines), key=list(care.CARE_KINDS).index)
    assert found.counts["hardship"] == 1 and found.counts["teaching_age"] == 0 and sum(found.counts.values()) == 11
    by_kind = {x.kind: x for x in found.lines}
    assert by_kind["hospital"].member_id == m["何军"] and "已 10 天" in by_kind["hospital"].detail
    assert by_kind["womens_checkup"].detail == "2024年女职工体检：待通知"
    assert by_kind["far_from_home"].detail == "籍贯：四川省"
    assert "95.0%" in by_kind["budget"].detail
    assert by_kind["birthday"].day == date(2024, 12, 20) and by_kind["retiring"].day == date(2025, 2, 1)
    assert care.care_counts(db, today=TODAY) == 11


def test_september_celebrates_teaching_ages_and_spring_festival_waits(db, month):
    m, _ = month
    found = care.care_list(db, 2024, 9, today=date(2024, 9, 5))
    ages = [(x.name, x.detail, x.action, x.ref_id) for x in found.lines if x.kind == "teaching_age"]
    assert ages == [("蒋华", "参加工作 30 年", "member", m["蒋华"])]
    assert found.counts["far_from_home"] == found.counts["birthday"] == found.counts["hardship_review"] == 0
    # a hospital visit after "today" is not yet one; the women's checkup window is open
    assert found.counts["hospital"] == 0 and found.counts["womens_checkup"] == 1
    assert care.care_list(db, 2024, 6, today=date(2024, 6, 5)).counts["womens_checkup"] == 0


def test_settled_lines_vanish(db, month):
    m, expected = month
    visit(db, m["何军"], "major_hardship", date(2024, 12, 2), 100_000)  # the follow-up, also a December visit
    draft = create_handout(
        db,
        HandoutInput(
            "12月生日补发", "birthday", date(2024, 12, 4), value_fen=10_000, category_id=category(db, "welfare")
        ),
        [m["冯涛"]],
    )
    assert next(x for x in care.care_list(db, 2024, 12, today=TODAY).lines if x.kind == "birthday").ref_id == draft
    issue_handout(db, draft, "测试")
    visit(db, m["贾鹏"], "major_hardship", date(2024, 12, 3), 100_000)  # the Spring Festival visit
    left = shown(care.care_list(db, 2024, 12, today=TODAY))
    gone = {k for k in expected if k[0] in ("birthday", "hospital", "far_from_home")}
    assert left == expected - gone


def test_no_school_province_is_one_reminder(db, month):
    settings.save(db, settings.UnionSettings(union_name="某中学工会", school_province=""))
    lines = [x for x in care.care_list(db, 2025, 1, today=date(2025, 1, 6)).lines if x.kind == "far_from_home"]
    assert [(x.member_id, x.name, x.detail, x.action) for x in lines] == [
        (None, "", "请在“设置”中填写学校所在省份", "settings")
    ]


def test_no_province_reminder_before_anyone_is_on_the_roster(db):
    settings.save(db, settings.UnionSettings(union_name="某中学工会", school_province=""))
    assert care.care_list(db, 2025, 1, today=date(2025, 1, 6)).lines == []


def test_retirements_agree_with_the_visits_tab(db, month):
    from unionapp.services.visit_reads import attention

    today = date(2024, 12, 5)
    tab = {(i.member_id, i.due) for i in attention(db, today=today) if i.kind == "retiring"}
    listed = {(x.member_id, x.day) for x in care.care_list(db, 2024, 12, today=today).lines if x.kind == "retiring"}
    assert listed == tab and len(listed) == 1


def test_a_follow_up_entered_as_another_hospital_visit_settles_the_stay(db, month):
    m, expected = month
    visit(db, m["何军"], "hospital", date(2024, 12, 3), 0)  # 回访, entered as 生病住院 again
    found = care.care_list(db, 2024, 12, today=TODAY)
    assert found.counts["hospital"] == 0  # the stay is answered, and the follow-up asks for none
    # a new stay two months after the follow-up wants its own
    later = date(2025, 2, 10)
    visit(db, m["何军"], "hospital", later, 30_000)
    again = care.care_list(db, 2025, 2, today=date(2025, 2, 12)).lines
    assert [(x.kind, x.day) for x in again if x.kind == "hospital"] == [("hospital", later)]


def test_a_hospital_line_never_names_the_illness(db, month):
    m, _ = month
    visit_id = visit(db, m["吕平"], "hospital", date(2024, 12, 1), 30_000)
    data = visits.visit_input(db, visit_id)
    visits.update_visit(db, visit_id, replace(data, reason="乳腺癌术后住院"))
    lines = [x for x in care.care_list(db, 2024, 12, today=TODAY).lines if x.kind == "hospital"]
    assert lines and not any("乳腺癌" in x.detail for x in lines)


def test_has_members_is_false_only_for_an_empty_roster(db):
    assert care.has_members(db) is False
    gone = add(db, "王老师", "男", date(1960, 3, 1))
    members.set_status(db, [gone], "retired", on=date(2020, 3, 1), today=TODAY)
    assert care.has_members(db) is True  # no one in service, but the roster is there
