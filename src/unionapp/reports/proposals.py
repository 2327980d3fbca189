"""The proposals' (提案) printed tables: 提案表 (one form page per proposal, as it is
signed), 提案汇总表 (the 立案 list with 承办部门 and due dates) and 提案答复情况表 (each
reply with the proposer's feedback and the session's satisfaction figures).

Pure builders take `services.proposals` rows; `load_*(db, ...)` read them first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from unionapp.domain.dates import format_date
from unionapp.reports.bundle import Bundle
from unionapp.reports.model import Column, Report, display_width
from unionapp.services import Database, congress, proposals, settings
from unionapp.services.proposals import ProposalDetail, ProposalRow, ReplySummary

FILE_STEMS = {"proposals": "提案汇总表", "proposal-forms": "提案表", "proposal-replies": "提案答复情况表"}
SIGN_LINE = "__________"
# A form's rows that are written in by hand when the proposal is printed before it is
# screened or answered: least heights in points (about 2.5, 3.5 and 2 cm).
SCREEN_PT, REPLY_PT, FEEDBACK_PT, TEXT_PT = 70, 100, 60, 80
LINE_PT = 9 * 1.28  # a body line in the PDF (reports.pdf_layout)
FORM_LINE_CHARS = 44  # Chinese characters on a line of the form's text column, A4 upright

FORM_COLUMNS = (
    Column("item", "项目", "text", 10, "center"),
    Column("value", "内容", "text", 60, wrap=True),
)
SUMMARY_COLUMNS = (
    Column("no", "编号", "int", 4),
    Column("title", "案由", "text", 24, wrap=True),
    Column("proposer", "提案人", "text", 8, "center"),
    Column("cosigners", "附议人", "text", 12, wrap=True),
    Column("category", "类别", "text", 8),
    Column("submitted", "提交日期", "date", 10),
    Column("office", "承办部门", "text", 8),
    Column("due", "答复期限", "date", 10),
    Column("stage", "办理情况", "text", 8),
)
REPLY_COLUMNS = (
    Column("no", "编号", "int", 4),
    Column("title", "案由", "text", 18, wrap=True),
    Column("proposer", "提案人", "text", 8, "center"),
    Column("office", "承办部门", "text", 8),
    Column("due", "答复期限", "date", 10),
    Column("replied", "答复日期", "date", 10),
    Column("reply", "答复内容", "text", 26, wrap=True),
    Column("feedback", "提案人意见", "text", 8, "center"),
    Column("stage", "办理情况", "text", 8),
)


def _today(today: date | None) -> date:
    return today or date.today()


def _sign(label: str) -> str:
    return f"{label}：{SIGN_LINE}"


def _filled(text: str, least_pt: float, last: str = "") -> str:
    """A form cell's text at its top, `last` (signature blanks) on its bottom line: blank
    lines between fill the row's least height, as the cell is drawn centred. The lines the
    text takes are estimated from the form's width on A4 (a line more only grows the row)."""
    room = int((least_pt - 5) // LINE_PT)
    used = sum(max(1, -(-display_width(p) // (2 * FORM_LINE_CHARS))) for p in text.split("\n")) if text else 0
    blank = max(room - used - (1 if last else 0), 0)
    return "\n".join([*([text] if text else []), *[""] * blank, *([last] if last else [])])


def _signed(text: str, least_pt: float, *labels: str) -> str:
    return _filled(text, least_pt, "　　".join(_sign(label) for label in labels))


def _proposer(row: ProposalRow) -> str:
    return f"{row.proposer_name}（{row.proposer_group}）" if row.proposer_group else row.proposer_name


# ---------------------------------------------------------------- 提案表


def proposal_form(detail: ProposalDetail, *, union: str = "", title: str = "", today: date | None = None) -> Report:
    """One proposal as a form page: label | text rows, blanks to be written in for what
    has not happened yet, and the proposer's and co-signers' signatures at the foot."""
    r = detail.row
    rows = [
        ("编号", f"第 {r.number} 号"),
        ("案由", r.title),
        ("提案人", _proposer(r)),
        ("附议人", "、".join(r.cosigner_names)),
        ("类别", r.category_label),
        ("提交日期", format_date(r.submitted_on)),
        ("理由", _filled(detail.reasons, TEXT_PT)),
        ("建议措施", _filled(detail.measures, TEXT_PT)),
        ("审查意见", _signed(_screening(r), SCREEN_PT, "提案工作委员会（签章）", "日期")),
        ("承办部门", _office(r)),
        ("答复", _signed(_replies(detail), REPLY_PT, "承办部门负责人（签名）", "日期")),
        ("提案人意见", _signed(_feedback(detail), FEEDBACK_PT, "提案人（签名）", "日期")),
    ]
    heights = {6: TEXT_PT, 7: TEXT_PT, 8: SCREEN_PT, 10: REPLY_PT, 11: FEEDBACK_PT}
    return Report(
        title or f"{union}教代会提案表",
        FORM_COLUMNS,
        rows,
        union_name=union,
        made_on=_today(today),
        totals={},
        signatures=("提案人（签名）", "附议人（签名）", "日期"),
        orientation="portrait",
        subtitle=f"{r.session_name}　第 {r.number} 号　{r.status_label}",
        header_row=False,
        row_heights=heights,
    )


def _screening(r: ProposalRow) -> str:
    if r.status == "submitted":
        return ""
    when = f"（{format_date(r.screened_on)}）" if r.screened_on else ""
    return f"{r.status_label}{when}" + (f"：{r.screen_reason}" if r.screen_reason else "")


def _office(r: ProposalRow) -> str:
    if not r.office:
        return ""
    return f"{r.office}　　答复期限：{format_date(r.due_date)}" if r.due_date else r.office


def _replies(detail: ProposalDetail) -> str:
    """Every round's reply, oldest first ("第 1 次答复（日期，部门）：…")."""
    many = len(detail.replies) > 1
    parts = []
    for reply in detail.replies:
        head = f"第 {reply.round} 次答复" if many else "答复"
        parts.append(f"{head}（{format_date(reply.replied_on)}，{reply.office}）：{reply.reply}")
    return "\n".join(parts)


def _feedback(detail: ProposalDetail) -> str:
    parts = []
    for reply in detail.replies:
        if not reply.feedback:
            continue
        when = f"（{format_date(reply.feedback_on)}）" if reply.feedback_on else ""
        head = f"第 {reply.round} 次答复：" if len(detail.replies) > 1 else ""
        note = f"，{reply.feedback_note}" if reply.feedback_note else ""
        parts.append(f"{head}{reply.feedback_label}{when}{note}")
    if not parts:
        return "□满意　　□基本满意　　□不满意"
    return "\n".join(parts)


def proposal_forms_report(
    details: Sequence[ProposalDetail], *, union: str = "", title: str = "", today: date | None = None
) -> Bundle:
    """A 提案表 page per proposal, in the order given, as one document."""
    forms = [proposal_form(d, union=union, title=title, today=today) for d in details]
    if not forms:
        empty = Report(title or f"{union}教代会提案表", FORM_COLUMNS, [], made_on=_today(today), totals={})
        return Bundle(empty.title, [empty], made_on=_today(today))
    names = [f"第{d.row.number}号提案" for d in details]
    return Bundle(forms[0].title, forms, names=names, made_on=_today(today))


# ---------------------------------------------------------------- 提案汇总表


def proposals_summary_report(
    rows: Sequence[ProposalRow], session_name: str, *, union: str = "", today: date | None = None
) -> Report:
    """The 立案 proposals (by number) with 承办部门, 答复期限 and where each stands; the
    proposals not accepted are counted in the notes."""
    accepted = [r for r in rows if r.status == "accepted"]
    data = [
        (
            r.number,
            r.title,
            r.proposer_name,
            "、".join(r.cosigner_names),
            r.category_label,
            r.submitted_on,
            r.office,
            r.due_date,
            r.stage_label,
        )
        for r in accepted
    ]
    counts = {label: sum(1 for r in rows if r.status_label == label) for label in ("待审查", "不立案", "转为意见建议")}
    overdue = sum(1 for r in accepted if r.overdue)
    others = "，".join(f"{label} {n} 件" for label, n in counts.items() if n)
    return Report(
        f"{union}{session_name}提案汇总表",
        SUMMARY_COLUMNS,
        data,
        union_name=union,
        made_on=_today(today),
        totals={},
        signatures=("提案工作委员会", "工会主席"),
        orientation="landscape",
        subtitle=f"共收到提案 {len(rows)} 件，立案 {len(accepted)} 件" + (f"，{others}" if others else ""),
        notes=(
            "本表列出立案的提案，按编号排列。"
            + (f"其中 {overdue} 件已过答复期限尚未答复，请督促承办部门。" if overdue else "")
        ),
    )


# ---------------------------------------------------------------- 提案答复情况表


def summary_line(summary: ReplySummary) -> str:
    """The figures asked for at inspection: received, accepted, answered, satisfied."""
    s = summary
    return (
        f"收到提案 {s.submitted} 件，立案 {s.accepted} 件；已答复 {s.replied} 件，答复率 {s.reply_rate}；"
        f"满意 {s.satisfied} 件，基本满意 {s.basic} 件，不满意 {s.unsatisfied} 件，"
        f"满意率（含基本满意）{s.satisfaction_rate}"
    )


def replies_report(
    rows: Sequence[ProposalRow], summary: ReplySummary, title: str, *, union: str = "", today: date | None = None
) -> Report:
    """Each proposal handed to an office (立案, or 转为意见建议 with an office) with its
    current round's reply and the proposer's feedback; the summary's figures above."""
    handled = [r for r in rows if r.status == "accepted" or (r.status == "converted" and r.office)]
    data = [
        (
            r.number,
            r.title,
            r.proposer_name,
            r.office,
            r.due_date,
            r.replied_on,
            (f"（第 {r.round} 次）" if r.round > 1 else "") + r.reply,
            r.feedback_label or ("待反馈" if r.replied_on else ""),
            r.stage_label,
        )
        for r in handled
    ]
    s = summary
    notes = [
        f"待答复 {s.waiting} 件（其中逾期 {s.overdue} 件），已答复待反馈 {s.no_feedback} 件。",
        "满意率按最近一次答复的反馈计算；提案人不满意的，承办部门再次答复，表中为当前一轮的答复。",
    ]
    if s.rejected or s.converted:
        notes.append(f"不立案 {s.rejected} 件，转为意见建议 {s.converted} 件。")
    return Report(
        f"{union}{title}提案答复情况表",
        REPLY_COLUMNS,
        data,
        union_name=union,
        made_on=_today(today),
        totals={},
        signatures=("提案工作委员会", "工会主席"),
        orientation="landscape",
        subtitle=summary_line(summary),
        notes="".join(notes),
    )


# ---------------------------------------------------------------- read from the database


def _union(db: Database) -> str:
    return settings.load(db).union_name


def load_proposal_forms(db: Database, session_id: int, today: date | None = None) -> Bundle:
    s = congress.get_session(db, session_id)
    details = [proposals.get_proposal(db, r.id, today) for r in proposals.list_proposals(db, session_id, today=today)]
    union = _union(db)
    return proposal_forms_report(details, union=union, title=f"{union}{s.title}提案表", today=today)


def load_proposals_summary(db: Database, session_id: int, today: date | None = None) -> Report:
    s = congress.get_session(db, session_id)
    rows = proposals.list_proposals(db, session_id, today=today)
    return proposals_summary_report(rows, f"{s.title}", union=_union(db), today=today)


def load_replies_report(
    db: Database, session_id: int | None = None, term_id: int | None = None, today: date | None = None
) -> Report:
    """A session's replies, or a term's (session None)."""
    if session_id is not None:
        s = congress.get_session(db, session_id)
        title = f"{s.title}"
    else:
        title = congress.get_term(db, term_id).name if term_id is not None else ""
    rows = proposals.list_proposals(db, session_id, term_id, today=today)
    summary = proposals.reply_summary(db, session_id, term_id, today=today)
    return replies_report(rows, summary, title, union=_union(db), today=today)
