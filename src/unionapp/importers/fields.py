"""The fields each importer reads, by area: what a file's column or value may be mapped to.

Used by the import window's column drop-downs, the remembered-mappings dialog, the
command line's --map/--map-value and the templates. A field's label is the header the
template writes and the name the user picks from.
"""

from __future__ import annotations

from collections.abc import Mapping

from unionapp.importers.checkups import CHECKUP_HEADERS
from unionapp.importers.ledger import LEDGER_HEADERS
from unionapp.importers.member_fields import MEMBER_HEADERS
from unionapp.importers.visits import VISIT_HEADERS

AREA_HEADERS: dict[str, Mapping[str, tuple[str, ...]]] = {
    "members": MEMBER_HEADERS,
    "ledger": LEDGER_HEADERS,
    "visits": VISIT_HEADERS,
    "checkups": CHECKUP_HEADERS,
}
AREA_LABELS = {"members": "会员花名册", "ledger": "收支明细账", "visits": "五必访登记表", "checkups": "体检名单"}
# Where the first header name is not the clearest name to pick from.
_LABELS = {
    ("members", "department"): "部门/岗位",
    ("visits", "type"): "走访类型",
    ("visits", "status"): "走访状态",
    ("visits", "group"): "工会小组",
    ("checkups", "status"): "是否体检",
}
# Fields whose values must name something known (a category, a type, a state); their
# unknown values are offered for mapping. A group's unknown value is a new group.
CODED_FIELDS = {
    "members": ("group_name", "status"),
    "ledger": ("category",),
    "visits": ("type", "status"),
    "checkups": ("status",),
}


def area_fields(area: str) -> dict[str, str]:
    """field name → Chinese label, in the order of the area's table."""
    return {name: _LABELS.get((area, name), aliases[0]) for name, aliases in AREA_HEADERS[area].items()}


def field_by_label(area: str, text: str) -> str | None:
    """The field a user's word names: its label, any of its header names, or its own name."""
    from unionapp.domain.import_mapping import mapping_key

    key = mapping_key(text)
    for name, label in area_fields(area).items():
        if key in (mapping_key(label), name) or key in (mapping_key(a) for a in AREA_HEADERS[area][name]):
            return name
    return None
