"""Speed section "pdf" (issue 16, item 4): `unionapp export members` to PDF, whole process,
beside LibreOffice converting our own xlsx export of the same roster to PDF.

Both are whole processes timed from start to exit, runs interleaved so the machine's load
falls on both alike. The xlsx is made once before timing; LibreOffice gets its own fresh
profile, created by an untimed first conversion (a first start builds the profile). When
LibreOffice is not installed the baseline is skipped with a note.

    PYTHONPATH=src .venv/bin/python benchmarks/speed_pdf.py members.db [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed_common import Context, Figure, run_process  # noqa: E402

SKIPPED = "LibreOffice not installed: baseline skipped"


def _export(ctx: Context, out: Path) -> float:
    args = [ctx.python, "-m", "unionapp", "--db", ctx.db_arg, "export", "members", "-o", str(out)]
    wall, _cpu, _peak, _out = run_process(args, ctx.env)
    return wall


class _LibreOffice:
    """soffice converting one xlsx to PDF, with a profile of its own in the run's folder."""

    def __init__(self, soffice: str, folder: Path, xlsx: Path):
        self.xlsx = xlsx
        self.outdir = folder / "lo-out"
        profile = folder / "lo-profile"
        self.args = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(self.outdir),
            str(xlsx),
        ]

    def convert(self, env: dict) -> float:
        made = self.outdir / f"{self.xlsx.stem}.pdf"
        made.unlink(missing_ok=True)
        wall, _cpu, _peak, _out = run_process(self.args, env)
        if not made.is_file() or made.stat().st_size == 0:
            raise SystemExit(f"LibreOffice made no PDF: {' '.join(self.args)}")
        return wall


def measure(ctx: Context) -> list[Figure]:
    folder = ctx.folder / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "roster.pdf"
    soffice = shutil.which("soffice")
    office = None
    if soffice:
        xlsx = folder / "roster.xlsx"
        args = [ctx.python, "-m", "unionapp", "--db", ctx.db_arg, "export", "members", "-o", str(xlsx)]
        run_process(args, ctx.env)
        office = _LibreOffice(soffice, folder, xlsx)
        office.convert(ctx.env)  # untimed: builds the fresh profile
    _export(ctx, out)  # untimed: writes the bytecode, warms the file cache
    ours: list[float] = []
    base: list[float] = []
    for _ in range(ctx.runs):
        ours.append(_export(ctx, out))
        if office:
            base.append(office.convert(ctx.env))
    return [
        Figure(
            "export.pdf",
            f"`unionapp export members -o roster.pdf`, {ctx.members:,} members, whole process",
            "s",
            ours,
            "LibreOffice headless converting our xlsx of the same roster to PDF, whole process",
            base,
            goal=0.5,
            goal_kind="ratio",
            note="" if office else SKIPPED,
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", help="a SQLite file or a PostgreSQL URL (as --db takes)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--members", type=int, default=10000, help="how many members the database holds (label)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(
            QT_QPA_PLATFORM="offscreen",
            UNIONAPP_DATA_DIR=str(folder / "data"),
            XDG_CONFIG_HOME=str(folder / "config"),
            HOME=str(folder / "home"),
        )
        for fig in measure(Context(folder, args.db, args.members, args.runs, env)):
            runs = ", ".join(f"{v:.2f}" for v in fig.ours)
            print(f"{fig.key}: median {fig.median:.2f} {fig.unit} ({runs})")
            if fig.baseline:
                runs = ", ".join(f"{v:.2f}" for v in fig.baseline)
                print(f"  baseline: median {fig.baseline_median:.2f} {fig.unit} ({runs}) — {fig.baseline_label}")
                print(f"  ratio {fig.ratio:.2f} (goal ≤ {fig.goal}): {'met' if fig.met else 'not met'}")
            if fig.note:
                print(f"  {fig.note}")


if __name__ == "__main__":
    main()
