"""One row of a past proposals list read into a planned proposal: its people (the term's
delegates, by name), its dates in order and the steps it went through (审查, 答复, 反馈).
Every problem of a row is told at once, in Chinese, without the row number."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from unionapp.domain.congress import (
    DEFAULT_RULE,
    FEEDBACK_LABELS,
    PROPOSAL_STATUS_LABELS,
    PROPOSAL_TEXTS,
    REPLY_TEXTS,
    SCREEN_TEXTS,
)
from unionapp.domain.dates import format_date
from unionapp.domain.text import shown
from unionapp.importers.congress_words import read_date, read_feedback, read_proposal_category, read_status
from unionapp.importers.errors import RowProblem, UnknownValue, collect
from unionapp.importers.roster_match import norm
from unionapp.importers.workbook import as_text
from unionapp.services.proposals import ProposalInput, ReplyInput

NEXT_ROUND_DAYS = 30  # an unsatisfied proposer's next reply is due this long after, unless the file says
_SEPARATORS = re.compile(r"[、，,;；\s]+")
_WITH_GROUP = re.compile(r"^(.+?)[(（](.+?)[)）]$")  # "张伟（高中组）"


@dataclass(frozen=True)
class PlannedProposal:
    row_number: int
    proposer_name: str
    cosigner_names: tuple[str, ...]
    data: ProposalInput
    status: str  # submitted / accepted / rejected / converted
    screened_on: date | None
    screen_reason: str
    office: str
    due_date: date | None
    reply: ReplyInput | None
    feedback: str  # "" none
    feedback_on: date | None
    next_due: date | None
    next_due_guessed: bool = False

    @property
    def status_label(self) -> str:
        return PROPOSAL_STATUS_LABELS[self.status]

    @property
    def feedback_label(self) -> str:
        return FEEDBACK_LABELS.get(self.feedback, "")


def split_names(text: str) -> list[str]:
    """ "王芳、赵强，孙丽 周杰" → the four names (a name's own spaces can't be told from a separator)."""
    return [n for n in _SEPARATORS.split(text.replace("（", "(").replace("）", ")")) if n]


class DelegateNames:
    """The term's delegates by name; a repeated name told apart by who was in office on the
    day, or by a group written after it: "张伟（高中组）"."""

    def __init__(self, delegates, term_name: str):
        self.term_name = term_name
        self.by_name: dict[str, list] = {}
        for d in delegates:
            self.by_name.setdefault(norm(d.name), []).append(d)

    def find(self, written: str, day: date | None, role: str):
        found = _WITH_GROUP.match(written)
        name, group = (found.group(1), found.group(2)) if found else (written, "")
        people = self.by_name.get(norm(name), [])
        if not people:
            if role == "附议人":
                raise RowProblem(f"附议人“{shown(name)}”不是{self.term_name}的代表，不能附议，请核对姓名")
            raise RowProblem(f"提案人“{shown(name)}”不是{self.term_name}的代表，请核对姓名或先在“教代会 → 代表”中添加")
        if group:
            people = [
                d for d in people if norm(group) in norm(d.group_name) or norm(group) in norm(d.constituency_name)
            ]
        if len(people) > 1 and day is not None:
            people = [d for d in people if _in_office(d, day)] or people
        if len(people) == 1:
            return people[0]
        if not people:
            raise RowProblem(f"{role}“{shown(written)}”：本届代表中没有在“{shown(group)}”的{shown(name)}，请核对")
        raise RowProblem(
            f"本届代表中有 {len(people)} 位名叫“{shown(name)}”，请把{role}写成“{shown(name)}（工会小组）”以区分"
        )


def _in_office(delegate, day: date) -> bool:
    return delegate.elected_on <= day and (delegate.ended_on is None or delegate.ended_on > day)


def _text(cells: dict[str, object], key: str, spec: tuple) -> str:
    return as_text(cells.get(key))[: spec[1]]


class RowReader:
    """Reads rows of one session's list: `read(number, cells)` → PlannedProposal or RowProblem."""

    def __init__(self, session_id: int, names: DelegateNames, mapping, term, rules, today: date):
        self.session_id, self.names, self.mapping = session_id, names, mapping
        self.term, self.today = term, today
        self.rules = sorted(rules, key=lambda r: r.effective_from) or [DEFAULT_RULE]  # in force on the day

    def rule_on(self, day: date | None):
        """As services.congress.rule_on: the newest in force on `day`, else the oldest."""
        in_force = [r for r in self.rules if day is not None and r.effective_from <= day]
        return (in_force or self.rules)[-1 if in_force else 0]

    def read(self, number: int, cells: dict[str, object]) -> PlannedProposal:
        reasons: list[str] = []
        unknown: list[UnknownValue] = []
        title = _text(cells, "title", PROPOSAL_TEXTS["title"])
        if not title:
            reasons.append("没有填写案由（提案名称）")
        category = collect(reasons, lambda: read_proposal_category(cells.get("category"), self.mapping), unknown)
        status = collect(reasons, lambda: read_status(cells.get("status"), self.mapping), unknown)
        feedback = collect(reasons, lambda: read_feedback(cells.get("feedback"), self.mapping), unknown)
        dates = {
            key: collect(reasons, lambda key=key, label=label: read_date(cells.get(key), label))
            for key, label in (
                ("submitted_on", "提交日期"),
                ("screened_on", "审查日期"),
                ("due_date", "答复期限"),
                ("replied_on", "答复日期"),
                ("feedback_on", "反馈日期"),
                ("next_due", "再次答复期限"),
            )
        }
        submitted = dates["submitted_on"]
        if submitted is None and not any(r.startswith("提交日期") for r in reasons):
            reasons.append("没有填写提交日期")
        people = collect(reasons, lambda: self._people(cells, submitted))
        number_given = collect(reasons, lambda: _number(cells.get("number")))
        if reasons:
            raise RowProblem(*reasons, unknown=unknown)
        reasons += self._date_problems(submitted)
        planned = self._steps(number, cells, title, category, status, feedback, dates, people, number_given, reasons)
        if reasons:
            raise RowProblem(*reasons)
        return planned

    def _people(self, cells: dict[str, object], day: date | None):
        reasons: list[str] = []
        written = as_text(cells.get("proposer"))
        proposer = None
        if not written:
            reasons.append("没有填写提案人")
        else:
            proposer = collect(reasons, lambda: self.names.find(written, day, "提案人"))
        cosigners = []
        seen: set[int] = set()
        for name in split_names(as_text(cells.get("cosigners"))):
            person = collect(reasons, lambda name=name: self.names.find(name, day, "附议人"))
            if person is None:
                continue
            if proposer is not None and person.id == proposer.id:
                reasons.append(f"提案人{proposer.name}不能同时作为附议人，请从附议人中删去")
            elif person.id in seen:
                reasons.append(f"附议人{person.name}写了两次，请删去一个")
            else:
                seen.add(person.id)
                cosigners.append(person)
        rule = self.rule_on(day)
        if proposer is not None and len(seen) < rule.min_cosigners and not reasons:
            reasons.append(f"附议人 {len(seen)} 人，少于规定的 {rule.min_cosigners} 人{rule.named()}，请补齐附议人")
        if reasons:
            raise RowProblem(*reasons)
        return proposer, cosigners

    def _date_problems(self, submitted: date) -> list[str]:
        if submitted > self.today:
            return [f"提交日期 {format_date(submitted)} 晚于今天，请核对"]
        if submitted < self.term.start_date:
            return [
                f"提交日期 {format_date(submitted)} 早于{self.term.name}开始的日期 {format_date(self.term.start_date)}"
            ]
        return []

    def _steps(self, number, cells, title, category, status, feedback, dates, people, number_given, reasons):
        submitted = dates["submitted_on"]
        screened = dates["screened_on"] or (submitted if status != "submitted" else None)
        reason = _text(cells, "screen_reason", SCREEN_TEXTS["reason"])
        office = _text(cells, "office", SCREEN_TEXTS["office"])
        replied_on, reply_text = dates["replied_on"], _text(cells, "reply", REPLY_TEXTS["reply"])
        due = dates["due_date"]
        if screened is not None and screened < submitted:
            reasons.append(f"审查日期 {format_date(screened)} 早于提交日期 {format_date(submitted)}，请核对")
        if status == "accepted":
            if not office:
                reasons.append("立案的提案须填写承办部门")
            due = due or replied_on
            if due is None:
                reasons.append("立案的提案须填写答复期限（已答复的可不填）")
        elif status in ("rejected", "converted") and not reason:
            reasons.append(f"审查结果为“{PROPOSAL_STATUS_LABELS[status]}”，须在“审查意见”中写明理由")
        reply = None
        if replied_on is not None or reply_text:
            reply = self._reply(status, office, replied_on, reply_text, submitted, screened, reasons)
        feedback_on, next_due, guessed = dates["feedback_on"], dates["next_due"], False
        if feedback:
            if reply is None:
                reasons.append("有提案人意见，但没有答复日期和答复内容，请补上答复")
            feedback_on = feedback_on or replied_on
            if feedback_on is not None and replied_on is not None and feedback_on < replied_on:
                reasons.append(f"反馈日期 {format_date(feedback_on)} 早于答复日期 {format_date(replied_on)}，请核对")
            if feedback == "unsatisfied" and next_due is None and feedback_on is not None:
                next_due, guessed = feedback_on + timedelta(days=NEXT_ROUND_DAYS), True
        proposer, cosigners = people
        data = ProposalInput(
            session_id=self.session_id,
            proposer_id=proposer.id,
            title=title,
            submitted_on=submitted,
            category=category,
            reasons=_text(cells, "reasons", PROPOSAL_TEXTS["reasons"]),
            measures=_text(cells, "measures", PROPOSAL_TEXTS["measures"]),
            cosigner_ids=tuple(c.id for c in cosigners),
            number=number_given,
        )
        names = tuple(c.name for c in cosigners)
        return PlannedProposal(
            number, proposer.name, names, data, status, screened, reason, office, due, reply, feedback,
            feedback_on, next_due, guessed,
        )  # fmt: skip

    @staticmethod
    def _reply(status, office, replied_on, text, submitted, screened, reasons) -> ReplyInput | None:
        if status == "submitted" or status == "rejected" or (status == "converted" and not office):
            reasons.append(
                f"审查结果为“{PROPOSAL_STATUS_LABELS[status]}”，不需要答复；立案（或转交承办部门）的提案才登记答复"
            )
        if replied_on is None:
            reasons.append("有答复内容但没有答复日期，请补上答复日期")
            return None
        if not text:
            reasons.append("有答复日期但没有答复内容，请补上答复内容")
        if replied_on < submitted:
            reasons.append(f"答复日期 {format_date(replied_on)} 早于提交日期 {format_date(submitted)}，请核对")
        elif screened is not None and replied_on < screened:
            reasons.append(f"答复日期 {format_date(replied_on)} 早于审查日期 {format_date(screened)}，请核对")
        return ReplyInput(replied_on, text)


def _number(value: object) -> int | None:
    text = as_text(value)
    if not text:
        return None
    digits = text.removeprefix("第").removesuffix("号").strip()
    if digits.endswith(".0"):
        digits = digits[:-2]
    if not digits.isdigit() or int(digits) < 1 or len(digits) > 6:
        raise RowProblem(f"提案编号“{shown(text)}”不是正整数，请只写数字（如 3），或留空按顺序编号")
    return int(digits)
