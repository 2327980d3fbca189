"""Qt's own texts in Chinese: standard buttons (确定/取消/是/否), file, print and preview
dialogs come from Qt's zh_CN catalogue shipped with PySide6, and the default locale is
zh_CN so dates and numbers in Qt widgets follow.

The catalogue PySide6 ships lags Qt's sources: Qt 6 gave some labels a keyboard accelerator
("&Look in:" was "Look in:", likewise "Files of &type:" and the page setup's "Page &order:"),
so the catalogue no longer matches them, and a few texts (the file list's "Folder") were never
translated. A small fill-in translator answers those after the catalogue."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger("unionapp")
LOCALE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
# qtbase carries every text a widgets app shows (dialogs, buttons, print preview); the
# umbrella "qt" catalogue would only pull in modules this app does not use.
CATALOGUES = ("qtbase",)
_INSTALLED = "unionapp_translators"
# Texts Qt shows that its zh_CN catalogue has no translation for, in any of Qt's contexts.
MISSING = {
    "Folder": "文件夹",  # the file list's 类型 column (QAbstractFileIconProvider)
    "File Folder": "文件夹",
    "Drive": "驱动器",
    "bytes": "字节",  # file sizes (QLocale)
    "%n byte(s)": "%n 字节",
    "Automatic": "自动",  # paper source
    "Custom value for %1": "%1 的自定义值",
    "Banner page at start": "起始横幅页",
    "Banner page at end": "结束横幅页",
}
# One accelerator letter, not a literal "&&".
_ACCELERATOR = re.compile(r"&(?!&)(\w)")


class FillInTranslator(QTranslator):
    """Asked only after Qt's catalogue found nothing: the catalogue's translation of the
    text without its accelerator, given the accelerator the Chinese way (查找范围(&L)：),
    else the few texts in MISSING."""

    def __init__(self, catalogue: QTranslator, parent=None) -> None:
        super().__init__(parent)
        self._catalogue = catalogue

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001 - Qt's signature
        # None, not "": an empty text would be taken as the translation and blank the widget.
        if not source:
            return None
        if "&" in source:
            return self._without_accelerator(context, source, disambiguation, n)
        return MISSING.get(source)

    def _without_accelerator(self, context, source, disambiguation, n) -> str | None:
        found = _ACCELERATOR.search(source)
        if found is None:
            return None
        plain = source[: found.start()] + source[found.start() + 1 :]
        text = self._catalogue.translate(context, plain, disambiguation, n) or MISSING.get(plain)
        return with_accelerator(text, found.group(1).upper()) if text else None


def with_accelerator(text: str, key: str) -> str:
    """Chinese menus put the key after the words, before a closing colon: 页面顺序(&O)："""
    if "&" in text:
        return text
    stem = text.rstrip("：:")
    return f"{stem}(&{key}){text[len(stem) :]}"


def translation_folders() -> list[Path]:
    """Where Qt's .qm files are: Qt's own path, and in the bundle the collected copy."""
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        # PyInstaller keeps the wheel's layout: PySide6/Qt/translations, or PySide6/translations on Windows.
        folders += [Path(bundle) / "PySide6" / "Qt" / "translations", Path(bundle) / "PySide6" / "translations"]
    return folders


def install_chinese(app: QApplication) -> None:
    """Once per application: the zh_CN default locale and Qt's zh_CN translators."""
    QLocale.setDefault(LOCALE)
    if app.property(_INSTALLED):
        return
    translators = []
    for name in CATALOGUES:
        translator = QTranslator(app)
        if any(translator.load(LOCALE, name, "_", str(folder)) for folder in translation_folders()):
            # Qt asks the translator installed last first: the fill-in goes in before its
            # catalogue, so it is asked only for what the catalogue lacks.
            app.installTranslator(FillInTranslator(translator, app))
            app.installTranslator(translator)
            translators.append(translator)
        else:
            log.warning("Qt translation not found: %s_zh_CN.qm", name)
    app.setProperty(_INSTALLED, bool(translators))
