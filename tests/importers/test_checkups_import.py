"""The hospital's returned list → plan_checkup_import → apply_checkup_import: people by ID
number, else by a name unique on the list; refused rows with their reasons; one
transaction whose union cost reaches the ledger once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from unionapp.db.models import AuditEntry, LedgerEntry
from unionapp.domain.members import MemberInput
from unionapp.importers.checkups import apply_checkup_import, plan_checkup_import
from unionapp.importers.errors import ImportFileError, ImportRefused
from unionapp.services import checkups, ledger, members
from unionapp.services.check import run_check
from unionapp.services.checkups import CampaignInput
from unionapp.services.ledger import LedgerFilter

from .workbooks import id_for, write_xlsx

LAST = date.today().year - 1
START, END = date(LAST, 3, 1), date(LAST, 5, 31)
HEADER = ["序号", "姓名", "身份证号", "体检日期", "是否体检", "需复查", "备注"]
IDS = {
    "zhang_a": id_for(date(1980, 5, 6), 11, "M"),
    "zhang_b": id_for(date(1985, 7, 8), 13, "M"),
    "li": id_for(date(1990, 1, 2), 22, "F"),
    "wang": id_for(date(1975, 3, 4), 24, "F"),
}


@pytest.fixture
def team(db):
    """An all-staff campaign of last spring: two 张伟, 李娜, 王芳, 陈静 (no ID number);
    赵老 is retired, so not on the list."""
    for key, name, gender in [
        ("zhang_a", "张伟", "M"),
        ("zhang_b", "张伟", "M"),
        ("li", "李娜", "F"),
        ("wang", "王芳", "F"),
        ("chen", "陈静", "F"),
        ("zhao", "赵老", "M"),
    ]:
        members.add_member(
            db,
            MemberInput(
                name=name,
                gender=gender,
                id_number=IDS.get(key, ""),
                birth_date=None if key in IDS else date(1970, 1, 1),
                status="retired" if key == "zhao" else "active",
            ),
        )
    cid = checkups.create_campaign(
        db,
        CampaignInput(
            year=LAST,
            name="年度体检",
            eligibility="all_active",
            date_from=START,
            date_to=END,
            hospital="市第一人民医院",
            cost_per_person_fen=50_000,
        ),
    )
    return cid


def write(path, rows, header=HEADER):
    return write_xlsx(path, header, rows, titles=["市第一人民医院体检结果反馈表"], sheet="体检结果")


def day(n: int) -> date:
    return START + timedelta(days=n)


def statuses(db, cid) -> dict[str, tuple]:
    return {
        (p.id_number or p.name): (p.status, p.checkup_date, p.absence_reason, p.followup_note)
        for p in checkups.list_people(db, cid)
    }


def checkup_entries(db) -> list:
    return ledger.list_entries(db, LedgerFilter(source="checkup"))


def test_results_are_matched_and_written_in_one_go(db, team, tmp_path):
    path = write(
        tmp_path / "back.xlsx",
        [
            [1, "张伟", IDS["zhang_a"], day(3), "已检", "否", None],
            [2, "张伟", IDS["zhang_b"], day(5), "是", "甲状腺结节，建议复查", None],
            [3, "李娜", None, day(9), None, None, None],  # a date alone says she went
            [4, "王芳", IDS["wang"].lower(), None, "未检", None, "出差"],
            [5, "陈静", None, None, None, None, None],  # not examined yet: left as she is
        ],
    )
    plan = plan_checkup_import(db, team, path)
    assert plan.refused == [] and plan.blank == [7] and len(plan.updates) == 4
    assert plan.summary().startswith(
        "“年度体检”：更新 4 人（已体检 2 人，需复查 1 人，未参加 1 人），无变化 0 人，未填结果 1 行"
    )
    before = statuses(db, team)
    assert run_check(db).ok
    result = apply_checkup_import(db, plan)
    assert (result.updated, result.unchanged, result.refused) == (4, 0, 0)
    after = statuses(db, team)
    assert after[IDS["zhang_a"]] == ("done", day(3), "", "")
    assert after[IDS["zhang_b"]] == ("followup", day(5), "", "甲状腺结节，建议复查")
    assert after[IDS["li"]][:2] == ("done", day(9))
    assert after[IDS["wang"]] == ("absent", None, "出差", "")
    assert after["陈静"] == before["陈静"]
    entries = checkup_entries(db)  # three dates, one entry: no reversals
    assert [(e.amount_fen, e.entry_date) for e in entries] == [(3 * 50_000, END)]
    assert run_check(db).ok
    with db.session() as s:
        assert s.scalar(select(func.count()).where(AuditEntry.summary.contains("从“back.xlsx”导入体检结果"))) == 1


def test_importing_the_same_file_again_changes_nothing(db, team, tmp_path):
    path = write(
        tmp_path / "back.xlsx",
        [[1, "李娜", IDS["li"], day(1), "是", None, None], [2, "王芳", IDS["wang"], None, "否", None, "病假"]],
    )
    apply_checkup_import(db, plan_checkup_import(db, team, path))
    again = plan_checkup_import(db, team, path)
    assert again.updates == [] and again.unchanged == [3, 4]
    assert again.not_in_file == 3
    apply_checkup_import(db, again)
    assert len(checkup_entries(db)) == 1


def test_every_bad_row_is_refused_with_its_reason(db, team, tmp_path):
    path = write(
        tmp_path / "bad.xlsx",
        [
            [1, "张伟", None, day(1), "是", None, None],  # two 张伟 on the list
            [2, "赵老", None, day(1), "是", None, None],  # retired: not on this list
            [3, "钱多", id_for(date(1991, 1, 1), 5, "F"), day(1), "是", None, None],
            [4, "李娜", IDS["li"], date(LAST, 6, 30), "是", None, None],  # after the campaign
            [5, "王芳", IDS["wang"], day(2), "待定", None, None],
            [6, "陈静", None, day(2), "是", None, None],
            [7, "陈静", None, day(3), "是", None, None],
            [8, "张伟", IDS["zhang_a"], day(2), "否", "是", None],
            [9, "张伟", IDS["zhang_b"], None, "是", None, None],
        ],
    )
    plan = plan_checkup_import(db, team, path)
    assert plan.updates == [] and [r.row_number for r in plan.refused] == list(range(3, 12))
    lines = plan.problem_lines()
    assert lines[0] == "第 3 行（张伟）：本次名单中有 2 位名叫张伟的人，请填写身份证号以区分"
    assert lines[1] == "第 4 行（赵老）：赵老不在本次体检名单中，请核对姓名，或先把此人加入名单"
    assert lines[2].startswith("第 5 行（钱多）：身份证号 ") and lines[2].endswith(
        "不在本次体检名单中，请核对，或先把此人加入名单"
    )
    assert lines[3] == f"第 6 行（李娜）：体检日期 {LAST}-06-30 不在本次体检的日期范围（{START} 至 {END}）内"
    assert lines[4] == "第 7 行（王芳）：“待定”无法识别是否体检，请填写“是”（已体检）或“否”（未参加）"
    assert lines[5] == "第 8 行（陈静）：与第 9 行是同一人，请合并为一行"
    assert lines[6] == "第 9 行（陈静）：与第 8 行是同一人，请合并为一行"
    assert lines[7] == "第 10 行（张伟）：标为未参加体检，却填了需复查，请核对"
    assert lines[8] == "第 11 行（张伟）：已体检但没有体检日期，请填写体检日期"


def test_a_refused_row_refuses_the_file_unless_skipped(db, team, tmp_path):
    path = write(
        tmp_path / "mixed.xlsx",
        [[1, "李娜", IDS["li"], day(1), "是", None, None], [2, "赵老", None, day(1), "是", None, None]],
    )
    plan = plan_checkup_import(db, team, path)
    before = statuses(db, team)
    with pytest.raises(ImportRefused) as refused:
        apply_checkup_import(db, plan)
    assert refused.value.lines() == ["第 4 行（赵老）：赵老不在本次体检名单中，请核对姓名，或先把此人加入名单"]
    assert statuses(db, team) == before and checkup_entries(db) == []
    result = apply_checkup_import(db, plan, skip_errors=True)
    assert (result.updated, result.refused) == (1, 1)
    assert statuses(db, team)[IDS["li"]][0] == "done"
    assert [e.amount_fen for e in checkup_entries(db)] == [50_000]


def test_a_future_date_is_refused(db, team, tmp_path):
    path = write(tmp_path / "future.xlsx", [[1, "李娜", IDS["li"], day(20), "是", None, None]])
    plan = plan_checkup_import(db, team, path, today=day(10))
    assert plan.problem_lines() == [f"第 3 行（李娜）：体检日期 {day(20)} 晚于今天，请核对"]


def test_ids_masked_or_mangled_and_names_that_disagree(db, team, tmp_path):
    masked = IDS["li"][:6] + "*" * 8 + IDS["li"][-4:]
    wrong_mask = IDS["wang"][:6] + "*" * 8 + "0000"
    path = write(
        tmp_path / "ids.xlsx",
        [
            [1, "李娜", masked, day(1), "是", None, None],  # our masked list, sent back
            [2, "王芳", wrong_mask, day(1), "是", None, None],
            [
                3,
                "陈静",
                id_for(date(1970, 1, 1), 9, "F"),
                day(1),
                "是",
                None,
                None,
            ],  # no ID on our list: the name decides
            [4, "张三", IDS["zhang_a"], day(1), "是", None, None],
            [5, "张伟", 1.10101199003074e17, day(1), "是", None, None],  # Excel turned it into a float
        ],
    )
    plan = plan_checkup_import(db, team, path)
    assert [u.name for u in plan.updates] == ["李娜", "陈静"]
    lines = plan.problem_lines()
    assert lines[0] == f"第 4 行（王芳）：身份证号 {wrong_mask} 与名单中王芳的身份证号不符，请核对"
    assert lines[1] == f"第 6 行（张三）：身份证号 {IDS['zhang_a']} 属于名单中的张伟，与本行姓名张三不同，请核对"
    assert lines[2].startswith("第 7 行（张伟）：身份证号被 Excel 存成了数字，后几位已经丢失")


def test_a_file_without_results_is_refused_as_a_whole(db, team, tmp_path):
    path = write(tmp_path / "names.xlsx", [[1, "李娜", IDS["li"]]], header=["序号", "姓名", "身份证号"])
    with pytest.raises(ImportFileError, match="是否体检"):
        plan_checkup_import(db, team, path)
    with db.session() as s:
        assert s.scalar(select(func.count(LedgerEntry.id))) == 0
