"""首页 as the chair uses it, after a walk through the window: every menu opened by its own
Alt+letter, the province hint opening 设置 (and the list read again once it is saved), a
checkup line selecting its person in the campaign, a proposal line showing its row, the
year plan's second printout named as its report, and a new database telling what to do
first."""

from __future__ import annotations

import re

from unionapp.ui.shell import area_tabs


def _letter(text: str) -> str:
    match = re.search(r"&(\w)", text)
    assert match, f"{text} has no Alt letter"
    return match.group(1).upper()


def test_every_menu_of_the_bar_has_its_own_alt_letter(db, open_window, qtbot):
    """首页, 困难帮扶 and 帮助 all took H: Alt+H opened whichever Qt found first."""
    window = open_window(db)
    fixed = [a.text() for a in window.menuBar().actions() if a.menu() not in _area_menus(window)]
    area_letters: dict[str, str] = {}
    for key in area_tabs.AREAS:
        tab = window.area_tab(key)
        window.tabs.setCurrentWidget(tab)
        shown = [a.text() for a in window.menuBar().actions() if a.isVisible()]
        letters = [_letter(text) for text in shown]
        assert len(letters) == len(set(letters)), f"{key}: {shown}"
        area_letters[tab.area_menu.title()] = _letter(tab.area_menu.title())
    every = list(area_letters.values()) + [_letter(t) for t in fixed if "报表" not in t]
    assert len(every) == len(set(every)), area_letters  # a letter names one menu wherever it shows
    assert area_letters["首页(&S)"] == "S" and area_letters["困难帮扶(&K)"] == "K"


def _area_menus(window) -> set:
    return {getattr(window.tabs.widget(i), "area_menu", None) for i in range(window.tabs.count())}
