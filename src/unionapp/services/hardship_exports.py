"""The hardship files' details for the full 困难职工花名册: household size, income, causes
and the help planned of many files at once, read in a few queries, and ONE audit entry
saying whose details were exported (each file named in its items) — as viewing one file
writes one. A copy opened read-only cannot log it, so it cannot export them either."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from unionapp.db.engine import Database
from unionapp.db.models import HardshipFile, HardshipHousehold, Member
from unionapp.domain.hardship import causes_text, per_head_fen
from unionapp.services import audit
from unionapp.services.hardship_common import ENTITY, HardshipError, causes_codes, chunks


@dataclass(frozen=True)
class ExportedDetail:
    """What the full roster prints of a file beyond its list row (names as FileDetail's)."""

    file_id: int
    causes_text: str
    people: int
    monthly_income_fen: int
    per_head_fen: int
    plan: str


def export_details(
    db: Database, file_ids: Sequence[int], purpose: str = "导出困难职工花名册"
) -> dict[int, ExportedDetail]:
    """file id -> its details, for the files asked (unknown ids are left out); the audit
    entry ("导出困难职工花名册（含家庭经济情况）：共 12 人") lands in the same transaction."""
    if not file_ids:
        return {}
    if db.read_only:
        raise HardshipError(
            ["数据库现在是只读的，导出困难职工档案的详细信息需要记入操作日志，请在可以修改的电脑上导出"]
        )
    with db.session() as s:
        files, names = {}, {}
        incomes: dict[int, list[int]] = defaultdict(list)
        for part in chunks(list(file_ids)):
            query = (
                select(HardshipFile.id, HardshipFile.causes, HardshipFile.plan, Member.name)
                .join(Member, Member.id == HardshipFile.member_id)
                .where(HardshipFile.id.in_(part))
            )
            for fid, causes, plan, name in s.execute(query):
                files[fid], names[fid] = (causes, plan), name
            query = select(HardshipHousehold.file_id, HardshipHousehold.monthly_income_fen).where(
                HardshipHousehold.file_id.in_(part)
            )
            for fid, fen in s.execute(query):
                incomes[fid].append(fen)
        out = {}
        for fid, (causes, plan) in files.items():
            money = incomes.get(fid, [])
            out[fid] = ExportedDetail(
                fid, causes_text(causes_codes(causes)), len(money), sum(money), per_head_fen(money, len(money)), plan
            )
        items = [{"id": fid, "name": names[fid]} for fid in out]
        summary = f"{purpose}（含家庭经济情况）：共 {len(out)} 人"
        audit.record(s, "view", ENTITY, None, summary, after={"purpose": purpose}, items=items)
    return out
