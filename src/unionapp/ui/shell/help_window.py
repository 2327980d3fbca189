"""帮助 → 使用说明 and 帮助 → 快捷键: the Chinese guide shipped in resources/help/, shown in
a window beside the main one (not modal: the chair reads and works at the same time).

The pages are plain HTML files. Screenshots of the tabs (shots/*.png) are made from demo
data by ui/shell/help_shots.py at build time and are not in the repository: a page whose
picture is missing shows a short note in its place. shortcuts.html gets its table from
the main window's own actions (ui/shell/help_shortcuts.py) each time it is shown.
Only the window's size and place are remembered."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QImage, QKeySequence, QTextDocument
from PySide6.QtWidgets import QMainWindow, QMenu, QTextBrowser, QToolBar, QVBoxLayout, QWidget

from unionapp import config
from unionapp.ui.shell.help_shortcuts import shortcuts_html

INDEX = "index.html"
SHORTCUTS = "shortcuts.html"
SHORTCUTS_MARK = "<!--shortcuts-->"
SHOTS_DIR = "shots"
SHOT_WIDTH = 880  # at most; narrower when the window is
GEOMETRY_KEY = "help/geometry"
_IMAGE = re.compile(r'<img\b[^>]*\bsrc="(shots/[^"]+)"[^>]*>')
_ALT = re.compile(r'\balt="([^"]*)"')
NO_SHOT = '<p class="noshot">（这里是“{}”的截图，这一版没有附带。请对照程序中的实际窗口阅读。）</p>'
STYLE = """
p, li { line-height: 140%; }
h1 { color: #1f4e79; font-size: x-large; }
h2 { color: #1f4e79; font-size: large; margin-top: 16px; }
a { color: #0b5cad; }
th { background: #e8eef5; }
p.noshot { color: #856404; background: #fff3cd; }
"""


def help_dir() -> Path:
    """resources/help/, from a source checkout or a PyInstaller bundle."""
    return config.resource_path("help")


def page_path(name: str) -> Path:
    return help_dir() / name


def page_html(name: str, shortcuts: Callable[[], str] | None = None, shot_width: int = SHOT_WIDTH) -> str:
    """A page's HTML as shown: a screenshot is shown `shot_width` wide, a missing one becomes
    a note; the shortcuts mark becomes the window's real shortcuts."""
    text = page_path(name).read_text(encoding="utf-8")

    def picture(match: re.Match) -> str:
        if (help_dir() / match.group(1)).is_file():
            return match.group(0).replace("<img ", f'<img width="{shot_width}" ', 1)
        alt = _ALT.search(match.group(0))
        return NO_SHOT.format(html.escape(alt.group(1) if alt else "这一页"))

    text = _IMAGE.sub(picture, text)
    if SHORTCUTS_MARK in text:
        text = text.replace(SHORTCUTS_MARK, shortcuts() if shortcuts else "")
    return text


class HelpBrowser(QTextBrowser):
    """A QTextBrowser whose HTML pages go through page_html (images load as usual)."""

    def __init__(self, shortcuts: Callable[[], str] | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.shortcuts = shortcuts
        self.setOpenExternalLinks(False)  # the guide has no web links; nothing leaves the computer
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.document().setDefaultStyleSheet(STYLE)

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 - Qt's name
        path = Path(url.toLocalFile()) if url.isLocalFile() else None
        if kind == QTextDocument.ResourceType.HtmlResource and path and path.parent == help_dir() and path.is_file():
            return page_html(path.name, self.shortcuts, self.shot_width())
        if kind == QTextDocument.ResourceType.ImageResource and path and path.parent == help_dir() / SHOTS_DIR:
            return self._shot(path)
        return super().loadResource(kind, url)

    def shot_width(self) -> int:
        """Screenshots fit the window as it is when the page is opened."""
        return max(320, min(SHOT_WIDTH, self.viewport().width() - 40))

    def _shot(self, path: Path) -> QImage:
        """A screenshot shrunk smoothly to the width the page shows it at (Qt would shrink
        it pixel by pixel, leaving the text unreadable)."""
        image = QImage(str(path))
        width = self.shot_width()
        if image.isNull() or image.width() <= width:
            return image
        ratio = self.devicePixelRatioF()
        image = image.scaledToWidth(round(width * ratio), Qt.TransformationMode.SmoothTransformation)
        image.setDevicePixelRatio(ratio)
        return image


class HelpWindow(QWidget):
    """The guide: 后退/前进/首页 and the page. One per main window, found as its child."""

    def __init__(self, parent: QWidget | None = None, shortcuts: Callable[[], str] | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("工会助手使用说明")
        self.browser = HelpBrowser(shortcuts, self)
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.back_action = self._action("后退", self.browser.backward, QKeySequence.StandardKey.Back)
        self.forward_action = self._action("前进", self.browser.forward, QKeySequence.StandardKey.Forward)
        self.home_action = self._action("目录", lambda: self.show_page(INDEX))
        self.keys_action = self._action("快捷键", lambda: self.show_page(SHORTCUTS))
        self.back_action.setEnabled(False)
        self.forward_action.setEnabled(False)
        self.browser.backwardAvailable.connect(self.back_action.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_action.setEnabled)
        self.browser.sourceChanged.connect(lambda _url: self._update_title())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.browser)
        self._restore_geometry()

    def _action(self, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        self.toolbar.addAction(action)
        return action

    def show_page(self, name: str) -> None:
        """Show `name` (a file in resources/help/, optionally with "#anchor")."""
        page, _, anchor = name.partition("#")
        url = QUrl.fromLocalFile(str(page_path(page)))
        if anchor:
            url.setFragment(anchor)
        if self.browser.source().isLocalFile() and Path(self.browser.source().toLocalFile()) == page_path(page):
            self.browser.reload()  # the shortcuts may have changed with the current tab
            if anchor:
                self.browser.scrollToAnchor(anchor)
            return
        self.browser.setSource(url)

    def current_page(self) -> str:
        return Path(self.browser.source().toLocalFile()).name

    def _update_title(self) -> None:
        title = self.browser.documentTitle()
        self.setWindowTitle(
            f"工会助手使用说明 - {title}" if title and self.current_page() != INDEX else "工会助手使用说明"
        )

    def _restore_geometry(self) -> None:
        geometry = QSettings().value(GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(960, screen.width() - 40), min(700, screen.height() - 60))

    def hideEvent(self, event) -> None:
        QSettings().setValue(GEOMETRY_KEY, self.saveGeometry())  # where it was; never which page
        super().hideEvent(event)


def show_help(window: QMainWindow, page: str = INDEX, command_texts: dict[str, str] | None = None) -> HelpWindow:
    """Open (or bring forward) the guide of `window` at `page`."""
    help_window = window.findChild(HelpWindow)
    if help_window is None:
        texts = command_texts or {}
        help_window = HelpWindow(window, lambda: shortcuts_html(window, texts))
    help_window.show_page(page)
    help_window.show()
    help_window.raise_()
    help_window.activateWindow()
    return help_window


def add_help_actions(window: QMainWindow, menu: QMenu, command_texts: dict[str, str]) -> None:
    """使用说明 (F1) and 快捷键 at the top of the 帮助 menu. `command_texts`: the window's
    standard commands' own texts by key, for the shortcuts page."""
    guide = QAction("使用说明", menu)
    guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    guide.triggered.connect(lambda: show_help(window, INDEX, command_texts))
    keys = QAction("快捷键", menu)
    keys.triggered.connect(lambda: show_help(window, SHORTCUTS, command_texts))
    menu.addActions([guide, keys])
    menu.addSeparator()
