"""经费收支公开 records: added with their audit entry, listed by year oldest first, counted,
removed with an audit entry naming them, and bad input refused in Chinese with nothing
written. Explicit dates in 2024 and 2025."""

from datetime import date

import pytest
from sqlalchemy import func, select

from unionapp.db.models import AuditEntry, FundDisclosure
from unionapp.domain.binder import DisclosureInput
from unionapp.services import disclosures
from unionapp.services.audit_search import AREA_ENTITIES, ENTITY_LABELS
from unionapp.services.disclosures import DisclosureError
from unionapp.services.errors import NotFoundError


def _count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_added_listed_counted_and_removed_with_audit(db):
    later = disclosures.add_disclosure(
        db, DisclosureInput(2024, date(2024, 7, 10), " 2024年上半年 ", "校务公开栏", "第一行\n第二行")
    )
    first = disclosures.add_disclosure(db, DisclosureInput(2024, date(2024, 1, 15), "2023年全年", "教代会"))
    final = disclosures.add_disclosure(db, DisclosureInput(2024, date(2025, 1, 20), "2024年全年", "校园网"))
    disclosures.add_disclosure(db, DisclosureInput(2025, date(2025, 7, 1), "2025年上半年"))

    rows = disclosures.list_disclosures(db, 2024)
    assert [r.id for r in rows] == [first, later, final]  # by day published
    assert rows[1].period == "2024年上半年" and rows[1].note == "第一行\n第二行"
    assert disclosures.count_disclosures(db, 2024) == 3
    assert disclosures.count_disclosures(db, 2025) == 1
    assert disclosures.count_disclosures(db, 2023) == 0
    assert len(disclosures.list_disclosures(db)) == 4

    disclosures.remove_disclosure(db, later)
    assert [r.id for r in disclosures.list_disclosures(db, 2024)] == [first, final]
    with db.session() as s:
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "fund_disclosure")))
    assert [e.action for e in entries] == ["create"] * 4 + ["delete"]
    assert entries[-1].entity_id == later
    assert "2024-07-10" in entries[-1].summary and "校务公开栏" in entries[-1].summary
    assert "2024年上半年" in entries[-1].details


def test_the_audit_log_names_the_entity_under_funds():
    assert ENTITY_LABELS["fund_disclosure"] == "经费公开"
    assert "fund_disclosure" in AREA_ENTITIES["funds"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (DisclosureInput(2024, None, "上半年"), "请填写公开日期"),
        (DisclosureInput(2024, date(2026, 1, 5)), "不在 2024 年或 2025 年"),
        (DisclosureInput(2024, date(2023, 12, 30)), "不在 2024 年或 2025 年"),
        (DisclosureInput(24, date(2024, 1, 5)), "请写四位数的年份"),
        (DisclosureInput(2024, date(2024, 1, 5), "期" * 51), "公开期间"),
        (DisclosureInput(2024, date(2024, 1, 5), place="栏" * 101), "公开方式"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_written(db, data, message):
    before = _count(db, AuditEntry)
    with pytest.raises(DisclosureError, match=message):
        disclosures.add_disclosure(db, data)
    assert _count(db, FundDisclosure) == 0
    assert _count(db, AuditEntry) == before


def test_removing_a_gone_record_says_so(db):
    gone = disclosures.add_disclosure(db, DisclosureInput(2024, date(2024, 3, 1)))
    disclosures.remove_disclosure(db, gone)
    with pytest.raises(NotFoundError, match="已不存在"):
        disclosures.remove_disclosure(db, gone)
