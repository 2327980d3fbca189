"""What the sections of the speed benchmark (bench_speed.py) share.

Each section module (speed_start, speed_typing, speed_xlsx, speed_pdf) has
`measure(ctx: Context) -> list[Figure]`: our figure and, beside it, the floor or the
baseline measured in the same run, each as the list of every run's value.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Context:
    folder: Path  # a temporary folder for the run's files
    db_arg: str  # what `--db` takes: the 10,000-member SQLite file, or the PostgreSQL URL
    members: int  # how many members the database holds
    runs: int  # at least 5: medians are reported
    env: dict  # environment for child processes (own data folder, offscreen Qt)
    python: str = sys.executable


@dataclass
class Figure:
    key: str  # stable id for the JSON, e.g. "start.window_filled"
    label: str  # what was measured, one line
    unit: str  # "s", "ms" or "MB"
    ours: list[float]  # every run's value
    baseline_label: str = ""  # what it is compared with ("bare QApplication + QMainWindow")
    baseline: list[float] = field(default_factory=list)  # every run's value of the baseline
    goal: float | None = None  # the goal, in `goal_kind`
    goal_kind: str = "value"  # "value": ours ≤ goal in `unit`; "ratio": ours/baseline ≤ goal
    note: str = ""  # e.g. "LibreOffice not installed: baseline skipped"

    @property
    def median(self) -> float | None:
        return statistics.median(self.ours) if self.ours else None  # None: skipped (see note)

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        base = self.baseline_median
        return self.median / base if base and self.ours else None

    @property
    def met(self) -> bool | None:
        if self.goal is None or not self.ours:
            return None
        if self.goal_kind == "ratio":
            return None if self.ratio is None else self.ratio <= self.goal
        return self.median <= self.goal


def run_process(args: list[str], env: dict) -> tuple[float, float, float, str]:
    """Run a child process to its end: (wall s, CPU s of the child, its own peak RSS MB,
    stdout). Raises SystemExit with its stderr when it fails."""
    with tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, text=True, env=env)
        out = proc.stdout.read()
        _pid, status, usage = os.wait4(proc.pid, 0)  # wait4: this child's own rusage
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stdout.close()
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(map(str, args))} failed:\n{err.read()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


SRC = Path(__file__).resolve().parent.parent / "src"


def child_env(folder: Path) -> dict:
    """Child processes: offscreen Qt, their own data and settings folders, bytecode written
    (an installed app starts from compiled modules), this checkout's package first."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        UNIONAPP_DATA_DIR=str(folder / "data"),
        XDG_CONFIG_HOME=str(folder / "config"),
        HOME=str(folder / "home"),
    )
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    return env


def use_in_this_process(env: dict) -> None:
    """A section measured in this process (typing) sees the same folders and Qt platform."""
    os.environ.update({k: env[k] for k in ("QT_QPA_PLATFORM", "UNIONAPP_DATA_DIR", "XDG_CONFIG_HOME")})


def show(figure: Figure) -> None:
    """One figure as the benchmark prints it: median and runs, the baseline and ratio, the goal."""
    unit = figure.unit
    if figure.median is None:
        print(f"  {figure.label}: skipped — {figure.note}", flush=True)
        return
    line = f"  {figure.label}: median {figure.median:.3g} {unit} (runs {', '.join(f'{v:.3g}' for v in figure.ours)})"
    if figure.baseline:
        line += f"\n    beside {figure.baseline_label}: median {figure.baseline_median:.3g} {unit}; ratio {figure.ratio:.2f}×"
    if figure.goal is not None:
        goal = f"≤ {figure.goal}×" if figure.goal_kind == "ratio" else f"≤ {figure.goal} {unit}"
        verdict = {True: "met", False: "NOT met", None: "not judged"}[figure.met]
        line += f"\n    goal {goal}: {verdict}"
    if figure.note:
        line += f"\n    note: {figure.note}"
    print(line, flush=True)


def run_alone(measure, doc: str) -> None:
    """A section run on its own: `python benchmarks/speed_<part>.py DB [--runs N]`."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", help="a SQLite file or a PostgreSQL URL (as --db takes)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--members", type=int, default=10000, help="how many members the database holds (label)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = child_env(folder)
        use_in_this_process(env)
        for figure in measure(Context(folder, args.db, args.members, args.runs, env)):
            show(figure)
