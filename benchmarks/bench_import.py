"""Members import benchmark: a 10,000-row roster (a script, not a test).

In one run, side by side, the median of N runs of:
  (a) python-calamine parsing the file (CalamineWorkbook.from_path + to_python);
  (b) openpyxl's read-only parse (iter_rows values_only);
  (c) the whole command line import, `python -m unionapp --db DB import members FILE`, as a
      child process (start, parse, validate, write, audit): wall time and the child's own
      peak RSS; each run into a fresh database made beforehand with `init`;
  (d) the window's preview ready: `plan_member_import` plus building the preview dialog
      (offscreen), in one process, as the window does it.
Two scenarios: the first import into an empty database, and next year's roster of the same
people (one in ten with a changed phone or title) into the filled database.
Targets (issue 14): (c) ≤ 1.5 s and ≤ 200 MB peak; (d) ≤ 1.0 s.

    .venv/bin/python benchmarks/bench_import.py [--members 10000] [--runs 5] [--compare-src DIR]

`--compare-src DIR` measures (c) and (d) of another source tree's `src` too, in the same
run: the command line runs alternate between the two trees, and each tree's preview runs
in a process of its own. To compare with an earlier commit:
    git worktree add ../before <commit>
    .venv/bin/python benchmarks/bench_import.py --compare-src ../before/src
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from timing import median_time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WHOLE_TARGET_S, WHOLE_TARGET_MB, PREVIEW_TARGET_S = 1.5, 200, 1.0

HEADERS = [
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "出生日期",
    "手机号",
    "工会小组",
    "部门",
    "职称",
    "人员状态",
    "入会时间",
    "参加工作时间",
    "民族",
    "政治面貌",
    "备注",
]
GROUPS = [f"{grade}{subject}组" for grade in ("高一", "高二", "高三", "初一") for subject in ("文科", "理科")]
GROUPS += ["初二组", "初三组", "小学低段组", "小学高段组", "体艺组", "信息组", "实验组"]
GROUPS += ["行政组", "后勤组", "教辅组", "退休一组", "退休二组"]  # 20 groups
SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "政治", "体育", "音乐", "美术"]
TITLES = ["正高级教师", "高级教师", "一级教师", "二级教师", "三级教师", "会计师", "工勤技能"]
ETHNIC = ["汉族"] * 18 + ["回族", "满族", "壮族"]
POLITICAL = ["中共党员"] * 3 + ["群众"] * 5 + ["共青团员", "民盟盟员", "九三学社社员"]
NOTES = ["", "", "", "", "班主任", "教研组长", "年级主任", "2024年调入", "援疆支教"]


def roster_rows(count: int, seed: int, next_year: bool) -> list[list]:
    """The roster's rows; `next_year`: the same people, one in ten with a new phone or title."""
    from unionapp.domain.idcard import make_id_number
    from unionapp.services.demo import AREAS, GIVEN, SURNAMES

    rng = random.Random(seed)
    changes = random.Random(seed + 1)
    today = date.today()
    rows, numbers = [], set()
    for i in range(count):
        gender = rng.choice("男女")
        birth = date(rng.randint(1962, 1998), rng.randint(1, 12), rng.randint(1, 28))
        retire_age = 60 if gender == "男" else 55
        status = "退休" if birth.year + retire_age < today.year else "在职"
        number = make_id_number(rng.choice(AREAS), birth, i % 100, "M" if gender == "男" else "F")
        while number in numbers:  # one person per ID number
            number = make_id_number(rng.choice(AREAS), birth, rng.randint(0, 99), "M" if gender == "男" else "F")
        numbers.add(number)
        work = birth + timedelta(days=365 * 22 + rng.randint(0, 900))
        phone = f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"
        title = rng.choice(TITLES)
        if next_year and changes.random() < 0.1:
            if changes.random() < 0.5:
                phone = f"1{changes.choice('3589')}{changes.randint(0, 999_999_999):09d}"
            else:
                title = changes.choice(TITLES)
        rows.append(
            [
                i + 1,
                rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                gender,
                number,
                birth,
                phone,
                rng.choice(GROUPS),
                rng.choice(SUBJECTS) + "教研组",
                title,
                status,
                work + timedelta(days=rng.randint(30, 400)),
                work,
                rng.choice(ETHNIC),
                rng.choice(POLITICAL),
                rng.choice(NOTES),
            ]
        )
    return rows


def write_roster(path: Path, rows: list[list]) -> None:
    """A title row over the header, as schools have it; dates as Excel dates, the ID and
    phone columns as text. (openpyxl writes texts inline, not as Excel's shared strings.)"""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(["某某中学教职工花名册"])
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)


def parse_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return len(book.get_sheet_by_index(0).to_python())


def parse_openpyxl(path: Path) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()


# Runs `python -m unionapp ARGS` and reports its own wall time, CPU time and peak RSS. A
# child forked straight from this process would count this process's memory in its peak
# (Linux's ru_maxrss keeps the high-water mark from before exec), so a small launcher forks it.
LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "unionapp", *sys.argv[1:]])
_pid, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(f"@rusage {wall} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}", file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_child(args: list[str], env: dict) -> tuple[float, float, str, int]:
    """`python -m unionapp ARGS`: (wall seconds, CPU seconds, stdout, its own peak RSS in KB).
    CPU time is what to compare on a busy machine, where wall time waits."""
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *args], capture_output=True, text=True, env=env)
    lines = done.stderr.splitlines()
    if done.returncode != 0 or not lines or not lines[-1].startswith("@rusage "):
        raise SystemExit(f"unionapp {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    wall, cpu, peak = lines[-1].split()[1:]
    return float(wall), float(cpu), done.stdout, int(peak)


def whole_import(
    roster: Path, start_db: Path, folder: Path, envs: dict[str, dict], runs: int
) -> dict[str, tuple[float, float, float, str]]:
    """Per source tree (label → its environment): (median wall seconds, median CPU seconds,
    largest peak RSS in MB, last output) of the command line import, each run into a fresh
    copy of `start_db`; the trees take turns, first one then the other leading."""
    found: dict[str, tuple[list, list, list, list]] = {label: ([], [], [], [""]) for label in envs}
    for run in range(runs):
        labels = list(envs) if run % 2 == 0 else list(reversed(envs))
        for label in labels:
            target = folder / f"run{run}.db"
            shutil.copyfile(start_db, target)
            wall, cpu, out, peak = run_child(["--db", str(target), "import", "members", str(roster)], envs[label])
            walls, cpus, peaks, last = found[label]
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(peak / 1024)
            last[0] = out.strip()
            target.unlink()
    return {
        label: (statistics.median(walls), statistics.median(cpus), max(peaks), last[0])
        for label, (walls, cpus, peaks, last) in found.items()
    }


PREVIEW_CHILD = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import bench_import
print(json.dumps(bench_import.preview(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5]))))
"""


def preview_child(roster: Path, start_db: Path, folder: Path, runs: int, env: dict) -> tuple[float, ...]:
    """preview(), in a process of its own with `env` (another source tree on PYTHONPATH)."""
    args = [str(Path(__file__).parent), str(roster), str(start_db), str(folder), str(runs)]
    done = subprocess.run([sys.executable, "-c", PREVIEW_CHILD, *args], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"preview failed:\n{done.stdout}{done.stderr}")
    return tuple(json.loads(done.stdout.strip().splitlines()[-1]))


def preview(roster: Path, start_db: Path, folder: Path, runs: int) -> tuple[float, float, float, float]:
    """Seconds in this process: first plan + dialog, median plan, median dialog, median CPU of both."""
    from PySide6.QtWidgets import QApplication

    from unionapp import config
    from unionapp.db.opening import open_database
    from unionapp.importers.members import plan_member_import
    from unionapp.ui.shell.app import make_application
    from unionapp.ui.widgets.import_dialog import ImportPreviewDialog

    if QApplication.instance() is None:
        make_application()
    target = folder / "preview.db"
    shutil.copyfile(start_db, target)
    db = open_database(config.database_url(str(target)))
    plans, dialogs, cpus = [], [], []
    try:
        for _ in range(runs):
            cpu = time.process_time()
            start = time.perf_counter()
            plan = plan_member_import(db, roster)
            planned = time.perf_counter()
            # As the window shows it: with the mapping tabs, shown and laid out.
            dialog = ImportPreviewDialog(plan, replan=lambda mapping: plan_member_import(db, roster, mapping=mapping))
            dialog.show()
            QApplication.processEvents()
            plans.append(planned - start)
            dialogs.append(time.perf_counter() - planned)
            cpus.append(time.process_time() - cpu)
            dialog.close()
            dialog.deleteLater()
            QApplication.processEvents()
    finally:
        db.dispose()
    return plans[0] + dialogs[0], statistics.median(plans), statistics.median(dialogs), statistics.median(cpus)


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def scenario(name: str, roster: Path, start_db: Path, folder: Path, envs: dict[str, dict], runs: int) -> None:
    size = roster.stat().st_size / 1024
    print(f"\n== {name}: {roster.name} ({size:.0f} KB), median of {runs} runs")
    calamine = median_time(lambda: parse_calamine(roster), runs)
    openpyxl = median_time(lambda: parse_openpyxl(roster), runs)
    wholes = whole_import(roster, start_db, folder, envs, runs)
    print(f"(a) python-calamine parse        {calamine:6.2f} s")
    print(f"(b) openpyxl read-only parse     {openpyxl:6.2f} s")
    for label, env in envs.items():
        whole, cpu, peak, out = wholes[label]
        if len(envs) == 1:
            first, plan, dialog, preview_cpu = preview(roster, start_db, folder, runs)
        else:
            first, plan, dialog, preview_cpu = preview_child(roster, start_db, folder, runs, env)
        ready = plan + dialog
        tree = "" if len(envs) == 1 else f"[{label}] "
        print(
            f"(c) {tree}whole CLI import             {whole:6.2f} s  (CPU {cpu:.2f} s)  peak RSS {peak:4.0f} MB   "
            f"target ≤ {WHOLE_TARGET_S} s {verdict(whole <= WHOLE_TARGET_S)}, ≤ {WHOLE_TARGET_MB} MB "
            f"{verdict(peak <= WHOLE_TARGET_MB)}; ×{whole / calamine:.1f} calamine, ×{whole / openpyxl:.2f} openpyxl"
        )
        print(
            f"(d) {tree}preview ready (in-process)   {ready:6.2f} s  (CPU {preview_cpu:.2f} s) = plan {plan:.2f} s "
            f"+ dialog {dialog:.2f} s; first run {first:.2f} s   target ≤ {PREVIEW_TARGET_S} s "
            f"{verdict(ready <= PREVIEW_TARGET_S)}; ×{ready / calamine:.1f} calamine, ×{ready / openpyxl:.2f} openpyxl"
        )
        print(f"    {out}")


THIS = "this tree"  # compared with another, each tree's preview runs in a fresh process alike


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--compare-src", type=Path, help="another source tree's src folder, measured beside this one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, "UNIONAPP_DATA_DIR": str(folder / "data")}
        os.environ["UNIONAPP_DATA_DIR"] = env["UNIONAPP_DATA_DIR"]
        roster, next_year = folder / "花名册.xlsx", folder / "花名册-次年.xlsx"
        write_roster(roster, roster_rows(args.members, args.seed, next_year=False))
        write_roster(next_year, roster_rows(args.members, args.seed, next_year=True))
        empty, filled = folder / "empty.db", folder / "filled.db"
        run_child(["--db", str(empty), "init"], env)
        shutil.copyfile(empty, filled)
        run_child(["--db", str(filled), "import", "members", str(roster)], env)
        envs = {THIS: env}
        if args.compare_src:
            envs[str(args.compare_src)] = {**env, "PYTHONPATH": str(args.compare_src.resolve())}
        scenario("first import into an empty database", roster, empty, folder, envs, args.runs)
        scenario("next year's roster into the filled database", next_year, filled, folder, envs, args.runs)


if __name__ == "__main__":
    main()
