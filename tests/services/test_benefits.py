"""福利发放明细: each member's year equals their visits, handouts and prizes recomputed
from the records, and the handouts and prizes equal what the ledger holds for them. On
the demo school, so every kind of record is there."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from unionapp.db.models import Activity, ActivityPrize, Handout, HandoutRecipient, LedgerEntry, Visit
from unionapp.services import benefits
from unionapp.services.demo import create_demo

TODAY = date(2026, 8, 15)
YEAR = 2025


def from_records(db, year: int) -> dict[tuple[int, str], int]:
    """(member id, source) → fen, read from the tables themselves."""
    got: dict[tuple[int, str], int] = defaultdict(int)
    with db.session() as s:
        for mid, money, gift in s.execute(
            select(Visit.member_id, Visit.money_fen, Visit.gift_value_fen).where(
                Visit.status == "done", Visit.visit_date.between(date(year, 1, 1), date(year, 12, 31))
            )
        ):
            got[(mid, "visit")] += money + gift
        for mid, fen in s.execute(
            select(HandoutRecipient.member_id, HandoutRecipient.value_fen)
            .join(Handout, Handout.id == HandoutRecipient.handout_id)
            .where(Handout.year == year, Handout.status == "issued")
        ):
            got[(mid, "handout")] += fen
        for mid, fen in s.execute(
            select(ActivityPrize.member_id, ActivityPrize.value_fen)
            .join(Activity, Activity.id == ActivityPrize.activity_id)
            .where(Activity.year == year)
        ):
            got[(mid, "prize")] += fen
    return {key: fen for key, fen in got.items() if fen}


def ledger_sum(db, year: int, source: str) -> int:
    with db.session() as s:
        return sum(
            s.scalars(select(LedgerEntry.amount_fen).where(LedgerEntry.year == year, LedgerEntry.source == source))
        )


def test_each_members_year_is_their_visits_handouts_and_prizes(db):
    create_demo(db, members_count=80, years=2, seed=5, today=TODAY)
    rows = benefits.benefits(db, YEAR)
    shown: dict[tuple[int, str], int] = defaultdict(int)
    for row in rows:
        shown[(row.member_id, row.source)] += row.money_fen + row.goods_fen
    recomputed = from_records(db, YEAR)
    assert {source for _mid, source in recomputed} == {"visit", "handout", "prize"}
    assert dict(shown) == recomputed
    totals = {t.member_id: t.total_fen for t in benefits.per_member(rows)}
    for member_id, total in totals.items():
        assert total == sum(fen for (mid, _src), fen in recomputed.items() if mid == member_id)
    one = next(iter(totals))
    assert [r.member_id for r in benefits.benefits(db, YEAR, member_id=one)] == [one] * len(
        [r for r in rows if r.member_id == one]
    )
    handed = sum(fen for (_mid, src), fen in recomputed.items() if src == "handout")
    prized = sum(fen for (_mid, src), fen in recomputed.items() if src == "prize")
    assert handed == ledger_sum(db, YEAR, "handout") and prized == ledger_sum(db, YEAR, "activity")


def test_the_year_summary_adds_up_to_the_lines(db):
    create_demo(db, members_count=60, years=1, seed=2, today=TODAY)
    rows = benefits.benefits(db, TODAY.year)
    by_kind, by_group = benefits.benefit_summary(db, TODAY.year)
    money, goods = sum(r.money_fen for r in rows), sum(r.goods_fen for r in rows)
    for summary in (by_kind, by_group):
        total = summary[-1]
        assert total.label == "合计" and (total.money_fen, total.goods_fen) == (money, goods)
        assert total.people == len({r.member_id for r in rows})
        assert sum(line.total_fen for line in summary[:-1]) == money + goods
