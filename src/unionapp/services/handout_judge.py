"""A handout judged against the spending rules in force on its date: the birthday gift
cap, the festival gifts' yearly cap per person and their share of the year's income.
Returns warnings (each naming its rule); what to do with them is the caller's."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.models import Handout, HandoutRecipient, Member
from unionapp.domain.handouts import FESTIVAL_KINDS
from unionapp.domain.money import format_fen
from unionapp.domain.spending_rules import over_cap, over_share, rule_on
from unionapp.services.spending_rules import rules_in, year_income_in


def judge_in(session: Session, handout: Handout) -> list[str]:
    rules = rules_in(session)
    day = handout.handout_date
    values = dict(
        session.execute(
            select(HandoutRecipient.member_id, HandoutRecipient.value_fen).where(
                HandoutRecipient.handout_id == handout.id
            )
        ).all()
    )
    warnings: list[str] = []
    if handout.kind == "birthday" and values:
        rule = rule_on(rules, "birthday_gift", day)
        highest = max(values.values())
        warnings += over_cap(rule, highest, "生日慰问每人")
    if handout.kind in FESTIVAL_KINDS and values:
        warnings += _festival_per_person(session, handout, values, rule_on(rules, "festival_per_person_year", day))
        rule = rule_on(rules, "festival_income_share", day)
        if rule is not None:
            earlier = _festival_total(session, handout)
            total = earlier + sum(values.values())
            warnings += over_share(rule, total, year_income_in(session, handout.year), f"{handout.year} 年节日慰问合计")
    return warnings


def _festival_others(session: Session, handout: Handout):
    return (
        select(Handout.id)
        .where(
            Handout.year == handout.year,
            Handout.status == "issued",
            Handout.kind.in_(FESTIVAL_KINDS),
            Handout.id != handout.id,
        )
        .scalar_subquery()
    )


def _festival_total(session: Session, handout: Handout) -> int:
    others = _festival_others(session, handout)
    return session.scalar(
        select(func.coalesce(func.sum(HandoutRecipient.value_fen), 0)).where(HandoutRecipient.handout_id.in_(others))
    )


def _festival_per_person(session: Session, handout: Handout, values: dict[int, int], rule) -> list[str]:
    if rule is None:
        return []
    others = _festival_others(session, handout)
    before = dict(
        session.execute(
            select(HandoutRecipient.member_id, func.sum(HandoutRecipient.value_fen))
            .where(HandoutRecipient.handout_id.in_(others))
            .group_by(HandoutRecipient.member_id)
        ).all()
    )
    over = {m: (before.get(m) or 0) + v for m, v in values.items() if (before.get(m) or 0) + v > rule.max_fen}
    if not over:
        return []
    first, fen = max(over.items(), key=lambda item: item[1])
    name = session.scalar(select(Member.name).where(Member.id == first))
    text = over_cap(rule, fen, f"{len(over)} 人本年度节日慰问合计将超过上限，最多的 {name} 合计")
    return text or [f"{len(over)} 人本年度节日慰问合计超过 {format_fen(rule.max_fen)} 元"]
