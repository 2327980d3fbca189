from datetime import date

from unionapp.domain.members import MemberInput
from unionapp.services import dues, ledger, members
from unionapp.services.check import run_check

YEAR = date.today().year


def test_a_sound_database_passes(db):
    members.add_member(db, MemberInput(name="张三"))
    dues.post_dues(db, YEAR, 1)
    report = run_check(db)
    assert report.ok, report.lines
    texts = "\n".join(t for _ok, t in report.lines)
    assert "数据库结构版本" in texts and "会员 1 条" in texts
    assert ("文件完整性：正常" if db.is_sqlite else "数据库服务器：postgresql") in texts


def test_ledger_drift_is_reported(db):
    members.add_member(db, MemberInput(name="张三"))
    dues.post_dues(db, YEAR, 1)
    with db.engine.begin() as conn:  # someone edits the ledger behind the app's back
        conn.exec_driver_sql("UPDATE ledger_entries SET amount_fen = amount_fen + 1 WHERE source = 'dues'")
    report = run_check(db)
    assert not report.ok
    assert any("会费" in text and not good for good, text in report.lines)


def test_closed_year_that_no_longer_adds_up(db):
    cats = {c.code: c.id for c in ledger.list_categories(db)}
    ledger.add_entry(db, ledger.EntryInput(date(YEAR - 1, 5, 1), cats["dues"], 1000, "x"))
    ledger.close_year(db, YEAR - 1)
    assert run_check(db).ok
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE fund_years SET closing_balance_fen = 5 WHERE year = {YEAR - 1}")
    report = run_check(db)
    assert not report.ok and any("结账余额" in text for _good, text in report.lines)
