"""Reading the audit log: the labels of actions, entities and areas, one entry as a row,
and the viewer's and the export's filtered, paged query (newest first).

Housekeeping entries (系统记录) are hidden unless asked for: by one rule, a settings entry
that changed only SYSTEM_SETTING_KEYS, flags the app keeps for itself rather than a
choice the union made."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select

from unionapp.db.engine import Database
from unionapp.db.models import AuditEntry
from unionapp.domain.dates import format_date

ACTION_LABELS = {
    "create": "新增",
    "update": "修改",
    "status": "状态变更",
    "delete": "删除",
    "import": "导入",
    "merge": "合并",
    "settings": "设置",
    "reverse": "红字冲销",
    "review": "复核",
    "view": "查看",  # reading a hardship file's details is logged too
}

# What each entity code the services write is called, and the area (tab) it belongs to.
ENTITY_LABELS = {
    "member": "会员",
    "group": "工会小组",
    "visit": "走访记录",
    "visit_type": "走访类型",
    "visit_standard": "走访标准",
    "checkup": "体检批次",
    "handout": "发放",
    "activity": "活动",
    "spending_rule": "开支标准",
    "ledger": "记账凭证",
    "fund_category": "经费科目",
    "fund_year": "经费年度",
    "budget": "预算",
    "dues": "会费",
    "fund_disclosure": "经费公开",
    "settings": "设置",
    "import_mapping": "导入对应关系",
    "congress_term": "教代会届次",
    "congress_session": "教代会会议",
    "congress_delegate": "教代会代表",
    "congress_resolution": "教代会决议",
    "congress_rule": "教代会规则",
    "proposal": "提案",
    "hardship_file": "困难职工档案",
    "year_plan_item": "年度工作计划",
    "year_plan_template": "年度计划模板",
}
UNNAMED = "未登记"  # an entry made before this computer's 本机使用人 was asked

# Settings the app keeps for itself (not a choice of the union): changing only these is housekeeping.
SYSTEM_SETTING_KEYS = frozenset({"demo_offered"})

AREA_LABELS = {
    "members": "会员",
    "visits": "五必访",
    "checkups": "体检",
    "activities": "活动与发放",
    "congress": "教代会",
    "hardship": "困难帮扶",
    "plan": "年度计划",
    "funds": "经费",
    "settings": "设置",
}
AREA_ENTITIES = {
    "members": ("member", "group"),
    "visits": ("visit", "visit_type", "visit_standard"),
    "checkups": ("checkup",),
    "activities": ("handout", "activity", "spending_rule"),
    "congress": (
        "congress_term",
        "congress_session",
        "congress_delegate",
        "congress_resolution",
        "congress_rule",
        "proposal",
    ),
    "hardship": ("hardship_file",),
    "plan": ("year_plan_item", "year_plan_template"),
    "funds": ("ledger", "fund_category", "fund_year", "budget", "dues", "fund_disclosure"),
    "settings": ("settings", "import_mapping"),
}


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    os_user: str
    operator: str
    action: str
    entity: str
    entity_id: int | None
    summary: str
    details: dict

    @property
    def before(self) -> dict:
        return self.details.get("before") or {}

    @property
    def after(self) -> dict:
        return self.details.get("after") or {}

    @property
    def items(self) -> list[dict]:
        return self.details.get("items") or []

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)

    @property
    def who(self) -> str:
        """The operator (本机使用人) as the chair knows them; "未登记" for entries written
        before anyone was named on that computer (its account is in `who_in_full`)."""
        return self.operator or UNNAMED

    @property
    def who_in_full(self) -> str:
        """ "李老师（电脑账户 li）": for the details of one entry, which computer it came from."""
        if not self.os_user:
            return self.operator or "别人"
        return f"{self.operator or '未登记的使用人'}（电脑账户 {self.os_user}）"

    @property
    def is_housekeeping(self) -> bool:
        return is_housekeeping(self.entity, self.details)

    def without_system_fields(self) -> AuditRow:
        """The entry without its housekeeping values (an older settings entry may mix them in)."""
        if self.entity != "settings":
            return self
        details = dict(self.details)
        for side in ("before", "after"):
            values = details.get(side)
            if isinstance(values, dict):
                details[side] = {k: v for k, v in values.items() if k not in SYSTEM_SETTING_KEYS}
        return replace(self, details=details)


def is_housekeeping(entity: str, details: dict) -> bool:
    """A settings entry whose changed keys are all SYSTEM_SETTING_KEYS."""
    if entity != "settings":
        return False
    keys = set()
    for side in ("before", "after"):
        values = details.get(side)
        keys |= set(values) if isinstance(values, dict) else set()
    return bool(keys) and keys <= SYSTEM_SETTING_KEYS


def _details(text: str | None) -> dict:
    try:
        details = json.loads(text or "{}")
    except ValueError:  # a hand-edited or truncated entry still shows its summary
        return {}
    return details if isinstance(details, dict) else {}


def _row(e: AuditEntry) -> AuditRow:
    return AuditRow(
        e.id,
        e.at,
        e.os_user or "",
        e.operator or "",
        e.action,
        e.entity,
        e.entity_id,
        e.summary or "",
        _details(e.details),
    )


def list_entries(
    db: Database, entity: str | None = None, entity_id: int | None = None, limit: int = 500
) -> list[AuditRow]:
    return search_entries(db, AuditFilter(entity=entity, entity_id=entity_id, limit=limit)).rows


@dataclass(frozen=True)
class AuditFilter:
    """What the viewer, the export and `unionapp export audit` filter by; None / "" is "any"."""

    date_from: date | None = None
    date_to: date | None = None
    action: str | None = None
    area: str | None = None  # an AREA_LABELS key
    entity: str | None = None
    entity_id: int | None = None
    person: str = ""  # an operator name (本机使用人), or UNNAMED: entries made before one was named
    text: str = ""  # anywhere in the summary or the before/after values
    limit: int | None = 500  # None: every matching entry (exports)
    system: bool = False  # housekeeping entries too (显示系统记录)
    before_id: int | None = None  # the next page: entries older than this one

    def describe(self) -> str:
        """The filter in Chinese, for a report's subtitle: "2026-01-01 至 2026-03-31，范围：会员，操作：修改"."""
        parts = [_period_text(self.date_from, self.date_to)]
        if self.area:
            parts.append(f"范围：{AREA_LABELS.get(self.area, self.area)}")
        if self.entity:
            parts.append(f"对象：{ENTITY_LABELS.get(self.entity, self.entity)}")
        if self.action:
            parts.append(f"操作：{ACTION_LABELS.get(self.action, self.action)}")
        if self.person:
            parts.append(f"操作人：{self.person}")
        if self.text.strip():
            parts.append(f"包含“{self.text.strip()}”")
        if self.system:
            parts.append("含系统记录")
        return "，".join(p for p in parts if p)


def _period_text(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{format_date(start)} 至 {format_date(end)}"
    if start:
        return f"{format_date(start)} 起"
    if end:
        return f"截至 {format_date(end)}"
    return "全部日期"


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    more: bool  # older entries match too: ask again with before_id=rows[-1].id

    @property
    def next_before_id(self) -> int | None:
        return self.rows[-1].id if self.more and self.rows else None


def _contains(column, text: str, dialect: str):
    """Text anywhere in the column, ignoring the case of letters. Chinese and digits have
    no case: a plain LIKE. On PostgreSQL, ILIKE under the byte-order collation "C" scans
    100,000 entries a few times faster than under a server's ICU collation."""
    if text.lower() == text.upper():
        return column.contains(text, autoescape=True)
    if dialect == "postgresql":
        column = column.collate("C")
    return column.icontains(text, autoescape=True)


def _conditions(flt: AuditFilter, dialect: str) -> list:
    """WHERE terms: the indexed ones (time, entity) first; text is a LIKE over two columns."""
    where = []
    if flt.date_from:
        where.append(AuditEntry.at >= datetime.combine(flt.date_from, time.min))
    if flt.date_to:
        where.append(AuditEntry.at < datetime.combine(flt.date_to + timedelta(days=1), time.min))
    if flt.area:
        where.append(AuditEntry.entity.in_(AREA_ENTITIES.get(flt.area, (flt.area,))))
    if flt.entity:
        where.append(AuditEntry.entity == flt.entity)
    if flt.entity_id is not None:
        where.append(AuditEntry.entity_id == flt.entity_id)
    if flt.action:
        where.append(AuditEntry.action == flt.action)
    if flt.person == UNNAMED:  # the log shows 未登记 for these; the account is only in the details
        where.append(AuditEntry.operator == "")
    elif flt.person:
        where.append(AuditEntry.operator == flt.person)
    text = flt.text.strip()
    if text:
        where.append(or_(*(_contains(column, text, dialect) for column in (AuditEntry.summary, AuditEntry.details))))
    if flt.before_id is not None:
        where.append(AuditEntry.id < flt.before_id)
    return where


def search_entries(db: Database, flt: AuditFilter) -> AuditPage:
    """The entries a filter keeps, newest first; at most `flt.limit` of them, so 100,000
    entries stay fast (the newest-first scan stops when a page is full)."""
    where = _conditions(flt, db.engine.dialect.name)
    with db.session() as s:
        if not flt.system:
            hidden = _housekeeping_ids(s)
            if hidden:
                where.append(AuditEntry.id.not_in(hidden))
        stmt = select(AuditEntry).where(*where).order_by(AuditEntry.id.desc())
        if flt.limit is not None:
            stmt = stmt.limit(flt.limit + 1)
        rows = [_row(e) for e in s.scalars(stmt)]
    more = flt.limit is not None and len(rows) > flt.limit
    return AuditPage(rows[: flt.limit] if more else rows, more)


def _housekeeping_ids(session) -> list[int]:
    """The ids of housekeeping entries, found among the settings entries (a few dozen in a
    union's years), so the page query stays one indexed scan on both engines."""
    stmt = select(AuditEntry.id, AuditEntry.details).where(AuditEntry.entity == "settings")
    return [i for i, text in session.execute(stmt) if is_housekeeping("settings", _details(text))]


def people(db: Database) -> list[str]:
    """The names the log's 操作人 column shows, for the viewer's 操作人 list: operators,
    then UNNAMED when some entries were made before anyone was named (never an account)."""
    with db.session() as s:
        names = set(s.scalars(select(AuditEntry.operator).distinct()))
    named = sorted(n for n in names if n)
    return named + [UNNAMED] if "" in names else named
