"""One session's archive (教代会工作档案): a cover, then 议程与会议文件, 签到情况 with the
quorum, 决议表决情况表, 提案答复情况表 and each proposal's 提案表, bound into one PDF
(and an xlsx with a sheet per part) by reports.bundle.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from unionapp.domain.dates import format_date
from unionapp.reports.bundle import Bundle, Cover
from unionapp.reports.congress import resolutions_report, session_line
from unionapp.reports.model import Column, Report
from unionapp.reports.proposals import proposal_forms_report, replies_report
from unionapp.services import Database, congress, proposals, settings
from unionapp.services.congress import AttendanceRow, ResolutionRow, SessionRow
from unionapp.services.proposals import ProposalDetail, ReplySummary

FILE_STEMS = {"congress-archive": "教代会会议档案"}
PART_NAMES = ("会议议程与文件", "代表签到情况", "决议表决情况", "提案答复情况", "提案表")

AGENDA_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("kind", "类别", "text", 8, "center"),
    Column("item", "内容", "text", 40, wrap=True),
)
ATTENDANCE_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8, "center"),
    Column("constituency", "选区", "text", 10),
    Column("category", "类别", "text", 8),
    Column("state", "出席情况", "text", 6, "center"),
    Column("note", "备注", "text", 16, wrap=True),
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def agenda_report(session_row: SessionRow, *, union: str = "", today: date | None = None) -> Report:
    """The session's agenda items, then the documents it heard, one per line."""
    s = session_row
    items = [("议程", line) for line in _lines(s.agenda)] + [("会议文件", line) for line in _lines(s.documents)]
    return Report(
        f"{union}{s.title}议程与会议文件",
        AGENDA_COLUMNS,
        [(i, kind, text) for i, (kind, text) in enumerate(items, start=1)],
        union_name=union,
        made_on=today or date.today(),
        totals={},
        orientation="portrait",
        subtitle=session_line(s),
        notes=s.notes,
    )


def attendance_report(
    session_row: SessionRow, rows: Sequence[AttendanceRow], *, union: str = "", today: date | None = None
) -> Report:
    """Who was present, on leave or absent, with the quorum line the rule gives."""
    s = session_row
    data = [
        (i, r.name, r.constituency_name or r.group_name, r.category_label, r.state_label, _note(r))
        for i, r in enumerate(rows, start=1)
    ]
    return Report(
        f"{union}{s.title}代表出席情况",
        ATTENDANCE_COLUMNS,
        data,
        union_name=union,
        made_on=today or date.today(),
        totals={"no": "", "name": "合计", "constituency": f"{len(rows)} 人"},
        signatures=("统计人", "大会秘书处"),
        orientation="portrait",
        subtitle=session_line(s),
        notes=(
            f"{s.quorum_text}。出席 {s.present} 人，请假 {s.on_leave} 人，"
            f"缺席 {max(s.delegates - s.present - s.on_leave - s.unmarked, 0)} 人，未签到 {s.unmarked} 人。"
        ),
    )


def _note(r: AttendanceRow) -> str:
    return "；".join(p for p in (r.note if r.note != r.state_label else "", r.left_label) if p)


def archive_cover(session_row: SessionRow, resolutions: int, summary: ReplySummary, union: str) -> Cover:
    s = session_row
    facts = [
        ("单位", union or "—"),
        ("届次", s.term_name),
        ("会议", s.name),
        ("日期", format_date(s.session_date)),
        ("地点", s.place or "—"),
        ("出席", f"全体代表 {s.delegates} 人，实到 {s.present} 人（{'符合' if s.quorum_met else '不足'}法定人数）"),
        ("决议", f"{resolutions} 项"),
        ("提案", f"收到 {summary.submitted} 件，立案 {summary.accepted} 件，已答复 {summary.replied} 件"),
    ]
    return Cover(f"{union}教职工代表大会工作档案", facts)


def congress_archive(
    session_row: SessionRow,
    attendance_rows: Sequence[AttendanceRow],
    resolutions: Sequence[ResolutionRow],
    proposal_details: Sequence[ProposalDetail],
    summary: ReplySummary,
    *,
    union: str = "",
    today: date | None = None,
) -> Bundle:
    """The session's archive, parts in PART_NAMES order (see the module)."""
    s = session_row
    day = today or date.today()
    rows = [d.row for d in proposal_details]
    parts = [
        agenda_report(s, union=union, today=day),
        attendance_report(s, attendance_rows, union=union, today=day),
        resolutions_report(resolutions, s, union=union, today=day),
        replies_report(rows, summary, f"{s.title}", union=union, today=day),
        proposal_forms_report(proposal_details, union=union, title=f"{union}{s.title}提案表", today=day),
    ]
    return Bundle(
        f"{union}{s.title}档案",
        parts,
        names=PART_NAMES,
        cover=archive_cover(s, len(resolutions), summary, union),
        made_on=day,
    )


def load_congress_archive(db: Database, session_id: int, today: date | None = None) -> Bundle:
    s = congress.get_session(db, session_id)
    details = [proposals.get_proposal(db, r.id, today) for r in proposals.list_proposals(db, session_id, today=today)]
    return congress_archive(
        s,
        congress.list_attendance(db, session_id),
        congress.list_resolutions(db, session_id),
        details,
        proposals.reply_summary(db, session_id, today=today),
        union=settings.load(db).union_name,
        today=today,
    )
