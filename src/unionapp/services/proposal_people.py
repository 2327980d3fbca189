"""Who may sign a proposal: the proposer and co-signers must be delegates of the session's
term in office on the day it was submitted, still at the school, each once, and enough
co-signers for the rule in force. One query for all the people named."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.models import CongressDelegate, CongressTerm, Member
from unionapp.services.congress_common import left_before, rule_on_in


def delegate_problems(
    session: Session, term: CongressTerm, proposer_id: int, cosigner_ids: tuple[int, ...], day: date
) -> list[str]:
    """What is wrong with the people signing a proposal submitted on `day`."""
    wanted = {proposer_id, *cosigner_ids}
    people = {
        d.id: (d, name, status, retired_on)
        for d, name, status, retired_on in session.execute(
            select(CongressDelegate, Member.name, Member.status, Member.retirement_date)
            .join(Member, Member.id == CongressDelegate.member_id)
            .where(CongressDelegate.id.in_(wanted))
        )
    }
    facts = {d.member_id: (name, status, retired_on) for d, name, status, retired_on in people.values()}
    by_member = left_before(session, facts, day)  # "已调出（2024-01-15）"
    left = {d.id: by_member[d.member_id] for d, *_rest in people.values() if d.member_id in by_member}
    problems = _proposer_problems(people.get(proposer_id), term, day, left)
    counts = Counter(cosigner_ids)
    for delegate_id in dict.fromkeys(cosigner_ids):  # each named once, in the order given
        person = people.get(delegate_id)
        if person is None:
            problems.append("所选的附议人中有的已不在代表名单里（可能已被删除），请刷新后重新选择")
            continue
        name = person[1]
        if delegate_id == proposer_id:
            problems.append(f"提案人不能同时作为附议人（{name}）")
        elif counts[delegate_id] > 1:
            problems.append(f"附议人 {name} 出现了 {counts[delegate_id]} 次，每人只能附议一次")
        if delegate_id != proposer_id:
            problems += _seat_problems(person, term, day, left, "附议")
    others = len(set(cosigner_ids) - {proposer_id})
    rule = rule_on_in(session, day)
    if others < rule.min_cosigners:
        problems.append(f"附议人只有 {others} 人，提案至少需要 {rule.min_cosigners} 名代表附议{rule.named()}")
    return problems


def _proposer_problems(person, term: CongressTerm, day: date, left: dict[int, str]) -> list[str]:
    if person is None:
        return ["请选择提案人（须是本届在任代表）"]
    delegate, name = person[0], person[1]
    if delegate.id in left:
        return [f"{name} {left[delegate.id]}，已离开本校，不能作为提案人"]
    return _seat_problems(person, term, day, {}, "提案")


def _seat_problems(person, term: CongressTerm, day: date, left: dict[int, str], what: str) -> list[str]:
    """A delegate of another term, not yet elected, or whose seat had ended on `day`."""
    delegate, name = person[0], person[1]
    if delegate.term_id != term.id:
        return [f"{name} 不是本届（{term.name}）代表，不能{what}"]
    if delegate.elected_on > day:
        return [f"{name} 到 {delegate.elected_on} 才当选代表，{day} 还不能{what}"]
    if delegate.ended_on is not None and delegate.ended_on <= day:
        return [f"{name} 的代表资格已于 {delegate.ended_on} 结束，不能{what}"]
    if delegate.id in left:
        return [f"{name} {left[delegate.id]}，已离开本校，不能{what}"]
    return []
