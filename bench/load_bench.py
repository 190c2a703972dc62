"""Loading cost at the scale of a city: how long reading and validating department-year records takes.

Compares our reader (ruamel.yaml.clib C parser events → data + positions) with ruamel's round-trip
loader (positions, but slow) and its safe loader with the C extension (fast, but floats and no positions).
Prints medians over repeated runs of the same files, measured in one process on this machine.

    .venv/bin/python bench/load_bench.py [--files 300] [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.records.loading import load_content  # noqa: E402
from generator.records.yaml_reader import read_text  # noqa: E402

SEED = REPO / "content" / "2024" / "xx-swbgs.yml"


def make_city(root: Path, files: int) -> None:
    """`files` department records shaped like the seed, each under its own department code."""
    text = SEED.read_text(encoding="utf-8")
    registry = ["地区:", "  - 编码: bench", "    名称: 基准市", "单位:"]
    for i in range(files):
        code = f"d{i:04d}"
        registry += [f"  - 编码: {code}", f"    全称: 基准单位{i}", f"    简称: 单位{i}", "    地区: bench", f"    排序: {i}"]
        (root / "2024").mkdir(parents=True, exist_ok=True)
        (root / "2024" / f"{code}.yml").write_text(text.replace("单位编码: xx-swbgs", f"单位编码: {code}"), encoding="utf-8")
    (root / "departments.yml").write_text("\n".join(registry) + "\n", encoding="utf-8")


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = SEED.read_text(encoding="utf-8")
    size = len(text.encode("utf-8"))

    roundtrip, safe = YAML(typ="rt"), YAML(typ="safe", pure=False)
    per_file = {
        "jixiao reader (C events + positions)": timed(lambda: read_text(text, "x.yml"), args.repeat * 20),
        "ruamel round-trip loader": timed(lambda: roundtrip.load(io.StringIO(text)), args.repeat * 4),
        "ruamel safe loader (C)": timed(lambda: safe.load(io.StringIO(text)), args.repeat * 20),
    }
    print(f"one record: {SEED.relative_to(REPO)} ({size:,} bytes)")
    base = per_file["jixiao reader (C events + positions)"]
    for name, seconds in per_file.items():
        print(f"  {name:40s} {seconds * 1000:8.2f} ms  ({seconds / base:5.2f}x ours)")

    workdir = Path(tempfile.mkdtemp(prefix="jixiao-load-bench-"))
    try:
        make_city(workdir, args.files)
        total = timed(lambda: load_content(workdir), args.repeat)
        print(f"load_content over {args.files} files (read + validate + cross-check): median {total:.2f} s, "
              f"{total / args.files * 1000:.2f} ms per file; extrapolated to 1,000 files: {total / args.files * 1000:.1f} s")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
