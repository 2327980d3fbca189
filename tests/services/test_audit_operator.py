"""Who made a change: every new entry names this computer's 本机使用人 (kept per computer,
not in the shared database) beside its account; and housekeeping entries (the app's own
flags) stay out of the log unless asked for."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from sqlalchemy import insert

from unionapp import config
from unionapp.db.models import AuditEntry, Setting
from unionapp.domain.members import MemberInput
from unionapp.services import audit, members, settings
from unionapp.services.audit import AuditFilter
from unionapp.services.audit_search import UNNAMED
from unionapp.services.settings import UnionSettings


def test_new_entries_record_this_computers_operator(db):
    settings.save(db, UnionSettings(union_name="阳光中学工会委员会", chair_name="王建国", operator="李老师"))
    assert config.read_local_setting(audit.OPERATOR_KEY) == "李老师"
    with db.session() as s:  # per computer: not in the database several computers share
        assert s.get(Setting, "operator") is None
    zhang = members.add_member(db, MemberInput(name="张三", gender="M"))
    entry = audit.list_entries(db, entity="member", entity_id=zhang)[0]
    assert entry.operator == "李老师" and entry.who == "李老师"
    assert entry.who_in_full == (f"李老师（电脑账户 {entry.os_user}）" if entry.os_user else "李老师")
    # Another computer (another local settings file) on the same database names its own user.
    config.write_local_setting(audit.OPERATOR_KEY, "王老师")
    members.update_member(db, zhang, replace(members.member_input(db, zhang), notes="调入"))
    assert audit.list_entries(db, entity="member", entity_id=zhang)[0].who == "王老师"


def test_an_entry_without_operator_names_the_computer_account():
    row = audit.AuditRow(1, datetime(2026, 3, 1), "root", "", "update", "member", 1, "修改会员", {})
    assert row.who == "未登记" and row.who_in_full == "未登记的使用人（电脑账户 root）"


def test_housekeeping_is_hidden_unless_asked_for(db):
    settings.save(db, UnionSettings(union_name="阳光中学工会委员会", chair_name="王建国", demo_offered="1"))
    settings.save(db, replace(settings.load(db), demo_offered=""))  # only the app's own flag
    settings.set_values(db, {"dues_fixed_fen": "1200"}, {"dues_fixed_fen": "1000"})
    everything = audit.search_entries(db, AuditFilter(system=True)).rows
    hidden = [r for r in everything if r.is_housekeeping]
    # The first save's flag went into an entry of its own, apart from the union's name.
    assert [r.after for r in hidden] == [{"demo_offered": ""}, {"demo_offered": "1"}]
    assert [r.summary for r in hidden] == ["修改设置：首次使用提示已回答"] * 2
    shown = audit.search_entries(db, AuditFilter()).rows
    assert [r.id for r in shown] == [r.id for r in everything if not r.is_housekeeping]
    assert [r.summary for r in shown] == ["修改设置：每人每月会费", "修改设置：工会主席、工会名称"]
    assert AuditFilter(system=True).describe().endswith("含系统记录")
    # A page is full of entries the user sees, and paging skips the hidden ones.
    first = audit.search_entries(db, AuditFilter(limit=1))
    second = audit.search_entries(db, AuditFilter(limit=1, before_id=first.next_before_id))
    assert [first.rows[0].id, second.rows[0].id] == [r.id for r in shown[:2]]


def test_an_older_entry_mixing_a_flag_in_shows_without_it(db):
    details = {
        "before": {"union_name": "", "demo_offered": ""},
        "after": {"union_name": "星光小学", "demo_offered": "1"},
    }
    with db.session() as s:
        s.execute(
            insert(AuditEntry),
            [
                {
                    "at": datetime(2025, 9, 1),
                    "os_user": "root",
                    "operator": "",
                    "action": "settings",
                    "entity": "settings",
                    "entity_id": None,
                    "summary": "修改设置：工会名称、首次使用提示已回答",
                    "details": json.dumps(details, ensure_ascii=False),
                }
            ],
        )
    (row,) = audit.search_entries(db, AuditFilter()).rows  # not housekeeping: the name changed too
    assert not row.is_housekeeping
    lines = audit.describe_change(row.without_system_fields(), {})
    assert any("星光小学" in line for line in lines) and not any("首次使用" in line for line in lines)
    assert any("首次使用" in line for line in audit.describe_change(row, {}))


def test_the_operator_list_names_people_and_unnamed_never_accounts(db):
    """操作人 filter: the names the log shows (本机使用人, 未登记), not computer accounts."""
    with db.session() as s:
        s.execute(
            insert(AuditEntry),
            [
                {"at": datetime(2025, 9, 1), "os_user": "root", "operator": "", "action": "update",
                 "entity": "member", "entity_id": 1, "summary": "旧记录一", "details": "{}"},
                {"at": datetime(2025, 9, 2), "os_user": "li", "operator": "", "action": "update",
                 "entity": "member", "entity_id": 1, "summary": "旧记录二", "details": "{}"},
                {"at": datetime(2025, 9, 3), "os_user": "li", "operator": "李老师", "action": "update",
                 "entity": "member", "entity_id": 1, "summary": "新记录", "details": "{}"},
            ],
        )  # fmt: skip
    assert audit.people(db) == ["李老师", UNNAMED]
    unnamed = audit.search_entries(db, AuditFilter(person=UNNAMED)).rows
    assert [r.summary for r in unnamed] == ["旧记录二", "旧记录一"]
    assert [r.summary for r in audit.search_entries(db, AuditFilter(person="李老师")).rows] == ["新记录"]
    assert audit.search_entries(db, AuditFilter(person="li")).rows == []  # an account is not a person
