"""Copying a database carries handouts and activities whole: the seeded spending rule does
not make a fresh target look used, and the money the two areas hand out is checked to the
fen on both sides."""

from datetime import date

from unionapp import config
from unionapp.db.copying import copy_database
from unionapp.db.opening import open_database
from unionapp.domain.members import MemberInput
from unionapp.services import activities, check, handouts, ledger, members


def _fill(db) -> None:
    ids = [members.add_member(db, MemberInput(name=f"会员{i}", gender="F")) for i in range(3)]
    with db.session() as s:
        welfare = ledger.category_id_for_code(s, "welfare")
        sports = ledger.category_id_for_code(s, "sports")
    day = date(date.today().year, 1, 2)
    hid = handouts.create_handout(
        db, handouts.HandoutInput("新年慰问品", "festival", day, "goods", "大米", 12_345, welfare, rule="women"), ids
    )
    handouts.issue_handout(db, hid)
    aid = activities.create_activity(db, activities.ActivityInput("跳绳比赛", "sports", day, day, category_id=sports))
    activities.add_entries(db, aid, [activities.EntryInput(m, "跳绳", attended=True) for m in ids])
    activities.add_prize(db, aid, activities.PrizeInput(ids[0], "一等奖", "money", "", 20_000))
    activities.add_cost(db, aid, activities.CostInput(day, "器材费", 5_000))


def test_a_copy_holds_the_handouts_and_activities_and_their_money(db, tmp_path):
    _fill(db)
    target = open_database(config.database_url(str(tmp_path / "copy.db")))
    try:
        result = copy_database(db, target)
        assert result.counts["handout_recipients"] == 3 and result.counts["activity_entries"] == 3
        assert result.totals["发放金额"] == 3 * 12_345 and result.totals["活动奖品"] == 20_000
        assert "发放名单 3 条" in result.describe()
        assert handouts.list_handouts(target)[0].total_fen == 3 * 12_345
        assert activities.list_activities(target)[0].spent_fen == 25_000
        assert check.run_check(target).ok
    finally:
        target.dispose()
