"""Import templates: each importer reads its own template as it is (nothing to import, no
column unread), and its example row, copied under the header, imports without a refusal.
The example is never on the data sheet; drop-downs come from the database; ID and phone
columns are text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from unionapp.domain.members import MemberInput
from unionapp.importers.checkups import plan_checkup_import
from unionapp.importers.errors import ImportFileError
from unionapp.importers.fields import AREA_LABELS, area_fields
from unionapp.importers.ledger import plan_ledger_import
from unionapp.importers.members import plan_member_import
from unionapp.importers.template_columns import EXAMPLE_ID, EXAMPLE_NAME
from unionapp.importers.templates import (
    GUIDE_SHEET,
    LAST_ROW,
    LISTS_SHEET,
    TemplateError,
    template_area,
    template_name,
    template_workbook,
)
from unionapp.importers.visits import plan_visit_import
from unionapp.services import checkups, groups, ledger, members, visits
from unionapp.services.checkups import CampaignInput

AREAS = ("members", "ledger", "visits", "checkups")
TODAY = date.today()


def save(db, area: str, folder: Path) -> Path:
    path = folder / f"{template_name(area)}.xlsx"
    path.write_bytes(template_workbook(db, area))
    return path


def examples(path: Path) -> dict[str, object]:
    """label → example value, as the 填写说明 sheet lists them."""
    guide = load_workbook(path)[GUIDE_SHEET]
    rows = list(guide.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[:3] == ("列名", "示例", "填写要求"))
    return {r[0]: r[1] for r in rows[top + 1 :] if r[0]}


def fill_example(path: Path) -> None:
    """What a user does with nothing else to fill: the example row under the header."""
    values = examples(path)
    wb = load_workbook(path)
    sheet = wb.worksheets[0]
    for cell in sheet[1]:
        sheet.cell(2, cell.column, values[cell.value])
    wb.save(path)


@pytest.fixture
def people(db):
    """The example person as a member (visits name a member) on this year's checkup list."""
    groups.add_group(db, "语文组")
    members.add_member(db, MemberInput(name=EXAMPLE_NAME, id_number=EXAMPLE_ID, group_name="语文组"))
    campaign = CampaignInput(TODAY.year, "年度体检", "all_active", date(TODAY.year, 1, 1), TODAY)
    return checkups.create_campaign(db, campaign)


def plan(db, area: str, path: Path, campaign_id: int | None = None):
    if area == "members":
        return plan_member_import(db, path)
    if area == "ledger":
        return plan_ledger_import(db, path)
    if area == "visits":
        return plan_visit_import(db, path)
    return plan_checkup_import(db, campaign_id, path)


@pytest.mark.parametrize("area", AREAS)
def test_the_template_as_saved_imports_nothing_and_reads_every_column(db, people, tmp_path, area):
    found = plan(db, area, save(db, area, tmp_path), people)
    assert found.refused == [] and found.ignored_columns == []
    assert found.columns == area_fields(area)  # every header recognised, as written
    assert found.sheet == AREA_LABELS[area]
    rows = {
        "members": lambda p: p.adds + p.updates + p.unchanged,
        "ledger": lambda p: p.entries + p.openings,
        "visits": lambda p: p.adds + p.existing,
        "checkups": lambda p: p.updates + p.unchanged + p.blank,
    }[area](found)
    assert rows == []  # the example is not on the data sheet: nothing to import by mistake


@pytest.mark.parametrize("area", AREAS)
def test_the_example_row_imports_without_a_question(db, people, tmp_path, area):
    path = save(db, area, tmp_path)
    fill_example(path)
    found = plan(db, area, path, people)
    assert found.refused == [] and found.ignored_columns == []
    assert found.columns == area_fields(area)
    if area == "members":  # the example is the member the fixture added: nothing new about them
        assert len(found.adds + found.updates + found.unchanged) == 1
        assert found.new_groups == []
    elif area == "ledger":
        assert [(e.row_number, e.direction, e.amount_fen) for e in found.entries] == [(2, "expense", 128_000)]
    elif area == "visits":
        assert [(v.member_name, v.warnings) for v in found.adds] == [(EXAMPLE_NAME, ())]
    else:
        assert [(u.name, u.result.status) for u in found.updates] == [(EXAMPLE_NAME, "done")]


def test_the_examples_are_valid_and_typed(db, tmp_path):
    shown = examples(save(db, "members", tmp_path))
    assert shown["身份证号"] == EXAMPLE_ID and isinstance(shown["身份证号"], str)
    assert shown["手机号"] == "13800138000"
    assert shown["出生日期"].date() == date(1985, 3, 7)  # a real date, not text
    assert shown["月基本工资"] == 5600
    assert shown["工会小组"] == "语文组"  # no groups yet: a plausible one


def test_the_guide_sheet_is_never_read_as_data(db, people, tmp_path):
    """With its data sheet deleted, a template has no header row for any importer."""
    for area in AREAS:
        path = save(db, area, tmp_path)
        wb = load_workbook(path)
        del wb[AREA_LABELS[area]]
        wb.save(path)
        with pytest.raises(ImportFileError, match="没有找到表头行"):
            plan(db, area, path, people)


def validations(sheet) -> dict[str, object]:
    """column letter → its data validation."""
    return {str(v.sqref).split(":")[0].rstrip("0123456789"): v for v in sheet.data_validations.dataValidation}


def listed(wb, formula: str) -> list[str]:
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    ref = wb.defined_names[formula].attr_text
    sheet_name, cells = ref.split("!")
    return [c.value for row in wb[sheet_name.strip("'")][cells.replace("$", "")] for c in row]


def letter_of(sheet, label: str) -> str:
    return next(c.column_letter for c in sheet[1] if c.value == label)


def test_drop_downs_list_the_databases_own_values(db, tmp_path):
    names = [f"第{i}教研组（含“语文,历史”）" for i in range(30)]  # far past the inline limit, with commas
    for name in names:
        groups.add_group(db, name)
    sports = next(c for c in ledger.list_categories(db) if c.code == "sports")
    ledger.set_category_active(db, sports.id, False)
    wedding = next(t for t in visits.list_types(db) if t.code == "wedding")
    visits.set_type_active(db, wedding.id, False)

    wb = load_workbook(save(db, "members", tmp_path))
    sheet = wb.worksheets[0]
    checks = validations(sheet)
    group = checks[letter_of(sheet, "工会小组")]
    assert listed(wb, group.formula1) == names and group.errorStyle == "warning"  # a new group may be typed
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    assert listed(wb, checks[letter_of(sheet, "性别")].formula1) == ["男", "女"]
    assert listed(wb, checks[letter_of(sheet, "人员状态")].formula1) == ["在职", "退休", "调出", "去世"]
    assert listed(wb, checks[letter_of(sheet, "是否会员")].formula1) == ["是", "否"]
    assert listed(wb, checks[letter_of(sheet, "困难类别")].formula1) == ["否", "一般", "困难", "特困"]
    assert str(group.sqref) == f"{letter_of(sheet, '工会小组')}2:{letter_of(sheet, '工会小组')}{LAST_ROW}"

    wb = load_workbook(save(db, "ledger", tmp_path))
    category = validations(wb.worksheets[0])[letter_of(wb.worksheets[0], "科目")]
    leaves = [c.full_name for c in ledger.list_categories(db, include_inactive=False) if not c.has_children]
    assert listed(wb, category.formula1) == leaves and category.errorStyle in (None, "stop")
    assert sports.full_name not in leaves and "职工活动支出" not in leaves  # retired, and a parent

    wb = load_workbook(save(db, "visits", tmp_path))
    sheet = wb.worksheets[0]
    kinds = listed(wb, validations(sheet)[letter_of(sheet, "走访类型")].formula1)
    assert kinds == [t.name for t in visits.list_types(db) if t.active] and wedding.name not in kinds
    assert listed(wb, validations(sheet)[letter_of(sheet, "走访状态")].formula1) == ["已访", "待访"]

    wb = load_workbook(save(db, "checkups", tmp_path))
    sheet = wb.worksheets[0]
    for label in ("是否体检", "需复查"):
        assert listed(wb, validations(sheet)[letter_of(sheet, label)].formula1) == ["是", "否"]


@pytest.mark.parametrize(
    ("area", "texts", "dates"),
    [
        ("members", ["身份证号", "手机号"], ["出生日期", "入会时间", "参加工作时间", "建档立卡日期"]),
        ("ledger", ["凭证号"], ["日期"]),
        ("visits", ["身份证号", "审批编号"], ["日期"]),
        ("checkups", ["身份证号"], ["体检日期"]),
    ],
)
def test_formats_widths_and_frozen_header(db, tmp_path, area, texts, dates):
    wb = load_workbook(save(db, area, tmp_path))
    sheet = wb.worksheets[0]
    assert wb.active.title == AREA_LABELS[area] and sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == list(area_fields(area).values())
    assert all(c.value is None for row in sheet.iter_rows(min_row=2) for c in row)  # no example row
    for label in texts:
        letter = letter_of(sheet, label)
        assert {sheet[f"{letter}{r}"].number_format for r in (2, 500, LAST_ROW)} == {"@"}
    for label in dates:
        assert sheet[f"{letter_of(sheet, label)}2"].number_format == "yyyy-mm-dd"
    for cell in sheet[1]:  # every header fits its column, and says how to fill it
        assert sheet.column_dimensions[cell.column_letter].width >= 2 * len(cell.value) + 2
    if "身份证号" in texts:
        assert sheet.column_dimensions[letter_of(sheet, "身份证号")].width >= 20
        assert "示例" in sheet[f"{letter_of(sheet, '身份证号')}1"].comment.text


def test_template_areas_by_any_name():
    assert template_area("members") == "members" and template_area(" 花名册 ") == "members"
    assert template_area("收支明细") == "ledger" and template_area("五必访") == "visits"
    assert template_area("体检名单") == "checkups"
    with pytest.raises(TemplateError, match="没有“工资”这种导入模板，可选：members（会员花名册）"):
        template_area("工资")
    assert template_name("members") == "会员花名册导入模板"
