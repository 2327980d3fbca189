"""What the two congress templates say about their columns (代表名单, 提案汇总表): as
importers.template_columns does for the other areas, kept apart so that module stays small."""

from __future__ import annotations

from datetime import date, timedelta

from unionapp.domain.congress import (
    DELEGATE_CATEGORY_LABELS,
    FEEDBACK_LABELS,
    OFFICES,
    PROPOSAL_CATEGORY_LABELS,
    PROPOSAL_STATUS_LABELS,
)
from unionapp.importers.template_columns import EXAMPLE_BIRTH, EXAMPLE_ID, EXAMPLE_NAME, Col, _group_col, _groups
from unionapp.services import Database


def delegate_columns(db: Database, today: date) -> dict[str, Col]:
    del today  # the example's dates are fixed in the past
    return {
        "name": Col(example=EXAMPLE_NAME, hint="必填，须是“会员”中已有的人，每位代表一行。", required=True),
        "id_number": Col("id", EXAMPLE_ID, "会员重名时用来区分，可不填；本列为文本格式。", width=22),
        "birth_date": Col("date", EXAMPLE_BIRTH, "会员重名又没有身份证号时用来区分，可不填。", width=12),
        "group": _group_col(db, "会员重名时用来区分，可不填。"),
        "constituency": Col(
            "choice",
            None,
            "本届已有的选区名称；写工会小组的名称时，导入时按这个小组新建选区。不填则为代表所在小组的选区。",
            _groups(db),
            strict=False,
            width=14,
            own=True,
        ),
        "category": Col(
            "choice",
            DELEGATE_CATEGORY_LABELS["teacher"],
            "不填则按会员的部门和职称判断。",
            tuple(DELEGATE_CATEGORY_LABELS.values()),
            width=12,
        ),
        "elected_on": Col("date", None, "不填即为本届任期开始的日期。", width=12),
        "note": Col(width=20),
    }


def proposal_columns(db: Database, today: date) -> dict[str, Col]:
    del db  # the people are the session's delegates, named as written
    return {
        "number": Col(example=1, hint="本次会议中的提案编号；不填则按顺序编号。", width=8),
        "title": Col(example="关于改善教师午餐条件的建议", hint="必填。", required=True, width=28),
        "proposer": Col(example=EXAMPLE_NAME, hint="必填，须是本届教代会代表。", required=True),
        "cosigners": Col(example="王芳、赵强", hint="本届代表，多人用顿号、逗号或空格分开。", width=16),
        "category": Col(
            "choice", PROPOSAL_CATEGORY_LABELS["welfare"], "不填即为“其他”。", tuple(PROPOSAL_CATEGORY_LABELS.values())
        ),
        "reasons": Col(example="午餐菜品单一，用餐时间紧张。", width=24),
        "measures": Col(example="增加菜品种类，错峰用餐。", width=24),
        "submitted_on": Col("date", today, "必填，不能晚于今天。", required=True, width=12),
        "status": Col(
            "choice",
            PROPOSAL_STATUS_LABELS["accepted"],
            "不填即为待审查。",
            tuple(PROPOSAL_STATUS_LABELS[s] for s in ("accepted", "rejected", "converted")),
            width=14,
        ),
        "screened_on": Col("date", None, "不填即为提交日期。", width=12),
        "screen_reason": Col(hint="不立案或转为意见建议的，须写明理由。", width=20),
        "office": Col("choice", "总务处", "立案的提案必填。", OFFICES, strict=False, width=12),
        "due_date": Col("date", today + timedelta(days=30), "立案的提案须填写；已答复的可不填。", width=12),
        "replied_on": Col("date", today, "已答复的填写，不能早于提交日期。", width=12),
        "reply": Col(example="已与食堂协商，下学期起增加两个菜品。", width=24),
        "feedback": Col(
            "choice", FEEDBACK_LABELS["satisfied"], "提案人对答复的意见。", tuple(FEEDBACK_LABELS.values())
        ),
        "feedback_on": Col("date", None, "不填即为答复日期。", width=12),
        "next_due": Col("date", None, "提案人不满意时再次答复的期限；不填则为反馈日期后 30 天。", width=12),
    }


CONGRESS_COLUMNS = {"delegates": delegate_columns, "proposals": proposal_columns}
