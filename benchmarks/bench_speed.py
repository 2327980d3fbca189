"""Speed benchmark of issue 16 (a script, not a test): start, typing, Excel and PDF export.

Each figure is measured side by side with its floor or baseline in the same run, runs
interleaved, and reported as medians with the ratio and the goal:

- start → main window shown and filled, and its peak memory, beside a bare PySide6
  QApplication + QMainWindow process (and the PyInstaller bundle when
  UNIONAPP_BENCH_BUNDLE names its executable);
- a search keystroke → view repainted, beside Qt's own QSortFilterProxyModel on the same rows;
- `unionapp export members` to .xlsx, beside openpyxl write-only writing the same cells;
- `unionapp export members` to PDF, beside LibreOffice converting the same roster
  (skipped with a note when LibreOffice is not installed).

    .venv/bin/python benchmarks/bench_speed.py [--members 10000] [--runs 5] [--json out.json]
        [--pg postgresql+psycopg://user:pw@host/empty_db] [--only start,typing,xlsx,pdf]
    .venv/bin/python benchmarks/bench_speed.py --compare before.json after.json

The machine's load average is printed before and after each section: on a busy machine wall
times vary, and the ratios (both sides measured under the same load) are the steadier figure.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed_common import SRC, Context, Figure, child_env, run_process, show, use_in_this_process  # noqa: E402

# typing runs in this process (a window): last, so that the child processes before it are
# forked from a small parent (a child's peak RSS counts what it was forked with)
SECTIONS = ("start", "xlsx", "pdf", "typing")


def prepare_database(args, folder: Path, env: dict) -> str:
    """The 10,000-member demo file, copied into the empty PostgreSQL database when --pg is given."""
    db = folder / "bench.db"
    wall, _cpu, _peak, _out = run_process(
        [sys.executable, "-m", "unionapp", "--db", str(db), "demo", "--members", str(args.members)], env
    )
    print(f"demo --members {args.members}: {wall:.1f} s")
    if not args.pg:
        return str(db)
    run_process([sys.executable, "-m", "unionapp", "--db", str(db), "copy", "--to", args.pg], env)
    print("copied into the PostgreSQL database given with --pg")
    return args.pg


def load_text() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def record(figure: Figure) -> dict:
    return {
        **asdict(figure),
        "median": figure.median,
        "baseline_median": figure.baseline_median,
        "ratio": figure.ratio,
        "met": figure.met,
    }


def compare(before_path: str, after_path: str) -> None:
    """Two JSON runs side by side: each figure's median and ratio, before → after."""
    before = {f["key"]: f for f in json.loads(Path(before_path).read_text("utf-8"))["figures"]}
    after = json.loads(Path(after_path).read_text("utf-8"))["figures"]
    for fig in after:
        old = before.get(fig["key"])
        if fig["median"] is None:
            continue  # skipped in the later run
        was = f"{old['median']:.3g}" if old and old["median"] is not None else "—"
        ratio = f"; ratio {old['ratio']:.2f}× → {fig['ratio']:.2f}×" if old and old["ratio"] and fig["ratio"] else ""
        print(f"{fig['key']}: {was} → {fig['median']:.3g} {fig['unit']}{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", metavar="OUT", help="write the figures here as JSON")
    parser.add_argument(
        "--pg", metavar="URL", help="an empty PostgreSQL database: measure against it instead of SQLite"
    )
    parser.add_argument("--only", default=",".join(SECTIONS), help="sections to run, comma separated")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"), help="compare two JSON runs and stop")
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
        return
    with tempfile.TemporaryDirectory(prefix="unionapp-bench-") as tmp:
        folder = Path(tmp)
        env = child_env(folder)
        use_in_this_process(env)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(SRC)], env=env, check=True)
        ctx = Context(
            folder=folder, db_arg=prepare_database(args, folder, env), members=args.members, runs=args.runs, env=env
        )
        figures, loads = [], {}
        print(
            f"Python {platform.python_version()}, {platform.system()}, LibreOffice: {shutil.which('soffice') or 'not installed'}"
        )
        for name in args.only.split(","):
            before = load_text()
            print(f"\n[{name}] {before}", flush=True)
            section = importlib.import_module(f"speed_{name}").measure(ctx)
            after = load_text()
            loads[name] = {"before": before, "after": after}
            for figure in section:
                show(figure)
            print(f"  ({after} after)")
            figures += section
    if args.json:
        data = {
            "python": platform.python_version(),
            "cores": os.cpu_count(),
            "database": "postgresql" if args.pg else "sqlite",
            "members": args.members,
            "runs": args.runs,
            "load": loads,
            "figures": [record(f) for f in figures],
        }
        Path(args.json).write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
        print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    main()
