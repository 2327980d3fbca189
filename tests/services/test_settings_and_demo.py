import pytest

from unionapp.domain.errors import DomainError
from unionapp.domain.idcard import parse_id_number
from unionapp.services import audit, demo, members, settings


def test_settings_round_trip_and_audit(db):
    assert not settings.is_configured(db)
    settings.save(db, settings.UnionSettings(union_name="某某中学工会委员会", chair_name="王老师"))
    loaded = settings.load(db)
    assert (loaded.union_name, loaded.chair_name) == ("某某中学工会委员会", "王老师")
    assert settings.is_configured(db)
    entry = audit.list_entries(db, entity="settings")[0]
    assert entry.details["after"]["union_name"] == "某某中学工会委员会"


def test_school_province_is_a_setting_with_a_limit(db):
    assert settings.load(db).school_province == ""
    settings.save(db, settings.UnionSettings(union_name="某某中学工会委员会", school_province=" 安徽省 "))
    assert settings.load(db).school_province == "安徽省"
    assert audit.list_entries(db, entity="settings")[0].summary == "修改设置：学校所在省份、工会名称"
    with pytest.raises(DomainError, match="学校所在省份太长"):
        settings.save(db, settings.UnionSettings(union_name="某某中学工会委员会", school_province="省" * 21))
    assert settings.load(db).school_province == "安徽省"


def test_demo_is_deterministic_and_valid(db, tmp_path):
    from unionapp import config
    from unionapp.db.opening import open_database

    assert demo.create_demo(db, members_count=150, seed=7) == 150
    other = open_database(config.database_url(str(tmp_path / "other.db")))
    demo.create_demo(other, members_count=150, seed=7)
    first, second = members.list_members(db), members.list_members(other)
    other.dispose()
    assert [(r.name, r.id_number, r.phone) for r in first] == [(r.name, r.id_number, r.phone) for r in second]
    for row in first:
        if row.id_number:
            info = parse_id_number(row.id_number)
            assert (info.birth_date, info.gender) == (row.birth_date, row.gender)
        assert len(row.phone) == 11
    assert {r.status for r in first} >= {"active", "retired"}
    assert all(r.group_name == "退休组" for r in first if r.status == "retired")
    assert settings.load(db).union_name


def test_demo_refuses_a_database_with_members(db):
    demo.create_demo(db, members_count=5)
    with pytest.raises(DomainError, match="空的数据库"):
        demo.create_demo(db, members_count=5)


def test_demo_years_hold_handouts_and_activities_that_reconcile(db):
    from datetime import date

    from unionapp.services import activities, handouts, ledger
    from unionapp.services.check import run_check

    today = date(2026, 8, 15)
    demo.create_demo(db, members_count=200, years=2, seed=4, today=today)
    report = run_check(db)
    assert report.ok, [t for good, t in report.lines if not good]
    assert ledger.year_summary(db, 2025).closed  # written before the year was closed
    last_year = handouts.list_handouts(db, 2025)
    assert {h.kind for h in last_year} == {"festival", "womens_day", "summer", "birthday"}
    assert all(h.status == "issued" and h.approver and h.approval_no for h in last_year)
    assert sum(h.kind == "birthday" for h in last_year) == 12
    women = next(h for h in last_year if h.kind == "womens_day")
    assert women.handout_date == date(2025, 3, 7)
    active_women = {m.id for m in members.list_members(db) if m.gender == "F" and m.status == "active"}
    union = {m.id for m in members.list_members(db) if m.is_union_member}
    assert {r.member_id for r in handouts.list_recipients(db, women.id)} == active_women & union
    summer = next(h for h in last_year if h.kind == "summer")
    assert summer.category_name.endswith("劳动保护费") or "劳动保护" in summer.category_name
    this_year = handouts.list_handouts(db, 2026)
    assert max(h.handout_date for h in this_year if h.status == "issued") <= today
    assert [h.status for h in this_year if h.handout_date > today] == ["draft"]  # next month's cards
    sports = [a for a in activities.list_activities(db, 2025) if a.kind == "sports"]
    assert len(sports) == 1 and 150_000 <= sports[0].prizes_fen <= 300_000 and sports[0].costs_fen > 0
    prizes = activities.list_prizes(db, sports[0].id)
    assert sum(p.team_size > 1 for p in prizes) == 1 and len(prizes) == 7
    events = {e.event for e in activities.list_entries(db, sports[0].id)}
    assert events == {"拔河", "跳绳", "100米"}
    kinds = [a.kind for a in activities.list_activities(db, 2025)]
    assert kinds.count("group") == 8 and kinds.count("lecture") == 1
    assert all(a.date_from <= today for a in activities.list_activities(db, 2026))
