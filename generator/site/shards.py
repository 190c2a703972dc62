"""A site too large for one job, built as shards by separate jobs and finished by one ordinary build.

Every costly output of a build is kept in the build cache (generator/site/build_cache.py) under a hash of its
inputs: each page as the site engine rendered it, each search shard's index, each record's data files. A shard
build (`jixiao build --shard K/N`) is a cache filler: it makes the whole page tree (the navigation, the list of
pages and every page's key depend on all of it) but renders, safety-scans and indexes for search only the pages
of its years, keeps them in its cache and publishes nothing. The caches of all shards are then put together
(`jixiao cache merge`: keys are hashes of inputs, so entries of one key are the same bytes, whichever shard made
them) and an ordinary `jixiao build` takes every page of a year and every year's search index from there: it
renders only the pages of no year (home, units, data pages …) and indexes only their search shard. Its site is
the one a build from scratch publishes, by construction: every entry it takes is what it would have made.

Shards are whole years (the unit of the search index's shards, generator/search/search_index.py's planner),
dealt out so that each shard has about as many pages as the others.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.site.build_cache import BuildCache


class ShardError(ValueError):
    """A shard or a cache folder given wrongly; the message is Chinese and names what to write instead."""


def parse_shard(text: str) -> tuple[int, int]:
    """"K/N" (shard K of N, counted from 1) as (K, N)."""
    number, sep, count = text.strip().partition("/")
    if not sep or not number.isdigit() or not count.isdigit():
        raise ShardError(f"分片“{text}”的写法不对：应写成 序号/总数，例如 --shard 1/4 表示共 4 个分片中的第 1 个。")
    k, n = int(number), int(count)
    if n < 1 or not 1 <= k <= n:
        raise ShardError(f"分片“{text}”不存在：共 {n} 个分片时，序号应在 1 到 {n} 之间。" if n >= 1
                         else f"分片“{text}”不存在：分片总数至少为 1。")
    return k, n


def page_year(path: str) -> int | None:
    """The year a page or file of the site belongs to: its first folder when that is a year (2024/…), else None
    (home, units, data pages, …), as the search index's planner reads it."""
    parts = PurePosixPath(path).parts
    return int(parts[0]) if len(parts) > 1 and parts[0].isdigit() else None


def shard_years(paths: Iterable[str], shard: tuple[int, int]) -> frozenset[int]:
    """The years shard (K, N) builds. Whole years, the largest first, each to the shard with the fewest pages so
    far (the lowest number on a tie): every shard job computes the same answer from the same page tree."""
    pages: dict[int, int] = {}
    for path in paths:
        year = page_year(path)
        if year is not None:
            pages[year] = pages.get(year, 0) + 1
    number, count = shard
    loads = [0] * count
    mine: set[int] = set()
    for year in sorted(pages, key=lambda y: (-pages[y], -y)):
        target = loads.index(min(loads))
        loads[target] += pages[year]
        if target == number - 1:
            mine.add(year)
    return frozenset(mine)


def within(paths: Iterable[PurePosixPath | Path | str], years: frozenset[int]) -> bool:
    """Whether every one of paths (and there is one) is a page of one of years."""
    found = False
    for path in paths:
        if page_year(PurePosixPath(path).as_posix()) not in years:
            return False
        found = True
    return found


def describe_years(years: Iterable[int]) -> str:
    return "、".join(str(y) for y in sorted(years, reverse=True))


# --- Putting the caches of the shards together --------------------------------------------------------

@dataclass
class MergeCounts:
    added: dict[str, int] = field(default_factory=dict)  # kind → entries copied in
    merged: dict[str, int] = field(default_factory=dict)  # kind of key lists → entries whose lists were joined


def merge_caches(target: Path, sources: list[Path], line_kinds: Iterable[str] = ()) -> MergeCounts:
    """Put the entries of the cache folders sources into target. An entry's name is a hash of its inputs, so an
    entry target already holds is the same bytes and stays; one it lacks is copied in whole (BuildCache.put).
    Entries of line_kinds are lists of keys (the pages a build scanned clean), not outputs: the lists of one
    name are joined, since each shard scanned its own pages.

    The sources are checked before anything is written; an interrupted merge leaves only whole entries."""
    missing = [str(s) for s in sources if not Path(s).is_dir()]
    if missing:
        raise ShardError("找不到要合并的缓存目录：" + "、".join(missing) + "。请写各分片作业的 .jixiao-cache 目录。")
    target = Path(target)
    if any(Path(s).resolve() == target.resolve() for s in sources):
        raise ShardError(f"要合并的缓存目录与目标 {target} 是同一个目录。")
    line_kinds = frozenset(line_kinds)
    cache = BuildCache(target)
    counts = MergeCounts()
    for source in sources:
        for kind_folder in sorted(p for p in Path(source).iterdir() if p.is_dir() and not p.name.startswith(".")):
            kind = kind_folder.name
            for entry in sorted(kind_folder.glob("*/*")):
                # Skip what is not an entry: a writer's temporary file (.KEY.PID.tmp).
                if entry.name.startswith(".") or not entry.is_file():
                    continue
                stored = cache.get(kind, entry.name)
                if kind in line_kinds:
                    lines = set(entry.read_text(encoding="ascii").split())
                    if stored is not None:
                        known = set(stored.read_text(encoding="ascii").split())
                        if lines <= known:
                            continue
                        lines |= known
                    cache.put(kind, entry.name, "\n".join(sorted(lines)).encode("ascii"))
                    counts.merged[kind] = counts.merged.get(kind, 0) + 1
                elif stored is None:
                    _copy_entry(cache, kind, entry)
                    counts.added[kind] = counts.added.get(kind, 0) + 1
    return counts


def _copy_entry(cache: BuildCache, kind: str, entry: Path) -> None:
    """A hard link when both folders are on one file system (entries are read-only, never written in place),
    else a whole copy under a temporary name."""
    destination = cache.folder / kind / entry.name[:2] / entry.name
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(entry, destination)
    except FileExistsError:
        pass
    except OSError:
        temporary = destination.with_name(f".{entry.name}.{os.getpid()}.tmp")
        try:
            shutil.copyfile(entry, temporary)
            os.chmod(temporary, 0o444)
            os.replace(temporary, destination)
        finally:
            temporary.unlink(missing_ok=True)
