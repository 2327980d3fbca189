"""What the 提案 page does to a proposal, one service call each: 新建/修改 through the
proposal form (whose delegates are read on a worker, once per term), 审查, 答复, 反馈,
撤回上一步 and 删除. After a write the page reads again and the tab recounts the overdue."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6

from unionapp.services import proposals
from unionapp.services.proposals import ProposalDetail, ProposalRow
from unionapp.ui.congress.proposal_data import Context, load_context, load_detail, today
from unionapp.ui.congress.proposal_dialog import ProposalDialog
from unionapp.ui.congress.proposal_steps import FeedbackDialog, ReplyDialog, ScreenDialog
from unionapp.ui.widgets.common import confirm, guarded, show_error
from unionapp.ui.widgets.reason_dialog import ReasonDialog
from unionapp.ui.widgets.tasks import run_task

if TYPE_CHECKING:
    from unionapp.ui.congress.proposal_view import ProposalsPage


# ------------------------------------------------------------ what applies to a proposal
def can_screen(p: ProposalRow | None) -> bool:
    """审查 (again) until the first reply: after it the decision stands."""
    return p is not None and p.round == 1 and p.replied_on is None


def can_reply(p: ProposalRow | None) -> bool:
    if p is None:
        return False
    return p.stage in ("waiting", "overdue") or (p.stage == "converted" and bool(p.office))


def undo_kind(p: ProposalRow | None) -> str | None:
    """What 撤回上一步 takes back: "feedback" (the latest reply's), "reply", or None."""
    if p is None:
        return None
    if p.replied_on is not None:
        return "feedback" if p.feedback else "reply"
    return "feedback" if p.round > 1 else None  # a 不满意 opened this round


# ------------------------------------------------------------ the proposal form
def with_form_data(
    page: ProposalsPage, proposal_id: int | None, then: Callable[[Context, ProposalDetail | None], None]
):
    """Run `then(context, detail)` once the form's delegates (and the proposal) are read."""
    db, term_id, day, context = page.db, page.term_id, today(), page.context
    if term_id is None:
        return

    def read():
        fresh = context if context is not None and context.term_id == term_id else load_context(db, term_id, day)
        return fresh, (load_detail(db, proposal_id, day) if proposal_id is not None else None)

    def done(result) -> None:
        if shiboken6.isValid(page):
            page.context = result[0]
            then(*result)

    run_task(page, "正在读取代表名单…", read, done, lambda e: show_error(page, e), False)


def new_proposal(page: ProposalsPage) -> None:
    with_form_data(page, None, lambda context, _d: _open_form(page, context, None))


def edit_proposal(page: ProposalsPage) -> None:
    with_form_data(page, page.proposal.id, lambda context, detail: _open_form(page, context, detail))


def _open_form(page: ProposalsPage, context: Context, detail: ProposalDetail | None) -> None:
    data = page.data
    session_id = page.session_id or (data.sessions[0].id if data and data.sessions else None)
    dialog = ProposalDialog(page, page.db, context, data.sessions if data else [], session_id, detail, today())
    if dialog.exec() and dialog.saved_id is not None:
        page.written(dialog.saved_id)


def delete(page: ProposalsPage) -> None:
    p = page.proposal
    what = f"删除第 {p.number} 号提案“{p.title}”（提案人 {p.proposer_name}），连同它的审查、答复和反馈记录。"
    dialog = ReasonDialog(
        page, "删除提案", what, lambda reason: proposals.delete_proposal(page.db, p.id, reason), "删除"
    )
    if dialog.exec():
        page.proposal = None
        page.written()


# ------------------------------------------------------------ the steps
def _step(page: ProposalsPage, cls, allowed: Callable[[ProposalRow | None], bool]) -> None:
    p = page.proposal
    if not page.editable or not allowed(p):
        return
    dialog = cls(page, page.db, p, today())
    if dialog.exec():
        page.written(p.id)


def screen(page: ProposalsPage) -> None:
    _step(page, ScreenDialog, can_screen)


def reply(page: ProposalsPage) -> None:
    _step(page, ReplyDialog, can_reply)


def feedback(page: ProposalsPage) -> None:
    _step(page, FeedbackDialog, lambda p: p is not None and p.stage == "replied")


def undo_step(page: ProposalsPage) -> None:
    p = page.proposal
    kind = undo_kind(p)
    if not page.editable or kind is None:
        return
    if kind == "feedback":
        text = f"撤回第 {p.number} 号提案最近登记的提案人反馈？"
        if p.round > 1 and p.replied_on is None:
            text += f"第 {p.round} 轮将取消，提案回到等待反馈。"
        act = proposals.undo_feedback
    else:
        text = f"撤回第 {p.number} 号提案第 {p.round} 轮的答复（{p.office}）？提案回到等待答复。"
        act = proposals.remove_reply
    if confirm(page, "撤回上一步", text) and guarded(page, lambda: act(page.db, p.id) or True):
        page.written(p.id)
