"""会费 dialogs: the dues rule, posting a month (with a preview and exemptions), and the
employer's 2% allocation (拨缴经费)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QSize, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen, share_of
from unionapp.services import dues, members
from unionapp.services.dues import DuesRule
from unionapp.services.members import MemberRow
from unionapp.ui.widgets.forms import (
    NOTE_STYLE,
    PROBLEM_STYLE,
    FormDialog,
    money_text,
    read_date,
    read_money,
    read_percent,
    show_refusal,
)
from unionapp.ui.widgets.screen_fit import fit_window

MODES = {"fixed": "每人每月固定金额", "rate": "按月基本工资的比例"}


class DuesRuleDialog(FormDialog):
    """会费设置: a fixed amount or a per-mille rate on base pay, and the shares."""

    def __init__(self, parent: QWidget | None, db: Database, read_only: bool = False):
        super().__init__(parent, "会费设置")
        self.db = db
        self.rule = rule = dues.load_rule(db)
        mode = QComboBox()
        for code, label in MODES.items():
            mode.addItem(label, code)
        mode.setCurrentIndex(mode.findData(rule.mode))
        self.mode = self.add_field("mode", "收缴方式", mode)
        self.fixed = self.add_field("fixed", "每人每月（元）", QLineEdit(money_text(rule.fixed_fen)))
        self.rate = self.add_field("rate", "比例（‰）", QLineEdit(str(rule.rate_permille)))
        self.note("按比例时：月基本工资 × 比例，如 5‰ 即 0.5%（工会章程的标准）。")
        self.remit = self.add_field("remit", "上缴上级工会（%）", QLineEdit(str(rule.remit_percent)))
        self.retained = self.add_field(
            "retained", "拨缴经费本会留成（%）", QLineEdit(str(rule.allocation_retained_percent))
        )
        self.summary = self.note("")
        self.mode.currentIndexChanged.connect(self._follow_mode)
        self.finish_layout()
        self._follow_mode()
        self.save_button.setEnabled(not read_only)

    def _follow_mode(self) -> None:
        fixed = self.mode.currentData() == "fixed"
        self.fixed.setEnabled(fixed)
        self.rate.setEnabled(not fixed)

    def read(self, problems: dict[str, str]) -> DuesRule | None:
        fixed_mode = self.mode.currentData() == "fixed"
        # The field not in use keeps its value but is only checked when it applies.
        unused: dict[str, str] = {}
        fixed = read_money(
            self.fixed.text(), problems if fixed_mode else unused, "fixed", "每月会费", positive=fixed_mode
        )
        rate = read_percent(self.rate.text(), unused if fixed_mode else problems, "rate", "会费比例", high=100)
        if not fixed_mode and rate is not None and rate <= 0:
            problems["rate"] = "会费比例必须大于 0"
        remit = read_percent(self.remit.text(), problems, "remit", "上缴比例")
        retained = read_percent(self.retained.text(), problems, "retained", "留成比例")
        if problems:
            return None
        return DuesRule(
            self.mode.currentData(),
            self.rule.fixed_fen if fixed is None else fixed,
            self.rule.rate_permille if rate is None else rate,
            remit,
            retained,
        )

    def on_validated(self, problems: dict[str, str]) -> None:
        rule = None if problems else self.read({})
        self.summary.setText(f"即：{rule.describe()}。" if rule else "")

    def commit(self, rule: DuesRule) -> bool:
        dues.save_rule(self.db, rule)
        return True


def paying_members(db: Database, payers: list[tuple[int, str, int | None]]) -> list[MemberRow]:
    """Who owes dues (`payers`, as dues.payers read them), as member rows the search box can match."""
    ids = {member_id for member_id, _name, _pay in payers}
    return [m for m in members.list_members(db) if m.id in ids]


class _SearchProxy(QSortFilterProxyModel):
    """Filters the checklist with the members search (name, pinyin, initials)."""

    def __init__(self, rows: list[MemberRow], parent=None):
        super().__init__(parent)
        self.rows = rows
        self.query = ""

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self.query = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, _parent: QModelIndex) -> bool:
        return members.text_matches(self.rows[source_row], self.query)


class DuesPostDialog(QDialog):
    """记会费: a month's preview (count, total, remittance) and exemptions, then posting."""

    def __init__(
        self, parent: QWidget | None, db: Database, year: int, months: list[int], month: int, handler: str = ""
    ):
        super().__init__(parent)
        self.setWindowTitle(f"记 {year} 年会费")
        fit_window(self, QSize(520, 600))
        self.db, self.year, self.handler = db, year, handler
        self.rule = dues.load_rule(db)
        self._owing = dues.payers(db)  # read once: each ticked box is previewed from it
        self.payers = paying_members(db, self._owing)
        self.month = QComboBox()
        for m in months:
            self.month.addItem(f"{m} 月", m)
        self.month.setCurrentIndex(max(self.month.findData(month), 0))
        self.search = QLineEdit(placeholderText="查找会员：姓名、拼音或首字母")
        self.search.setClearButtonEnabled(True)
        self.exempt_model = self._checklist()
        self.proxy = _SearchProxy(self.payers, self)
        self.proxy.setSourceModel(self.exempt_model)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.preview = QLabel(wordWrap=True)
        self.missing = QLabel(wordWrap=True)
        self.missing.setStyleSheet(PROBLEM_STYLE)
        self.problems = QLabel(wordWrap=True)
        self.problems.setStyleSheet(PROBLEM_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.post_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.post_button.setText("记账")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self._layout()
        # A burst of ticks (or a select-all) is previewed once, after the events settle.
        self._debounce = QTimer(self, singleShot=True, interval=0)
        self._debounce.timeout.connect(self.update_preview)
        self.exempt_model.itemChanged.connect(self._debounce.start)
        self.month.currentIndexChanged.connect(self.update_preview)
        self.search.textChanged.connect(self.proxy.set_query)
        self.buttons.accepted.connect(self._post)
        self.buttons.rejected.connect(self.reject)
        self.update_preview()

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        rule = QLabel(
            f"会费标准：{self.rule.describe()}。在职的工会会员缴纳；退休会员保留会籍，不缴会费。", wordWrap=True
        )
        rule.setStyleSheet(NOTE_STYLE)
        layout.addWidget(rule)
        layout.addWidget(QLabel("月份："))
        layout.addWidget(self.month)
        layout.addWidget(QLabel(f"本月免缴（勾选；共 {len(self.payers)} 位应缴会员）："))
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        for widget in (self.preview, self.missing, self.problems, self.buttons):
            layout.addWidget(widget)

    def _checklist(self) -> QStandardItemModel:
        model = QStandardItemModel(self)
        for m in self.payers:
            pay = (
                ""
                if self.rule.mode == "fixed"
                else (
                    f"（月基本工资 {format_fen(m.base_pay_fen)} 元）"
                    if m.base_pay_fen is not None
                    else "（未填月基本工资）"
                )
            )
            item = QStandardItem(f"{m.name}　{m.group_name}{pay}")
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(m.id, Qt.ItemDataRole.UserRole)
            model.appendRow(item)
        return model

    def exempt_ids(self) -> set[int]:
        model = self.exempt_model
        return {
            model.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(model.rowCount())
            if model.item(r).checkState() == Qt.CheckState.Checked
        }

    def set_exempt(self, member_id: int, exempt: bool = True) -> None:
        for r in range(self.exempt_model.rowCount()):
            item = self.exempt_model.item(r)
            if item.data(Qt.ItemDataRole.UserRole) == member_id:
                item.setCheckState(Qt.CheckState.Checked if exempt else Qt.CheckState.Unchecked)

    def update_preview(self) -> None:
        self._debounce.stop()
        month = self.month.currentData()
        if month is None:
            return
        preview = dues.preview_from(self.rule, self._owing, self.year, month, self.exempt_ids())
        remit = share_of(preview.total_fen, self.rule.remit_percent)
        self.preview.setText(
            f"{self.year} 年 {month} 月：应缴 {len(preview.items)} 人，免缴 {preview.exempt} 人；"
            f"会费合计 {format_fen(preview.total_fen)} 元，上缴上级工会 {format_fen(remit)} 元"
            f"（{self.rule.remit_percent}%），本会留存 {format_fen(preview.total_fen - remit)} 元。"
        )
        names = [name for _id, name in preview.missing_base_pay]
        self.missing.setText(
            ""
            if not names
            else (
                f"{len(names)} 位会员没有填写月基本工资，无法按比例计算：{'、'.join(names[:10])}"
                f"{'等' if len(names) > 10 else ''}。请在“会员”页编辑其资料补填，或在上面勾选为本月免缴。"
            )
        )
        self.last_preview = preview

    def _post(self) -> None:
        try:
            self.posting_id = dues.post_dues(
                self.db, self.year, self.month.currentData(), self.exempt_ids(), handler=self.handler
            )
        except Exception as exc:  # noqa: BLE001 - a refusal is shown here; the dialog stays open
            show_refusal(self.problems, exc)
            return
        self.accept()


def current_quarter(today: date) -> str:
    return f"{today.year}年第{(today.month - 1) // 3 + 1}季度"


class AllocationDialog(FormDialog):
    """拨缴经费: 2% of the payroll; the union keeps its share as income."""

    def __init__(self, parent: QWidget | None, db: Database, entry_date: date, handler: str = ""):
        super().__init__(parent, "拨缴经费")
        self.db, self.handler = db, handler
        self.retained_percent = dues.load_rule(db).allocation_retained_percent
        self.date_edit = self.add_field("date", "到账日期 *", QLineEdit(format_date(entry_date)))
        self.period = self.add_field("period", "所属期间 *", QLineEdit(current_quarter(entry_date), maxLength=40))
        self.payroll = self.add_field("payroll", "工资总额（元）*", QLineEdit(placeholderText="本期全部职工工资总额"))
        self.figures = self.note("")
        self.finish_layout()

    def read(self, problems: dict[str, str]):
        entry_date = read_date(self.date_edit.text(), problems, "date", "到账日期", no_future=True)
        if not self.period.text().strip():
            problems["period"] = "请填写所属期间，如 2026年第1季度"
        payroll = read_money(self.payroll.text(), problems, "payroll", "工资总额")
        return None if problems else (entry_date, self.period.text().strip(), payroll)

    def on_validated(self, problems: dict[str, str]) -> None:
        payroll = read_money(self.payroll.text(), {}, "payroll")
        if payroll is None:
            self.figures.setText(f"拨缴经费为工资总额的 2%，本会留成 {self.retained_percent}%。")
            return
        allocation, retained = dues.allocation_amounts(payroll, self.retained_percent)
        self.figures.setText(
            f"拨缴经费（2%）：{format_fen(allocation)} 元\n"
            f"本会留成（{self.retained_percent}%）：{format_fen(retained)} 元，记入拨缴经费收入\n"
            f"上解上级：{format_fen(allocation - retained)} 元"
        )
        self.amounts = (allocation, retained)

    def commit(self, value) -> bool:
        entry_date, period, payroll = value
        self.saved_id = dues.post_allocation(self.db, entry_date, payroll, period, handler=self.handler)
        self.saved_date = entry_date
        return True
