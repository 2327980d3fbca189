"""Union funds: directions, entry sources, and the default chart of categories.

The chart follows the accounting rules for base-level unions (《工会会计制度》, and
《基层工会经费收支管理办法》总工办发〔2017〕32号): income by source, spending by purpose.
Codes are stable; names can be edited by the chair.
"""

from __future__ import annotations

DIRECTION_LABELS = {"income": "收入", "expense": "支出"}

SOURCE_LABELS = {
    "manual": "手工录入",
    "dues": "会费",
    "allocation": "拨缴经费",
    "visit": "五必访",
    "checkup": "体检",
    "handout": "发放",
    "activity": "活动奖品",
    "activity_cost": "活动费用",
    "import": "导入",
}

# (code, name, direction, children[(code, name)]). Migration 0002 seeds its own frozen copy
# (tests/db/test_seed_rows.py keeps the two equal): a change here needs a new migration.
DEFAULT_CATEGORIES: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    ("dues", "会费收入", "income", []),
    ("allocation", "拨缴经费收入", "income", []),
    ("upper_subsidy", "上级补助收入", "income", []),
    ("admin_subsidy", "行政补助收入", "income", []),
    ("other_income", "其他收入", "income", []),
    (
        "activity",
        "职工活动支出",
        "expense",
        [
            ("education", "职工教育支出"),
            ("sports", "文体活动支出"),
            ("publicity", "宣传活动支出"),
            ("welfare", "职工集体福利支出"),  # festival, birthday, wedding, bereavement, retirement greetings
            ("other_activity", "其他活动支出"),
        ],
    ),
    (
        "rights",
        "维权支出",
        "expense",
        [
            ("warmth", "送温暖费"),  # hospital visits and 送温暖
            ("hardship", "困难职工帮扶费"),
            ("labour_protection", "劳动保护费"),
            ("other_rights", "其他维权支出"),
        ],
    ),
    (
        "business",
        "业务支出",
        "expense",
        [
            ("training", "培训费"),
            ("meeting", "会议费"),
            ("special", "专项业务费"),
            ("other_business", "其他业务支出"),
        ],
    ),
    ("capital", "资本性支出", "expense", []),
    ("remit", "上解上级支出", "expense", []),  # the upper union's share of dues
    ("other_expense", "其他支出", "expense", []),
]

# Settings keys with their defaults (strings, as settings are stored).
DUES_SETTINGS = {
    "dues_mode": "fixed",  # "fixed": an amount per member per month; "rate": a rate on base pay
    "dues_fixed_fen": "1000",  # 10 元, as in the seed school
    "dues_rate_permille": "5",  # 0.5% per the union charter
    "dues_remit_percent": "20",  # 2 of 10 元 go to the upper union
    "allocation_retained_percent": "60",  # the base union keeps 60% of the 2% payroll allocation
}
