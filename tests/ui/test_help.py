"""帮助 → 使用说明 and 快捷键: the menu entries, the guide's pages and links, the screenshots
made from demo data (and the note when they are missing), and the shortcuts page read from
the window's own actions."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QImage, QKeySequence, QTextCursor, QTextDocument, QTextTable

from unionapp.ui.shell import help_window
from unionapp.ui.shell.area_tabs import AREAS
from unionapp.ui.shell.help_shortcuts import menu_actions
from unionapp.ui.shell.help_shots import SHOTS, SIZE, make_shots
from unionapp.ui.shell.help_window import INDEX, SHORTCUTS, HelpWindow, help_dir, page_html

PAGES = sorted(p.name for p in help_dir().glob("*.html"))
TAB_PAGES = [
    "home.html",
    "members.html",
    "funds.html",
    "visits.html",
    "checkups.html",
    "activities.html",
    "congress.html",
    "hardship.html",
]


def help_menu(window):
    return next(a.menu() for a in window.menuBar().actions() if a.text().startswith("帮助"))


def help_action(window, text: str) -> QAction:
    return next(a for a in help_menu(window).actions() if a.text() == text)


def open_guide(window, qtbot, text: str = "使用说明") -> HelpWindow:
    help_action(window, text).trigger()
    guide = window.findChild(HelpWindow)
    assert guide is not None
    qtbot.waitExposed(guide)
    return guide


def links_and_anchors(document: QTextDocument) -> tuple[list[str], set[str]]:
    """The hrefs a page's text links to and the anchors it defines, as Qt parsed them."""
    hrefs, anchors = [], set()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fmt = iterator.fragment().charFormat()
            if fmt.isAnchor() and fmt.anchorHref():
                hrefs.append(fmt.anchorHref())
            anchors.update(fmt.anchorNames())
            iterator += 1
        block = block.next()
    return hrefs, anchors


def test_the_pages_needed_are_there():
    for name in [INDEX, SHORTCUTS, "backup.html", "import.html", "binder.html", *TAB_PAGES]:
        assert name in PAGES


def test_every_tab_of_the_window_has_its_page():
    """A tab added to the window needs its page in the guide, titled as the tab is, with a
    picture of it (the hardship tab's shows its list only: no file's details)."""
    titles = {re.search(r"<title>(.*?)</title>", (help_dir() / page).read_text("utf-8")).group(1) for page in TAB_PAGES}
    assert titles == {title for title, _cls in AREAS.values()}
    assert {key for key, _view in SHOTS.values()} == set(AREAS)
    assert SHOTS["hardship.png"] == ("hardship", None)


def test_help_menu_opens_the_guide_beside_the_window(window, qtbot):
    texts = [a.text() for a in help_menu(window).actions()]
    assert texts[:2] == ["使用说明", "快捷键"]
    assert help_action(window, "使用说明").shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    guide = open_guide(window, qtbot)
    assert guide.isVisible() and not guide.isModal()
    assert guide.windowModality() == Qt.WindowModality.NonModal
    assert guide.current_page() == INDEX
    assert "工会助手使用说明" in guide.browser.toPlainText()
    assert window.isEnabled()  # the main window stays usable meanwhile
    assert open_guide(window, qtbot, "快捷键") is guide  # one guide per window
    assert guide.current_page() == SHORTCUTS


def test_every_page_loads_and_every_link_resolves(window, qtbot):
    guide = open_guide(window, qtbot)
    anchors, links = {}, {}
    for name in PAGES:
        guide.show_page(name)
        assert guide.current_page() == name
        assert guide.browser.documentTitle(), name
        assert len(guide.browser.toPlainText()) > 100, name
        links[name], anchors[name] = links_and_anchors(guide.browser.document())
    reached = set()
    for name, hrefs in links.items():
        for href in hrefs:
            url = QUrl.fromLocalFile(str(help_dir() / name)).resolved(QUrl(href))
            assert url.isLocalFile(), f"{name}: {href} leaves the guide"
            target = Path(url.toLocalFile())
            assert target.parent == help_dir() and target.name in PAGES, f"{name}: {href} has no page"
            if url.hasFragment():
                assert url.fragment() in anchors[target.name], f"{name}: {href} has no such anchor"
            reached.add(target.name)
    assert set(PAGES) - {INDEX} <= set(links[INDEX]) | reached  # no page left unreachable
    assert set(links[INDEX]) >= set(TAB_PAGES)


def click_link(qtbot, guide: HelpWindow, href: str) -> None:
    """Click, with the mouse, the first link of the page shown that goes to `href`."""
    browser = guide.browser
    block = browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(browser.document())
                cursor.setPosition(fragment.position() + 1)
                browser.ensureCursorVisible()
                point = browser.cursorRect(cursor).center()
                qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
            iterator += 1
        block = block.next()
    raise AssertionError(f"no link to {href}")


def test_back_forward_and_contents_buttons(window, qtbot):
    guide = open_guide(window, qtbot)
    assert [a.text() for a in guide.toolbar.actions()] == ["后退", "前进", "目录", "快捷键"]
    assert not guide.back_action.isEnabled()
    click_link(qtbot, guide, "funds.html")
    assert guide.current_page() == "funds.html"
    assert guide.back_action.isEnabled()
    guide.back_action.trigger()
    assert guide.current_page() == INDEX
    assert guide.forward_action.isEnabled()
    guide.forward_action.trigger()
    assert guide.current_page() == "funds.html"
    guide.home_action.trigger()
    assert guide.current_page() == INDEX


def test_text_is_selectable_and_only_the_place_is_remembered(window, qtbot):
    guide = open_guide(window, qtbot)
    flags = guide.browser.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
    assert flags & Qt.TextInteractionFlag.TextSelectableByKeyboard
    guide.show_page("backup.html")
    guide.close()
    store = QSettings()
    store.beginGroup("help")
    assert store.allKeys() == ["geometry"]


def test_a_missing_screenshot_becomes_a_note(tmp_path, monkeypatch):
    folder = tmp_path / "help"
    shutil.copytree(help_dir(), folder, ignore=shutil.ignore_patterns("shots"))
    monkeypatch.setattr(help_window, "help_dir", lambda: folder)
    shown = page_html("members.html")
    assert "<img" not in shown and "截图" in shown and 'class="noshot"' in shown
    (folder / "shots").mkdir()
    QImage(20, 10, QImage.Format.Format_RGB32).save(str(folder / "shots" / "members.png"))
    shown = page_html("members.html", shot_width=500)
    assert '<img width="500" src="shots/members.png"' in shown and "noshot" not in shown


def shortcut_rows(guide: HelpWindow) -> list[tuple[str, str]]:
    """The 常用操作 table as shown (the page's first table): (keys, action) per row."""
    table = next(f for f in guide.browser.document().rootFrame().childFrames() if isinstance(f, QTextTable))
    cells = [[table.cellAt(r, c).firstCursorPosition().block().text() for c in range(2)] for r in range(table.rows())]
    assert cells[0] == ["按键", "作用"]
    return [(keys, action) for keys, action in cells[1:]]


def test_shortcuts_page_lists_the_windows_actions(window, qtbot):
    guide = open_guide(window, qtbot, "快捷键")
    keyed = [a for a in menu_actions(window) if not a.shortcut().isEmpty()]
    assert {window.commands["new"], window.commands["print"], help_action(window, "使用说明")} <= set(keyed)
    shown = {a.shortcut().toString(QKeySequence.SequenceFormat.NativeText) for a in keyed}
    rows = shortcut_rows(guide)
    assert {keys for keys, _action in rows} == shown
    new_row = next(a for k, a in rows if k == window.commands["new"].shortcut().toString())
    assert "会员：新增会员" in new_row and "经费：记一笔" in new_row and "五必访：登记走访" in new_row
    assert "Alt+F" in guide.browser.toPlainText()
    # An action added to the window later is listed: nothing is kept by hand.
    extra = QAction("合并会员", window.members_tab.area_menu)
    extra.setShortcut(QKeySequence("Ctrl+Shift+M"))
    window.members_tab.area_menu.addAction(extra)
    open_guide(window, qtbot, "快捷键")
    assert ("Ctrl+Shift+M", "合并会员") in shortcut_rows(guide)


def test_screenshots_of_every_tab_for_the_guide(tmp_path, qtbot, monkeypatch):
    """The module the build runs makes every picture the pages show, each a real 1366×768
    picture; the guide then shows them shrunk to its width."""
    folder = tmp_path / "help"
    shutil.copytree(help_dir(), folder, ignore=shutil.ignore_patterns("shots"))
    saved = make_shots(folder / "shots")
    assert sorted(p.name for p in saved) == sorted(SHOTS)
    wanted = {m for name in PAGES for m in re.findall(r'src="shots/([^"]+)"', (folder / name).read_text("utf-8"))}
    assert wanted and wanted <= set(SHOTS)
    for page in TAB_PAGES:
        assert "shots/" in (folder / page).read_text("utf-8"), f"{page} shows no screenshot"
    for name in wanted:
        image = QImage(str(folder / "shots" / name))
        assert (image.width(), image.height()) == SIZE, name
        colours = {image.pixel(x, y) for x in range(0, SIZE[0], 7) for y in range(0, SIZE[1], 7)}
        assert len(colours) > 20, f"{name} looks blank"
    monkeypatch.setattr(help_window, "help_dir", lambda: folder)
    guide = HelpWindow()
    qtbot.addWidget(guide)
    guide.show()
    guide.show_page("members.html")
    url = QUrl.fromLocalFile(str(folder / "shots" / "members.png"))
    shown = guide.browser.loadResource(QTextDocument.ResourceType.ImageResource, url)
    assert isinstance(shown, QImage) and not shown.isNull()
    assert shown.width() == pytest.approx(guide.browser.shot_width() * guide.devicePixelRatioF(), abs=1)
    assert "noshot" not in page_html("members.html")
