"""What the 本月关爱 page says: each line's button (by the service's action), the line
above the list, and the months the chooser offers. Kept apart from the page's widgets."""

from __future__ import annotations

from datetime import date

from unionapp.domain.care import CARE_KINDS

# A line's action → what its button says.
ACTION_TEXTS = {
    "visit": "登记走访…",
    "retirement_visit": "登记退休走访…",
    "checkup": "安排体检…",
    "birthday_handout": "发放生日祝福…",
    "member": "打开会员",
    "hardship": "打开档案",
    "plan": "打开计划",
    "proposal": "打开提案",
    "budget": "查看预算",
    "settings": "填写学校所在省份…",
}
NO_PROVINCE_TEXT = "填写学校所在省份…"
# A new database lists nothing worth knowing: the first step is the roster.
NO_MEMBERS_TEXT = "还没有会员。请先到“会员”页点“导入花名册”（或“新增会员”），这里就会按月列出需要关心的人和事。"


def month_choices(today: date) -> list[tuple[int, int]]:
    """January of last year to December of next: the months the chooser offers."""
    return [(y, m) for y in (today.year - 1, today.year, today.year + 1) for m in range(1, 13)]


def action_text(line) -> str:
    if line.member_id is None and line.kind == "far_from_home":
        return NO_PROVINCE_TEXT
    return ACTION_TEXTS.get(line.action, "打开")


def summary_text(data) -> str:
    """ "2026年3月需要关注 12 项：本月生日 5、住院未回访 1 …" (kinds with lines only)."""
    counts: dict[str, int] = {}
    for line in data.lines:
        counts[line.kind] = counts.get(line.kind, 0) + 1
    parts = [f"{label} {counts[kind]}" for kind, label in CARE_KINDS.items() if kind in counts]
    if not parts:
        return f"{data.year}年{data.month}月没有需要关注的事项。"
    return f"{data.year}年{data.month}月需要关注 {len(data.lines)} 项：" + "、".join(parts) + "。双击一项即可办理。"
