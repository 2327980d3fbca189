"""The union's year: the template edited, each year made once from it, items done with a
note or linked to the record that did them, overdue items, the year-end 台账's figures,
and refusals in Chinese that write nothing. Explicit dates in 2024."""

from datetime import date

import pytest
from sqlalchemy import func, select
from tests.services.proposal_school import SESSION_DAY, accepted, congress

from unionapp.db.models import AuditEntry, YearPlanItem
from unionapp.domain.year_plan import DEFAULT_TEMPLATE, TemplateItem
from unionapp.services import activities, checkups, ledger, year_plan
from unionapp.services.activities import ActivityInput, CostInput, EntryInput
from unionapp.services.checkup_people import set_status
from unionapp.services.handouts import HandoutInput, create_handout, issue_handout
from unionapp.services.year_plan import PlanError, PlanItemInput

PLANNED = date(2023, 1, 2)  # the plans were made before their years' months ended


def category(db, code):
    return next(c.id for c in ledger.list_categories(db) if c.code == code)


def audit_count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def item_id(db, year, title) -> int:
    return next(i.id for i in year_plan.list_items(db, year, today=date(2024, 12, 31)) if i.title == title)


def test_the_template_is_edited_and_month_13_refused_in_chinese(db):
    template = year_plan.list_template(db)
    assert len(template) == len(DEFAULT_TEMPLATE) and template[0].month == 1
    before = audit_count(db)
    with pytest.raises(PlanError, match="月份应是 1 到 12 之间的整数，这里是“13”"):
        year_plan.add_template_item(db, TemplateItem(13, "年终聚餐", "工会主席"))
    with pytest.raises(PlanError, match="请填写工作内容"):
        year_plan.add_template_item(db, TemplateItem(6, " \u200b "))
    with pytest.raises(PlanError, match="模板中 3 月已有"):
        year_plan.add_template_item(db, TemplateItem(3, "召开教代会（春季学期）"))
    assert len(year_plan.list_template(db)) == len(template) and audit_count(db) == before
    new = year_plan.add_template_item(db, TemplateItem(6, "端午节慰问", "生活委员", "handouts"))
    year_plan.update_template_item(db, new, TemplateItem(6, "端午节慰问品发放", "生活委员", "handouts"))
    row = next(t for t in year_plan.list_template(db) if t.id == new)
    assert (row.title, row.area_label, row.monthly) == ("端午节慰问品发放", "发放", False)
    year_plan.remove_template_item(db, new)
    assert new not in {t.id for t in year_plan.list_template(db)}


def test_a_year_is_copied_once_with_monthly_items_expanded(db):
    monthly = sum(t.monthly for t in DEFAULT_TEMPLATE)
    expected = len(DEFAULT_TEMPLATE) - monthly + 12 * monthly
    assert year_plan.ensure_year(db, 2024, today=PLANNED) == expected
    assert year_plan.ensure_year(db, 2024, today=PLANNED) == 0
    items = year_plan.list_items(db, 2024, today=date(2024, 3, 15))
    assert len(items) == expected
    march = [i.title for i in items if i.month == 3]
    assert march[-2:] == ["会员生日祝福（3月）", "工会小组（小家）活动（3月）"]  # after March's own items
    assert "三八妇女节慰问及女教职工活动" in march
    # a template change reaches the years made after it, not this one
    year_plan.add_template_item(db, TemplateItem(6, "端午节慰问", area="handouts"))
    assert year_plan.ensure_year(db, 2024, today=PLANNED) == 0
    assert year_plan.ensure_year(db, 2025, today=PLANNED) == expected + 1
    overdue = year_plan.overdue_items(db, today=date(2024, 3, 15))
    assert {i.month for i in overdue} == {1, 2} and all(i.overdue and i.year == 2024 for i in overdue)
    assert len(overdue) == sum(1 for i in items if i.month < 3)


def test_items_done_with_a_note_or_a_link_and_the_ledger_counts_them(db):
    c = congress(db)
    accepted(db, c)
    year_plan.ensure_year(db, 2024, today=PLANNED)
    ids = list(c.member.values())
    gift = HandoutInput(
        "三八节慰问品", "womens_day", date(2024, 3, 7), value_fen=15_000, category_id=category(db, "welfare")
    )
    handout = create_handout(db, gift, ids[:4])
    issue_handout(db, handout, "测试")
    sport = ActivityInput(
        "春季教职工运动会", "sports", date(2024, 5, 10), date(2024, 5, 10), category_id=category(db, "sports")
    )
    activity = activities.create_activity(db, sport)
    activities.add_entries(db, activity, [EntryInput(m, attended=True) for m in ids[:3]] + [EntryInput(ids[3])])
    activities.add_cost(db, activity, CostInput(date(2024, 5, 10), "器材", 30_000))
    exam = checkups.CampaignInput(
        2024, "2024年女职工体检", "women", date(2024, 10, 8), date(2024, 10, 18), cost_per_person_fen=20_000
    )
    campaign = checkups.create_campaign(db, exam)
    people = [p.id for p in checkups.list_people(db, campaign)]
    set_status(db, campaign, people[:2], "done", date(2024, 10, 9))

    links = {
        "三八妇女节慰问及女教职工活动": ("handout", handout, date(2024, 3, 8)),
        "春季教职工文体活动": ("activity", activity, date(2024, 5, 10)),
        "女教职工健康体检": ("checkup_campaign", campaign, date(2024, 10, 18)),
        "召开教代会（春季学期）": ("congress_session", c.session_id, SESSION_DAY),
    }
    for title, (kind, record, day) in links.items():
        area = next(i.area for i in year_plan.list_items(db, 2024) if i.title == title)
        assert record in {x.id for x in year_plan.link_choices(db, 2024, area)}
        year_plan.mark_done(db, item_id(db, 2024, title), day, link_kind=kind, link_id=record)
    year_plan.mark_done(db, item_id(db, 2024, "职工互助保险续保"), date(2024, 4, 20), "已续保 10 人")

    rows = {i.title: i for i in year_plan.list_items(db, 2024, today=date(2024, 12, 31))}
    assert rows["三八妇女节慰问及女教职工活动"].link_text == "发放：三八节慰问品（2024-03-07）"
    assert not rows["春季教职工文体活动"].overdue and rows["工会档案整理，迎接上级检查"].overdue
    ledger_lines = {x.title: x for x in year_plan.year_ledger(db, 2024)}
    figures = {t: (ledger_lines[t].people, ledger_lines[t].money_fen) for t in links}
    assert figures == {
        "三八妇女节慰问及女教职工活动": (4, 60_000),
        "春季教职工文体活动": (3, 30_000),
        "女教职工健康体检": (2, 40_000),
        "召开教代会（春季学期）": (0, None),
    }
    assert "提案 1 件" in ledger_lines["召开教代会（春季学期）"].what
    insurance = ledger_lines["职工互助保险续保"]
    assert (insurance.what, insurance.people, insurance.done_on) == ("已续保 10 人", None, date(2024, 4, 20))

    year_plan.mark_open(db, item_id(db, 2024, "春季教职工文体活动"))
    row = next(i for i in year_plan.list_items(db, 2024, today=date(2024, 12, 31)) if i.title == "春季教职工文体活动")
    assert (row.done_on, row.link_id, row.link_text, row.overdue) == (None, None, "", True)


def test_refusals_write_nothing(db):
    c = congress(db)
    year_plan.ensure_year(db, 2024, today=PLANNED)
    year_plan.ensure_year(db, 2023, today=PLANNED)
    target = item_id(db, 2024, "春季教职工文体活动")
    other_year = next(x for x in year_plan.list_items(db, 2023) if x.title == "春季教职工文体活动").id
    sport = ActivityInput(
        "旧运动会", "sports", date(2023, 5, 10), date(2023, 5, 10), category_id=category(db, "sports")
    )
    old = activities.create_activity(db, sport)
    before = (audit_count(db), year_plan.list_items(db, 2024, today=date(2024, 12, 31)))
    cases = [
        (dict(done_on=date(2023, 12, 31)), "早于 2024 年"),
        (dict(done_on=date.today().replace(year=date.today().year + 1)), "晚于今天"),
        (dict(done_on=date(2024, 5, 10), link_kind="activity", link_id=old), "找不到 2024 年这条活动记录"),
        (dict(done_on=date(2024, 5, 10), link_kind="handout", link_id=old), "只能关联活动记录"),
        (dict(done_on=date(2024, 5, 10), note="好" * 2001), "完成情况太长"),
    ]
    for kw, message in cases:
        with pytest.raises(PlanError, match=message):
            year_plan.mark_done(db, target, **kw)
    with pytest.raises(PlanError, match="不能关联记录"):
        year_plan.mark_done(db, item_id(db, 2024, "职工互助保险续保"), date(2024, 4, 1), link_id=c.session_id)
    with pytest.raises(PlanError, match="月份应是 1 到 12"):
        year_plan.add_item(db, 2024, PlanItemInput(13, "年终聚餐"))
    with pytest.raises(PlanError, match="已有“春季教职工文体活动”"):
        year_plan.update_item(db, item_id(db, 2024, "职工互助保险续保"), PlanItemInput(5, "春季教职工文体活动"))
    assert (audit_count(db), year_plan.list_items(db, 2024, today=date(2024, 12, 31))) == before
    year_plan.mark_done(db, other_year, date(2023, 5, 10), link_kind="activity", link_id=old)  # its own year's
    with db.session() as s:
        assert s.get(YearPlanItem, other_year).link_id == old


def test_a_plan_first_made_late_in_the_year_is_not_overdue_for_the_months_gone(db):
    year_plan.ensure_year(db, 2024, today=date(2024, 12, 3))  # a new database in December
    assert year_plan.overdue_items(db, today=date(2024, 12, 3)) == []
    rows = year_plan.list_items(db, 2024, today=date(2024, 12, 3))
    assert rows and not any(r.overdue for r in rows)
    # December's items were in the plan before December ended: overdue in January
    late = year_plan.list_items(db, 2024, today=date(2025, 1, 5))
    assert {r.month for r in late if r.overdue} == {12}
