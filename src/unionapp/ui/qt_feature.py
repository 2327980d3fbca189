"""PySide6 reads the source of every module imported after it; this keeps it from keeping them.

Importing PySide6 installs an import hook for its opt-in `from __feature__ import
snake_case`. After every later import, the hook asks whether that module's source
mentions PySide6, through `inspect.getsource`. That function reads the whole file into
`linecache`, where it stays for the life of the process. At the app's start this was 564
modules: 21 MB of source lines (a seventh of the window's memory), read for a single
substring search.

`lighten()` swaps that one question for the same answer read without the cache: the file's
bytes are searched and dropped. A module with no source file (a PyInstaller bundle ships
none) answers False, as before. If PySide6 changes, so that the hook's module or function
is no longer there, nothing is swapped. tests/ui/test_qt_feature.py notices that.
"""

from __future__ import annotations

import sys

FEATURE_MODULE = "PySide6.support.feature"


def _mentions_pyside(module) -> bool:
    """PySide's own test ("PySide6" appears in the module's source), with no cache kept."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # built-in, extension or bytecode-only: no source, as getsource found
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def lighten() -> bool:
    """Install the cache-free test; True when PySide6's hook was there to be changed."""
    import PySide6.QtCore  # noqa: F401 - installs the hook (and loads the feature module)

    feature = sys.modules.get(FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _mentions_pyside
    return True
