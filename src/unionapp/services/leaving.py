"""When members left (调出, 去世): read from their last status change in the audit log,
for many members at once (a handout's list) or one (a visit)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.models import AuditEntry, Member

LEFT_STATUSES = ("transferred", "deceased")


def left_dates_in(session: Session, member_ids: Iterable[int] | None = None) -> dict[int, date]:
    """member id → the day a transferred or deceased member left: the date given with the
    last status change (调出日期, 去世日期), else the day that change was recorded. Members
    who have not left, or whose change predates the log, are not in the result."""
    # Those who left are few: read them all and keep the wanted ones here, rather than
    # send a list of ten thousand ids (past SQLite's bound-parameter limit) to the server.
    left = set(session.scalars(select(Member.id).where(Member.status.in_(LEFT_STATUSES))))
    if member_ids is not None:
        left &= set(member_ids)
    if not left:
        return {}
    entries = session.execute(
        select(AuditEntry.entity_id, AuditEntry.at, AuditEntry.details)
        .where(AuditEntry.entity == "member", AuditEntry.action == "status", AuditEntry.entity_id.in_(left))
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    dates: dict[int, date] = {}
    for member_id, at, details in entries:  # oldest first: the last change wins
        given = json.loads(details or "{}").get("after", {}).get("date")
        dates[member_id] = date.fromisoformat(given) if given else at.date()
    return dates
