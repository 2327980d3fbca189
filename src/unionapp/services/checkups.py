"""Health checkups (体检): campaigns, the eligible people and their progress, coverage,
and the cost: a union-paid campaign posts one ledger entry that follows attendance; an
administration-paid one records its cost without touching the union's ledger.

The area is split by responsibility: `checkup_costs` (the cost and its ledger entry,
CheckupError), `checkup_people` (the list and results), `checkup_reads` (lists,
coverage, history) and this module (campaigns, consistency). This module imports the
others and re-exports their public names (`__all__`), so callers use `services.checkups.*`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import CheckupCampaign, CheckupPerson, LedgerEntry, Member
from unionapp.domain.checkups import ELIGIBILITY_LABELS, PAYER_LABELS
from unionapp.domain.errors import DomainError
from unionapp.domain.money import check_fen
from unionapp.domain.text import NOTE_LIMIT, clean_fields, clean_text, empty_message
from unionapp.services import audit, ledger
from unionapp.services.checkup_costs import SOURCE, CheckupError, _campaign, attended_count, cost_fen, sync_ledger
from unionapp.services.checkup_people import (
    PersonResult,
    add_people,
    record_results_in,
    remove_people,
    set_status,
    set_status_in,
)
from unionapp.services.checkup_reads import (
    CampaignRow,
    CoverageRow,
    MemberCheckup,
    PersonRow,
    coverage_by_group,
    get_campaign,
    list_campaigns,
    list_people,
    member_history,
    missing_people,
    women_checkup_reminder,
)
from unionapp.services.errors import ConcurrentEditError

__all__ = [
    # campaigns and consistency (this module)
    "CampaignInput",
    "checkups_match_ledger",
    "count_eligible",
    "create_campaign",
    "delete_campaign",
    "update_campaign",
    # cost and ledger
    "SOURCE",
    "CheckupError",
    "attended_count",
    "cost_fen",
    # people
    "PersonResult",
    "add_people",
    "record_results_in",
    "remove_people",
    "set_status",
    "set_status_in",
    # reading
    "CampaignRow",
    "CoverageRow",
    "MemberCheckup",
    "PersonRow",
    "coverage_by_group",
    "get_campaign",
    "list_campaigns",
    "list_people",
    "member_history",
    "missing_people",
    "women_checkup_reminder",
]


@dataclass
class CampaignInput:
    year: int
    name: str
    eligibility: str
    date_from: date
    date_to: date
    hospital: str = ""
    package: str = ""
    cost_per_person_fen: int = 0
    invoice_total_fen: int | None = None
    payer: str = "union"
    group_id: int | None = None
    category_id: int | None = None  # fund category when the union pays; default 职工集体福利支出
    notes: str = ""


# A campaign's free text: attribute → label, longest text (the columns' sizes), lines kept.
_TEXTS = {
    "name": ("体检名称", 100, False),
    "hospital": ("体检医院", 100, False),
    "package": ("体检套餐", 100, False),
    "notes": ("备注", NOTE_LIMIT, True),
}
_MONEY = {"cost_per_person_fen": "每人费用", "invoice_total_fen": "发票总额"}


def _validate(data: CampaignInput) -> CampaignInput:
    """`data` with its text cleaned, or CheckupError listing every problem."""
    problems: list[str] = []
    original, data = data, replace(data, **clean_fields(data, _TEXTS, problems))
    for key, label in _MONEY.items():
        if getattr(data, key) is not None:
            try:
                check_fen(getattr(data, key), label, negative=True)
            except DomainError as err:
                problems.append(str(err))
    if not data.name:
        problems.append(empty_message("体检名称", original.name))
    if data.eligibility not in ELIGIBILITY_LABELS:
        raise ValueError(data.eligibility)
    if data.payer not in PAYER_LABELS:
        raise ValueError(data.payer)
    if data.date_to < data.date_from:
        problems.append("结束日期不能早于开始日期")
    if data.date_from.year != data.year:
        problems.append(f"体检日期应在 {data.year} 年内")
    if data.eligibility == "group" and data.group_id is None:
        problems.append("请选择参加体检的工会小组")
    if data.cost_per_person_fen < 0 or (data.invoice_total_fen or 0) < 0:
        problems.append("费用不能为负数")
    if problems:
        raise CheckupError("；".join(problems))
    return data


def _eligible_ids(session: Session, data: CampaignInput) -> list[int]:
    stmt = select(Member.id).order_by(Member.sort_key)
    if data.eligibility == "manual":
        return []
    if data.eligibility == "retirees":
        return list(session.scalars(stmt.where(Member.status == "retired")))
    stmt = stmt.where(Member.status == "active")
    if data.eligibility == "women":
        stmt = stmt.where(Member.gender == "F")
    if data.eligibility == "group":
        stmt = stmt.where(Member.group_id == data.group_id)
    return list(session.scalars(stmt))


def create_campaign(db: Database, data: CampaignInput) -> int:
    """A campaign with its list of eligible people built from the members as they are now."""
    data = _validate(data)
    with db.session() as s:
        values = asdict(data)
        if data.payer == "union" and data.category_id is None:
            values["category_id"] = ledger.category_id_for_code(s, "welfare")
        campaign = CheckupCampaign(**{k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()})
        s.add(campaign)
        s.flush()
        ids = _eligible_ids(s, data)
        if ids:
            s.execute(
                insert(CheckupPerson), [{"campaign_id": campaign.id, "member_id": m, "status": "pending"} for m in ids]
            )
        sync_ledger(s, campaign)  # an invoice total is a cost already
        audit.record(
            s,
            "create",
            "checkup",
            campaign.id,
            f"新建体检 {data.name}（{ELIGIBILITY_LABELS[data.eligibility]}，{len(ids)} 人）",
            after=values,
        )
        return campaign.id


def update_campaign(db: Database, campaign_id: int, data: CampaignInput, expected_version: int | None = None) -> None:
    """Edit a campaign's details; the union's cost in the ledger follows."""
    data = _validate(data)
    with db.session() as s:
        campaign = _campaign(s, campaign_id)
        if expected_version is not None and campaign.version != expected_version:
            raise ConcurrentEditError(
                audit.concurrent_edit_message(
                    s,
                    f"体检批次“{campaign.name}”",
                    "checkup",
                    campaign_id,
                    campaign.version - expected_version,
                    asdict(data),
                )
            )
        if data.eligibility != campaign.eligibility and s.scalar(
            select(func.count()).where(CheckupPerson.campaign_id == campaign_id)
        ):
            raise CheckupError("已有名单的体检不能更改参加范围；请用“添加人员/移除人员”调整名单。")
        before = {k: getattr(campaign, k) for k in asdict(data)}
        for key, value in asdict(data).items():
            if key == "category_id" and value is None:
                continue
            setattr(campaign, key, value.strip() if isinstance(value, str) else value)
        _check_dates_inside(s, campaign)
        sync_ledger(s, campaign)
        changed = {k for k, v in asdict(data).items() if before[k] != getattr(campaign, k)}
        audit.record(
            s,
            "update",
            "checkup",
            campaign_id,
            f"修改体检 {campaign.name}",
            before={k: before[k] for k in changed},
            after={k: getattr(campaign, k) for k in changed},
        )


def _check_dates_inside(session: Session, campaign: CheckupCampaign) -> None:
    outside = session.scalar(
        select(func.count()).where(
            CheckupPerson.campaign_id == campaign.id,
            CheckupPerson.checkup_date.is_not(None),
            (CheckupPerson.checkup_date < campaign.date_from) | (CheckupPerson.checkup_date > campaign.date_to),
        )
    )
    if outside:
        raise CheckupError(f"有 {outside} 人的体检日期不在新的日期范围内，请先调整日期范围或他们的体检日期。")


def count_eligible(db: Database, eligibility: str, group_id: int | None = None) -> int:
    """How many people a new campaign would list, for the form to show as the user chooses."""
    probe = CampaignInput(
        year=0, name="", eligibility=eligibility, date_from=date.min, date_to=date.min, group_id=group_id
    )
    with db.session() as s:
        return len(_eligible_ids(s, probe))


def delete_campaign(db: Database, campaign_id: int, reason: str) -> None:
    """Remove a campaign created by mistake; any union cost it posted is reversed, not erased."""
    reason = clean_text(reason, "删除原因", NOTE_LIMIT)
    if not reason:
        raise CheckupError("删除体检批次必须写明原因。")
    with db.session() as s:
        campaign = _campaign(s, campaign_id)
        ledger.reverse_source(s, SOURCE, campaign_id, f"体检批次删除：{reason.strip()}")
        people = list(s.scalars(select(CheckupPerson).where(CheckupPerson.campaign_id == campaign_id)))
        for person in people:
            s.delete(person)
        s.flush()  # the people go first: they point at the campaign
        s.delete(campaign)
        audit.record(
            s,
            "delete",
            "checkup",
            campaign_id,
            f"删除体检 {campaign.name}（{len(people)} 人）：{reason.strip()}",
            before={
                **{k: getattr(campaign, k) for k in CampaignInput.__dataclass_fields__},
                "people": [p.member_id for p in people],
            },
        )


# ---------------------------------------------------------------- consistency


def checkups_match_ledger(session: Session) -> list[str]:
    posted: dict[int, int] = {}
    for entry in session.scalars(select(LedgerEntry).where(LedgerEntry.source == SOURCE)):
        posted[entry.source_id] = posted.get(entry.source_id, 0) + entry.amount_fen
    problems = []
    for campaign in session.scalars(select(CheckupCampaign)):
        expected = cost_fen(session, campaign) if campaign.payer == "union" else 0
        if posted.pop(campaign.id, 0) != expected:
            problems.append(f"体检“{campaign.name}”的费用与记账不符")
    return problems + [f"已删除的体检批次 {cid} 仍有未冲销的记账" for cid, fen in posted.items() if fen]
