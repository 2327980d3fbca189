"""Finding the table in a workbook and reading its rows; files that can't be read."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from unionapp.importers import calamine_book, sources, workbook, xlsx
from unionapp.importers.errors import ImportFileError
from unionapp.importers.headers import MEMBER_HEADERS
from unionapp.importers.workbook import normalize_header, read_sheet

from .workbooks import write_xlsx

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ALIASES = {"name": ("姓名",), "id_number": ("身份证号", "身份证号码"), "phone": ("手机号", "电话")}


def rows_of(path: Path, aliases=ALIASES) -> list[tuple[int, dict]]:
    with read_sheet(path, aliases) as sheet:
        return list(sheet.rows())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("*姓名", "姓名"),
        ("姓  名", "姓名"),
        ("身份证号码\n(18位)", "身份证号码"),
        ("身份证号码（18位）", "身份证号码"),
        ("手机号【必填】", "手机号"),
        ("＊出生日期：", "出生日期"),
        ("部门/岗位", "部门/岗位"),
    ],
)
def test_normalize_header(text, expected):
    assert normalize_header(text) == expected


def test_header_below_merged_title_rows(tmp_path):
    path = write_xlsx(
        tmp_path / "a.xlsx",
        ["序号", "*姓 名", "身份证号码\n（18位）", "年龄"],
        [[1, "  张三 ", "110101199003071234", 36]],
        titles=["某某中学花名册", "2026年3月"],
    )
    with read_sheet(path, ALIASES) as sheet:
        assert sheet.name == "花名册"
        assert sheet.header_row == 3
        assert {f: c.index for f, c in sheet.columns.items()} == {"name": 1, "id_number": 2}
        assert sheet.columns["id_number"].header == "身份证号码 （18位）"
        assert sheet.ignored_columns == ["年龄"]  # 序号 is expected, so not listed
        assert list(sheet.rows()) == [(4, {"name": "张三", "id_number": "110101199003071234"})]


def test_first_sheet_with_a_header_is_chosen(tmp_path):
    notes = [("填表说明", [["请按下表填写"], ["姓名写全名"]])]
    path = write_xlsx(tmp_path / "a.xlsx", ["姓名", "电话"], [["李四", 13812345678]], sheet="名单", sheets_before=notes)
    with read_sheet(path, ALIASES) as sheet:
        assert sheet.name == "名单"
        assert list(sheet.rows()) == [(2, {"name": "李四", "phone": 13812345678})]


def test_hidden_sheet_is_used_only_when_no_visible_one_has_a_header(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    old = wb.active
    old.title = "旧名单"
    old.append(["姓名", "电话"])
    old.append(["旧人", 1])
    old.sheet_state = "hidden"
    new = wb.create_sheet("新名单")
    new.append(["姓名", "电话"])
    new.append(["新人", 2])
    wb.save(tmp_path / "a.xlsx")
    with read_sheet(tmp_path / "a.xlsx", ALIASES) as sheet:
        assert sheet.name == "新名单"


def test_repeated_header_rows_are_skipped(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", ["姓名", "电话"], [["甲", 1], ["姓 名", "电话"], ["乙", 2]])
    assert [v["name"] for _, v in rows_of(path)] == ["甲", "乙"]


def test_the_row_matching_most_columns_is_the_header(tmp_path):
    # A title that happens to contain one header word does not win over the real header.
    path = write_xlsx(tmp_path / "a.xlsx", ["姓名", "身份证号", "手机号"], [["王五", None, "138"]], titles=["姓名"])
    with read_sheet(path, ALIASES) as sheet:
        assert sheet.header_row == 2


def test_blank_totals_and_footer_rows_are_skipped(tmp_path):
    path = write_xlsx(
        tmp_path / "a.xlsx",
        ["序号", "姓名", "手机号", "人数"],
        [
            [1, "甲", 13800000001, 1],
            [],
            [2, None, None, None],  # numbered but empty
            [3, "乙", "13800000002", 1],
            [None, "合  计", None, 2],
            ["总计", None, None, 2],
            [None, None, None, 2],  # no name, only numbers: totals without the word
            ["制表人：张老师", None, None, None],
        ],
    )
    assert [(n, v["name"]) for n, v in rows_of(path)] == [(2, "甲"), (5, "乙")]


def test_values_keep_their_type(tmp_path):
    path = write_xlsx(
        tmp_path / "a.xlsx",
        ["姓名", "身份证号", "手机号"],
        [
            ["甲", 1.10101199003074e17, 13800000001],
            ["乙", " 11010119900307123x ", datetime(2001, 5, 6)],
        ],
    )
    assert rows_of(path) == [
        (2, {"name": "甲", "id_number": 1.10101199003074e17, "phone": 13800000001}),
        (3, {"name": "乙", "id_number": "11010119900307123x", "phone": date(2001, 5, 6)}),
    ]


def test_formulas_give_their_cached_value(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", ["姓名", "手机号"], [["甲", "=1+1"]])
    # openpyxl does not calculate, so there is no cached value: the cell reads as blank.
    assert rows_of(path) == [(2, {"name": "甲", "phone": None})]


def test_department_is_the_group_only_without_a_group_column():
    assert set(workbook.match_header(["姓名", "部门"], MEMBER_HEADERS)) == {"name", "group_name"}
    both = workbook.match_header(["姓名", "部门", "工会小组"], MEMBER_HEADERS)
    assert {f: c.index for f, c in both.items()} == {"name": 0, "group_name": 2, "department": 1}


def test_a_long_run_of_blank_rows_ends_the_table(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_BLANK_RUN", 5)
    rows = [["甲", "1"]] + [[]] * 5 + [["乙", "2"]]
    path = write_xlsx(tmp_path / "a.xlsx", ["姓名", "电话"], rows)
    assert [v["name"] for _, v in rows_of(path)] == ["甲"]


def test_legacy_xls_with_dates(tmp_path):
    aliases = {"name": ("姓名",), "birth_date": ("出生年月",), "work_start_date": ("参加工作时间",)}
    with read_sheet(FIXTURES / "roster_legacy.xls", aliases) as sheet:
        assert (sheet.name, sheet.header_row) == ("花名册", 3)
        rows = list(sheet.rows())
    assert [n for n, _ in rows] == [4, 5, 6, 8, 9]
    first, _, third = (values for _, values in rows[:3])
    assert first["birth_date"] == date(1985, 3, 12)  # a real date cell, not a float
    assert third["birth_date"] == 29000  # a serial number typed as a number stays a number


# ---------------------------------------------------------------- files that can't be used


def error_for(path: Path) -> str:
    with pytest.raises(ImportFileError) as err:
        read_sheet(path, ALIASES)
    return str(err.value)


def test_missing_file(tmp_path):
    assert "找不到文件" in error_for(tmp_path / "没有.xlsx")


def test_text_file_renamed_to_xlsx_is_read_as_text(tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_text("姓名,身份证号\n张三,138\n", encoding="utf-8")
    assert [v["name"] for _, v in rows_of(path)] == ["张三"]


def test_random_bytes_renamed_to_xlsx(tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    message = error_for(path)
    assert "“名单.xlsx”不是有效的 Excel 工作簿" in message and "另存为" in message


def test_zip_that_is_not_a_workbook(tmp_path):
    import zipfile

    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "不是有效的 Excel 工作簿" in error_for(path)


@pytest.mark.parametrize("name", ["名单.et", "名单.numbers", "名单.xlsb", "名单"])
def test_unsupported_extension(tmp_path, name):
    path = tmp_path / name
    path.write_text("姓名\n张三\n", encoding="utf-8")
    message = error_for(path)
    assert (
        "只能导入 Excel 工作簿（.xlsx、.xlsm、.xls）、OpenDocument 表格（.ods）或文本表格（.csv、.tsv、.txt）"
        in message
    )
    assert "另存为“Excel 工作簿（*.xlsx）”" in message


@pytest.mark.parametrize("name", ["roster_encrypted.xlsx", "roster_encrypted.xls"])
def test_password_protected_fixture(name):
    message = error_for(FIXTURES / name)
    assert "设置了打开密码" in message and "请在 Excel 中取消密码后另存为再导入" in message


def test_ole_header_with_xlsx_extension_is_password_protected(tmp_path):
    path = tmp_path / "加密.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "设置了打开密码" in error_for(path)


def test_legacy_xls_renamed_to_xlsx_still_opens(tmp_path):
    path = tmp_path / "旧表.xlsx"
    path.write_bytes((FIXTURES / "roster_wps.xls").read_bytes())
    assert [v["name"] for _, v in rows_of(path)] == ["赵敏", "孙磊"]


def test_no_header_row(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", ["编号", "金额"], [[1, 100]])
    message = error_for(path)
    assert message.startswith("没有找到表头行：第一行或前几行应有“姓名”“身份证号”等列名")


def test_excel_lock_file(tmp_path):
    path = tmp_path / "~$名单.xlsx"
    path.write_bytes(b"\x08lock")
    assert "临时文件" in error_for(path)


def test_file_locked_by_excel(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "名单.xlsx", ["姓名", "电话"], [["甲", 1]])

    def locked(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sources, "check_members", locked)  # the first read after the file's head
    assert "请先在 Excel 或 WPS 中关闭这个文件" in error_for(path)
    monkeypatch.undo()
    monkeypatch.setattr(calamine_book, "CalamineWorkbook", SimpleNamespace(from_filelike=locked))
    monkeypatch.setattr(xlsx, "open_archive", locked)
    assert "请先在 Excel 或 WPS 中关闭这个文件" in error_for(path)


def test_sheet_is_closed_after_use(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", ["姓名", "电话"], [["甲", 1]])
    sheet = read_sheet(path, ALIASES)
    sheet.close()
    with pytest.raises(ValueError):
        list(sheet.rows())
    # On Windows an open handle would keep the file locked; after close() it can go.
    path.unlink()
    assert not path.exists()


def test_column_letters_are_excels():
    """The reader names columns in its notes without loading openpyxl (a tenth of a second)."""
    from openpyxl.utils import get_column_letter

    from unionapp.importers.book import column_letter

    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 702, 703, 16_384)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
        "XFD",
    ]
    assert all(column_letter(n) == get_column_letter(n) for n in range(1, 18_279))
