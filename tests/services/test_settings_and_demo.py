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
