"""A checkup campaign's cost and its one ledger entry, with what every checkup module
needs: the area's refusal (`CheckupError`), its ledger source and finding a campaign.

The lowest of the checkup modules (checkup_costs ← checkup_people, checkup_reads ← checkups).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.models import CheckupCampaign, CheckupPerson
from unionapp.domain.checkups import ATTENDED
from unionapp.domain.errors import DomainError
from unionapp.services import ledger
from unionapp.services.errors import NotFoundError

SOURCE = "checkup"


class CheckupError(DomainError):
    pass


def _campaign(session: Session, campaign_id: int) -> CheckupCampaign:
    campaign = session.get(CheckupCampaign, campaign_id)
    if campaign is None:
        raise NotFoundError("找不到这个体检批次，请刷新。")
    return campaign


def attended_count(session: Session, campaign_id: int) -> int:
    return (
        session.scalar(
            select(func.count()).where(CheckupPerson.campaign_id == campaign_id, CheckupPerson.status.in_(ATTENDED))
        )
        or 0
    )


def cost_fen(session: Session, campaign: CheckupCampaign) -> int:
    """The campaign's cost: the invoice total when there is one, else per person attended."""
    if campaign.invoice_total_fen is not None:
        return campaign.invoice_total_fen
    return campaign.cost_per_person_fen * attended_count(session, campaign.id)


def sync_ledger(session: Session, campaign: CheckupCampaign) -> None:
    """A union-paid campaign has one ledger entry equal to its cost; it is re-posted (old
    one reversed) whenever attendance, price or payer changes. Admin-paid: none."""
    amount = cost_fen(session, campaign) if campaign.payer == "union" else 0
    entry_date = min(campaign.date_to, date.today())
    if amount and entry_date < campaign.date_from:
        raise CheckupError("体检还没开始，不能记费用：请在体检开始后再填写发票总额。")
    ledger.repost_source(
        session,
        SOURCE,
        campaign.id,
        entry_date=entry_date,
        category_id=campaign.category_id,
        amount_fen=amount,
        summary=f"{campaign.name}{'' if campaign.name.endswith('体检') else '体检'}费（{campaign.hospital or '医院'}）",
        reason="体检人数或费用已变化",
    )
