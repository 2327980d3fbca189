"""The 体检 tab: a year's checkup campaigns, the selected campaign's list with bulk status
changes, its coverage (who is missing, by group), the women's-checkup reminder, reports
and the hospital's receipt. It is an AreaTab (ui/widgets/area_tab.py);
the list's own actions live in ui/checkups/actions.py."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.services import checkups, groups, ledger, members
from unionapp.services.checkups import CampaignRow
from unionapp.ui.checkups.actions import ListActions
from unionapp.ui.checkups.charts import CoveragePanel
from unionapp.ui.checkups.forms import CampaignDialog, FormChoices
from unionapp.ui.checkups.model import CAMPAIGN_COLUMNS, CampaignTableModel
from unionapp.ui.checkups.people import PeopleView
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.categories import leaf_categories
from unionapp.ui.widgets.column_fit import restore_header, save_header
from unionapp.ui.widgets.common import guarded, list_table

# Report key → (menu title, file name ending); builders are unionapp.reports.checkups.*.
REPORTS = {
    "hospital": ("体检名单（交医院）", "医院名单"),
    "signin": ("签到表", "签到表"),
    "coverage": ("体检覆盖情况", "覆盖情况"),
}
HOSPITAL_NOTE = "医院核对身份要用完整身份证号和手机号：导出时请勾选“包含完整身份证号/手机号”，文件只交医院并妥善保管。"
BANNER_STYLE = "QFrame#reminder { background: #fff3cd; } QLabel { color: #856404; }"


def today() -> date:
    """The tab's today (tests move it into October)."""
    return date.today()


class CheckupsTab(AreaTab):
    command_labels = {
        "new": "新建体检…",
        "edit": "修改体检…",
        "delete": "移出名单…",
        "print": "打印签到表…",
        "export_xlsx": "导出医院名单Excel…",
        "export_pdf": "导出医院名单PDF…",
    }

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.loaded = False
        self.year = today().year
        self.campaign: CampaignRow | None = None
        self.member_rows: list = []
        self.year_box = QComboBox()
        self.year_box.setMinimumWidth(90)
        self.campaign_model = CampaignTableModel(self)
        self.campaign_table = self._campaign_table()
        self.people = PeopleView()
        self.coverage = CoveragePanel()
        self.actions = ListActions(self)
        self._build_banner()
        self._build_actions()
        self._layout()
        self._connect()
        self._update_actions()  # no campaign read yet: the list's actions start disabled

    # ------------------------------------------------------------ building
    def _campaign_table(self) -> QTableView:
        table = list_table(self.campaign_model, [spec.width for spec in CAMPAIGN_COLUMNS])
        table.setWordWrap(False)
        return table

    def _build_banner(self) -> None:
        self.banner = QFrame(objectName="reminder")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner_text = QLabel(wordWrap=True)
        self.banner_button = QPushButton("安排女教职工体检…")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.banner_button)
        self.banner.hide()

    def _action(self, text: str, slot) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        a = self.actions
        self.new_action = self._action("新建体检…", self.new_item)
        self.edit_action = self._action("修改体检…", self.edit_item)
        self.missing_action = self._action("查看未体检名单", self.people.show_missing)
        self.area_menu = QMenu("体检(&T)", self)
        self.area_menu.addActions([self.new_action, self.edit_action])
        self.area_menu.addSeparator()
        self.area_menu.addActions(a.status_actions + [a.pending_action])
        self.area_menu.addSeparator()
        self.area_menu.addActions([a.add_action, a.remove_action, a.import_action])
        self.area_menu.addSeparator()
        self.area_menu.addAction(self.missing_action)
        self.people.table.addActions(a.status_actions + [a.add_action, a.remove_action])
        for action in [*a.status_actions, a.add_action, a.remove_action]:
            button = QToolButton()
            button.setDefaultAction(action)
            self.people.buttons.addWidget(button)
            if action is a.status_actions[-1]:
                self.people.buttons.addStretch(1)
        self.report_menu = self._report_menu()

    def _report_menu(self) -> QMenu:
        menu = QMenu("报表(&R)", self)
        for key, (title, _stem) in REPORTS.items():
            sub = menu.addMenu(title)
            if key == "hospital":
                note = sub.addAction(HOSPITAL_NOTE)
                note.setEnabled(False)
                sub.addSeparator()
            sub.addAction("打印…", lambda k=key: self.print_report(k))
            sub.addAction("导出Excel…", lambda k=key: self.export_report(k, "xlsx"))
            sub.addAction("导出PDF…", lambda k=key: self.export_report(k, "pdf"))
        menu.addSeparator()
        menu.addAction(self.actions.import_action)
        return menu

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度："))
        bar.addWidget(self.year_box)
        new_button, edit_button = QToolButton(), QToolButton()
        new_button.setDefaultAction(self.new_action)
        edit_button.setDefaultAction(self.edit_action)
        bar.addWidget(new_button)
        bar.addWidget(edit_button)
        bar.addStretch(1)
        self.lower = QSplitter(Qt.Orientation.Horizontal)
        self.lower.addWidget(self.people)
        self.lower.addWidget(self.coverage)
        self.lower.setStretchFactor(0, 3)
        self.lower.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.campaign_table)
        self.splitter.addWidget(self.lower)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([130, 520])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        self.year_box.activated.connect(lambda _i: self._year_chosen())
        self.campaign_table.selectionModel().selectionChanged.connect(lambda *_a: self._campaign_chosen())
        self.campaign_table.doubleClicked.connect(lambda _i: self.edit_item())
        self.people.filter_changed.connect(self.status_changed)
        self.people.selection_changed.connect(self._update_actions)
        self.coverage.show_missing.connect(self.people.show_missing)
        self.banner_button.clicked.connect(lambda: self.new_item(women=True))

    # ------------------------------------------------------------ loading
    @staticmethod
    def current_day() -> date:
        return today()

    @property
    def editable(self) -> bool:
        return not self.db.read_only

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload()  # the first look at the tab, not the window's start, reads the campaigns

    def reload(self, select_id: int | None = None) -> None:
        """Campaigns of the chosen year and the members to search; keeps the chosen campaign."""
        self.loaded = True
        keep = select_id or (self.campaign.id if self.campaign else None)
        every = checkups.list_campaigns(self.db)
        self.member_rows = members.list_members(self.db)
        self._fill_years(sorted({c.year for c in every} | {today().year}, reverse=True))
        self.campaign_model.set_rows([c for c in every if c.year == self.year])
        self._select_campaign(keep)
        self._show_reminder()

    def _fill_years(self, years: list[int]) -> None:
        self.year_box.clear()
        for year in years:
            self.year_box.addItem(f"{year} 年", year)
        self.year_box.setCurrentIndex(max(self.year_box.findData(self.year), 0))

    def _year_chosen(self) -> None:
        year = self.year_box.currentData()
        if year != self.year:
            self.year, self.campaign = year, None
            self.reload()

    def _select_campaign(self, campaign_id: int | None) -> None:
        row = self.campaign_model.row_of(campaign_id) if campaign_id is not None else None
        if row is None and self.campaign_model.rowCount():
            row = 0
        selection = self.campaign_table.selectionModel()
        selection.blockSignals(True)  # one refresh below, whether or not the row changes
        if row is None:
            self.campaign_table.clearSelection()
        else:
            self.campaign_table.selectRow(row)
        selection.blockSignals(False)
        self.campaign_table.viewport().update()
        self._campaign_chosen()

    def _campaign_chosen(self) -> None:
        rows = self.campaign_table.selectionModel().selectedRows()
        self.campaign = self.campaign_model.row_at(rows[0].row()) if rows else None
        self._load_people()
        self._update_actions()

    def _load_people(self) -> None:
        campaign = self.campaign
        people = checkups.list_people(self.db, campaign.id) if campaign else []
        by_member = {m.id: m for m in self.member_rows}
        self.people.set_rows(people, by_member, campaign.date_from if campaign else today())
        self.coverage.set_data(campaign, checkups.coverage_by_group(self.db, campaign.id) if campaign else [])

    def _show_reminder(self) -> None:
        text = checkups.women_checkup_reminder(self.db, today())
        self.banner_text.setText(text or "")
        self.banner.setVisible(bool(text))
        self.banner_button.setVisible(self.editable)

    def _update_actions(self) -> None:
        chosen = self.campaign is not None
        self.new_action.setEnabled(self.editable)
        self.edit_action.setEnabled(self.editable and chosen)
        self.missing_action.setEnabled(chosen)
        self.actions.update(self.editable and chosen, bool(self.people.selected_ids()))
        self.status_changed.emit()

    # ------------------------------------------------------------ campaigns
    def form_choices(self) -> FormChoices:
        cats = [c for c in leaf_categories(ledger.list_categories(self.db)) if c.direction == "expense"]
        welfare = next((c.id for c in cats if c.code == "welfare"), None)
        return FormChoices(
            self.member_rows or members.list_members(self.db), groups.list_groups(self.db), cats, welfare
        )

    def new_item(self, women: bool = False) -> None:
        """新建体检; from the reminder, this year's women's checkup already filled in."""
        if not self.editable:
            return
        choices = guarded(self, self.form_choices)
        if choices is None:
            return
        dialog = CampaignDialog(self, self.db, choices, self.year, today=today())
        if women:
            dialog.prefill_women()
        if dialog.exec() and dialog.saved_id is not None:
            self.year = checkups.get_campaign(self.db, dialog.saved_id).year
            self.reload(dialog.saved_id)

    def edit_item(self) -> None:
        if not self.editable or self.campaign is None:
            return
        choices = guarded(self, self.form_choices)
        if choices is None:
            return
        dialog = CampaignDialog(self, self.db, choices, self.year, row=self.campaign, today=today())
        if dialog.exec():
            self.reload()

    # ------------------------------------------------------------ the window's protocol
    def status_text(self) -> str:
        if self.campaign is None:
            return f"{self.year} 年还没有体检批次" if self.loaded else ""
        return self.people.status_text(self.campaign.name)

    def tab_actions(self) -> list[QAction | None]:
        a = self.actions
        return [a.done_action, a.absent_action, None, a.add_action, a.import_action]

    def command_enabled(self, command: str) -> bool:
        chosen = self.campaign is not None
        selected = bool(self.people.selected_ids())
        return {
            "new": self.editable,
            "edit": self.editable and chosen,
            "delete": self.editable and selected,
            "print": chosen,
            "export_xlsx": chosen,
            "export_pdf": chosen,
        }.get(command, True)

    def delete_item(self) -> None:
        self.actions.remove_people()

    def print_current(self) -> None:
        self.print_report("signin")  # 打印 gives the sign-in sheet, 导出 the hospital's list

    def export_current(self, fmt: str) -> None:
        self.export_report("hospital", fmt)

    def refresh(self) -> None:
        self.reload()

    def focus_search(self) -> None:
        self.people.focus_search()

    def save_settings(self) -> None:
        store = QSettings()
        save_header(store, "checkups/people_header", self.people.table)
        store.setValue("checkups/splitter", self.splitter.saveState())
        store.setValue("checkups/lower", self.lower.saveState())

    def restore_settings(self) -> None:
        store = QSettings()
        restore_header(store, "checkups/people_header", self.people.table)
        for key, target in (
            ("splitter", self.splitter),
            ("lower", self.lower),
        ):
            state = store.value(f"checkups/{key}")
            if state is not None:
                target.restoreState(state)

    # ------------------------------------------------------------ reports
    def report_ready(self) -> bool:
        return self.campaign is not None

    def report_file_stem(self, key: str) -> str:
        return f"{self.campaign.name}_{REPORTS[key][1]}"

    def report_builder(self, key: str):
        """The report module (reportlab, openpyxl) loads on first use, keeping start-up short."""
        from unionapp.reports import checkups as checkup_reports
        from unionapp.ui.widgets.report_export import by_columns

        db, campaign_id = self.db, self.campaign.id
        builders = {
            "hospital": (
                lambda full_id: checkup_reports.hospital_list_report(db, campaign_id, full_id),
                checkup_reports.HOSPITAL_COLUMNS,
            ),
            "signin": (lambda _full_id: checkup_reports.signin_report(db, campaign_id), checkup_reports.SIGNIN_COLUMNS),
            "coverage": (
                lambda _full_id: checkup_reports.coverage_report(db, campaign_id, include_health=False),
                checkup_reports.COVERAGE_COLUMNS,
            ),
        }
        return by_columns(*builders[key])
