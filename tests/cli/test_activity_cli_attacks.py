"""The activities' and handouts' commands attacked: records full of hostile text and the
largest amounts a record holds still export to xlsx (that openpyxl loads), PDF (that
pdftoppm renders) and CSV without a full ID number or phone; a year out of range, an odd
--member, an id of the wrong kind, an output folder that is missing or is a file, and an
import from a path with '#', '%', spaces and Chinese: each a Chinese message and an exit
code, nothing written."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import openpyxl
import pytest

from unionapp import cli
from unionapp.cli.common import ACTIVITY_EXPORTS
from unionapp.domain.idcard import make_id_number
from unionapp.domain.members import MemberInput
from unionapp.domain.money import MAX_RECORD_FEN
from unionapp.services import activities, handouts, ledger, members
from unionapp.services.activities import ActivityInput, CostInput, EntryInput, PrizeInput
from unionapp.services.handouts import HandoutInput

YEAR = date.today().year
FULL_ID = re.compile(r"[1-9]\d{5}(?:19|20)\d{2}[01]\d[0-3]\d{4}[\dXx]|(?<!\d)1[3-9]\d{9}(?!\d)")
ODD_FOLDER = "导出 #1 %20 文件夹"


def db_arg_of(db) -> str:
    return str(db.sqlite_path) if db.sqlite_path else db.url.render_as_string(hide_password=False)


def run(db, capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["--db", db_arg_of(db), *args])
    said = capsys.readouterr()
    return code, said.out + said.err


@pytest.fixture
def hostile(db):
    """Members with ID numbers and phones; a handout and an activity whose every text is
    hostile or as long as allowed, with amounts up to what one record holds."""
    ids = []
    for n in range(12):
        data = MemberInput(
            name=f"测试{n}",
            gender="F",
            birth_date=date(1985, 3, 9),
            group_name=["高中组", "初中组"][n % 2],
            id_number=make_id_number("340102", date(1985, 3, 9), n, "F"),
            phone=f"1380013{n:04d}",
        )
        ids.append(members.add_member(db, data))
    members.add_member(db, MemberInput(name="张丽", gender="F", group_name="高中组"))
    members.add_member(db, MemberInput(name="张丽", gender="F", group_name="初中组"))
    welfare = next(c.id for c in ledger.list_categories(db) if c.code == "welfare")
    sports = next(c.id for c in ledger.list_categories(db) if c.code == "sports")
    day = date(YEAR, 1, 2)
    gift = HandoutInput(
        name="\u202e攻击\u200b测试🎉" + "名" * 90,
        kind="other",
        handout_date=day,
        item="礼盒🎁\u2066" + "物" * 95,
        value_fen=MAX_RECORD_FEN // 12,
        category_id=welfare,
        approver="王\u202e审批",
        notes="第一行\n第二行\t制表\x00",
    )
    handout = handouts.create_handout(db, gift, ids)
    handouts.issue_handout(db, handout, "理由\u202e" * 300)
    meeting = ActivityInput(
        name="\u202e运动会🏃" + "会" * 95,
        kind="sports",
        date_from=day,
        date_to=day,
        place="操场" * 50,
        category_id=sports,
    )
    activity = activities.create_activity(db, meeting)
    activities.add_entries(db, activity, [EntryInput(m, event="跳绳🏃" * 10, team="队\u202e" * 40) for m in ids])
    for member in ids[:4]:
        prize = PrizeInput(member, award="一等奖🏆" * 10, kind="money", item="奖" * 100, value_fen=MAX_RECORD_FEN // 4)
        activities.add_prize(db, activity, prize, "超出标准的理由")
    activities.issue_prizes(db, activity)
    activities.add_cost(db, activity, CostInput(day, "场地费🏟" * 10, MAX_RECORD_FEN, note="说明" * 100))
    return {"handout": handout, "activity": activity}


def _check_file(path) -> None:
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        texts = [str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    elif path.suffix == ".pdf":
        if shutil.which("pdftoppm"):
            done = subprocess.run(
                ["pdftoppm", "-r", "20", "-png", "-f", "1", "-l", "1", str(path), str(path)], check=False
            )
            assert done.returncode == 0 and list(path.parent.glob(path.name + "*.png"))
        if not shutil.which("pdftotext"):
            return
        texts = [subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout]
    else:
        texts = [path.read_text(encoding="utf-8-sig")]
    joined = "\n".join(texts)
    assert not FULL_ID.search(joined), FULL_ID.search(joined)
    assert "\u202e" not in joined and "\u200b" not in joined


@pytest.mark.parametrize("report", ACTIVITY_EXPORTS)
def test_hostile_records_export_to_files_that_open(db, hostile, tmp_path, capsys, report):
    folder = tmp_path / ODD_FOLDER
    folder.mkdir()
    chosen = {"handout-receipts": ["--id", str(hostile["handout"])]}.get(report, [])
    if report in ("activity-signin", "prize-receipts"):
        chosen = ["--id", str(hostile["activity"])]
    for suffix in ("xlsx", "pdf", "csv"):
        out = folder / f"{report} #%.{suffix}"
        code, said = run(db, capsys, "export", report, *chosen, "--year", str(YEAR), "-o", str(out))
        assert code == 0, said
        _check_file(out)


def test_the_log_holds_no_full_id_or_phone(db, hostile, tmp_path, capsys, data_dir):
    for report in ACTIVITY_EXPORTS:
        run(db, capsys, "export", report, "--year", str(YEAR), "-o", str(tmp_path / f"{report}.xlsx"))
    run(db, capsys, "export", "benefits", "--year", "99999", "-o", str(tmp_path / "x.xlsx"))
    for log in data_dir.glob("*.log"):
        assert not FULL_ID.search(log.read_text(encoding="utf-8", errors="replace"))


@pytest.mark.parametrize(
    ("args", "exit_code", "says"),
    [
        (["export", "benefits", "--year", "99999"], 2, "年份 99999 不合理"),  # crashed: date() out of range
        (["export", "activities", "--year", "0"], 2, "年份 0 不合理"),  # was this year, silently
        (["export", "benefits", "--member", "²"], 2, "找不到名叫“²”的会员"),  # crashed: int("²")
        (["export", "benefits", "--member", ""], 2, "--member 后面请写会员的姓名或会员编号"),
        (["export", "benefits", "--member", "张丽"], 2, "有 2 位会员叫“张丽”，请用 --member 会员编号 指定"),
        (["export", "benefits", "--member", "\u202e无此人"], 2, "找不到名叫“无此人”的会员"),
        (["export", "activity-signin", "--id", "99999"], 2, "找不到编号为 99999 的活动"),
        (["export", "handout-receipts", "--year", "1990"], 2, "1990 年没有发放"),
    ],
)
def test_odd_choices_are_refused_in_words(db, hostile, tmp_path, capsys, args, exit_code, says):
    out = tmp_path / "out.xlsx"
    code, said = run(db, capsys, *args, "-o", str(out))
    assert (code, says in said) == (exit_code, True), said
    assert "\u202e" not in said and "Traceback" not in said
    assert not out.exists()


def test_an_id_of_the_other_kind_names_the_choices(db, hostile, tmp_path, capsys):
    """A handout's id given for an activity report: refused unless an activity has it."""
    wrong = hostile["handout"] + 1000
    code, said = run(db, capsys, "export", "prize-receipts", "--id", str(wrong), "-o", str(tmp_path / "p.pdf"))
    assert code == 2 and f"找不到编号为 {wrong} 的活动" in said and "可选的活动" in said


def test_outputs_that_cannot_be_written_are_refused(db, hostile, tmp_path, capsys):
    a_file = tmp_path / "不是文件夹.txt"
    a_file.write_text("x")
    for out, says in (
        (tmp_path / "不存在 #%" / "x.pdf", "不存在"),
        (a_file / "x.pdf", ""),
        (tmp_path, "扩展名"),
    ):
        code, said = run(db, capsys, "export", "handout-receipts", "-o", str(out))
        assert code != 0 and says in said and "Traceback" not in said, said
        assert re.search(r"[\u4e00-\u9fff]", said)


def test_an_import_from_an_odd_path_and_a_year_without_data(db, tmp_path, capsys):
    members.add_member(db, MemberInput(name="陈静", gender="F", birth_date=date(1990, 1, 2), group_name="初中组"))
    folder = tmp_path / "工会 #资料 %20 备份"
    folder.mkdir()
    path = folder / "发放 #1 %41.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "发放名称", "发放日期", "类型", "物品", "金额"])
    wb.active.append(["陈静", "三八节", date(YEAR - 1, 3, 7), "三八慰问", "保温杯", 150])
    wb.save(path)
    code, said = run(db, capsys, "import", "handouts", str(path))
    assert code == 0, said
    [stored] = handouts.list_handouts(db)
    assert stored.total_fen == 15_000 and path.name in stored.notes
    out = tmp_path / "一览.xlsx"
    code, said = run(db, capsys, "export", "activities", "--year", "2000", "-o", str(out))
    assert code == 0 and openpyxl.load_workbook(out)


def test_a_namesake_without_an_id_is_asked_for_by_number(db, capsys, tmp_path):
    first = members.add_member(db, MemberInput(name="张丽", gender="F", group_name="高中组"))
    members.add_member(db, MemberInput(name="张丽", gender="F", group_name="初中组"))
    out = tmp_path / "明细.xlsx"
    code, said = run(db, capsys, "export", "benefits", "--member", str(first), "-o", str(out))
    assert code == 0, said
    title = str(openpyxl.load_workbook(out).worksheets[0]["A1"].value)
    assert "张丽" in title, title
