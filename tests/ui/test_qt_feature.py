"""PySide6's import hook still answers whether a module uses PySide6, but no longer keeps
every imported module's source in linecache (ui/qt_feature.py)."""

from __future__ import annotations

import importlib
import linecache
import sys

from unionapp.ui import qt_feature


def _import_fresh(tmp_path, name: str, text: str):
    path = tmp_path / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        importlib.invalidate_caches()
        return __import__(name), str(path)  # the hook sits in __import__ (import_module skips it)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop(name, None)


def test_the_hook_is_lightened_once_the_ui_is_imported():
    feature = sys.modules[qt_feature.FEATURE_MODULE]
    assert feature._mod_uses_pyside is qt_feature._mentions_pyside
    assert qt_feature.lighten() is True  # again: harmless


def test_imports_after_pyside_leave_no_source_in_linecache(tmp_path):
    feature = sys.modules[qt_feature.FEATURE_MODULE]
    uses, uses_path = _import_fresh(tmp_path, "uses_qt_probe", "import PySide6.QtCore\nVALUE = 1\n")
    plain, plain_path = _import_fresh(tmp_path, "plain_probe", "VALUE = 2\n")
    assert uses.VALUE == 1 and plain.VALUE == 2
    assert uses_path not in linecache.cache and plain_path not in linecache.cache
    # PySide's own answer is kept: 0 for a module that names PySide6, -1 ("ignore") otherwise
    assert feature.pyside_feature_dict["uses_qt_probe"] == 0
    assert feature.pyside_feature_dict["plain_probe"] == -1


def test_a_module_without_source_answers_false(tmp_path):
    assert qt_feature._mentions_pyside(sys) is False  # built in
    (tmp_path / "gone.py").write_text("import PySide6\n", encoding="utf-8")
    stub = type("Module", (), {"__file__": str(tmp_path / "missing.py")})()
    assert qt_feature._mentions_pyside(stub) is False
