"""帮助 → 快捷键: the shortcuts the main window really has, read from its menus' QActions
when the page is shown, so the list can never drift from the window (no list kept by hand).

The window's standard commands (新建, 删除, 打印 ...) change their text with the current
tab; their row gives the command's own text (passed in by the window, which keeps it) and
what each tab makes of it (AreaTab.command_labels)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

# "(&F)" mnemonics and the "…" that says a dialog follows are not part of what an action does.
_MNEMONIC = re.compile(r"\(&(\w)\)|&(?=\w)")
_TAB_COUNT = re.compile(r"\s*[（(].*$")  # "五必访（3）": the attention count is not the tab's name


@dataclass(frozen=True)
class Shortcut:
    keys: str  # as this computer shows them, e.g. "Ctrl+N"
    action: str  # what it does, in the chair's words


def plain_text(text: str) -> str:
    return _MNEMONIC.sub("", text).replace("…", "").strip()


def _keys(action: QAction) -> str:
    shown = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
    return " 或 ".join(shown)


def menu_actions(window: QMainWindow) -> list[QAction]:
    """Every action reachable from the menu bar (including the menus of tabs not shown now)."""
    found: list[QAction] = []
    seen: set[int] = set()

    def walk(actions: list[QAction]) -> None:
        for action in actions:
            if id(action) in seen or action.isSeparator():
                continue
            seen.add(id(action))
            menu = action.menu()
            if isinstance(menu, QMenu):
                walk(menu.actions())
            else:
                found.append(action)

    walk(window.menuBar().actions())
    return found


def _tab_names(window: QMainWindow, command: str) -> str:
    """What each area tab calls a standard command: "会员：新增会员；经费：记一笔"."""
    tabs = getattr(window, "tabs", None)
    if tabs is None:
        return ""
    parts = []
    for index in range(tabs.count()):
        label = getattr(tabs.widget(index), "command_labels", {}).get(command)
        if label:
            parts.append(f"{_TAB_COUNT.sub('', tabs.tabText(index))}：{plain_text(label)}")
    return "；".join(parts)


def shortcuts(window: QMainWindow, command_texts: dict[str, str]) -> list[Shortcut]:
    """The window's actions that have a shortcut, in menu order, each once. `command_texts`:
    the standard commands' own texts by key (the keys of `window.commands`)."""
    commands = {id(action): key for key, action in getattr(window, "commands", {}).items()}
    rows: list[Shortcut] = []
    for action in menu_actions(window):
        keys = _keys(action)
        if not keys:
            continue
        key = commands.get(id(action))
        if key is None:
            text = plain_text(action.text())
        else:
            names = _tab_names(window, key)
            text = plain_text(command_texts.get(key, action.text())) + (f"（{names}）" if names else "")
        row = Shortcut(keys, text)
        if row not in rows:
            rows.append(row)
    return rows


def menu_keys(window: QMainWindow) -> list[Shortcut]:
    """Alt + the letter in a menu's name opens it: 文件(&F) → Alt+F."""
    rows: list[Shortcut] = []
    for action in window.menuBar().actions():
        match = re.search(r"&(\w)", action.text())
        if match:
            row = Shortcut(f"Alt+{match.group(1).upper()}", f"打开“{plain_text(action.text())}”菜单")
            if row not in rows:
                rows.append(row)
    return rows


def _table(rows: list[Shortcut]) -> str:
    lines = ['<table border="1" cellspacing="0" cellpadding="5">', "<tr><th>按键</th><th>作用</th></tr>"]
    for row in rows:
        lines.append(f"<tr><td><b>{html.escape(row.keys)}</b></td><td>{html.escape(row.action)}</td></tr>")
    lines.append("</table>")
    return "\n".join(lines)


def shortcuts_html(window: QMainWindow, command_texts: dict[str, str]) -> str:
    """The generated part of shortcuts.html: the commands, then the menus."""
    found = shortcuts(window, command_texts)
    commands = _table(found) if found else "<p>这个窗口目前没有设置快捷键。</p>"
    return (
        f'<h2 id="commands">常用操作</h2>\n{commands}\n'
        f'<h2 id="menu-keys">菜单</h2>\n<p>菜单栏里只有当前页的菜单；“报表”菜单每一页各有一个。</p>\n'
        f"{_table(menu_keys(window))}"
    )
