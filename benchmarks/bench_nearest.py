"""Nearest known values benchmark (a script, not a test): 1,000 distinct unknown texts,
each ranked against 200 known values (the default chart and group names sharing many
characters), as an import of a strange workbook would. Target (issue 14): well under 1 s.

    .venv/bin/python benchmarks/bench_nearest.py [--texts 1000] [--choices 200]
"""

from __future__ import annotations

import argparse
import random
import time

from unionapp.domain.funds import DEFAULT_CATEGORIES
from unionapp.domain.nearest import nearest

SUBJECTS = "语文 数学 英语 物理 化学 生物 历史 地理 政治 音乐 美术 体育 信息 科学 心理 劳动".split()
GRADES = "初一 初二 初三 高一 高二 高三 一年级 二年级 三年级 四年级 五年级 六年级".split()


def known_values(count: int) -> list[str]:
    values = [
        f"{name}/{c}" if children else name
        for _, name, _, children in DEFAULT_CATEGORIES
        for c in ([c for _, c in children] or [name])
    ]
    values += [f"{subject}教研组" for subject in SUBJECTS]
    values += [f"{grade}{subject}" for grade in GRADES for subject in SUBJECTS]
    return values[:count]


def unknown_texts(values: list[str], count: int, rng: random.Random) -> list[str]:
    """Random words from the values' own characters, and values with another ending."""
    pool = sorted(
        set("".join(values)) | set("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会")
    )
    texts: set[str] = set()
    while len(texts) < count:
        if rng.random() < 0.3:
            texts.add(rng.choice(values).split("/")[-1][:-1] + rng.choice(["组", "费", "慰问", "活动"]))
        else:
            texts.add("".join(rng.choice(pool) for _ in range(rng.randint(2, 6))))
    return sorted(texts)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--choices", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(14)
    values = known_values(args.choices)
    texts = unknown_texts(values, args.texts, rng)
    start = time.perf_counter()
    nearest("预热", ["预热"])  # pypinyin's dictionary loads once per process
    print(f"pypinyin loaded: {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    offered = sum(len(nearest(text, values)) for text in texts)
    print(
        f"{len(texts)} texts x {len(values)} values: {time.perf_counter() - start:.3f} s, {offered / len(texts):.1f} offered per text"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
