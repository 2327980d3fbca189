"""The staff congress's (教代会) printed tables: 代表名册, 会议签到表 and 决议表决情况表.

The pure builders take the rows `services.congress` returns and never see the database;
each `load_*(db, ...)` reads those rows and calls its builder (the command line uses
these). The proposals' tables are in reports/proposals.py, the session archive that
binds them all in reports/congress_archive.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from itertools import groupby

from unionapp.domain.congress import Makeup
from unionapp.domain.dates import format_date
from unionapp.domain.labels import GENDER_LABELS
from unionapp.reports.model import Column, Report, Section
from unionapp.services import Database, congress, members, settings
from unionapp.services.congress import AttendanceRow, DelegateRow, ResolutionRow, SessionRow

NO_CONSTITUENCY = "（未分选区）"
SIGN_ROW_PT = 30  # about 1 cm: room for a handwritten name
FILE_STEMS = {
    "congress-delegates": "教代会代表名册",
    "congress-signin": "教代会签到表",
    "congress-resolutions": "教代会决议表决情况表",
}

DELEGATE_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8, "center"),
    Column("gender", "性别", "text", 4, "center"),
    Column("born", "出生年月", "text", 7, "center"),
    Column("age", "年龄", "int", 4),
    Column("constituency", "选区/工会小组", "text", 10),
    Column("category", "类别", "text", 8),
    Column("elected_on", "当选日期", "date", 10),
    Column("state", "任职情况", "text", 10),
    Column("note", "备注", "text", 12, wrap=True),
)
PHONE_COLUMN = Column("phone", "手机号", "phone", 11)
SIGNIN_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8, "center"),
    Column("constituency", "选区", "text", 10),
    Column("category", "类别", "text", 8),
    Column("sign", "本人签名", "text", 22, wrap=True),
    Column("note", "备注", "text", 10, wrap=True),
)
RESOLUTION_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("title", "决议事项", "text", 20, wrap=True),
    Column("delegates", "全体代表", "int", 6),
    Column("present", "实到", "int", 5),
    Column("for", "赞成", "int", 5),
    Column("against", "反对", "int", 5),
    Column("abstain", "弃权", "int", 5),
    Column("result", "表决结果", "text", 6, "center"),
    Column("basis", "依据", "text", 18, wrap=True),
)


def _today(today: date | None) -> date:
    return today or date.today()


def _age(birth: date | None, on: date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _born(birth: date | None) -> str:
    """出生年月 only ("1985-03"): enough for the make-up, less than the full date."""
    return f"{birth.year}-{birth.month:02d}" if birth else ""


def makeup_line(makeup: Makeup) -> str:
    """代表总数 52 人；一线教师 35 人（67.3%）；女 30 人（57.7%）；青年 12 人（23.1%）."""
    return (
        f"在任代表 {makeup.total} 人；一线教师 {makeup.teachers} 人（{makeup.share(makeup.teachers)}）；"
        f"女 {makeup.women} 人（{makeup.share(makeup.women)}）；青年 {makeup.young} 人（{makeup.share(makeup.young)}）"
    )


def _place(row) -> str:
    return row.constituency_name or row.group_name or NO_CONSTITUENCY


def _state(row: DelegateRow) -> str:
    """在任, or why the seat ended; a delegate who left the school is flagged either way."""
    if row.ended_on is not None:
        text = f"{format_date(row.ended_on)}止"
        text += f"（{row.end_reason}）" if row.end_reason else ""
    else:
        text = "在任" if row.in_office else "未到任"
    if row.left_label and row.left_label not in text:
        text += f"，{row.left_label}"
    return text


def _delegate_note(row: DelegateRow) -> str:
    parts = [
        f"接替{row.replaces_name}" if row.replaces_name else "",
        f"由{row.replaced_by_name}接替" if row.replaced_by_name else "",
        row.note,
    ]
    return "；".join(p for p in parts if p)


# ---------------------------------------------------------------- 代表名册


def delegates_report(
    rows: Sequence[DelegateRow],
    makeup: Makeup,
    term_name: str,
    full: bool = False,
    *,
    union: str = "",
    phones: Mapping[int, str] | None = None,
    today: date | None = None,
) -> Report:
    """The term's delegates in the order given (by 选区, then name), with those whose seat
    ended and those who left the school flagged; the make-up of those in office under the
    title and any shortfall against the rule in the notes. No ID number at all; phones
    (member id -> phone, optional) masked unless `full`."""
    day = _today(today)
    columns = DELEGATE_COLUMNS + ((PHONE_COLUMN,) if phones is not None else ())
    data = []
    for i, r in enumerate(rows, start=1):
        row = (
            i,
            r.name,
            GENDER_LABELS.get(r.gender or "", ""),
            _born(r.birth_date),
            _age(r.birth_date, day),
            _place(r),
            r.category_label,
            r.elected_on,
            _state(r),
            _delegate_note(r),
        )
        data.append(row + ((phones.get(r.member_id, ""),) if phones is not None else ()))
    ended = sum(1 for r in rows if r.ended_on is not None)
    left = sum(1 for r in rows if r.left_label and r.ended_on is None)
    notes = [f"共列出 {len(rows)} 人，其中任期已结束 {ended} 人。"]
    if left:
        notes.append(f"有 {left} 名代表已离开本校但任期尚未结束，请办理任期结束或补选。")
    notes.extend(f"{w}。" for w in makeup.warnings())
    notes.append("青年代表按届期开始时未满规定年龄计；构成比例按在任代表计算。")
    return Report(
        f"{union}{term_name}{'' if '代表大会' in term_name else '教职工'}代表名册",
        columns,
        data,
        union_name=union,
        made_on=day,
        totals={},
        signatures=("制表人", "工会主席"),
        orientation="landscape" if phones is not None else "auto",
        subtitle=makeup_line(makeup),
        notes="".join(notes),
        full_id=full,
    )


# ---------------------------------------------------------------- 会议签到表


def session_line(s: SessionRow) -> str:
    parts = [f"会议日期：{format_date(s.session_date)}", f"地点：{s.place}" if s.place else ""]
    return "　".join(p for p in parts if p)


def signin_report(
    session_row: SessionRow, attendance_rows: Sequence[AttendanceRow], *, union: str = "", today: date | None = None
) -> Report:
    """A sheet per 选区 (its own page, numbered from 1, for the table where that 选区 signs),
    each delegate in office on the day with a blank 本人签名; 应到 printed, 实到 to be
    filled in by hand. A leave already known is written in 备注."""
    s = session_row
    data, sections = [], []
    for place, run in groupby(attendance_rows, key=_place):
        run = list(run)
        heading = f"选区：{place}　　应到 {len(run)} 人，实到＿＿＿人"
        sections.append(Section(heading, len(data), {"no": "", "name": "本组应到", "constituency": f"{len(run)} 人"}))
        data.extend(
            (n, r.name, place, r.category_label, None, "请假" if r.state == "leave" else "")
            for n, r in enumerate(run, start=1)
        )
    return Report(
        f"{union}{s.title}签到表",
        SIGNIN_COLUMNS,
        data,
        union_name=union,
        made_on=_today(today),
        totals={"no": "", "name": "应到合计", "constituency": f"{len(data)} 人"},
        signatures=("签到负责人", "大会秘书处"),
        orientation="portrait",
        subtitle=session_line(s),
        row_height=SIGN_ROW_PT,
        sections=sections,
        notes=(
            f"全体代表 {s.delegates} 人，应到 {s.delegates} 人，实到＿＿＿人，请假＿＿＿人，缺席＿＿＿人。"
            f"出席代表须超过全体代表的三分之二（至少 {s.quorum_needed} 人），会议方为有效。"
            "代表本人到场后在“本人签名”栏签名，不得代签。"
        ),
    )


# ---------------------------------------------------------------- 决议表决情况表


def resolutions_report(
    rows: Sequence[ResolutionRow], session_row: SessionRow, *, union: str = "", today: date | None = None
) -> Report:
    """Each resolution with its votes and the result the rule gives; the session's
    attendance and quorum under the title."""
    s = session_row
    data = [
        (
            r.number,
            r.title,
            r.delegates,
            r.present,
            r.votes_for,
            r.votes_against,
            r.votes_abstain,
            r.result_label,
            r.basis,
        )
        for r in rows
    ]
    passed = sum(1 for r in rows if r.passed)
    return Report(
        f"{union}{s.title}决议表决情况表",
        RESOLUTION_COLUMNS,
        data,
        union_name=union,
        made_on=_today(today),
        totals={},
        signatures=("计票人", "监票人", "大会主席团"),
        orientation="landscape",
        subtitle=f"{session_line(s)}　{s.quorum_text}",
        notes=(
            f"共表决 {len(rows)} 项，通过 {passed} 项，未通过 {len(rows) - passed} 项。"
            "决议须经全体代表的过半数赞成方为通过（不是实到代表或投票人数的过半数）。"
        ),
    )


# ---------------------------------------------------------------- read from the database


def _union(db: Database) -> str:
    return settings.load(db).union_name


def load_delegates_report(db: Database, term_id: int, full: bool = False, today: date | None = None) -> Report:
    """The term's delegates (ended seats too), their make-up and phones from the roster."""
    rows = congress.list_delegates(db, term_id)
    phones = {m.id: m.phone for m in members.list_members(db) if m.phone}
    term = congress.get_term(db, term_id)
    return delegates_report(
        rows, congress.term_makeup(db, term_id), term.name, full, union=_union(db), phones=phones, today=today
    )


def load_signin_report(db: Database, session_id: int, today: date | None = None) -> Report:
    s = congress.get_session(db, session_id)
    return signin_report(s, congress.list_attendance(db, session_id), union=_union(db), today=today)


def load_resolutions_report(db: Database, session_id: int, today: date | None = None) -> Report:
    s = congress.get_session(db, session_id)
    return resolutions_report(congress.list_resolutions(db, session_id), s, union=_union(db), today=today)
