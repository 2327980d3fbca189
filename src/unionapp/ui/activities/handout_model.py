"""Table models of the 发放 page: the year's handouts, and one handout's recipients (held
in memory; sorting and the count line never wait for the database)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from unionapp.domain.dates import format_date
from unionapp.domain.handouts import HANDOUT_KIND_LABELS, STATUS_LABELS, VALUE_KIND_LABELS
from unionapp.domain.money import format_fen
from unionapp.services.handouts import HandoutRow
from unionapp.ui.activities.columns import WARNING_MARK, Column, ListOrderModel, RowsModel

DRAFT = QColor("#2a6db0")


def item_text(h: HandoutRow) -> str:
    kind = VALUE_KIND_LABELS.get(h.value_kind, h.value_kind)
    return f"{kind}：{h.item}" if h.item else kind


def warning_text(h: HandoutRow) -> str:
    if h.warnings:
        return f"{WARNING_MARK}超标准（已说明）"
    return ""


def handout_tip(h: HandoutRow) -> str:
    """The tooltip: the rule that picked the list, what fell outside a standard and why."""
    lines = [
        f"{h.name}　{format_date(h.handout_date)}　{STATUS_LABELS.get(h.status, h.status)}",
        f"名单：{h.rule_text}",
    ]
    if h.approver or h.approval_no:
        lines.append(f"审批：{h.approver} {h.approval_no}".rstrip())
    if h.warnings:
        lines += [f"超标准：{h.warnings}", f"说明：{h.warning_reason or '（未填写）'}"]
    if h.notes:
        lines.append(f"备注：{h.notes}")
    return "\n".join(lines)


HANDOUT_COLUMNS = [
    Column("日期", lambda h: format_date(h.handout_date), lambda h: (h.handout_date, h.id), 90),
    Column("名称", lambda h: h.name, lambda h: h.name, 200),
    Column("类型", lambda h: HANDOUT_KIND_LABELS.get(h.kind, h.kind), lambda h: h.kind, 80),
    Column("物品", item_text, item_text, 140),
    Column("每人（元）", lambda h: format_fen(h.value_fen), lambda h: h.value_fen, 80, True),
    Column("人数", lambda h: str(h.recipients), lambda h: h.recipients, 50, True),
    Column("合计（元）", lambda h: format_fen(h.total_fen), lambda h: h.total_fen, 95, True),
    Column("状态", lambda h: STATUS_LABELS.get(h.status, h.status), lambda h: h.status, 60),
    Column("警示", warning_text, warning_text, 120),
]

RECIPIENT_COLUMNS = [
    Column("姓名", lambda r: r.name, lambda r: r.id, 90),
    Column("工会小组", lambda r: r.group_name or "未分组", lambda r: r.group_name, 120),
    Column("金额（元）", lambda r: format_fen(r.value_fen), lambda r: r.value_fen, 90, True),
    Column("备注", lambda r: r.note, lambda r: r.note, 200),
]


class HandoutTableModel(RowsModel):
    columns = HANDOUT_COLUMNS

    def tip(self, row: HandoutRow) -> str:
        return handout_tip(row)

    def color(self, row: HandoutRow) -> QColor | None:
        return DRAFT if row.status == "draft" else None


class RecipientTableModel(ListOrderModel):
    """Recipients in the sheets' order (group, then name): that order is the name column's key."""

    columns = RECIPIENT_COLUMNS

    def total_fen(self) -> int:
        return sum(r.value_fen for r in self._all)
