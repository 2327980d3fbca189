"""Every figure on the binder's first page equals what the area's own report says: the
demo school (today fixed at 15 October 2025, so January–October's dues are due and the
women's checkup is still open) read through services.binder, beside the report builders
the chair prints from each tab."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from unionapp import config
from unionapp.db.opening import open_database
from unionapp.domain.activities import rate_text
from unionapp.domain.binder import DisclosureInput
from unionapp.domain.money import format_fen
from unionapp.reports import activities as activity_reports
from unionapp.reports import checkups as checkup_reports
from unionapp.reports import funds as fund_reports
from unionapp.reports import hardship as hardship_reports
from unionapp.reports import proposals as proposal_reports
from unionapp.reports import visits as visit_reports
from unionapp.services import binder, checkups, congress, disclosures
from unionapp.services.demo import create_demo

TODAY = date(2025, 10, 15)
YEAR = TODAY.year


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    folder = tmp_path_factory.mktemp("binder_figures")
    db = open_database(config.database_url(str(folder / "union.db")))
    create_demo(db, members_count=120, years=2, today=TODAY)
    disclosures.add_disclosure(db, DisclosureInput(YEAR, date(YEAR, 7, 10), f"{YEAR}年上半年", "校务公开栏"))
    disclosures.add_disclosure(db, DisclosureInput(YEAR, date(YEAR, 3, 1), f"{YEAR - 1}年全年", "教代会"))
    disclosures.add_disclosure(db, DisclosureInput(YEAR - 1, date(YEAR - 1, 7, 1)))
    yield db
    db.dispose()


def _by_code(db, date_from=date(YEAR, 1, 1), date_to=date(YEAR, 12, 31)) -> dict[str, binder.Indicator]:
    found: dict[str, binder.Indicator] = {}
    for i in binder.indicators(db, date_from, date_to, today=TODAY):
        found.setdefault(i.code, i)  # the first of a code is its total line
    return found


def _yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def test_budget_execution_equals_the_execution_reports_expense_total(school):
    report = fund_reports.execution_report(school, YEAR, today=TODAY)
    name, budget, actual, _left, share, _note = next(r for r in report.rows if r[0] == "支出合计")
    got = _by_code(school)["budget"]
    assert _yuan(got.parts["budget_fen"]) == budget and _yuan(got.parts["actual_fen"]) == actual
    assert got.parts["percent"] / 100 == share and got.parts["budget_fen"] > 0
    assert f"（{got.parts['percent']}%）" in got.value


def test_visits_equal_the_summary_reports_type_rows(school):
    report = visit_reports.summary_report(school, YEAR, today=TODAY)
    head = report.rows[0]
    assert head[0] == "一、按走访类型"
    by_type = report.rows[1 : next(i for i, r in enumerate(report.rows) if r[0] == "二、按工会小组")]
    typed = {r[0].strip(): r[1:] for r in by_type if r[1]}  # the report lists every type, 0 too
    lines = [i for i in binder.indicators(school, date(YEAR, 1, 1), date(YEAR, 12, 31), today=TODAY)]
    total = next(i for i in lines if i.code == "visits")
    assert (total.parts["count"], _yuan(total.parts["money_fen"]), _yuan(total.parts["gift_value_fen"])) == head[1:]
    per_type = {i.label.removeprefix("五必访："): i for i in lines if i.code == "visits" and i is not total}
    assert set(per_type) == set(typed) and len(typed) >= 3
    for label, (count, money, gifts) in typed.items():
        part = per_type[label].parts
        assert (part["count"], _yuan(part["money_fen"]), _yuan(part["gift_value_fen"])) == (count, money, gifts)
        assert per_type[label].value.startswith(f"{count} 人次，慰问金 {format_fen(part['money_fen'])} 元")


def test_checkup_coverage_equals_each_campaigns_coverage_report(school):
    got = _by_code(school)
    for code, kind in (("checkup_all", "all_active"), ("checkup_women", "women")):
        campaigns = [c for c in checkups.list_campaigns(school, YEAR) if c.eligibility == kind]
        assert campaigns and got[code].parts["campaigns"] == [c.id for c in campaigns]
        eligible = attended = 0
        for c in campaigns:
            subtitle = checkup_reports.coverage_report(school, c.id, today=TODAY).subtitle
            eligible += c.eligible
            attended += c.attended
            assert f"应参加 {c.eligible} 人，已参加 {c.attended} 人" in subtitle
        assert (got[code].parts["eligible"], got[code].parts["attended"]) == (eligible, attended)
        assert got[code].value == rate_text(attended, eligible)


def test_hardship_help_equals_the_help_statistics_report(school):
    report = hardship_reports.load_help_stats_report(school, YEAR, today=TODAY)
    help_ = _by_code(school)["hardship_help"]
    assert help_.parts["people"] == len(report.rows) > 0
    assert report.subtitle == f"帮扶 {help_.parts['people']} 人，合计 {format_fen(help_.parts['total_fen'])} 元"
    roster = hardship_reports.load_roster_report(school, today=TODAY)
    assert _by_code(school, date_to=TODAY)["hardship_files"].parts["on_file"] == len(roster.rows)


def test_activity_participation_equals_the_overview_reports_year_line(school):
    report = activity_reports.overview_report(school, YEAR, today=TODAY)
    got = _by_code(school)["activity"]
    assert got.parts["members"] > 0
    assert f"全年参与率（至少参加一次活动的会员）：{got.value}" in report.subtitle


def test_proposal_figures_equal_the_sessions_reply_reports(school):
    sessions = [s for s in congress.list_sessions(school) if s.session_date.year == YEAR]
    assert sessions
    got = _by_code(school)
    for s in sessions:  # the demo holds one session a year: its line is the binder's
        line = proposal_reports.load_replies_report(school, session_id=s.id, today=TODAY).subtitle
        assert f"立案 {got['proposals'].parts['accepted']} 件" in line
        assert f"收到提案 {got['proposals'].parts['submitted']} 件" in line
        assert f"答复率 {got['proposal_reply'].value}" in line
        assert f"满意率（含基本满意）{got['proposal_satisfied'].value}" in line
    assert len(sessions) == 1


def test_disclosures_count_the_years_records(school):
    got = _by_code(school)["disclosures"]
    assert got.parts == {"count": 2} and got.value == "2 次"
    assert _by_code(school, date(YEAR - 1, 1, 1), date(YEAR - 1, 12, 31))["disclosures"].parts == {"count": 1}
    assert (
        _by_code(school, date(YEAR - 2, 1, 1), date(YEAR - 2, 12, 31))["disclosures"].value == "本年度没有登记经费公开"
    )
