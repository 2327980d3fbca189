"""The main window: menus, toolbar, the area tabs, status bar; remembers its size."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget, QToolBar, QVBoxLayout, QWidget,
)

from unionapp import APP_TITLE, __version__, config
from unionapp.db.engine import Database
from unionapp.db.errors import DatabaseOpenError
from unionapp.db.opening import open_database
from unionapp.services import settings as settings_service
from unionapp.ui.members_tab import MembersTab
from unionapp.ui.settings_dialog import SettingsDialog

READ_ONLY_BANNER = "数据库文件是只读的（可能在光盘、只读U盘上，或文件属性为只读）：可以查看和查找，但不能修改。"


class MainWindow(QMainWindow):
    def __init__(self, db: Database):
        super().__init__()
        self.db = db
        self.resize(1200, 760)
        self.banner = QLabel(READ_ONLY_BANNER)
        self.banner.setStyleSheet("background: #fff3cd; color: #856404; padding: 6px;")
        self.tabs = QTabWidget()
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
        self._open_tabs()
        self._restore_geometry()

    # ------------------------------------------------------------ building
    def _open_tabs(self) -> None:
        self.members_tab = MembersTab(self.db, self)
        self.members_tab.count_changed.connect(self._show_count)
        header = QSettings().value("members/header")
        if header is not None:
            self.members_tab.table.horizontalHeader().restoreState(header)
        self.tabs.addTab(self.members_tab, "会员")
        self._build_menus()
        self._update_titles()
        self._show_count(self.members_tab.model.rowCount(), self.members_tab.model.total_count)

    def _build_menus(self) -> None:
        self.menuBar().clear()
        for toolbar in self.findChildren(QToolBar):
            self.removeToolBar(toolbar)
        tab = self.members_tab
        file_menu = self.menuBar().addMenu("文件(&F)")
        file_menu.addAction(tab.import_action)
        file_menu.addActions([tab.export_xlsx_action, tab.export_pdf_action, tab.export_csv_action])
        file_menu.addAction(tab.print_action)
        file_menu.addSeparator()
        self._menu_action(file_menu, "新建数据库…", self.new_database)
        self._menu_action(file_menu, "打开数据库…", self.open_database_file)
        file_menu.addSeparator()
        self._menu_action(file_menu, "设置…", self.edit_settings).setEnabled(not self.db.read_only)
        file_menu.addSeparator()
        self._menu_action(file_menu, "退出", self.close, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu("编辑(&E)")
        edit_menu.addActions([tab.add_action, tab.edit_action, tab.remove_action])
        edit_menu.addSeparator()
        edit_menu.addActions([tab.find_action, tab.refresh_action])
        member_menu = self.menuBar().addMenu("会员(&M)")
        member_menu.addActions([tab.status_action, tab.groups_action])
        self.menuBar().addMenu(tab.report_menu)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        self._menu_action(help_menu, "关于工会助手", self.about)
        toolbar = QToolBar("工具栏", self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([tab.add_action, tab.edit_action, tab.status_action, tab.remove_action])
        toolbar.addSeparator()
        toolbar.addActions([tab.import_action, tab.groups_action])
        toolbar.addSeparator()
        toolbar.addActions([tab.export_xlsx_action, tab.export_pdf_action, tab.print_action])
        self.addToolBar(toolbar)

    def _menu_action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        menu.addAction(action)
        return action

    def _update_titles(self) -> None:
        union = settings_service.load(self.db).union_name
        self.setWindowTitle(f"{APP_TITLE} - {union}" if union else APP_TITLE)
        self.banner.setVisible(self.db.read_only)
        where = self.db.sqlite_path or self.db.url.render_as_string(hide_password=True)
        self.db_label.setText(f"数据库：{where}")

    def _show_count(self, shown: int, total: int) -> None:
        text = f"共 {total} 人" if shown == total else f"显示 {shown} 人 / 共 {total} 人"
        self.count_label.setText(text)

    # ------------------------------------------------------------ settings
    def _restore_geometry(self) -> None:
        store = QSettings()
        geometry = store.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _save_header(self) -> None:
        QSettings().setValue("members/header", self.members_tab.table.horizontalHeader().saveState())

    def closeEvent(self, event) -> None:
        QSettings().setValue("window/geometry", self.saveGeometry())
        self._save_header()
        super().closeEvent(event)

    # ------------------------------------------------------------ actions
    def edit_settings(self) -> None:
        dialog = SettingsDialog(settings_service.load(self.db), self)
        if dialog.exec():
            settings_service.save(self.db, dialog.result_settings())
            self._update_titles()

    def new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "新建数据库", str(config.data_dir() / "新数据库.db"), "工会助手数据库 (*.db)")
        if path:
            if Path(path).exists():
                QMessageBox.warning(self, "新建数据库", "这个文件已经存在。要使用它，请选“打开数据库”。")
                return
            self.switch_database(path)

    def open_database_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "打开数据库", str(config.data_dir()), "工会助手数据库 (*.db);;所有文件 (*)")
        if path:
            self.switch_database(path)

    def switch_database(self, path: str) -> None:
        try:
            db = open_database(config.database_url(path))
        except DatabaseOpenError as exc:
            QMessageBox.warning(self, "无法打开数据库", str(exc))
            return
        old, self.db = self.db, db
        self._save_header()  # the new tab starts with the user's column widths
        old_tabs = [self.tabs.widget(i) for i in range(self.tabs.count())]
        self.tabs.clear()
        for widget in old_tabs:
            widget.deleteLater()  # clear() only hides them; each holds the old roster
        self._open_tabs()
        old.dispose()
        QSettings().setValue("database/last", path)
        if not settings_service.is_configured(db) and not db.read_only:
            from unionapp.ui.app import first_run

            first_run(self)

    def about(self) -> None:
        QMessageBox.about(self, "关于工会助手", f"{APP_TITLE} {__version__}\n学校工会的会员、走访、体检和经费管理。\n\n"
                                             f"数据文件夹：{config.data_dir()}\n日志文件：{config.log_path()}")
