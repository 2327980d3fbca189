"""Ledger workbook → plan → apply_ledger_import: categories by name, synonyms and full
names; every refusal with its row number; opening balances; one transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from unionapp.db.models import AuditEntry, FundYear, LedgerEntry
from unionapp.domain.errors import DomainError
from unionapp.importers.errors import ImportFileError, ImportRefused
from unionapp.importers.ledger import apply_ledger_import, plan_ledger_import
from unionapp.services import ledger
from unionapp.services.ledger import EntryInput, LedgerFilter

from .workbooks import write_xlsx

TODAY = date(2025, 12, 31)
HEADER = ["序号", "日期", "凭证号", "摘要", "科目", "收入（元）", "支出（元）", "余额", "经办人", "审批人", "备注"]
TITLES = ["阳光中学工会委员会2025年收支明细账"]


def row(n, day, voucher, summary, category, income=None, expense=None, handler="刘芳", approver="王建国", notes=None):
    return [n, day, voucher, summary, category, income, expense, None, handler, approver, notes]


GOOD_ROWS = [
    row(1, datetime(2025, 1, 31), 1, "1月会费", "会费收入", 2320),
    row(2, "2025.2.28", 2, "2月会费", "会费", "2,320.00"),
    row(3, "2025年3月5日", 3, "教职工气排球比赛奖品", "职工活动支出/文体活动支出", None, 1500.5, "赵敏"),
    row(4, date(2025, 3, 6), 4, "篮球赛奖品", "职工活动支出 - 文体活动支出", None, Decimal("800.00")),
    row(5, date(2025, 3, 1), 5, "工会干部培训", "培训费", None, 3000),
    [],
    row(6, date(2025, 4, 1), 6, "中秋节慰问品", "福利费", None, 20000, notes="发票 3 张"),
    row(None, None, None, "本月合计", None, 4640, 25300.5),
    row(7, date(2025, 4, 20), 7, "银行存款利息", "其他", 12.34),
    row(8, date(2025, 4, 21), 8, "银行手续费", "其他", None, 5),
    row(None, None, None, "本年累计", None, 4652.34, 25305.5),
    row(None, "合计", None, None, None, 4652.34, 25305.5),
    ["制表人：刘芳"],
]


def write(path, rows, header=HEADER, titles=TITLES):
    return write_xlsx(path, header, rows, titles=titles, sheet="明细账")


def codes(db) -> dict[str, int]:
    return {c.code: c.id for c in ledger.list_categories(db)}


def count(db, model=LedgerEntry) -> int:
    with db.session() as s:
        return s.query(model).count()


def test_good_file_plans_every_row_and_skips_titles_totals_and_blanks(db, tmp_path):
    plan = plan_ledger_import(db, write(tmp_path / "账.xlsx", GOOD_ROWS), today=TODAY)
    assert plan.refused == []
    assert plan.header_row == 2 and plan.columns["category"] == "科目"
    cats = codes(db)
    got = [(e.row_number, e.entry_date, e.category_id, e.amount_fen) for e in plan.entries]
    assert got == [
        (3, date(2025, 1, 31), cats["dues"], 232_000),
        (4, date(2025, 2, 28), cats["dues"], 232_000),
        (5, date(2025, 3, 5), cats["sports"], 150_050),
        (6, date(2025, 3, 6), cats["sports"], 80_000),
        (7, date(2025, 3, 1), cats["training"], 300_000),
        (9, date(2025, 4, 1), cats["welfare"], 2_000_000),
        (11, date(2025, 4, 20), cats["other_income"], 1_234),
        (12, date(2025, 4, 21), cats["other_expense"], 500),
    ]
    assert plan.summary() == "记账 8 笔（收入 4,652.34 元，支出 25,305.50 元），有问题 0 行"
    assert count(db) == 0 and count(db, FundYear) == 0  # planning writes nothing


def test_apply_posts_in_date_order_with_the_original_voucher_in_the_summary(db, tmp_path):
    plan = plan_ledger_import(db, write(tmp_path / "账.xlsx", GOOD_ROWS), today=TODAY)
    result = apply_ledger_import(db, plan)
    assert (result.posted, result.openings, result.refused) == (8, 0, 0)
    rows = ledger.list_entries(db, LedgerFilter(year=2025))
    assert [r.voucher_no for r in rows] == list(range(1, 9))
    assert [r.entry_date for r in rows] == sorted(r.entry_date for r in rows)
    assert {r.source for r in rows} == {"import"}
    training = next(r for r in rows if r.category_name == "业务支出/培训费")
    assert training.voucher_no == 3  # 3 月 1 日 comes before the 3 月 5 日 row above it in the file
    assert (
        training.summary == "[原凭证 5] 工会干部培训" and training.handler == "刘芳" and training.approver == "王建国"
    )
    gifts = next(r for r in rows if r.amount_fen == 2_000_000)
    assert gifts.summary == "[原凭证 6] 中秋节慰问品（备注：发票 3 张）"
    assert sum(r.income_fen for r in rows) == 465_234 and sum(r.expense_fen for r in rows) == 2_530_550
    with db.session() as s:
        assert s.query(AuditEntry).filter_by(entity="ledger", action="import").count() == 1


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (row(1, date(2025, 5, 1), 1, "x", "买菜费", None, 10), "无法识别的科目“买菜费”"),
        (row(1, date(2025, 5, 1), 1, "x", "会费收入", 10, 10), "收入和支出都填了金额"),
        (row(1, date(2025, 5, 1), 1, "x", "会费收入"), "收入和支出都没有填金额"),
        (row(1, date(2025, 5, 1), 1, "x", "会费收入", "12.345"), "最多只能有两位小数"),
        (row(1, date(2025, 5, 1), 1, "x", "会费收入", "十二元"), "不是有效的金额"),
        (row(1, date(2025, 5, 1), 1, "x", "会费收入", None, 10), "是收入科目，金额却填在“支出”列"),
        (row(1, date(2025, 5, 1), 1, "x", "培训费", 10), "是支出科目，金额却填在“收入”列"),
        (row(1, date(2026, 1, 2), 1, "x", "会费收入", 10), "晚于今天"),
        (row(1, None, 1, "x", "会费收入", 10), "日期不能为空"),
        (row(1, "2025-13-01", 1, "x", "会费收入", 10), "不存在"),
        (row(1, date(2025, 5, 1), 1, "x", "职工活动支出", None, 10), "下有明细科目，请写到明细科目"),
        (row(1, date(2025, 5, 1), 1, "x", "会费收入", -10), "是负数"),
        (row(1, date(2025, 5, 1), 1, None, "会费收入", 10), "摘要不能为空"),
        (row(1, date(2025, 5, 1), 1, "x", None, 10), "科目不能为空"),
    ],
)
def test_each_bad_row_is_refused_with_its_row_number(db, tmp_path, cells, reason):
    rows = [row(1, date(2025, 5, 2), 9, "好的一行", "会费收入", 100), cells]
    plan = plan_ledger_import(db, write(tmp_path / "账.xlsx", rows), today=TODAY)
    assert len(plan.entries) == 1 and len(plan.refused) == 1
    lines = plan.problem_lines()
    assert any(line.startswith("第 4 行") and reason in line for line in lines), lines


def test_every_problem_of_a_row_is_told_at_once(db, tmp_path):
    rows = [row(1, "2025/02/30", 1, None, "不存在的科目", 1, 2)]
    plan = plan_ledger_import(db, write(tmp_path / "账.xlsx", rows), today=TODAY)
    text = "\n".join(plan.problem_lines())
    for reason in ("不存在", "都填了金额", "无法识别的科目", "摘要不能为空"):
        assert reason in text


def test_repeated_voucher_number_in_one_year(db, tmp_path):
    rows = [
        row(1, date(2025, 5, 1), 12, "a", "会费收入", 1),
        row(2, date(2025, 5, 2), 12, "b", "会费收入", 1),
        row(3, date(2024, 5, 2), 12, "c", "会费收入", 1),
    ]  # another year may reuse 12
    plan = plan_ledger_import(db, write(tmp_path / "账.xlsx", rows), today=TODAY)
    assert plan.problem_lines() == ["第 4 行（b）：凭证号“12”与第 3 行重复"]
    assert len(plan.entries) == 2


def test_closed_years_and_years_before_them_are_refused(db, tmp_path):
    ledger.add_entry(db, EntryInput(date(2024, 6, 1), codes(db)["dues"], 100, "旧账"))
    ledger.close_year(db, 2024)
    rows = [
        row(1, date(2024, 7, 1), 1, "a", "会费收入", 1),
        row(2, date(2023, 7, 1), 2, "b", "会费收入", 1),
        row(3, date(2025, 7, 1), 3, "c", "会费收入", 1),
    ]
    plan = plan_ledger_import(db, write(tmp_path / "账.xlsx", rows), today=TODAY)
    assert plan.problem_lines() == [
        "第 3 行（a）：2024 年已经结账，不能再导入该年的记账",
        "第 4 行（b）：2024 年已经结账，不能再补记更早年度（2023 年）的账",
    ]
    assert [e.row_number for e in plan.entries] == [5]


def test_ambiguous_and_retired_categories(db, tmp_path):
    cats = codes(db)
    ledger.add_category(db, "培训费", "expense", cats["activity"])  # now two leaves are called 培训费
    ledger.set_category_active(db, cats["meeting"], False)
    rows = [
        row(1, date(2025, 5, 1), 1, "a", "培训费", None, 1),
        row(2, date(2025, 5, 1), 2, "b", "会议费", None, 1),
        row(3, date(2025, 5, 1), 3, "c", "业务支出/培训费", None, 1),
    ]
    plan = plan_ledger_import(db, write(tmp_path / "账.xlsx", rows), today=TODAY)
    lines = plan.problem_lines()
    assert "不能确定是哪一个" in lines[0] and "业务支出/培训费" in lines[0] and lines[0].startswith("第 3 行")
    assert "已停用" in lines[1] and lines[1].startswith("第 4 行")
    assert [e.category_id for e in plan.entries] == [cats["training"]]


def test_any_refused_row_refuses_the_file_and_writes_nothing(db, tmp_path):
    rows = [*GOOD_ROWS[:5], row(9, date(2025, 5, 1), 99, "坏的一行", "会费收入", "abc")]
    plan = plan_ledger_import(db, write(tmp_path / "账.xlsx", rows), today=TODAY)
    with pytest.raises(ImportRefused) as refused:
        apply_ledger_import(db, plan)
    assert refused.value.lines() == ["第 8 行（坏的一行）：收入“abc”不是有效的金额，请写成 1234.50 这样的数字"]
    assert count(db) == 0
    result = apply_ledger_import(db, plan, skip_errors=True)
    assert (result.posted, result.refused) == (5, 1) and count(db) == 5


def test_a_failure_while_posting_rolls_back_the_whole_file(db, tmp_path):
    rows = [
        row(1, date(2024, 1, 1), None, "上年结转", None, None, None),
        *GOOD_ROWS[:5],
        row(9, date(2024, 3, 1), 9, "2024 年的一笔", "会费收入", 10),
    ]
    rows[0][7] = 8888
    plan = plan_ledger_import(db, write(tmp_path / "账.xlsx", rows), today=TODAY)
    assert plan.refused == [] and len(plan.openings) == 1
    ledger.add_entry(db, EntryInput(date(2024, 6, 1), codes(db)["dues"], 100, "计划之后有人记了账"))
    ledger.close_year(db, 2024)  # the plan is now stale
    with pytest.raises(DomainError, match="2024 年已经结账"):
        apply_ledger_import(db, plan)
    assert count(db) == 1  # only the entry made by hand
    assert ledger.year_summary(db, 2024).opening_fen == 0


# ---------------------------------------------------------------- opening balances


def test_opening_row_sets_the_years_opening_balance(db, tmp_path):
    rows = [row(None, None, None, "上年结转", None), *GOOD_ROWS[:3]]
    rows[0][7] = "56,789.01"  # the balance column carries it
    plan = plan_ledger_import(db, write(tmp_path / "账.xlsx", rows), today=TODAY)
    assert plan.refused == [] and [(o.year, o.amount_fen) for o in plan.openings] == [(2025, 5_678_901)]
    assert "期初余额 1 个年度" in plan.summary()
    apply_ledger_import(db, plan)
    summary = ledger.year_summary(db, 2025)
    assert summary.opening_fen == 5_678_901
    assert ledger.list_entries(db, LedgerFilter(year=2025))[-1].balance_fen == 5_678_901 + 464_000 - 150_050


def test_opening_row_refused_when_the_year_already_has_entries(db, tmp_path):
    ledger.add_entry(db, EntryInput(date(2025, 1, 5), codes(db)["dues"], 100, "已有的账"))
    rows = [row(None, date(2025, 1, 1), None, "期初余额", None, 1000), row(1, date(2025, 2, 1), 1, "a", "会费收入", 1)]
    plan = plan_ledger_import(db, write(tmp_path / "账.xlsx", rows), today=TODAY)
    assert plan.problem_lines() == [
        "第 3 行（期初余额）：2025 年已有 1 笔记账，不能再导入期初余额；如期初余额有误，请在“经费”中修改"
    ]


def test_opening_rows_refused_after_a_closed_year_twice_or_without_a_date(db, tmp_path):
    ledger.close_year(db, 2023)
    rows = [
        row(None, date(2024, 1, 1), None, "上年结转", None, 10),
        row(None, date(2025, 1, 1), None, "期初余额", None, 20),
        row(None, date(2025, 1, 1), None, "期初余额", None, 30),
        row(1, date(2025, 2, 1), 1, "a", "会费收入", 1),
        row(2, date(2024, 2, 1), 2, "b", "会费收入", 1),
        row(None, None, None, "年初余额", None, 40),
    ]
    plan = plan_ledger_import(db, write(tmp_path / "账.xlsx", rows), today=TODAY)
    assert plan.problem_lines() == [
        "第 3 行（上年结转）：2024 年的期初余额由 2023 年结账结转而来，不能用导入修改",
        "第 5 行（期初余额）：与第 4 行重复：2025 年的期初余额只能有一行",
        "第 8 行（年初余额）：“上年结转”行没有日期，无法确定是哪一年的期初余额，请填写日期",
    ]
    assert [(o.year, o.amount_fen) for o in plan.openings] == [(2025, 2000)]


def test_a_file_without_the_needed_header_is_refused(db, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", ["姓名", "身份证号"], [["张三", "1"]])
    with pytest.raises(ImportFileError, match="没有找到表头行"):
        plan_ledger_import(db, path, today=TODAY)
