"""Health checkups (体检): who is eligible, per-person states, and who pays."""

from __future__ import annotations

ELIGIBILITY_LABELS = {
    "all_active": "全体在职教职工",
    "women": "女教职工",
    "retirees": "退休教职工",
    "group": "某个工会小组",
    "manual": "手工选择",
}
PERSON_STATUS_LABELS = {
    "pending": "待通知",
    "notified": "已通知",
    "done": "已体检",
    "absent": "未参加",
    "followup": "需复查",
}
ATTENDED = ("done", "followup")  # went to the checkup (a follow-up means they went)
PAYER_LABELS = {"union": "工会经费", "admin": "学校行政"}
