"""Stable English codes stored in the database and their Chinese labels.

Dict order is display order (combo boxes, reports).
"""

from __future__ import annotations

import unicodedata

GENDER_LABELS = {"M": "男", "F": "女"}

MEMBER_STATUS_LABELS = {
    "active": "在职",
    "retired": "退休",
    "transferred": "调出",
    "deceased": "去世",
}

RETIREMENT_CATEGORY_LABELS = {
    "M60": "男职工（60岁）",
    "F55": "女干部/专技人员（55岁）",
    "F50": "女工人（50岁）",
}

HARDSHIP_LABELS = {
    "": "否",
    "general": "一般",
    "hardship": "困难",
    "extreme": "特困",
}  # a hardship file's level (domain.hardship)

# Chinese names of a member's fields: in messages, "changed fields" and the audit log.
MEMBER_FIELD_LABELS = {
    "name": "姓名",
    "gender": "性别",
    "id_number": "身份证号",
    "birth_date": "出生日期",
    "ethnicity": "民族",
    "political_status": "政治面貌",
    "phone": "手机号",
    "group_name": "工会小组",
    "department": "部门/岗位",
    "title": "职称",
    "work_start_date": "参加工作时间",
    "join_union_date": "入会时间",
    "status": "人员状态",
    "is_union_member": "是否会员",
    "native_province": "籍贯省份",
    "hardship_level": "困难职工",
    "hardship_since": "建档立卡日期",
    "retirement_category": "退休类别",
    "retirement_date": "退休日期",
    "notes": "备注",
    "base_pay_fen": "月基本工资",
}

# Short names of GB/T 4762-1984 (九三学社社员 and 无党派人士 as used in practice).
POLITICAL_STATUS_CHOICES = [
    "中共党员",
    "中共预备党员",
    "共青团员",
    "民革会员",
    "民盟盟员",
    "民建会员",
    "民进会员",
    "农工党党员",
    "致公党党员",
    "九三学社社员",
    "台盟盟员",
    "无党派人士",
    "群众",
]

# The 56 ethnic groups, in GB/T 3304 code order (汉族 first).
ETHNICITY_CHOICES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]

# Words seen in real workbooks that mean a code but are not its label.
_GENDER_ALIASES = {
    "男性": "M",
    "女性": "F",
    "male": "M",
    "female": "F",
    "m": "M",
    "f": "F",
}
_STATUS_ALIASES = {
    "在岗": "active",
    "调离": "transferred",
    "已故": "deceased",
    "死亡": "deceased",
}
_HARDSHIP_ALIASES = {"困难职工": "hardship", "特困职工": "extreme"}


def _aliases_for(labels: dict[str, str]) -> dict[str, str]:
    if labels is GENDER_LABELS:
        return _GENDER_ALIASES
    if labels is MEMBER_STATUS_LABELS:
        return _STATUS_ALIASES
    if labels is HARDSHIP_LABELS:
        return _HARDSHIP_ALIASES
    return {}


def code_for_label(labels: dict[str, str], text: str) -> str | None:
    """Return the code whose label (or the code itself) is ``text``.

    Tolerates spaces and full-width letters, and ignores case, because the
    text often comes from a hand-typed spreadsheet cell. None if unknown.
    """
    if text is None:
        return None
    if id(labels) in _FIXED and type(text) is str:
        # An import asks the same few words 40,000 times: each answer is kept (these
        # tables never change, and live as long as the process, so their ids stay theirs).
        memo = _FIXED[id(labels)]
        if text not in memo:
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            memo[text] = _code_for_label(labels, text)
        return memo[text]
    return _code_for_label(labels, text)


def _code_for_label(labels: dict[str, str], text: str) -> str | None:
    key = _fold(str(text))
    for code, label in labels.items():
        if key in (code.lower(), _fold(label)):
            return code
    return _aliases_for(labels).get(key)


_FIXED: dict[int, dict[str, str | None]] = {
    id(table): {} for table in (GENDER_LABELS, MEMBER_STATUS_LABELS, RETIREMENT_CATEGORY_LABELS, HARDSHIP_LABELS)
}
_MEMO_LIMIT = 1000  # distinct texts kept per table: a hostile file can't grow it without bound


def _fold(text: str) -> str:
    """Half-width, no spaces, lower-case: "女工人（50岁）" == "女工人(50 岁)"."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()
