"""The binder's indicators over a year and a term: every code in INDICATORS order, the dues
months due as of `today`, the roster's counts, a term's 五必访 grouped over the term's own
visits, yearly figures marked as such in a term binder. The demo school with today fixed
at 20 May 2025."""

from datetime import date

from unionapp.domain.binder import INDICATORS, WHOLE_YEAR_NOTE
from unionapp.services import binder, dues, members
from unionapp.services.demo import create_demo
from unionapp.services.visit_reads import VisitFilter, list_visits

TODAY = date(2025, 5, 20)


def test_year_and_term_indicators(db):
    create_demo(db, members_count=40, years=1, today=TODAY)
    year = binder.indicators(db, date(2025, 1, 1), date(2025, 12, 31), today=TODAY)
    spring = binder.indicators(db, date(2025, 1, 1), date(2025, 7, 31), today=TODAY)
    autumn = binder.indicators(db, date(2025, 8, 1), date(2025, 12, 31), today=TODAY)

    codes = list(dict.fromkeys(i.code for i in year))
    assert codes == list(INDICATORS)
    first = {i.code: i for i in reversed(year)}  # the first line of a code: its total
    assert first["membership"].how == INDICATORS["membership"].how and all(i.value for i in year)

    everyone = members.list_members(db)
    staff = [m for m in everyone if m.status == "active"]
    assert first["membership"].parts == {"members": sum(m.is_union_member for m in staff), "staff": len(staff)}

    # January–May have begun by 20 May; the demo posts each month that has begun.
    posted = [m for m in dues.dues_year(db, 2025) if m.posted]
    assert first["dues"].parts["due"] == 5 == len(posted)
    assert first["dues"].parts["total_fen"] == sum(m.total_fen for m in posted) > 0
    assert first["dues"].value.startswith("5/5（100.0%），会费 ")
    autumn_dues = next(i for i in autumn if i.code == "dues")
    assert autumn_dues.parts == {"posted": 0, "due": 0, "total_fen": 0} and autumn_dues.value == "—"

    # A term's 五必访 are the term's own visits; the yearly ones say they are the year's.
    done = list_visits(db, VisitFilter(date_from=date(2025, 1, 1), date_to=date(2025, 7, 31), status="done"))
    term_visits = next(i for i in spring if i.code == "visits")
    assert term_visits.parts["count"] == len(done)
    assert term_visits.parts["money_fen"] == sum(v.money_fen for v in done)
    assert sum(p["count"] for p in term_visits.parts["by_type"].values()) == len(done)
    lines = [i for i in spring if i.code == "visits"]
    assert len(lines) == 1 + len(term_visits.parts["by_type"]) and all(i.how == "" for i in lines[1:])
    for code in ("budget", "hardship_help", "activity", "disclosures"):
        term_line = next(i for i in spring if i.code == code)
        assert term_line.how.endswith(WHOLE_YEAR_NOTE) and not first[code].how.endswith(WHOLE_YEAR_NOTE)
        assert term_line.parts == first[code].parts
    assert next(i for i in spring if i.code == "membership").how == first["membership"].how
