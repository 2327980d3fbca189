"""The 提案 page of 教代会, driven as the 提案工作委员会 does: a proposal taken in through its
form (proposer picked by name, co-signers ticked), the form's refusals (the proposer as
co-signer, too few co-signers, a date the service refuses — nothing lost, nothing written),
then screening, the office's reply, an unsatisfied proposer opening a second round, and
overdue proposals shown in red and counted."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from unionapp.db.models import CongressDelegate, CongressSession, CongressTerm
from unionapp.domain.members import MemberInput
from unionapp.services import groups, members, proposals
from unionapp.services.proposals import ProposalInput, ReplyInput
from unionapp.ui.congress import proposal_actions
from unionapp.ui.congress.proposal_dialog import ProposalDialog
from unionapp.ui.congress.proposal_model import OVERDUE
from unionapp.ui.congress.proposal_steps import FeedbackDialog, ReplyDialog, ScreenDialog
from unionapp.ui.congress.proposal_view import ProposalsPage

from .helpers import choose, retype, type_text

TERM_START = date(2021, 9, 1)
SESSION_DAY = date(2024, 3, 20)
PEOPLE = (("张丽", "高中组"), ("李强", "高中组"), ("陈静", "初中组"), ("王芳", "初中组"), ("赵敏", "初中组"))


class School:
    def __init__(self, delegate: dict[str, int], session_id: int, term_id: int):
        self.delegate, self.session_id, self.term_id = delegate, session_id, term_id

    def proposal(self, title: str, proposer: str = "张丽", cosigners=("李强", "陈静")) -> ProposalInput:
        return ProposalInput(
            session_id=self.session_id,
            proposer_id=self.delegate[proposer],
            title=title,
            submitted_on=SESSION_DAY,
            cosigner_ids=tuple(self.delegate[n] for n in cosigners),
        )


@pytest.fixture
def school(db) -> School:
    """One term (2021-09 to 2025-08) with a session on 2024-03-20 and five delegates,
    written through the models: these tests are about the page, not setting up a term."""
    for name in ("高中组", "初中组"):
        groups.add_group(db, name)
    ids = {
        n: members.add_member(db, MemberInput(name=n, gender="F", birth_date=date(1985, 5, 1), group_name=g))
        for n, g in PEOPLE
    }
    with db.session() as s:
        term = CongressTerm(number=1, name="第一届教代会", start_date=TERM_START, end_date=date(2025, 8, 31))
        s.add(term)
        s.flush()
        seats = {n: CongressDelegate(term_id=term.id, member_id=m, elected_on=TERM_START) for n, m in ids.items()}
        s.add_all(seats.values())
        meeting = CongressSession(term_id=term.id, number=3, name="一届三次教代会", session_date=SESSION_DAY)
        s.add(meeting)
        s.flush()
        return School({n: d.id for n, d in seats.items()}, meeting.id, term.id)


@pytest.fixture
def page(db, school, qtbot):
    page = ProposalsPage(db)
    qtbot.addWidget(page)
    page.resize(1280, 700)
    page.show()
    qtbot.waitExposed(page)
    settle(qtbot, page)
    return page


def settle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.loading and "detail" not in page.reads.pending)


def show(qtbot, page, proposal_id: int) -> None:
    page.reload(proposal_id)
    settle(qtbot, page)
    assert page.proposal is not None and page.proposal.id == proposal_id


def tick(dialog: ProposalDialog, *names: str) -> None:
    for item in dialog.cosigners.items():
        if item.text().split("（")[0] in names:
            item.setCheckState(Qt.CheckState.Checked)


def pick_proposer(qtbot, dialog: ProposalDialog, name: str) -> None:
    dialog.proposer.lineEdit().clear()
    type_text(qtbot, dialog.proposer.lineEdit(), name)
    index = next(i for i in range(dialog.proposer.count()) if dialog.proposer.itemText(i).startswith(name))
    dialog.proposer.setCurrentIndex(index)  # what picking it from the completer's list does


def save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_a_proposal_is_submitted_through_the_form(page, modal, qtbot, school):
    seen: dict = {}

    def fill(dialog: ProposalDialog) -> None:
        assert "至少需要 2 名附议人" in dialog.minimum.text()
        pick_proposer(qtbot, dialog, "张丽")
        offered = [i.text() for i in dialog.cosigners.items() if not i.isHidden()]
        assert not any(t.startswith("张丽") for t in offered)  # the proposer is not offered
        tick(dialog, "李强", "陈静")
        type_text(qtbot, dialog.title, "关于增设教师休息室的建议")
        choose(qtbot, dialog.category, "后勤保障")
        type_text(qtbot, dialog.reasons, "课间教师无处休息")
        retype(qtbot, dialog.submitted_on, "2024-03-21")
        save(qtbot, dialog)
        assert not dialog.isVisible(), dialog.shown_problems()
        seen["id"] = dialog.saved_id

    modal.run(ProposalDialog, fill, page.new_item)
    settle(qtbot, page)
    detail = proposals.get_proposal(page.db, seen["id"])
    row = detail.row
    assert (row.title, row.category, row.proposer_name, row.submitted_on) == (
        "关于增设教师休息室的建议",
        "logistics",
        "张丽",
        date(2024, 3, 21),
    )
    assert set(detail.cosigner_ids) == {school.delegate["李强"], school.delegate["陈静"]}
    assert detail.reasons == "课间教师无处休息"
    assert page.proposal is not None and page.proposal.id == seen["id"]  # shown and chosen
    assert "关于增设教师休息室的建议" in page.history.toPlainText()


def test_the_form_refuses_the_proposer_as_cosigner_and_too_few_cosigners(page, modal, qtbot, school):
    def fill(dialog: ProposalDialog) -> None:
        tick(dialog, "李强", "陈静")
        pick_proposer(qtbot, dialog, "李强")  # already ticked as a co-signer: untied, said so
        assert "已从附议人中去掉 李强" in dialog.untied.text()
        assert dialog.cosigners.chosen() == (school.delegate["陈静"],)
        type_text(qtbot, dialog.title, "关于食堂的建议")
        retype(qtbot, dialog.submitted_on, "2024-03-21")
        save(qtbot, dialog)
        assert dialog.isVisible()
        assert "附议人只有 1 名，至少需要 2 名" in dialog.shown_problems()
        dialog.cosigners.hidden_id = None  # even if the list offered the proposer again
        dialog.cosigners.set_chosen([school.delegate["李强"], school.delegate["陈静"]])
        save(qtbot, dialog)
        assert dialog.isVisible()
        assert "提案人不能同时作为附议人" in dialog.shown_problems()
        assert dialog.title.text() == "关于食堂的建议"  # nothing typed is lost

    modal.run(ProposalDialog, fill, page.new_item)
    assert proposals.list_proposals(page.db) == []


def test_a_date_the_service_refuses_stays_in_the_form(page, modal, qtbot, school):
    def fill(dialog: ProposalDialog) -> None:
        pick_proposer(qtbot, dialog, "张丽")
        tick(dialog, "李强", "陈静")
        type_text(qtbot, dialog.title, "关于校车的建议")
        retype(qtbot, dialog.submitted_on, "2020-05-01")  # before the term began
        save(qtbot, dialog)
        assert dialog.isVisible()
        assert dialog.shown_problems()  # the service's sentence, in Chinese
        assert not dialog.shown_problems().isascii()
        assert dialog.title.text() == "关于校车的建议" and len(dialog.cosigners.chosen()) == 2
        retype(qtbot, dialog.submitted_on, "2024-03-22")
        save(qtbot, dialog)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(ProposalDialog, fill, page.new_item)
    assert [p.title for p in proposals.list_proposals(page.db)] == ["关于校车的建议"]


def test_screen_reply_and_an_unsatisfied_proposer_opens_a_second_round(page, modal, qtbot, school):
    db = page.db
    pid = proposals.create_proposal(db, school.proposal("关于改善午餐的建议"))
    show(qtbot, page, pid)
    assert page.screen_action.isEnabled() and not page.reply_action.isEnabled()

    def screen(dialog: ScreenDialog) -> None:
        choose(qtbot, dialog.decision, "立案")
        retype(qtbot, dialog.on, "2024-03-25")
        assert dialog.due.text() == "2024-04-24"  # 30 days on, following the date
        dialog.office.setFocus()
        type_text(qtbot, dialog.office.lineEdit(), "总务处")
        save(qtbot, dialog)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(ScreenDialog, screen, lambda: proposal_actions.screen(page))
    settle(qtbot, page)
    row = proposals.get_proposal(db, pid).row
    assert (row.status, row.office, row.due_date) == ("accepted", "总务处", date(2024, 4, 24))
    assert page.reply_action.isEnabled()

    def reply(dialog: ReplyDialog) -> None:
        retype(qtbot, dialog.on, "2024-04-10")
        type_text(qtbot, dialog.reply, "已与食堂协商增加菜品")
        save(qtbot, dialog)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(ReplyDialog, reply, lambda: proposal_actions.reply(page))
    settle(qtbot, page)
    assert page.proposal.stage == "replied" and page.feedback_action.isEnabled()

    def unsatisfied(dialog: FeedbackDialog) -> None:
        choose(qtbot, dialog.feedback, "不满意")
        retype(qtbot, dialog.on, "2024-04-15")
        assert dialog.due.isVisibleTo(dialog)
        retype(qtbot, dialog.due, "2024-05-15")
        type_text(qtbot, dialog.feedback_note, "菜品仍然单一")
        save(qtbot, dialog)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(FeedbackDialog, unsatisfied, lambda: proposal_actions.feedback(page))
    settle(qtbot, page)
    detail = proposals.get_proposal(db, pid)
    assert detail.row.round == 2 and detail.row.due_date == date(2024, 5, 15)
    assert [(r.round, r.feedback) for r in detail.replies] == [(1, "unsatisfied")]
    history = page.history.toPlainText()
    assert "第 1 轮" in history and "不满意" in history and "菜品仍然单一" in history
    assert "第 2 轮等待答复" in history
    assert page.reply_action.isEnabled() and not page.screen_action.isEnabled()


def test_a_reply_dated_before_submission_is_refused_in_the_form(page, modal, qtbot, school):
    db = page.db
    pid = proposals.create_proposal(db, school.proposal("关于图书馆开放时间的建议"))
    proposals.screen_proposal(db, pid, "accepted", date(2024, 3, 25), office="办公室", due_date=date(2024, 4, 30))
    show(qtbot, page, pid)

    def reply(dialog: ReplyDialog) -> None:
        retype(qtbot, dialog.on, "2024-03-01")
        type_text(qtbot, dialog.reply, "延长至晚上七点")
        save(qtbot, dialog)
        assert dialog.isVisible()
        assert "答复日期" in dialog.shown_problems()
        assert dialog.reply.toPlainText() == "延长至晚上七点"

    modal.run(ReplyDialog, reply, lambda: proposal_actions.reply(page))
    assert proposals.get_proposal(db, pid).replies == ()


def test_overdue_proposals_are_red_and_counted(page, qtbot, school):
    db = page.db
    late = proposals.create_proposal(db, school.proposal("关于操场照明的建议"))
    proposals.screen_proposal(db, late, "accepted", date(2024, 3, 25), office="总务处", due_date=date(2024, 4, 30))
    answered = proposals.create_proposal(db, school.proposal("关于教研时间的建议", proposer="王芳"))
    proposals.screen_proposal(db, answered, "accepted", date(2024, 3, 25), office="教务处", due_date=date(2024, 4, 30))
    proposals.add_reply(db, answered, ReplyInput(date(2024, 4, 20), "每周三下午为教研时间"))
    waiting = proposals.create_proposal(db, school.proposal("关于停车位的建议", proposer="赵敏"))
    page.reload()
    settle(qtbot, page)

    assert page.overdue.text() == "逾期未答复 1 件"
    assert "逾期未答复 1 件" in page.status_text()
    colors = {}
    for r in range(page.model.rowCount()):
        row = page.model.row_at(r)
        colors[row.id] = page.model.data(page.model.index(r, 0), Qt.ItemDataRole.ForegroundRole)
    assert colors[late] == OVERDUE
    assert colors[answered] != OVERDUE and colors[waiting] != OVERDUE
    assert "立案 2" in page.summary.text() and "已答复 1/2" in page.summary.text()

    choose(qtbot, page.stage_box, "逾期未答复")
    assert [page.model.row_at(r).id for r in range(page.model.rowCount())] == [late]
    choose(qtbot, page.stage_box, "全部")
    type_text(qtbot, page.search, "赵敏")
    assert [page.model.row_at(r).id for r in range(page.model.rowCount())] == [waiting]


def test_proposal_forms_of_the_selection_and_the_tables_are_exported(page, qtbot, school, tmp_path):
    from openpyxl import load_workbook

    from unionapp.ui.widgets.report_export import start_export

    db = page.db
    first = proposals.create_proposal(db, school.proposal("关于增设饮水机的建议"))
    second = proposals.create_proposal(db, school.proposal("关于调整课表的建议", proposer="王芳"))
    proposals.screen_proposal(db, second, "accepted", date(2024, 3, 25), office="教务处", due_date=date(2024, 4, 30))
    page.reload()
    settle(qtbot, page)
    page.table.selectAll()
    assert sorted(page.selected_ids()) == sorted([first, second])
    assert page.report_file_stem("proposal-forms") == "第一届教代会全部会议_提案表"

    results = {}
    for key in ("proposal-forms", "proposals", "proposal-replies"):
        path = tmp_path / f"{key}.xlsx"
        start_export(
            page, page.report_builder(key), path, "xlsx", False, on_done=lambda r, k=key: results.setdefault(k, r)
        )
    qtbot.waitUntil(lambda: len(results) == 3, timeout=20000)
    forms = load_workbook(results["proposal-forms"].path)
    assert len(forms.sheetnames) == 2  # one page (sheet) per selected proposal
    texts = {str(c.value) for ws in forms for row in ws.iter_rows() for c in row if c.value}
    assert any("饮水机" in t for t in texts) and any("调整课表" in t for t in texts)
    summary = {str(c.value) for row in load_workbook(results["proposals"].path).active.iter_rows() for c in row}
    assert any("调整课表" in t for t in summary) and not any("饮水机" in t for t in summary)  # 立案 only
    assert any("教务处" in t for t in summary)
