"""Text tables: CSV/TSV in UTF-8, GBK and UTF-16, and ".xls" files that are tab-separated
text or a web page; mixed encodings, binary files and hostile sizes refused in Chinese."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from unionapp.importers import text_book, workbook
from unionapp.importers.book import MAX_CELL_TEXT, MAX_COLUMN, Merge, Overflow
from unionapp.importers.errors import ImportFileError
from unionapp.importers.text_book import open_text_book

HEADER = "姓名,性别,工会小组,联系电话\r\n"
ROWS = "张三,男,高中组,13812345678\r\n李四,女,初中组,13900001111\r\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def open_file(path: Path):
    with path.open("rb") as f:
        head = f.read(512)
    return open_text_book(path, head, path.name)


def read(tmp_path: Path, name: str, data: bytes, sheet: int = 0) -> list:
    book = open_file(write(tmp_path, name, data))
    try:
        return list(book.rows(sheet))
    finally:
        book.close()


def refusal(tmp_path: Path, name: str, data: bytes) -> str:
    with pytest.raises(ImportFileError) as caught:
        read(tmp_path, name, data)
    return str(caught.value)


EXPECTED = [
    (1, ["姓名", "性别", "工会小组", "联系电话"]),
    (2, ["张三", "男", "高中组", "13812345678"]),
    (3, ["李四", "女", "初中组", "13900001111"]),
]


@pytest.mark.parametrize(
    "data",
    [
        (HEADER + ROWS).encode("utf-8"),
        b"\xef\xbb\xbf" + (HEADER + ROWS).encode("utf-8"),  # Excel's "CSV UTF-8"
        (HEADER + ROWS).encode("gbk"),  # Excel and WPS on a Chinese Windows: "CSV (逗号分隔)"
        (HEADER + ROWS).encode("gb18030"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030"],
)
def test_encodings_are_found_without_asking(tmp_path, data):
    assert read(tmp_path, "名册.csv", data) == EXPECTED


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path):
    data = (HEADER + ROWS).replace(",", "\t").encode("utf-16")  # with its BOM, as Excel writes it
    assert read(tmp_path, "名册.txt", data) == EXPECTED


def test_gbk_letters_of_rare_names_and_the_euro_of_gb18030(tmp_path):
    data = "姓名,备注\n喆,𠮷\n".encode("gb18030")
    assert read(tmp_path, "a.csv", data)[1] == (2, ["喆", "𠮷"])


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("姓名;性别;金额\n张三;男;1,234.50\n李四;女;12,00\n", ";"),
        ("姓名\t地址\t金额\n张三\t北京,海淀\t1,234.50\n李四\t上海\t5\n", "\t"),
        ('姓名,地址\n张三,"北京;海淀;\t中关村"\n', ","),
        ("姓名\n张三\n", ","),
    ],
)
def test_delimiter_is_counted_outside_quotes(tmp_path, text, delimiter):
    rows = read(tmp_path, "a.csv", text.encode("utf-8"))
    assert rows[1][1] == text.splitlines()[1].replace('"', "").split(delimiter)


def test_quoted_fields_hold_commas_quotes_and_newlines(tmp_path):
    data = '姓名,备注,金额\n张三,"住院,慰问\n第二行","1,234.50"\n李四,"他说""好""",5\n'.encode("gbk")
    assert read(tmp_path, "a.csv", data)[1:] == [
        (2, ["张三", "住院,慰问\n第二行", "1,234.50"]),
        (3, ["李四", '他说"好"', "5"]),
    ]


def test_empty_cells_are_none_and_blank_lines_are_missing_rows(tmp_path):
    data = "阳光中学花名册,,,\n\n姓名,性别,,\n张三,,,\n".encode("gbk")
    assert read(tmp_path, "a.csv", data) == [
        (1, ["阳光中学花名册", None, None, None]),
        (3, ["姓名", "性别", None, None]),
        (4, ["张三", None, None, None]),
    ]


def test_rows_between_start_and_stop(tmp_path):
    book = open_file(write(tmp_path, "a.csv", (HEADER + ROWS * 5).encode("utf-8")))
    assert [n for n, _ in book.rows(0, start=3, stop=5)] == [3, 4, 5]
    assert book.sheet_names() == ["a"]


# --- mixed and unknown encodings ---------------------------------------------------------


def test_gbk_file_with_a_stray_utf8_row_names_the_row(tmp_path):
    # The quoted note spans two lines: the stray row is the 4th row, on the 5th line.
    gbk = '姓名,性别,备注\n张三,男,"两行\n备注"\n李四,女,\n'.encode("gbk")
    data = gbk + "王五,男,\n".encode() + "赵六,女,\n陈七,男,\n".encode("gbk")
    message = refusal(tmp_path, "名册.csv", data)
    assert "第 4 行" in message and "这一行是 UTF-8，其他行是 GBK" in message
    assert "CSV UTF-8（逗号分隔）" in message and ".xlsx" in message


def test_utf8_file_with_a_stray_gbk_row_names_the_row(tmp_path):
    data = "姓名,性别\n张三,男\n李四,女\n".encode() + "王五,男\n".encode("gbk") + "赵六,女\n".encode()
    message = refusal(tmp_path, "名册.csv", data)
    assert "第 4 行" in message and "这一行是 GBK，其他行是 UTF-8" in message


def test_a_bom_makes_any_gbk_row_the_stray_one(tmp_path):
    data = b"\xef\xbb\xbf" + "姓名\n".encode() + "张三\n李四\n".encode("gbk")
    assert "第 2 行" in refusal(tmp_path, "a.csv", data)


def test_gbk_that_happens_to_be_valid_utf8_is_read_as_gbk(tmp_path):
    # "掳" and "聽" in GBK are C2 B0 / C2 A0 ... bytes that UTF-8 reads as Latin-1 letters.
    text = "姓名,备注\n张三,掳聽\n李四,男\n"
    data = text.encode("gbk")
    assert "掳聽".encode("gbk").decode("utf-8") == "°\xa0"
    assert read(tmp_path, "a.csv", data)[1] == (2, ["张三", "掳聽"])


def test_utf8_names_with_latin_letters_are_utf8(tmp_path):
    data = "姓名,备注\nJosé Müller,外教\n买买提·艾力,高中组\n".encode()
    assert [r[1][0] for r in read(tmp_path, "a.csv", data)[1:]] == ["José Müller", "买买提·艾力"]


def test_bytes_of_no_encoding_are_refused_not_replaced(tmp_path):
    data = "姓名,性别\n张三,男\n".encode("gbk") + b"\x80\xff,\x81\n"
    message = refusal(tmp_path, "a.csv", data)
    assert "第 3 行有无法识别的字符" in message and "?" not in message.split("“")[0]


def test_damaged_utf16_is_refused(tmp_path):
    data = "姓名\t性别\n".encode("utf-16") + b"\x00\xd8A\x00"  # a lone surrogate
    assert "Unicode 文本" in refusal(tmp_path, "a.txt", data)


# --- files that are no text -------------------------------------------------------------


def test_binary_file_named_csv_is_refused(tmp_path):
    message = refusal(tmp_path, "名册.csv", bytes(range(256)) * 4)
    assert "不是文本格式的表格（CSV）" in message and "另存为" in message


def test_workbook_named_csv_says_to_rename_it(tmp_path):
    assert "扩展名" in refusal(tmp_path, "名册.csv", b"PK\x03\x04" + b"\x00" * 600)


def test_nul_bytes_inside_a_text_file_do_not_break_it(tmp_path):
    data = ("姓名,性别\n" * 30).encode("utf-8") + b"\xe5\xbc\xa0\x00\xe4\xb8\x89,\x00\n"
    rows = read(tmp_path, "a.csv", data)
    assert rows[-1] == (31, ["张\x00三", "\x00"])  # clean_cell strips them later
    assert workbook.clean_cell(rows[-1][1][0]) == "张三"


# --- web pages and tab-separated text named .xls ------------------------------------------

PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<style>td {{ mso-number-format: "\\@"; }}</style><script>var t = "<td>x</td>";</script></head>
<body><table border=1><tr><td></td></tr></table>
<table>
<tr><td colspan="4" align=center>阳光中学 2025 年工会会员名册</td></tr>
<tr><th>姓名</th><th>工会小组</th><th>职称</th><th>备注</th></tr>
<tr><td>张三</td><td rowspan="2">高中组</td><td rowspan=3>一级
 教师</td><td>住院<br>慰问 &amp; 补助&nbsp;</td></tr>
<tr><td>李四</td><td>&#x5f20;&lt;</td></tr>
<tr><td>王五</td><td>初中组</td><td>{far}</td></tr>
</table></body></html>"""


def test_html_table_named_xls_is_read_with_rowspans_as_merges(tmp_path):
    book = open_file(write(tmp_path, "名册.xls", PAGE.format(far="").encode("gbk")))
    assert book.sheet_names() == ["表格1"]  # the empty first table is no sheet
    assert list(book.rows(0)) == [
        (1, ["阳光中学 2025 年工会会员名册"]),
        (2, ["姓名", "工会小组", "职称", "备注"]),
        (3, ["张三", "高中组", "一级 教师", "住院\n慰问 & 补助"]),
        (4, ["李四", None, None, "张<"]),
        (5, ["王五", "初中组"]),  # the range of 职称 reaches row 5: the empty cell lands right of it
    ]
    assert book.merges(0) == [Merge(3, 2, 4, 2), Merge(3, 3, 5, 3)]


def test_html_in_utf8_declaring_gb2312_is_read_as_utf8(tmp_path):
    book = open_file(write(tmp_path, "名册.xls", PAGE.format(far="").encode("utf-8")))
    assert list(book.rows(0))[1] == (2, ["姓名", "工会小组", "职称", "备注"])


def test_each_table_is_a_sheet_and_nested_tables_are_their_own(tmp_path):
    page = "<table><tr><td>外<table><tr><td>内</td></tr></table>层</td></tr></table><table><tr><td>二</td></tr>"
    book = open_file(write(tmp_path, "a.xls", page.encode("utf-8")))
    assert [list(book.rows(i)) for i in range(len(book.sheet_names()))] == [
        [(1, ["外层"])],
        [(1, ["内"])],
        [(1, ["二"])],  # a table the page never closed
    ]


def test_web_page_without_a_table_is_refused(tmp_path):
    message = refusal(tmp_path, "a.xls", "<!DOCTYPE html><html><body>登录超时</body></html>".encode())
    assert "网页（HTML）" in message and "没有表格数据" in message


def test_excel_2003_xml_is_refused_with_what_to_do(tmp_path):
    data = b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'
    assert "Excel 2003 的 XML 表格" in refusal(tmp_path, "a.xls", data)


def test_tab_separated_text_named_xls_is_read_like_csv(tmp_path):
    data = (HEADER + ROWS).replace(",", "\t").encode("gbk")
    assert read(tmp_path, "名册.xls", data) == EXPECTED


# --- hostile files, bounded ---------------------------------------------------------------


def test_a_file_over_the_size_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(text_book, "MAX_TEXT_FILE", 1000)
    message = refusal(tmp_path, "a.csv", (HEADER + ROWS * 40).encode("utf-8"))
    assert "远大于一所学校的名册" in message and "没有导入任何数据" in message


def test_a_ten_megabyte_cell_is_refused_naming_the_row(tmp_path):
    data = b"a,b\n" + b"x" * (10 * 2**20) + b",y\n"
    message = refusal(tmp_path, "a.csv", data)
    assert "第 2 行起有一个单元格超过" in message and "引号" in message


def test_an_unclosed_quote_is_refused_not_read_to_the_end(tmp_path):
    data = ('姓名,备注\n张三,"没有结束\n' + "李四,男\n" * 40_000).encode("utf-8")
    assert "第 2 行起" in refusal(tmp_path, "a.csv", data)


def test_far_columns_are_cut_and_counted(tmp_path):
    data = ("a," * 100_000 + "z\n" + "姓名" + "," * 100_000 + "\n").encode("utf-8")
    book = open_file(write(tmp_path, "a.csv", data))
    overflow = Overflow()
    rows = list(book.rows(0, overflow=overflow))
    assert [len(values) for _, values in rows] == [MAX_COLUMN, MAX_COLUMN]
    assert overflow.cells == 100_001 - MAX_COLUMN and overflow.first == {1: MAX_COLUMN + 1}


def test_long_text_is_cut_to_a_cells_limit(tmp_path):
    data = b"a,b\n" + b"x" * 100_000 + b",y\n"
    assert [len(v) for v in read(tmp_path, "a.csv", data)[1][1]] == [MAX_CELL_TEXT, 1]


def test_rows_are_read_lazily(tmp_path):
    path = write(tmp_path, "a.csv", b"name,x\n" + b"zhang,1\n" * 1_000_000)
    book = open_file(path)
    started = time.perf_counter()
    first = next(iter(book.rows(0, start=2)))
    assert first == (2, ["zhang", "1"]) and time.perf_counter() - started < 0.5  # all: about 1 s


def test_deeply_nested_and_broken_html_is_bounded(tmp_path):
    page = "<table><tr><td>" * 20_000 + "深" + "<div>" * 50_000 + "<tr><td>" * 1000 + "<!-- " + "x" * 100_000
    started = time.perf_counter()
    book = open_file(write(tmp_path, "a.xls", page.encode("utf-8")))
    assert time.perf_counter() - started < 5
    assert book.sheet_names() == ["表格1"]  # the deepest table kept holds the text
    (number, [text]), *rest = book.rows(0)
    assert (number, text, rest) == (1, "深", [])  # the unclosed comment runs to the end


@pytest.mark.parametrize("piece", ["</", "<?", "<!", "< ", "<![", "&#", "<td x='"])
def test_crafted_markup_takes_linear_time(tmp_path, piece):
    page = "<table><tr><td>x" + piece * 200_000
    started = time.perf_counter()
    book = open_file(write(tmp_path, "a.xls", page.encode("utf-8")))
    assert time.perf_counter() - started < 3  # html.parser: over ten seconds for some
    assert list(book.rows(0))[0][1][0].startswith("x")


def test_a_page_of_too_many_tags_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr("unionapp.importers.html_book.MAX_TAGS", 1000)
    assert "超过 1,000 个标记" in refusal(tmp_path, "a.xls", b"<table>" + b"<a>" * 1000)


def test_html_spans_and_columns_are_bounded(tmp_path):
    cells = '<td colspan="3" rowspan="999999999">x</td>' + "<td>y</td>" * 5000
    page = f"<table><tr>{cells}</tr><tr><td>z</td></tr><tr><td colspan=999999>{'<td>w' * 300}</table>"
    book = open_file(write(tmp_path, "a.xls", page.encode("utf-8")))
    overflow = Overflow()
    rows = list(book.rows(0, overflow=overflow))
    assert [(n, len(values)) for n, values in rows] == [(1, MAX_COLUMN), (2, 4), (3, 0)]
    assert rows[1][1] == [None, None, None, "z"]
    assert book.merges(0) == [Merge(1, 1, 3, 3)]  # cut to the table's last row
    assert overflow.cells == 5000 - (MAX_COLUMN - 3) + 300 and overflow.first == {1: MAX_COLUMN + 1, 3: 1004}


def test_html_with_too_many_rows_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("unionapp.importers.html_book.MAX_KEPT_ROWS", 100)
    page = "<table>" + "<tr><td>张三</td></tr>" * 101 + "</table>"
    assert "超过 100 行" in refusal(tmp_path, "a.xls", page.encode("utf-8"))


def test_ten_thousand_rows_open_and_stream_fast(tmp_path):
    data = (HEADER + "".join(f"员工{i},男,高中组,138{i:08d}\r\n" for i in range(10_000))).encode("gbk")
    path = write(tmp_path, "名册.csv", data)
    started = time.perf_counter()
    book = open_file(path)
    count = sum(1 for _ in book.rows(0))
    elapsed = time.perf_counter() - started
    assert count == 10_001 and elapsed < 0.5  # about 0.03 s alone; the machine may be busy


# --- through the table finder -------------------------------------------------------------


@pytest.fixture
def text_open_book(monkeypatch):
    """read_sheet opening text files, whatever the dispatch in sources does."""
    monkeypatch.setattr(workbook, "open_book", open_file)


def test_read_sheet_skips_the_title_line_and_the_totals_line(tmp_path, text_open_book):
    data = '阳光中学 2025 年会费,,,\n姓名,工会小组,金额,日期\n张三,高中组,"1,234.50",2024/3/5\n合计,,1234.5,\n'
    path = write(tmp_path, "会费.csv", data.encode("gbk"))
    aliases = {"name": ["姓名"], "group": ["工会小组"], "amount": ["金额"], "day": ["日期"]}
    with workbook.read_sheet(path, aliases) as sheet:
        assert sheet.header_row == 2
        assert list(sheet.rows()) == [(3, {"name": "张三", "group": "高中组", "amount": "1,234.50", "day": "2024/3/5"})]


def test_read_sheet_fills_html_rowspans_down(tmp_path, text_open_book):
    path = write(tmp_path, "名册.xls", PAGE.format(far="").encode("gbk"))
    aliases = {"name": ["姓名"], "group": ["工会小组"], "title": ["职称"]}
    with workbook.read_sheet(path, aliases) as sheet:
        got = [(n, values["group"], values["title"]) for n, values in sheet.rows()]
        assert got == [(3, "高中组", "一级 教师"), (4, "高中组", "一级 教师"), (5, "初中组", "一级 教师")]
