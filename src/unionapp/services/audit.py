"""The audit log: every change, who made it and the values before and after.

    record(session, action, entity, entity_id, summary, before, after)   in the caller's transaction
    with summarised(session): ...        a bulk action: rows inside record nothing, one summary follows
    search_entries(db, AuditFilter(...)) the viewer's and the export's query, newest first, paged
    describe_change(row)                 before/after as Chinese lines: "手机号：138****5678 → 139****0000"
    concurrent_edit_message(...)         who changed a record meanwhile, when, and what

The log is split by responsibility: `audit_search` (labels, rows, the filtered query),
`audit_changes` (a change in Chinese) and this module (recording, someone else's change).
Each imports only the ones before it; this module re-exports their public names
(`__all__`), so callers use `services.audit.*` for all of it.
"""

from __future__ import annotations

import getpass
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from unionapp import config
from unionapp.db.models import AuditEntry, Setting
from unionapp.services.audit_changes import (
    EMPTY,
    FIELD_LABELS,
    MAX_ITEM_LINES,
    change_lines,
    describe_change,
    field_label,
    format_value,
    names_for,
)
from unionapp.services.audit_search import (
    ACTION_LABELS,
    AREA_ENTITIES,
    AREA_LABELS,
    ENTITY_LABELS,
    SYSTEM_SETTING_KEYS,
    AuditFilter,
    AuditPage,
    AuditRow,
    _row,
    is_housekeeping,
    list_entries,
    people,
    search_entries,
)

__all__ = [
    # recording (this module)
    "OPERATOR_KEY",
    "operator_name",
    "record",
    "summarised",
    # reading
    "ACTION_LABELS",
    "AREA_ENTITIES",
    "AREA_LABELS",
    "ENTITY_LABELS",
    "SYSTEM_SETTING_KEYS",
    "AuditFilter",
    "AuditPage",
    "AuditRow",
    "is_housekeeping",
    "list_entries",
    "people",
    "search_entries",
    # a change in Chinese
    "EMPTY",
    "FIELD_LABELS",
    "MAX_ITEM_LINES",
    "change_lines",
    "describe_change",
    "field_label",
    "format_value",
    "names_for",
    # someone else's change (this module)
    "concurrent_edit_message",
    "other_changes",
]

OPERATOR_KEY = "operator"  # in the computer's local settings

_BULK = "unionapp.audit.bulk"  # Session.info key: the tally of a summarised bulk action


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
    """Who works at this computer (本机使用人, asked at first run, 设置 → 操作人): kept per
    computer, since officers sharing one database each have their own; a database's older,
    shared value is the fallback. Every entry records it beside the computer's account."""
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
                yield (
                    row,
                    change_lines(
                        row.entity,
                        {k: row.before.get(k) for k in changed if k in row.before},
                        {k: row.after.get(k) for k in changed if k in row.after},
                    ),
                )
            continue
        for item in row.items:
            before, after = item.get("before") or {}, item.get("after") or {}
            if item.get("id") == entity_id and (set(before) | set(after)) & fields:
                yield row, change_lines(row.entity, before, after)


def other_changes(
    session: Session, entity: str, entity_id: int, count: int, fields: Iterable[str]
) -> list[tuple[AuditRow, list[str]]]:
    """The latest `count` changes to a record's `fields`, newest first (count is how many
    versions the record moved on since the editor loaded it)."""
    stmt = (
        select(AuditEntry)
        .where(
            AuditEntry.entity == entity,
            or_(AuditEntry.entity_id == entity_id, and_(AuditEntry.entity_id.is_(None), AuditEntry.action == "import")),
        )
        .order_by(AuditEntry.id.desc())
        .limit(max(count, 1) * 5 + 10)
    )
    found = list(_touching((_row(e) for e in session.scalars(stmt)), entity_id, set(fields)))
    return found[: max(count, 1)]


def concurrent_edit_message(
    session: Session, subject: str, entity: str, entity_id: int, versions_behind: int, fields: Iterable[str]
) -> str:
    """ "会员 张三 的资料在你打开之后被 李老师 于 10:32 修改过：手机号：138****5678 →
    139****0000。你的修改没有保存。请关闭窗口、刷新后重新修改。" """
    changes = other_changes(session, entity, entity_id, min(max(versions_behind, 1), 3), fields)
    if not changes:
        said = "被别人修改过"
    else:
        said = "；又".join(
            f"被 {row.who if row.operator else row.who_in_full} 于 {_when(row.at)} "
            f"{_VERBS.get(row.action, '修改')}过" + (f"：{'，'.join(lines)}" if lines else "")
            for row, lines in reversed(changes)
        )  # oldest first, as it happened
    return f"{subject}在你打开之后{said}。你的修改没有保存。请关闭窗口、刷新后重新修改。"
