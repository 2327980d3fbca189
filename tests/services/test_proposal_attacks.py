"""Proposals attacked with bad input: co-signers who are not delegates of the term, the
proposer signing twice, a co-signer named twice, too few co-signers, a proposer who had
left the school, dates before submission or after today, re-screening after a reply,
steps out of order and hostile text. Each is refused with a Chinese message saying what
to do, and nothing is written: not the proposal, its co-signers, its replies or the log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from unionapp.services import members, proposals
from unionapp.services.errors import NotFoundError
from unionapp.services.proposals import CongressError, ReplyInput

from .proposal_school import DUE, SCREEN_DAY, SESSION_DAY, accepted, congress, snapshot


def refused(db, call, *needles: str) -> CongressError:
    """`call` is refused naming every needle, and nothing changed."""
    before = snapshot(db)
    with pytest.raises(CongressError) as caught:
        call()
    for needle in needles:
        assert needle in str(caught.value)
    assert snapshot(db) == before
    return caught.value


def test_a_cosigner_who_is_not_a_delegate_of_the_term(db):
    c = congress(db)
    refused(
        db,
        lambda: proposals.create_proposal(db, c.proposal(cosigners=("李强", "郑新"))),
        "郑新 不是本届（第一届教代会）代表，不能附议",
    )
    refused(
        db,
        lambda: proposals.create_proposal(db, c.proposal(cosigners=("李强", "吴刚"))),
        "吴刚 的代表资格已于 2023-06-30 结束，不能附议",
    )
    missing = c.proposal(cosigner_ids=(c.delegate["李强"], 99_999))
    refused(db, lambda: proposals.create_proposal(db, missing), "附议人中有的已不在代表名单里")


def test_the_proposer_signing_twice_and_a_cosigner_named_twice(db):
    c = congress(db)
    refused(
        db,
        lambda: proposals.create_proposal(db, c.proposal(cosigners=("李强", "陈静", "张丽"))),
        "提案人不能同时作为附议人（张丽）",
    )
    refused(
        db,
        lambda: proposals.create_proposal(db, c.proposal(cosigners=("李强", "陈静", "李强"))),
        "附议人 李强 出现了 2 次，每人只能附议一次",
    )


def test_too_few_cosigners_names_the_rule(db):
    c = congress(db)
    error = refused(
        db,
        lambda: proposals.create_proposal(db, c.proposal(cosigners=("李强", "张丽"))),
        "附议人只有 1 人，提案至少需要 2 名代表附议",
        "学校教职工代表大会规定（教育部令第32号）",
    )
    assert "提案人不能同时作为附议人" in str(error)  # both problems at once


def test_a_proposer_who_left_the_school(db):
    c = congress(db)
    members.set_status(db, [c.member["赵敏"]], "transferred", on=date(2024, 1, 15))
    refused(
        db,
        lambda: proposals.create_proposal(db, c.proposal(proposer="赵敏")),
        "赵敏 已调出（2024-01-15），已离开本校，不能作为提案人",
    )
    refused(
        db,
        lambda: proposals.create_proposal(db, c.proposal(cosigners=("李强", "赵敏"))),
        "赵敏 已调出（2024-01-15），已离开本校，不能附议",
    )
    # A proposal from before she left stays possible (an import of past proposals).
    proposals.create_proposal(db, c.proposal(proposer="赵敏", submitted_on=date(2023, 11, 1)))


def test_a_proposer_who_is_not_in_office(db):
    c = congress(db)
    refused(
        db,
        lambda: proposals.create_proposal(db, c.proposal(proposer="郑新")),
        "郑新 不是本届（第一届教代会）代表，不能提案",
    )
    refused(db, lambda: proposals.create_proposal(db, c.proposal(proposer="吴刚")), "不能提案")


def test_every_problem_is_listed_at_once(db):
    c = congress(db)
    bad = c.proposal(title=" \u200b ", category="sports", cosigners=("张丽",), submitted_on=date(2020, 1, 1))
    error = refused(db, lambda: proposals.create_proposal(db, bad))
    assert len(error.problems) >= 5
    for needle in (
        "请填写案由",
        "提案类别只能是",
        "早于第一届教代会的开始日期",
        "提案人不能同时作为附议人",
        "附议人只有 0 人",
    ):
        assert needle in str(error)


def test_dates_numbers_and_text_at_submission(db):
    c = congress(db)
    tomorrow = date.today() + timedelta(days=1)
    refused(db, lambda: proposals.create_proposal(db, c.proposal(submitted_on=tomorrow)), "晚于今天")
    proposals.create_proposal(db, c.proposal(number=3))
    refused(
        db, lambda: proposals.create_proposal(db, c.proposal(number=3)), "本次会议已经有第 3 号提案", "下一个可用的是 4"
    )
    refused(db, lambda: proposals.create_proposal(db, c.proposal(number=0)), "提案编号必须是正整数")
    refused(db, lambda: proposals.create_proposal(db, c.proposal(title="长" * 201)), "案由太长")
    gone = c.proposal(session_id=c.session_id + 50)
    refused(db, lambda: proposals.create_proposal(db, gone), "找不到这次会议")
    pid = proposals.create_proposal(
        db, c.proposal(title="\u202e建议\u200b增设\x1b休息室", reasons="第一行\n第二行\u2066")
    )
    detail = proposals.get_proposal(db, pid)
    assert (detail.row.title, detail.reasons) == ("建议增设休息室", "第一行\n第二行")


def test_screening_refusals(db):
    c = congress(db)
    pid = proposals.create_proposal(db, c.proposal())
    refused(
        db,
        lambda: proposals.screen_proposal(db, pid, "accepted", SCREEN_DAY),
        "立案须填写承办部门",
        "立案须填写答复期限",
    )
    refused(
        db,
        lambda: proposals.screen_proposal(db, pid, "accepted", SCREEN_DAY, office="教务处", due_date=date(2024, 3, 21)),
        "答复期限 2024-03-21 早于审查日期 2024-03-25",
    )
    refused(
        db,
        lambda: proposals.screen_proposal(db, pid, "accepted", date(2024, 3, 1), office="教务处", due_date=DUE),
        "审查日期 2024-03-01 早于提交日期 2024-03-20",
    )
    refused(db, lambda: proposals.screen_proposal(db, pid, "converted", SCREEN_DAY), "转为意见建议须写明理由")
    refused(db, lambda: proposals.screen_proposal(db, pid, "maybe", SCREEN_DAY, reason="x"), "审查结果只能是")
    with pytest.raises(NotFoundError, match="找不到这条提案"):
        proposals.screen_proposal(db, pid + 100, "rejected", SCREEN_DAY, reason="x")


def test_re_screening_after_a_reply_is_refused(db):
    c = congress(db)
    pid = accepted(db, c)
    proposals.add_reply(db, pid, ReplyInput(date(2024, 4, 20), "已安排"))
    refused(
        db,
        lambda: proposals.screen_proposal(db, pid, "rejected", date(2024, 4, 21), reason="改为不立案"),
        "已有答复，不能再改审查结果",
    )
    assert proposals.get_proposal(db, pid).row.status == "accepted"


def test_reply_date_before_submission_and_other_reply_refusals(db):
    c = congress(db)
    waiting = proposals.create_proposal(db, c.proposal(title="未审查的提案"))
    refused(db, lambda: proposals.add_reply(db, waiting, ReplyInput(date(2024, 4, 1), "答复")), "立案后才能登记答复")
    pid = accepted(db, c)
    refused(
        db,
        lambda: proposals.add_reply(db, pid, ReplyInput(date(2024, 3, 1), "答复")),
        "答复日期不能早于提交日期 2024-03-20（填的是 2024-03-01）",
    )
    refused(
        db,
        lambda: proposals.add_reply(db, pid, ReplyInput(date(2024, 3, 22), "答复")),
        "答复日期不能早于审查日期 2024-03-25",
    )
    tomorrow = date.today() + timedelta(days=1)
    refused(db, lambda: proposals.add_reply(db, pid, ReplyInput(tomorrow, "答复")), "答复日期", "晚于今天")
    refused(db, lambda: proposals.add_reply(db, pid, ReplyInput(date(2024, 4, 1), " \u200b")), "请填写答复内容")
    proposals.add_reply(db, pid, ReplyInput(date(2024, 4, 20), "已安排"))
    refused(db, lambda: proposals.add_reply(db, pid, ReplyInput(date(2024, 4, 21), "再答复")), "还在等提案人反馈")
    proposals.set_feedback(db, pid, "satisfied", date(2024, 4, 22))
    refused(db, lambda: proposals.add_reply(db, pid, ReplyInput(date(2024, 4, 23), "再答复")), "提案人已表示满意")


def test_feedback_refusals(db):
    c = congress(db)
    pid = accepted(db, c)
    refused(db, lambda: proposals.set_feedback(db, pid, "satisfied", date(2024, 4, 22)), "还没有答复")
    refused(db, lambda: proposals.undo_feedback(db, pid), "没有可撤回的反馈")
    proposals.add_reply(db, pid, ReplyInput(date(2024, 4, 20), "正在研究"))
    refused(
        db,
        lambda: proposals.set_feedback(db, pid, "unsatisfied", date(2024, 4, 22)),
        "提案人不满意时须填写下一轮的答复期限",
    )
    refused(
        db,
        lambda: proposals.set_feedback(db, pid, "unsatisfied", date(2024, 4, 22), next_due=date(2024, 4, 1)),
        "下一轮的答复期限 2024-04-01 早于反馈日期 2024-04-22",
    )
    refused(
        db,
        lambda: proposals.set_feedback(db, pid, "basic", date(2024, 4, 19)),
        "反馈日期 2024-04-19 早于答复日期 2024-04-20",
    )
    refused(db, lambda: proposals.set_feedback(db, pid, "happy", date(2024, 4, 22)), "反馈只能是满意、基本满意或不满意")
    proposals.set_feedback(db, pid, "unsatisfied", date(2024, 4, 22), next_due=date(2024, 5, 30))
    refused(
        db,
        lambda: proposals.add_reply(db, pid, ReplyInput(date(2024, 4, 21), "新答复")),
        "答复日期不能早于上一轮反馈日期 2024-04-22",
    )


def test_signatures_cannot_change_after_screening_and_a_later_update_is_checked_whole(db):
    c = congress(db)
    pid = proposals.create_proposal(db, c.proposal())
    refused(
        db,
        lambda: proposals.update_proposal(db, pid, c.proposal(cosigners=("李强", "郑新"), title="")),
        "请填写案由",
        "郑新 不是本届（第一届教代会）代表，不能附议",
    )
    proposals.screen_proposal(db, pid, "accepted", SCREEN_DAY, office="教务处", due_date=DUE)
    refused(
        db,
        lambda: proposals.update_proposal(db, pid, c.proposal(proposer="王芳")),
        "这条提案已经审查，不能再改提案人、附议人、编号、会议或提交日期",
    )
    refused(
        db,
        lambda: proposals.update_proposal(db, pid, c.proposal(submitted_on=SESSION_DAY - timedelta(days=1))),
        "已经审查",
    )
