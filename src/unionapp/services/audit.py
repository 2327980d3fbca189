"""The audit log: every change, who made it and the values before and after."""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import AuditEntry, Setting

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


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service contexts
        return ""


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    summary: str,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """Add an audit entry to the caller's transaction, so it lands with the change or not at all."""
    operator = session.get(Setting, "operator")
    details = {
        "before": {k: _jsonable(v) for k, v in (before or {}).items()},
        "after": {k: _jsonable(v) for k, v in (after or {}).items()},
    }
    session.add(
        AuditEntry(
            at=datetime.now(),
            os_user=_os_user(),
            operator=operator.value if operator else "",
            action=action,
            entity=entity,
            entity_id=entity_id,
            summary=summary,
            details=json.dumps(details, ensure_ascii=False),
        )
    )


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    os_user: str
    operator: str
    action: str
    entity: str
    entity_id: int | None
    summary: str
    details: dict


def list_entries(db: Database, entity: str | None = None, entity_id: int | None = None, limit: int = 500) -> list[AuditRow]:
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if entity:
        stmt = stmt.where(AuditEntry.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    with db.session() as s:
        return [
            AuditRow(e.at, e.os_user, e.operator, e.action, e.entity, e.entity_id, e.summary, json.loads(e.details or "{}"))
            for e in s.scalars(stmt)
        ]
