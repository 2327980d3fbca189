"""What the sections of the speed benchmark (bench_speed.py) share.

Each section module (speed_start, speed_typing, speed_xlsx, speed_pdf) has
`measure(ctx: Context) -> list[Figure]`: our figure and, beside it, the floor or the
baseline measured in the same run, each as the list of every run's value.
"""

from __future__ import annotations

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
