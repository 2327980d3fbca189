"""The congress importers when another copy of the app saves the same people or numbers
between the preview and the write, past every check: the whole file is refused in
Chinese and nothing of it is written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from unionapp.db.engine import Database
from unionapp.importers.delegates import apply_delegate_import, plan_delegate_import
from unionapp.importers.proposals import apply_proposal_import, plan_proposal_import
from unionapp.services import congress, proposals
from unionapp.services.congress import CongressError, DelegateInput
from unionapp.services.proposals import ProposalInput

from .congress_school import SESSION_DAY, TERM_START, make_school, seat
from .hostile import content_hash
from .workbooks import write_xlsx


@pytest.fixture
def other(db):
    second = Database(db.url.render_as_string(hide_password=False))
    yield second
    second.dispose()


def at_first_write(db, theirs):
    """Run `theirs` (on the other copy) just before this copy's first write."""
    done: list[str] = []

    def first(_session, _context, _instances):
        if not done:
            theirs()
            done.append(content_hash(db))

    event.listen(db._sessions, "before_flush", first)
    return done, lambda: event.remove(db._sessions, "before_flush", first)


def test_a_delegate_list_when_the_other_copy_elects_the_same_member(db, other, tmp_path):
    school = make_school(db)
    rows = [[1, "李娜", None, None, None, "一线教师", date(2022, 1, 1)], [2, "陈静", None, None, None, None, None]]
    header = ["序号", "姓名", "身份证号", "工会小组", "选区", "代表类别", "当选日期"]
    plan = plan_delegate_import(db, school["term"], write_xlsx(tmp_path / "代表 #.xlsx", header, rows))
    assert len(plan.adds) == 2
    done, stop = at_first_write(
        db, lambda: congress.add_delegates(other, school["term"], [DelegateInput(school["chen"], TERM_START)])
    )
    try:
        with pytest.raises(CongressError) as caught:
            apply_delegate_import(db, plan)
    finally:
        stop()
    assert "名单中有人刚刚已被别人登记为本届代表" in str(caught.value) and "没有保存" in str(caught.value)
    assert content_hash(db) == done[0]
    assert [d.name for d in congress.list_delegates(db, school["term"])] == ["陈静"]


def test_past_proposals_when_the_other_copy_takes_the_same_number(db, other, tmp_path):
    school = make_school(db)
    ids = seat(db, school, "li", "chen", "zhao")
    header = ["编号", "案由", "提案人", "附议人", "提交日期"]
    rows = [[1, "关于开放图书馆的建议", "李娜", "陈静、赵强", SESSION_DAY]]
    plan = plan_proposal_import(db, school["session"], write_xlsx(tmp_path / "提案.xlsx", header, rows))
    assert len(plan.adds) == 1
    theirs = ProposalInput(school["session"], ids["chen"], "另一件", SESSION_DAY, cosigner_ids=(ids["li"], ids["zhao"]))
    done, stop = at_first_write(db, lambda: proposals.create_proposal(other, theirs))
    try:
        with pytest.raises(CongressError) as caught:
            apply_proposal_import(db, plan)
    finally:
        stop()
    assert "别人刚刚登记了同一编号的提案" in str(caught.value)
    assert content_hash(db) == done[0]
    assert [p.title for p in proposals.list_proposals(db)] == ["另一件"]
