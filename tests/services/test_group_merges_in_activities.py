"""A group merged into another carries its activities and handouts along; an empty group
that past records name is not deleted out from under them."""

from __future__ import annotations

from datetime import date

import pytest

from unionapp.services import activities, groups, handouts, members
from unionapp.services.errors import InUseError

from .small_school import YEAR, category, school


def test_merging_a_group_repoints_activities_and_handout_rules(db):
    p = school(db)
    high = members.get_member(db, p["张丽"]).group_id
    middle = members.get_member(db, p["陈静"]).group_id
    day = date(YEAR, 5, 1)
    both = activities.create_activity(
        db,
        activities.ActivityInput(
            "拔河", "sports", day, day, category_id=category(db, "sports"), group_ids=(high, middle)
        ),
    )
    only_middle = activities.create_activity(
        db, activities.ActivityInput("读书会", "group", day, day, group_ids=(middle,))
    )
    data = handouts.HandoutInput("初中组慰问", "other", day, rule="group", rule_group_id=middle)
    hid = handouts.create_handout(db, data, [p["陈静"]])
    groups.merge_groups(db, middle, high)
    assert activities.get_activity(db, both).group_ids == (high,)
    assert activities.get_activity(db, only_middle).group_ids == (high,)
    assert handouts.handout_input(db, hid).rule_group_id == high


def test_an_empty_group_named_by_an_activity_is_not_deleted(db):
    school(db)
    art = groups.add_group(db, "艺术组")
    day = date(YEAR, 5, 1)
    activities.create_activity(db, activities.ActivityInput("合唱", "festival", day, day, group_ids=(art,)))
    with pytest.raises(InUseError, match="1 项活动"):
        groups.remove_group(db, art)
    assert any(g.id == art for g in groups.list_groups(db))
