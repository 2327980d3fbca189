"""Start-up section of the speed benchmark: process start → main window shown and filled.

`start.window_filled`: the parent's clock before it starts `python -m unionapp --db DB`
with UNIONAPP_STARTUP_REPORT=1 until the moment the child prints that the window is shown
and its first tab (首页's care list) holds its lines (the child prints the epoch time, then
quits). Beside it
the floor: a child that imports PySide6, makes a QApplication and a QMainWindow, shows it,
processes events once and prints the time. Runs interleaved, ours then the floor.
`start.memory`: the peak resident memory (os.wait4) of those same children: ours showed
the window filled and quit.
`start.members_window_filled`, `start.members_memory`: the same for a start that opens on
the 会员 tab (the tab the window remembers), its whole roster read.
`start.bundle_window_filled`, `start.bundle_memory`: the same for the PyInstaller bundle,
when UNIONAPP_BENCH_BUNDLE names its executable (skipped with a note otherwise).

    PYTHONPATH=src python benchmarks/speed_start.py DB [--runs 5]
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed_common import Context, Figure, run_alone, run_process  # noqa: E402

BUNDLE_ENV = "UNIONAPP_BENCH_BUNDLE"
FLOOR = (
    "import sys, time\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv)\n"
    "window = QMainWindow()\n"
    "window.resize(1200, 760)\n"
    "window.show()\n"
    "app.processEvents()\n"
    "print(f'window_filled_at={time.time():.4f}', flush=True)\n"
)


def _child_env(ctx: Context) -> dict:
    env = {**ctx.env, "UNIONAPP_STARTUP_REPORT": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a start as installed reads compiled bytecode
    return env


def _compile_sources(ctx: Context, env: dict) -> None:
    """Byte-compile the package once, so no run pays for compiling."""
    package = Path(importlib.util.find_spec("unionapp").origin).parent
    subprocess.run([ctx.python, "-m", "compileall", "-q", str(package)], env=env, check=True)


def _start(args: list[str], env: dict) -> tuple[float, float, str]:
    """(seconds from before the spawn to the child's report, its peak RSS MB, its report)."""
    before = time.time()
    _wall, _cpu, peak, out = run_process(args, env)
    line = next(line for line in out.splitlines() if line.startswith("window_filled_at="))
    fields = dict(part.split("=", 1) for part in line.split())
    return float(fields["window_filled_at"]) - before, peak, line


REMEMBER_TAB = (
    "import sys\n"
    "from PySide6.QtCore import QCoreApplication, QSettings\n"
    "from unionapp import APP_TITLE\n"
    "QCoreApplication.setOrganizationName('unionapp')\n"
    "QCoreApplication.setApplicationName(APP_TITLE)\n"
    "QSettings().setValue('window/tab', sys.argv[1])\n"
    "QSettings().sync()\n"
)


def _remember_tab(ctx: Context, env: dict, key: str) -> None:
    """The tab the next start opens on, saved as the window saves it when it closes."""
    subprocess.run([ctx.python, "-c", REMEMBER_TAB, key], env=env, check=True)


def _members_start(ctx: Context, env: dict, app: list[str]) -> tuple[list[float], list[float]]:
    """Starts that open on 会员 (a chair who left the window there): its 10,000 rows read."""
    _remember_tab(ctx, env, "members")
    try:
        runs = [_start(app, env) for _ in range(max(3, ctx.runs // 2))]
    finally:
        _remember_tab(ctx, env, "home")
    return [seconds for seconds, _peak, _line in runs], [peak for _seconds, peak, _line in runs]


def _rows(line: str) -> str:
    return dict(part.split("=", 1) for part in line.split()).get("rows", "?")


def _after_shown(line: str) -> float | None:
    """How long after window.show() the first tab's rows were in (首页's goal: 0.5 s)."""
    value = dict(part.split("=", 1) for part in line.split()).get("after_shown_s")
    return float(value) if value is not None else None


def measure(ctx: Context) -> list[Figure]:
    env = _child_env(ctx)
    _compile_sources(ctx, env)
    app = [ctx.python, "-m", "unionapp", "--db", ctx.db_arg]
    floor = [ctx.python, "-c", FLOOR]
    bundle = os.environ.get(BUNDLE_ENV) or ctx.env.get(BUNDLE_ENV)
    ours_s, ours_mb, floor_s, floor_mb, bundle_s, bundle_mb, shown_s = [], [], [], [], [], [], []
    line = ""
    for _ in range(ctx.runs):
        seconds, peak, line = _start(app, env)
        ours_s.append(seconds)
        if (after := _after_shown(line)) is not None:
            shown_s.append(after)
        ours_mb.append(peak)
        seconds, peak, _ = _start(floor, env)
        floor_s.append(seconds)
        floor_mb.append(peak)
        if bundle:
            seconds, peak, _ = _start([bundle, "--db", ctx.db_arg], env)
            bundle_s.append(seconds)
            bundle_mb.append(peak)
    floor_label = "bare QApplication + QMainWindow shown (python)"
    settled = [_start(app, {**env, "UNIONAPP_STARTUP_REPORT": "settled"})[1] for _ in range(max(3, ctx.runs // 2))]
    members_s, members_mb = _members_start(ctx, env, app)
    figures = [
        Figure(
            "start.window_filled",
            f"process start → main window shown, first tab filled ({_rows(line)} rows)",
            "s",
            ours_s,
            floor_label,
            floor_s,
            goal=0.8,
        ),
        Figure(
            "start.filled_after_shown",
            "window shown → its first tab (首页's care list) filled, computed off the GUI thread",
            "s",
            shown_s,
            goal=0.5,
        ),
        Figure(
            "start.memory",
            "peak RSS of a process that showed the window filled, then quit",
            "MB",
            ours_mb,
            floor_label,
            floor_mb,
            goal=150,
        ),
        Figure(
            "start.memory_settled",
            "peak RSS with the window open 6 s after filled (五必访 counted, automatic backup made)",
            "MB",
            settled,
            floor_label,
            floor_mb,
            goal=150,
        ),
    ]
    figures += [
        Figure(
            "start.members_window_filled",
            "process start → window shown on 会员 (the tab remembered), its rows filled",
            "s",
            members_s,
            floor_label,
            floor_s,
            goal=0.8,
        ),
        Figure(
            "start.members_memory",
            "peak RSS of a start that opened on 会员 and showed its rows, then quit",
            "MB",
            members_mb,
            floor_label,
            floor_mb,
            goal=150,
        ),
    ]
    if not bundle:
        note = f"{BUNDLE_ENV} not set: the PyInstaller bundle was not measured"
        figures += [
            Figure("start.bundle_window_filled", "bundle: process start → window filled", "s", [], goal=0.8, note=note),
            Figure("start.bundle_memory", "bundle: peak RSS, window filled then quit", "MB", [], goal=150, note=note),
        ]
        return figures
    figures += [
        Figure(
            "start.bundle_window_filled",
            "PyInstaller bundle: process start → main window shown and filled",
            "s",
            bundle_s,
            floor_label,
            floor_s,
            goal=0.8,
        ),
        Figure(
            "start.bundle_memory",
            "PyInstaller bundle: peak RSS of a process that showed the window filled, then quit",
            "MB",
            bundle_mb,
            floor_label,
            floor_mb,
            goal=150,
        ),
    ]
    return figures


if __name__ == "__main__":
    run_alone(measure, __doc__)
