"""The migrations seed their own frozen copies of the default categories and visit types:
today those copies must still equal the domain's defaults, so a fresh database starts
with exactly what domain/funds.py and domain/visits.py describe. When a default changes,
this fails: add a migration that changes the rows, never edit an old one."""

from datetime import date

from alembic import command
from sqlalchemy import create_engine, text

from unionapp.db.migrate import _alembic_config
from unionapp.domain.congress import DEFAULT_RULE
from unionapp.domain.funds import DEFAULT_CATEGORIES
from unionapp.domain.spending_rules import DEFAULT_RULES
from unionapp.domain.visits import DEFAULT_TYPES
from unionapp.domain.year_plan import DEFAULT_TEMPLATE


def _fresh_engine():
    engine = create_engine("sqlite://")
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return engine


def test_fresh_database_has_the_default_categories():
    with _fresh_engine().connect() as conn:
        rows = conn.execute(
            text("SELECT id, code, name, direction, parent_id FROM fund_categories ORDER BY sort_order")
        ).all()
    codes = {row.id: row.code for row in rows}
    seeded = [(r.code, r.name, r.direction, codes.get(r.parent_id)) for r in rows]
    expected = []
    for code, name, direction, children in DEFAULT_CATEGORIES:
        expected.append((code, name, direction, None))
        expected += [(sub_code, sub_name, direction, code) for sub_code, sub_name in children]
    assert seeded == expected


def test_fresh_database_has_the_default_visit_types_and_standards():
    with _fresh_engine().connect() as conn:
        rows = conn.execute(
            text(
                "SELECT t.code, t.name, s.money_kind, s.amount_fen, s.max_fen, s.gift_cap_fen, s.repeat, c.code, "
                "t.synonyms, s.effective_from, s.yearly_cap_fen FROM visit_types t "
                "JOIN visit_standards s ON s.type_id = t.id JOIN fund_categories c ON c.id = t.category_id "
                "ORDER BY t.sort_order"
            )
        ).all()
    seeded = [(*row[:8], tuple(row[8].split("|")), str(row[9]), row[10]) for row in rows]
    expected = [(*entry, str(date(2000, 1, 1)), 0) for entry in DEFAULT_TYPES]
    assert seeded == expected


def test_fresh_database_has_the_charters_spending_rule():
    with _fresh_engine().connect() as conn:
        rows = conn.execute(
            text("SELECT kind, effective_from, min_fen, max_fen, share_bp, source_doc FROM spending_rules ORDER BY id")
        ).all()
    assert [(r[0], str(r[1]), *r[2:]) for r in rows] == [(k, str(d), *rest) for k, d, *rest in DEFAULT_RULES]


def test_fresh_database_has_the_congress_rule_of_order_32():
    fields = "quorum_num quorum_den pass_num pass_den min_cosigners teacher_share_pct young_age source_doc".split()
    with _fresh_engine().connect() as conn:
        rows = conn.execute(text(f"SELECT effective_from, {', '.join(fields)} FROM congress_rules")).all()
    expected = (str(DEFAULT_RULE.effective_from), *(getattr(DEFAULT_RULE, f) for f in fields))
    assert [(str(r[0]), *r[1:]) for r in rows] == [expected]


def test_fresh_database_has_the_seed_plans_year():
    with _fresh_engine().connect() as conn:
        rows = conn.execute(
            text("SELECT month, title, owner, area, monthly FROM year_plan_template ORDER BY sort_order")
        )
        found = [(m, t, o, a, bool(every)) for m, t, o, a, every in rows]
    assert found == [(i.month, i.title, i.owner, i.area, i.monthly) for i in DEFAULT_TEMPLATE]
