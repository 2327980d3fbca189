"""The five must-visits register (五必访): types and standards, visits, their money in
the ledger, and what needs attention. "What happens when the chair records a hospital
visit" is `add_visit`: judge it against the standard in force, save it, post its money."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import AuditEntry, LedgerEntry, Member, UnionGroup, Visit, VisitStandard, VisitType
from unionapp.domain.errors import DomainError
from unionapp.domain.labels import MEMBER_STATUS_LABELS
from unionapp.domain.money import check_fen
from unionapp.domain.text import NAME_LIMIT, NOTE_LIMIT, clean_fields, clean_name, clean_text
from unionapp.domain.visits import STATUS_LABELS, VISIT_TEXTS, PastVisit, Standard, clean_standard, judge
from unionapp.services import audit, ledger
from unionapp.services.errors import ConcurrentEditError, InUseError, NotFoundError

SOURCE = "visit"


class VisitError(DomainError):
    """The visit can't be saved as it is; `problems` lists why."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


class NeedsReason(DomainError):
    """The visit falls outside the standard: it needs a written reason (说明) to be saved."""

    def __init__(self, warnings: list[str]):
        self.warnings = warnings
        super().__init__("；".join(warnings) + "。如确需这样登记，请填写说明理由。")


# ---------------------------------------------------------------- types and standards


@dataclass(frozen=True)
class TypeRow:
    id: int
    code: str
    name: str
    synonyms: tuple[str, ...]
    category_id: int | None
    active: bool
    standard: Standard  # the one in force today
    used: int


def _standard(row: VisitStandard) -> Standard:
    return Standard(row.money_kind, row.amount_fen, row.max_fen, row.gift_cap_fen, row.yearly_cap_fen, row.repeat,
                    row.effective_from, row.source_doc)


def standard_on(session: Session, type_id: int, day: date) -> Standard:
    """The standard in force on `day`: the latest one that had begun by then."""
    row = session.scalar(select(VisitStandard).where(VisitStandard.type_id == type_id,
                                                     VisitStandard.effective_from <= day)
                         .order_by(VisitStandard.effective_from.desc()))
    if row is None:  # a visit before any standard: judge by the earliest one
        row = session.scalar(select(VisitStandard).where(VisitStandard.type_id == type_id)
                             .order_by(VisitStandard.effective_from))
    if row is None:
        raise VisitError(["这个走访类型还没有标准，请先在“走访类型与标准”中设置"])
    return _standard(row)


def list_types(db: Database, include_inactive: bool = True, on: date | None = None) -> list[TypeRow]:
    on = on or date.today()
    with db.session() as s:
        used = dict(s.execute(select(Visit.type_id, func.count()).group_by(Visit.type_id)).all())
        types = s.scalars(select(VisitType).order_by(VisitType.sort_order, VisitType.id))
        return [TypeRow(t.id, t.code, t.name, tuple(filter(None, t.synonyms.split("|"))), t.category_id, t.active,
                        standard_on(s, t.id, on), used.get(t.id, 0))
                for t in types if include_inactive or t.active]


def list_standards(db: Database, type_id: int) -> list[Standard]:
    with db.session() as s:
        return [_standard(r) for r in s.scalars(select(VisitStandard).where(VisitStandard.type_id == type_id)
                                                 .order_by(VisitStandard.effective_from))]


def add_standard(db: Database, type_id: int, standard: Standard) -> None:
    """A new standard from a date on; visits before that date keep being judged by the old one."""
    standard = _check_standard(standard)
    with db.session() as s:
        vtype = _type(s, type_id)
        if s.scalar(select(VisitStandard).where(VisitStandard.type_id == type_id,
                                                VisitStandard.effective_from == standard.effective_from)):
            raise VisitError([f"“{vtype.name}”在 {standard.effective_from} 已有一条标准"])
        s.add(VisitStandard(type_id=type_id, **_standard_columns(standard)))
        audit.record(s, "create", "visit_standard", type_id,
                     f"“{vtype.name}”自 {standard.effective_from} 起执行新标准：{standard.describe()}"
                     f"（{standard.source_doc or '未注明文件'}）", after=_standard_columns(standard))


def _standard_columns(standard: Standard) -> dict:
    return {k: v for k, v in asdict(standard).items()}


def _check_standard(standard: Standard) -> Standard:
    """The standard with its document name cleaned, or VisitError listing its problems."""
    standard, problems = clean_standard(standard)
    if problems:
        raise VisitError(problems)
    return standard


def _synonyms(words: tuple[str, ...]) -> str:
    """"|"-separated, as stored: each word cleaned, "|" inside one taken out."""
    cleaned = (clean_text(w, "同义词", NAME_LIMIT).replace("|", "") for w in words)
    return "|".join(w for w in cleaned if w)


def add_type(db: Database, name: str, standard: Standard, category_id: int, synonyms: tuple[str, ...] = ()) -> int:
    name = clean_name(name, "类型名称")
    standard = _check_standard(standard)
    with db.session() as s:
        if s.scalar(select(VisitType).where(VisitType.name == name)):
            raise VisitError([f"已有名为“{name}”的走访类型"])
        order = (s.scalar(select(func.max(VisitType.sort_order))) or 0) + 1
        vtype = VisitType(code=f"custom_{order}_{datetime.now():%H%M%S%f}", name=name, synonyms=_synonyms(synonyms),
                          category_id=category_id, sort_order=order, active=True)
        s.add(vtype)
        s.flush()
        s.add(VisitStandard(type_id=vtype.id, **_standard_columns(standard)))
        audit.record(s, "create", "visit_type", vtype.id, f"新增走访类型 {name}：{standard.describe()}",
                     after={"name": name, "category_id": category_id, "synonyms": vtype.synonyms,
                            **_standard_columns(standard)})
        return vtype.id


def update_type(db: Database, type_id: int, name: str, category_id: int, synonyms: tuple[str, ...]) -> None:
    name, words = clean_text(name, "类型名称", NAME_LIMIT), _synonyms(synonyms)
    with db.session() as s:
        vtype = _type(s, type_id)
        before = {"name": vtype.name, "category_id": vtype.category_id, "synonyms": vtype.synonyms}
        vtype.name, vtype.category_id, vtype.synonyms = name or vtype.name, category_id, words
        audit.record(s, "update", "visit_type", type_id, f"修改走访类型 {vtype.name}", before=before,
                     after={"name": vtype.name, "category_id": category_id, "synonyms": vtype.synonyms})


def set_type_active(db: Database, type_id: int, active: bool) -> None:
    with db.session() as s:
        vtype = _type(s, type_id)
        before = vtype.active
        vtype.active = active
        audit.record(s, "update", "visit_type", type_id, f"{'启用' if active else '停用'}走访类型 {vtype.name}",
                     before={"active": before}, after={"active": active})


def remove_type(db: Database, type_id: int) -> None:
    """Only a type never used; a used one is retired (停用) so old visits keep their type."""
    with db.session() as s:
        vtype = _type(s, type_id)
        used = s.scalar(select(func.count()).where(Visit.type_id == type_id)) or 0
        if used:
            raise InUseError(f"“{vtype.name}”已有 {used} 条走访记录，不能删除；不再使用时请“停用”。")
        for row in s.scalars(select(VisitStandard).where(VisitStandard.type_id == type_id)):
            s.delete(row)
        s.delete(vtype)
        audit.record(s, "delete", "visit_type", type_id, f"删除走访类型 {vtype.name}",
                     before={"name": vtype.name, "category_id": vtype.category_id, "synonyms": vtype.synonyms})


def _type(session: Session, type_id: int) -> VisitType:
    vtype = session.get(VisitType, type_id)
    if vtype is None:
        raise NotFoundError("找不到这个走访类型，请刷新。")
    return vtype


# ---------------------------------------------------------------- judging a visit


@dataclass
class VisitInput:
    member_id: int
    type_id: int
    visit_date: date
    status: str = "done"
    reason: str = ""
    visitors: str = ""
    money_fen: int = 0
    gift: str = ""
    gift_value_fen: int = 0
    approver: str = ""
    approval_no: str = ""
    for_family: bool = False
    warning_reason: str = ""
    notes: str = ""


@dataclass(frozen=True)
class VisitCheck:
    errors: list[str]
    warnings: list[str]
    standard: Standard | None


def _history(session: Session, member_id: int, type_id: int, skip_id: int | None) -> list[PastVisit]:
    rows = session.execute(select(Visit.visit_date, Visit.money_fen, Visit.reason).where(
        Visit.member_id == member_id, Visit.type_id == type_id, Visit.status == "done",
        Visit.id != (skip_id or 0)).order_by(Visit.visit_date))
    return [PastVisit(*r) for r in rows]


def _left_on(session: Session, member: Member) -> date | None:
    """When a transferred or deceased member's status last changed (from the audit log)."""
    at = session.scalar(select(func.max(AuditEntry.at)).where(
        AuditEntry.entity == "member", AuditEntry.entity_id == member.id, AuditEntry.action == "status"))
    return at.date() if at else None


def _evaluate(session: Session, data: VisitInput, visit_id: int | None) -> VisitCheck:
    errors: list[str] = []
    member = session.get(Member, data.member_id)
    vtype = session.get(VisitType, data.type_id)
    if member is None or vtype is None:
        return VisitCheck(["请选择会员和走访类型"], [], None)
    if data.status not in STATUS_LABELS:
        raise ValueError(data.status)
    for fen, label in ((data.money_fen, "慰问金"), (data.gift_value_fen, "慰问品价值")):
        try:
            check_fen(fen, label)
        except DomainError as err:
            return VisitCheck([str(err)], [], None)
    if data.status == "done" and data.visit_date > date.today():
        errors.append(f"走访日期 {data.visit_date} 还没到，不能标为“已访”；未来的走访请登记为“待访”")
    if not vtype.active and visit_id is None:
        errors.append(f"走访类型“{vtype.name}”已停用")
    if member.status in ("transferred", "deceased") and not data.for_family:
        left = _left_on(session, member)
        if left is not None and data.visit_date > left:
            status = MEMBER_STATUS_LABELS[member.status]
            errors.append(f"{member.name} 已于 {left} {status}，只能登记此前的走访；如是慰问其家属，请勾选“慰问家属”")
    standard = standard_on(session, data.type_id, data.visit_date)
    more_errors, warnings = judge(standard, data.visit_date, data.money_fen, data.gift_value_fen, data.reason,
                                  _history(session, data.member_id, data.type_id, visit_id), vtype.name)
    if data.money_fen and vtype.category_id is None:
        errors.append(f"走访类型“{vtype.name}”没有设置经费科目，慰问金无法记账")
    return VisitCheck(errors + more_errors, warnings if data.status == "done" else [], standard)


def check_visit(db: Database, data: VisitInput, visit_id: int | None = None) -> VisitCheck:
    """What the form shows as the user types: errors, warnings, and the standard in force."""
    with db.session() as s:
        return _evaluate(s, data, visit_id)


def _validated(session: Session, data: VisitInput, visit_id: int | None) -> str:
    result = _evaluate(session, data, visit_id)
    if result.errors:
        raise VisitError(result.errors)
    if result.warnings and not data.warning_reason.strip():
        raise NeedsReason(result.warnings)
    return "；".join(result.warnings)


# ---------------------------------------------------------------- saving, with the ledger


def _sync_ledger(session: Session, visit: Visit, new: bool = False) -> None:
    """The visit's money in the ledger: posted, re-posted on change, reversed when gone."""
    if visit.status == "done" and visit.money_fen > 0:
        vtype = session.get(VisitType, visit.type_id)
        member = session.get(Member, visit.member_id)
        entry = dict(entry_date=visit.visit_date, category_id=vtype.category_id, amount_fen=visit.money_fen,
                     summary=f"{vtype.name}慰问 {member.name}", handler=visit.visitors[:50], approver=visit.approver)
        if new:  # nothing posted yet: skip looking for an entry to replace
            ledger.post(session, source=SOURCE, source_id=visit.id, **entry)
        else:
            ledger.repost_source(session, SOURCE, visit.id, reason="走访记录已修改", **entry)
    elif not new:
        ledger.reverse_source(session, SOURCE, visit.id, "走访记录已修改")


def _cleaned(data: VisitInput) -> VisitInput:
    """`data` with its text under the one cleaning rule, or VisitError listing what can't be stored."""
    problems: list[str] = []
    values = clean_fields(data, VISIT_TEXTS, problems)
    if problems:
        raise VisitError(problems)
    return replace(data, **values)


def _fields(data: VisitInput) -> dict:
    return asdict(data)


def add_visit(db: Database, data: VisitInput) -> int:
    """Judge, save and post one visit; raises VisitError, NeedsReason or FundsError."""
    with db.session() as s:
        return add_visit_in(s, data)


def add_visit_in(session: Session, data: VisitInput) -> int:
    """add_visit inside the caller's transaction (an import writes all its rows at once)."""
    data = _cleaned(data)
    warnings = _validated(session, data, None)
    visit = Visit(**_fields(data), warnings=warnings)
    session.add(visit)
    session.flush()
    _sync_ledger(session, visit, new=True)
    audit.record(session, "create", "visit", visit.id, _describe(session, visit), after=_fields(data))
    return visit.id


def update_visit(db: Database, visit_id: int, data: VisitInput, expected_version: int | None = None) -> None:
    data = _cleaned(data)
    with db.session() as s:
        visit = _visit(s, visit_id)
        if expected_version is not None and visit.version != expected_version:
            raise ConcurrentEditError(audit.concurrent_edit_message(
                s, f"这条{_describe(s, visit)}", "visit", visit_id, visit.version - expected_version, _fields(data)))
        warnings = _validated(s, data, visit_id)
        before = {k: getattr(visit, k) for k in _fields(data)}
        for key, value in _fields(data).items():
            setattr(visit, key, value)
        visit.warnings = warnings
        s.flush()
        _sync_ledger(s, visit)
        changed = {k for k, v in _fields(data).items() if before[k] != v}
        audit.record(s, "update", "visit", visit_id, f"修改{_describe(s, visit)}",
                     before={k: before[k] for k in changed}, after={k: getattr(visit, k) for k in changed})


def remove_visit(db: Database, visit_id: int, reason: str) -> None:
    """Delete a visit entered by mistake; its money is reversed in the ledger, not erased."""
    reason = clean_text(reason, "删除原因", NOTE_LIMIT)
    if not reason:
        raise VisitError(["删除走访记录必须写明原因"])
    with db.session() as s:
        visit = _visit(s, visit_id)
        text = _describe(s, visit)
        ledger.reverse_source(s, SOURCE, visit_id, f"走访记录删除：{reason.strip()}")
        before = {k: getattr(visit, k) for k in _fields(VisitInput(0, 0, date.today()))}
        s.delete(visit)
        audit.record(s, "delete", "visit", visit_id, f"删除{text}：{reason.strip()}", before=before)


def _visit(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFoundError("找不到这条走访记录，可能已被删除，请刷新。")
    return visit


def _describe(session: Session, visit: Visit) -> str:
    member = session.get(Member, visit.member_id)
    vtype = session.get(VisitType, visit.type_id)
    money = f"，慰问金 {visit.money_fen / 100:.2f} 元" if visit.money_fen else ""
    return f"走访 {member.name}（{vtype.name}，{visit.visit_date}，{STATUS_LABELS[visit.status]}{money}）"


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class VisitRow:
    id: int
    member_id: int
    member_name: str
    group_name: str
    type_id: int
    type_name: str
    visit_date: date
    status: str
    reason: str
    visitors: str
    money_fen: int
    gift: str
    gift_value_fen: int
    approver: str
    approval_no: str
    for_family: bool
    warnings: str
    warning_reason: str
    notes: str
    version: int


@dataclass(frozen=True)
class VisitFilter:
    date_from: date | None = None
    date_to: date | None = None
    type_id: int | None = None
    member_id: int | None = None
    group_id: int | None = None
    status: str | None = None
    text: str = ""


def list_visits(db: Database, flt: VisitFilter = VisitFilter()) -> list[VisitRow]:
    stmt = (select(Visit, Member.name, UnionGroup.name, VisitType.name)
            .join(Member, Member.id == Visit.member_id).join(VisitType, VisitType.id == Visit.type_id)
            .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
            .order_by(Visit.visit_date, Visit.id))
    columns = {"date_from": Visit.visit_date.__ge__, "date_to": Visit.visit_date.__le__,
               "type_id": Visit.type_id.__eq__, "member_id": Visit.member_id.__eq__,
               "group_id": Member.group_id.__eq__, "status": Visit.status.__eq__}
    for name, compare in columns.items():
        if getattr(flt, name) is not None:
            stmt = stmt.where(compare(getattr(flt, name)))
    with db.session() as s:
        rows = [VisitRow(v.id, v.member_id, name, group or "", v.type_id, tname, v.visit_date, v.status, v.reason,
                         v.visitors, v.money_fen, v.gift, v.gift_value_fen, v.approver, v.approval_no, v.for_family,
                         v.warnings, v.warning_reason, v.notes, v.version)
                for v, name, group, tname in s.execute(stmt)]
    text = flt.text.strip().lower()
    return [r for r in rows if not text or text in f"{r.member_name}\t{r.reason}\t{r.visitors}\t{r.notes}".lower()]


def visit_input(db: Database, visit_id: int) -> VisitInput:
    with db.session() as s:
        visit = _visit(s, visit_id)
        return VisitInput(**{k: getattr(visit, k) for k in _fields(VisitInput(0, 0, date.today()))})


@dataclass(frozen=True)
class YearTotal:
    year: int
    count: int
    money_fen: int


def member_history(db: Database, member_id: int) -> tuple[list[VisitRow], list[YearTotal]]:
    """A member's visits, newest first, and the money received per year."""
    rows = list_visits(db, VisitFilter(member_id=member_id))
    years: dict[int, list[VisitRow]] = {}
    for row in rows:
        if row.status == "done":
            years.setdefault(row.visit_date.year, []).append(row)
    totals = [YearTotal(y, len(v), sum(r.money_fen for r in v)) for y, v in sorted(years.items(), reverse=True)]
    return list(reversed(rows)), totals


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # "overdue" | "retiring"
    member_id: int
    member_name: str
    due: date
    text: str
    visit_id: int | None = None


def attention(db: Database, today: date | None = None) -> list[AttentionItem]:
    """What needs the chair: planned visits past their date, and members retiring in the
    next three months with no retirement visit recorded or planned."""
    from unionapp.services.members import MemberFilter, search_members

    today = today or date.today()
    items = [AttentionItem("overdue", r.member_id, r.member_name, r.visit_date,
                           f"计划 {r.visit_date} 走访 {r.member_name}（{r.type_name}），已过期", r.id)
             for r in list_visits(db, VisitFilter(status="planned", date_to=today - _ONE_DAY))]
    with db.session() as s:
        retirement_type = s.scalar(select(VisitType.id).where(VisitType.code == "retirement"))
        visited = set(s.scalars(select(Visit.member_id).where(Visit.type_id == retirement_type)))
    for row in search_members(db, MemberFilter(retiring_within_months=3, today=today)):
        if row.id not in visited:
            items.append(AttentionItem("retiring", row.id, row.name, row.retirement_date,
                                       f"{row.name} 将于 {row.retirement_date} 退休，还没有安排退休慰问"))
    return sorted(items, key=lambda i: i.due)


_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class SummaryRow:
    label: str
    count: int
    money_fen: int
    gift_value_fen: int


def yearly_summary(db: Database, year: int) -> tuple[list[SummaryRow], list[SummaryRow]]:
    """Done visits of a year by type and by group: count, money, gift value."""
    rows = list_visits(db, VisitFilter(date_from=date(year, 1, 1), date_to=date(year, 12, 31), status="done"))

    def grouped(key) -> list[SummaryRow]:
        buckets: dict[str, list[VisitRow]] = {}
        for row in rows:
            buckets.setdefault(key(row), []).append(row)
        return [SummaryRow(label, len(v), sum(r.money_fen for r in v), sum(r.gift_value_fen for r in v))
                for label, v in buckets.items()]

    order = {t.name: i for i, t in enumerate(list_types(db))}
    by_type = sorted(grouped(lambda r: r.type_name), key=lambda r: order.get(r.label, 999))
    by_group = sorted(grouped(lambda r: r.group_name or "（未分组）"), key=lambda r: -r.money_fen)
    return by_type, by_group


# ---------------------------------------------------------------- consistency


def visits_match_ledger(session: Session) -> list[str]:
    """Each done visit's money equals its standing ledger entry; nothing else is posted."""
    problems = []
    posted = {}
    for entry in session.scalars(select(LedgerEntry).where(LedgerEntry.source == SOURCE)):
        posted[entry.source_id] = posted.get(entry.source_id, 0) + entry.amount_fen
    for visit in session.scalars(select(Visit)):
        expected = visit.money_fen if visit.status == "done" else 0
        if posted.pop(visit.id, 0) != expected:
            problems.append(f"走访记录 {visit.id}（{visit.visit_date}）的慰问金与记账不符")
    problems += [f"已删除的走访记录 {vid} 仍有未冲销的记账" for vid, fen in posted.items() if fen]
    return problems

