"""STAND-IN for `services.checkups.record_results_in` and `PersonResult`, which the lead
adds to services/checkups.py with exactly this signature; callers import those first and
fall back to this module. Delete it (and the fallbacks) once the service has them.

Why not `set_status` per group of rows: each call re-posts a union-paid campaign's
ledger entry, so a hospital list with twenty dates (or the demo) would leave nineteen
red reversals in the books. Here every person keeps their own date and the ledger is
synced once, in the caller's transaction (an import's, or a demo year's).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from unionapp.db.models import CheckupPerson
from unionapp.domain.checkups import ATTENDED, PERSON_STATUS_LABELS
from unionapp.services import audit, checkups
from unionapp.services.errors import NotFoundError


@dataclass(frozen=True)
class PersonResult:
    person_id: int  # CheckupPerson.id (PersonRow.id)
    status: str  # a PERSON_STATUS_LABELS code
    checkup_date: date | None = None  # required for done / followup
    reason: str = ""  # 未参加 reason, kept for "absent" only
    note: str = ""  # 需复查 note, kept for "followup" only


def record_results_in(session: Session, campaign_id: int, results: Sequence[PersonResult], what: str = "") -> int:
    """Many people's results at once, each with its own date, validated as set_status
    does (CheckupError); the ledger follows once; one audit line.
    Returns how many people were written."""
    campaign = checkups._campaign(session, campaign_id)
    ids = [r.person_id for r in results]
    current = {row.id: row for row in session.execute(
        select(CheckupPerson.id, CheckupPerson.followup_note).where(CheckupPerson.campaign_id == campaign_id))}
    if len(set(ids)) != len(ids) or any(i not in current for i in ids):
        raise NotFoundError("名单中有人已被移除，请刷新。")
    rows = [_row(campaign, r, current[r.person_id].followup_note) for r in results]
    if rows:
        session.execute(update(CheckupPerson), rows)  # bulk UPDATE by primary key
    session.flush()
    checkups._sync_ledger(session, campaign)
    counts = Counter(PERSON_STATUS_LABELS[r.status] for r in results)
    audit.record(session, "status", "checkup", campaign_id,
                 f"“{campaign.name}”{what or '登记体检结果'}：" + "，".join(f"{k} {v} 人" for k, v in counts.items()),
                 after={"people": ids, "statuses": dict(counts)})
    return len(rows)


def _row(campaign, result: PersonResult, old_note: str) -> dict:
    if result.status not in PERSON_STATUS_LABELS:
        raise ValueError(result.status)
    attended = result.status in ATTENDED
    if attended:
        checkups._check_checkup_date(campaign, result.checkup_date)
    return {"id": result.person_id, "status": result.status,
            "checkup_date": result.checkup_date if attended else None,
            "absence_reason": result.reason.strip()[:200] if result.status == "absent" else "",
            "followup_note": result.note.strip() if result.status == "followup" else old_note}
