import pytest

from unionapp.domain.checkups import PERSON_STATUS_LABELS
from unionapp.domain.funds import DEFAULT_CATEGORIES
from unionapp.domain.labels import ETHNICITY_CHOICES, MEMBER_STATUS_LABELS
from unionapp.domain.nearest import SHORT_LIST, levenshtein, nearest
from unionapp.domain.visits import DEFAULT_TYPES

# The default chart as the importers name its leaves: "维权支出/送温暖费", "会费收入".
CATEGORIES = [
    f"{name}/{child}" if children else name
    for _, name, _, children in DEFAULT_CATEGORIES
    for child in ([c for _, c in children] or [name])
]
VISIT_TYPES = [t[1] for t in DEFAULT_TYPES]
VISIT_SYNONYMS = {t[1]: t[8] for t in DEFAULT_TYPES}
STATUSES = list(MEMBER_STATUS_LABELS.values())
CHECKUP_STATES = list(PERSON_STATUS_LABELS.values())
GROUPS = ["一年级", "二年级", "三年级", "语文教研组", "数学教研组", "英语教研组", "行政", "后勤", "体育组", "音乐组"]


def test_the_chart_is_the_one_the_app_seeds():
    assert len(CATEGORIES) > SHORT_LIST
    assert {"会费收入", "维权支出/送温暖费", "职工活动支出/文体活动支出", "业务支出/培训费"} <= set(CATEGORIES)


@pytest.mark.parametrize(
    "text, first",
    [
        ("送温暖慰问", "维权支出/送温暖费"),  # the example: stems 送温暖 = 送温暖
        ("文体活懂", "职工活动支出/文体活动支出"),  # a typo
        ("文体活动", "职工活动支出/文体活动支出"),  # the leaf without its ending
        ("培训费", "业务支出/培训费"),
        ("会费", "会费收入"),
        ("维权支出-送温暖费", "维权支出/送温暖费"),  # another separator
        ("维权支出送温暖费", "维权支出/送温暖费"),  # none
        ("送 温 暖 费", "维权支出/送温暖费"),
        ("ＷＥＮＴＩ", "职工活动支出/文体活动支出"),  # pinyin, full-width
        ("wenti", "职工活动支出/文体活动支出"),
        ("wt", "职工活动支出/文体活动支出"),  # initials
        ("汶体", "职工活动支出/文体活动支出"),  # a homophone: no character in common
        ("wentihoudong", "职工活动支出/文体活动支出"),  # mistyped pinyin: edit distance on letters
        ("福利", "职工活动支出/职工集体福利支出"),
    ],
)
def test_categories_first(text, first):
    assert nearest(text, CATEGORIES)[0] == first


def test_condolence_money_finds_the_warmth_and_hardship_categories():
    found = nearest("慰问金", CATEGORIES)
    assert found[:2] == ["维权支出/送温暖费", "维权支出/困难职工帮扶费"]


def test_training_also_offers_staff_education():
    assert nearest("培训费", CATEGORIES)[:2] == ["业务支出/培训费", "职工活动支出/职工教育支出"]


def test_an_exact_name_beats_a_shared_stem():
    found = nearest("其他收入", CATEGORIES)
    assert found[:2] == ["其他收入", "其他支出"]  # both "其他" once the ending is off


@pytest.mark.parametrize("text", ["xyz", "打印纸", "   ", ""])
def test_nothing_plausible_among_categories(text):
    assert nearest(text, CATEGORIES) == []


def test_ties_keep_the_order_of_choices():
    warmth, hardship = "维权支出/送温暖费", "维权支出/困难职工帮扶费"
    assert nearest("慰问金", [warmth, hardship]) == [warmth, hardship]
    assert nearest("慰问金", [hardship, warmth]) == [hardship, warmth]


def test_limit():
    assert len(nearest("其他", CATEGORIES)) == 5
    assert nearest("其他", CATEGORIES, limit=2) == ["其他收入", "其他支出"]
    assert nearest("其他", CATEGORIES, limit=0) == []
    assert nearest("其他", []) == []


def test_a_choice_given_twice_is_offered_once():
    assert nearest("退休了", ["退休", "退休", "在职"]) == ["退休"]


@pytest.mark.parametrize(
    "text, first",
    [
        ("住院慰问", "生病住院"),
        ("住院", "生病住院"),
        ("结婚慰问", "结婚"),
        ("退休慰问", "退休"),
        ("外省籍", "外省籍留校过年"),
    ],
)
def test_visit_types(text, first):
    assert nearest(text, VISIT_TYPES)[0] == first


@pytest.mark.parametrize(
    "text, first", [("丧事", "直系亲属去世"), ("看望病人", "生病住院"), ("生孩子", "生育"), ("大病", "重大困难")]
)
def test_aliases_count_as_the_choice(text, first):
    assert nearest(text, VISIT_TYPES) == []  # nothing in the names alone
    assert nearest(text, VISIT_TYPES, aliases=VISIT_SYNONYMS)[0] == first


def test_a_lone_string_alias_is_one_word():
    assert nearest("丧事", ["直系亲属去世"], aliases={"直系亲属去世": "丧事"}) == ["直系亲属去世"]
    assert nearest("喜", VISIT_TYPES, aliases={"结婚": "办喜事"}) == []  # not the words 办, 喜, 事


def test_a_shared_ending_is_not_a_match():
    # The synonyms 生育慰问, 退休慰问, 生日慰问 share only "慰问" with "结婚慰问".
    assert nearest("结婚慰问", VISIT_TYPES, aliases=VISIT_SYNONYMS) == ["结婚"]


@pytest.mark.parametrize("text, first", [("已退休", "退休"), ("调离", "调出"), ("在岗", "在职"), ("退休人员", "退休")])
def test_member_statuses(text, first):
    assert nearest(text, STATUSES)[0] == first


@pytest.mark.parametrize(
    "text, first", [("体检", "已体检"), ("没参加", "未参加"), ("复查", "需复查"), ("体检了", "已体检")]
)
def test_checkup_states(text, first):
    assert nearest(text, CHECKUP_STATES)[0] == first


def test_yes_and_no():
    assert nearest("是的", ["是", "否"]) == ["是"]
    assert nearest("否", ["是", "否"]) == ["否"]
    assert nearest("xyz", ["是", "否"]) == []


@pytest.mark.parametrize(
    "text, first", [("三年级组", "三年级"), ("语文组", "语文教研组"), ("数学", "数学教研组"), ("后勤组", "后勤")]
)
def test_groups(text, first):
    assert nearest(text, GROUPS)[0] == first


def test_group_names_from_another_school():
    assert nearest("三年级", ["三年级组", "四年级组"]) == ["三年级组", "四年级组"]
    assert nearest("语文教研组", ["数学组", "语文组", "英语组"])[0] == "语文组"


def test_a_short_list_offers_what_shares_a_character():
    # "离职了" shares one character of three with 在职: too little for a long list, but
    # the four statuses are all in the drop-down anyway.
    assert nearest("离职了", STATUSES) == ["在职"]
    long_list = STATUSES + ETHNICITY_CHOICES[:SHORT_LIST]
    assert nearest("离职了", long_list) == []
    assert nearest("xyz", STATUSES) == []


def test_a_long_list_offers_only_plausible_values():
    assert nearest("初三", GROUPS) == []
    assert nearest("体检费", CATEGORIES) == []


def test_two_level_choice_found_by_its_parent():
    found = nearest("维权支出", CATEGORIES)
    assert found[0] == "维权支出/其他维权支出"  # the parent's name and its own stem
    assert set(found) <= {c for c in CATEGORIES if c.startswith("维权支出/")}


@pytest.mark.parametrize(
    "a, b, distance", [("kitten", "sitting", 3), ("", "abc", 3), ("调离", "调出", 1), ("同", "同", 0)]
)
def test_levenshtein(a, b, distance):
    assert levenshtein(a, b) == distance == levenshtein(b, a)


def test_many_texts_against_many_choices():
    # Correctness at scale (the speed is measured by benchmarks/bench_nearest.py).
    choices = [f"{grade}{subject}组" for grade in "一二三四五六七八九十" for subject in "语数英理化生史地政音"]
    choices += CATEGORIES
    assert nearest("五数组", choices)[0] == "五数组"
    assert nearest("五数", choices)[0] == "五数组"
    assert nearest("送温暖慰问", choices)[0] == "维权支出/送温暖费"
    assert nearest("xyz", choices) == []


@pytest.mark.parametrize("text", ["kuaiji", "huiji", "惠记"])
def test_pinyin_as_said_and_as_read_character_by_character(text):
    # 会计 is said "kuai ji"; a typist's homophone reads 会 as "hui".
    assert nearest(text, [*GROUPS, "会计组"])[0] == "会计组"
