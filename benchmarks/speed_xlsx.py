"""Excel section of the speed benchmark: `unionapp export members` to .xlsx, whole process.

`export.xlsx`: the wall time of `python -m unionapp --db DB export members -o X.xlsx`
(open the database, read the members, build the roster, write the workbook, exit) beside
the baseline: a process that imports openpyxl, loads the same cells and writes them with
`Workbook(write_only=True)` and `ws.append(row)`, then saves. The same cells: before the
timed runs our export is made once and read back with openpyxl (every row: title, header,
members, signatures; a date read back as a datetime at midnight is made a date again), and
pickled into the run's folder; the baseline child loads that pickle inside its timed run,
so reading its input counts on its side as reading the database counts on ours. Neither
side gets styles for free: ours writes its fonts, borders and formats, the baseline none.
Runs interleaved, the order swapped each run, ctx.runs of each. The note gives the peak
resident memory (os.wait4) and CPU time of both.

    PYTHONPATH=src python benchmarks/speed_xlsx.py DB [--runs 5]
"""

from __future__ import annotations

import pickle
import statistics
import sys
from datetime import datetime, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed_common import Context, Figure, run_alone, run_process  # noqa: E402

# The baseline child: argv = the pickled rows, the sheet title, the file to write.
BASELINE = """
import pickle, sys
from openpyxl import Workbook
with open(sys.argv[1], "rb") as f:
    rows = pickle.load(f)
wb = Workbook(write_only=True)
ws = wb.create_sheet(sys.argv[2])
for row in rows:
    ws.append(row)
wb.save(sys.argv[3])
"""


def same_cells(xlsx: Path, out: Path) -> str:
    """Pickle every row of our export's first sheet into `out`; returns the sheet's title."""
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True)
    ws = wb.worksheets[0]
    rows = [tuple(_as_written(v) for v in row) for row in ws.iter_rows(values_only=True)]
    title = ws.title
    wb.close()
    with open(out, "wb") as f:
        pickle.dump(rows, f, pickle.HIGHEST_PROTOCOL)
    return title


def _as_written(value):
    """openpyxl reads a date cell back as a datetime: the report wrote a date."""
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date()
    return value


def measure(ctx: Context) -> list[Figure]:
    ours_file, base_file, cells = ctx.folder / "xlsx_ours.xlsx", ctx.folder / "xlsx_base.xlsx", ctx.folder / "xlsx.pkl"
    ours_args = [ctx.python, "-m", "unionapp", "--db", ctx.db_arg, "export", "members", "-o", str(ours_file)]
    run_process(ours_args, ctx.env)  # once untimed: warms the disk cache and gives the cells
    title = same_cells(ours_file, cells)
    base_args = [ctx.python, "-c", BASELINE, str(cells), title, str(base_file)]
    ours, base, ours_mb, base_mb, ours_cpu, base_cpu = [], [], [], [], [], []
    for run in range(ctx.runs):
        for side in ("ours", "base") if run % 2 == 0 else ("base", "ours"):
            args = ours_args if side == "ours" else base_args
            wall, cpu, peak, _out = run_process(args, ctx.env)
            (ours if side == "ours" else base).append(wall)
            (ours_mb if side == "ours" else base_mb).append(peak)
            (ours_cpu if side == "ours" else base_cpu).append(cpu)
    rows = ctx.members or "all"
    note = (
        f"CPU median (steadier than wall on a busy machine): ours {statistics.median(ours_cpu):.2f} s, "
        f"baseline {statistics.median(base_cpu):.2f} s; "
        f"peak RSS median: ours {statistics.median(ours_mb):.0f} MB, "
        f"baseline {statistics.median(base_mb):.0f} MB; "
        f"files {ours_file.stat().st_size / 1e6:.2f} MB vs {base_file.stat().st_size / 1e6:.2f} MB"
    )
    return [
        Figure(
            "export.xlsx",
            f"`unionapp export members` to .xlsx ({rows} members), whole process",
            "s",
            ours,
            "openpyxl write-only writing the same cells, plus its import (a process)",
            base,
            goal=1.2,
            goal_kind="ratio",
            note=note,
        )
    ]


if __name__ == "__main__":
    run_alone(measure, __doc__)
