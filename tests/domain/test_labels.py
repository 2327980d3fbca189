import pytest

from unionapp.domain.labels import (
    ETHNICITY_CHOICES,
    GENDER_LABELS,
    HARDSHIP_LABELS,
    MEMBER_STATUS_LABELS,
    POLITICAL_STATUS_CHOICES,
    RETIREMENT_CATEGORY_LABELS,
    code_for_label,
)


def test_label_tables():
    assert GENDER_LABELS == {"M": "男", "F": "女"}
    assert list(MEMBER_STATUS_LABELS.values()) == ["在职", "退休", "调出", "去世"]
    assert list(RETIREMENT_CATEGORY_LABELS) == ["M60", "F55", "F50"]
    assert HARDSHIP_LABELS[""] == "否"


def test_choices():
    assert len(ETHNICITY_CHOICES) == 56 == len(set(ETHNICITY_CHOICES))
    assert ETHNICITY_CHOICES[0] == "汉族"
    assert all(e.endswith("族") for e in ETHNICITY_CHOICES)
    assert POLITICAL_STATUS_CHOICES[:3] == ["中共党员", "中共预备党员", "共青团员"]
    assert POLITICAL_STATUS_CHOICES[-1] == "群众"
    assert len(POLITICAL_STATUS_CHOICES) == 13


@pytest.mark.parametrize(
    "labels, text, expected",
    [
        (GENDER_LABELS, "男", "M"),
        (GENDER_LABELS, " 女 ", "F"),
        (GENDER_LABELS, "男性", "M"),
        (GENDER_LABELS, "女性", "F"),
        (GENDER_LABELS, "Male", "M"),
        (GENDER_LABELS, "female", "F"),
        (GENDER_LABELS, "m", "M"),
        (GENDER_LABELS, "F", "F"),
        (GENDER_LABELS, "", None),
        (GENDER_LABELS, "未知", None),
        (MEMBER_STATUS_LABELS, "退休", "retired"),
        (MEMBER_STATUS_LABELS, "active", "active"),
        (MEMBER_STATUS_LABELS, "在岗", "active"),
        (MEMBER_STATUS_LABELS, "男", None),
        (HARDSHIP_LABELS, "特困", "extreme"),
        (HARDSHIP_LABELS, "否", ""),
        (HARDSHIP_LABELS, "", ""),
        (RETIREMENT_CATEGORY_LABELS, "女工人（50岁）", "F50"),
        (RETIREMENT_CATEGORY_LABELS, "女工人(50岁)", "F50"),  # half-width brackets
        (RETIREMENT_CATEGORY_LABELS, "m60", "M60"),
        (RETIREMENT_CATEGORY_LABELS, "male", None),  # gender aliases only for gender
    ],
)
def test_code_for_label(labels, text, expected):
    assert code_for_label(labels, text) == expected


def test_answers_kept_for_the_fixed_tables_are_the_rules_answers():
    from unionapp.domain import labels

    texts = ["男", " 女 ", "Ｍ", "f", "在职", "退休", "active", "已故", "困难职工", "", "x", "女工人（50岁）"]
    for table in (labels.GENDER_LABELS, labels.MEMBER_STATUS_LABELS, labels.HARDSHIP_LABELS):
        for text in texts * 2:  # the second round answers from what was kept
            assert labels.code_for_label(table, text) == labels._code_for_label(table, text)
    memo = labels._FIXED[id(labels.GENDER_LABELS)]
    assert "男" in memo
    for n in range(labels._MEMO_LIMIT + 5):  # a file of distinct junk can't grow it without bound
        labels.code_for_label(labels.GENDER_LABELS, f"junk{n}")
    assert len(memo) <= labels._MEMO_LIMIT


def test_a_table_of_the_callers_own_is_read_each_time():
    from unionapp.domain.labels import code_for_label

    table = {"a": "甲"}
    assert code_for_label(table, "甲") == "a"
    table["b"] = table.pop("a")
    assert code_for_label(table, "甲") == "b"
