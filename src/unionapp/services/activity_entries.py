"""Sign-ups (报名) and attendance (签到) of an activity, with results and places; by
hand, a whole group at once, or an imported list (`add_entries_in`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import ActivityEntry
from unionapp.domain.activities import ENTRY_TEXTS
from unionapp.services import audit
from unionapp.services.activity_common import check_not_left, cleaned, existing_members
from unionapp.services.activity_reads import activity_in
from unionapp.services.errors import NotFoundError
from unionapp.services.spending_rules import SpendingError


@dataclass(frozen=True)
class EntryInput:
    member_id: int
    event: str = ""
    team: str = ""
    attended: bool = False
    result: str = ""
    place: str = ""
    note: str = ""


def add_entries(db: Database, activity_id: int, entries: list[EntryInput]) -> int:
    """Sign people up (by hand, a whole group, an imported list); a member already in the
    same event is skipped. Returns how many were added."""
    with db.session() as s:
        return add_entries_in(s, activity_id, entries)


def add_entries_in(session: Session, activity_id: int, entries: list[EntryInput]) -> int:
    activity = activity_in(session, activity_id)
    rows_in = [cleaned(e, ENTRY_TEXTS) for e in entries]
    ids = {e.member_id for e in rows_in}
    known = set(existing_members(session, ids))
    if ids - known:
        raise SpendingError([f"报名名单中有 {len(ids - known)} 人不在会员名册中，请刷新后重新选择"])
    check_not_left(session, activity, ids, "报名")
    present = set(
        session.execute(
            select(ActivityEntry.member_id, ActivityEntry.event).where(ActivityEntry.activity_id == activity_id)
        ).all()
    )
    rows = []
    for e in rows_in:
        if (e.member_id, e.event) in present:
            continue
        present.add((e.member_id, e.event))
        rows.append(asdict(e) | {"activity_id": activity_id})
    if rows:
        session.execute(insert(ActivityEntry), rows)
    audit.record(
        session,
        "update",
        "activity",
        activity_id,
        f"活动“{activity.name}”报名 {len(rows)} 人次",
        after={"members": [r["member_id"] for r in rows]},
    )
    return len(rows)


def update_entry(db: Database, entry_id: int, data: EntryInput) -> None:
    data = cleaned(data, ENTRY_TEXTS)
    with db.session() as s:
        entry = s.get(ActivityEntry, entry_id)
        if entry is None:
            raise NotFoundError("找不到这条报名记录，可能已被删除，请刷新。")
        before = {k: getattr(entry, k) for k in asdict(data)}
        for key, value in asdict(data).items():
            setattr(entry, key, value)
        changed = {k for k, v in asdict(data).items() if before[k] != v}
        audit.record(
            s,
            "update",
            "activity",
            entry.activity_id,
            "修改报名记录",
            before={k: before[k] for k in changed},
            after={k: getattr(entry, k) for k in changed},
        )


def remove_entries(db: Database, activity_id: int, entry_ids: list[int]) -> int:
    with db.session() as s:
        activity = activity_in(s, activity_id)
        gone = s.execute(
            delete(ActivityEntry).where(ActivityEntry.activity_id == activity_id, ActivityEntry.id.in_(entry_ids))
        ).rowcount
        audit.record(s, "update", "activity", activity_id, f"活动“{activity.name}”取消报名 {gone} 人次")
        return gone or 0


def set_attended(db: Database, activity_id: int, entry_ids: list[int], attended: bool) -> None:
    """Mark sign-ups as came (签到) or not."""
    with db.session() as s:
        activity = activity_in(s, activity_id)
        s.execute(
            ActivityEntry.__table__.update()
            .where(ActivityEntry.activity_id == activity_id, ActivityEntry.id.in_(entry_ids))
            .values(attended=attended)
        )
        what = "签到" if attended else "未到"
        audit.record(s, "status", "activity", activity_id, f"活动“{activity.name}”{len(entry_ids)} 人次标为{what}")
