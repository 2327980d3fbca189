"""The shared mode on a real PostgreSQL server: init on an empty database, clear messages for
a wrong password or an unreachable server, copying a school's file in and back out, the
same pinyin order as SQLite, and two writers at once losing and duplicating nothing."""

from __future__ import annotations

import selectors
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import create_engine, func, select, text

from unionapp import cli, config
from unionapp.db.models import LedgerEntry, Member
from unionapp.db.opening import open_database
from unionapp.domain.idcard import make_id_number
from unionapp.domain.members import MemberInput
from unionapp.services import ledger, members, visits
from unionapp.services.check import run_check
from unionapp.services.demo import create_demo
from unionapp.services.errors import ConcurrentEditError
from unionapp.services.ledger import LedgerFilter
from unionapp.services.visits import VisitFilter

WRITER = Path(__file__).with_name("pg_writer.py")
# Names whose pinyin keys differ only where collations disagree: spaces, case, same readings.
TRICKY_NAMES = [
    "张三",
    "章三",
    "张山",
    "詹姆斯",
    "Zhang Wei",
    "zhang wei",
    "欧阳修",
    "区志坚",
    "吕布",
    "卢布",
    "单雄信",
    "曾国藩",
    "阿依古丽·买买提",
    "张三丰",
    "张 三",
    "李",
    "李一",
    "黎明",
    "Amy",
    "amy",
]


@pytest.fixture
def empty_pg(pg_server):
    name = pg_server.create_database(empty=True)
    yield pg_server.url_for(name)
    pg_server.drop_database(name)


@pytest.fixture
def pg_db(pg_server):
    name = pg_server.create_database()
    database = open_database(pg_server.url_for(name))
    yield database
    database.dispose()
    pg_server.drop_database(name)


def test_init_creates_the_schema_on_an_empty_database(empty_pg, capsys):
    assert cli.main(["--db", empty_pg, "init", "--union-name", "阳光中学工会委员会"]) == 0
    out = capsys.readouterr().out
    assert "数据库已就绪" in out and "unionapp-test" not in out  # the password is never printed
    assert cli.main(["--db", empty_pg, "check"]) == 0
    assert "数据库服务器：postgresql" in capsys.readouterr().out


@pytest.mark.parametrize(
    "change, message",
    [
        ({"password": "wrong"}, "用户名或密码不对"),
        ({"port": 1}, "连接不上数据库服务器"),
        ({"database": "no_such_union"}, "没有这个数据库"),
        ({"host": "no-such-host.invalid"}, "找不到数据库服务器"),
    ],
)
def test_connection_problems_are_said_in_chinese(pg_server, change, message, capsys):
    url = pg_server.admin_url.set(**change).render_as_string(hide_password=False)
    assert cli.main(["--db", url, "check"]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_database_of_another_app_is_refused(empty_pg, capsys):
    with create_engine(empty_pg).begin() as conn:
        conn.execute(text("CREATE TABLE orders (id serial primary key, total numeric)"))
    assert cli.main(["--db", empty_pg, "init"]) == 1
    assert "不是工会助手的数据库" in capsys.readouterr().err


def test_copy_a_school_file_into_postgres_and_back(tmp_path, empty_pg, capsys):
    school = tmp_path / "school.db"
    db = open_database(config.database_url(str(school)))
    create_demo(db, members_count=200, years=2, seed=3)
    before = run_check(db)
    names = [m.name for m in members.list_members(db)]
    money = sum(v.money_fen for v in visits.list_visits(db, VisitFilter(date_from=date(2000, 1, 1), status="done")))
    db.dispose()
    assert before.ok

    assert cli.main(["--db", str(school), "copy", "--to", empty_pg]) == 0
    out = capsys.readouterr().out
    assert "复制完成" in out and "会员 200 条" in out and "核对一致" in out
    shared = open_database(empty_pg)
    assert run_check(shared).ok
    assert [m.name for m in members.list_members(shared)] == names
    later = members.add_member(shared, MemberInput(name="新来的老师"))  # ids carry on after the copied ones
    assert later > 200
    shared.dispose()

    back = tmp_path / "back.db"
    assert cli.main(["--db", empty_pg, "copy", "--to", str(back)]) == 0
    db = open_database(config.database_url(str(back)))
    assert members.count_members(db) == 201 and run_check(db).ok
    assert (
        sum(v.money_fen for v in visits.list_visits(db, VisitFilter(date_from=date(2000, 1, 1), status="done")))
        == money
    )
    db.dispose()


def test_copy_refuses_a_database_that_has_records(tmp_path, pg_db, capsys):
    members.add_member(pg_db, MemberInput(name="已有的人"))
    school = tmp_path / "school.db"
    db = open_database(config.database_url(str(school)))
    members.add_member(db, MemberInput(name="张三"))
    db.dispose()
    url = pg_db.url.render_as_string(hide_password=False)
    assert cli.main(["--db", str(school), "copy", "--to", url]) == 1
    assert "目标数据库不是空的（已有会员 1 条）" in capsys.readouterr().err
    assert [m.name for m in members.list_members(pg_db)] == ["已有的人"]


def test_pinyin_order_is_the_same_on_both_engines(tmp_path, pg_db):
    lite = open_database(config.database_url(str(tmp_path / "lite.db")))
    for db in (lite, pg_db):
        for name in TRICKY_NAMES:
            members.add_member(db, MemberInput(name=name))
    orders = [[m.name for m in members.list_members(db)] for db in (lite, pg_db)]
    lite.dispose()
    assert orders[0] == orders[1]
    assert orders[0].index("Amy") < orders[0].index("李") < orders[0].index("张三")  # pinyin, not insertion order
    # The server itself would order these keys differently: the column's collation is what makes them agree.
    with pg_db.engine.connect() as conn:
        server_order = conn.scalars(select(Member.name).order_by(text('sort_key COLLATE "default"'))).all()
    assert server_order != orders[1]


def test_an_edit_over_someone_elses_change_is_refused(pg_db):
    url = pg_db.url.render_as_string(hide_password=False)
    other = open_database(url)  # the second officer's copy of the app
    mid = members.add_member(pg_db, MemberInput(name="张三", phone="13800000001"))
    mine, theirs = members.get_member(pg_db, mid), members.get_member(other, mid)
    members.update_member(other, mid, replace(members.member_input(other, mid), phone="13900000002"), theirs.version)
    with pytest.raises(ConcurrentEditError) as refused:
        members.update_member(pg_db, mid, replace(members.member_input(pg_db, mid), phone="13700000003"), mine.version)
    assert "张三" in str(refused.value) and "13900000002"[:3] in str(refused.value)
    assert members.get_member(pg_db, mid).phone == "13900000002"
    other.dispose()


def test_two_writers_at_once_lose_and_duplicate_nothing(pg_db):
    url = pg_db.url.render_as_string(hide_password=False)
    day, count = date.today() - timedelta(days=1), 40
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), url, name, str(count), day.isoformat()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("王老师", "李老师")
    ]
    for writer in writers:  # the barrier: both have their members and wait for the word
        assert _line_from(writer) == "ready", writer.communicate(timeout=60)[1]
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        _out, err = writer.communicate(timeout=180)
        assert writer.returncode == 0, err
    with pg_db.session() as s:
        vouchers = s.scalars(select(LedgerEntry.voucher_no).where(LedgerEntry.year == day.year)).all()
        assert s.scalar(select(func.count()).select_from(Member)) == 2 * count
    assert len(vouchers) == 4 * count and sorted(vouchers) == list(range(1, 4 * count + 1))
    entries = ledger.list_entries(pg_db, LedgerFilter(date_from=date(2000, 1, 1)))
    assert sum(1 for e in entries if e.source == "visit") == 2 * count
    assert {e.summary.split()[0] for e in entries if e.source == "manual"} == {"王老师", "李老师"}
    mine = {name: sorted(e.voucher_no for e in entries if e.summary.startswith(name)) for name in ("王老师", "李老师")}
    assert mine["王老师"][0] < mine["李老师"][-1] and mine["李老师"][0] < mine["王老师"][-1], (
        "the two writers did not overlap: this run tested nothing concurrent"
    )
    assert run_check(pg_db).ok


def _line_from(process: subprocess.Popen, timeout: float = 120) -> str:
    """The child's next line on stdout; "" if it says nothing in `timeout` seconds or dies."""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout)
    return process.stdout.readline().strip() if ready else ""


def test_two_imports_at_once_are_each_all_or_nothing(pg_db, tmp_path):
    """Two officers import overlapping rosters at the same moment: each import lands whole
    or not at all (the second may meet the first's new ID numbers and is then refused)."""
    shared_ids = [make_id_number("340104", date(1970, 1, 1) + timedelta(days=i), 11, "M") for i in range(50)]
    books = {}
    for who, first_day in (("甲", date(1980, 1, 1)), ("乙", date(1990, 1, 1))):
        rows = [[f"{who}{i}", make_id_number("110101", first_day + timedelta(days=i), 21, "F")] for i in range(300)]
        rows += [[f"共同{i}", number] for i, number in enumerate(shared_ids)]
        books[who] = _roster(tmp_path / f"{who}.xlsx", rows)
    url = pg_db.url.render_as_string(hide_password=False)
    imports = {
        who: subprocess.Popen(
            [sys.executable, "-m", "unionapp", "--db", url, "import", "members", str(book)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who, book in books.items()
    }
    results = {who: (p.wait(timeout=300), p.stderr.read()) for who, p in imports.items()}
    names = {m.name for m in members.list_members(pg_db)}
    for who, (code, err) in results.items():
        own = {f"{who}{i}" for i in range(300)}
        assert "Traceback" not in err and (code == 0 or "没有保存" in err), err
        assert (own <= names) if code == 0 else not (own & names), (who, code, err)
    assert any(code == 0 for code, _err in results.values())
    assert {f"共同{i}" for i in range(50)} <= names and run_check(pg_db).ok


def _roster(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号码"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path
