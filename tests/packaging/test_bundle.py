"""Build the PyInstaller bundle (build.spec) and run what it produced.

Slow (a full build, ~40 s on 2 cores): run with `pytest tests/packaging -m slow`.

What this proves about the frozen app, beyond "it builds":
- the console executable prints its version and creates a database, i.e. SQLAlchemy's
  sqlite dialect and Alembic (env.py + versions/*.py read as files from
  _MEIPASS/unionapp/db/migrations) work frozen;
- paths with Chinese characters and spaces work, both for the data and for the
  install folder itself (PyInstaller issue #7385: Qt plugins not found under a
  non-ASCII path);
- the windowed executable starts Qt headless from the bundled plugins and registers the
  bundled CJK font.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import unionapp
from unionapp.db.migrate import head_revision

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build.spec"
BUILD_TIMEOUT_S = 1200  # ~40 s on 2 cores; generous for a cold cache or a slow CI box
RUN_TIMEOUT_S = 180
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
CHINESE_DIR = "测试 数据"  # Chinese characters and a space, as a Windows user's folder might be


def _pyinstaller_missing() -> bool:
    try:
        return importlib.util.find_spec("PyInstaller") is None
    except (ImportError, ValueError):
        return True


def _run(
    args: list[str | Path], env: dict[str, str], cwd: Path | None = None, timeout: float = RUN_TIMEOUT_S
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
    )


def _explain(proc: subprocess.CompletedProcess) -> str:
    return f"exit {proc.returncode}\n--- stdout ---\n{proc.stdout[-4000:]}\n--- stderr ---\n{proc.stderr[-4000:]}"


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bundle")


@pytest.fixture(scope="module")
def env(work) -> dict[str, str]:
    """Headless, UTF-8, and nothing written to the real user's folders."""
    e = dict(os.environ)
    e.update(
        LANG="C.UTF-8",
        QT_QPA_PLATFORM="offscreen",
        UNIONAPP_DATA_DIR=str(work / CHINESE_DIR / "appdata"),
        XDG_CONFIG_HOME=str(work / "xdg-config"),  # QSettings ("database/last", window geometry)
        XDG_CACHE_HOME=str(work / "xdg-cache"),
    )
    for name in (
        "UNIONAPP_STARTUP_REPORT",
        "PYTHONPATH",
        "PYTHONHOME",
        "QT_PLUGIN_PATH",
        "QT_QPA_PLATFORM_PLUGIN_PATH",
    ):
        e.pop(name, None)  # the bundle must find everything by itself
    return e


@pytest.fixture(scope="module")
def bundle(work) -> Path:
    """Build once per module into tmp: returns dist/unionapp (the one-folder bundle)."""
    if _pyinstaller_missing():
        pytest.skip("PyInstaller is not installed in this environment (pip install -e .[build])")
    dist, build = work / "dist", work / "build"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(dist),
            "--workpath",
            str(build),
            str(SPEC),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=BUILD_TIMEOUT_S,
    )
    assert proc.returncode == 0, "PyInstaller build failed\n" + _explain(proc)
    folder = dist / "unionapp"
    assert folder.is_dir(), f"no one-folder bundle at {folder}"
    return folder


def _cli(folder: Path) -> Path:
    return folder / f"unionapp-cli{EXE_SUFFIX}"


def _gui(folder: Path) -> Path:
    return folder / f"unionapp{EXE_SUFFIX}"


def _internal(folder: Path) -> Path:
    """sys._MEIPASS of a one-folder bundle (PyInstaller 6: the contents directory)."""
    return folder / "_internal"


@pytest.fixture(scope="module")
def database(bundle, work, env) -> Path:
    """`unionapp-cli --db <tmp>/测试 数据/union.db init --union-name 测试工会`, then one member imported."""
    folder = work / CHINESE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "union.db"
    proc = _run([_cli(bundle), "--db", db, "init", "--union-name", "测试工会"], env)
    assert proc.returncode == 0, "init failed\n" + _explain(proc)
    assert "Traceback" not in proc.stderr, _explain(proc)
    return db


def test_bundle_layout(bundle):
    """Both executables, and the data files where resource_path() and migrate.py look."""
    assert _gui(bundle).is_file() and _cli(bundle).is_file()
    meipass = _internal(bundle)
    assert (meipass / "resources" / "fonts" / "wqy-microhei.ttc").is_file()
    assert (meipass / "resources" / "fonts" / "LICENSE-wqy-microhei-Apache-2.0.txt").is_file()
    # The guide, with the screenshots build.spec makes from demo data before bundling.
    assert (meipass / "resources" / "help" / "index.html").is_file()
    assert (meipass / "resources" / "help" / "shots" / "members.png").is_file()
    migrations = meipass / "unionapp" / "db" / "migrations"
    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    source_versions = sorted(p.name for p in (ROOT / "src/unionapp/db/migrations/versions").glob("*.py"))
    bundled_versions = sorted(p.name for p in (migrations / "versions").glob("*.py"))
    assert bundled_versions == source_versions
    assert not list(meipass.rglob("*.pyc")), "stray bytecode files copied in as data"
    # Qt's own Chinese texts (standard buttons, file and print dialogs); where PyInstaller's
    # Qt hook puts them depends on the platform's PySide6 layout.
    assert list(meipass.rglob("qtbase_zh_CN.qm")), "Qt's zh_CN translation is not in the bundle"


def test_cli_version(bundle, env):
    proc = _run([_cli(bundle), "--version"], env)
    assert proc.returncode == 0, _explain(proc)
    assert proc.stdout.strip() == f"unionapp {unionapp.__version__}"


def test_cli_init_creates_schema_in_chinese_path(bundle, database, env):
    assert database.is_file()
    con = sqlite3.connect(database)
    try:
        versions = [row[0] for row in con.execute("SELECT version_num FROM alembic_version")]
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        union_name = con.execute("SELECT value FROM settings WHERE key = 'union_name'").fetchone()
    finally:
        con.close()
    assert versions == [head_revision()]
    assert "members" in tables
    assert union_name == ("测试工会",)
    # Migrations run from the bundle must not write bytecode into it (read-only Program Files).
    assert not list(bundle.rglob("__pycache__"))


def test_cli_import_members(bundle, database, env, work):
    """openpyxl, pypinyin's data files and the import service, frozen."""
    openpyxl = pytest.importorskip("openpyxl")
    from unionapp.domain.idcard import make_id_number

    book = work / CHINESE_DIR / "会员 名单.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(["姓名", "性别", "身份证号"])
    ws.append(["张三", "男", make_id_number("340102", date(1980, 5, 1), 1, "M")])
    wb.save(book)
    proc = _run([_cli(bundle), "--db", database, "import", "members", book], env)
    assert proc.returncode == 0, _explain(proc)
    assert "新增 1 人" in proc.stdout, _explain(proc)
    con = sqlite3.connect(database)
    try:
        assert con.execute("SELECT name FROM members").fetchall() == [("张三",)]
    finally:
        con.close()


ODS_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
    ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
    '<table:table table:name="花名册"><table:table-row>'
    '<table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell>'
    '<table:table-cell office:value-type="string"><text:p>出生日期</text:p></table:table-cell></table:table-row>'
    '<table:table-row><table:table-cell office:value-type="string"><text:p>李四</text:p></table:table-cell>'
    '<table:table-cell office:value-type="date" office:date-value="1985-03-12"><text:p>1985-03-12</text:p>'
    "</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
)


def _write_ods(path: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", ODS_CONTENT)
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
    return path


@pytest.mark.parametrize("kind, added", [(".xls", 5), (".ods", 1)])
def test_cli_imports_legacy_xls_and_ods(bundle, env, work, kind, added):
    """python-calamine's compiled module, frozen: only it reads .xls and .ods (an .xlsx
    falls back to the streaming reader if calamine fails, so the test above can't tell).
    lxml, through which openpyxl writes, is carried too."""
    meipass = _internal(bundle)
    assert list((meipass / "python_calamine").glob("_python_calamine*")), "python-calamine's module is missing"
    assert list((meipass / "lxml").glob("etree*")), "lxml.etree is missing"
    folder = work / CHINESE_DIR / kind.lstrip(".")
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "union.db"
    proc = _run([_cli(bundle), "--db", db, "init", "--union-name", "测试工会"], env)
    assert proc.returncode == 0, _explain(proc)
    if kind == ".xls":
        book = folder / "会员 名单.xls"
        shutil.copyfile(ROOT / "tests" / "fixtures" / "roster_legacy.xls", book)
    else:
        book = _write_ods(folder / "会员 名单.ods")
    proc = _run([_cli(bundle), "--db", db, "import", "members", book], env)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, _explain(proc)
    assert f"新增 {added} 人" in proc.stdout, _explain(proc)
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT count(*) FROM members").fetchone() == (added,)
    finally:
        con.close()


@pytest.mark.parametrize("suffix, magic", [(".xlsx", b"PK"), (".pdf", b"%PDF")])
def test_cli_export_members(bundle, database, env, work, suffix, magic):
    """openpyxl / reportlab with the bundled font, frozen. Runs once `export` exists in the CLI."""
    helptext = _run([_cli(bundle), "--help"], env).stdout
    if "export" not in helptext:
        pytest.skip("the command line has no `export` command yet")
    out = work / CHINESE_DIR / f"会员 名册{suffix}"
    proc = _run([_cli(bundle), "--db", database, "export", "members", "-o", out], env)
    assert proc.returncode == 0, _explain(proc)
    assert "Traceback" not in proc.stderr, _explain(proc)
    data = out.read_bytes()
    assert data.startswith(magic)
    if suffix == ".pdf":
        # reportlab embeds a TrueType subset as /FontFile2: the bundled CJK font was found.
        assert b"/FontFile2" in data


@pytest.fixture(scope="module")
def moved_bundle(bundle, work) -> Path:
    """The whole dist folder copied to an install path with Chinese characters and a space."""
    target = work / "程序 文件" / "工会助手"
    shutil.copytree(bundle, target, symlinks=True)
    return target


def test_cli_runs_from_chinese_install_path(moved_bundle, env):
    proc = _run([_cli(moved_bundle), "--version"], env, cwd=moved_bundle)
    assert proc.returncode == 0, _explain(proc)
    assert proc.stdout.strip() == f"unionapp {unionapp.__version__}"


def test_gui_starts_headless_with_bundled_plugins_and_font(moved_bundle, database, env):
    gui_env = dict(env, UNIONAPP_STARTUP_REPORT="1", QT_DEBUG_PLUGINS="1")
    proc = _run([_gui(moved_bundle), "--db", database], gui_env, cwd=moved_bundle)
    assert proc.returncode == 0, _explain(proc)
    report = [line for line in proc.stdout.splitlines() if line.startswith("window_filled_at=")]
    assert report, "the window never reported it was filled\n" + _explain(proc)
    if "rows=" in report[0]:
        assert int(report[0].split("rows=")[1].split()[0]) >= 1, report[0]
    # ui.app logs this warning (to stderr, before the log file is set up) if the font failed.
    assert "bundled font not loaded" not in proc.stderr, _explain(proc)
    assert "Qt translation not found" not in proc.stderr, _explain(proc)  # likewise, Qt in Chinese
    assert "Traceback" not in proc.stderr, _explain(proc)
    # The offscreen platform plugin came from inside the (moved, non-ASCII) bundle.
    plugin_lines = [
        line
        for line in proc.stderr.splitlines()
        if "loaded library" in line and "offscreen" in line and "unloaded" not in line
    ]
    assert plugin_lines, "Qt did not report loading the offscreen plugin\n" + _explain(proc)
    inside = _internal(moved_bundle).as_posix()
    assert all(inside in line.replace("\\", "/") for line in plugin_lines), plugin_lines
