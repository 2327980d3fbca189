"""The staff congress (教代会): its terms (届) and sessions (次), delegates, attendance and
resolutions, and the rules that decide whether a session may vote and whether a resolution
passed. The rules are dated data with their source; the default is the 学校教职工代表大会
规定 (教育部令第32号). Pure rules: the service feeds them the counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from unionapp.domain.text import NOTE_LIMIT

RULES_SOURCE = "学校教职工代表大会规定（教育部令第32号）"


@dataclass(frozen=True)
class CongressRule:
    """The congress's rules from a date on. Fractions are kept as numerator/denominator so
    "more than two thirds" is exact: present * den > total * num."""

    effective_from: date
    quorum_num: int = 2
    quorum_den: int = 3
    pass_num: int = 1
    pass_den: int = 2
    min_cosigners: int = 2
    teacher_share_pct: int = 60  # 教师代表不低于代表总数的 60%
    young_age: int = 35  # a delegate under this age on the term's start counts as young
    source_doc: str = RULES_SOURCE
    id: int | None = None

    def quorum_text(self) -> str:
        return f"出席代表超过全体代表的{fraction_text(self.quorum_num, self.quorum_den)}"

    def pass_text(self) -> str:
        return f"赞成票超过全体代表的{fraction_text(self.pass_num, self.pass_den)}"

    def named(self) -> str:
        """How a refusal names the rule: where from, since when."""
        return f"（依据{self.source_doc}，{self.effective_from} 起执行）"


# The default rule; migration 0008 seeds its own frozen copy (tests/db/test_seed_rows.py
# keeps the two equal). 教育部令第32号 took effect on 2012-01-01.
DEFAULT_RULE = CongressRule(effective_from=date(2012, 1, 1))


def fraction_text(num: int, den: int) -> str:
    """ "三分之二", "二分之一" for the small fractions rules use; "2/3" otherwise."""
    digits = "零一二三四五六七八九十"
    if 0 < num < den <= 10:
        return f"{digits[den]}分之{digits[num]}"
    return f"{num}/{den}"


def quorum_met(present: int, delegates: int, rule: CongressRule) -> bool:
    """More than the rule's share of all delegates in office are present."""
    return delegates > 0 and present * rule.quorum_den > delegates * rule.quorum_num


def quorum_needed(delegates: int, rule: CongressRule) -> int:
    """The fewest present that make a quorum (strictly more than the share)."""
    return delegates * rule.quorum_num // rule.quorum_den + 1


def passes(votes_for: int, delegates: int, rule: CongressRule) -> bool:
    """A resolution passes with more than the rule's share of *all* delegates in office
    (not of those present or voting)."""
    return delegates > 0 and votes_for * rule.pass_den > delegates * rule.pass_num


def pass_needed(delegates: int, rule: CongressRule) -> int:
    return delegates * rule.pass_num // rule.pass_den + 1


# A delegate's place in the school: the make-up rule counts teachers.
DELEGATE_CATEGORY_LABELS = {
    "teacher": "一线教师",
    "leader": "学校领导",
    "admin": "管理人员",
    "support": "教辅/工勤",
}

DELEGATE_END_REASONS = ("调离本校", "退休", "去世", "辞去代表职务", "罢免", "其他")

# The documents a session usually hears, offered when a session is created.
SESSION_DOCUMENTS = ("校长工作报告", "财务工作报告", "工会工作报告", "提案工作报告")

PROPOSAL_CATEGORY_LABELS = {
    "teaching": "教学管理",
    "logistics": "后勤保障",
    "welfare": "福利待遇",
    "other": "其他",
}

# A proposal's way through: submitted, then screened by the 提案工作委员会.
PROPOSAL_STATUS_LABELS = {
    "submitted": "待审查",
    "accepted": "立案",
    "rejected": "不立案",
    "converted": "转为意见建议",
}

FEEDBACK_LABELS = {"satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意"}

# Common 承办部门 offered in the screening form (free text is allowed).
OFFICES = ("校长室", "教务处", "德育处", "总务处", "办公室", "财务室", "工会")

TERM_TEXTS = {
    "name": ("届次名称", 100, False),
    "notes": ("备注", NOTE_LIMIT, True),
}
SESSION_TEXTS = {
    "name": ("会议名称", 100, False),
    "place": ("地点", 100, False),
    "agenda": ("议程", NOTE_LIMIT, True),
    "documents": ("会议文件", NOTE_LIMIT, True),
    "notes": ("备注", NOTE_LIMIT, True),
}
DELEGATE_TEXTS = {"note": ("备注", 200, False)}
RESOLUTION_TEXTS = {
    "title": ("决议名称", 200, False),
    "notes": ("备注", NOTE_LIMIT, True),
}
PROPOSAL_TEXTS = {
    "title": ("案由", 200, False),
    "reasons": ("理由", NOTE_LIMIT, True),
    "measures": ("建议措施", NOTE_LIMIT, True),
}
SCREEN_TEXTS = {
    "office": ("承办部门", 50, False),
    "reason": ("审查意见", NOTE_LIMIT, True),
}
REPLY_TEXTS = {
    "reply": ("答复内容", NOTE_LIMIT, True),
    "feedback_note": ("提案人意见", NOTE_LIMIT, True),
}


def is_young(birth: date | None, on: date, young_age: int) -> bool:
    """Under `young_age` on `on` (a delegate with no birth date is not counted young)."""
    if birth is None:
        return False
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return age < young_age


@dataclass(frozen=True)
class Makeup:
    """The make-up of a delegate list: counts, and whether teachers reach the rule's share."""

    total: int
    teachers: int
    women: int
    young: int
    teacher_share_pct: int

    def share(self, part: int) -> str:
        return "—" if self.total == 0 else f"{part * 100 / self.total:.1f}%"

    @property
    def teachers_ok(self) -> bool:
        return self.total > 0 and self.teachers * 100 >= self.total * self.teacher_share_pct

    def warnings(self) -> list[str]:
        if self.total and not self.teachers_ok:
            return [
                f"一线教师代表 {self.teachers} 人，占 {self.share(self.teachers)}，"
                f"低于规定的 {self.teacher_share_pct}%；请在下次补选时增加教师代表"
            ]
        return []


_LEADER_WORDS = ("校长", "书记")
_SUPPORT_WORDS = ("工勤", "后勤", "保安", "门卫", "食堂", "校医")
_ADMIN_OFFICES = ("办公室", "教务", "德育", "总务", "财务")
_TEACHING_WORDS = ("教师", "老师", "任课", "教研", "班主任", "年级", "学科")


def guess_category(title: str, department: str) -> str:
    """A delegate's category guessed from the roster's 职务 and 部门 (the user corrects it):
    school leaders, support staff, office staff who do not teach, else a teacher."""
    words = f"{title or ''} {department or ''}"
    if any(w in words for w in _LEADER_WORDS):
        return "leader"
    if any(w in words for w in _SUPPORT_WORDS):
        return "support"
    if any(w in (department or "") for w in _ADMIN_OFFICES) and not any(w in words for w in _TEACHING_WORDS):
        return "admin"
    return "teacher"
