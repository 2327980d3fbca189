"""`unionapp import AREA FILE --map "表头=字段" --map-value "字段:值=对应值"`: an ignored
column is always reported, an unknown value prints the exact option to add, the options
apply over the remembered mappings, a successful import remembers them (a dry run or a
refused import does not) and the same file imports unattended next time. Bad options exit
2 in Chinese; nothing is ever half-written. Both engines: the data is prepared on the `db`
fixture and the command gets that database as --db."""

from __future__ import annotations

import shlex
from datetime import date

import pytest
from sqlalchemy import func, select

from importers.workbooks import write_xlsx
from unionapp import cli
from unionapp.db.models import AuditEntry, ImportMapping, LedgerEntry, Member, Visit
from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.members import MemberInput
from unionapp.importers.errors import map_value_option
from unionapp.services import audit, ledger, members
from unionapp.services.import_mappings import load_mappings, remember_mappings_in

LAST = date.today().year - 1
WARMTH = "维权支出/送温暖费"
ROSTER = ["序号", "姓名", "性别", "出生日期", "所在工会小组"]
ROWS = [[1, "王芳", "女", date(1985, 3, 12), "高中组"], [2, "李强", "男", date(1986, 4, 15), "初中组"]]


def db_arg_of(db) -> str:
    return str(db.sqlite_path) if db.sqlite_path else db.url.render_as_string(hide_password=False)


def snapshot(db) -> tuple[int, ...]:
    """What an import could write: members, ledger entries, visits, mappings, audit entries."""
    with db.session() as s:
        return tuple(
            s.scalar(select(func.count(m.id))) for m in (Member, LedgerEntry, Visit, ImportMapping, AuditEntry)
        )


def run(db, area, book, *options, capsys):
    code = cli.main(["--db", db_arg_of(db), "import", area, str(book), *options])
    said = capsys.readouterr()
    return code, said.out, said.err


def roster(path, rows=ROWS, header=ROSTER):
    return write_xlsx(path, header, rows, titles=["阳光中学教职工花名册"])


def groups_of(db) -> dict[str, str]:
    return {m.name: m.group_name for m in members.list_members(db)}


# ---------------------------------------------------------------- columns


def test_an_ignored_column_is_reported_then_mapped_remembered_and_read_unattended(db, tmp_path, capsys):
    book = roster(tmp_path / "花名册.xlsx")
    code, out, err = run(db, "members", book, "--dry-run", capsys=capsys)
    assert code == 0 and err == ""
    assert '注意：未导入的列：“所在工会小组”。如其中有要导入的内容，请加上 --map "列名=字段"' in out
    assert '--map "所在工会小组=工会小组"' in out  # the nearest field as the example

    before = snapshot(db)
    code, out, _err = run(db, "members", book, "--map", "所在工会小组=工会小组", "--dry-run", capsys=capsys)
    assert code == 0 and "试运行（未写入）：新增 2 人" in out and "未导入的列" not in out
    assert snapshot(db) == before and load_mappings(db, "members").columns == {}  # a dry run remembers nothing

    code, out, _err = run(db, "members", book, "--map", "所在工会小组=工会小组", capsys=capsys)
    assert code == 0 and "将新建工会小组：高中组、初中组" in out and "导入完成：新增 2 人" in out
    assert groups_of(db) == {"王芳": "高中组", "李强": "初中组"}
    assert load_mappings(db, "members").columns == {"所在工会小组": "group_name"}
    (entry,) = audit.list_entries(db, entity="import_mapping")
    assert "列“所在工会小组” → 工会小组" in entry.summary

    later = roster(tmp_path / "明年.xlsx", [[1, "赵敏", "女", date(1990, 3, 1), "小学组"]])
    code, out, err = run(db, "members", later, capsys=capsys)  # no flags
    assert code == 0 and err == "" and "未导入的列" not in out
    assert groups_of(db)["赵敏"] == "小学组"


def test_two_columns_on_one_field(db, tmp_path, capsys):
    book = roster(tmp_path / "花名册.xlsx", [[*ROWS[0], "高中"]], [*ROSTER, "小组名称"])
    before = snapshot(db)
    options = ["--map", "所在工会小组=工会小组", "--map", "小组名称=工会小组"]
    code, _out, err = run(db, "members", book, *options, capsys=capsys)
    assert code == cli.EXIT_USAGE
    assert "--map 把“所在工会小组”和“小组名称”两列都对应到“工会小组”，一个字段只能来自一列" in err
    # One remembered, one given now: found when the file is read.
    remembered = ImportMappings()
    remembered.set_column("所在工会小组", "group_name")
    with db.session() as s:
        remember_mappings_in(s, "members", remembered)
    before = snapshot(db)
    code, _out, err = run(db, "members", book, "--map", "小组名称=工会小组", capsys=capsys)
    assert code == cli.EXIT_REFUSED
    assert "“所在工会小组”和“小组名称”两列都对应到“工会小组”" in err and "Traceback" not in err
    assert snapshot(db) == before
    # Saying what the remembered one is now settles it.
    code, _out, err = run(
        db, "members", book, "--map", "小组名称=工会小组", "--map", "所在工会小组=忽略", capsys=capsys
    )
    assert code == 0 and groups_of(db) == {"王芳": "高中"}
    assert load_mappings(db, "members").columns == {"所在工会小组": "", "小组名称": "group_name"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--map", "所在工会小组=小组长"], "--map 中的“小组长”不是会员花名册的字段，可用的字段：姓名、性别"),
        (["--map", "abc"], "--map “abc”的写法有误，应写成“表头=字段”"),
        (["--map", "=工会小组"], "--map “=工会小组”的写法有误"),
        (["--map-value", "科目=x"], "--map-value “科目=x”的写法有误，应写成“字段:文件中的值=对应值”"),
        (
            ["--map-value", "姓名:王芳=王方"],
            "--map-value 的字段“姓名”没有固定的取值，会员花名册可以对应取值的字段：工会小组、人员状态",
        ),
        (["--map-value", "科目:送温暖慰问=送温暖费"], "--map-value 中的“科目”不是会员花名册的字段"),
    ],
)
def test_bad_options_exit_2_in_chinese_and_write_nothing(db, tmp_path, capsys, options, message):
    book = roster(tmp_path / "花名册.xlsx")
    before = snapshot(db)
    code, out, err = run(db, "members", book, *options, capsys=capsys)
    assert code == cli.EXIT_USAGE and out == ""
    assert err.startswith("命令用法有误：") and message in err
    assert snapshot(db) == before


def test_ignoring_the_name_column_says_what_happened(db, tmp_path, capsys):
    code, _out, err = run(db, "members", roster(tmp_path / "花名册.xlsx"), "--map", "姓名=忽略", capsys=capsys)
    assert code == cli.EXIT_REFUSED
    assert "“姓名”列被对应为“忽略”" in err and '--map "姓名=姓名"' in err


# ---------------------------------------------------------------- ledger categories


def ledger_book(path, rows):
    return write_xlsx(path, ["序号", "日期", "摘要", "科目", "收入", "支出"], rows, titles=["收支明细账"])


def entries_by_category(db) -> list[str]:
    names = {c.id: c.full_name for c in ledger.list_categories(db)}
    return sorted(names[e.category_id] for e in ledger.list_entries(db, ledger.LedgerFilter()))


def test_an_unknown_category_prints_the_option_to_add_and_is_remembered(db, tmp_path, capsys):
    rows = [
        [1, date(LAST, 3, 1), "慰问困难职工", "送温暖慰问", None, 500],
        [2, date(LAST, 3, 2), "春节慰问", "送温暖", None, 300],  # a synonym: imports as it is
    ]
    book = ledger_book(tmp_path / "账.xlsx", rows)
    before = snapshot(db)
    code, _out, err = run(db, "ledger", book, capsys=capsys)
    assert code == cli.EXIT_REFUSED
    lines = err.splitlines()
    assert lines[0].startswith(f"第 3 行（慰问困难职工）：无法识别的科目“送温暖慰问”，最接近的是“{WARMTH}”")
    option = f'--map-value "科目:送温暖慰问={WARMTH}"'
    assert lines[1].endswith(f"如果是“{WARMTH}”，请加上 {option}")
    assert "整个文件没有导入" in lines[2]
    assert snapshot(db) == before  # refused: nothing written, nothing remembered

    code, out, err = run(db, "ledger", book, *shlex.split(option), capsys=capsys)
    assert code == 0 and err == "" and "导入完成：记账 2 笔" in out
    assert entries_by_category(db) == [WARMTH, WARMTH]
    assert load_mappings(db, "ledger").values == {"category": {"送温暖慰问": WARMTH}}
    (entry,) = audit.list_entries(db, entity="import_mapping")
    assert entry.summary == f"记住导入对应关系（收支明细账）：科目“送温暖慰问” → “{WARMTH}”"

    later = ledger_book(tmp_path / "明年.xlsx", [[1, date(LAST, 6, 1), "慰问", "送温暖慰问", None, 200]])
    code, out, err = run(db, "ledger", later, capsys=capsys)
    assert code == 0 and err == "" and "导入完成：记账 1 笔" in out


def test_skip_errors_remembers_a_refusal_does_not(db, tmp_path, capsys):
    rows = [
        [1, date(LAST, 3, 1), "慰问困难职工", "送温暖慰问", None, 500],
        [2, date(LAST, 3, 2), None, "送温暖", None, 300],  # no summary
    ]
    book = ledger_book(tmp_path / "账.xlsx", rows)
    option = ["--map-value", f"科目:送温暖慰问={WARMTH}"]
    before = snapshot(db)
    assert run(db, "ledger", book, *option, capsys=capsys)[0] == cli.EXIT_REFUSED
    assert snapshot(db) == before
    code, out, _err = run(db, "ledger", book, *option, "--skip-errors", capsys=capsys)
    assert code == 0 and "记账 1 笔" in out and "跳过 1 行" in out
    assert load_mappings(db, "ledger").values == {"category": {"送温暖慰问": WARMTH}}


@pytest.mark.parametrize("odd", ['送"温暖"慰问\\专项', "慰问=送温暖", "科目:慰问"])
def test_a_value_with_quotes_or_equals_prints_an_option_that_round_trips(db, tmp_path, capsys, odd):
    book = ledger_book(tmp_path / "账.xlsx", [[1, date(LAST, 3, 1), "慰问", odd, None, 500]])
    code, _out, err = run(db, "ledger", book, capsys=capsys)
    assert code == cli.EXIT_REFUSED
    line = err.splitlines()[1]
    target = line.partition("如果是“")[2].partition("”")[0]
    printed = line.rpartition("请加上 ")[2]
    assert target and printed == map_value_option("科目", odd, target)
    assert shlex.split(printed) == ["--map-value", f"科目:{odd}={target}"]  # as a shell passes it
    code, out, err = run(db, "ledger", book, *shlex.split(printed), capsys=capsys)
    assert code == 0 and err == "" and "记账 1 笔" in out
    assert load_mappings(db, "ledger").values == {"category": {odd: target}}


def test_a_remembered_category_deleted_since_is_asked_again(db, tmp_path, capsys):
    parent = next(c.id for c in ledger.list_categories(db) if c.full_name == "维权支出")
    made = ledger.add_category(db, "节日送温暖", "expense", parent)
    remembered = ImportMappings()
    remembered.set_value("category", "送温暖慰问", "维权支出/节日送温暖")
    with db.session() as s:
        remember_mappings_in(s, "ledger", remembered)
    ledger.remove_category(db, made)
    book = ledger_book(tmp_path / "账.xlsx", [[1, date(LAST, 3, 1), "慰问", "送温暖慰问", None, 500]])
    before = snapshot(db)
    code, _out, err = run(db, "ledger", book, capsys=capsys)
    assert code == cli.EXIT_REFUSED and snapshot(db) == before
    lines = err.splitlines()
    assert "对应“送温暖慰问”→“维权支出/节日送温暖”不能用" in lines[0]
    assert lines[1].endswith(f'--map-value "科目:送温暖慰问={WARMTH}"')
    code, _out, err = run(db, "ledger", book, "--map-value", f"科目:送温暖慰问={WARMTH}", capsys=capsys)
    assert code == 0 and load_mappings(db, "ledger").values == {"category": {"送温暖慰问": WARMTH}}


# ---------------------------------------------------------------- visits, statuses


def test_a_registers_own_words_mapped_then_unattended(db, tmp_path, capsys):
    for name, gender, birth in [("李娜", "F", date(1990, 1, 2)), ("张伟", "M", date(1980, 5, 6))]:
        members.add_member(db, MemberInput(name=name, gender=gender, birth_date=birth))
    header = ["日期", "姓名", "类型", "慰问金", "状态"]
    rows = [[date(LAST, 4, 1), "李娜", "喜得贵子", 300, "已落实"], [date(LAST, 5, 1), "张伟", "住院慰问", 300, None]]
    book = write_xlsx(tmp_path / "登记.xlsx", header, rows, sheet="五必访")
    before = snapshot(db)
    code, _out, err = run(db, "visits", book, capsys=capsys)
    assert code == cli.EXIT_REFUSED and snapshot(db) == before
    assert "已有的走访类型：“生病住院”“生育”" in err  # nothing near 喜得贵子: the types are listed
    assert '--map-value "走访类型:喜得贵子=' in err
    assert '如果是“已访”，请加上 --map-value "走访状态:已落实=已访"' in err
    options = ["--map-value", "走访类型:喜得贵子=生育", "--map-value", "走访状态:已落实=已访"]
    code, out, err = run(db, "visits", book, *options, capsys=capsys)
    assert code == 0 and err == "" and "新增走访记录 2 条" in out
    later = write_xlsx(tmp_path / "明年.xlsx", header, [[date(LAST, 6, 1), "张伟", "喜得贵子", 300, "已落实"]])
    code, out, err = run(db, "visits", later, capsys=capsys)
    assert code == 0 and err == "" and "新增走访记录 1 条" in out


def test_a_member_status_word_mapped(db, tmp_path, capsys):
    header = [*ROSTER, "人员状态"]
    book = roster(tmp_path / "花名册.xlsx", [[*ROWS[0], "离岗"]], header)
    code, _out, err = run(db, "members", book, "--map", "所在工会小组=工会小组", capsys=capsys)
    assert code == cli.EXIT_REFUSED and "人员状态“离岗”（第 3 行）无法识别" in err
    assert load_mappings(db, "members").columns == {}  # the refused import remembered not even the column
    options = ["--map", "所在工会小组=工会小组", "--map-value", "人员状态:离岗=调出"]
    assert run(db, "members", book, *options, capsys=capsys)[0] == 0
    assert [m.status for m in members.list_members(db)] == ["transferred"]
    assert load_mappings(db, "members").values == {"status": {"离岗": "调出"}}


def test_a_field_named_by_a_header_two_fields_share_is_the_one_it_names_first(db, tmp_path, capsys):
    """部门 is the department's second header name and the group's fallback: --map "…=部门"
    means the department, as the group column beside it shows."""
    book = roster(tmp_path / "花名册.xlsx", [[*ROWS[0], "语文组"]], [*ROSTER, "科室名称"])
    options = ["--map", "所在工会小组=工会小组", "--map", "科室名称=部门"]
    assert run(db, "members", book, *options, capsys=capsys)[0] == 0
    (member,) = members.list_members(db)
    assert (member.group_name, member.department) == ("高中组", "语文组")
    assert load_mappings(db, "members").columns == {"所在工会小组": "group_name", "科室名称": "department"}
