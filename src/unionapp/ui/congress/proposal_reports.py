"""The 提案 page's printed tables (reports.proposals: 提案表 one page per proposal, 提案汇总表,
提案答复情况表). Builders run on a worker with
the ids and names they need captured at once; they read fresh rows there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from unionapp.domain.errors import DomainError

if TYPE_CHECKING:
    from unionapp.ui.congress.proposal_view import ProposalsPage

# Report key (the command line's name where it has one) → (menu title, file name ending).
REPORTS = {
    "proposal-forms": ("提案表（所选提案，每件一页）", "提案表"),
    "proposals": ("提案汇总表", "提案汇总表"),
    "proposal-replies": ("提案答复情况表", "提案答复情况表"),
}


def scope_name(page: ProposalsPage) -> str:
    """The chosen session's name, or the term's with 全部会议."""
    data = page.data
    session = next((s for s in data.sessions if s.id == page.session_id), None) if data else None
    if session is not None:
        return session.name
    term = data.terms.term() if data else None
    return f"{term.name}全部会议" if term else "教代会"


def file_stem(page: ProposalsPage, key: str) -> str:
    if key == "proposal-forms" and page.proposal is not None and len(page.selected_ids()) == 1:
        return f"{scope_name(page)}_第{page.proposal.number}号_{REPORTS[key][1]}"
    return f"{scope_name(page)}_{REPORTS[key][1]}"


def builder(page: ProposalsPage, key: str):
    """The builder of report `key` (run on a worker); the report module loads on first use."""
    from unionapp.ui.widgets.report_export import without_personal_numbers

    db, term_id, session_id, name = page.db, page.term_id, page.session_id, scope_name(page)
    if term_id is None:
        raise DomainError("还没有教代会届次，没有可打印的提案")
    scope = {"session_id": session_id} if session_id is not None else {"term_id": term_id}
    if key == "proposal-forms":
        ids = page.selected_ids()
        if not ids:
            raise DomainError("请先在列表中选择要打印的提案（可按住 Ctrl 多选）")
        return without_personal_numbers(lambda _full: _forms(db, ids, name))
    if key == "proposals":
        return without_personal_numbers(lambda _full: _summary(db, scope, name))
    return without_personal_numbers(lambda _full: _replies(db, scope, name))


def _union(db) -> str:
    from unionapp.services import settings

    return settings.load(db).union_name


def _forms(db, ids: list[int], name: str):
    from unionapp.reports import proposals as reports
    from unionapp.services import proposals

    details = [proposals.get_proposal(db, i) for i in ids]
    return reports.proposal_forms_report(details, union=_union(db), title=f"{name}提案表")


def _summary(db, scope: dict, name: str):
    from unionapp.reports import proposals as reports
    from unionapp.services import proposals

    return reports.proposals_summary_report(proposals.list_proposals(db, **scope), name, union=_union(db))


def _replies(db, scope: dict, name: str):
    from unionapp.reports import proposals as reports
    from unionapp.services import proposals

    rows, summary = proposals.list_proposals(db, **scope), proposals.reply_summary(db, **scope)
    return reports.replies_report(rows, summary, name, union=_union(db))
