"""The handouts' (发放) printed table: 发放签收表, one section per 工会小组.

Rows come from `services.handouts` (get_handout, list_recipients), so every figure can be
recomputed from the recipients: `handout_receipts_report(db, id)` reads them and hands
them to the pure `build_handout_receipts(handout, recipients, union)`, which never sees
the database. Each group's sheet starts on a new page under its own heading line and
ends with 本组合计, so the group's leader can take their page round for signatures.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby

from unionapp.domain.dates import format_date
from unionapp.domain.handouts import HANDOUT_KIND_LABELS, VALUE_KIND_LABELS
from unionapp.domain.money import format_fen
from unionapp.reports.model import Column, Report, Section
from unionapp.services import Database, handouts, settings
from unionapp.services.handouts import HandoutRow, RecipientRow

NO_GROUP = "（未分组）"
SIGN_ROW_PT = 30  # about 1 cm: room for a handwritten name
DRAFT_MARK = "（待发放，名单未定）"  # in a draft's title, so nobody signs a draft by mistake
FILE_STEMS = {"handout-receipts": "发放签收表"}

RECEIPT_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8, "center"),
    Column("group", "工会小组", "text", 10),
    Column("item", "发放物品", "text", 12),
    Column("money", "金额（元）", "money", 10),
    Column("sign", "领取人签字", "text", 22, wrap=True),
    Column("notes", "备注", "text", 10, wrap=True),
)


def handout_receipts_report(db: Database, handout_id: int, today: date | None = None) -> Report:
    """The handout and its recipients, as services.handouts reads them (by group, then name)."""
    handout = handouts.get_handout(db, handout_id)
    rows = handouts.list_recipients(db, handout_id)
    return build_handout_receipts(handout, rows, settings.load(db).union_name, today)


def build_handout_receipts(
    h: HandoutRow, recipients: Sequence[RecipientRow], union: str, today: date | None = None
) -> Report:
    """One row per recipient, grouped by 工会小组 in the order given; each group a section
    with its own 本组合计, and the overall 合计 at the end."""
    item = handout_item(h)
    data: list[tuple] = []
    sections: list[Section] = []
    for group, members in groupby(recipients, key=lambda r: r.group_name or NO_GROUP):
        members = list(members)
        total = sum(r.value_fen for r in members)
        heading = f"工会小组：{group}　　本组合计 {len(members)} 人，{format_fen(total)} 元"
        sections.append(Section(heading, len(data), _sum_row("本组合计", len(members), total)))
        # Each group's sheet goes to its own leader to be signed: its numbers start at 1.
        data.extend((n, r.name, group, item, r.value_fen, None, r.note) for n, r in enumerate(members, start=1))
    total = sum(r.value_fen for r in recipients)
    draft = h.status != "issued"
    return Report(
        f"{union}{h.name}发放签收表{DRAFT_MARK if draft else ''}",
        RECEIPT_COLUMNS,
        data,
        union_name=union,
        made_on=today or date.today(),
        totals=_sum_row("合计", len(recipients), total),
        signatures=("经办人", "审批人", "工会主席"),
        orientation="portrait",
        subtitle=handout_line(h),
        row_height=SIGN_ROW_PT,
        sections=sections,
        notes=_notes(h, len(recipients), total, draft),
    )


def _sum_row(label: str, people: int, total_fen: int) -> dict:
    """A totals row: the label under 姓名, the head count under 工会小组 (序号 left blank)."""
    return {"no": "", "name": label, "group": f"{people} 人", "money": total_fen}


def handout_item(h: HandoutRow) -> str:
    """发放物品: the item, or 现金 for money without one named."""
    return h.item or VALUE_KIND_LABELS.get(h.value_kind, "")


def handout_line(h: HandoutRow) -> str:
    """The line under the title: what, when, which kind and fund, who approved it."""
    kind = HANDOUT_KIND_LABELS.get(h.kind, h.kind)
    category = f"（{h.category_name}）" if h.category_name else ""
    parts = [
        f"发放名称：{h.name}",
        f"日期：{format_date(h.handout_date)}",
        f"类别：{kind}{category}",
        f"审批人：{h.approver or '—'}",
        f"审批编号：{h.approval_no or '—'}",
    ]
    return "　".join(parts)


def _notes(h: HandoutRow, people: int, total_fen: int, draft: bool) -> str:
    parts = [
        f"金额单位：元。共 {people} 人，合计 {format_fen(total_fen)} 元"
        f"（{VALUE_KIND_LABELS.get(h.value_kind, '')}）。领取人本人签字；代领的，请代领人签字并在备注中注明。"
    ]
    if draft:
        parts.append("本表为待发放的草稿，名单尚未确定，请勿据此签收。")
    if h.warnings:
        parts.append(f"超出标准的说明：{h.warnings}；理由：{h.warning_reason or '（未填写）'}。")
    if h.notes:
        parts.append(f"备注：{h.notes}")
    return "".join(parts)
