"""The people of a checkup campaign: adding and removing them, and their results
(已通知, 已体检 with a date, 未参加 with a reason, 需复查 with a note), one by one or many at once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import CheckupCampaign, CheckupPerson, Member
from unionapp.domain.checkups import ATTENDED, PERSON_STATUS_LABELS
from unionapp.domain.text import clean_note, clean_text
from unionapp.services import audit
from unionapp.services.checkup_costs import CheckupError, _campaign, sync_ledger
from unionapp.services.errors import NotFoundError


def add_people(db: Database, campaign_id: int, member_ids: list[int]) -> int:
    """Add members who joined later (or were picked by hand); returns how many were added."""
    with db.session() as s:
        campaign = _campaign(s, campaign_id)
        present = set(s.scalars(select(CheckupPerson.member_id).where(CheckupPerson.campaign_id == campaign_id)))
        added = []
        for member_id in member_ids:
            member = s.get(Member, member_id)
            if member is None or member_id in present:
                continue
            if campaign.eligibility == "women" and member.gender != "F":
                raise CheckupError(f"{member.name} 不是女教职工，不能加入“{campaign.name}”。")
            s.add(CheckupPerson(campaign_id=campaign_id, member_id=member_id, status="pending"))
            added.append(member_id)
        audit.record(
            s, "update", "checkup", campaign_id, f"“{campaign.name}”添加 {len(added)} 人", after={"members": added}
        )
        return len(added)


def remove_people(db: Database, campaign_id: int, person_ids: list[int]) -> None:
    """Take people off the list (left the school, not eligible after all); cost follows."""
    with db.session() as s:
        campaign = _campaign(s, campaign_id)
        for person in _people(s, campaign_id, person_ids):
            s.delete(person)
        s.flush()
        sync_ledger(s, campaign)
        audit.record(
            s,
            "update",
            "checkup",
            campaign_id,
            f"“{campaign.name}”移除 {len(person_ids)} 人",
            before={"people": person_ids},
        )


def _people(session: Session, campaign_id: int, person_ids: list[int]) -> list[CheckupPerson]:
    people = list(
        session.scalars(
            select(CheckupPerson).where(CheckupPerson.campaign_id == campaign_id, CheckupPerson.id.in_(person_ids))
        )
    )
    if len(people) != len(set(person_ids)):
        raise NotFoundError("名单中有人已被移除，请刷新。")
    return people


def set_status(
    db: Database,
    campaign_id: int,
    person_ids: list[int],
    status: str,
    checkup_date: date | None = None,
    reason: str = "",
    note: str = "",
) -> None:
    """A bulk action on selected rows: 已通知, 已体检 (with a date), 未参加 (reason), 需复查 (note)."""
    with db.session() as s:
        set_status_in(s, campaign_id, person_ids, status, checkup_date, reason, note)


def set_status_in(
    session: Session,
    campaign_id: int,
    person_ids: list[int],
    status: str,
    checkup_date: date | None = None,
    reason: str = "",
    note: str = "",
) -> None:
    """set_status inside the caller's transaction."""
    record_results_in(
        session,
        campaign_id,
        [PersonResult(pid, status, checkup_date, reason, note) for pid in dict.fromkeys(person_ids)],
        what=f"{len(set(person_ids))} 人标为{PERSON_STATUS_LABELS.get(status, status)}",
    )


@dataclass(frozen=True)
class PersonResult:
    person_id: int  # CheckupPerson.id (PersonRow.id)
    status: str  # a PERSON_STATUS_LABELS code
    checkup_date: date | None = None  # required for done / followup
    reason: str = ""  # 未参加 reason, kept for "absent" only
    note: str = ""  # 需复查 note, kept for "followup" only


def record_results_in(session: Session, campaign_id: int, results: Sequence[PersonResult], what: str = "") -> int:
    """Many people's results at once, each with its own date (a hospital's returned list),
    in the caller's transaction. The ledger is synced once, so a list with twenty dates
    does not leave nineteen reversals in the books. Returns how many were written."""
    campaign = _campaign(session, campaign_id)
    ids = [r.person_id for r in results]
    listed = set(session.scalars(select(CheckupPerson.id).where(CheckupPerson.campaign_id == campaign_id)))
    if len(set(ids)) != len(ids) or any(i not in listed for i in ids):
        raise NotFoundError("名单中有人已被移除，请刷新。")
    rows = [_result_row(campaign, r) for r in results]
    wanted = set(ids)
    was = Counter(
        PERSON_STATUS_LABELS[status]
        for pid, status in session.execute(
            select(CheckupPerson.id, CheckupPerson.status).where(CheckupPerson.campaign_id == campaign_id)
        )
        if pid in wanted
    )
    if rows:
        session.execute(update(CheckupPerson), rows)  # bulk UPDATE by primary key
    session.flush()
    sync_ledger(session, campaign)
    counts = Counter(PERSON_STATUS_LABELS[r.status] for r in results)
    audit.record(
        session,
        "status",
        "checkup",
        campaign_id,
        f"“{campaign.name}”{what or '登记体检结果'}：" + "，".join(f"{k} {v} 人" for k, v in counts.items()),
        before={"statuses": dict(was)},
        after={"people": ids, "statuses": dict(counts)},
    )
    return len(rows)


def _result_row(campaign: CheckupCampaign, result: PersonResult) -> dict:
    if result.status not in PERSON_STATUS_LABELS:
        raise ValueError(result.status)
    attended = result.status in ATTENDED
    if attended:
        _check_checkup_date(campaign, result.checkup_date)
    return {
        "id": result.person_id,
        "status": result.status,
        "checkup_date": result.checkup_date if attended else None,
        "absence_reason": clean_text(result.reason, "未参加原因") if result.status == "absent" else "",
        # health notes are kept only while a follow-up is pending (as little health data as possible)
        "followup_note": clean_note(result.note, "复查说明") if result.status == "followup" else "",
    }


def _check_checkup_date(campaign: CheckupCampaign, checkup_date: date | None) -> None:
    if checkup_date is None:
        raise CheckupError("请填写体检日期。")
    if not campaign.date_from <= checkup_date <= campaign.date_to:
        raise CheckupError(
            f"体检日期 {checkup_date} 不在本次体检的日期范围（{campaign.date_from} 至 {campaign.date_to}）内。"
        )
    if checkup_date > date.today():
        raise CheckupError(f"体检日期 {checkup_date} 还没到，不能标为已体检。")
