"""新建体检 / 修改体检: one form for a campaign, checked as the user types. Choosing who is
eligible suggests the name ("2026年女教职工体检（两癌筛查）") and shows how many people the
list will hold and what it may cost, so a campaign is set up in a minute."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from unionapp.db.engine import Database
from unionapp.domain.checkups import ELIGIBILITY_LABELS, PAYER_LABELS
from unionapp.domain.dates import DateError, format_date, parse_date
from unionapp.domain.money import format_fen
from unionapp.services import checkups
from unionapp.services.checkups import CampaignInput, CampaignRow
from unionapp.services.groups import GroupRow
from unionapp.services.ledger import CategoryRow
from unionapp.services.members import MemberRow
from unionapp.ui.widgets.forms import FormDialog, money_text, read_date, read_money

DATE_HINT = "如 2026-10-15"
COST_MODES = {"per_person": "每人费用（按实际体检人数计）", "invoice": "发票总额（一次性）"}
PAYER_NOTE = (
    "只有“工会经费”支付的体检费会记入工会收支明细账：按已体检人数自动记账，人数变化时自动冲销重记。"
    "“学校行政”支付的只在这里记下费用，不进工会账。"
)
WOMEN_DEFAULT_DAYS = ((10, 1), (12, 31))  # the women's checkup runs October to December


@dataclass(frozen=True)
class FormChoices:
    """What the form offers, read by the tab before it opens the dialog."""

    members: list[MemberRow]
    groups: list[GroupRow]
    categories: list[CategoryRow]  # expense leaves the union's cost may go on
    default_category_id: int | None


def suggested_name(year: int, eligibility: str, group_name: str = "") -> str:
    return {
        "all_active": f"{year}年教职工体检",
        "women": f"{year}年女教职工体检（两癌筛查）",
        "retirees": f"{year}年退休教职工体检",
        "group": f"{year}年{group_name}体检" if group_name else "",
    }.get(eligibility, "")


def eligible_count(members: list[MemberRow], eligibility: str, group_id: int | None) -> int:
    """How many the service will list now (services.checkups._eligible_ids, counted here)."""
    if eligibility == "retirees":
        return sum(m.status == "retired" for m in members)
    active = [m for m in members if m.status == "active"]
    if eligibility == "women":
        return sum(m.gender == "F" for m in active)
    if eligibility == "group":
        return sum(m.group_id == group_id for m in active) if group_id is not None else 0
    return len(active) if eligibility == "all_active" else 0


def _combo(items: dict) -> QComboBox:
    box = QComboBox()
    for value, label in items.items():
        box.addItem(label, value)
    return box


class CampaignDialog(FormDialog):
    """New (`row` None) or edit. `saved_id` is the campaign written."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        choices: FormChoices,
        year: int,
        row: CampaignRow | None = None,
        today: date | None = None,
    ):
        super().__init__(parent, f"修改体检：{row.name}" if row else "新建体检")
        self.db, self.row, self.choices = db, row, choices
        self.today = today or date.today()
        self.saved_id: int | None = None
        self._name_typed = row is not None  # an edited campaign keeps its name
        self._build_fields()
        self._connect()
        if row is not None:
            self._fill(row)
        else:
            self._defaults(year)
        self.finish_layout()

    # ------------------------------------------------------------ building
    def _build_fields(self) -> None:
        self.name = self.add_field("name", "体检名称 *", QLineEdit(maxLength=100))
        year = self.today.year
        self.name.setCompleter(
            QCompleter([suggested_name(y, e) for y in (year, year + 1) for e in ("all_active", "women")], self.name)
        )
        self.eligibility = self.add_field("eligibility", "参加范围 *", _combo(ELIGIBILITY_LABELS))
        self.group = self.add_field(
            "group", "工会小组", _combo({None: "（请选择工会小组）", **{g.id: g.name for g in self.choices.groups}})
        )
        self.hospital = self.add_field(
            "hospital", "体检医院", QLineEdit(maxLength=100, placeholderText="如 区人民医院体检中心")
        )
        self.package = self.add_field(
            "package", "套餐", QLineEdit(maxLength=100, placeholderText="如 女职工套餐（含两癌筛查）")
        )
        self.date_from = self.add_field("date_from", "开始日期 *", QLineEdit(placeholderText=DATE_HINT))
        self.date_to = self.add_field("date_to", "结束日期 *", QLineEdit(placeholderText=DATE_HINT))
        self.cost_mode = self.add_field("cost_mode", "计费方式", _combo(COST_MODES))
        self.amount = self.add_field("amount", "金额（元）", QLineEdit(placeholderText="如 380；暂不清楚可空着"))
        self.estimate = self.note("")
        self.payer = self.add_field("payer", "付费方 *", _combo(PAYER_LABELS))
        self.note(PAYER_NOTE)  # beside the choice it explains
        self.category = self.add_field(
            "category", "经费科目", _combo({c.id: c.full_name for c in self.choices.categories})
        )
        self.notes = self.add_field("notes", "备注", QLineEdit(maxLength=200))

    def _connect(self) -> None:
        self.name.textEdited.connect(lambda *_a: setattr(self, "_name_typed", bool(self.name.text().strip())))
        for box in (self.eligibility, self.group):
            box.currentIndexChanged.connect(self._scope_changed)
        self.date_from.textEdited.connect(lambda *_a: self._suggest_name())
        self.payer.currentIndexChanged.connect(self._payer_changed)

    def _defaults(self, year: int) -> None:
        if year == self.today.year:
            self.date_from.setText(format_date(self.today))
            self.date_to.setText(format_date(min(self.today + timedelta(days=30), date(year, 12, 31))))
        self._select(self.category, self.choices.default_category_id)
        self._scope_changed()

    def _fill(self, row: CampaignRow) -> None:
        self.name.setText(row.name)
        self._select(self.eligibility, row.eligibility)
        self._select(self.group, row.group_id)
        self.hospital.setText(row.hospital)
        self.package.setText(row.package)
        self.date_from.setText(format_date(row.date_from))
        self.date_to.setText(format_date(row.date_to))
        invoice = row.invoice_total_fen is not None
        self._select(self.cost_mode, "invoice" if invoice else "per_person")
        self.amount.setText(money_text(row.invoice_total_fen if invoice else row.cost_per_person_fen))
        self._select(self.payer, row.payer)
        self._select(self.category, row.category_id or self.choices.default_category_id)
        self.notes.setText(row.notes)
        if row.eligible:  # the service keeps a listed campaign's scope; the list is edited instead
            self.eligibility.setEnabled(False)
            self.group.setEnabled(False)
            self.eligibility.setToolTip("已有名单的体检不能更改参加范围；请用“添加人员/移出名单”调整名单。")
        self._scope_changed()

    @staticmethod
    def _select(box: QComboBox, value) -> None:
        box.setCurrentIndex(max(box.findData(value), 0))

    def prefill_women(self) -> None:
        """The reminder's shortcut: this year's women's checkup, October to December."""
        (m1, d1), (m2, d2) = WOMEN_DEFAULT_DAYS
        year = self.today.year
        self._select(self.eligibility, "women")
        self.date_from.setText(format_date(date(year, m1, d1)))
        self.date_to.setText(format_date(date(year, m2, d2)))
        self._name_typed = False
        self._scope_changed()

    # ------------------------------------------------------------ live behaviour
    def _scope_changed(self) -> None:
        self.group.setEnabled(self.eligibility.isEnabled() and self.eligibility.currentData() == "group")
        self._suggest_name()

    def _suggest_name(self) -> None:
        if self._name_typed:
            return
        start = self._start_year()
        group = self.group.currentText() if self.group.currentData() is not None else ""
        self.name.setText(suggested_name(start, self.eligibility.currentData(), group))
        self.validate()

    def _start_year(self) -> int:
        try:
            start = parse_date(self.date_from.text())
        except DateError:
            start = None
        return start.year if start else self.today.year

    def _payer_changed(self) -> None:
        self.category.setEnabled(self.payer.currentData() == "union")

    def on_validated(self, problems: dict[str, str]) -> None:
        eligibility, group_id = self.eligibility.currentData(), self.group.currentData()
        if self.row is not None:
            count, what = self.row.eligible, f"名单现有 {self.row.eligible} 人"
        elif eligibility == "manual":
            count, what = 0, "手工选择：保存后用“添加人员”挑选参加的人"
        else:
            count = eligible_count(self.choices.members, eligibility, group_id)
            what = f"按现在的会员名单将列入 {count} 人"
        cost = self._cost_estimate(count, problems)
        self.estimate.setText(what + (f"；{cost}" if cost else "") + "。")

    def _cost_estimate(self, count: int, problems: dict[str, str]) -> str:
        if "amount" in problems or not self.amount.text().strip():
            return ""
        fen = read_money(self.amount.text(), {}, "amount", positive=False) or 0
        if self.cost_mode.currentData() == "invoice":
            return f"费用 {format_fen(fen)} 元"
        return f"如全部参加，费用约 {format_fen(fen * count)} 元（{count} 人 × {format_fen(fen)} 元）"

    # ------------------------------------------------------------ reading and saving
    def read(self, problems: dict[str, str]) -> CampaignInput | None:
        name = self.name.text().strip()
        if not name:
            problems["name"] = "请填写体检名称，如“2026年教职工体检”"
        eligibility, group_id = self.eligibility.currentData(), self.group.currentData()
        if eligibility == "group" and group_id is None:
            problems["group"] = "请选择参加体检的工会小组"
        start = read_date(self.date_from.text(), problems, "date_from", "开始日期", hint=DATE_HINT)
        end = read_date(self.date_to.text(), problems, "date_to", "结束日期", hint=DATE_HINT)
        if start and end and end < start:
            problems["date_to"] = "结束日期不能早于开始日期"
        per_person, invoice = self._read_cost(problems)
        payer = self.payer.currentData()
        category_id = self.category.currentData() if payer == "union" else None
        if payer == "union" and category_id is None:
            problems["category"] = "请选择记账的经费科目"
        if problems:
            return None
        return CampaignInput(
            start.year,
            name,
            eligibility,
            start,
            end,
            self.hospital.text(),
            self.package.text(),
            per_person,
            invoice,
            payer,
            group_id if eligibility == "group" else None,
            category_id,
            self.notes.text(),
        )

    def _read_cost(self, problems: dict[str, str]) -> tuple[int, int | None]:
        """(cost per person, invoice total): an invoice keeps the per-person figure already stored."""
        kept = self.row.cost_per_person_fen if self.row else 0
        text = self.amount.text()
        if self.cost_mode.currentData() == "invoice":
            if not text.strip():
                problems["amount"] = "请填写发票总额（元）"
                return kept, None
            return kept, read_money(text, problems, "amount", "发票总额", positive=False)
        if not text.strip():
            return 0, None
        return read_money(text, problems, "amount", "每人费用", positive=False) or 0, None

    def commit(self, value: CampaignInput) -> bool:
        if self.row is None:
            self.saved_id = checkups.create_campaign(self.db, value)
        else:
            checkups.update_campaign(self.db, self.row.id, value, expected_version=self.row.version)
            self.saved_id = self.row.id
        return True
