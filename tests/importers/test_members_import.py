"""Members workbook → plan → apply_import: matching, updates, refusals, all-or-nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from unionapp.domain.members import MemberInput
from unionapp.importers.errors import ImportFileError, ImportRefused
from unionapp.importers.members import apply_import, plan_member_import
from unionapp.services import audit
from unionapp.services.groups import add_group
from unionapp.services.members import add_member, count_members, list_members

from .workbooks import id_for, write_xlsx

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = date(2026, 3, 1)
HEADER = [
    "序号",
    "*姓 名",
    "性别",
    "身份证号码\n(18位)",
    "出生年月",
    "联系电话",
    "工会小组",
    "部门",
    "入会时间",
    "状态",
    "籍贯",
    "年龄",
]
WANG_ID = id_for(date(1985, 3, 12), 1, "F")


def messy_rows() -> list[list]:
    return [
        [
            1,
            "王芳",
            "女",
            WANG_ID,
            datetime(1985, 3, 12),
            13812345678,
            "高中组",
            "语文组",
            "2009-03-01",
            "在职",
            "安徽",
            40,
        ],
        [2, "李 强", "男", None, "1986-04-15", "139-0000-1111", "初中组", "数学组", None, "已退休", None, 39],
        [],
        [3, "张伟", "男", None, "1987.5.6", None, "小学组", None, "2010年9月", "离职", None, 38],
        [4, "陈静", "女", None, "1988/07/08", None, "小学组", None, None, None, "江苏", 37],
        [5, "刘洋", None, None, "1989年8月9日", None, None, None, None, "已故", None, 36],
        [6, "赵敏", "女", None, "199003", None, "高中组", None, None, "在职", None, 35],
        [7, "孙磊", "男", None, 33000, None, "高中组", None, None, "在职", None, 34],
        [],
        [None, "合计", None, None, None, None, None, None, None, None, None, 259],
        [None, None, None, None, None, None, None, None, None, None, None, 259],
    ]


def messy(tmp_path: Path, rows=None, name="花名册.xlsx") -> Path:
    return write_xlsx(
        tmp_path / name,
        HEADER,
        messy_rows() if rows is None else rows,
        titles=["某某中学2026年教职工花名册", "填报日期：2026年3月1日"],
    )


def plan(db, path):
    return plan_member_import(db, path, today=TODAY)


def refused_lines(p) -> list[str]:
    return [line for row in p.refused for line in row.lines()]


def one_row_plan(db, tmp_path, *rows, header=HEADER):
    return plan(db, write_xlsx(tmp_path / "one.xlsx", header, list(rows)))


def test_messy_roster_gives_exact_adds(db, tmp_path):
    p = plan(db, messy(tmp_path))
    assert p.refused == []
    assert (p.source, p.sheet, p.header_row) == ("花名册.xlsx", "花名册", 3)
    assert p.columns["group_name"] == "工会小组" and p.columns["department"] == "部门"
    assert p.ignored_columns == ["年龄"]
    got = [(r.row_number, r.data.name, r.data.birth_date, r.data.status, r.data.group_name) for r in p.adds]
    assert got == [
        (4, "王芳", date(1985, 3, 12), "active", "高中组"),
        (5, "李强", date(1986, 4, 15), "retired", "初中组"),
        (7, "张伟", date(1987, 5, 6), "transferred", "小学组"),
        (8, "陈静", date(1988, 7, 8), "active", "小学组"),
        (9, "刘洋", date(1989, 8, 9), "deceased", ""),
        (10, "赵敏", date(1990, 3, 1), "active", "高中组"),
        (11, "孙磊", date(1899, 12, 30) + timedelta(days=33000), "active", "高中组"),
    ]
    wang, li = p.adds[0].data, p.adds[1].data
    assert (wang.id_number, wang.gender, wang.phone, wang.department) == (WANG_ID, "F", "13812345678", "语文组")
    assert (wang.join_union_date, wang.native_province) == (date(2009, 3, 1), "安徽")
    assert li.phone == "13900001111"
    assert p.adds[2].data.join_union_date == date(2010, 9, 1)
    assert p.new_groups == ["高中组", "初中组", "小学组"]
    assert p.summary() == "新增 7 人，更新 0 人，无变化 0 人，有问题 0 行"

    result = apply_import(db, p)
    assert (result.added, result.updated) == (7, 0)
    assert count_members(db) == 7


def test_existing_groups_are_not_new(db, tmp_path):
    add_group(db, "高中组")
    assert plan(db, messy(tmp_path)).new_groups == ["初中组", "小学组"]


def test_reimport_of_the_same_file_changes_nothing(db, tmp_path):
    path = messy(tmp_path)
    apply_import(db, plan(db, path))
    again = plan(db, path)
    assert (len(again.adds), len(again.updates), len(again.unchanged), len(again.refused)) == (0, 0, 7, 0)
    assert again.summary() == "新增 0 人，更新 0 人，无变化 7 人，有问题 0 行"


def test_changed_phone_is_one_update(db, tmp_path):
    apply_import(db, plan(db, messy(tmp_path)))
    rows = messy_rows()
    rows[0][5] = "13999998888"
    p = plan(db, messy(tmp_path, rows, name="新.xlsx"))
    assert [(r.row_number, r.data.name, r.changes) for r in p.updates] == [(4, "王芳", ["手机号"])]
    assert len(p.unchanged) == 6
    apply_import(db, p)
    wang = next(m for m in list_members(db) if m.name == "王芳")
    assert wang.phone == "13999998888" and wang.department == "语文组"


def test_changed_phones_show_old_to_new_in_the_plan_and_the_audit_entry(db, tmp_path):
    apply_import(db, plan(db, messy(tmp_path)))
    rows = messy_rows()
    rows[0][5] = "13900000000"  # 王芳, was 13812345678
    rows[1][5] = "139-1234-1111"  # 李强, was 13900001111: only hidden digits change
    p = plan(db, messy(tmp_path, rows, name="新.xlsx"))
    assert [(r.row_number, r.before, r.after) for r in p.updates] == [
        (4, {"phone": "13812345678"}, {"phone": "13900000000"}),
        (5, {"phone": "13900001111"}, {"phone": "13912341111"}),
    ]
    assert [r.change_lines() for r in p.updates] == [
        ["手机号：138****5678 → 139****0000"],
        ["手机号：139****1111 → 139****1111（中间几位有改动）"],
    ]
    assert p.summary() == "新增 0 人，更新 2 人（共 2 处修改），无变化 5 人，有问题 0 行"

    result = apply_import(db, p)
    assert result.summary() == "新增 0 人，更新 2 人（共 2 处修改），跳过 0 行"
    entry = audit.list_entries(db, entity="member")[0]
    assert entry.summary == "从 新.xlsx 导入会员：新增 0 人，更新 2 人（共 2 处修改），跳过 0 行"
    assert entry.after["changed_fields"] == 2
    assert [(i["name"], i["row"], i["before"], i["after"]) for i in entry.items] == [
        ("王芳", 4, {"phone": "13812345678"}, {"phone": "13900000000"}),
        ("李强", 5, {"phone": "13900001111"}, {"phone": "13912341111"}),
    ]
    lines = audit.describe_change(entry)
    assert "王芳（第 4 行）：手机号：138****5678 → 139****0000" in lines
    assert "李强（第 5 行）：手机号：139****1111 → 139****1111（中间几位有改动）" in lines
    assert not any("无变化" in line or "13900000000" in line for line in lines)


def test_update_takes_only_filled_cells(db, tmp_path):
    member_id = add_member(
        db,
        MemberInput(name="王芳", id_number=WANG_ID, phone="13812345678", title="一级教师", notes="班主任"),
        today=TODAY,
    )
    p = one_row_plan(db, tmp_path, ["王芳", WANG_ID, None, "高级教师"], header=["姓名", "身份证号", "手机号", "职称"])
    assert [(r.member_id, r.changes) for r in p.updates] == [(member_id, ["职称"])]
    apply_import(db, p)
    (wang,) = list_members(db)
    assert (wang.phone, wang.title, wang.notes) == ("13812345678", "高级教师", "班主任")


def test_match_by_name_and_birth_date_adds_the_id_number(db, tmp_path):
    add_member(db, MemberInput(name="王芳", birth_date=date(1985, 3, 12)), today=TODAY)
    p = one_row_plan(db, tmp_path, ["王芳", WANG_ID], header=["姓名", "身份证号"])
    assert [r.changes for r in p.updates] == [["性别", "身份证号", "退休类别"]]  # F55 follows the gender


def test_name_alone_matches_a_single_namesake(db, tmp_path):
    member_id = add_member(db, MemberInput(name="王芳", phone="13812345678"), today=TODAY)
    p = one_row_plan(db, tmp_path, ["王芳", "13800001111"], header=["姓名", "手机号"])
    assert [(r.member_id, r.changes) for r in p.updates] == [(member_id, ["手机号"])]


def test_several_namesakes_need_an_id_number(db, tmp_path):
    add_member(db, MemberInput(name="王芳", birth_date=date(1985, 3, 12)), today=TODAY)
    add_member(db, MemberInput(name="王芳", birth_date=date(1990, 1, 1)), today=TODAY)
    p = one_row_plan(db, tmp_path, ["王芳", "13800001111"], header=["姓名", "手机号"])
    assert refused_lines(p) == ["第 2 行（王芳）：有 2 位同名会员，请填写身份证号以区分"]


def test_id_number_of_someone_else(db, tmp_path):
    add_member(db, MemberInput(name="王芳", id_number=WANG_ID), today=TODAY)
    p = one_row_plan(db, tmp_path, ["王小芳", WANG_ID], header=["姓名", "身份证号"])
    assert refused_lines(p) == [
        f"第 2 行（王小芳）：身份证号 {WANG_ID} 已属于会员 王芳，与本行姓名不同，请核对姓名或身份证号"
    ]


# ---------------------------------------------------------------- refused rows

BAD_HEADER = ["序号", "姓名", "性别", "身份证号", "出生日期", "手机号", "是否会员", "人员状态"]
GOOD = id_for(date(1990, 3, 7), 12, "M")
WRONG_CHECK = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")


@pytest.mark.parametrize(
    "row, expected",
    [
        (
            [1, "甲", None, 1.10101199003074e17, None, None, None, None],
            "身份证号被 Excel 存成了数字，后几位已经丢失（显示为 1.10101199003074E+17）。"
            "Excel 只保留 15 位有效数字，即使校验位碰巧正确，这个号码也不可信。"
            "请把该列设置为“文本”格式，重新填写正确的身份证号。",
        ),
        (  # a whole number some tools write with its digits: the zeros are Excel's, not the ID's
            [1, "甲", None, 310101199003070000, None, None, None, None],
            "身份证号被 Excel 存成了数字，后几位已经丢失（显示为 3.1010119900307E+17）。"
            "Excel 只保留 15 位有效数字，即使校验位碰巧正确，这个号码也不可信。"
            "请把该列设置为“文本”格式，重新填写正确的身份证号。",
        ),
        ([1, "甲", None, WRONG_CHECK, None, None, None, None], f"身份证号校验位不正确（应为 {GOOD[17]}），请核对原件"),
        ([1, "甲", None, None, "1985-02-30", None, None, None], "出生日期：日期 1985-02-30 不存在，请核对"),
        ([1, None, "男", GOOD, None, None, None, None], "姓名不能为空"),
        ([1, "甲", None, None, None, None, "也许", None], "是否会员“也许”无法识别，请填“是”或“否”"),
        (
            [1, "甲", None, None, None, None, None, "休假"],
            "无法识别的人员状态“休假”，最接近的是“退休”，请选择对应的人员状态",
        ),
        ([1, "甲", "女", GOOD, None, None, None, None], "性别与身份证号不一致（身份证号为男）"),
    ],
)
def test_bad_cell_is_refused_with_row_number(db, tmp_path, row, expected):
    p = one_row_plan(db, tmp_path, row, header=BAD_HEADER)
    who = f"（{row[1]}）" if row[1] else ""
    assert refused_lines(p) == [f"第 2 行{who}：{expected}"]
    assert p.adds == []


def test_all_problems_of_a_row_are_listed(db, tmp_path):
    p = one_row_plan(
        db, tmp_path, [1, "甲", "未知", WRONG_CHECK, "1985.13.1", "12345", "是", "在职"], header=BAD_HEADER
    )
    assert [len(r.reasons) for r in p.refused] == [4]
    reasons = p.refused[0].reasons
    assert reasons[0] == "出生日期：日期 1985-13-01 不存在，请核对"
    assert "性别“未知”无法识别，应为 男、女 之一" in reasons
    assert f"身份证号校验位不正确（应为 {GOOD[17]}），请核对原件" in reasons
    assert "手机号应为以 1 开头的 11 位数字，这里是“12345”" in reasons


def test_duplicate_id_number_inside_the_file(db, tmp_path):
    p = one_row_plan(
        db, tmp_path, [1, "甲", None, GOOD], [2, "乙", None, None], [3, "甲", None, GOOD.lower()], header=BAD_HEADER
    )
    assert refused_lines(p) == ["第 4 行（甲）：与第 2 行的身份证号重复"]
    assert [r.row_number for r in p.adds] == [2, 3]


def test_same_new_person_twice_without_id(db, tmp_path):
    p = one_row_plan(
        db, tmp_path, [1, "甲", None, None, "1990-03-07"], [2, "甲", None, None, date(1990, 3, 7)], header=BAD_HEADER
    )
    assert refused_lines(p) == [
        "第 3 行（甲）：与第 2 行的姓名、出生日期相同，可能重复登记；如果不是同一人，请填写身份证号"
    ]


def test_two_rows_for_one_existing_member(db, tmp_path):
    add_member(db, MemberInput(name="甲", id_number=GOOD), today=TODAY)
    p = one_row_plan(
        db,
        tmp_path,
        [1, "甲", None, GOOD, None, "13800000001"],
        [2, "甲", None, None, None, "13800000002"],
        header=BAD_HEADER,
    )
    assert refused_lines(p) == ["第 3 行（甲）：与第 2 行是同一位会员（甲），请合并为一行"]


def mixed_file(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "mixed.xlsx",
        BAD_HEADER,
        [
            [1, "甲", None, GOOD, None, "13800000001", "是", "在职"],
            [2, "乙", None, WRONG_CHECK, None, None, None, None],
            [3, "丙", "女", None, "1991-01-01", None, "否", "退休"],
        ],
    )


def test_refused_file_writes_nothing(db, tmp_path):
    add_member(db, MemberInput(name="原有"), today=TODAY)
    p = plan(db, mixed_file(tmp_path))
    assert p.summary() == "新增 2 人，更新 0 人，无变化 0 人，有问题 1 行"
    with pytest.raises(ImportRefused) as err:
        apply_import(db, p)
    assert err.value.lines() == [f"第 3 行（乙）：身份证号校验位不正确（应为 {GOOD[17]}），请核对原件"]
    assert count_members(db) == 1


def test_skip_errors_writes_only_good_rows(db, tmp_path):
    p = plan(db, mixed_file(tmp_path))
    result = apply_import(db, p, skip_errors=True)
    assert (result.added, result.updated, result.refused) == (2, 0, 1)
    members = {m.name: m for m in list_members(db)}
    assert set(members) == {"甲", "丙"}
    assert (members["丙"].status, members["丙"].is_union_member) == ("retired", False)


# ---------------------------------------------------------------- legacy .xls and file errors


def test_legacy_xls_fixture_imports(db):
    p = plan(db, FIXTURES / "roster_legacy.xls")
    assert p.refused == []
    got = [(r.row_number, r.data.name, r.data.birth_date, r.data.status) for r in p.adds]
    assert got == [
        (4, "王芳", date(1985, 3, 12), "active"),
        (5, "李强", date(1979, 11, 5), "active"),
        (6, "张伟", date(1979, 5, 25), "active"),  # serial number 29000
        (8, "陈静", date(1985, 3, 1), "active"),  # "198503"
        (9, "刘洋", date(1962, 6, 18), "retired"),  # "已退休"
    ]
    wang, li, zhang = (r.data for r in p.adds[:3])
    assert (wang.phone, wang.group_name, wang.work_start_date, wang.join_union_date) == (
        "13812345678",
        "高中组",
        date(2008, 9, 1),
        date(2009, 3, 1),
    )
    assert (li.phone, li.work_start_date) == ("13900001111", date(2001, 8, 1))
    assert zhang.work_start_date == date(2002, 9, 1)  # serial number 37500
    apply_import(db, p)
    assert count_members(db) == 5


def test_wps_xls_fixture_with_group_and_department(db):
    p = plan(db, FIXTURES / "roster_wps.xls")
    zhao, sun = (r.data for r in p.adds)
    assert (zhao.group_name, zhao.department, zhao.is_union_member, zhao.ethnicity) == (
        "初中组",
        "数学组",
        True,
        "汉族",
    )
    assert (sun.is_union_member, sun.hardship_level, sun.native_province) == (False, "", "湖北")
    # 困难 opens a hardship file when applied; the member's mark then mirrors it
    assert [(m.name, m.level, m.member_id) for m in p.marks.opens] == [(sun.name, "hardship", None)]


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("a.xlsx", bytes(range(256)) * 4, "不是有效的 Excel 工作簿"),
        ("a.et", "姓名\n张三\n".encode(), "只能导入 Excel 工作簿"),
        ("a.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "请在 Excel 中取消密码后另存为再导入"),
    ],
)
def test_unreadable_files(db, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=expected):
        plan(db, path)


def test_encrypted_fixture_and_no_header(db, tmp_path):
    with pytest.raises(ImportFileError, match="设置了打开密码"):
        plan(db, FIXTURES / "roster_encrypted.xlsx")
    with pytest.raises(ImportFileError, match="没有找到表头行"):
        plan(db, write_xlsx(tmp_path / "b.xlsx", ["编号", "金额"], [[1, 2]]))


# ---------------------------------------------------------------- size


def test_ten_thousand_rows_plan_and_apply(db, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(["序号", "姓名", "性别", "身份证号", "手机号", "工会小组", "人员状态"])
    for i in range(10_000):
        birth = date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
        gender = "MF"[i % 2]
        ws.append(
            [
                i + 1,
                f"会员{i:05d}",
                "男女"[i % 2],
                id_for(birth, i % 100, gender, f"34{i // 4000:04d}"),
                f"138{i:08d}",
                ["高中组", "初中组"][i % 2],
                "在职",
            ]
        )
    path = tmp_path / "big.xlsx"
    wb.save(path)
    p = plan(db, path)
    assert (len(p.adds), len(p.refused)) == (10_000, 0)
    assert apply_import(db, p).added == 10_000
    assert count_members(db) == 10_000
