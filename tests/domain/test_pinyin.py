import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionapp.domain.pinyin import MAX_VARIANTS, normalize_query, search_keys, sort_key


@pytest.mark.parametrize(
    "name, expected",
    [
        ("张三", "zhangsan|zs"),
        (" 张三 ", "zhangsan|zs"),
        ("李四", "lisi|ls"),
        ("吕布", "lvbu|lb"),
        # polyphonic surnames read as surnames
        ("曾国藩", "zengguofan|zgf"),
        ("单田芳", "shantianfang|stf"),
        ("解缙", "xiejin|xj"),
        ("朴树", "piaoshu|ps"),
        ("翟志刚", "zhaizhigang|zzg"),
        ("万俟卨", "moqixie|mqx"),
        ("尉迟恭", "yuchigong|ycg"),
        # mixed and non-Chinese names
        ("Anna李", "annali|al"),
        ("ＡＮＮＡ李", "annali|al"),
        ("", ""),
    ],
)
def test_search_keys(name, expected):
    assert search_keys(name) == expected


@pytest.mark.parametrize(
    "name, must_contain",
    [
        ("曾乐", ["zengle", "zl", "zengyue", "zy"]),  # 乐 in a given name: le or yue
        ("仇英", ["qiuying", "qy"]),
        ("张行", ["zhangxing", "zx", "zhanghang", "zh"]),
        ("买买提·吐尔逊", ["maimaitituerxun", "mmttex"]),
    ],
)
def test_search_keys_variants(name, must_contain):
    keys = search_keys(name).split("|")
    for key in must_contain:
        assert key in keys
    assert all(key == key.lower() and key.isalnum() for key in keys)


@pytest.mark.parametrize("name", ["曾", "单", "解", "仇", "查", "区"])
def test_surname_has_only_its_surname_reading(name):
    assert search_keys(name + "芳").count("|") == 1


@pytest.mark.parametrize("name", ["张行长乐重朝", "单长行乐重朝行", "朝重长行乐"])
def test_search_keys_capped_and_unique(name):
    keys = search_keys(name).split("|")
    assert 1 < len(keys) <= MAX_VARIANTS
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("  Zhang San ", "zhangsan"),
        ("ＺＳ", "zs"),
        ("张\u3000三", "张三"),
        ("１３８", "138"),
        ("", ""),
    ],
)
def test_normalize_query(text, expected):
    assert normalize_query(text) == expected


def test_query_matches_keys():
    keys = search_keys("曾国藩")
    assert normalize_query(" Zeng Guo ") in keys
    assert normalize_query("ＺＧＦ") in keys.split("|")


def test_sort_key_format():
    assert sort_key("张三") == "zhang san\t张三"
    assert sort_key("曾国藩").startswith("zeng guo fan")


def test_sort_key_orders_by_pinyin():
    names = ["张三", "李四", "阿明", "曾国藩", "王五", "李", "Bob", "单田芳", "白雪"]
    assert sorted(names, key=sort_key) == [
        "阿明",
        "白雪",
        "Bob",
        "李",
        "李四",
        "单田芳",
        "王五",
        "曾国藩",
        "张三",
    ]


def test_search_keys_gives_every_name_both_forms():
    random.seed(7)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐曾单解仇查翟朴区"
    given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉萍红长乐行重朝"
    names = [random.choice(surnames) + "".join(random.choices(given, k=random.choice((1, 2)))) for _ in range(2_000)]
    for name in names:
        keys = search_keys(name).split("|")
        assert 2 <= len(keys) <= 8
        assert all(k.isascii() and k.islower() for k in keys)
        assert any(len(k) == len(name) for k in keys)  # the initials form


def test_a_surname_has_only_its_surname_reading():
    # 丁 can also read "zheng"; as a surname it never does, so "zh" must not find 丁晨.
    assert search_keys("丁晨") == "dingchen|dc"


def test_readings_are_pypinyins_for_every_character():
    """The table is read without importing pypinyin; each character reads as pypinyin says."""
    from pypinyin import Style, pinyin

    from unionapp.domain import pinyin as ours

    table = ours._single_readings()
    assert table is not None and len(table) > 20_000
    for code in table:
        char = chr(int(code))
        found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
        assert ours._readings(char) == tuple(dict.fromkeys(found[0])), char


def test_readings_without_the_table_come_from_pypinyin(monkeypatch):
    from unionapp.domain import pinyin as ours

    monkeypatch.setattr(ours, "_single_readings", lambda: None)
    ours._readings.cache_clear()
    try:
        assert ours._readings("乐") == ("le", "yue")
        assert ours._readings("a") == ()
    finally:
        ours._readings.cache_clear()


def test_search_keys_do_not_load_pypinyins_phrase_dictionary():
    """Its import takes 0.4 s of a 10,000-row import's start; one character never needs it."""
    import subprocess
    import sys

    code = (
        "import sys; from unionapp.domain.pinyin import search_keys; "
        "assert search_keys('曾乐') == 'zengle|zl|zengyue|zy'; print('pypinyin.core' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@given(st.text(alphabet=st.sampled_from("张曾乐单解朴欧阳司马行长重Ａa1 \u3000李"), max_size=6) | st.text(max_size=6))
@settings(max_examples=500, deadline=None)
def test_name_keys_are_search_keys_and_sort_key(name):
    """An import reads each name once for both keys: the same as asking for each."""
    from unionapp.domain.pinyin import name_keys

    assert name_keys(name) == (search_keys(name), sort_key(name))
