"""Health checkups (体检): campaigns, the eligible people and their progress, coverage,
and the cost: a union-paid campaign posts one ledger entry that follows attendance; an
administration-paid one records its cost without touching the union's ledger."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import CheckupCampaign, CheckupPerson, LedgerEntry, Member, UnionGroup
from unionapp.domain.checkups import ATTENDED, ELIGIBILITY_LABELS, PAYER_LABELS, PERSON_STATUS_LABELS
from unionapp.domain.errors import DomainError
from unionapp.domain.money import check_fen
from unionapp.domain.text import NOTE_LIMIT, clean_fields, clean_note, clean_text, empty_message
from unionapp.services import audit, ledger
from unionapp.services.errors import ConcurrentEditError, NotFoundError

SOURCE = "checkup"


class CheckupError(DomainError):
    pass


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
_TEXTS = {"name": ("体检名称", 100, False), "hospital": ("体检医院", 100, False), "package": ("体检套餐", 100, False),
          "notes": ("备注", NOTE_LIMIT, True)}
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
            s.execute(insert(CheckupPerson), [{"campaign_id": campaign.id, "member_id": m, "status": "pending"}
                                              for m in ids])
        _sync_ledger(s, campaign)  # an invoice total is a cost already
        audit.record(s, "create", "checkup", campaign.id,
                     f"新建体检 {data.name}（{ELIGIBILITY_LABELS[data.eligibility]}，{len(ids)} 人）", after=values)
        return campaign.id


def update_campaign(db: Database, campaign_id: int, data: CampaignInput, expected_version: int | None = None) -> None:
    """Edit a campaign's details; the union's cost in the ledger follows."""
    data = _validate(data)
    with db.session() as s:
        campaign = _campaign(s, campaign_id)
        if expected_version is not None and campaign.version != expected_version:
            raise ConcurrentEditError(audit.concurrent_edit_message(
                s, f"体检批次“{campaign.name}”", "checkup", campaign_id, campaign.version - expected_version,
                asdict(data)))
        if data.eligibility != campaign.eligibility and s.scalar(
                select(func.count()).where(CheckupPerson.campaign_id == campaign_id)):
            raise CheckupError("已有名单的体检不能更改参加范围；请用“添加人员/移除人员”调整名单。")
        before = {k: getattr(campaign, k) for k in asdict(data)}
        for key, value in asdict(data).items():
            if key == "category_id" and value is None:
                continue
            setattr(campaign, key, value.strip() if isinstance(value, str) else value)
        _check_dates_inside(s, campaign)
        _sync_ledger(s, campaign)
        changed = {k for k, v in asdict(data).items() if before[k] != getattr(campaign, k)}
        audit.record(s, "update", "checkup", campaign_id, f"修改体检 {campaign.name}",
                     before={k: before[k] for k in changed}, after={k: getattr(campaign, k) for k in changed})


def _check_dates_inside(session: Session, campaign: CheckupCampaign) -> None:
    outside = session.scalar(select(func.count()).where(
        CheckupPerson.campaign_id == campaign.id, CheckupPerson.checkup_date.is_not(None),
        (CheckupPerson.checkup_date < campaign.date_from) | (CheckupPerson.checkup_date > campaign.date_to)))
    if outside:
        raise CheckupError(f"有 {outside} 人的体检日期不在新的日期范围内，请先调整日期范围或他们的体检日期。")


def count_eligible(db: Database, eligibility: str, group_id: int | None = None) -> int:
    """How many people a new campaign would list, for the form to show as the user chooses."""
    probe = CampaignInput(year=0, name="", eligibility=eligibility, date_from=date.min, date_to=date.min,
                          group_id=group_id)
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
        audit.record(s, "delete", "checkup", campaign_id, f"删除体检 {campaign.name}（{len(people)} 人）：{reason.strip()}",
                     before={**{k: getattr(campaign, k) for k in CampaignInput.__dataclass_fields__},
                             "people": [p.member_id for p in people]})


def _campaign(session: Session, campaign_id: int) -> CheckupCampaign:
    campaign = session.get(CheckupCampaign, campaign_id)
    if campaign is None:
        raise NotFoundError("找不到这个体检批次，请刷新。")
    return campaign


# ---------------------------------------------------------------- people


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
        audit.record(s, "update", "checkup", campaign_id, f"“{campaign.name}”添加 {len(added)} 人",
                     after={"members": added})
        return len(added)


def remove_people(db: Database, campaign_id: int, person_ids: list[int]) -> None:
    """Take people off the list (left the school, not eligible after all); cost follows."""
    with db.session() as s:
        campaign = _campaign(s, campaign_id)
        for person in _people(s, campaign_id, person_ids):
            s.delete(person)
        s.flush()
        _sync_ledger(s, campaign)
        audit.record(s, "update", "checkup", campaign_id, f"“{campaign.name}”移除 {len(person_ids)} 人",
                     before={"people": person_ids})


def _people(session: Session, campaign_id: int, person_ids: list[int]) -> list[CheckupPerson]:
    people = list(session.scalars(select(CheckupPerson).where(CheckupPerson.campaign_id == campaign_id,
                                                             CheckupPerson.id.in_(person_ids))))
    if len(people) != len(set(person_ids)):
        raise NotFoundError("名单中有人已被移除，请刷新。")
    return people


def set_status(db: Database, campaign_id: int, person_ids: list[int], status: str, checkup_date: date | None = None,
               reason: str = "", note: str = "") -> None:
    """A bulk action on selected rows: 已通知, 已体检 (with a date), 未参加 (reason), 需复查 (note)."""
    with db.session() as s:
        set_status_in(s, campaign_id, person_ids, status, checkup_date, reason, note)


def set_status_in(session: Session, campaign_id: int, person_ids: list[int], status: str,
                  checkup_date: date | None = None, reason: str = "", note: str = "") -> None:
    """set_status inside the caller's transaction."""
    record_results_in(session, campaign_id, [PersonResult(pid, status, checkup_date, reason, note)
                                             for pid in dict.fromkeys(person_ids)],
                      what=f"{len(set(person_ids))} 人标为{PERSON_STATUS_LABELS.get(status, status)}")


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
    was = Counter(PERSON_STATUS_LABELS[status] for pid, status in session.execute(
        select(CheckupPerson.id, CheckupPerson.status).where(CheckupPerson.campaign_id == campaign_id)) if pid in wanted)
    if rows:
        session.execute(update(CheckupPerson), rows)  # bulk UPDATE by primary key
    session.flush()
    _sync_ledger(session, campaign)
    counts = Counter(PERSON_STATUS_LABELS[r.status] for r in results)
    audit.record(session, "status", "checkup", campaign_id,
                 f"“{campaign.name}”{what or '登记体检结果'}：" + "，".join(f"{k} {v} 人" for k, v in counts.items()),
                 before={"statuses": dict(was)}, after={"people": ids, "statuses": dict(counts)})
    return len(rows)


def _result_row(campaign: CheckupCampaign, result: PersonResult) -> dict:
    if result.status not in PERSON_STATUS_LABELS:
        raise ValueError(result.status)
    attended = result.status in ATTENDED
    if attended:
        _check_checkup_date(campaign, result.checkup_date)
    return {"id": result.person_id, "status": result.status,
            "checkup_date": result.checkup_date if attended else None,
            "absence_reason": clean_text(result.reason, "未参加原因") if result.status == "absent" else "",
            # health notes are kept only while a follow-up is pending (as little health data as possible)
            "followup_note": clean_note(result.note, "复查说明") if result.status == "followup" else ""}


def _check_checkup_date(campaign: CheckupCampaign, checkup_date: date | None) -> None:
    if checkup_date is None:
        raise CheckupError("请填写体检日期。")
    if not campaign.date_from <= checkup_date <= campaign.date_to:
        raise CheckupError(f"体检日期 {checkup_date} 不在本次体检的日期范围（{campaign.date_from} 至 "
                           f"{campaign.date_to}）内。")
    if checkup_date > date.today():
        raise CheckupError(f"体检日期 {checkup_date} 还没到，不能标为已体检。")


# ---------------------------------------------------------------- money


def attended_count(session: Session, campaign_id: int) -> int:
    return session.scalar(select(func.count()).where(CheckupPerson.campaign_id == campaign_id,
                                                     CheckupPerson.status.in_(ATTENDED))) or 0


def cost_fen(session: Session, campaign: CheckupCampaign) -> int:
    """The campaign's cost: the invoice total when there is one, else per person attended."""
    if campaign.invoice_total_fen is not None:
        return campaign.invoice_total_fen
    return campaign.cost_per_person_fen * attended_count(session, campaign.id)


def _sync_ledger(session: Session, campaign: CheckupCampaign) -> None:
    """A union-paid campaign has one ledger entry equal to its cost; it is re-posted (old
    one reversed) whenever attendance, price or payer changes. Admin-paid: none."""
    amount = cost_fen(session, campaign) if campaign.payer == "union" else 0
    entry_date = min(campaign.date_to, date.today())
    if amount and entry_date < campaign.date_from:
        raise CheckupError("体检还没开始，不能记费用：请在体检开始后再填写发票总额。")
    ledger.repost_source(session, SOURCE, campaign.id, entry_date=entry_date, category_id=campaign.category_id,
                         amount_fen=amount, summary=f"{campaign.name}{'' if campaign.name.endswith('体检') else '体检'}费（{campaign.hospital or '医院'}）",
                         reason="体检人数或费用已变化")


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class CampaignRow:
    id: int
    year: int
    name: str
    eligibility: str
    group_id: int | None
    hospital: str
    package: str
    date_from: date
    date_to: date
    cost_per_person_fen: int
    invoice_total_fen: int | None
    payer: str
    category_id: int | None
    notes: str
    eligible: int
    attended: int
    cost_fen: int
    version: int

    @property
    def missing(self) -> int:
        return self.eligible - self.attended


def list_campaigns(db: Database, year: int | None = None) -> list[CampaignRow]:
    stmt = select(CheckupCampaign).order_by(CheckupCampaign.year.desc(), CheckupCampaign.date_from.desc())
    if year is not None:
        stmt = stmt.where(CheckupCampaign.year == year)
    with db.session() as s:
        counts = dict(s.execute(select(CheckupPerson.campaign_id, func.count()).group_by(CheckupPerson.campaign_id)).all())
        rows = []
        for c in s.scalars(stmt):
            rows.append(CampaignRow(c.id, c.year, c.name, c.eligibility, c.group_id, c.hospital, c.package, c.date_from,
                                    c.date_to, c.cost_per_person_fen, c.invoice_total_fen, c.payer, c.category_id,
                                    c.notes, counts.get(c.id, 0), attended_count(s, c.id), cost_fen(s, c), c.version))
        return rows


def get_campaign(db: Database, campaign_id: int) -> CampaignRow:
    found = next((c for c in list_campaigns(db) if c.id == campaign_id), None)
    if found is None:
        raise NotFoundError("找不到这个体检批次，请刷新。")
    return found


@dataclass(frozen=True)
class PersonRow:
    id: int
    member_id: int
    name: str
    gender: str | None
    birth_date: date | None
    id_number: str
    phone: str
    group_name: str
    status: str
    checkup_date: date | None
    absence_reason: str
    followup_note: str
    notes: str


def list_people(db: Database, campaign_id: int) -> list[PersonRow]:
    stmt = (select(CheckupPerson, Member, UnionGroup.name).join(Member, Member.id == CheckupPerson.member_id)
            .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
            .where(CheckupPerson.campaign_id == campaign_id).order_by(Member.sort_key))
    with db.session() as s:
        return [PersonRow(p.id, m.id, m.name, m.gender, m.birth_date, m.id_number or "", m.phone, group or "",
                          p.status, p.checkup_date, p.absence_reason, p.followup_note, p.notes)
                for p, m, group in s.execute(stmt)]


def missing_people(db: Database, campaign_id: int) -> list[PersonRow]:
    """Who has not been to the checkup yet (待通知, 已通知, 未参加)."""
    return [p for p in list_people(db, campaign_id) if p.status not in ATTENDED]


@dataclass(frozen=True)
class CoverageRow:
    label: str
    eligible: int
    attended: int


def coverage_by_group(db: Database, campaign_id: int) -> list[CoverageRow]:
    buckets: dict[str, list[PersonRow]] = {}
    for person in list_people(db, campaign_id):
        buckets.setdefault(person.group_name or "（未分组）", []).append(person)
    return [CoverageRow(label, len(people), sum(p.status in ATTENDED for p in people))
            for label, people in sorted(buckets.items())]


@dataclass(frozen=True)
class MemberCheckup:
    year: int
    campaign: str
    status: str
    checkup_date: date | None


def member_history(db: Database, member_id: int) -> list[MemberCheckup]:
    stmt = (select(CheckupCampaign.year, CheckupCampaign.name, CheckupPerson.status, CheckupPerson.checkup_date)
            .join(CheckupCampaign, CheckupCampaign.id == CheckupPerson.campaign_id)
            .where(CheckupPerson.member_id == member_id).order_by(CheckupCampaign.date_from.desc()))
    with db.session() as s:
        return [MemberCheckup(*row) for row in s.execute(stmt)]


def women_checkup_reminder(db: Database, today: date | None = None) -> str | None:
    """From October on, a reminder while this year's women's checkup has not been set up."""
    today = today or date.today()
    if today.month < 10:
        return None
    with db.session() as s:
        exists = s.scalar(select(CheckupCampaign.id).where(CheckupCampaign.year == today.year,
                                                           CheckupCampaign.eligibility == "women"))
    if exists:
        return None
    return f"{today.year} 年的女教职工体检（10 至 12 月，含两癌筛查）还没有安排，请新建体检批次。"


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

