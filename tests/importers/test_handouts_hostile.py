"""The handouts and sign-up importers attacked: hostile text, money that is no amount or
more than a record holds, a sum beyond one ledger entry, people who left, are unknown or
share a name, odd file names, a renamed or empty file, and a file too big to read. Each
row is refused with a Chinese reason, or stored cleaned; a refused file writes nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from unionapp.domain.members import MemberInput
from unionapp.importers.activity import apply_activity_import, plan_activity_import
from unionapp.importers.errors import ImportFileError, ImportRefused
from unionapp.importers.handouts import apply_handout_import, plan_handout_import
from unionapp.importers.workbook import MAX_DATA_ROWS
from unionapp.services import activities, handouts, members
from unionapp.services.activities import ActivityInput

from .hostile import content_hash
from .raw_xlsx import row_xml, write_raw_xlsx
from .workbooks import write_xlsx

LAST = date.today().year - 1
HEADER = ["序号", "姓名", "工会小组", "发放名称", "发放日期", "类型", "物品", "金额（元）", "备注"]
WOMEN = f"{LAST}年三八节慰问"
DAY = date(LAST, 3, 7)
# A folder and file name with what breaks URLs and shells: '#', '%', spaces, Chinese.
ODD_NAME = "发放 #1 %41 名单.xlsx"


@pytest.fixture
def people(db):
    made = {}
    for key, name, gender, group in [
        ("chen", "陈静", "F", "初中组"),
        ("li", "李娜", "F", "小学组"),
        ("zhang_high", "张丽", "F", "高中组"),
        ("zhang_middle", "张丽", "F", "初中组"),
        ("zhao", "赵敏", "F", "初中组"),
    ]:
        made[key] = members.add_member(
            db, MemberInput(name=name, gender=gender, birth_date=date(1985, 3, 9), group_name=group)
        )
    members.set_status(db, [made["zhao"]], "transferred", on=date(LAST, 2, 1))
    return made


def odd_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "工会 #资料 %20 备份"
    folder.mkdir()
    return folder


def row(n, name, group, value, item="保温杯", handout=WOMEN, kind="三八慰问", note=""):
    return [n, name, group, handout, DAY, kind, item, value, note]


def test_hostile_text_from_a_file_is_stored_cleaned(db, people, tmp_path):
    path = write_xlsx(
        odd_folder(tmp_path) / ODD_NAME,
        HEADER,
        [
            row(1, "\u202e陈静\u200b", "初中组", 150, item="🎁保温杯\u2066", handout=f"\u202e{WOMEN}\u200b"),
            row(2, "李\ufeff娜", "小学组", 150, note="领取\u200b人代签"),
        ],
        titles=["阳光中学工会发放名单"],
        sheet="发放名单",
    )
    plan = plan_handout_import(db, path)
    assert plan.problem_lines() == [] and plan.source == ODD_NAME
    apply_handout_import(db, plan)
    [stored] = handouts.list_handouts(db)
    assert (stored.name, stored.recipients, stored.total_fen) == (WOMEN, 2, 30_000)
    assert "\u202e" not in stored.item and "\u2066" not in stored.item and "🎁保温杯" in stored.item
    assert ODD_NAME in stored.notes


def test_money_that_is_no_amount_is_refused_row_by_row(db, people, tmp_path):
    rows = [
        row(1, "陈静", "初中组", "-100"),
        row(2, "李娜", "小学组", "NaN"),
        row(3, "张丽", "高中组", "1e9"),
        row(4, "张丽", "初中组", 0.001),
        row(5, "陈静", "初中组", 100_000_001, handout="另一次"),
    ]
    before = content_hash(db)
    plan = plan_handout_import(db, write_xlsx(tmp_path / "money.xlsx", HEADER, rows, sheet="发放名单"))
    lines = "\n".join(plan.problem_lines())
    for says in (
        "第 2 行（陈静）：金额不能为负数",
        "第 3 行（李娜）：金额“NaN”不是有效的金额",
        "第 4 行（张丽）：金额“1e9”太大",
    ):
        assert says in lines
    assert "第 5 行（张丽）：金额“0.001”最多只能有两位小数" in lines and "第 6 行（陈静）" in lines
    assert plan.handouts == []
    with pytest.raises(ImportRefused):
        apply_handout_import(db, plan)
    assert content_hash(db) == before


def test_a_value_or_a_sum_beyond_what_a_record_holds_refuses_that_handout(db, people, tmp_path):
    """30,000,000 元 each, or two of 15,000,000 元: PostgreSQL's 32-bit amount columns
    failed with a database error; now the handout is refused in words, the others go in.
    (A handout named "合计…" was dropped silently as a totals row.)"""
    rows = [
        row(1, "陈静", "初中组", 30_000_000, handout="一人太多", kind="其他"),
        row(2, "陈静", "初中组", 15_000_000, handout="合计太多", kind="其他"),
        row(3, "李娜", "小学组", 15_000_000, handout="合计太多", kind="其他"),
        row(4, "李娜", "小学组", 150),
    ]
    plan = plan_handout_import(db, write_xlsx(tmp_path / "big.xlsx", HEADER, rows, sheet="发放名单"))
    lines = "\n".join(plan.problem_lines())
    assert "发放“一人太多”" in lines and "每人金额太大（不能超过 2000 万元）" in lines
    assert "发放“合计太多”" in lines and "超过一笔记账的上限 2000 万元" in lines
    assert [(h.name, h.total_fen) for h in plan.handouts] == [(WOMEN, 15_000)]
    before = content_hash(db)
    with pytest.raises(ImportRefused):
        apply_handout_import(db, plan)  # refused rows refuse the file unless skipped
    assert content_hash(db) == before
    result = apply_handout_import(db, plan, skip_errors=True)
    assert (result.added, result.total_fen) == (1, 15_000)
    with db.session() as s:
        assert handouts.handouts_match_ledger(s) == []


def test_a_named_row_that_mentions_a_total_is_data_not_a_totals_row(db, people, tmp_path):
    """备注 "合计两份" and 物品 "小计本" dropped the whole row silently, as if it were the
    sheet's totals; a row without a name that says 合计 still is one."""
    rows = [
        row(1, "陈静", "初中组", 150, note="合计两份，已核对"),
        row(2, "李娜", "小学组", 150, item="小计本"),
        [None, "合计", None, None, None, None, None, 300, None],
        [None, None, "小计", None, None, None, None, 300, None],
    ]
    plan = plan_handout_import(db, write_xlsx(tmp_path / "totals.xlsx", HEADER, rows, sheet="发放名单"))
    assert plan.problem_lines() == []
    [planned] = plan.handouts
    assert sorted((r.name, r.item) for r in planned.recipients) == [("李娜", "小计本"), ("陈静", "保温杯")]


def test_leavers_unknown_people_and_namesakes_are_refused_with_their_rows(db, people, tmp_path):
    rows = [
        row(1, "赵敏", "初中组", 150),
        row(2, "王不在", "初中组", 150),
        row(3, "张丽", "", 150),
        row(4, "张丽", "初中组", 150),
        row(5, "陈静", "初中组", 150),
        row(6, "陈静", "初中组", 150),
    ]
    plan = plan_handout_import(db, write_xlsx(tmp_path / "people.xlsx", HEADER, rows, sheet="发放名单"))
    lines = "\n".join(plan.problem_lines())
    assert f"赵敏已于 {LAST}-02-01 离开本校" in lines
    assert "姓名“王不在”不在会员名册中" in lines
    assert "有 2 位名叫“张丽”的会员" in lines and "请填写工会小组或身份证号以区分" in lines
    assert "第 7 行（陈静）：与第 6 行是同一次发放的同一人" in lines
    [planned] = plan.handouts
    assert {r.member_id for r in planned.recipients} == {people["zhang_middle"], people["chen"]}


def test_files_that_are_no_workbook_are_refused_in_words(db, people, tmp_path):
    folder = odd_folder(tmp_path)
    empty = folder / "空 #文件.xlsx"
    empty.write_bytes(b"")
    text = folder / "其实是文本 %.xlsx"
    text.write_text("姓名,金额\n陈静,150\n", encoding="utf-8")
    legacy = folder / "老格式.xlsx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)  # an .xls (OLE) header, renamed
    before = content_hash(db)
    for path in (empty, legacy, folder / "不存在 #.xlsx"):
        with pytest.raises(ImportFileError) as err:
            plan_handout_import(db, path)
        assert path.name in str(err.value) or "找不到文件" in str(err.value)
    # a CSV given the wrong ending is read as what it is, or refused in words
    try:
        plan = plan_handout_import(db, text)
    except ImportFileError as err:
        assert "“其实是文本 %.xlsx”" in str(err)
    else:
        assert plan.missing or plan.problem_lines() or plan.handouts
    assert content_hash(db) == before
    # an .xlsx named .xls is read all the same
    real = write_xlsx(folder / "名单.xlsx", HEADER, [row(1, "陈静", "初中组", 150)], sheet="发放名单")
    renamed = shutil.copy(real, folder / "名单 #2.xls")
    assert [h.total_fen for h in plan_handout_import(db, renamed).handouts] == [15_000]


CHILD = """
import json, sys
from pathlib import Path
from unionapp import config
from unionapp.db.opening import open_database
from unionapp.domain.errors import DomainError
from unionapp.importers.handouts import plan_handout_import

db = open_database(config.database_url(sys.argv[2]))
try:
    plan = plan_handout_import(db, Path(sys.argv[1]))
    outcome = {"handouts": len(plan.handouts), "refused": len(plan.refused)}
except DomainError as err:
    outcome = {"error": type(err).__name__, "message": str(err)}
with open("/proc/self/status", encoding="ascii") as status:
    outcome["peak_mb"] = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
print(json.dumps(outcome, ensure_ascii=False))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc")
def test_a_handouts_file_past_the_row_limit_is_refused_while_streaming(db_engine, tmp_path):
    """MAX_DATA_ROWS + 1 rows of a handout list (the most one handout holds, and one more):
    refused by the shared workbook layer before any row is matched, in little memory."""
    if db_engine != "sqlite":
        pytest.skip("the file is read the same on both engines")
    header = row_xml(1, zip("ABCD", ["姓名", "发放名称", "发放日期", "金额"]))
    rows = (row_xml(n, zip("ABCD", [f"教师{n}", WOMEN, f"{LAST}-03-07", 150])) for n in range(2, MAX_DATA_ROWS + 3))
    path = write_raw_xlsx(tmp_path / "五万行 #.xlsx", [header, *rows])
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(tmp_path / "child.db")],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "UNIONAPP_DATA_DIR": str(tmp_path / "appdata")},
        timeout=600,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome.get("error") == "ImportFileError", outcome
    assert f"超过 {MAX_DATA_ROWS:,} 行" in outcome["message"]
    assert outcome["peak_mb"] < 200, outcome


# ---------------------------------------------------------------- sign-up lists

SIGNUP = ["序号", "姓名", "工会小组", "项目", "队伍", "成绩", "名次", "签到"]


def test_a_sign_up_list_refuses_leavers_strangers_and_namesakes_by_row(db, people, tmp_path):
    meet = activities.create_activity(db, ActivityInput("运动会", "sports", date(LAST, 4, 10), date(LAST, 4, 10)))
    rows = [
        [1, "\u202e陈静\u200b", "初中组", "100米\u200b", "🏃红队\u2066" + "队" * 60, None, None, "√"],
        [2, "赵敏", "初中组", "拔河", None, None, None, "是"],
        [3, "王不在", None, "拔河", None, None, None, "是"],
        [4, "张丽", None, "拔河", None, None, None, "是"],
        [5, "张丽", "高中组", "拔河", None, None, None, "否"],
    ]
    path = write_xlsx(odd_folder(tmp_path) / "报名 #表 %.xlsx", SIGNUP, rows, titles=["运动会报名表"], sheet="报名表")
    plan = plan_activity_import(db, meet, path)
    lines = "\n".join(plan.problem_lines())
    assert f"赵敏已于 {LAST}-02-01 离开本校" in lines and "不能报名" in lines
    assert "姓名“王不在”不在会员名册中" in lines and "有 2 位名叫“张丽”的会员" in lines
    before = content_hash(db)
    with pytest.raises(ImportRefused):
        apply_activity_import(db, plan)
    assert content_hash(db) == before
    assert apply_activity_import(db, plan, skip_errors=True).added == 2
    got = {e.member_id: e for e in activities.list_entries(db, meet)}
    assert set(got) == {people["chen"], people["zhang_high"]}
    chen = got[people["chen"]]
    assert chen.event == "100米" and chen.team.startswith("🏃红队") and "\u2066" not in chen.team
    assert len(chen.team) <= 50 and chen.attended
