"""The two congress templates (代表名单, 提案汇总表): every header read as written, and the
example row, copied under the header, imports without a question."""

from __future__ import annotations

from datetime import date

import pytest

from unionapp.domain.members import MemberInput
from unionapp.importers.delegates import plan_delegate_import
from unionapp.importers.fields import AREA_LABELS, area_fields
from unionapp.importers.proposals import plan_proposal_import
from unionapp.importers.template_columns import EXAMPLE_ID, EXAMPLE_NAME
from unionapp.importers.templates import template_area
from unionapp.services import congress, members
from unionapp.services.congress import DelegateInput, SessionInput, TermInput

from .test_templates import fill_example, save


@pytest.fixture
def term(db):
    today = date.today()  # once: the example's dates are today's
    made = {}
    for key, name, group, id_number in [("li", EXAMPLE_NAME, "语文组", EXAMPLE_ID), ("wang", "王芳", "数学组", ""),
                                        ("zhao", "赵强", "数学组", "")]:  # fmt: skip
        made[key] = members.add_member(db, MemberInput(name=name, group_name=group, id_number=id_number))
    start = date(today.year - 1, 9, 1)
    made["term"] = congress.create_term(db, TermInput(1, "第一届教职工代表大会", start, date(today.year + 3, 8, 31)))
    made["session"] = congress.create_session(db, SessionInput(made["term"], 1, "第一次会议", start))
    return made


@pytest.mark.parametrize("area", ["delegates", "proposals"])
def test_the_example_row_imports_without_a_question(db, term, tmp_path, area):
    path = save(db, area, tmp_path)
    fill_example(path)
    if area == "delegates":
        found = plan_delegate_import(db, term["term"], path)
        assert [(p.name, p.category_label) for p in found.adds] == [(EXAMPLE_NAME, "一线教师")]
    else:
        congress.add_delegates(db, term["term"], [DelegateInput(term[k], date(date.today().year - 1, 9, 1))
                                                  for k in ("li", "wang", "zhao")])  # fmt: skip
        found = plan_proposal_import(db, term["session"], path)
        assert [(p.proposer_name, p.cosigner_names, p.status) for p in found.adds] == [
            (EXAMPLE_NAME, ("王芳", "赵强"), "accepted")
        ]
    assert found.refused == [] and found.ignored_columns == []
    assert found.columns == area_fields(area) and found.sheet == AREA_LABELS[area]


def test_template_areas_by_their_chinese_names():
    assert template_area("代表名单") == "delegates" and template_area("提案") == "proposals"
