"""Saying an audit entry's change in Chinese: field labels, values as the user reads them
(codes as labels, fen as 元, ID numbers and phones masked), one line per changed field."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from unionapp.db.engine import Database
from unionapp.db.models import FundCategory, Member, UnionGroup, VisitType
from unionapp.domain.checkups import ELIGIBILITY_LABELS, PAYER_LABELS, PERSON_STATUS_LABELS
from unionapp.domain.funds import DIRECTION_LABELS, SOURCE_LABELS
from unionapp.domain.labels import (
    GENDER_LABELS,
    HARDSHIP_LABELS,
    MEMBER_FIELD_LABELS,
    MEMBER_STATUS_LABELS,
    RETIREMENT_CATEGORY_LABELS,
)
from unionapp.domain.masking import mask_id_number, mask_phone
from unionapp.domain.money import format_fen
from unionapp.domain.visits import MONEY_KIND_LABELS, REPEAT_LABELS
from unionapp.domain.visits import STATUS_LABELS as VISIT_STATUS_LABELS
from unionapp.services.audit_search import ACTION_LABELS, ENTITY_LABELS, AuditRow

MAX_ITEM_LINES = 200  # lines of a bulk entry's per-record changes shown; the rest are counted

# Field names the services write, in Chinese. Member fields come from the import's map.
FIELD_LABELS = {
    # five must-visits
    "member_id": "会员",
    "type_id": "走访类型",
    "visit_date": "走访日期",
    "reason": "事由",
    "visitors": "走访人",
    "money_fen": "慰问金",
    "gift": "慰问品",
    "gift_value_fen": "慰问品价值",
    "approver": "审批人",
    "approval_no": "审批编号",
    "for_family": "慰问家属",
    "warning_reason": "超出标准的说明",
    "synonyms": "别名",
    "category_id": "经费科目",
    "active": "启用",
    "money_kind": "发放方式",
    "amount_fen": "金额",
    "max_fen": "金额上限",
    "gift_cap_fen": "慰问品价值上限",
    "yearly_cap_fen": "每人每年上限",
    "repeat": "重复规则",
    "effective_from": "执行日期",
    "source_doc": "依据文件",
    # checkups
    "year": "年度",
    "eligibility": "参加范围",
    "date_from": "开始日期",
    "date_to": "结束日期",
    "hospital": "医院",
    "package": "套餐",
    "cost_per_person_fen": "每人费用",
    "invoice_total_fen": "发票总额",
    "payer": "费用来源",
    "group_id": "工会小组",
    "members": "人员",
    "people": "人员",
    "statuses": "结果",
    # funds
    "date": "日期",
    "category": "科目",
    "direction": "收支",
    "source": "来源",
    "source_id": "来源记录编号",
    "entry_id": "原记账编号",
    "reversal_id": "冲销记账编号",
    "opening": "期初余额",
    "closing": "期末结余",
    "total_fen": "会费合计",
    "remit_fen": "上缴上级",
    "month": "月份",
    "months": "月份",
    # settings
    "union_name": "工会名称",
    "chair_name": "工会主席",
    "operator": "操作人",
    "demo_offered": "首次使用提示已回答",
    "school_province": "学校所在省份",
    "dues_mode": "会费计算方式",
    "dues_fixed_fen": "每人每月会费",
    "dues_rate_permille": "会费比例（‰）",
    "dues_remit_percent": "上缴上级比例（%）",
    "allocation_retained_percent": "拨缴经费留成比例（%）",
    # imports
    "file": "文件",
    "added": "新增",
    "updated": "更新",
    "refused_rows": "跳过的行",
    "changed_fields": "修改处数",
    "entries": "记账笔数",
    "skipped": "跳过行数",
    "records": "同时写入",
    "openings": "期初余额",
    "vouchers": "记账凭证",
    "name": "名称",
    "notes": "备注",
    "status": "状态",
    "checkup_date": "体检日期",
}
_ENTITY_FIELD_LABELS = {
    ("member", "name"): "姓名",
    ("member", "status"): "人员状态",
    ("visit", "status"): "状态",
    ("group", "source"): "原小组",
    ("group", "target"): "并入小组",
    ("group", "moved"): "转入人数",
    ("checkup", "status"): "体检状态",
    ("checkup", "members"): "添加的会员",
    ("checkup", "people"): "涉及人员",
    ("dues", "members"): "缴费人数",
    ("import_mapping", "source"): "文件中的写法",
    ("import_mapping", "target"): "对应为",
    ("hardship_file", "level"): "困难级别",
    ("hardship_file", "opened_on"): "建档日期",
    ("hardship_file", "closed_on"): "销档日期",
    ("hardship_file", "changed"): "修改内容",
    ("hardship_file", "reason"): "删除原因",
    ("hardship_file", "purpose"): "查看用途",
    **{
        ("proposal", key): label
        for key, label in {
            "session_id": "会议",
            "proposer_id": "提案人",
            "cosigner_ids": "附议人",
            "number": "提案编号",
            "title": "案由",
            "submitted_on": "提交日期",
            "category": "提案类别",
            "reasons": "理由",
            "measures": "建议措施",
            "status": "审查结果",
            "screened_on": "审查日期",
            "screen_reason": "审查意见",
            "office": "承办部门",
            "due_date": "答复期限",
            "round": "答复轮次",
            "replied_on": "答复日期",
            "reply": "答复内容",
            "feedback": "提案人意见",
            "feedback_on": "反馈日期",
            "feedback_note": "反馈说明",
        }.items()
    },
}
_CODE_LABELS: dict[str, Mapping[str, str]] = {
    "gender": GENDER_LABELS,
    "retirement_category": RETIREMENT_CATEGORY_LABELS,
    "hardship_level": HARDSHIP_LABELS,
    "eligibility": ELIGIBILITY_LABELS,
    "payer": PAYER_LABELS,
    "money_kind": MONEY_KIND_LABELS,
    "repeat": REPEAT_LABELS,
    "direction": DIRECTION_LABELS,
    "dues_mode": {"fixed": "每人定额", "rate": "按工资比例"},
}
_STATUS_LABELS = {"member": MEMBER_STATUS_LABELS, "visit": VISIT_STATUS_LABELS, "checkup": PERSON_STATUS_LABELS}
_MONEY_KEYS = {"opening", "closing", "dues_fixed_fen"}
_NAMED_IDS = {"member_id": "member", "type_id": "visit_type", "category_id": "category", "group_id": "group"}
_MASKED_KEYS = {"id_number", "phone"}
EMPTY = "（空）"


def field_label(entity: str, key: str) -> str:
    if (entity, key) in _ENTITY_FIELD_LABELS:
        return _ENTITY_FIELD_LABELS[(entity, key)]
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    return MEMBER_FIELD_LABELS.get(key, key)


def format_value(
    entity: str, key: str, value: Any, names: Mapping[str, Mapping[int, str]] | None = None, full: bool = False
) -> str:
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
    if key == "level" and entity == "hardship_file":
        return HARDSHIP_LABELS.get(str(value), str(value))
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
    """ "ledger.create" → "记账凭证（新增）"."""
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


def change_lines(
    entity: str, before: Mapping, after: Mapping, names: Mapping | None = None, full: bool = False
) -> list[str]:
    """ "手机号：138****5678 → 139****0000" per changed field; a field only before (a deletion)
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
            elif not full and key in _MASKED_KEYS and before.get(key) != after.get(key):
                # Masking shows the head and tail only: a change in between must still show.
                lines.append(f"{label}：{old} → {new}（中间几位有改动）")
        elif (new if key in after else old) != EMPTY:
            lines.append(f"{label}：{new if key in after else old}")
    return lines


def _label(entity: str, key: str, names: Mapping | None) -> str:
    if entity == "budget" and key.isdigit():  # budget lines are keyed by category id
        return (names or {}).get("category", {}).get(int(key), f"科目 {key}")
    return field_label(entity, key)


def describe_change(
    row: AuditRow, names: Mapping[str, Mapping[int, str]] | None = None, full: bool = False
) -> list[str]:
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
    with db.session() as s:
        return {
            "category": dict(s.execute(select(FundCategory.id, FundCategory.name)).all()),
            "visit_type": dict(s.execute(select(VisitType.id, VisitType.name)).all()),
            "group": dict(s.execute(select(UnionGroup.id, UnionGroup.name)).all()),
            "member": dict(s.execute(select(Member.id, Member.name)).all()),
        }
