"""The main window: menus, toolbar, the area tabs, status bar; remembers its size.

The window owns one set of standard commands (新建 Ctrl+N, 编辑, 删除 Del, 打印 Ctrl+P,
导出Excel, 导出PDF, 刷新 F5, 查找 Ctrl+F) and sends each to the current tab. Every area
tab is an AreaTab (ui/widgets/area_tab.py), which states what the window relies on. A tab
is built when it is first shown (ui/shell/area_tabs.py); `members_tab` and the like build
theirs when asked for.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from unionapp import APP_TITLE, config
from unionapp.db import shared
from unionapp.db.engine import Database
from unionapp.db.opening import READ_ONLY_FOLDER, READ_ONLY_IN_USE, close_database
from unionapp.services import settings as settings_service
from unionapp.ui.shell import area_tabs, backup_dialogs, database_choice, navigation
from unionapp.ui.shell.about_dialog import AboutDialog, database_place
from unionapp.ui.shell.help_window import add_help_actions
from unionapp.ui.shell.templates_menu import add_templates_menu
from unionapp.ui.visits import title as visits_title
from unionapp.ui.widgets import gui_gc
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.screen_fit import fit_window
from unionapp.ui.widgets.tasks import LatestReads

READ_ONLY_BANNER = "数据库文件是只读的（可能在光盘、只读U盘上，或文件属性为只读）：可以查看和查找，但不能修改。"
READ_ONLY_FOLDER_BANNER = (
    "数据库所在的文件夹不能写入（可能是只读的共享文件夹，或没有这个文件夹的写入权限），"
    "修改时需要的临时文件无法建立：可以查看、查找、导出和备份，但不能修改。"
    "要修改，请把数据库文件复制到可以写入的文件夹（如“文档”）再打开。"
)

VISITS_AFTER_MS = 300  # after the window is shown: its first paint is done by then
Key = QKeySequence.StandardKey
# command → (default text, shortcut, how the current tab carries it out)
COMMANDS = {
    "new": ("新建…", Key.New, lambda tab: tab.new_item()),
    "edit": ("编辑…", None, lambda tab: tab.edit_item()),
    "delete": ("删除…", Key.Delete, lambda tab: tab.delete_item()),
    "print": ("打印…", Key.Print, lambda tab: tab.print_current()),
    "export_xlsx": ("导出Excel…", None, lambda tab: tab.export_current("xlsx")),
    "export_pdf": ("导出PDF…", None, lambda tab: tab.export_current("pdf")),
    "refresh": ("刷新", Key.Refresh, lambda tab: tab.refresh()),
    "find": ("查找", Key.Find, lambda tab: tab.focus_search()),
}


class MainWindow(QMainWindow):
    records_changed = Signal()  # a tab wrote records others show (首页's care list reads again)

    def __init__(self, db: Database, first_load_in_background: bool = False):
        """`first_load_in_background`: the tab the window opens on reads its first data on
        a worker, so the window paints meanwhile (the app's start; a test wants it at once)."""
        super().__init__()
        self.db = db
        self._background_load = first_load_in_background
        self._freeze_after_start = first_load_in_background
        if first_load_in_background:
            gui_gc.hold_for_start()  # until _count_visits sees the first tab's rows in
        self.banner = QLabel(READ_ONLY_BANNER, wordWrap=True)  # a long reason must not widen the window
        self.banner.setStyleSheet("background: #fff3cd; color: #856404; padding: 6px;")
        self.tabs = QTabWidget()
        self.reads = LatestReads(self)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        self.count_label = QLabel()
        self.db_label = QLabel()
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self.commands = {key: self._command(key, text, shortcut) for key, (text, shortcut, _run) in COMMANDS.items()}
        self.toolbar = QToolBar("工具栏", self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        # Buttons that do not fit a narrow window are under the toolbar's » button.
        self.toolbar.findChild(QToolButton, "qt_toolbar_ext_button").setToolTip("更多")
        self.tabs.currentChanged.connect(lambda _index: self._tab_changed())
        self.records_changed.connect(self._count_visits)  # a member retiring sooner, a visit planned
        self._open_tabs(area_tabs.index_of(area_tabs.saved_key(QSettings().value("window/tab"))))
        self._restore_geometry()

    # ------------------------------------------------------------ building
    def _command(self, key: str, text: str, shortcut) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda: COMMANDS[key][2](self.tabs.currentWidget()))
        return action

    def _open_tabs(self, current: int) -> None:
        """Placeholders for the tabs; only the current one is built now."""
        self._built: dict[str, AreaTab] = {}
        self.tabs.blockSignals(True)  # the tabs are not all there yet
        area_tabs.add_placeholders(self.tabs)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        self._build_menus()
        self._update_titles()
        self._tab_changed()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # 五必访 carries its attention count in its title: counted soon after the first
        # paint, not before it. Once per database: _open_tabs resets _built.
        QTimer.singleShot(VISITS_AFTER_MS, self, self._count_visits)  # cancelled if the window goes

    def _count_visits(self) -> None:
        """五必访's count, read on a worker, into its placeholder's title. The tab itself
        (with the whole roster its forms need: 28 MB for 10,000 members) waits until it is
        opened; once built it keeps its title current."""
        if not self.isVisible():  # not for a window closed meanwhile (its database may be closed)
            return
        if not getattr(self.tabs.currentWidget(), "rows_ready", True):
            return  # the first tab's rows first (the roster, 首页's list): their arrival asks again
        if self._freeze_after_start:  # the app's own start, once (not a test's window)
            self._freeze_after_start = False
            gui_gc.freeze_settled()  # the start's rows stay out of every later collection
        if "visits" not in self._built:
            db = self.db
            self.reads.run(
                "visits", lambda: visits_title.attention_count(db), self._show_visits_count, "无法统计五必访"
            )

    def _show_visits_count(self, count: int) -> None:
        if "visits" not in self._built:  # built meanwhile: the tab's own title is newer
            self.tabs.setTabText(area_tabs.index_of("visits"), visits_title.tab_title(count))

    def _first_rows_shown(self) -> None:
        """The first tab's rows are in: 五必访 is counted a moment later, not in the same
        pass (the rows paint first)."""
        if "visits" not in self._built:
            QTimer.singleShot(VISITS_AFTER_MS, self, self._count_visits)

    def area_tab(self, key: str) -> AreaTab:
        """The tab of area `key` ("members", "funds", "visits", "checkups"), built if it
        was not yet: its module imported, its settings restored, its menus added."""
        tab = self._built.get(key)
        if tab is not None:
            return tab
        background, self._background_load = self._background_load, False  # the first tab only
        tab = self._built[key] = area_tabs.build(key, self.db, self, background)
        tab.restore_settings()
        tab.status_changed.connect(lambda t=tab: self._tab_state_changed(t))
        area_tabs.replace_placeholder(self.tabs, key, tab)
        before = self._help_menu.menuAction()
        self.menuBar().insertMenu(before, tab.area_menu)
        self.menuBar().insertMenu(before, tab.report_menu)
        tab.area_menu.menuAction().setVisible(tab is self.tabs.currentWidget())
        tab.report_menu.menuAction().setVisible(tab is self.tabs.currentWidget())
        if hasattr(tab, "rows_arrived"):  # 会员, 首页
            tab.rows_arrived.connect(self._first_rows_shown)
        if key in ("visits", "activities"):
            # Visits, handouts and prizes post to the ledger: 经费, when built, reads it
            # again, unless a budget edit is open there (unbuilt, it reads it when first shown).
            tab.ledger_changed.connect(self._ledger_changed)
        area_tabs.connect_window(self, tab)  # 首页: records written elsewhere, lines opened elsewhere
        self._tab_state_changed(tab)
        return tab

    def _ledger_changed(self) -> None:
        funds = self._built.get("funds")
        if funds is not None and not funds.budget_view.dirty:
            funds.refresh()
        activities = self._built.get("activities")
        if activities is not None:
            activities.money_moved()  # 福利明细 sums visits, handouts and prizes

    @property
    def members_tab(self) -> AreaTab:
        return self.area_tab("members")

    @property
    def funds_tab(self) -> AreaTab:
        return self.area_tab("funds")

    @property
    def visits_tab(self) -> AreaTab:
        return self.area_tab("visits")

    @property
    def checkups_tab(self) -> AreaTab:
        return self.area_tab("checkups")

    @property
    def activities_tab(self) -> AreaTab:
        return self.area_tab("activities")

    @property
    def congress_tab(self) -> AreaTab:
        return self.area_tab("congress")

    def _area_tabs(self) -> list[AreaTab]:
        """The tabs built so far, in their order."""
        return [tab for key in area_tabs.AREAS if (tab := self._built.get(key)) is not None]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        c = self.commands
        file_menu = bar.addMenu("文件(&F)")
        file_menu.addActions([c["export_xlsx"], c["export_pdf"], c["print"]])
        file_menu.addSeparator()
        self._menu_action(file_menu, "新建数据库…", lambda: database_choice.new_database(self))
        self._menu_action(file_menu, "打开数据库…", lambda: database_choice.open_database_file(self))
        self._menu_action(file_menu, "连接共享数据库…", lambda: database_choice.connect_shared_database(self))
        file_menu.addSeparator()
        self._menu_action(file_menu, "备份到…", lambda: backup_dialogs.backup_to(self)).setEnabled(
            self.db.sqlite_path is not None
        )
        self._menu_action(file_menu, "从备份恢复…", lambda: backup_dialogs.restore_into(self)).setEnabled(
            self.db.sqlite_path is not None and not self.db.read_only
        )
        file_menu.addSeparator()
        self._menu_action(file_menu, "设置…", self.edit_settings).setEnabled(not self.db.read_only)
        self._menu_action(file_menu, "审计日志…", self.show_audit_log)
        self._menu_action(file_menu, "导入对应关系…", self.show_import_mappings)
        file_menu.addSeparator()
        self._menu_action(file_menu, "退出", self.close, QKeySequence.StandardKey.Quit)
        edit_menu = bar.addMenu("编辑(&E)")
        edit_menu.addActions([c["new"], c["edit"], c["delete"]])
        edit_menu.addSeparator()
        edit_menu.addActions([c["find"], c["refresh"]])
        for tab in self._area_tabs():  # shown while their tab is current; more come as tabs are built
            bar.addMenu(tab.area_menu)
            bar.addMenu(tab.report_menu)
        help_menu = self._help_menu = bar.addMenu("帮助(&H)")
        add_help_actions(self, help_menu, {key: text for key, (text, _keys, _run) in COMMANDS.items()})
        add_templates_menu(self, help_menu, self.db)
        help_menu.addSeparator()
        self._menu_action(help_menu, "关于工会助手", self.about)

    def _menu_action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        menu.addAction(action)
        return action

    # ------------------------------------------------------------ the current tab
    def _tab_changed(self) -> None:
        """Menus, toolbar and commands follow the current tab (built now if it was not)."""
        current = self.tabs.currentWidget()
        if current is None:
            return
        if isinstance(current, area_tabs.Placeholder):
            current = self.area_tab(current.key)
        for tab in self._area_tabs():
            tab.area_menu.menuAction().setVisible(tab is current)
            tab.report_menu.menuAction().setVisible(tab is current)
        c = self.commands
        self.toolbar.clear()
        self.toolbar.addActions([c["new"], c["edit"], c["delete"]])
        self.toolbar.addSeparator()
        for action in current.tab_actions():
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addActions([c["export_xlsx"], c["export_pdf"], c["print"]])
        self._tab_state_changed(current)

    def _tab_state_changed(self, tab: AreaTab) -> None:
        title = tab.tab_title()
        if title is not None and self.tabs.indexOf(tab) >= 0:
            self.tabs.setTabText(self.tabs.indexOf(tab), title)
        if tab is not self.tabs.currentWidget():
            return
        for key, action in self.commands.items():
            action.setText(tab.command_labels.get(key, COMMANDS[key][0]))
            action.setEnabled(tab.command_enabled(key))
        self.count_label.setText(tab.status_text())

    def _update_titles(self) -> None:
        settings = settings_service.load(self.db)
        union = settings.union_name
        self.setWindowTitle(f"{APP_TITLE} - {union}" if union else APP_TITLE)
        self.banner.setText(self._read_only_banner())
        self.banner.setVisible(self.db.read_only)
        held = self.db.writer_lock
        if held is not None:  # the lock file names who to ask when another copy finds it taken
            held.set_operator(settings.operator or settings.chair_name)
        # The union and where its data is, in words; the path is in 帮助 → 关于.
        place = database_place(self.db)
        self.db_label.setText(f"{union}　｜　{place}" if union else place)

    def _read_only_banner(self) -> str:
        reason = self.db.read_only_reason
        if reason == READ_ONLY_IN_USE:
            return backup_dialogs.in_use_banner(self.db)
        return READ_ONLY_FOLDER_BANNER if reason == READ_ONLY_FOLDER else READ_ONLY_BANNER

    # ------------------------------------------------------------ settings
    def _restore_geometry(self) -> None:
        store = QSettings()
        geometry = store.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        # Never bigger than the screen: saved on a large monitor, or the first start on a
        # 1366×768 laptop at 125 %.
        fit_window(self, self.size() if geometry is not None else QSize(1200, 760))

    def _save_tab_settings(self) -> None:
        for tab in self._area_tabs():
            tab.save_settings()

    def closeEvent(self, event) -> None:
        store = QSettings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/tab", list(area_tabs.AREAS)[self.tabs.currentIndex()])  # a key: new tabs shift indexes
        self._save_tab_settings()
        super().closeEvent(event)

    # ------------------------------------------------------------ actions
    def edit_settings(self) -> None:
        from unionapp.ui.shell.settings_dialog import SettingsDialog  # with first run's services: not at start

        dialog = SettingsDialog(settings_service.load(self.db), self)
        if dialog.exec():
            settings_service.save(self.db, dialog.result_settings())
            self._update_titles()
            self.records_changed.emit()  # the school's province decides 首页's Spring Festival list

    def switch_database(self, path: str) -> None:
        db = backup_dialogs.open_for_window(self, config.database_url(path))
        if db is None:
            return
        old, self.db = self.db, db
        self._save_tab_settings()  # the new tabs start with the user's column widths
        old_tabs = [self.tabs.widget(i) for i in range(self.tabs.count())]
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        self.tabs.clear()
        self.tabs.blockSignals(False)
        for widget in old_tabs:
            widget.deleteLater()  # clear() only hides them; each holds the old roster
        self._open_tabs(current)
        QTimer.singleShot(VISITS_AFTER_MS, self, self._count_visits)  # its count in its title again
        QThreadPool.globalInstance().waitForDone()  # reads of the old one end before it closes
        close_database(old)  # also gives up its writer lock (kept when it is the same file)
        QSettings().setValue("database/last", shared.without_password(path))  # the password stays in the keyring
        from unionapp.ui.shell.first_run import first_question, first_run

        ask = first_question(db)  # set it up, or who uses this computer (a shared one, say)
        if ask is not None:
            ask(self)
        if ask is first_run and "funds" in self._built:  # first_run may have added demo funds
            self._built["funds"].refresh()

    def open_target(self, action: str, **where) -> None:
        navigation.open_target(self, action, **where)  # what a line of 首页 names, in its area

    def show_audit_log(self) -> None:
        """The log of changes, beside the window (not modal); one open at a time per database."""
        from unionapp.ui.shell.audit_dialog import AuditDialog  # loaded on first use

        dialog = getattr(self, "audit_dialog", None)
        if dialog is None or dialog.db is not self.db:
            if dialog is not None:  # it showed the database opened before
                dialog.close()
                dialog.deleteLater()
            dialog = self.audit_dialog = AuditDialog(self.db, self)
        else:
            dialog.reload()  # changes made since it was opened
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def show_import_mappings(self) -> None:
        """What earlier imports were told a file's own headers and values mean."""
        from unionapp.ui.shell.mappings_dialog import MappingsDialog  # loaded on first use

        MappingsDialog(self.db, self, read_only=self.db.read_only).exec()

    def about(self) -> None:
        AboutDialog(self.db, self).exec()
