"""Realistic, deterministic demo data: the same seed always gives the same school.

The members are made here; funds (`funds`), visits (`visits`), checkups (`checkups`),
handouts (`handouts`), activities (`activities`), the rest of a year's spending
(`spending`), the staff congress (`congress`), hardship files and the year plan (`care`) are
written through the area services."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import insert

from unionapp.db.engine import Database
from unionapp.db.models import Member, UnionGroup
from unionapp.domain.errors import DomainError
from unionapp.domain.idcard import make_id_number
from unionapp.domain.pinyin import search_keys, sort_key
from unionapp.domain.retirement import default_category, statutory_retirement_date
from unionapp.services import audit, members, settings
from unionapp.services.demo.activities import ActivityPlanner
from unionapp.services.demo.care import create_care
from unionapp.services.demo.congress import create_congress
from unionapp.services.demo.funds import create_funds

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文辉力鹏宇浩然欣怡雨轩子涵梓萱思远佳琪晨曦俊杰晓梅玉兰志强海燕红梅春花秋月德华永红立新小龙丹丹婷婷"
AREAS = ["340102", "340104", "340111", "340121", "341002", "110105", "320102", "330106", "420102", "370102"]
PROVINCES = ["安徽"] * 8 + ["江苏", "浙江", "河南", "湖北", "山东", "江西"]
GROUPS = ["高中组", "初中组", "小学组", "行政后勤组", "退休组"]
TITLES = ["正高级教师", "高级教师", "一级教师", "一级教师", "二级教师", "二级教师", "三级教师", "会计师", "工勤技能"]
DEPARTMENTS = [
    "语文组",
    "数学组",
    "英语组",
    "物理组",
    "化学组",
    "生物组",
    "政史地组",
    "音体美组",
    "信息技术组",
    "办公室",
    "后勤处",
]
POLITICAL = ["中共党员"] * 3 + ["群众"] * 5 + ["共青团员", "民盟盟员", "九三学社社员"]
MAX_YEARS = 30
PHONE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "158",
    "159",
    "177",
    "180",
    "181",
    "186",
    "187",
    "188",
    "189",
    "199",
]


def _name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return surname + given


def _member(rng: random.Random, index: int, group_ids: dict[str, int], today: date) -> dict:
    gender = rng.choice("MF")
    birth = date(rng.randint(1960, 2001), rng.randint(1, 12), rng.randint(1, 28))
    category = default_category(gender)
    retired = statutory_retirement_date(birth, category) <= today
    status = "retired" if retired else rng.choices(["active", "transferred", "deceased"], [97, 2, 1])[0]
    if retired and rng.random() < 0.01:
        status = "deceased"
    work_start = date(birth.year + rng.randint(21, 25), rng.choice((7, 8, 9)), 1)
    group = "退休组" if status == "retired" else rng.choice(GROUPS[:4])
    name = _name(rng)
    hardship = rng.choices(["", "hardship", "extreme"], [96, 3, 1])[0]
    return {
        "name": name,
        "search_keys": search_keys(name),
        "sort_key": sort_key(name),
        "gender": gender,
        "id_number": make_id_number(rng.choice(AREAS), birth, index % 100, gender),
        "birth_date": birth,
        "ethnicity": "汉族" if rng.random() < 0.95 else rng.choice(["回族", "满族", "壮族", "苗族"]),
        "political_status": rng.choice(POLITICAL),
        "phone": rng.choice(PHONE_PREFIXES) + f"{rng.randint(0, 99999999):08d}",
        "group_id": group_ids[group],
        "department": rng.choice(DEPARTMENTS),
        "title": rng.choice(TITLES),
        "work_start_date": min(work_start, today),
        "join_union_date": min(work_start + timedelta(days=rng.randint(30, 400)), today),
        "status": status,
        "is_union_member": rng.random() < 0.96,
        "native_province": rng.choice(PROVINCES),
        "hardship_level": hardship,
        "hardship_since": date(today.year - rng.randint(0, 3), rng.randint(1, 12), 1) if hardship else None,
        "retirement_category": category,
        "retirement_date": None,
        "notes": "",
        "created_at": datetime.now(),
        "updated_at": datetime.now(),
        "version": 1,
    }


def create_demo(
    db: Database, members_count: int = 300, years: int = 3, seed: int = 1, today: date | None = None
) -> int:
    """Fill an empty database with a plausible school; returns the number of members made.
    `years` is how many years of records end with this year: funds (budgets, dues, the
    ledger, past years closed), visits, checkups, handouts and activities (each year's
    written before it is closed)."""
    if members.count_members(db):
        raise DomainError("数据库里已经有会员数据，演示数据只能放进空的数据库。请换一个新的数据库文件再试。")
    if members_count < 1 or members_count > 100_000:
        raise DomainError("演示会员人数应在 1 到 100000 之间。")
    if years < 0 or years > MAX_YEARS:
        raise DomainError(f"演示数据的年数应在 0 到 {MAX_YEARS} 之间。")
    rng = random.Random(seed)
    today = today or date.today()
    with db.session() as s:
        group_ids = {}
        for order, name in enumerate(GROUPS, start=1):
            group = UnionGroup(name=name, sort_order=order)
            s.add(group)
            s.flush()
            group_ids[name] = group.id
        rows = _unique_ids([_member(rng, i, group_ids, today) for i in range(members_count)])
        s.execute(insert(Member), rows)
        audit.record(s, "import", "member", None, f"生成演示数据：{len(rows)} 位会员（种子 {seed}）")
    if not settings.is_configured(db):
        current = settings.load(db)
        settings.save(
            db,
            settings.UnionSettings(
                union_name="阳光中学工会委员会",
                chair_name="王建国",
                school_province="安徽",
                operator=current.operator or "王建国",
                demo_offered="1",
            ),
        )
    chair = settings.load(db).chair_name or "王建国"
    create_funds(db, years, seed, today, chair, ActivityPlanner(db, seed, today, chair, years))
    create_congress(db, seed, today)
    create_care(db, seed, today)
    return len(rows)


def _unique_ids(rows: list[dict]) -> list[dict]:
    """Random births can repeat an ID number; the later one goes without."""
    seen: set[str] = set()
    for row in rows:
        if row["id_number"] in seen:
            row["id_number"] = None
        seen.add(row["id_number"])
    return rows
