"""Who a list's row names, on the roster: by name, a repeated name told apart by the
工会小组 (or department) and by the ID number. Shared by the visits, handouts and
activity sign-up importers; the roster is read once (one query), not once per row."""

from __future__ import annotations

import unicodedata
from datetime import date

from unionapp.domain.idcard import IdNumberError, parse_id_number
from unionapp.domain.masking import mask_id_number
from unionapp.domain.text import shown
from unionapp.importers.errors import RowProblem
from unionapp.services.members import MemberRow


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def not_on_roster(name: str) -> str:
    return f"姓名“{shown(name)}”不在会员名册中，请先在会员名单中添加或更正姓名"


class RosterMatcher:
    """Members by name; when names repeat, by group or department, then by ID number."""

    def __init__(self, rows: list[MemberRow]):
        self.by_name: dict[str, list[MemberRow]] = {}
        for r in rows:
            self.by_name.setdefault(norm(r.name), []).append(r)
        self.by_id = {r.id_number: r for r in rows if r.id_number}

    def match(self, name: str, group: str, id_cell: object, today: date) -> MemberRow:
        if not name:
            raise RowProblem("没有填写姓名")
        if id_cell is not None:
            return self._by_id(name, id_cell, today)
        namesakes = self.by_name.get(norm(name), [])
        if not namesakes:
            raise RowProblem(not_on_roster(name))
        if len(namesakes) == 1:
            return namesakes[0]
        same_group = [r for r in namesakes if group and in_group(group, r)]
        if len(same_group) == 1:
            return same_group[0]
        where = f"，其中 {len(same_group)} 位在“{shown(group)}”" if len(same_group) > 1 else ""
        raise RowProblem(
            f"会员名册中有 {len(namesakes)} 位名叫“{shown(name)}”的会员{where}，请填写工会小组或身份证号以区分"
        )

    def match_birth(self, name: str, group: str, id_cell: object, birth: date | None, today: date) -> MemberRow:
        """As `match`, where a repeated name may also be told apart by the 出生日期."""
        namesakes = self.by_name.get(norm(name), [])
        if id_cell is None and birth is not None and len(namesakes) > 1:
            born = [r for r in namesakes if r.birth_date == birth]
            if len(born) == 1:
                return born[0]
        return self.match(name, group, id_cell, today)

    def _by_id(self, name: str, id_cell: object, today: date) -> MemberRow:
        try:
            number = parse_id_number(id_cell, today).number
        except IdNumberError as err:
            raise RowProblem(str(err)) from None
        found = self.by_id.get(number)
        if found is None:
            raise RowProblem(f"身份证号 {mask_id_number(number)} 不属于任何会员，请核对，或先在“会员”中添加此人")
        if norm(found.name) != norm(name):
            raise RowProblem(
                f"身份证号 {mask_id_number(number)} 属于会员 {found.name}，与本行姓名“{shown(name)}”不同，请核对"
            )
        return found


def in_group(cell: str, member: MemberRow) -> bool:
    """ "高中组", "高中" or the member's department all say which 张伟 is meant."""
    cell = norm(cell)
    names = [norm(n) for n in (member.group_name, member.department) if n]
    return any(cell == n or (len(cell) >= 2 and (cell in n or n in cell)) for n in names)
