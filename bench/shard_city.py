"""A city built as shards, as separate CI jobs would build it, against one build from scratch.

Each step runs in its own fresh clone of one synthetic city (bench/synthetic_city.py's records), as a CI job starts
from a checkout, and as a child process measured by the operating system (wall, CPU of it and every process it
starts from wait4, peak RSS of each process from /proc): nothing of the build is imported or instrumented here.

1. `jixiao build` from scratch (no cache): the reference;
2. `jixiao build --shard K/N` for each K, one after the other (in CI they run in parallel): each job's cache
   folder is its artifact;
3. the final job: `jixiao cache merge` of the shards' cache folders, then `jixiao build`; its site is compared
   with the reference, file by file.

    .venv/bin/python bench/shard_city.py --departments 16 --years 5 --projects 10 --shards 2     # 800 projects
    .venv/bin/python bench/shard_city.py --from /path/to/city --shards 2   # a checkout synthetic_city.py --keep left

Never run it under a profiler or tracemalloc. Not a test: run it by hand and record the figures in README.md.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_city import BIN, REPO, Run, _env, differing, make_project, run_measured  # noqa: E402


def clone(project: Path, target: Path) -> Path:
    """A fresh checkout of project's last commit, with this tree's theme (as synthetic_city.py's fresh clone)."""
    subprocess.run(["git", "clone", "-q", str(project), str(target)], check=True)
    (target / "theme").unlink(missing_ok=True)
    (target / "theme").symlink_to(REPO / "theme")
    return target


def jixiao(project: Path, *args: str) -> Run:
    run = run_measured([str(BIN / "jixiao"), *args], project, "jixiao " + (args[0] if args else ""), _env())
    if run.returncode != 0:
        print(run.output[-4000:], file=sys.stderr)
        raise SystemExit(f"jixiao {' '.join(args)} 失败（退出码 {run.returncode}）：{project}")
    return run


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def last_line(run: Run, starts: str) -> str:
    found = [line for line in run.output.splitlines() if line.startswith(starts)]
    return found[-1] if found else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=16)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--projects", type=int, default=10)
    parser.add_argument("--from", dest="source", type=Path, default=None,
                        help="a city checkout (git) to clone instead of writing one")
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="keep the clones in this folder")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-shards-", dir=args.keep))
    lines: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    def figures(run: Run) -> str:
        return f"{run.wall:.1f} 秒，CPU {run.cpu:.1f} 秒；内存峰值：{run.memory()}"

    try:
        if args.source is not None:
            project = args.source.resolve()
            size = f"{project}（{sum(1 for _ in (project / 'content').rglob('*.yml')) - 2} 个单位年度记录）"
        else:
            project = tmp / "city"
            total = make_project(project, args.departments, args.years, args.projects)
            size = f"{args.departments} 个单位 × {args.years} 个年度 × {args.projects} 个项目 = {total} 个项目页"
        say(f"分片基准：{size}，{args.shards} 个分片；本机 {os.cpu_count()} 核，开始时负载 {os.getloadavg()[0]:.1f}")

        scratch = clone(project, tmp / "scratch")
        reference = jixiao(scratch, "build")
        say(f"从零生成（一个作业）：{figures(reference)}")
        say(f"  {last_line(reference, '网站已生成')}")

        shard_runs: list[Run] = []
        for number in range(1, args.shards + 1):
            job = clone(project, tmp / f"shard-{number}")
            run = jixiao(job, "build", "--shard", f"{number}/{args.shards}")
            shard_runs.append(run)
            assert not (job / "site").exists(), "分片作业不应发布网站"
            say(f"分片 {number}/{args.shards} 作业：{figures(run)}；产物（缓存目录）{folder_mb(job / '.jixiao-cache'):.1f} MB")
            say(f"  {last_line(run, f'分片 {number}/')}")

        final = clone(project, tmp / "final")
        merge = jixiao(final, "cache", "merge", *(str(tmp / f"shard-{n}" / ".jixiao-cache")
                                                  for n in range(1, args.shards + 1)))
        say(f"最后一步：合并缓存 {figures(merge)}")
        finish = jixiao(final, "build")
        say(f"最后一步：生成网站 {figures(finish)}")
        say(f"  {last_line(finish, '网站已生成')}")
        diff = differing(scratch / "site", final / "site")
        say("最后一步的网站与从零生成的" + ("逐字节相同" if not diff else f"有 {len(diff)} 个文件不同：{'、'.join(diff[:10])}"))

        slowest = max(shard_runs, key=lambda r: r.wall)
        path_wall = slowest.wall + merge.wall + finish.wall
        cpu_all = sum(r.cpu for r in shard_runs) + merge.cpu + finish.cpu
        say(f"关键路径（最慢的分片 + 合并 + 最后一步）：{path_wall:.1f} 秒，从零生成 {reference.wall:.1f} 秒，"
            f"比值 {path_wall / reference.wall:.2f}；CPU 合计 {cpu_all:.1f} 秒，从零生成 {reference.cpu:.1f} 秒，"
            f"比值 {cpu_all / reference.cpu:.2f}")
        say(f"单个作业 CPU：最大分片 {max(r.cpu for r in shard_runs):.1f} 秒 + 合并 {merge.cpu:.1f} 秒 + 最后一步 "
            f"{finish.cpu:.1f} 秒；结束时负载 {os.getloadavg()[0]:.1f}")
        print("\n== 汇总 ==")
        print("\n".join(lines))
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    start = time.perf_counter()
    code = main()
    print(f"（基准本身用时 {time.perf_counter() - start:.0f} 秒）")
    raise SystemExit(code)
