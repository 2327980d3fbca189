"""Import templates: one clean workbook per importer, which that importer reads as it is.

The first sheet holds only the header row: each field's label, exactly as the importer
recognises it. Below it, rows 2–1001 are prepared: ID number and phone columns are text
(so Excel never turns an ID number into 1.1E+17 or drops its last digits), dates show as
yyyy-mm-dd, and coded columns have drop-down lists, the school's own ones (groups, ledger
categories, visit types) read from the database. Lists too long for Excel's 255-character
inline limit live on a hidden sheet.

The example row is deliberately NOT on the sheet that is imported: a forgotten example
would be imported as a real member or a real ledger entry, and nothing tells it from real
data. The example is shown instead on the second sheet, 填写说明 (one line per column:
label, example, how to fill it), and in each header cell's comment. 填写说明 never forms a
header row the importer would take, so even a workbook whose data sheet was deleted
imports nothing from it.

Lives with the importers because the headers are theirs (importers.fields); saving the
bytes atomically is the caller's (reports.files.write_file).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from unionapp.domain.errors import DomainError
from unionapp.importers.congress_columns import CONGRESS_COLUMNS
from unionapp.importers.fields import AREA_LABELS, area_fields
from unionapp.importers.template_columns import AREA_COLUMNS, Col
from unionapp.services import Database

FIRST_ROW, LAST_ROW = 2, 1001  # the rows prepared for data under the header
GUIDE_SHEET = "填写说明"
LISTS_SHEET = "下拉选项"
INLINE_LIMIT = 255  # Excel's longest inline list, quotes and commas included
NUMBER_FORMATS = {"text": "@", "id": "@", "phone": "@", "choice": "@", "date": "yyyy-mm-dd", "money": "0.00"}
AREA_WORDS = {
    "members": ("members", "member", "会员", "花名册", "会员花名册"),
    "ledger": ("ledger", "经费", "收支明细", "收支明细账", "明细账"),
    "visits": ("visits", "visit", "五必访", "走访", "五必访登记", "五必访登记表"),
    "checkups": ("checkups", "checkup", "体检", "体检名单"),
    "handouts": ("handouts", "handout", "发放", "发放名单", "慰问品发放"),
    "activity": ("activity", "activities", "活动", "报名", "报名表", "活动报名表"),
    "delegates": ("delegates", "delegate", "代表", "代表名单", "教代会代表", "教代会代表名单"),
    "proposals": ("proposals", "proposal", "提案", "提案汇总表", "提案表"),
    "hardship": ("hardship", "困难职工", "困难职工档案", "困难职工花名册", "建档立卡", "困难帮扶"),
}
_ROW_NOUN = {
    "members": "一位会员",
    "ledger": "一笔收入或支出",
    "visits": "一次走访",
    "checkups": "一人的体检结果",
    "handouts": "一人领取的一次发放",
    "activity": "一人报名的一个项目",
    "delegates": "一位代表",
    "proposals": "一件提案",
    "hardship": "一位困难职工的档案",
}
_COMMAND_TAIL = {
    "checkups": " --campaign 体检批次编号",
    "activity": " --id 活动编号",
    "delegates": " --session 会议编号",
    "proposals": " --session 会议编号",
}
_THIN = Side(style="thin", color="808080")
_HEADER = {
    "fill": PatternFill("solid", fgColor="D9D9D9"),
    "border": Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN),
    "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
}
_WRAP = Alignment(vertical="top", wrap_text=True)
_GUIDE_COLUMNS = (16, 26, 70)  # 列名, 示例, 填写要求: each requirement fits on one line
_GUIDE_WIDTH = sum(_GUIDE_COLUMNS)


class TemplateError(DomainError):
    """No such template; the message lists the ones there are."""


def template_name(area: str) -> str:
    """The template's file name without extension: "会员花名册导入模板"."""
    return f"{AREA_LABELS[area]}导入模板"


def template_area(text: str) -> str:
    """The area a user's word names ("members", "花名册", "体检"…), or TemplateError."""
    key = "".join(unicodedata.normalize("NFKC", str(text)).split()).lower()
    for area, words in AREA_WORDS.items():
        if key in words:
            return area
    choices = "、".join(f"{area}（{AREA_LABELS[area]}）" for area in AREA_WORDS)
    raise TemplateError(f"没有“{text}”这种导入模板，可选：{choices}。")


def template_workbook(db: Database, area: str, today: date | None = None) -> bytes:
    """The template of `area` as .xlsx bytes; reads the database's lists, writes nothing."""
    today = today or date.today()
    fields = area_fields(area)
    specs = {**AREA_COLUMNS, **CONGRESS_COLUMNS}[area](db, today)
    wb = Workbook()
    wb.properties.creator = "工会助手"
    ws = wb.active
    ws.title = AREA_LABELS[area]
    lists = _Lists(wb)
    for index, (name, label) in enumerate(fields.items(), 1):
        col = specs.get(name, Col())
        _header(ws, index, label, col)
        _prepare_column(ws, index, col)
        if col.choices:
            _drop_down(ws, index, label, col, lists.formula(name, label, col))
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 24
    _guide(wb.create_sheet(GUIDE_SHEET), area, fields, specs)
    lists.finish()
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _width(text: object) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in _shown(text))


def _shown(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _header(ws, index: int, label: str, col: Col) -> None:
    cell = ws.cell(1, index, label)
    for attr, value in _HEADER.items():
        setattr(cell, attr, value)
    cell.font = Font(bold=True, color="C00000" if col.required else "000000")
    note = [f"示例：{_shown(col.example)}" if col.example is not None else "", col.hint]
    if col.required:
        note.insert(0, "必填。")
    text = "\n".join(n for n in note if n)
    if text:
        cell.comment = Comment(text, "工会助手", height=100, width=240)
    width = max(col.width, _width(label) + 4, _width(col.example) + 2)
    ws.column_dimensions[get_column_letter(index)].width = width


def _prepare_column(ws, index: int, col: Col) -> None:
    """Each prepared cell carries its column's format, and so does the column itself
    (for the rows past the prepared ones): what is typed or pasted keeps its form."""
    fmt = NUMBER_FORMATS[col.kind]
    ws.column_dimensions[get_column_letter(index)].number_format = fmt
    for row in range(FIRST_ROW, LAST_ROW + 1):
        ws.cell(row, index).number_format = fmt


def _drop_down(ws, index: int, label: str, col: Col, formula: str) -> None:
    check = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
    check.errorTitle = label[:32]
    if col.strict:
        check.error = f"请从下拉列表中选择{label}。"
    else:
        check.errorStyle = "warning"
        check.error = f"列表中没有这个{label}，导入时会新建它。要保留吗？"
    letter = get_column_letter(index)
    check.add(f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}")
    ws.add_data_validation(check)


class _Lists:
    """Drop-down values: a fixed short list inline; a longer one, or the school's own
    (which grows past Excel's inline limit as groups and categories are added), as a
    column of the hidden sheet reached through a defined name (which Excel 2007 and WPS
    also accept, unlike a direct reference to another sheet)."""

    def __init__(self, wb: Workbook):
        self.wb = wb
        self.sheet = None
        self.columns = 0

    def formula(self, field: str, label: str, col: Col) -> str:
        values = col.choices
        inline = '"' + ",".join(values) + '"'
        if not col.own and len(inline) <= INLINE_LIMIT and not any("," in v or '"' in v for v in values):
            return inline
        if self.sheet is None:
            self.sheet = self.wb.create_sheet(LISTS_SHEET)
        self.columns += 1
        column = self.columns
        letter = get_column_letter(column)
        self.sheet.cell(1, column, label)
        for row, value in enumerate(values, 2):
            self.sheet.cell(row, column, value).number_format = "@"
        name = f"list_{field}"
        ref = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        self.wb.defined_names[name] = DefinedName(name, attr_text=ref)
        return name

    def finish(self) -> None:
        if self.sheet is not None:
            self.sheet.sheet_state = "hidden"


def _guide(ws, area: str, fields: dict[str, str], specs: dict[str, Col]) -> None:
    """The 填写说明 sheet: what to do, then one line per column with its example."""
    sheet = AREA_LABELS[area]
    command = f"unionapp import {area} 文件名" + _COMMAND_TAIL.get(area, "")
    lines = [
        f"1. 请在“{sheet}”工作表中填写：第 1 行是表头，请不要改动；从第 2 行起每行填写{_ROW_NOUN[area]}。"
        "红色的列必须填写，不用的列留空即可。",
        f"2. 下表“示例”一列是一行填写示例，仅供参考。“{sheet}”工作表中特意没有放示例行，"
        "以免忘记删除时把示例当作真实数据导入。",
        "3. 带下拉箭头的列请从列表中选择；列表中的工会小组、科目、走访类型取自生成模板时的数据库。",
        "4. 身份证号、手机号等列已设为文本格式，请直接输入完整号码；日期请写成 2024-09-01 的形式；金额单位为元。",
        f"5. 填好后保存，在程序中用“导入”选择这个文件，先预览再确认写入；也可以用命令行：{command}。",
    ]
    ws.cell(1, 1, f"{sheet}导入模板：填写说明").font = Font(bold=True, size=14)
    for row, text in enumerate(lines, 2):
        ws.cell(row, 1, text).alignment = _WRAP
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        # Excel does not grow a merged row to fit wrapped text: size it here.
        ws.row_dimensions[row].height = 15 * -(-_width(text) // (_GUIDE_WIDTH - 4)) + 4
    top = len(lines) + 3
    for column, title in enumerate(("列名", "示例", "填写要求"), 1):
        cell = ws.cell(top, column, title)
        for attr, value in _HEADER.items():
            setattr(cell, attr, value)
        cell.font = Font(bold=True)
    for row, (name, label) in enumerate(fields.items(), top + 1):
        col = specs.get(name, Col())
        ws.cell(row, 1, label).font = Font(bold=col.required, color="C00000" if col.required else "000000")
        example = ws.cell(row, 2, col.example)
        example.number_format = NUMBER_FORMATS[col.kind]
        ws.cell(row, 3, ("必填。" if col.required else "") + col.hint).alignment = _WRAP
    for letter, width in zip("ABC", _GUIDE_COLUMNS):
        ws.column_dimensions[letter].width = width
