"""What reading the revision history adds to a build at a city's scale.

Builds a git repository in /tmp with N department-year records (the seed content/2024/xx-swbgs.yml, five
projects, ~8 KB each) committed three times each: added in batches, then two rounds of corrections in
batches (a figure, then a score), through `git fast-import` so that building the repository is quick.
Then measures, in this process:

- load_content: reading and validating content/ (what every build does anyway, for comparison);
- read_history: the one `git log --raw` and the one `git cat-file --batch`;
- site_history: parsing and validating every earlier version and comparing them field by field;
- the same again, as a rebuild finds it (what the first build worked out is kept in the git directory);
- build_page_tree with and without the history, on a smaller subset (rendering dominates at full scale).

    .venv/bin/python bench/history_bench.py [--records 5000] [--batch 50] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.history.changes import site_history  # noqa: E402
from generator.history.history import read_history  # noqa: E402
from generator.records.loading import load_content  # noqa: E402
from generator.site.pages import build_page_tree  # noqa: E402

SEED = (REPO / "content" / "2024" / "xx-swbgs.yml").read_text(encoding="utf-8")
YEARS = 10


def registry(departments: int) -> str:
    lines = ["地区:", "  - 编码: bench", "    名称: 基准测试市", "单位:"]
    for d in range(departments):
        lines += [f"  - 编码: d{d:04d}", f"    全称: 基准测试单位{d:04d}", f"    简称: 单位{d:04d}", "    地区: bench"]
    return "\n".join(lines) + "\n"


def version(department: int, year: int, number: int) -> str:
    text = SEED.replace("单位编码: xx-swbgs", f"单位编码: d{department:04d}").replace("年度: 2024", f"年度: {year}")
    if number >= 2:
        text = text.replace("        全年执行数: 20.37\n", "        全年执行数: 20.73\n", 1)
    if number >= 3:
        text = text.replace("    自评得分: 96.37\n", "    自评得分: 96.73\n") + "# 已更正\n"
    return text


def fast_import_stream(records: int, batch: int) -> bytes:
    """Three rounds over all records (add, correct a figure, correct a score), `batch` files per commit."""
    out: list[bytes] = []
    departments = (records + YEARS - 1) // YEARS
    keys = [(i // YEARS, 2015 + i % YEARS) for i in range(records)]
    when = 1_700_000_000

    def data(payload: bytes) -> bytes:
        return b"data %d\n" % len(payload) + payload + b"\n"

    def commit(message: str, files: list[tuple[str, str]]) -> None:
        nonlocal when  # fast-import continues a branch from its tip: no `from` needed
        when += 3600
        out.append(b"commit refs/heads/main\n")
        out.append(b"committer bench <bench@example.org> %d +0800\n" % when)
        out.append(data(message.encode()))
        for path, text in files:
            out.append(b"M 100644 inline " + path.encode() + b"\n" + data(text.encode()))

    commit("单位名录与站点设置", [("content/departments.yml", registry(departments)),
                                  ("content/site.yml", "网站名称: 基准测试\n")])
    for number, subject in ((1, "公开"), (2, "更正执行数"), (3, "更正自评得分")):
        for start in range(0, records, batch):
            chunk = keys[start:start + batch]
            commit(f"{subject} 第{start // batch + 1}批",
                   [(f"content/{year}/d{dept:04d}.yml", version(dept, year, number)) for dept, year in chunk])
    return b"".join(out)


def make_repository(root: Path, records: int, batch: int) -> Path:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=fast_import_stream(records, batch), check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True, env=env)
    return root / "content"


def timed(label: str, action):
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    print(f"  {label:<44} {elapsed:7.2f} s")
    return result, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=50, help="files per commit")
    parser.add_argument("--subset", type=int, default=200, help="records for the page-tree comparison")
    parser.add_argument("--keep", action="store_true", help="keep the repository in /tmp")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="jixiao-history-bench-", dir="/tmp"))
    try:
        print(f"{args.records} records × 3 commits, {args.batch} files per commit, seed record {len(SEED.encode())} bytes")
        content, _ = timed("build the repository (git fast-import)", lambda: make_repository(root, args.records, args.batch))
        commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
        print(f"  ({commits} commits)")
        loaded, load_time = timed("load_content (every build, for comparison)", lambda: load_content(content))
        history, read_time = timed("read_history (git log + git cat-file)", lambda: read_history(content))
        versions = sum(len(f.versions) for f in history.files.values())
        print(f"  ({len(history.files)} files, {versions} versions, {len(history.blobs)} blobs)")
        site, diff_time = timed("site_history (parse, validate, compare)", lambda: site_history(loaded, history))
        revisions = sum(len(t.revisions) for t in site.timelines.values())
        print(f"  ({revisions} revisions on department-year pages, {len(site.updates())} updates)")
        print(f"  {'history adds, first build':<44} {read_time + diff_time:7.2f} s  (loading alone: {load_time:.2f} s)")
        # A rebuild (mkdocs serve, the publisher's next build, a CI cache of the git directory) finds what
        # the first build worked out in .git/jixiao-history.json and parses nothing it has seen.
        history2, read2 = timed("read_history again (with the stored results)", lambda: read_history(content))
        _, diff2 = timed("site_history again", lambda: site_history(loaded, history2))
        print(f"  {'history adds, rebuild':<44} {read2 + diff2:7.2f} s")

        subset = type(loaded)(loaded.settings, loaded.regions, loaded.departments, loaded.records[: args.subset])
        _, without = timed(f"build_page_tree, {args.subset} records, no history", lambda: build_page_tree(subset))
        _, with_history = timed(f"build_page_tree, {args.subset} records, with history", lambda: build_page_tree(subset, history))
        if args.keep:
            print(f"repository kept: {root}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
