"""The demo's staff congress: one term with two sessions that both had a quorum, delegates
whose make-up meets the teacher rule, one seat refilled, twenty proposals in every stage a
proposal rests in, exactly the overdue ones flagged; `check` finds nothing. Also early in
the year, when the second session was last autumn."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from unionapp import config
from unionapp.db.opening import open_database
from unionapp.services import congress, proposals
from unionapp.services.check import run_check
from unionapp.services.demo import create_demo

TODAY = date(2026, 12, 1)
EARLY = date(2026, 2, 10)


def demo_db(folder, today: date, seed: int = 1):
    db = open_database(config.database_url(str(folder / "demo.db")))
    create_demo(db, members_count=300, years=1, seed=seed, today=today)
    return db


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = demo_db(tmp_path_factory.mktemp("demo-congress"), TODAY)
    yield db
    db.dispose()


def fingerprint(db, today: date) -> list[tuple]:
    term_id = congress.list_terms(db)[0].id
    return [(d.name, d.elected_on, d.ended_on) for d in congress.list_delegates(db, term_id)] + [
        (p.title, p.proposer_name, p.stage) for p in proposals.list_proposals(db, today=today)
    ]


def test_one_term_with_two_sessions_each_with_a_quorum(demo):
    (term,) = congress.list_terms(demo)
    assert term.start_date <= TODAY <= term.end_date and 3 <= term.end_date.year - term.start_date.year <= 5
    sessions = sorted(congress.list_sessions(demo, term.id), key=lambda s: s.number)
    assert [s.number for s in sessions] == [1, 2] and term.sessions == 2
    assert term.start_date <= sessions[0].session_date < sessions[1].session_date <= TODAY
    for meeting in sessions:
        assert meeting.quorum_met and "符合规定" in meeting.quorum_text, meeting.quorum_text
        assert meeting.unmarked == 0  # everyone signed in, on leave or marked absent
        resolutions = congress.list_resolutions(demo, meeting.id)
        assert resolutions and all(r.present == meeting.present for r in resolutions)
    results = [r.passed for m in sessions for r in congress.list_resolutions(demo, m.id)]
    assert results.count(False) == 1 and len(results) == 5  # one failed: a vote is not a formality


def test_delegates_meet_the_teacher_rule_and_one_seat_was_refilled(demo):
    term_id = congress.list_terms(demo)[0].id
    makeup = congress.term_makeup(demo, term_id, on=TODAY)
    rule = congress.rule_on(demo, TODAY)
    assert makeup.teachers_ok and makeup.warnings() == [] and makeup.teacher_share_pct == rule.teacher_share_pct
    assert 0 < makeup.women < makeup.total and makeup.young > 0
    assert congress.seats_check(demo, term_id) == []
    seats = sum(c.seats for c in congress.list_constituencies(demo, term_id))
    assert makeup.total == seats == congress.list_terms(demo)[0].delegates
    everyone = congress.list_delegates(demo, term_id)
    (new,) = [d for d in everyone if d.replaces_id]
    (old,) = [d for d in everyone if d.ended_on]
    assert new.replaces_id == old.id and new.replaces_name == old.name and old.replaced_by_name == new.name
    assert old.end_reason == "辞去代表职务" and new.elected_on >= old.ended_on
    assert new.constituency_id == old.constituency_id and not old.in_office and new.in_office


def test_twenty_proposals_in_every_resting_stage_and_exactly_the_overdue_counted(demo):
    rows = proposals.list_proposals(demo, today=TODAY)
    stages = Counter(p.stage for p in rows)
    assert len(rows) == 20
    assert set(stages) == set(proposals.STAGE_LABELS) - {"unsatisfied"}, stages
    overdue = [p for p in rows if p.overdue]
    assert len(overdue) == stages["overdue"] == proposals.overdue_count(demo, today=TODAY) == 2
    assert all(p.due_date < TODAY and p.stage_label == "逾期未答复" for p in overdue)
    assert [p.id for p in proposals.overdue_proposals(demo, today=TODAY)] == [p.id for p in overdue]
    assert max(p.round for p in rows) == 2  # an unsatisfied proposer opened a second round
    assert all(len(p.cosigner_names) >= congress.rule_on(demo, TODAY).min_cosigners for p in rows)
    summary = proposals.reply_summary(demo, today=TODAY)
    assert summary.submitted == 20 and summary.overdue == 2


def test_check_finds_nothing(demo):
    report = run_check(demo)
    assert report.ok, [text for good, text in report.lines if not good]


def test_same_seed_same_congress(demo, tmp_path):
    again = demo_db(tmp_path, TODAY)
    try:
        assert fingerprint(again, TODAY) == fingerprint(demo, TODAY)
    finally:
        again.dispose()


def test_early_in_the_year_the_demo_still_builds(tmp_path):
    db = demo_db(tmp_path, EARLY)
    try:
        sessions = congress.list_sessions(db)
        assert len(sessions) == 2 and all(s.session_date <= EARLY and s.quorum_met for s in sessions)
        rows = proposals.list_proposals(db, today=EARLY)
        assert len(rows) == 20 and proposals.overdue_count(db, today=EARLY) == 2
        assert set(p.stage for p in rows) == set(proposals.STAGE_LABELS) - {"unsatisfied"}
        assert run_check(db).ok
    finally:
        db.dispose()
