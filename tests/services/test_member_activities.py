"""A member's activities in their history: those they signed up for, and those where they
signed for a prize without a sign-up (a team's prize collected by one of them)."""

from __future__ import annotations

from datetime import date

from unionapp.services import activities
from unionapp.services.activities import ActivityInput, EntryInput, PrizeInput

from .small_school import YEAR, category, school


def test_a_prize_without_a_sign_up_is_in_the_members_activities(db):
    p = school(db)
    day = date(YEAR, 5, 10)
    data = ActivityInput("教职工运动会", "sports", day, day, category_id=category(db, "sports"))
    aid = activities.create_activity(db, data)
    activities.add_entries(db, aid, [EntryInput(p["李强"], event="拔河", attended=True)])
    team = PrizeInput(p["张丽"], "拔河第一名", value_fen=60_000, team="高中组", team_size=3)
    activities.add_prize(db, aid, team)
    took = activities.member_activities(db, p["张丽"])
    assert [(t.activity_id, t.prize_fen, t.attended) for t in took] == [(aid, 60_000, False)]
    assert [(t.activity_id, t.event, t.prize_fen) for t in activities.member_activities(db, p["李强"])] == [
        (aid, "拔河", 0)
    ]
