"""Spending rules (开支标准) as dated data: listing, adding and removing them, and the
figures the rules are judged against (the year's income). The judging itself is pure,
in domain.spending_rules; handouts and activities call it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import BudgetLine, FundCategory, LedgerEntry
from unionapp.db.models import SpendingRule as RuleRecord
from unionapp.domain.errors import DomainError
from unionapp.domain.spending_rules import RULE_KIND_LABELS, SpendingRule, clean_rule
from unionapp.domain.text import NOTE_LIMIT, clean_text
from unionapp.services import audit
from unionapp.services.errors import DuplicateError, NeedsReason, NotFoundError


def _row(record: RuleRecord) -> SpendingRule:
    return SpendingRule(
        kind=record.kind,
        effective_from=record.effective_from,
        min_fen=record.min_fen,
        max_fen=record.max_fen,
        share_bp=record.share_bp,
        source_doc=record.source_doc,
        id=record.id,
    )


def rules_in(session: Session) -> list[SpendingRule]:
    """Every rule, oldest first within each kind (domain.spending_rules.rule_on picks)."""
    query = select(RuleRecord).order_by(RuleRecord.kind, RuleRecord.effective_from)
    return [_row(r) for r in session.scalars(query) if r.kind in RULE_KIND_LABELS]


def list_rules(db: Database) -> list[SpendingRule]:
    with db.session() as s:
        return rules_in(s)


def add_rule(db: Database, rule: SpendingRule) -> int:
    """A rule from its date on; an older rule of the kind stays in force before that date."""
    rule = clean_rule(rule)
    with db.session() as s:
        taken = s.scalar(
            select(RuleRecord.id).where(RuleRecord.kind == rule.kind, RuleRecord.effective_from == rule.effective_from)
        )
        if taken:
            raise DuplicateError(f"“{rule.label}”在 {rule.effective_from} 已有一条标准；如要改，请先删除那一条再添加。")
        fields = {k: v for k, v in asdict(rule).items() if k != "id"}
        record = RuleRecord(**fields)
        s.add(record)
        s.flush()
        audit.record(s, "create", "spending_rule", record.id, f"新增开支标准：{rule.describe()}", after=fields)
        return record.id


def remove_rule(db: Database, rule_id: int) -> None:
    """Remove a rule entered by mistake; what was judged under it keeps its written warnings."""
    with db.session() as s:
        record = s.get(RuleRecord, rule_id)
        if record is None:
            raise NotFoundError("找不到这条开支标准，可能已被删除，请刷新。")
        rule = _row(record)
        s.delete(record)
        fields = {k: v for k, v in asdict(rule).items() if k != "id"}
        audit.record(
            s,
            "delete",
            "spending_rule",
            rule_id,
            f"删除开支标准：{rule.describe()}（{rule.effective_from} 起）",
            before=fields,
        )


def year_income_in(session: Session, year: int) -> int:
    """The year's income the share rule is measured against: the budgeted income when the
    budget has income lines, else what the ledger has received so far."""
    income_ids = select(FundCategory.id).where(FundCategory.direction == "income")
    budgeted = session.scalar(
        select(func.sum(BudgetLine.amount_fen)).where(BudgetLine.year == year, BudgetLine.category_id.in_(income_ids))
    )
    if budgeted:
        return budgeted
    received = session.scalar(
        select(func.sum(LedgerEntry.amount_fen)).where(LedgerEntry.year == year, LedgerEntry.direction == "income")
    )
    return received or 0


class SpendingError(DomainError):
    """What is wrong with a handout or activity (several problems, one message)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


def settle_warnings(record, warnings: list[str], given_reason: str) -> None:
    """Keep a record's warnings (a handout's, an activity's) and the reason for them. A
    warning the record did not have before needs a reason given now (NeedsReason): the
    reason kept was written for the figures then, not for new ones. Warnings already
    explained (a change elsewhere, the same figures) keep their reason."""
    given = clean_text(given_reason, "超出标准的说明", NOTE_LIMIT, multiline=True).strip()
    known = set(filter(None, (record.warnings or "").split("；")))
    if any(w not in known for w in warnings) and not given:
        raise NeedsReason(warnings)
    record.warnings = "；".join(warnings)
    if given:
        record.warning_reason = given


def not_ahead(day: date, what: str) -> None:
    """Money reaches the ledger on the day it was handed over, never ahead of it (a manual
    entry may not be dated after today either)."""
    if day > date.today():
        raise SpendingError([f"{what}的日期 {day} 还没到：钱物交到人手里后再记账"])


def required_reason(reason: str, action: str) -> str:
    """The reason for withdrawing or deleting something that reached the ledger: required."""
    reason = clean_text(reason, f"{action}原因", NOTE_LIMIT).strip()
    if not reason:
        raise SpendingError([f"{action}必须写明原因"])
    return reason
