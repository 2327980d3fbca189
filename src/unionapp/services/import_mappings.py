"""Remembered import mappings: what a school's files mean by their own headers and coded
values, kept per database so next year's file from the same source imports without questions.

    load_mappings(db, area)                          the area's mappings, for an import to start from
    remember_mappings_in(session, area, mappings)    inside an import's transaction: saved exactly when it succeeds
    list_mappings(db), change_mapping, delete_mapping  the 导入对应关系 dialog

Field labels ("工会小组", "科目") belong to the importers, which this layer may not import:
the callers pass them (`labels`, field → label, importers.fields.area_fields) so the audit
log reads Chinese; without them the audit log's own field labels are used. Targets are not
checked against groups or categories here: one deleted since is reported by the importer
when it is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import ImportMapping
from unionapp.domain.errors import DomainError
from unionapp.domain.import_mapping import AREA_LABELS, AREAS, IGNORE, ImportMappings, mapping_key
from unionapp.domain.text import clean_text, shown
from unionapp.services import audit
from unionapp.services.errors import NotFoundError

KINDS = ("column", "value")
KIND_LABELS = {"column": "列", "value": "值"}
IGNORE_LABEL = "忽略"
MAX_FIELD = 40
MAX_TEXT = 200  # of the file's text and of a target
SHOWN_IN_SUMMARY = 5  # mappings named in one entry's summary; all are in its lines
ENTITY = "import_mapping"

Key = tuple[str, str, str]  # kind, field, source


@dataclass(frozen=True)
class MappingRow:
    id: int
    area: str
    kind: str  # "column" / "value"
    field: str  # the value's field; "" for a column
    source: str  # the file's text, as mapping_key keeps it
    target: str  # a column's field name or IGNORE; a value's target text
    updated_at: datetime


def _check_area(area: str) -> None:
    if area not in AREAS:
        raise DomainError(f"没有名为“{shown(area)}”的导入类型（应为 {'、'.join(AREA_LABELS.values())} 之一）。")


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise DomainError(f"对应关系的种类“{shown(kind)}”无效（应为“列”或“值”）。")


def _row(m: ImportMapping) -> MappingRow:
    return MappingRow(m.id, m.area, m.kind, m.field, m.source, m.target, m.updated_at)


# ---------------------------------------------------------------- reading


def load_mappings_in(session: Session, area: str) -> ImportMappings:
    _check_area(area)
    found = ImportMappings()
    for m in session.scalars(select(ImportMapping).where(ImportMapping.area == area)):
        if m.kind == "column":
            found.columns[m.source] = m.target
        else:
            found.values.setdefault(m.field, {})[m.source] = m.target
    return found


def load_mappings(db: Database, area: str) -> ImportMappings:
    """The mappings remembered for an area's imports (empty when none)."""
    with db.session() as s:
        return load_mappings_in(s, area)


def list_mappings(db: Database) -> list[MappingRow]:
    """Every remembered mapping: by area (in the order of AREAS), columns before values."""
    with db.session() as s:
        rows = [_row(m) for m in s.scalars(select(ImportMapping))]
    return sorted(rows, key=lambda r: (AREAS.index(r.area), KINDS.index(r.kind), r.field, r.source))


# ---------------------------------------------------------------- how an entry reads


def _label(field: str, labels: Mapping[str, str] | None) -> str:
    if labels and field in labels:
        return labels[field]
    return audit.field_label("member", field)  # the audit log's labels: the members' fields and a few more


def _shown_target(kind: str, target: str, labels: Mapping[str, str] | None) -> str:
    """A column's target as the user picked it (a field label or 忽略); a value's as it is."""
    if kind == "column":
        return IGNORE_LABEL if target == IGNORE else _label(target, labels)
    return target


def _subject(kind: str, field: str, source: str, labels: Mapping[str, str] | None) -> str:
    """ "列“所在工会小组”", "科目“送温暖慰问”"."""
    return f"列“{source}”" if kind == "column" else f"{_label(field, labels)}“{source}”"


def _arrow(kind: str, target: str, labels: Mapping[str, str] | None) -> str:
    """ "→ 工会小组" for a column, "→ “维权支出/送温暖费”" for a value."""
    shown_target = _shown_target(kind, target, labels)
    return f"→ {shown_target}" if kind == "column" else f"→ “{shown_target}”"


def _summary(verb: str, area: str, parts: list[str]) -> str:
    more = f" 等 {len(parts)} 处" if len(parts) > SHOWN_IN_SUMMARY else ""
    return f"{verb}导入对应关系（{AREA_LABELS[area]}）：" + "；".join(parts[:SHOWN_IN_SUMMARY]) + more


# ---------------------------------------------------------------- writing


def _clean(kind: str, field: str, source: str, target: str) -> tuple[str, str, str, str]:
    """(kind, field, source key, target) as stored; a Chinese DomainError for what can't be."""
    _check_kind(kind)
    key = mapping_key(source)
    if not key:
        raise DomainError("文件中的写法不能为空。")
    if len(key) > MAX_TEXT:
        raise DomainError(f"文件中的写法“{shown(key)}”太长（最多 {MAX_TEXT} 个字）。")
    if kind == "column":
        if field:
            raise DomainError(f"列“{shown(key)}”的对应关系不属于某个字段。")
        return kind, "", key, clean_text(target, "对应的字段", MAX_FIELD)
    if not field or len(field) > MAX_FIELD:
        raise DomainError(f"“{shown(key)}”的对应关系没有说明是哪个字段的值。")
    return kind, field, key, clean_text(target, f"“{shown(key)}”对应为", MAX_TEXT, required=True)


def _wanted(mappings: ImportMappings) -> dict[Key, str]:
    wanted = {}
    for source, target in mappings.columns.items():
        kind, field, key, target = _clean("column", "", source, target)
        wanted[(kind, field, key)] = target
    for field_name, values in mappings.values.items():
        for source, target in values.items():
            kind, field, key, target = _clean("value", field_name, source, target)
            wanted[(kind, field, key)] = target
    return wanted


def remember_mappings_in(
    session: Session, area: str, mappings: ImportMappings, labels: Mapping[str, str] | None = None
) -> int:
    """Save what differs from the remembered mappings, in the caller's transaction, with one
    audit entry naming each new or changed mapping (none when nothing changed). Returns how
    many changed. `labels`: the area's field → label, for the audit entry."""
    _check_area(area)
    wanted = _wanted(mappings)
    if not wanted:
        return 0
    stored = {
        (m.kind, m.field, m.source): m for m in session.scalars(select(ImportMapping).where(ImportMapping.area == area))
    }
    changed: list[tuple[ImportMapping, dict]] = []
    for (kind, field, source), target in wanted.items():
        row = stored.get((kind, field, source))
        if row is not None and row.target == target:
            continue
        if row is None:
            before = {}
            row = ImportMapping(area=area, kind=kind, field=field, source=source, target=target)
            session.add(row)
        else:
            before = {"target": _shown_target(kind, row.target, labels)}
            row.target = target
        changed.append((row, before))
    session.flush()  # the new rows' ids, for the entry
    items, parts = [], []
    for row, before in changed:
        subject = _subject(row.kind, row.field, row.source, labels)
        parts.append(f"{subject} {_arrow(row.kind, row.target, labels)}")
        after = {"target": _shown_target(row.kind, row.target, labels)}
        items.append({"id": row.id, "name": subject, "before": before, "after": after})
    if items:
        audit.record(session, "update", ENTITY, None, _summary("记住", area, parts), items=items)
    return len(items)


def _load(session: Session, mapping_id: int) -> ImportMapping:
    mapping = session.get(ImportMapping, mapping_id)
    if mapping is None:
        raise NotFoundError("找不到这条导入对应关系，可能已被删除，请刷新。")
    return mapping


def change_mapping(db: Database, mapping_id: int, target: str, labels: Mapping[str, str] | None = None) -> None:
    """Map a remembered column or value to something else (a column: a field name or IGNORE)."""
    with db.session() as s:
        m = _load(s, mapping_id)
        _kind, _field, _key, target = _clean(m.kind, m.field, m.source, target)
        if m.target == target:
            return
        before = _shown_target(m.kind, m.target, labels)
        m.target = target
        subject = _subject(m.kind, m.field, m.source, labels)
        audit.record(
            s,
            "update",
            ENTITY,
            m.id,
            _summary("修改", m.area, [f"{subject} {_arrow(m.kind, target, labels)}"]),
            before={"target": before},
            after={"target": _shown_target(m.kind, target, labels)},
        )


def delete_mapping(db: Database, mapping_id: int, labels: Mapping[str, str] | None = None) -> None:
    """Forget a mapping: the next file with that text asks again."""
    with db.session() as s:
        m = _load(s, mapping_id)
        subject = _subject(m.kind, m.field, m.source, labels)
        s.delete(m)
        audit.record(
            s,
            "delete",
            ENTITY,
            mapping_id,
            _summary("删除", m.area, [f"{subject} {_arrow(m.kind, m.target, labels)}"]),
            before={"source": m.source, "target": _shown_target(m.kind, m.target, labels)},
        )
