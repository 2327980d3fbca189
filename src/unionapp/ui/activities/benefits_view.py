"""The 福利明细 page of 活动与发放: what each member received in a year — 五必访 money and
gifts, handouts, activity prizes — per member with a search box, the selected member's
lines, and the year's summary by kind and by group beside them; printed as the
福利发放汇总表. The year's lines are read once on a worker (services.benefits) and every
figure shown is added up from them in memory: the search never waits for the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.services import activities, benefits, handouts, members
from unionapp.services.benefits import BenefitRow, SummaryLine
from unionapp.ui.activities.columns import Column, SearchedRowsModel
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.column_fit import restore_header, save_header
from unionapp.ui.widgets.common import PlainTableModel, list_table, selected_record
from unionapp.ui.widgets.row_model import record_table
from unionapp.ui.widgets.tasks import LatestReads

REPORTS = {
    "benefits": ("福利发放汇总表（本年度）", "福利发放汇总表"),
    "benefit-details": ("福利发放明细（所选会员，未选则全部）", "福利发放明细"),
}
SUMMARY_HEADERS = ["项目", "人数", "现金（元）", "实物（元）", "合计（元）"]
LINE_HEADERS = ["日期", "来源", "类别", "内容", "现金（元）", "实物（元）"]
TITLE_STYLE = "font-weight: bold;"


def today() -> date:
    return date.today()


@dataclass(frozen=True)
class Person:
    """One member's year, added up from their lines."""

    id: int  # the member's id
    name: str
    group_name: str
    visit_fen: int
    handout_fen: int
    prize_fen: int
    money_fen: int
    goods_fen: int

    @property
    def total_fen(self) -> int:
        return self.money_fen + self.goods_fen


@dataclass(frozen=True)
class YearData:
    year: int
    years: list[int]
    lines: list[BenefitRow]
    people: list[Person]
    by_kind: list[SummaryLine]
    by_group: list[SummaryLine]
    keys: dict[int, str]  # member id → search text (pinyin)


def people_of(lines: list[BenefitRow]) -> list[Person]:
    """Per member, in the lines' order (group, then name)."""
    rows: dict[int, dict] = {}
    for r in lines:
        p = rows.setdefault(r.member_id, {"name": r.name, "group": r.group_name, "visit": 0, "handout": 0, "prize": 0})
        p[r.source] += r.money_fen + r.goods_fen
        p["money"] = p.get("money", 0) + r.money_fen
        p["goods"] = p.get("goods", 0) + r.goods_fen
    return [
        Person(mid, p["name"], p["group"], p["visit"], p["handout"], p["prize"], p["money"], p["goods"])
        for mid, p in rows.items()
    ]


def load_year(db: Database, year: int, day: date) -> YearData:
    lines = benefits.benefits(db, year)
    by_kind, by_group = benefits.summarize(lines)
    known = set(activities.activity_years(db)) | set(handouts.handout_years(db)) | {year, day.year}
    years = list(range(max(known), min(known) - 1, -1))
    keys = {m.id: m.search_text for m in members.list_members(db)}
    return YearData(year, years, lines, people_of(lines), by_kind, by_group, keys)


def _fen(fen: int) -> str:
    return format_fen(fen, blank_zero=True)


PEOPLE_COLUMNS = [
    Column("姓名", lambda p: p.name, lambda p: p.id, 80),
    Column("工会小组", lambda p: p.group_name, lambda p: p.group_name, 110),
    Column("五必访", lambda p: _fen(p.visit_fen), lambda p: p.visit_fen, 80, True),
    Column("发放", lambda p: _fen(p.handout_fen), lambda p: p.handout_fen, 80, True),
    Column("活动奖品", lambda p: _fen(p.prize_fen), lambda p: p.prize_fen, 80, True),
    Column("其中现金", lambda p: _fen(p.money_fen), lambda p: p.money_fen, 80, True),
    Column("其中实物", lambda p: _fen(p.goods_fen), lambda p: p.goods_fen, 80, True),
    Column("合计（元）", lambda p: format_fen(p.total_fen), lambda p: p.total_fen, 90, True),
]


class PeopleModel(SearchedRowsModel):
    """Members filtered in memory by name, pinyin or initials, or group; the name column
    keeps the service's order (group, then name)."""

    columns = PEOPLE_COLUMNS

    def set_rows(self, rows: list[Person], keys: dict[int, str] | None = None) -> None:
        self.keys = keys or {}
        super().set_rows(rows)

    def matches(self, row: Person, query: str, needle: str) -> bool:
        return query in row.name or query in row.group_name or needle in self.keys.get(row.id, "")


def summary_rows(lines: list[SummaryLine]) -> list[list[str]]:
    return [[s.label, str(s.people), _fen(s.money_fen), _fen(s.goods_fen), format_fen(s.total_fen)] for s in lines]


def line_rows(lines: list[BenefitRow]) -> list[list[str]]:
    return [
        [format_date(r.day), r.source_label, r.kind_label, r.what, _fen(r.money_fen), _fen(r.goods_fen)] for r in lines
    ]


def _titled(title: QLabel, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    title.setStyleSheet(TITLE_STYLE)
    layout.addWidget(title)
    layout.addWidget(widget, 1)
    return box


class BenefitsPage(AreaTab):
    page_title = "福利明细"
    REPORTS = REPORTS
    shows_others_money = True  # the tab has it read again when a handout, prize or visit moves money
    command_labels = {
        "print": "打印福利发放汇总表…",
        "export_xlsx": "导出福利发放汇总表Excel…",
        "export_pdf": "导出福利发放汇总表PDF…",
    }

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.year = today().year
        self.data: YearData | None = None
        self.person: Person | None = None
        self.reads = LatestReads(self)
        self.year_box = QComboBox()
        self.year_box.setMinimumWidth(90)
        self.search = QLineEdit(placeholderText="搜索：姓名、拼音（zhangsan）、首字母（zs）或小组")
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=0)  # an input method's burst, one pass
        self._debounce.timeout.connect(self._filter)
        self.search.textChanged.connect(self._debounce.start)
        self.model = PeopleModel(self)
        self.table = record_table(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.lines_title = QLabel("所选会员的明细")
        self.lines_model = PlainTableModel(LINE_HEADERS, [], self, numeric=(4, 5))
        self.lines = list_table(self.lines_model, (90, 60, 80, 260, 80))
        self.kind_model = PlainTableModel(SUMMARY_HEADERS, [], self, numeric=(1, 2, 3, 4))
        self.group_model = PlainTableModel(SUMMARY_HEADERS, [], self, numeric=(1, 2, 3, 4))
        self.by_kind = list_table(self.kind_model, (130, 40, 80, 80))
        self.by_group = list_table(self.group_model, (130, 40, 80, 80))
        self.totals = QLabel()
        self.print_action = self.make_action("打印汇总表…", lambda: self.print_report("benefits"))
        self.detail_action = self.make_action("打印明细…", lambda: self.print_report("benefit-details"))
        self.needs_loaded_data(self.print_action, self.detail_action)
        self._layout()
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._person_chosen())
        self.year_box.activated.connect(lambda _i: self._year_chosen())
        self.reload()

    @property
    def loading(self) -> bool:
        """A year is being read: what is shown may be another year's, or out of date."""
        return self.data is None or bool(self.reads.pending)

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度："))
        bar.addWidget(self.year_box)
        bar.addWidget(self.search, 1)
        for action in (self.print_action, self.detail_action):
            button = QToolButton()
            button.setDefaultAction(action)
            bar.addWidget(button)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.table)
        left.addWidget(_titled(self.lines_title, self.lines))
        left.setSizes([330, 200])
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(_titled(QLabel("按类别汇总"), self.by_kind))
        right.addWidget(_titled(QLabel("按工会小组汇总"), self.by_group))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.totals)
        layout.addWidget(self.splitter, 1)

    # ------------------------------------------------------------ loading
    def reload(self) -> None:
        db, year = self.db, self.year
        self.set_loaded(False)
        self._progress = self.reads.run(
            "year", lambda: load_year(db, year, today()), self._show_year, "无法读取福利发放明细", "正在统计福利发放…"
        )

    def _show_year(self, data: YearData) -> None:
        keep = self.person.id if self.person else None
        self.data = data
        self.year_box.clear()
        for year in data.years:
            self.year_box.addItem(f"{year} 年", year)
        self.year_box.setCurrentIndex(max(self.year_box.findData(self.year), 0))
        self.model.set_rows(data.people, data.keys)
        self.model.set_filter(self.search.text())
        self.kind_model.set_rows(summary_rows(data.by_kind))
        self.group_model.set_rows(summary_rows(data.by_group))
        total = data.by_kind[-1]
        self.totals.setText(
            f"{data.year} 年共 {total.people} 人受惠，合计 {format_fen(total.total_fen)} 元"
            f"（现金 {format_fen(total.money_fen)} 元，实物 {format_fen(total.goods_fen)} 元）"
        )
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.table.selectRow(row)
        self._person_chosen()
        self.set_loaded(True)

    def _year_chosen(self) -> None:
        year = self.year_box.currentData()
        if year is not None and year != self.year:
            self.year, self.person = year, None
            self.reload()

    def _filter(self) -> None:
        self.model.set_filter(self.search.text())
        self._person_chosen()

    def _person_chosen(self) -> None:
        self.person = selected_record(self.table, self.model)
        p = self.person
        lines = [r for r in self.data.lines if r.member_id == p.id] if p and self.data else []
        self.lines_model.set_rows(line_rows(lines))
        self.lines_title.setText(
            f"{p.name}（{p.group_name}）的明细：{len(lines)} 笔，合计 {format_fen(p.total_fen)} 元"
            if p
            else "所选会员的明细（在上表中选择一位会员）"
        )
        self.status_changed.emit()

    # ------------------------------------------------------------ the window's protocol
    def menu_actions(self) -> list[QAction | None]:
        return [self.print_action, self.detail_action]

    def status_text(self) -> str:
        if self.data is None:
            return "正在统计福利发放…"
        shown, total = self.model.rowCount(), self.model.total_count
        return f"{self.year} 年福利发放：共 {total} 人" + (f"，显示 {shown} 人" if shown != total else "")

    def command_enabled(self, command: str) -> bool:
        ready = self.data is not None
        return {"new": False, "edit": False, "delete": False}.get(command, ready)

    def refresh(self) -> None:
        self.reload()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def current_report(self) -> str | None:
        return "benefits" if self.data is not None else None

    def report_ready(self) -> bool:
        return self.data is not None

    def report_file_stem(self, key: str) -> str:
        who = f"_{self.person.name}" if key == "benefit-details" and self.person else ""
        return f"{self.year}年{REPORTS[key][1]}{who}"

    def report_builder(self, key: str):
        """The report module (reportlab, openpyxl) loads on first use."""
        from unionapp.reports import benefits as reports
        from unionapp.ui.widgets.report_export import by_columns

        db, year = self.db, self.year
        if key == "benefits":
            return by_columns(lambda _full_id: reports.benefits_report(db, year), reports.SUMMARY_COLUMNS)
        member_id = self.person.id if self.person else None
        return by_columns(lambda _full_id: reports.benefit_details_report(db, year, member_id), reports.DETAIL_COLUMNS)

    def save_settings(self) -> None:
        store = QSettings()
        save_header(store, "benefits/header", self.table)
        store.setValue("benefits/splitter", self.splitter.saveState())

    def restore_settings(self) -> None:
        store = QSettings()
        restore_header(store, "benefits/header", self.table)
        state = store.value("benefits/splitter")
        if state is not None:
            self.splitter.restoreState(state)
