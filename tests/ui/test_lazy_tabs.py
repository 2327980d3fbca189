"""The window builds each area tab when it is first shown: the others stand as
placeholders, keep their saved settings, and 五必访's title carries its count before
the tab is built."""

from __future__ import annotations

import gc
from datetime import date, timedelta

from PySide6.QtCore import QSettings, QThreadPool

from unionapp import config
from unionapp.db.opening import open_database
from unionapp.services import members, visit_reads, visits
from unionapp.services.demo import create_demo
from unionapp.services.visits import VisitInput
from unionapp.ui.checkups.tab import CheckupsTab
from unionapp.ui.funds.tab import FundsTab
from unionapp.ui.home.tab import HomeTab
from unionapp.ui.members.tab import MembersTab
from unionapp.ui.shell import app as shell_app
from unionapp.ui.shell.area_tabs import Placeholder
from unionapp.ui.shell.main_window import VISITS_AFTER_MS, MainWindow
from unionapp.ui.visits import title as visits_title
from unionapp.ui.visits.tab import VisitsTab
from unionapp.ui.widgets import gui_gc

from .helpers import DEMO_MEMBERS, wait_loaded, wait_visits


def _window(qtbot, db, show: bool = True) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    if show:
        window.show()
        qtbot.waitExposed(window)
    return window


def test_only_the_current_tab_is_built_at_first(demo_db, qtbot):
    window = _window(qtbot, demo_db, show=False)
    assert isinstance(window.tabs.widget(0), HomeTab)  # 首页 opens first
    assert all(isinstance(window.tabs.widget(i), Placeholder) for i in (1, 2, 3, 4))
    assert [window.tabs.tabText(i) for i in range(1, 5)] == ["会员", "经费", "五必访", "体检"]
    assert window.findChildren(FundsTab) == [] and window.findChildren(CheckupsTab) == []
    assert window.findChildren(MembersTab) == []


def test_switching_builds_the_tab_in_its_place_with_its_menus(demo_db, qtbot):
    window = _window(qtbot, demo_db)
    window.tabs.setCurrentIndex(2)
    funds = window.tabs.currentWidget()
    assert isinstance(funds, FundsTab) and window.tabs.indexOf(funds) == 2
    assert window.funds_tab is funds  # the attribute gives the same tab, not a second one
    assert window.tabs.tabText(2) == "经费"
    bar_menus = [action.menu() for action in window.menuBar().actions()]
    assert funds.area_menu in bar_menus and funds.area_menu.menuAction().isVisible()
    assert not window.members_tab.area_menu.menuAction().isVisible()
    assert bar_menus[-1].title() == "帮助(&H)"  # a tab's menus come before 帮助
    wait_loaded(qtbot, funds)
    assert window.commands["new"].text() == "记一笔…"  # the commands follow the built tab


def _plan_overdue(db) -> None:
    """A visit planned three days ago and not done: 五必访 counts it."""
    member = members.list_members(db)[0].id
    hospital = next(t.id for t in visits.list_types(db) if t.code == "hospital")
    visits.add_visit(db, VisitInput(member, hospital, date.today() - timedelta(days=3), status="planned"))


def test_visits_carries_its_count_before_it_is_built(demo_db, qtbot):
    """五必访's title counts what needs the chair from the start; the tab (and the roster
    its forms need) is built only when it is opened, and then keeps the same count."""
    _plan_overdue(demo_db)
    window = _window(qtbot, demo_db)
    count = len(visit_reads.attention(demo_db))
    expected = visits_title.tab_title(count)
    assert count >= 1 and expected == f"五必访（{count}）"
    qtbot.waitUntil(lambda: window.tabs.tabText(3) == expected)
    assert isinstance(window.tabs.widget(3), Placeholder) and window.findChildren(VisitsTab) == []
    assert isinstance(window.tabs.currentWidget(), HomeTab)
    window.tabs.setCurrentIndex(3)
    tab = window.tabs.currentWidget()
    assert isinstance(tab, VisitsTab)
    wait_visits(qtbot, tab)
    assert window.tabs.tabText(3) == expected
    # A visit's money changing does not build 经费 just to refresh it.
    tab.ledger_changed.emit()
    assert isinstance(window.tabs.widget(2), Placeholder)


def test_the_remembered_tab_opens_built(demo_db, qtbot):
    QSettings().setValue("window/tab", "checkups")
    window = _window(qtbot, demo_db, show=False)
    assert isinstance(window.tabs.currentWidget(), CheckupsTab)
    assert isinstance(window.tabs.widget(0), Placeholder)
    assert window.commands["new"].text() == window.checkups_tab.command_labels.get("new", "新建…")
    window.close()
    assert QSettings().value("window/tab") == "checkups"  # by key: a tab added before it shifts no index


def test_an_index_saved_by_an_older_version_opens_the_area_it_named(demo_db, qtbot):
    """Before 首页 came first the window saved its tab's index: 3 was 体检, 0 was 会员."""
    for saved, cls in ((3, CheckupsTab), ("0", MembersTab), (99, HomeTab), ("gone", HomeTab)):
        QSettings().setValue("window/tab", saved)
        window = _window(qtbot, demo_db, show=False)
        assert isinstance(window.tabs.currentWidget(), cls), saved
        window.close()


def test_a_tab_never_built_keeps_its_saved_settings(demo_db, qtbot):
    QSettings().setValue("checkups/splitter", b"saved by an earlier start")
    window = _window(qtbot, demo_db, show=False)
    window.close()
    assert QSettings().value("checkups/splitter") == b"saved by an earlier start"


def test_the_first_tab_can_read_its_rows_on_a_worker(demo_db, qtbot):
    QSettings().setValue("window/tab", "members")
    window = MainWindow(demo_db, first_load_in_background=True)
    qtbot.addWidget(window)
    tab = window.members_tab
    window.show()
    qtbot.waitUntil(lambda: tab.rows_ready)
    assert tab.model.rowCount() == DEMO_MEMBERS
    assert window.count_label.text() == f"共 {DEMO_MEMBERS} 人"
    assert tab.group_filter.count() > 2  # 全部小组, the groups, 未分组


def test_the_first_question_waits_for_the_first_rows(demo_db, qtbot):
    """The first run's question (or 本机使用人) is looked up once the start's rows are in, not
    while the worker reads them; once only, though its latest time comes after."""
    QSettings().setValue("window/tab", "home")
    window = MainWindow(demo_db, first_load_in_background=True)
    qtbot.addWidget(window)
    asked: list[bool] = []
    shell_app.after_first_rows(window, lambda: asked.append(window.tabs.currentWidget().rows_ready))
    window.show()
    qtbot.waitUntil(lambda: asked != [])
    assert asked == [True]  # the rows were in when it ran
    qtbot.wait(shell_app.FIRST_ROWS_LATEST_MS + 200)
    assert asked == [True]


def test_the_first_question_comes_at_last_when_the_rows_never_do(demo_db, qtbot, monkeypatch):
    monkeypatch.setattr(shell_app, "FIRST_ROWS_LATEST_MS", 300)
    window = _window(qtbot, demo_db, show=False)
    tab = window.tabs.currentWidget()
    tab.rows_ready = False  # as if its read had failed: rows_arrived never comes
    asked: list[int] = []
    shell_app.after_first_rows(window, lambda: asked.append(1))
    qtbot.waitUntil(lambda: asked == [1])
    qtbot.wait(400)
    assert asked == [1]


def test_the_apps_start_freezes_its_rows_out_of_later_collections(demo_db, qtbot):
    """Once the roster is in and 五必访 counted, what the start made is frozen: a keystroke's
    collection never walks ten thousand rows. A window made otherwise (a test's) is not."""
    gc.unfreeze()
    QSettings().setValue("window/tab", "members")
    plain = _window(qtbot, demo_db)
    qtbot.waitUntil(lambda: plain.members_tab.rows_ready)
    qtbot.wait(VISITS_AFTER_MS + 200)  # when the app's own start freezes
    assert gc.get_freeze_count() == 0
    window = MainWindow(demo_db, first_load_in_background=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0)
    rows = window.members_tab.model.all_rows
    assert len(rows) == DEMO_MEMBERS and not any(o is rows for o in gc.get_objects())  # frozen, not walked


def _cycles() -> None:
    """Garbage cycles, more than the youngest generation's threshold: a collection is due."""
    for _ in range(gc.get_threshold()[0] * 2):
        cycle: list = []
        cycle.append(cycle)


def test_no_collection_walks_the_start_before_its_rows_are_in(demo_db, qtbot):
    """The app's start holds the GUI thread's collections until its first rows are in:
    one landing meanwhile would walk all the window and its read made, just before the
    list shows, only for them to be frozen a moment later. Then collections resume."""
    gc.unfreeze()
    QSettings().setValue("window/tab", "members")
    window = MainWindow(demo_db, first_load_in_background=True)
    qtbot.addWidget(window)
    started: list[int] = []

    def watch(phase, info):
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(watch)
    try:
        _cycles()
        gui_gc.collect_due()
        assert started == []  # due, but held
        window.show()
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0)  # the rows are in: frozen
        _cycles()
        gui_gc.collect_due()
        assert started  # collections run again
    finally:
        gc.callbacks.remove(watch)


def test_a_reload_overtakes_the_load_on_the_worker(demo_db, qtbot):
    QSettings().setValue("window/tab", "members")
    window = MainWindow(demo_db, first_load_in_background=True)
    qtbot.addWidget(window)
    tab = window.members_tab
    arrived = []
    tab.rows_arrived.connect(lambda: arrived.append(tab.model.total_count))
    tab.reload()  # before the worker's rows can arrive (they come through the event loop)
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(50)
    assert arrived == [DEMO_MEMBERS]  # the worker's older answer was dropped


def test_a_placeholder_knows_its_tabs_command_names(demo_db, qtbot):
    """The guide's 快捷键 page lists what every tab calls 新建, built or not."""
    window = _window(qtbot, demo_db, show=False)
    assert window.tabs.widget(2).command_labels == FundsTab.command_labels


def test_visits_is_counted_again_after_switching_database(demo_db, qtbot, tmp_path):
    other_path = tmp_path / "另一个.db"
    other = open_database(config.database_url(str(other_path)))
    create_demo(other, members_count=30, seed=7)
    _plan_overdue(other)
    _plan_overdue(other)
    expected = visits_title.tab_title(len(visit_reads.attention(other)))
    other.dispose()
    window = _window(qtbot, demo_db)
    window.tabs.setCurrentIndex(3)  # 五必访 built on the first database
    assert isinstance(window.tabs.widget(3), VisitsTab)
    window.tabs.setCurrentIndex(0)  # back on 首页: 五必访 is not rebuilt as the current tab would be
    window.switch_database(str(other_path))
    assert isinstance(window.tabs.widget(3), Placeholder)
    qtbot.waitUntil(lambda: window.tabs.tabText(3) == expected)  # counted on the new one
    assert window.visits_tab.db is window.db
    window.db.dispose()
