"""The union's year (年度工作计划): the template of recurring items (edited by the chair),
copied once into each new year; a year's items added, changed, removed, marked done with a
date and a note or linked to the record that did them. Each write is one session with its
audit entry. Reading is in `year_plan_reads`; this module re-exports its names (`__all__`),
so callers use `services.year_plan.*` for all of it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import YearPlanItem, YearPlanTemplate
from unionapp.domain.errors import DomainError
from unionapp.domain.text import clean_fields, strip_unsafe
from unionapp.domain.year_plan import AREA_LABELS, ITEM_TEXTS, LINK_KINDS, TemplateItem, check_month
from unionapp.services import audit
from unionapp.services.errors import ConcurrentEditError, NotFoundError
from unionapp.services.year_plan_locks import lock_item, lock_year, writing
from unionapp.services.year_plan_reads import (
    ID_COLUMNS,
    KIND_LABELS,
    LedgerLine,
    LinkChoice,
    PlanError,
    PlanItemRow,
    TemplateRow,
    choices_in,
    link_choices,
    list_items,
    list_template,
    overdue_items,
    year_condition,
    year_ledger,
)

__all__ = [
    "LedgerLine",
    "LinkChoice",
    "PlanError",
    "PlanItemInput",
    "PlanItemRow",
    "TemplateRow",
    "add_item",
    "add_template_item",
    "ensure_year",
    "ensure_year_in",
    "link_choices",
    "list_items",
    "list_template",
    "mark_done",
    "mark_open",
    "overdue_items",
    "remove_item",
    "remove_template_item",
    "update_item",
    "update_template_item",
    "year_ledger",
]

FIRST_YEAR, LAST_YEAR = 2000, 2100
GONE_ITEM = "找不到这项计划，可能已被删除，请刷新。"
GONE_TEMPLATE = "找不到这项模板事项，可能已被删除，请刷新。"


@dataclass(frozen=True)
class PlanItemInput:
    month: int
    title: str
    owner: str = ""
    area: str = ""
    note: str = ""


# ---- checks shared by the template and the year's items ----


def _checked(data, spec: dict, problems: list[str]):
    """`data` with its month checked and its texts cleaned; problems collected, not raised."""
    try:
        check_month(data.month)
    except DomainError as err:
        problems.append(str(err))
    data = replace(data, **clean_fields(data, spec, problems))
    if not strip_unsafe(str(data.title)).strip():
        problems.append("请填写工作内容")
    if data.area not in AREA_LABELS:
        problems.append(f"“{data.area}”不是可选的工作领域")
    return data


def _refuse(problems: list[str]) -> None:
    if problems:
        raise PlanError(problems)


def _load(session: Session, model, record_id: int, gone: str):
    record = session.get(model, record_id)
    if record is None:
        raise NotFoundError(gone)
    return record


# ---- the template ----

_TEMPLATE_TEXTS = {k: ITEM_TEXTS[k] for k in ("title", "owner")}


def _template_fields(t: YearPlanTemplate) -> dict:
    return {"month": t.month, "title": t.title, "owner": t.owner, "area": t.area, "monthly": t.monthly}


def _checked_template(session: Session, item: TemplateItem, item_id: int | None) -> TemplateItem:
    problems: list[str] = []
    item = _checked(item, _TEMPLATE_TEXTS, problems)
    _refuse(problems)
    query = select(YearPlanTemplate.id).where(
        YearPlanTemplate.month == item.month, YearPlanTemplate.title == item.title
    )
    if item_id is not None:
        query = query.where(YearPlanTemplate.id != item_id)
    if session.scalar(query) is not None:
        raise PlanError([f"模板中 {item.month} 月已有“{item.title}”"])
    return replace(item, monthly=bool(item.monthly))


def add_template_item(db: Database, item: TemplateItem) -> int:
    """A recurring item; it reaches the years whose plan is made after it."""
    with db.session() as s:
        item = _checked_template(s, item, None)
        order = (s.scalar(select(func.max(YearPlanTemplate.sort_order))) or 0) + 1
        record = YearPlanTemplate(**asdict(item), sort_order=order)
        s.add(record)
        s.flush()
        audit.record(
            s, "create", "year_plan_template", record.id, f"新增年度计划模板事项：{item.title}", after=asdict(item)
        )
        return record.id


def update_template_item(db: Database, item_id: int, item: TemplateItem) -> None:
    with db.session() as s:
        record = _load(s, YearPlanTemplate, item_id, GONE_TEMPLATE)
        item = _checked_template(s, item, item_id)
        before, after = _template_fields(record), asdict(item)
        for key, value in after.items():
            setattr(record, key, value)
        changed = {k for k in after if before[k] != after[k]}
        audit.record(
            s,
            "update",
            "year_plan_template",
            item_id,
            f"修改年度计划模板事项：{item.title}",
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )


def remove_template_item(db: Database, item_id: int) -> None:
    """Years already made keep their copy of it."""
    with db.session() as s:
        record = _load(s, YearPlanTemplate, item_id, GONE_TEMPLATE)
        before = _template_fields(record)
        s.delete(record)
        audit.record(
            s, "delete", "year_plan_template", item_id, f"删除年度计划模板事项：{before['title']}", before=before
        )


# ---- a year's plan ----


def _check_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise PlanError([f"年度应是 {FIRST_YEAR} 到 {LAST_YEAR} 之间的年份，这里是“{year}”"])
    return year


def ensure_year(db: Database, year: int, today: date | None = None) -> int:
    with writing(db) as s:
        return ensure_year_in(s, year, today)


def ensure_year_in(session: Session, year: int, today: date | None = None) -> int:
    """The year's plan from the template when the year has none yet (a monthly item becomes
    twelve, "会员生日祝福（3月）"); the number of items added, 0 when the year had items.
    The items are dated `today`: those of months already over are not overdue."""
    today = today or date.today()
    _check_year(year)
    made = select(YearPlanItem.id).where(YearPlanItem.year == year).limit(1)
    if session.scalar(made) is not None:
        return 0  # the usual case, read only: a read-only copy may show a year made before
    lock_year(session, year)  # another copy making it at this moment: wait, then see its items
    if session.scalar(made) is not None:
        return 0
    query = select(YearPlanTemplate).order_by(YearPlanTemplate.month, YearPlanTemplate.sort_order, YearPlanTemplate.id)
    added = 0
    for t in session.scalars(query):
        months = range(1, 13) if t.monthly else (t.month,)
        for month in months:
            title = f"{t.title}（{month}月）" if t.monthly else t.title
            session.add(
                YearPlanItem(
                    year=year,
                    month=month,
                    title=title,
                    owner=t.owner,
                    area=t.area,
                    sort_order=t.sort_order,
                    created_on=today,
                )
            )
            added += 1
    if added:
        session.flush()
        audit.record(
            session,
            "create",
            "year_plan_item",
            None,
            f"按模板生成 {year} 年度工作计划（{added} 项）",
            after={"year": year},
        )
    return added


def _item_fields(item: YearPlanItem) -> dict:
    return {"month": item.month, "title": item.title, "owner": item.owner, "area": item.area, "note": item.note}


def _checked_item(session: Session, year: int, data: PlanItemInput, item_id: int | None) -> PlanItemInput:
    problems: list[str] = []
    data = _checked(data, ITEM_TEXTS, problems)
    _refuse(problems)
    query = select(YearPlanItem.id).where(
        YearPlanItem.year == year, YearPlanItem.month == data.month, YearPlanItem.title == data.title
    )
    if item_id is not None:
        query = query.where(YearPlanItem.id != item_id)
    if session.scalar(query) is not None:
        raise PlanError([f"{year} 年 {data.month} 月的计划中已有“{data.title}”"])
    return data


def add_item(db: Database, year: int, data: PlanItemInput, today: date | None = None) -> int:
    _check_year(year)
    with writing(db) as s:
        data = _checked_item(s, year, data, None)
        order = s.scalar(select(func.max(YearPlanItem.sort_order)).where(YearPlanItem.year == year)) or 0
        item = YearPlanItem(year=year, sort_order=order + 1, created_on=today or date.today(), **asdict(data))
        s.add(item)
        s.flush()
        after = asdict(data) | {"year": year}
        audit.record(s, "create", "year_plan_item", item.id, f"新增 {year} 年度计划：{data.title}", after=after)
        return item.id


def update_item(db: Database, item_id: int, data: PlanItemInput, expected_version: int | None = None) -> None:
    """Month, texts and area; an item linked to a record keeps an area of that record's kind."""
    with writing(db) as s:
        lock_item(s, item_id)
        item = _load(s, YearPlanItem, item_id, GONE_ITEM)
        if expected_version is not None and item.version != expected_version:
            raise ConcurrentEditError(
                audit.concurrent_edit_message(
                    s, f"计划“{item.title}”", "year_plan_item", item.id, item.version - expected_version, asdict(data)
                )
            )
        data = _checked_item(s, item.year, data, item_id)
        if item.link_id is not None and LINK_KINDS.get(data.area) != item.link_kind:
            raise PlanError(
                [f"这项计划已关联{KIND_LABELS.get(item.link_kind, '记录')}，请先改为未完成，再修改工作领域"]
            )
        before, after = _item_fields(item), asdict(data)
        for key, value in after.items():
            setattr(item, key, value)
        s.flush()
        changed = {k for k in after if before[k] != after[k]}
        audit.record(
            s,
            "update",
            "year_plan_item",
            item_id,
            f"修改 {item.year} 年度计划：{data.title}",
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )


def remove_item(db: Database, item_id: int) -> None:
    with writing(db) as s:
        lock_item(s, item_id)
        item = _load(s, YearPlanItem, item_id, GONE_ITEM)
        before = _item_fields(item) | {"year": item.year, "done_on": item.done_on}
        s.delete(item)
        audit.record(
            s, "delete", "year_plan_item", item_id, f"删除 {before['year']} 年度计划：{item.title}", before=before
        )


def _link_problems(session: Session, item: YearPlanItem, link_kind: str, link_id: int | None) -> list[str]:
    """A link must name an existing record of the item's area kind in the item's year."""
    if link_id is None:
        return ["请选择要关联的记录"] if link_kind else []
    wanted = LINK_KINDS.get(item.area)
    if wanted is None:
        return [f"“{AREA_LABELS.get(item.area, item.area)}”类的计划不能关联记录，请填写完成情况"]
    if link_kind and link_kind != wanted:
        return [f"这项计划属于“{AREA_LABELS[item.area]}”，只能关联{KIND_LABELS[wanted]}记录"]
    found = choices_in(session, wanted, [*year_condition(wanted, item.year), _id_is(wanted, link_id)])
    if not found:
        issued = "已发放的" if wanted == "handout" else ""
        return [f"找不到 {item.year} 年{issued}这条{KIND_LABELS[wanted]}记录，可能已被删除，请重新选择"]
    return []


def _id_is(kind: str, record_id: int):
    return ID_COLUMNS[kind] == record_id


def mark_done(
    db: Database,
    item_id: int,
    done_on: date,
    note: str = "",
    link_kind: str = "",
    link_id: int | None = None,
    today: date | None = None,
) -> None:
    """Done on a day of the item's year up to today, with a note or a link to the record."""
    today = today or date.today()
    with writing(db) as s:
        lock_item(s, item_id)
        item = _load(s, YearPlanItem, item_id, GONE_ITEM)
        problems: list[str] = []
        if not isinstance(done_on, date):
            problems.append("请填写完成日期")
        elif done_on > today:
            problems.append(f"完成日期 {done_on.isoformat()} 晚于今天，请改正")
        elif done_on < date(item.year, 1, 1):
            problems.append(f"完成日期 {done_on.isoformat()} 早于 {item.year} 年，请改正")
        texts = clean_fields(PlanItemInput(item.month, item.title, note=note), {"note": ITEM_TEXTS["note"]}, problems)
        problems += _link_problems(s, item, link_kind, link_id)
        _refuse(problems)
        before = {"done_on": item.done_on, "note": item.note, "link_kind": item.link_kind, "link_id": item.link_id}
        kind = LINK_KINDS[item.area] if link_id is not None else ""
        after = {"done_on": done_on, "note": texts["note"], "link_kind": kind, "link_id": link_id}
        if after == before:
            return  # marked done again as it was (a second click, another window): nothing to log
        for key, value in after.items():
            setattr(item, key, value)
        s.flush()
        audit.record(
            s,
            "update",
            "year_plan_item",
            item_id,
            f"{item.year} 年度计划已完成：{item.title}",
            before=before,
            after=after,
        )


def mark_open(db: Database, item_id: int) -> None:
    """Back to not done: the date and the link go, the note stays."""
    with writing(db) as s:
        lock_item(s, item_id)
        item = _load(s, YearPlanItem, item_id, GONE_ITEM)
        if item.done_on is None and item.link_id is None:
            return
        before = {"done_on": item.done_on, "link_kind": item.link_kind, "link_id": item.link_id}
        item.done_on, item.link_kind, item.link_id = None, "", None
        s.flush()
        audit.record(
            s,
            "update",
            "year_plan_item",
            item_id,
            f"{item.year} 年度计划改为未完成：{item.title}",
            before=before,
            after={"done_on": None, "link_kind": "", "link_id": None},
        )
