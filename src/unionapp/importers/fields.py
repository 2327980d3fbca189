"""The fields each importer reads, by area: what a file's column or value may be mapped to;
the command line's --map/--map-value read into an ImportMappings.

Used by the import window's column drop-downs, the remembered-mappings dialog, the
command line's --map/--map-value and the templates. A field's label is the header the
template writes and the name the user picks from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from unionapp.domain.import_mapping import AREA_LABELS, IGNORE, ImportMappings, mapping_key
from unionapp.domain.nearest import nearest
from unionapp.domain.text import shown
from unionapp.importers.errors import map_column_option
from unionapp.importers.headers import (
    ACTIVITY_HEADERS,
    CHECKUP_HEADERS,
    DELEGATE_HEADERS,
    HANDOUT_HEADERS,
    HARDSHIP_HEADERS,
    LEDGER_HEADERS,
    MEMBER_HEADERS,
    PROPOSAL_HEADERS,
    VISIT_HEADERS,
)
from unionapp.importers.mapping import MappedPlan, MappingError

AREA_HEADERS: dict[str, Mapping[str, tuple[str, ...]]] = {
    "members": MEMBER_HEADERS,
    "ledger": LEDGER_HEADERS,
    "visits": VISIT_HEADERS,
    "checkups": CHECKUP_HEADERS,
    "handouts": HANDOUT_HEADERS,
    "activity": ACTIVITY_HEADERS,
    "delegates": DELEGATE_HEADERS,
    "proposals": PROPOSAL_HEADERS,
    "hardship": HARDSHIP_HEADERS,
}
IGNORE_WORDS = ("忽略", "不导入", "ignore")
# Where the first header name is not the clearest name to pick from.
_LABELS = {
    ("members", "department"): "部门/岗位",
    ("visits", "type"): "走访类型",
    ("visits", "status"): "走访状态",
    ("visits", "group"): "工会小组",
    ("checkups", "status"): "是否体检",
    ("handouts", "kind"): "发放类型",
    ("activity", "attended"): "是否参加",
    ("delegates", "group"): "工会小组",
    ("proposals", "status"): "审查结果",
    ("hardship", "group"): "工会小组",
}
# Fields whose values must name something known (a category, a type, a state); their
# unknown values are offered for mapping. A group's unknown value is a new group.
CODED_FIELDS = {
    "members": ("group_name", "status"),
    "ledger": ("category",),
    "visits": ("type", "status"),
    "checkups": ("status",),
    "handouts": ("kind",),
    "activity": ("attended",),
    "delegates": ("constituency", "category"),
    "proposals": ("category", "status", "feedback"),
    "hardship": ("level", "causes"),
}


def area_fields(area: str) -> dict[str, str]:
    """field name → Chinese label, in the order of the area's table."""
    return {name: _LABELS.get((area, name), aliases[0]) for name, aliases in AREA_HEADERS[area].items()}


def field_by_label(area: str, text: str) -> str | None:
    """The field a user's word names: its label or its own name, else the field whose header
    names rank it highest ("部门" is the department's second name, the group's third)."""
    key = mapping_key(text)
    for name, label in area_fields(area).items():
        if key in (mapping_key(label), name):
            return name
    ranks = [
        (names.index(alias), order, name)
        for order, (name, names) in enumerate(AREA_HEADERS[area].items())
        for alias in names
        if mapping_key(alias) == key
    ]
    return min(ranks)[2] if ranks else None


def parse_cli_mappings(area: str, columns: Sequence[str], values: Sequence[str]) -> ImportMappings:
    """`--map "所在工会小组=工会小组"` and `--map-value "科目:送温暖慰问=送温暖费"` as mappings.
    Raises MappingError naming the problem and what may be written."""
    mapping = ImportMappings()
    claimed: dict[str, str] = {}  # field → the header mapped to it
    for spec in columns:
        header, target = _split(spec, "=", "--map", "表头=字段")
        name = IGNORE if target.lower() in IGNORE_WORDS else _field(area, target, "--map")
        if name and name in claimed and mapping_key(claimed[name]) != mapping_key(header):
            raise MappingError(
                f"--map 把“{shown(claimed[name])}”和“{shown(header)}”两列都对应到“{area_fields(area)[name]}”，"
                "一个字段只能来自一列，请去掉其中一个"
            )
        claimed[name] = header
        mapping.set_column(header, name)
    for spec in values:
        head, target = _split(spec.replace("：", ":", 1), "=", "--map-value", "字段:值=对应值")
        label, _, text = head.partition(":")
        if not text.strip():
            raise MappingError(
                f"--map-value “{shown(spec)}”的写法有误，应写成“字段:文件中的值=对应值”，如“科目:送温暖慰问=送温暖费”"
            )
        name = _field(area, label, "--map-value")
        if name not in CODED_FIELDS[area]:
            coded = "、".join(area_fields(area)[f] for f in CODED_FIELDS[area])
            raise MappingError(
                f"--map-value 的字段“{shown(label)}”没有固定的取值，{AREA_LABELS[area]}可以对应取值的字段：{coded}"
            )
        mapping.set_value(name, text.strip(), target)
    return mapping


def _split(spec: str, sep: str, option: str, form: str) -> tuple[str, str]:
    # At the last "=": the right side is one of our own field or value names, the left is
    # the file's own text, which may hold "=" itself ("A=B" as a header or a coded value).
    left, found, right = spec.rpartition(sep)
    if not found or not left.strip() or not right.strip():
        raise MappingError(f"{option} “{shown(spec)}”的写法有误，应写成“{form}”")
    return left.strip(), right.strip()


def _field(area: str, text: str, option: str) -> str:
    name = field_by_label(area, text)
    if name is None:
        names = "、".join(area_fields(area).values())
        raise MappingError(
            f"{option} 中的“{shown(text)}”不是{AREA_LABELS[area]}的字段，可用的字段：{names}（或“忽略”）"
        )
    return name


def ignored_line(plan: MappedPlan) -> str:
    """The columns not read, and how to read one; "" when every column is read."""
    ignored = [header for header, target in plan.column_choices if target == IGNORE]
    if not ignored:
        return ""
    names = "、".join(f"“{shown(h, 30)}”" for h in ignored[:20]) + (
        f"等 {len(ignored)} 列" if len(ignored) > 20 else ""
    )
    free = [label for name, label in area_fields(plan.area).items() if name not in getattr(plan, "columns", {})]
    example = (nearest(ignored[0], free) or free or ["备注"])[0]
    option = map_column_option(ignored[0], example)
    return f'未导入的列：{names}。如其中有要导入的内容，请加上 --map "列名=字段"（如 {option}）'


def unknown_lines(plan: MappedPlan) -> list[str]:
    """One line per value no known value matched, with the rows and the option to add."""
    return [group.line(plan.value_choices.get(group.field, ())) for group in plan.unknown_values()]
