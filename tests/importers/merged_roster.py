"""A printed-style roster of 8 teachers whose 工会小组 and 职称 cells are merged down over
the rows of a group, as .xlsx (written here) and as .xls (the committed fixture
tests/fixtures/roster_merged.xls, written by make_merged_roster_xls)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl

TITLE = "某某中学教职工花名册（打印版）"
HEADER = ["序号", "姓名", "性别", "工会小组", "职称", "手机号"]
# (name, gender, group, title, phone); None where the cell lies under a merged range.
ROWS = [
    ("王芳", "女", "高中组", "一级教师", "13812340001"),
    ("李强", "男", None, None, "13812340002"),
    ("张伟", "男", None, None, "13812340003"),
    ("陈静", "女", None, "高级教师", "13812340004"),
    ("刘洋", "男", "初中组", None, "13812340005"),
    ("赵敏", "女", None, None, "13812340006"),
    ("孙磊", "男", None, "二级教师", "13812340007"),
    ("周琳", "女", None, None, "13812340008"),
]
FIRST_ROW = 3  # the title, the header, then the people
# (first row, last row, column) of each range merged down, 1-based as Excel shows them.
MERGED = [(3, 6, 4), (7, 10, 4), (3, 5, 5), (6, 8, 5), (9, 10, 5)]
GROUPS = ["高中组"] * 4 + ["初中组"] * 4
TITLES = ["一级教师"] * 3 + ["高级教师"] * 3 + ["二级教师"] * 2
NOTES = [
    "第 3–6、7–10 行的“工会小组”是合并单元格，已按合并的值填入每一行。",
    "第 3–5、6–8、9–10 行的“职称”是合并单元格，已按合并的值填入每一行。",
]


def write_merged_roster_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append([TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    for number, row in enumerate(ROWS, start=1):
        ws.append([number, *row])
    for first, last, column in MERGED:
        ws.merge_cells(start_row=first, start_column=column, end_row=last, end_column=column)
    wb.save(path)
    return path


_XLWT = """
import json, sys, xlwt
title, header, rows, merged, target = json.loads(sys.argv[1])
book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("花名册")
sheet.write_merge(0, 0, 0, len(header) - 1, title)
for c, text in enumerate(header):
    sheet.write(1, c, text)
tops = {(first, column) for first, _last, column in merged}
for r, row in enumerate(rows, start=2):
    sheet.write(r, 0, r - 1)
    for c, value in enumerate(row, start=1):
        if value is not None and (r + 1, c + 1) not in tops:
            sheet.write(r, c, value)
for first, last, column in merged:  # the range's value goes with the merge
    sheet.write_merge(first - 1, last - 1, column - 1, column - 1, rows[first - 3][column - 2])
book.save(target)
"""


def make_merged_roster_xls(path: Path) -> Path:
    """Write tests/fixtures/roster_merged.xls with xlwt, which writes merged ranges into a
    legacy .xls. xlwt is no project dependency: install it in a scratch venv and name it:
        python3 -m venv /tmp/xlwt && /tmp/xlwt/bin/pip install xlwt
        XLWT_PYTHON=/tmp/xlwt/bin/python .venv/bin/python -c "from pathlib import Path; \\
            from tests.importers.merged_roster import *; \\
            make_merged_roster_xls(Path('tests/fixtures/roster_merged.xls'))"
    """
    import json

    python = os.environ.get("XLWT_PYTHON", sys.executable)
    spec = json.dumps([TITLE, HEADER, ROWS, MERGED, str(path)], ensure_ascii=False)
    subprocess.run([python, "-c", _XLWT, spec], check=True, timeout=60)
    return path
