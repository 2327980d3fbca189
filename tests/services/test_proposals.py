"""Proposals along their whole way: submitted with co-signers, screened (立案 with an office
and a due date, 不立案 with a reason, 转为意见建议), answered, judged by the proposer (a
second round when unsatisfied), the overdue ones flagged and counted, and the reply
figures recomputed as things change."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from unionapp.services import audit, proposals
from unionapp.services.errors import ConcurrentEditError
from unionapp.services.proposals import ReplyInput

from .proposal_school import DUE, SCREEN_DAY, accepted, audit_count, congress

BEFORE_DUE = date(2024, 4, 10)
AFTER_DUE = date(2024, 5, 10)


def test_submit_accept_reply_and_satisfied(db):
    c = congress(db)
    pid = proposals.create_proposal(db, c.proposal(cosigners=("陈静", "李强")))
    detail = proposals.get_proposal(db, pid, today=BEFORE_DUE)
    row = detail.row
    assert (row.number, row.proposer_name, row.proposer_group, row.stage, row.stage_label) == (
        1,
        "张丽",
        "高中组",
        "submitted",
        "待审查",
    )
    assert set(row.cosigner_names) == {"李强", "陈静"}
    assert set(detail.cosigner_ids) == {c.delegate["李强"], c.delegate["陈静"]}
    assert (detail.reasons, detail.measures, row.category_label) == ("课间教师无处休息", "利用三楼空教室", "后勤保障")
    assert (row.session_name, row.term_id, row.proposer_member_id) == ("一届三次教代会", c.term_id, c.member["张丽"])

    proposals.screen_proposal(db, pid, "accepted", SCREEN_DAY, office="教务处", due_date=DUE)
    row = proposals.get_proposal(db, pid, today=BEFORE_DUE).row
    assert (row.status_label, row.office, row.due_date, row.stage_label, row.round, row.overdue) == (
        "立案",
        "教务处",
        DUE,
        "待答复",
        1,
        False,
    )

    proposals.add_reply(db, pid, ReplyInput(date(2024, 4, 20), "已安排三楼 302 室作为教师休息室"))
    row = proposals.get_proposal(db, pid, today=AFTER_DUE).row  # answered: not overdue any more
    assert (row.stage, row.replied_on, row.overdue) == ("replied", date(2024, 4, 20), False)
    assert row.reply == "已安排三楼 302 室作为教师休息室"

    proposals.set_feedback(db, pid, "satisfied", date(2024, 4, 25), note="感谢")
    detail = proposals.get_proposal(db, pid, today=AFTER_DUE)
    assert (detail.row.stage_label, detail.row.feedback_label) == ("满意", "满意")
    [reply] = detail.replies
    assert (reply.round, reply.office, reply.feedback_on, reply.feedback_note) == (
        1,
        "教务处",
        date(2024, 4, 25),
        "感谢",
    )
    assert audit_count(db) == 4  # created, screened, replied, feedback


def test_unsatisfied_opens_a_second_round(db):
    c = congress(db)
    pid = accepted(db, c)
    proposals.add_reply(db, pid, ReplyInput(date(2024, 4, 20), "正在研究", office="总务处"))
    proposals.set_feedback(db, pid, "unsatisfied", date(2024, 4, 22), note="没有具体措施", next_due=date(2024, 6, 15))
    row = proposals.get_proposal(db, pid, today=date(2024, 6, 1)).row
    assert (row.round, row.due_date, row.stage, row.replied_on, row.feedback) == (
        2,
        date(2024, 6, 15),
        "waiting",
        None,
        "",
    )
    assert proposals.get_proposal(db, pid, today=date(2024, 6, 20)).row.stage_label == "逾期未答复"

    proposals.add_reply(db, pid, ReplyInput(date(2024, 6, 10), "暑假改造三楼 302 室"))
    proposals.set_feedback(db, pid, "basic", date(2024, 6, 12))
    detail = proposals.get_proposal(db, pid, today=date(2024, 6, 20))
    assert (detail.row.stage_label, detail.row.round, detail.row.overdue) == ("基本满意", 2, False)
    assert [(r.round, r.office, r.feedback_label) for r in detail.replies] == [
        (1, "总务处", "不满意"),
        (2, "教务处", "基本满意"),
    ]


def test_rejected_and_converted_need_a_reason(db):
    c = congress(db)
    rejected = proposals.create_proposal(db, c.proposal(title="建议每周五下午放假"))
    converted = proposals.create_proposal(
        db, c.proposal(title="建议食堂增加面食", proposer="李强", cosigners=("张丽", "陈静"))
    )
    with pytest.raises(proposals.CongressError, match="不立案须写明理由"):
        proposals.screen_proposal(db, rejected, "rejected", SCREEN_DAY)
    proposals.screen_proposal(db, rejected, "rejected", SCREEN_DAY, reason="不属于学校职权范围")
    proposals.screen_proposal(db, converted, "converted", SCREEN_DAY, reason="属于日常工作建议", office="总务处")
    rows = {r.id: r for r in proposals.list_proposals(db, session_id=c.session_id, today=AFTER_DUE)}
    assert (rows[rejected].stage_label, rows[rejected].screen_reason, rows[rejected].office) == (
        "不立案",
        "不属于学校职权范围",
        "",
    )
    assert (rows[converted].stage_label, rows[converted].office) == ("转为意见建议", "总务处")
    assert proposals.overdue_count(db, today=AFTER_DUE) == 0  # neither is chased
    # A suggestion handed to an office may be answered.
    proposals.add_reply(db, converted, ReplyInput(date(2024, 4, 1), "已增加面食窗口"))
    assert proposals.get_proposal(db, converted).row.stage == "replied"
    with pytest.raises(proposals.CongressError, match="没有立案"):
        proposals.add_reply(db, rejected, ReplyInput(date(2024, 4, 1), "答复"))


def test_screening_can_change_until_the_first_reply(db):
    c = congress(db)
    pid = proposals.create_proposal(db, c.proposal())
    proposals.screen_proposal(db, pid, "rejected", SCREEN_DAY, reason="重复提案")
    proposals.screen_proposal(db, pid, "accepted", date(2024, 3, 28), office="总务处", due_date=DUE)
    row = proposals.get_proposal(db, pid).row
    assert (row.status, row.office, row.screened_on, row.screen_reason) == ("accepted", "总务处", date(2024, 3, 28), "")


def test_overdue_flags_and_count(db):
    c = congress(db)
    late = accepted(db, c, title="建议更换办公电脑")
    answered = accepted(db, c, title="建议改善食堂伙食")
    proposals.add_reply(db, answered, ReplyInput(date(2024, 4, 20), "已更换承包商"))
    proposals.create_proposal(db, c.proposal(title="建议增加图书"))  # not screened: never overdue
    assert proposals.overdue_count(db, today=BEFORE_DUE) == 0
    assert proposals.overdue_count(db, today=DUE) == 0  # due that day: not yet late
    assert proposals.overdue_count(db, today=AFTER_DUE) == 1
    assert [r.id for r in proposals.overdue_proposals(db, today=AFTER_DUE)] == [late]
    flags = {r.id: r.overdue for r in proposals.list_proposals(db, term_id=c.term_id, today=AFTER_DUE)}
    assert flags[late] and not flags[answered]
    # The proposer unsatisfied with the answered one: round 2 is due later, then late too.
    proposals.set_feedback(db, answered, "unsatisfied", date(2024, 4, 22), next_due=date(2024, 5, 1))
    assert proposals.overdue_count(db, today=AFTER_DUE) == 2
    proposals.add_reply(db, late, ReplyInput(date(2024, 5, 9), "已列入明年预算"))
    assert [r.id for r in proposals.overdue_proposals(db, today=AFTER_DUE)] == [answered]


def test_overdue_count_is_one_query(db):
    c = congress(db)
    for n in range(3):
        accepted(db, c, title=f"建议{n}")
    statements = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        assert proposals.overdue_count(db, today=AFTER_DUE) == 3
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_list_reads_do_not_grow_with_the_proposals(db):
    c = congress(db)

    def queries() -> int:
        statements = []
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            proposals.list_proposals(db, term_id=c.term_id, today=AFTER_DUE)
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])

    pid = accepted(db, c, title="建议一")
    proposals.add_reply(db, pid, ReplyInput(date(2024, 4, 20), "答复"))
    few = queries()
    for n in range(6):
        accepted(db, c, title=f"建议{n}", proposer="周红", cosigners=("孙伟", "钱程"))
    assert queries() == few <= 4


def test_reply_summary_is_recomputed(db):
    c = congress(db)
    satisfied = accepted(db, c, title="甲")
    basic = accepted(db, c, title="乙")
    unhappy = accepted(db, c, title="丙")
    waiting_reply = accepted(db, c, title="丁")
    accepted(db, c, title="戊")  # never answered
    rejected = proposals.create_proposal(db, c.proposal(title="己"))
    proposals.screen_proposal(db, rejected, "rejected", SCREEN_DAY, reason="不属于职权范围")
    proposals.create_proposal(db, c.proposal(title="庚"))  # 待审查
    for pid in (satisfied, basic, unhappy, waiting_reply):
        proposals.add_reply(db, pid, ReplyInput(date(2024, 4, 20), "已办理"))
    proposals.set_feedback(db, satisfied, "satisfied", date(2024, 4, 21))
    proposals.set_feedback(db, basic, "basic", date(2024, 4, 21))
    proposals.set_feedback(db, unhappy, "unsatisfied", date(2024, 4, 21), next_due=date(2024, 6, 30))

    s = proposals.reply_summary(db, session_id=c.session_id, today=AFTER_DUE)
    assert (s.submitted, s.accepted, s.rejected, s.converted, s.pending) == (7, 5, 1, 0, 1)
    assert (s.waiting, s.overdue, s.replied) == (1, 1, 4)  # 丙's round 2 waits; 戊 is late
    assert (s.satisfied, s.basic, s.unsatisfied, s.no_feedback) == (1, 1, 1, 1)
    assert (s.reply_rate, s.satisfaction_rate) == ("4/5（80.0%）", "2/3（66.7%）")

    proposals.add_reply(db, unhappy, ReplyInput(date(2024, 5, 20), "已落实"))
    proposals.set_feedback(db, unhappy, "satisfied", date(2024, 5, 21))
    proposals.undo_feedback(db, basic)
    s = proposals.reply_summary(db, term_id=c.term_id, today=AFTER_DUE)
    assert (s.waiting, s.overdue, s.replied, s.satisfied, s.basic, s.unsatisfied, s.no_feedback) == (
        0,
        1,
        4,
        2,
        0,
        0,
        2,
    )
    assert s.satisfaction_rate == "2/2（100.0%）"
    assert proposals.reply_summary(db, term_id=c.term_id + 1).submitted == 0
    assert proposals.reply_summary(db, term_id=c.term_id + 1).reply_rate == "—"


def test_taking_back_feedback_and_replies(db):
    c = congress(db)
    pid = accepted(db, c)
    proposals.add_reply(db, pid, ReplyInput(date(2024, 4, 20), "正在研究"))
    proposals.set_feedback(db, pid, "unsatisfied", date(2024, 4, 22), next_due=date(2024, 6, 15))
    with pytest.raises(proposals.CongressError, match="请先撤回反馈"):
        proposals.remove_reply(db, pid)
    proposals.undo_feedback(db, pid)
    row = proposals.get_proposal(db, pid).row
    assert (row.stage, row.round, row.due_date) == ("replied", 1, DUE)  # the first due date is back
    proposals.remove_reply(db, pid)
    row = proposals.get_proposal(db, pid, today=AFTER_DUE).row
    assert (row.stage, row.replied_on) == ("overdue", None)
    with pytest.raises(proposals.CongressError, match="没有可撤回的答复"):
        proposals.remove_reply(db, pid)
    assert "撤回第 1 轮答复" in audit.search_entries(db, audit.AuditFilter()).rows[0].summary


def test_update_texts_after_screening_but_not_the_signatures(db):
    c = congress(db)
    pid = accepted(db, c)
    version = proposals.get_proposal(db, pid).row.version
    data = c.proposal(title="建议增设教师休息室和母婴室", category="welfare")
    proposals.update_proposal(db, pid, data, expected_version=version)
    row = proposals.get_proposal(db, pid).row
    assert (row.title, row.category_label, row.status) == ("建议增设教师休息室和母婴室", "福利待遇", "accepted")
    with pytest.raises(proposals.CongressError, match="已经审查，不能再改提案人、附议人"):
        proposals.update_proposal(db, pid, c.proposal(cosigners=("李强", "王芳")))
    with pytest.raises(ConcurrentEditError, match="在你打开之后"):
        proposals.update_proposal(db, pid, c.proposal(title="旧窗口的修改"), expected_version=version)
    assert proposals.get_proposal(db, pid).row.title == "建议增设教师休息室和母婴室"


def test_update_signatures_while_submitted(db):
    c = congress(db)
    pid = proposals.create_proposal(db, c.proposal())
    proposals.update_proposal(db, pid, c.proposal(proposer="王芳", cosigners=("赵敏", "钱程", "孙伟"), number=5))
    row = proposals.get_proposal(db, pid).row
    assert (row.proposer_name, set(row.cosigner_names), row.number) == ("王芳", {"赵敏", "钱程", "孙伟"}, 5)
    assert proposals.next_proposal_number(db, c.session_id) == 6


def test_numbers_and_delete(db):
    c = congress(db)
    first = proposals.create_proposal(db, c.proposal())
    second = accepted(db, c, title="第二件")
    proposals.add_reply(db, second, ReplyInput(date(2024, 4, 2), "已办"))
    assert [r.number for r in proposals.list_proposals(db, session_id=c.session_id)] == [1, 2]
    with pytest.raises(proposals.CongressError, match="请填写删除这条提案的原因"):
        proposals.delete_proposal(db, second, "  ")
    proposals.delete_proposal(db, second, "重复录入")
    assert [r.id for r in proposals.list_proposals(db)] == [first]
    assert proposals.next_proposal_number(db, c.session_id) == 2
    assert "删除第 2 号提案“第二件”：重复录入" in audit.search_entries(db, audit.AuditFilter()).rows[0].summary


def test_an_import_writes_every_step_in_one_transaction(db):
    c = congress(db)
    with db.session() as s:
        pid = proposals.create_proposal_in(s, c.proposal())
        proposals.screen_proposal_in(s, pid, "accepted", SCREEN_DAY, office="总务处", due_date=DUE)
        proposals.add_reply_in(s, pid, ReplyInput(date(2024, 4, 20), "已办理"))
        proposals.set_feedback_in(s, pid, "unsatisfied", date(2024, 4, 21), next_due=date(2024, 5, 31))
    row = proposals.get_proposal(db, pid, today=date(2024, 6, 1)).row
    assert (row.round, row.stage, row.office) == (2, "overdue", "总务处")
    # A refusal part-way leaves nothing of the transaction behind.
    with pytest.raises(proposals.CongressError, match="答复日期不能早于提交日期"):
        with db.session() as s:
            other = proposals.create_proposal_in(s, c.proposal(title="第二件"))
            proposals.screen_proposal_in(s, other, "accepted", SCREEN_DAY, office="总务处", due_date=DUE)
            proposals.add_reply_in(s, other, ReplyInput(date(2024, 3, 1), "已办理"))
    assert [r.id for r in proposals.list_proposals(db)] == [pid]
