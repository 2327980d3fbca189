"""The members tab's reports: 花名册 (what the table shows), 生日名单, 退休预告.

Each builder takes plain MemberRows and returns a Report; masking happens in Report.
`MEMBER_REPORTS` maps the command line's names to the builders, `FILE_STEMS` gives the
Chinese file names proposed for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from unionapp.domain.dates import add_months, format_long_date
from unionapp.domain.labels import GENDER_LABELS, MEMBER_STATUS_LABELS, RETIREMENT_CATEGORY_LABELS
from unionapp.reports.model import Column, Report
from unionapp.services.members import MemberRow

SIGNATURES = ("制表人", "工会主席")
FILE_STEMS = {"members": "教职工花名册", "birthdays": "生日名单", "retirements": "退休预告"}
RETIREMENT_NOTE = (
    "退休日期按全国人大常委会关于渐进式延迟法定退休年龄的决定（2025年1月1日起施行）计算；"
    "“已调整”表示按本人申请的弹性退休日期。"
)

ROSTER_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8),
    Column("gender", "性别", "text", 4, "center"),
    Column("birth_date", "出生日期", "date", 10),
    Column("id_number", "身份证号", "id", 18),
    Column("phone", "手机号", "phone", 11),
    Column("group", "工会小组", "text", 10),
    Column("department", "部门/岗位", "text", 10),
    Column("title", "职称", "text", 10),
    Column("status", "状态", "text", 4, "center"),
    Column("join_union_date", "入会时间", "date", 10),
    Column("notes", "备注", "text", 12, wrap=True),
)
BIRTHDAY_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8),
    Column("gender", "性别", "text", 4, "center"),
    Column("birthday", "生日", "text", 6, "center"),
    Column("age", "年龄", "int", 4),
    Column("group", "工会小组", "text", 10),
    Column("status", "状态", "text", 4, "center"),
    Column("phone", "手机号", "phone", 11),
)
RETIREMENT_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8),
    Column("gender", "性别", "text", 4, "center"),
    Column("birth_date", "出生日期", "date", 10),
    Column("category", "退休类别", "text", 20),
    Column("retirement_date", "退休日期", "date", 10),
    Column("group", "工会小组", "text", 10),
    Column("notes", "备注", "text", 8, wrap=True),
)


def _gender(row: MemberRow) -> str:
    return GENDER_LABELS.get(row.gender or "", "")


def _status(row: MemberRow) -> str:
    return MEMBER_STATUS_LABELS.get(row.status, row.status)


def roster(
    rows: Sequence[MemberRow], union_name: str, full_id: bool = False, today: date | None = None, scope: str = ""
) -> Report:
    """花名册 of the given rows, in their order (what the members tab shows)."""
    today = today or date.today()
    data = [
        (
            i,
            r.name,
            _gender(r),
            r.birth_date,
            r.id_number,
            r.phone,
            r.group_name,
            r.department,
            r.title,
            _status(r),
            r.join_union_date,
            r.notes,
        )
        for i, r in enumerate(rows, start=1)
    ]
    subtitle = "　".join(p for p in (scope, f"共 {len(data)} 人") if p)
    return Report(
        f"{union_name}教职工花名册",
        ROSTER_COLUMNS,
        data,
        union_name=union_name,
        period=f"截至{format_long_date(today)}",
        made_on=today,
        signatures=SIGNATURES,
        subtitle=subtitle,
        full_id=full_id,
    )


def birthdays(
    rows: Sequence[MemberRow],
    union_name: str,
    month: int | None = None,
    year: int | None = None,
    full_id: bool = False,
    today: date | None = None,
) -> Report:
    """生日名单: union members (not transferred or deceased) born in `month`, by day."""
    today = today or date.today()
    month, year = month or today.month, year or today.year
    chosen = [
        r
        for r in rows
        if r.birth_date and r.birth_date.month == month and r.is_union_member and r.status in ("active", "retired")
    ]
    chosen.sort(key=lambda r: (r.birth_date.day, r.sort_key))
    data = [
        (
            i,
            r.name,
            _gender(r),
            f"{r.birth_date.month:02d}-{r.birth_date.day:02d}",
            year - r.birth_date.year,
            r.group_name,
            _status(r),
            r.phone,
        )
        for i, r in enumerate(chosen, start=1)
    ]
    return Report(
        f"{union_name}{year}年{month}月会员生日名单",
        BIRTHDAY_COLUMNS,
        data,
        union_name=union_name,
        period=f"{year}年{month}月",
        made_on=today,
        signatures=SIGNATURES,
        subtitle=f"共 {len(data)} 人",
        full_id=full_id,
    )


def retirements(
    rows: Sequence[MemberRow],
    union_name: str,
    months: int = 12,
    full_id: bool = False,
    today: date | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Report:
    """退休预告: staff still working whose retirement date falls between `start` (default
    today) and `end` (default `months` later)."""
    today = today or date.today()
    start = start or today
    end = end or add_months(start, months)
    chosen = sorted(
        (r for r in rows if r.status == "active" and r.retirement_date and start <= r.retirement_date <= end),
        key=lambda r: (r.retirement_date, r.sort_key),
    )
    data = [
        (
            i,
            r.name,
            _gender(r),
            r.birth_date,
            RETIREMENT_CATEGORY_LABELS.get(r.retirement_category, ""),
            r.retirement_date,
            r.group_name,
            "已调整" if r.retirement_overridden else "",
        )
        for i, r in enumerate(chosen, start=1)
    ]
    return Report(
        f"{union_name}教职工退休预告",
        RETIREMENT_COLUMNS,
        data,
        union_name=union_name,
        period=f"{format_long_date(start)}至{format_long_date(end)}",
        made_on=today,
        signatures=SIGNATURES,
        subtitle=f"共 {len(data)} 人",
        notes=RETIREMENT_NOTE,
        full_id=full_id,
    )


MEMBER_REPORTS = {"members": roster, "birthdays": birthdays, "retirements": retirements}
