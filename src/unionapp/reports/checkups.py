"""The checkup (体检) reports: the list for the hospital, the sign-in sheet (签到表) and
the coverage table (参加情况统计表).

Rows come from `services.checkups.list_people`, so every count can be recomputed from
it: each `*_report(db, campaign_id, ...)` reads the campaign and its people through the
services and hands them to the pure `build_*_report(campaign, people, union_name, ...)`,
which never sees the database. ID numbers and phones go through the Report's masking: the hospital needs them in
full, so the caller asks for that explicitly (`full_id`). Results are health data: the
需复查 notes appear only when `include_health` is asked for, never otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from unionapp.domain.checkups import ATTENDED, PERSON_STATUS_LABELS
from unionapp.domain.dates import age_on
from unionapp.domain.labels import GENDER_LABELS
from unionapp.reports.model import Chart, Column, Report
from unionapp.reports.visits import period_label
from unionapp.services import Database, checkups, groups, settings
from unionapp.services.checkups import CampaignRow, PersonRow
from unionapp.services.groups import GroupRow

NO_GROUP = "（未分组）"
LABEL_WORDS = ("体检", "筛查", "疗养", "保险")  # campaigns organised the same way need no "体检" added
SIGN_ROW_PT = 30  # about 1 cm: room for a handwritten name
RATE_STEP = Decimal("0.0001")
FILE_STEMS = {"checkups": "体检名单", "checkup-signin": "体检签到表", "checkup-coverage": "体检参加情况统计表"}

HOSPITAL_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8, "center"),
    Column("gender", "性别", "text", 4, "center"),
    Column("age", "年龄", "int", 4, total=False),
    Column("id_number", "身份证号", "id", 18),
    Column("phone", "手机号", "phone", 11),
    Column("package", "套餐", "text", 16),
)
SIGNIN_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8, "center"),
    Column("gender", "性别", "text", 4, "center"),
    Column("group", "工会小组", "text", 10),
    Column("sign", "签到", "text", 24, wrap=True),
    Column("notes", "备注", "text", 14, wrap=True),
)
COVERAGE_COLUMNS = (  # one table, two sections: heading rows carry each section's figures
    Column("item", "项目", "text", 18),
    Column("group", "工会小组", "text", 10),
    Column("eligible", "应参加", "int", 6, "right", total=False),
    Column("attended", "已参加", "int", 6, "right", total=False),
    Column("missing", "未参加", "int", 6, "right", total=False),
    Column("rate", "参加率", "percent", 7),
    Column("status", "状态", "text", 6, "center"),
    Column("reason", "未参加原因", "text", 20, wrap=True),
)


# ---------------------------------------------------------------- shared


def campaign_label(c: CampaignRow) -> str:
    """ "2026年女教职工体检" as titles need it: the year in front, "体检" at the end
    unless the name says what it is."""
    name = c.name if c.name.startswith(str(c.year)) else f"{c.year}{'' if c.name.startswith('年') else '年'}{c.name}"
    return name if any(word in name for word in LABEL_WORDS) else f"{name}体检"


def _when(c: CampaignRow) -> str:
    """Under the title instead of "统计期间": these tables are about the checkup days."""
    return f"体检日期：{period_label(c.date_from, c.date_to)}"


def _gender(p: PersonRow) -> str:
    return GENDER_LABELS.get(p.gender or "", "")


def _group(p: PersonRow) -> str:
    return p.group_name or NO_GROUP


def by_group(union_groups: Sequence[GroupRow], people: Sequence[PersonRow]) -> list[PersonRow]:
    """In the union's group order (as the members tab shows it), by name within a group."""
    order = {g.name: i for i, g in enumerate(union_groups)}
    return sorted(people, key=lambda p: (p.group_name == "", order.get(p.group_name, len(order)), p.group_name))


def _setup(db: Database, campaign_id: int) -> tuple[str, CampaignRow, list[PersonRow]]:
    return settings.load(db).union_name, checkups.get_campaign(db, campaign_id), checkups.list_people(db, campaign_id)


def _grouped(db: Database, people: Sequence[PersonRow]) -> list[PersonRow]:
    return by_group(groups.list_groups(db), people)


# ---------------------------------------------------------------- the list for the hospital


def hospital_list_report(db: Database, campaign_id: int, full_id: bool = False, today: date | None = None) -> Report:
    """The campaign's list as checkups.list_people reads it (by name)."""
    union, c, people = _setup(db, campaign_id)
    return build_hospital_list_report(c, people, union, full_id, today)


def build_hospital_list_report(
    c: CampaignRow, people: Sequence[PersonRow], union: str, full_id: bool = False, today: date | None = None
) -> Report:
    """Everyone on the campaign's list, in the order given, with age on the first checkup day."""
    data = [
        (i, p.name, _gender(p), age_on(p.birth_date, c.date_from), p.id_number, p.phone, c.package)
        for i, p in enumerate(people, start=1)
    ]
    hospital = f"（{c.hospital}）" if c.hospital else ""
    notes = (
        "本名单含完整身份证号和手机号，仅供体检医院核对身份、安排体检使用，请妥善保管，用后销毁。"
        if full_id
        else "身份证号、手机号已部分隐藏；医院需要完整号码核对身份时，导出时请选择包含完整身份证号。"
    )
    return Report(
        f"{union}{campaign_label(c)}名单{hospital}",
        HOSPITAL_COLUMNS,
        data,
        union_name=union,
        made_on=today or date.today(),
        totals={},
        signatures=("制表人", "工会主席"),
        orientation="portrait",
        subtitle=f"{_when(c)}　共 {len(data)} 人",
        notes=f"年龄按体检开始日计算。{notes}",
        full_id=full_id,
    )


def _subtitle(c: CampaignRow, count: int) -> str:
    parts = [_when(c), f"体检医院：{c.hospital}" if c.hospital else "", f"共 {count} 人"]
    return "　".join(p for p in parts if p)


# ---------------------------------------------------------------- 签到表


def signin_report(db: Database, campaign_id: int, today: date | None = None) -> Report:
    """The campaign's people in the union's group order."""
    union, c, people = _setup(db, campaign_id)
    return build_signin_report(c, _grouped(db, people), union, today)


def build_signin_report(c: CampaignRow, ordered: Sequence[PersonRow], union: str, today: date | None = None) -> Report:
    """One tall row per person (already in group order, see by_group) with an empty 签到
    cell, so each group's people find themselves together."""
    data = [(i, p.name, _gender(p), _group(p), None, "") for i, p in enumerate(ordered, start=1)]
    return Report(
        f"{union}{campaign_label(c)}签到表",
        SIGNIN_COLUMNS,
        data,
        union_name=union,
        made_on=today or date.today(),
        totals={},
        signatures=("经办人", "工会主席"),
        orientation="portrait",
        row_height=SIGN_ROW_PT,
        subtitle=_subtitle(c, len(data)),
        notes="请本人签名。因故不能参加的，请在备注中写明原因。",
    )


# ---------------------------------------------------------------- 参加情况统计表


def _rate(attended: int, eligible: int) -> Decimal | None:
    return (Decimal(attended) / Decimal(eligible)).quantize(RATE_STEP) if eligible else None


def coverage_rows(ordered: Sequence[PersonRow]) -> list[tuple[str, int, int]]:
    """(group, eligible, attended) for people already in the union's group order."""
    buckets: dict[str, list[PersonRow]] = {}
    for p in ordered:
        buckets.setdefault(_group(p), []).append(p)
    return [(label, len(ps), sum(p.status in ATTENDED for p in ps)) for label, ps in buckets.items()]


def coverage_report(db: Database, campaign_id: int, include_health: bool = False, today: date | None = None) -> Report:
    """The campaign's people in the union's group order."""
    union, c, people = _setup(db, campaign_id)
    return build_coverage_report(c, _grouped(db, people), union, include_health, today)


def build_coverage_report(
    c: CampaignRow, ordered: Sequence[PersonRow], union: str, include_health: bool = False, today: date | None = None
) -> Report:
    """By group (people already in group order, see by_group): eligible, attended,
    missing, rate; then who is missing and why. The 需复查 people and their notes
    (health data) only with `include_health`."""
    per_group = coverage_rows(ordered)
    missing = [p for p in ordered if p.status not in ATTENDED]
    eligible, attended = len(ordered), len(ordered) - len(missing)
    data = [("一、各工会小组参加情况", "", eligible, attended, len(missing), _rate(attended, eligible), "", "")]
    data += [("", label, e, a, e - a, _rate(a, e), "", "") for label, e, a in per_group]
    data.append((f"二、未参加人员（{len(missing)} 人）", "", None, None, len(missing), None, "", ""))
    data += [
        (p.name, _group(p), None, None, None, None, PERSON_STATUS_LABELS[p.status], p.absence_reason) for p in missing
    ]
    columns = COVERAGE_COLUMNS
    if include_health:
        data += _followup_section(ordered)
        columns = (*COVERAGE_COLUMNS[:-1], Column("reason", "未参加原因/复查说明", "text", 20, wrap=True))
    rate = _rate(attended, eligible)
    return Report(
        f"{union}{campaign_label(c)}参加情况统计表",
        columns,
        data,
        union_name=union,
        made_on=today or date.today(),
        totals={},
        signatures=("制表人", "工会主席"),
        orientation="portrait",
        charts=(_chart(per_group),),
        subtitle=f"{_when(c)}　应参加 {eligible} 人，已参加 {attended} 人，未参加 {len(missing)} 人"
        + (f"，参加率 {rate * 100:.1f}%" if rate is not None else ""),
        notes=_coverage_notes(include_health),
    )


def _followup_section(ordered: Sequence[PersonRow]) -> list[tuple]:
    follow = [p for p in ordered if p.status == "followup"]
    head = [(f"三、需复查人员（{len(follow)} 人）", "", None, None, None, None, "", "")]
    return head + [
        (p.name, _group(p), None, None, None, None, PERSON_STATUS_LABELS["followup"], p.followup_note) for p in follow
    ]


def _coverage_notes(include_health: bool) -> str:
    base = "“已参加”含需复查的人；“未参加”含待通知、已通知和请假未参加的人。"
    if include_health:
        return base + "本表含需复查人员及说明，属于健康信息（敏感个人信息），请妥善保管，不得张贴公开。"
    return base + "本表不含体检结果等健康信息。"


def _chart(per_group: list[tuple[str, int, int]]) -> Chart:
    rows = per_group or [("—", 0, 0)]  # the chart draws "（无数据）" for all-zero values
    return Chart(
        "grouped_bar",
        "各工会小组体检人数",
        [label for label, _e, _a in rows],
        [("应参加", [Decimal(e) for _l, e, _a in rows]), ("已参加", [Decimal(a) for _l, _e, a in rows])],
        unit="人",
    )
