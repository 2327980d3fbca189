"""The audit log: every change, who made it and the values before and after.

    record(session, action, entity, entity_id, summary, before, after)   in the caller's transaction
    with summarised(session): ...        a bulk action: rows inside record nothing, one summary follows
    search_entries(db, AuditFilter(...)) the viewer's and the export's query, newest first, paged
    describe_change(row)                 before/after as Chinese lines: "手机号：138****5678 → 139****0000"
    concurrent_edit_message(...)         who changed a record meanwhile, when, and what
"""

from __future__ import annotations

import getpass
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from unionapp import config
from unionapp.db.engine import Database
from unionapp.db.models import AuditEntry, Setting
from unionapp.domain.checkups import ELIGIBILITY_LABELS, PAYER_LABELS, PERSON_STATUS_LABELS
from unionapp.domain.dates import format_date
from unionapp.domain.funds import DIRECTION_LABELS, SOURCE_LABELS
from unionapp.domain.labels import (GENDER_LABELS, HARDSHIP_LABELS, MEMBER_FIELD_LABELS, MEMBER_STATUS_LABELS,
                                    RETIREMENT_CATEGORY_LABELS)
from unionapp.domain.masking import mask_id_number, mask_phone
from unionapp.domain.money import format_fen
from unionapp.domain.visits import MONEY_KIND_LABELS, REPEAT_LABELS
from unionapp.domain.visits import STATUS_LABELS as VISIT_STATUS_LABELS

OPERATOR_KEY = "operator"  # in the computer's local settings
ACTION_LABELS = {
    "create": "新增",
    "update": "修改",
    "status": "状态变更",
    "delete": "删除",
    "import": "导入",
    "merge": "合并",
    "settings": "设置",
    "reverse": "红字冲销",
}

# What each entity code the services write is called, and the area (tab) it belongs to.
ENTITY_LABELS = {
    "member": "会员",
    "group": "工会小组",
    "visit": "走访记录",
    "visit_type": "走访类型",
    "visit_standard": "走访标准",
    "checkup": "体检批次",
    "ledger": "记账凭证",
    "fund_category": "经费科目",
    "fund_year": "经费年度",
    "budget": "预算",
    "dues": "会费",
    "settings": "设置",
}
AREA_LABELS = {"members": "会员", "visits": "五必访", "checkups": "体检", "funds": "经费", "settings": "设置"}
AREA_ENTITIES = {
    "members": ("member", "group"),
    "visits": ("visit", "visit_type", "visit_standard"),
    "checkups": ("checkup",),
    "funds": ("ledger", "fund_category", "fund_year", "budget", "dues"),
    "settings": ("settings",),
}

_BULK = "unionapp.audit.bulk"  # Session.info key: the tally of a summarised bulk action
MAX_ITEM_LINES = 200  # lines of a bulk entry's per-record changes shown; the rest are counted


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service contexts
        return ""


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def operator_name(session: Session) -> str:
    """Who works at this computer (设置 → 操作人): kept per computer, since officers sharing
    one database each have their own; a database's older, shared value is the fallback."""
    if "operator" not in session.info:
        stored = session.get(Setting, "operator")
        session.info["operator"] = config.read_local_setting(OPERATOR_KEY) or (stored.value if stored else "")
    return session.info["operator"]


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    summary: str,
    before: dict | None = None,
    after: dict | None = None,
    items: list[dict] | None = None,
) -> None:
    """Add an audit entry to the caller's transaction, so it lands with the change or not at all.
    `items` are the per-record changes of a bulk action ({"id", "name", "before", "after"})."""
    tally = session.info.get(_BULK)
    if tally is not None:
        tally[f"{entity}.{action}"] += 1
        return
    details: dict[str, Any] = {"before": _jsonable(before or {}), "after": _jsonable(after or {})}
    if items:
        details["items"] = _jsonable(items)
    session.add(
        AuditEntry(
            at=datetime.now(),
            os_user=_os_user(),
            operator=operator_name(session),
            action=action,
            entity=entity,
            entity_id=entity_id,
            summary=summary,
            details=json.dumps(details, ensure_ascii=False),
        )
    )


@contextmanager
def summarised(session: Session) -> Iterator[Counter]:
    """Inside this block `record` writes nothing and counts ("ledger.create": 345) instead:
    a bulk action (an import, a dues month) then writes one summarising entry itself."""
    outer = session.info.get(_BULK)
    tally: Counter = Counter()
    session.info[_BULK] = tally
    try:
        yield tally
    finally:
        if outer is None:
            session.info.pop(_BULK, None)
        else:
            outer.update(tally)
            session.info[_BULK] = outer


# ---------------------------------------------------------------- reading


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
        """"李老师（电脑用户 li）", or whichever of the two is known."""
        if self.operator and self.os_user:
            return f"{self.operator}（电脑用户 {self.os_user}）"
        if self.operator:
            return self.operator
        return f"电脑用户 {self.os_user}" if self.os_user else "别人"


def _row(e: AuditEntry) -> AuditRow:
    try:
        details = json.loads(e.details or "{}")
    except ValueError:  # a hand-edited or truncated entry still shows its summary
        details = {}
    return AuditRow(e.id, e.at, e.os_user or "", e.operator or "", e.action, e.entity, e.entity_id,
                    e.summary or "", details if isinstance(details, dict) else {})


def list_entries(db: Database, entity: str | None = None, entity_id: int | None = None, limit: int = 500) -> list[AuditRow]:
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
    person: str = ""  # an operator name or a computer user name
    text: str = ""  # anywhere in the summary or the before/after values
    limit: int | None = 500  # None: every matching entry (exports)
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
    if flt.person:
        where.append(or_(AuditEntry.operator == flt.person, AuditEntry.os_user == flt.person))
    text = flt.text.strip()
    if text:
        where.append(or_(*(_contains(column, text, dialect) for column in (AuditEntry.summary, AuditEntry.details))))
    if flt.before_id is not None:
        where.append(AuditEntry.id < flt.before_id)
    return where


def search_entries(db: Database, flt: AuditFilter) -> AuditPage:
    """The entries a filter keeps, newest first; at most `flt.limit` of them, so 100,000
    entries stay fast (the newest-first scan stops when a page is full)."""
    stmt = select(AuditEntry).where(*_conditions(flt, db.engine.dialect.name)).order_by(AuditEntry.id.desc())
    if flt.limit is not None:
        stmt = stmt.limit(flt.limit + 1)
    with db.session() as s:
        rows = [_row(e) for e in s.scalars(stmt)]
    more = flt.limit is not None and len(rows) > flt.limit
    return AuditPage(rows[:flt.limit] if more else rows, more)


def people(db: Database) -> list[str]:
    """Operator names and computer users found in the log, for the viewer's 操作人 list."""
    with db.session() as s:
        names = set(s.scalars(select(AuditEntry.operator).distinct()))
        names |= set(s.scalars(select(AuditEntry.os_user).distinct()))
    return sorted(n for n in names if n)


# ---------------------------------------------------------------- saying a change in Chinese

# Field names the services write, in Chinese. Member fields come from the import's map.
FIELD_LABELS = {
    # five must-visits
    "member_id": "会员", "type_id": "走访类型", "visit_date": "走访日期", "reason": "事由", "visitors": "走访人",
    "money_fen": "慰问金", "gift": "慰问品", "gift_value_fen": "慰问品价值", "approver": "审批人",
    "approval_no": "审批编号", "for_family": "慰问家属", "warning_reason": "超出标准的说明", "synonyms": "别名",
    "category_id": "经费科目", "active": "启用", "money_kind": "发放方式", "amount_fen": "金额", "max_fen": "金额上限",
    "gift_cap_fen": "慰问品价值上限", "yearly_cap_fen": "每人每年上限", "repeat": "重复规则",
    "effective_from": "执行日期", "source_doc": "依据文件",
    # checkups
    "year": "年度", "eligibility": "参加范围", "date_from": "开始日期", "date_to": "结束日期", "hospital": "医院",
    "package": "套餐", "cost_per_person_fen": "每人费用", "invoice_total_fen": "发票总额", "payer": "费用来源",
    "group_id": "工会小组", "members": "人员", "people": "人员", "statuses": "结果",
    # funds
    "date": "日期", "category": "科目", "direction": "收支", "source": "来源", "source_id": "来源记录编号",
    "entry_id": "原记账编号", "reversal_id": "冲销记账编号", "opening": "期初余额", "closing": "期末结余",
    "total_fen": "会费合计", "remit_fen": "上缴上级", "month": "月份", "months": "月份",
    # settings
    "union_name": "工会名称", "chair_name": "工会主席", "operator": "操作人", "demo_offered": "首次使用提示已回答",
    "dues_mode": "会费计算方式", "dues_fixed_fen": "每人每月会费", "dues_rate_permille": "会费比例（‰）",
    "dues_remit_percent": "上缴上级比例（%）", "allocation_retained_percent": "拨缴经费留成比例（%）",
    # imports
    "file": "文件", "added": "新增", "updated": "更新", "refused_rows": "跳过的行", "entries": "记账笔数",
    "skipped": "跳过行数", "records": "同时写入", "openings": "期初余额", "vouchers": "记账凭证",
    "name": "名称", "notes": "备注", "status": "状态", "checkup_date": "体检日期",
}
_ENTITY_FIELD_LABELS = {
    ("member", "name"): "姓名", ("member", "status"): "人员状态", ("visit", "status"): "状态",
    ("group", "source"): "原小组", ("group", "target"): "并入小组", ("group", "moved"): "转入人数",
    ("checkup", "status"): "体检状态", ("checkup", "members"): "添加的会员", ("checkup", "people"): "涉及人员", ("dues", "members"): "缴费人数",
}
_CODE_LABELS: dict[str, Mapping[str, str]] = {
    "gender": GENDER_LABELS, "retirement_category": RETIREMENT_CATEGORY_LABELS, "hardship_level": HARDSHIP_LABELS,
    "eligibility": ELIGIBILITY_LABELS, "payer": PAYER_LABELS, "money_kind": MONEY_KIND_LABELS,
    "repeat": REPEAT_LABELS, "direction": DIRECTION_LABELS, "dues_mode": {"fixed": "每人定额", "rate": "按工资比例"},
}
_STATUS_LABELS = {"member": MEMBER_STATUS_LABELS, "visit": VISIT_STATUS_LABELS, "checkup": PERSON_STATUS_LABELS}
_MONEY_KEYS = {"opening", "closing", "dues_fixed_fen"}
_NAMED_IDS = {"member_id": "member", "type_id": "visit_type", "category_id": "category", "group_id": "group"}
EMPTY = "（空）"


def field_label(entity: str, key: str) -> str:
    if (entity, key) in _ENTITY_FIELD_LABELS:
        return _ENTITY_FIELD_LABELS[(entity, key)]
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    return MEMBER_FIELD_LABELS.get(key, key)


def format_value(entity: str, key: str, value: Any, names: Mapping[str, Mapping[int, str]] | None = None,
                 full: bool = False) -> str:
    """One stored value as the user reads it: codes as labels, fen as 元, numbers masked."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "id_number":
        return str(value) if full else mask_id_number(str(value))
    if key == "phone":
        return str(value) if full else mask_phone(str(value))
    if key.endswith("_fen") or key in _MONEY_KEYS or (entity == "budget" and key.isdigit()):
        return _money(value)
    if key == "status" and entity in _STATUS_LABELS:
        return _STATUS_LABELS[entity].get(str(value), str(value))
    if key in _CODE_LABELS:
        return _CODE_LABELS[key].get(str(value), str(value))
    if key == "source" and entity == "ledger":
        return SOURCE_LABELS.get(str(value), str(value))
    if key in _NAMED_IDS and names:
        return names.get(_NAMED_IDS[key], {}).get(_int(value), str(value))
    if isinstance(value, list):
        return f"{len(value)} 人" if key in ("members", "people") else "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return _dict_text(key, value)
    return str(value)


def _dict_text(key: str, value: dict) -> str:
    if key == "statuses":  # {"已体检": 3}
        return "，".join(f"{k} {v} 人" for k, v in value.items())
    if key == "openings":  # {"2025": fen}
        return "，".join(f"{year} 年 {_money(fen)}" for year, fen in value.items())
    if key == "records":  # a bulk action's tally: {"ledger.create": 345}
        return "，".join(f"{_record_kind(k)} {n} 条" for k, n in value.items()) or "无"
    return json.dumps(value, ensure_ascii=False)


def _record_kind(key: str) -> str:
    """"ledger.create" → "记账凭证（新增）"."""
    entity, _dot, action = key.partition(".")
    return f"{ENTITY_LABELS.get(entity, entity)}（{ACTION_LABELS.get(action, action)}）"


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _money(value: Any) -> str:
    fen = _int(value)
    return f"{format_fen(fen)} 元" if fen is not None else str(value)


def change_lines(entity: str, before: Mapping, after: Mapping, names: Mapping | None = None,
                 full: bool = False) -> list[str]:
    """"手机号：138****5678 → 139****0000" per changed field; a field only before (a deletion)
    or only after (a creation) shows its one value, and is left out when empty."""
    keys = list(after) + [k for k in before if k not in after]
    paired = entity == "budget"  # the year's lines before and after: a line may come or go
    lines = []
    for key in keys:
        label = _label(entity, key, names)
        old = format_value(entity, key, before.get(key), names, full)
        new = format_value(entity, key, after.get(key), names, full)
        if paired or (key in before and key in after):
            if old != new:
                lines.append(f"{label}：{old} → {new}")
        elif (new if key in after else old) != EMPTY:
            lines.append(f"{label}：{new if key in after else old}")
    return lines


def _label(entity: str, key: str, names: Mapping | None) -> str:
    if entity == "budget" and key.isdigit():  # budget lines are keyed by category id
        return (names or {}).get("category", {}).get(int(key), f"科目 {key}")
    return field_label(entity, key)


def describe_change(row: AuditRow, names: Mapping[str, Mapping[int, str]] | None = None,
                    full: bool = False) -> list[str]:
    """What an entry changed, one Chinese line per field; a bulk entry adds a line per
    record it changed ("张三（第 5 行）：手机号：… → …"). ID numbers and phones are
    masked unless `full`; `names` ({"category": {id: name}, ...}, see `names_for`) turns
    ids into names."""
    lines = change_lines(row.entity, row.before, row.after, names, full)
    items = row.items
    for item in items[:MAX_ITEM_LINES]:
        changes = change_lines(row.entity, item.get("before") or {}, item.get("after") or {}, names, full)
        where = f"（第 {item['row']} 行）" if item.get("row") else ""
        lines.append(f"{item.get('name', '')}{where}：" + "；".join(changes or ["无变化"]))
    if len(items) > MAX_ITEM_LINES:
        lines.append(f"……另有 {len(items) - MAX_ITEM_LINES} 条未列出")
    return lines


def names_for(db: Database) -> dict[str, dict[int, str]]:
    """Names of the records entries refer to by id (categories, visit types, groups, members)."""
    from unionapp.db.models import FundCategory, Member, UnionGroup, VisitType

    with db.session() as s:
        return {
            "category": dict(s.execute(select(FundCategory.id, FundCategory.name)).all()),
            "visit_type": dict(s.execute(select(VisitType.id, VisitType.name)).all()),
            "group": dict(s.execute(select(UnionGroup.id, UnionGroup.name)).all()),
            "member": dict(s.execute(select(Member.id, Member.name)).all()),
        }


# ---------------------------------------------------------------- someone else's change


_VERBS = {"status": "更改状态", "import": "导入更新"}  # else 修改
_CHANGES = ("update", "status", "import")  # the actions that change a record someone may be editing


def _when(at: datetime, today: date | None = None) -> str:
    return at.strftime("%H:%M") if at.date() == (today or date.today()) else at.strftime("%Y-%m-%d %H:%M")


def _touching(rows: Iterable[AuditRow], entity_id: int, fields: set[str]) -> Iterator[tuple[AuditRow, list[str]]]:
    """Entries that changed one of `fields` of the record: its own entries, or its line in
    a bulk import; each with the change lines for that record."""
    for row in rows:
        if row.action not in _CHANGES:
            continue
        if row.entity_id == entity_id:
            changed = (set(row.before) | set(row.after)) & fields
            if changed:
                yield row, change_lines(row.entity, {k: row.before.get(k) for k in changed if k in row.before},
                                        {k: row.after.get(k) for k in changed if k in row.after})
            continue
        for item in row.items:
            before, after = item.get("before") or {}, item.get("after") or {}
            if item.get("id") == entity_id and (set(before) | set(after)) & fields:
                yield row, change_lines(row.entity, before, after)


def other_changes(session: Session, entity: str, entity_id: int, count: int,
                  fields: Iterable[str]) -> list[tuple[AuditRow, list[str]]]:
    """The latest `count` changes to a record's `fields`, newest first (count is how many
    versions the record moved on since the editor loaded it)."""
    stmt = (select(AuditEntry)
            .where(AuditEntry.entity == entity,
                   or_(AuditEntry.entity_id == entity_id,
                       and_(AuditEntry.entity_id.is_(None), AuditEntry.action == "import")))
            .order_by(AuditEntry.id.desc()).limit(max(count, 1) * 5 + 10))
    found = list(_touching((_row(e) for e in session.scalars(stmt)), entity_id, set(fields)))
    return found[:max(count, 1)]


def concurrent_edit_message(session: Session, subject: str, entity: str, entity_id: int, versions_behind: int,
                            fields: Iterable[str]) -> str:
    """"会员 张三 的资料在你打开之后被 李老师（电脑用户 li）于 10:32 修改过：手机号：138****5678 →
    139****0000。你的修改没有保存。请关闭窗口、刷新后重新修改。" """
    changes = other_changes(session, entity, entity_id, min(max(versions_behind, 1), 3), fields)
    if not changes:
        said = "被别人修改过"
    else:
        said = "；又".join(f"被 {row.who}{'' if row.who.endswith('）') else ' '}于 {_when(row.at)} "
                          f"{_VERBS.get(row.action, '修改')}过"
                          + (f"：{'，'.join(lines)}" if lines else "")
                          for row, lines in reversed(changes))  # oldest first, as it happened
    return f"{subject}在你打开之后{said}。你的修改没有保存。请关闭窗口、刷新后重新修改。"
