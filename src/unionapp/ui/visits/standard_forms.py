"""The forms of 走访类型与标准: a type (name, fund category, synonyms) and a standard
(from a date, with its source document: amount or range, caps, how often)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from unionapp.db.engine import Database
from unionapp.domain.dates import DateError, format_date, parse_date
from unionapp.domain.visits import MONEY_KIND_LABELS, REPEAT_LABELS, Standard
from unionapp.services import visits
from unionapp.services.ledger import CategoryRow
from unionapp.ui.widgets.categories import category_combo
from unionapp.ui.widgets.forms import FormDialog, money_text, read_money

SYNONYM_SEPARATORS = ("，", ",", "、", ";", "；", "|")


def split_synonyms(text: str) -> tuple[str, ...]:
    for sep in SYNONYM_SEPARATORS[1:]:
        text = text.replace(sep, SYNONYM_SEPARATORS[0])
    return tuple(dict.fromkeys(s.strip() for s in text.split(SYNONYM_SEPARATORS[0]) if s.strip()))


def _money(fen: int) -> str:
    return money_text(fen) if fen else ""  # blank for "none"


def _choices(labels: dict[str, str], current: str) -> QComboBox:
    box = QComboBox()
    for code, label in labels.items():
        box.addItem(label, code)
    box.setCurrentIndex(max(box.findData(current), 0))
    return box


class StandardFields:
    """The standard's fields inside a FormDialog, shown as the money kind needs them."""

    def __init__(self, dialog: FormDialog, start: Standard):
        self.dialog = dialog
        self.date_edit = dialog.add_field(
            "from", "执行日期 *", QLineEdit(format_date(start.effective_from), placeholderText="如 2025-07-01")
        )
        self.source = dialog.add_field(
            "source", "依据文件", QLineEdit(start.source_doc, maxLength=100, placeholderText="如 皖工发〔2025〕18号")
        )
        self.kind = dialog.add_field("kind", "慰问金方式", _choices(MONEY_KIND_LABELS, start.money_kind))
        self.amount = dialog.add_field("amount", "金额（元）", QLineEdit(_money(start.amount_fen)))
        self.maximum = dialog.add_field("max", "最高（元）", QLineEdit(_money(start.max_fen)))
        self.gift_cap = dialog.add_field("gift_cap", "慰问品价值上限（元）", QLineEdit(_money(start.gift_cap_fen)))
        self.yearly_cap = dialog.add_field("yearly_cap", "每人每年上限（元）", QLineEdit(_money(start.yearly_cap_fen)))
        self.repeat = dialog.add_field("repeat", "重复规则", _choices(REPEAT_LABELS, start.repeat))
        dialog.note("金额填 0 表示不限。新标准从执行日期起适用，此前的走访仍按旧标准检查。")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        form = self.dialog.form
        form.setRowVisible(self.amount, kind in ("fixed", "range"))
        form.setRowVisible(self.maximum, kind == "range")
        form.labelForField(self.amount).setText("最低（元）" if kind == "range" else "金额（元）")

    def read(self, problems: dict[str, str]) -> Standard | None:
        try:
            day = parse_date(self.date_edit.text())
        except DateError as exc:
            problems["from"], day = str(exc), None
        if day is None and "from" not in problems:
            problems["from"] = "请填写执行日期，如 2025-07-01"
        kind = self.kind.currentData()
        values = {}
        for key, edit, field in (
            ("amount", self.amount, "金额"),
            ("max", self.maximum, "最高金额"),
            ("gift_cap", self.gift_cap, "慰问品价值上限"),
            ("yearly_cap", self.yearly_cap, "每年上限"),
        ):
            hidden = (key == "amount" and kind not in ("fixed", "range")) or (key == "max" and kind != "range")
            values[key] = 0 if hidden else read_money(edit.text() or "0", problems, key, field, positive=False)
        if kind in ("fixed", "range") and not problems.get("amount") and not values["amount"]:
            problems["amount"] = "请填写慰问金金额"
        if kind == "range" and not problems and values["max"] < values["amount"]:
            problems["max"] = "最高金额不能低于最低金额"
        if problems:
            return None
        return Standard(
            kind,
            values["amount"],
            values["max"],
            values["gift_cap"],
            values["yearly_cap"],
            self.repeat.currentData(),
            day,
            self.source.text().strip(),
        )


class StandardDialog(FormDialog):
    """新增标准: a type's new standard from a date on."""

    def __init__(self, parent: QWidget | None, db: Database, type_id: int, type_name: str, current: Standard):
        super().__init__(parent, f"新增标准：{type_name}")
        self.db, self.type_id = db, type_id
        self.note(f"现行标准：{current.describe()}")
        self.fields_ = StandardFields(
            self,
            Standard(
                current.money_kind,
                current.amount_fen,
                current.max_fen,
                current.gift_cap_fen,
                current.yearly_cap_fen,
                current.repeat,
                date.today(),
                "",
            ),
        )
        self.finish_layout()

    def read(self, problems: dict[str, str]) -> Standard | None:
        return self.fields_.read(problems)

    def commit(self, standard: Standard) -> bool:
        visits.add_standard(self.db, self.type_id, standard)
        return True


class TypeDialog(FormDialog):
    """新增类型 (with its first standard) or 修改类型 (name, category, synonyms)."""

    def __init__(
        self, parent: QWidget | None, db: Database, categories: list[CategoryRow], row: visits.TypeRow | None = None
    ):
        super().__init__(parent, "修改走访类型" if row else "新增走访类型")
        self.db, self.row = db, row
        self.saved_id: int | None = None
        self.name = self.add_field("name", "类型名称 *", QLineEdit(row.name if row else "", maxLength=50))
        self.category = self.add_field(
            "category", "经费科目 *", category_combo([c for c in categories if c.direction == "expense"])
        )
        if row is not None and row.category_id is not None:
            self.category.setCurrentIndex(max(self.category.findData(row.category_id), 0))
        self.synonyms = self.add_field(
            "synonyms",
            "同义词",
            QLineEdit("、".join(row.synonyms) if row else "", placeholderText="导入时认得的其他叫法，用顿号分隔"),
        )
        self.standard = None if row else StandardFields(self, Standard("fixed", 0, effective_from=date(2000, 1, 1)))
        self.finish_layout()

    def read(self, problems: dict[str, str]):
        name = self.name.text().strip()
        if not name:
            problems["name"] = "请填写类型名称"
        category_id = self.category.currentData()
        if category_id is None:
            problems["category"] = "请选择慰问金记账的经费科目"
        standard = self.standard.read(problems) if self.standard else None
        if problems:
            return None
        return name, category_id, split_synonyms(self.synonyms.text()), standard

    def commit(self, value) -> bool:
        name, category_id, synonyms, standard = value
        if self.row is None:
            self.saved_id = visits.add_type(self.db, name, standard, category_id, synonyms)
        else:
            visits.update_type(self.db, self.row.id, name, category_id, synonyms)
            self.saved_id = self.row.id
        return True
