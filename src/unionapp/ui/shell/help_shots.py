"""Screenshots of each tab for the in-app guide (resources/help/), made from demo data.

    python -m unionapp.ui.shell.help_shots OUT_DIR

builds a throwaway demo database, opens the main window at 1366×768 (offscreen when no
display is set) and saves one PNG per entry of SHOTS. The test suite runs it into a
temporary folder, and build.spec into resources/help/shots/ before bundling; the PNGs are
never committed, and the guide reads fine without them. Personal data stays masked as
the window masks it by default (the demo people are made up anyway)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QThreadPool
from PySide6.QtWidgets import QApplication

from unionapp import config

SIZE = (1366, 768)  # the common office laptop
DEMO_MEMBERS = 200
DEMO_YEARS = 3

# file name → (area key of the tab, its sub-view: an attribute of the tab's `views`, or a
# page key of the 首页 or 教代会 tab's `pages`; None for a tab without them)
SHOTS: dict[str, tuple[str, str | None]] = {
    "home.png": ("home", "care"),
    "home_plan.png": ("home", "plan"),
    "members.png": ("members", None),
    "funds_ledger.png": ("funds", "ledger_view"),
    "funds_budget.png": ("funds", "budget_view"),
    "funds_dues.png": ("funds", "dues_view"),
    "funds_charts.png": ("funds", "charts"),
    "visits.png": ("visits", "register"),
    "visits_summary.png": ("visits", "summary_view"),
    "checkups.png": ("checkups", None),
    "activities.png": ("activities", None),
    "congress.png": ("congress", "delegates"),
    "congress_proposals.png": ("congress", "proposals"),
    "hardship.png": ("hardship", None),  # the list only: a file's details are never pictured
}


def _wait(ready: Callable[[], bool], timeout: float = 60.0) -> None:
    """Let the tabs' worker threads deliver what they read, as the event loop would."""
    app = QApplication.instance()
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not finish loading its data")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)


def _loaded(tab) -> bool:
    """Each area tab says in its own way that what it shows has arrived."""
    if hasattr(tab, "rows_loaded"):  # 五必访
        summary_wanted = tab.views.currentWidget() is tab.summary_view
        return not tab.loading and tab.rows_loaded and (not summary_wanted or tab.summary_view.summary is not None)
    if hasattr(tab, "data"):  # 经费
        return not tab.loading and tab.data is not None
    return getattr(tab, "loaded", True)


def _show_view(tab, view_name: str) -> None:
    if hasattr(tab, "pages"):  # 首页, 教代会: their pages are built when first shown
        tab.pages.setCurrentWidget(tab.page(view_name).parentWidget())
    else:
        tab.views.setCurrentWidget(getattr(tab, view_name))


def _settle(app: QApplication) -> None:
    for _ in range(3):  # layouts and deferred repaints
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def shoot_window(window, out_dir: Path) -> list[Path]:
    """Show each tab (and sub-view) of `window` in turn and save it as a PNG in `out_dir`."""
    app = QApplication.instance()
    window.members_tab.show_full.setChecked(False)  # ID numbers and phones masked, as by default
    register = window.visits_tab.register
    register.mode_box.setCurrentIndex(register.mode_box.findData("year"))  # a month may hold one visit
    window.resize(*SIZE)
    saved = []
    for name, (key, view_name) in SHOTS.items():
        tab = window.area_tab(key)
        window.tabs.setCurrentWidget(tab)
        if view_name is not None:
            _show_view(tab, view_name)
        _wait(lambda t=tab: _loaded(t))
        _settle(app)
        path = out_dir / name
        if not window.grab().save(str(path), "PNG"):
            raise OSError(f"could not write {path}")
        saved.append(path)
    return saved


def make_shots(out_dir: Path) -> list[Path]:
    """A demo school in a temporary database, its window shot tab by tab into `out_dir`
    (created; stale PNGs from an earlier run removed). Needs a QApplication."""
    from unionapp.db.opening import close_database, open_database
    from unionapp.services.demo import create_demo
    from unionapp.ui.shell.main_window import MainWindow

    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="unionapp-shots-") as folder:
        db = open_database(config.sqlite_url(Path(folder) / "演示数据.db"))
        window = None
        try:
            create_demo(db, members_count=DEMO_MEMBERS, years=DEMO_YEARS, seed=1)
            window = MainWindow(db)
            window.show()
            return shoot_window(window, out_dir)
        finally:
            QThreadPool.globalInstance().waitForDone()
            if window is not None:
                window.hide()  # not close(): closing saves geometry and tab in QSettings
                window.deleteLater()
                _settle(QApplication.instance())
            close_database(db)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m unionapp.ui.shell.help_shots OUT_DIR", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="unionapp-shots-home-") as home:
        # The user's data folder, backups and window settings are left alone.
        os.environ[config.DATA_DIR_ENV] = str(Path(home) / "data")
        os.environ[config.BACKUP_DIR_ENV] = str(Path(home) / "backups")
        from unionapp.ui.shell.app import make_application

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, home)
        app = make_application()
        saved = make_shots(Path(args[0]))
        app.processEvents()
    print(f"{len(saved)} screenshots in {args[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
