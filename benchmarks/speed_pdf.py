"""Speed section "pdf" (issue 16, item 4): `unionapp export members` to PDF, whole process,
beside LibreOffice converting our own xlsx export of the same roster to PDF.

Both are whole processes timed from start to exit, runs interleaved so the machine's load
falls on both alike. The xlsx is made once before timing; LibreOffice gets its own fresh
profile, created by an untimed first conversion (a first start builds the profile). When
LibreOffice is not installed the baseline is skipped with a note.

    PYTHONPATH=src .venv/bin/python benchmarks/speed_pdf.py members.db [--runs 5]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed_common import Context, Figure, run_alone, run_process  # noqa: E402

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


if __name__ == "__main__":
    run_alone(measure, __doc__)
