"""The staff congress's exports at the command line: which session `--session` (or its
absence) means, which term `--term` means, and `proposals --forms`.

Without `--session` the newest session (of `--term` when given) is used and the command
says which; an unknown number, or none at all, is a usage error listing the choices."""

from __future__ import annotations

from unionapp.cli.common import UsageProblem, out
from unionapp.domain.dates import format_date
from unionapp.reports.bundle import Bundle
from unionapp.reports.congress import load_delegates_report, load_resolutions_report, load_signin_report
from unionapp.reports.congress_archive import load_congress_archive
from unionapp.reports.model import Report
from unionapp.reports.proposals import load_proposal_forms, load_proposals_summary, load_replies_report
from unionapp.services import congress

SHOWN = 20  # choices listed in an error
MADE_IN = "请先在“教代会”的“会议”页中新建一次会议。"


def _session_list(rows) -> str:
    lines = [f"  {s.id}　{s.title}（{format_date(s.session_date)}）" for s in rows[:SHOWN]]
    if len(rows) > SHOWN:
        lines.append(f"  ……另有 {len(rows) - SHOWN} 次")
    return "\n可选的会议（编号　名称），请用 --session 编号 指定：\n" + "\n".join(lines)


def _term_list(rows) -> str:
    lines = [f"  {t.id}　{t.name}（{format_date(t.start_date)} 至 {format_date(t.end_date)}）" for t in rows]
    return "\n可选的届次（编号　名称），请用 --term 编号 指定：\n" + "\n".join(lines)


def term_id(db, wanted: int | None) -> int:
    """--term when known; else the term running today (else the newest), said on the console."""
    terms = congress.list_terms(db)
    if wanted is not None:
        if any(t.id == wanted for t in terms):
            return wanted
        raise UsageProblem(f"找不到编号为 {wanted} 的教代会届次。" + (_term_list(terms) if terms else ""))
    chosen = congress.current_term_id(db)
    if chosen is None:
        raise UsageProblem("还没有任何教代会届次，请先在“教代会”中新建一届。")
    name = next(t.name for t in terms if t.id == chosen)
    out(f"未指定 --term，使用当前届次：编号 {chosen}　{name}")
    return chosen


def session_id(db, wanted: int | None, term: int | None) -> int:
    """--session when known; else the newest session (of --term when given), said on the console."""
    every = congress.list_sessions(db)
    if wanted is not None:
        if any(s.id == wanted for s in every):
            return wanted
        raise UsageProblem(f"找不到编号为 {wanted} 的教代会会议。" + (_session_list(every) if every else ""))
    if term is not None:
        term_id(db, term)  # an unknown --term is told as such
    of_term = [s for s in every if term is None or s.term_id == term]
    if not of_term:
        where = "这一届还没有召开过会议" if term is not None else "还没有任何教代会会议"
        raise UsageProblem(f"{where}，{MADE_IN}" + (_session_list(every) if every else ""))
    s = of_term[0]  # list_sessions: newest first
    out(f"未指定 --session，使用最新的会议：编号 {s.id}　{s.title}（{format_date(s.session_date)}）")
    return s.id


def congress_report(db, args) -> Report | Bundle:
    """The report named by args.report, for the session or term asked for."""
    term = getattr(args, "term", None)
    session = getattr(args, "session", None)
    if args.report == "congress-delegates":
        if session is not None and term is None:
            term = congress.get_session(db, session_id(db, session, None)).term_id
        return load_delegates_report(db, term_id(db, term), full=args.full_id)
    if args.report == "proposal-replies" and session is None and term is not None:
        return load_replies_report(db, term_id=term_id(db, term))  # the whole term's replies
    chosen = session_id(db, session, term)
    if args.report == "congress-signin":
        return load_signin_report(db, chosen)
    if args.report == "congress-resolutions":
        return load_resolutions_report(db, chosen)
    if args.report == "proposals":
        return load_proposal_forms(db, chosen) if getattr(args, "forms", False) else load_proposals_summary(db, chosen)
    if args.report == "proposal-replies":
        return load_replies_report(db, session_id=chosen)
    return load_congress_archive(db, chosen)
