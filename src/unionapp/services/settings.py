"""Union-wide settings: the union's name, the chair, the school's province; and the operator's name, which is
kept per computer (officers sharing a database each have their own)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from unionapp import config
from unionapp.db.engine import Database
from unionapp.db.models import Setting
from unionapp.domain.text import clean_text
from unionapp.services import audit

# the operator column is 50 wide; a province name is at most 8 characters (新疆维吾尔自治区)
TEXT_LIMITS = {"union_name": 100, "chair_name": 50, "operator": 50, "school_province": 20}


@dataclass(frozen=True)
class UnionSettings:
    union_name: str = ""
    chair_name: str = ""
    operator: str = ""
    demo_offered: str = ""  # "1" once the first-run dialog has been answered
    school_province: str = ""  # 学校所在省份: who is from out of province (""：not set)


def load(db: Database) -> UnionSettings:
    with db.session() as s:
        values = {row.key: row.value for row in s.query(Setting)}
        values["operator"] = audit.operator_name(s)
    return UnionSettings(**{k: values.get(k, "") for k in UnionSettings.__dataclass_fields__})


def _cleaned(new: UnionSettings) -> UnionSettings:
    """The typed names under the one text rule (TextError names the field that can't be stored)."""
    return replace(
        new,
        **{
            key: clean_text(getattr(new, key), audit.field_label("settings", key), limit)
            for key, limit in TEXT_LIMITS.items()
        },
    )


def save(db: Database, new: UnionSettings) -> None:
    new = _cleaned(new)
    old = load(db)
    if old == new:
        return
    if new.operator != old.operator:  # the one who sets their name makes this change already
        config.write_local_setting(audit.OPERATOR_KEY, new.operator)
    with db.session() as s:
        for key, value in asdict(new).items():
            if key == "operator":
                continue  # per computer, in the local settings
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
        changed = {k for k, v in asdict(new).items() if asdict(old)[k] != v}
        _record(s, changed, asdict(old), asdict(new))


def _record(session, changed: set[str], before: dict, after: dict) -> None:
    """One entry for what the union chose, another for the app's own flags (housekeeping,
    hidden in the log unless 显示系统记录 is ticked), so neither hides the other."""
    internal = changed & audit.SYSTEM_SETTING_KEYS
    for keys in (changed - internal, internal):
        if keys:
            audit.record(
                session,
                "settings",
                "settings",
                None,
                _changed_text(keys),
                before={k: before[k] for k in keys},
                after={k: after[k] for k in keys},
            )


def _changed_text(keys: set[str]) -> str:
    """ "修改设置：工会名称、操作人" (the keys in Chinese, in a stable order)."""
    return "修改设置：" + "、".join(audit.field_label("settings", k) for k in sorted(keys))


def is_configured(db: Database) -> bool:
    return bool(load(db).union_name)


def get_values(db: Database, defaults: dict[str, str]) -> dict[str, str]:
    """Other settings (dues rules, shares) by key, with their defaults."""
    with db.session() as s:
        stored = {row.key: row.value for row in s.query(Setting).filter(Setting.key.in_(list(defaults)))}
    return {key: stored.get(key, default) for key, default in defaults.items()}


def set_values(db: Database, values: dict[str, str], defaults: dict[str, str] | None = None) -> None:
    """Store settings; `defaults` are the values in force while a key was never stored."""
    with db.session() as s:
        before = {}
        for key, value in values.items():
            row = s.get(Setting, key)
            before[key] = row.value if row else (defaults or {}).get(key)
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
        _record(s, {k for k, v in values.items() if before[k] != v}, before, values)
