"""Qt's own texts in Chinese: standard buttons (确定/取消/是/否), file, print and preview
dialogs come from Qt's zh_CN catalogue shipped with PySide6, and the default locale is
zh_CN so dates and numbers in Qt widgets follow."""

from __future__ import annotations

import logging
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
            app.installTranslator(translator)
            translators.append(translator)
        else:
            log.warning("Qt translation not found: %s_zh_CN.qm", name)
    app.setProperty(_INSTALLED, bool(translators))
