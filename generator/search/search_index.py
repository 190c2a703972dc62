"""The search index: Pagefind runs on the finished site folder as a post-build step.

Pagefind splits the index into small chunks, so a reader's browser fetches only the parts a query needs
instead of one index of the whole site. It runs inside `jixiao build`, so a publisher cannot forget it.
Knows nothing of MkDocs: it reads the HTML that any engine wrote.

Chinese is indexed character by character. Pagefind's extended build segments Chinese with a dictionary
when indexing, but the browser splits the query with its own, different dictionary (Intl.Segmenter): a
query then often looks for words the index does not hold (挤占挪用 is 挤占|挪用 in the index and
挤|占|挪用 in the query, and finds nothing), and a word inside a longer word is never found. With one
character per index word, theme/static/assets/search.js turns a query into an exact phrase of
characters, which finds every page that contains the query as written, like Ctrl+F.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from generator.site.processes import subprocess_preexec

# Where the index lands inside the site; theme/static/assets/search.js loads it from here.
OUTPUT_SUBDIR = "pagefind"

# Repeated on every page inside the indexed body: table column headers of the fixed form and
# Material's page footer blocks. Indexing them makes every page match words like 年初预算数 and
# grows the index a phone downloads.
# The revision log is excluded too: its old figures made excerpts ("20.37 → 20.73") that are not what the
# page says now.
EXCLUDE_SELECTORS = ("thead", ".md-source-file", ".md-content__button", ".headerlink", ".jx-revisions")

# The site is Chinese throughout; forcing the language keeps a stray lang attribute from
# splitting the index into a second language that a query would not search.
LANGUAGE = "zh"

# Only pages marked by the theme (theme/overrides/main.html) are indexed.
INDEXED_MARK = "data-pagefind-body"

# A hair space between two Han characters makes each character one index word. search.js removes
# it again from titles and names, so nothing a reader sees is spaced out. A number beside a Han
# character is separated the same way, so 执行数20.37万元 holds the word 20.37 and not 数20 or 37万.
CHARACTER_SEPARATOR = "\u200a"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_BOUNDARY = re.compile(rf"(?<=[{_HAN}])(?=[{_HAN}0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[{_HAN}])")
# Pagefind splits words at a decimal point, so 20.37 was indexed as 20 and 37 and a query for 20.37
# found every page with a 20 in it. Inside the index a decimal point is the letter DECIMAL_MARK, which
# keeps the number one word; search.js writes a query's decimal point the same way and turns it back
# into a point in what the reader sees.
DECIMAL_MARK = "d"
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_TEXT = re.compile(r">([^<]+)")
_INDEXED = re.compile(r"Indexed (\d+) pages?")


def index_words(text: str) -> str:
    """Text as the index holds it: Han characters and numbers separated, decimal points marked."""
    return _DECIMAL_POINT.sub(DECIMAL_MARK, _WORD_BOUNDARY.sub(CHARACTER_SEPARATOR, text))


def separate_characters(html: str) -> str:
    """The page with its text (never its tags or attribute values) in index words."""
    return _TEXT.sub(lambda m: ">" + index_words(m.group(1)), html)


def indexed_pages(site_dir: Path) -> list[Path]:
    """The pages marked for the index (INDEXED_MARK), as paths relative to site_dir, in a fixed order."""
    return sorted(page.relative_to(site_dir) for page in site_dir.rglob("*.html")
                  if INDEXED_MARK in page.read_text(encoding="utf-8"))


def indexing_copy(site_dir: Path, copy_dir: Path, pages: list[Path] | None = None) -> int:
    """Copy the pages to be indexed (all marked pages, or those given) into copy_dir with their Chinese
    separated; returns how many."""
    count = 0
    for relative in indexed_pages(site_dir) if pages is None else pages:
        html = (site_dir / relative).read_text(encoding="utf-8")
        target = copy_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(separate_characters(html), encoding="utf-8")
        count += 1
    return count


def pagefind_command(source_dir: Path, output_dir: Path) -> list[str]:
    command = [
        sys.executable, "-m", "pagefind",
        "--site", str(source_dir),
        "--output-path", str(output_dir),
        "--force-language", LANGUAGE,
    ]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


# --- Shards --------------------------------------------------------------------------------------
# Pagefind holds every page it indexes in memory until it writes the index: its peak memory grew by about
# 410 KB per page (Chinese one character per word), 3.2 GB for a city of 8,914 pages. The pages are
# therefore indexed in shards of whole years, each by its own Pagefind process run one after the other,
# and the reader's browser merges them (Pagefind's mergeIndex, theme/static/assets/search.js). A site
# that fits one process keeps one index: every extra shard adds its own metadata and index chunks to what
# a first search fetches.
MAX_PAGES_PER_INDEX = 3000
# The shards' folders, the first (OUTPUT_SUBDIR itself) first, then the older years; search.js reads it.
SHARDS_FILE = "jixiao-shards.json"
SHARDS_SUBDIR = "shards"
# The synthetic filter (Pagefind's mergeFilter) that tells search.js which shard a result came from.
SHARD_FILTER = "jixiao_shard"


@dataclass(frozen=True)
class Shard:
    name: str  # "" for the first shard, written to OUTPUT_SUBDIR itself; else its years, e.g. "2021-2019"
    pages: tuple[Path, ...]


@dataclass(frozen=True)
class PagefindRun:
    """One Pagefind process: what it indexed, how long it took and its peak memory (from the OS)."""
    shard: str
    pages: int
    wall_seconds: float
    cpu_seconds: float
    peak_rss_mb: float


def _year_of(page: Path) -> str | None:
    first = page.parts[0] if len(page.parts) > 1 else ""
    return first if first.isdigit() else None


def plan_shards(pages: list[Path], max_pages: int = MAX_PAGES_PER_INDEX) -> list[Shard]:
    """Whole years, newest first, packed into as few shards of at most max_pages as they fit; the pages of no
    year (a department's own page) go with the first. A year larger than max_pages is a shard of its own."""
    by_year: dict[str, list[Path]] = {}
    rest: list[Path] = []
    for page in pages:
        year = _year_of(page)
        (by_year.setdefault(year, []) if year else rest).append(page)
    groups: list[tuple[list[str], list[Path]]] = []
    current: tuple[list[str], list[Path]] = ([], list(rest))
    for year in sorted(by_year, reverse=True):
        if current[0] and len(current[1]) + len(by_year[year]) > max_pages:
            groups.append(current)
            current = ([], [])
        current[0].append(year)
        current[1].extend(by_year[year])
    if current[1] or not groups:
        groups.append(current)
    shards = []
    for number, (years, members) in enumerate(groups):
        name = "" if number == 0 else (years[0] if len(years) == 1 else f"{years[0]}-{years[-1]}")
        shards.append(Shard(name, tuple(sorted(members))))
    return shards


def shard_output(output_dir: Path, shard: Shard) -> Path:
    return output_dir / SHARDS_SUBDIR / shard.name if shard.name else output_dir


def _run_pagefind(command: list[str]) -> tuple[int, str, float, float, float]:
    """Run Pagefind; returns (exit code, its output, wall s, CPU s, peak RSS MB of it and its children)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   preexec_fn=partial(subprocess_preexec, os.getpid()))
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    wall = time.perf_counter() - start
    return process.returncode, output, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def index_site(site_dir: Path, max_pages: int = MAX_PAGES_PER_INDEX) -> tuple[list[str], list[PagefindRun]]:
    """Write the search index of site_dir into site_dir/pagefind, one Pagefind process per shard.

    Returns the problems in Chinese (empty if none) and what each Pagefind process cost."""
    site_dir = Path(site_dir).resolve()
    pages = indexed_pages(site_dir)
    if not pages:
        # A theme change that drops the mark would silently publish a site whose search finds nothing.
        return [f"搜索索引没有生成：没有任何页面标记为可搜索（{INDEXED_MARK}），请检查主题模板 theme/overrides/main.html。"], []
    output_dir = site_dir / OUTPUT_SUBDIR
    shutil.rmtree(output_dir, ignore_errors=True)
    shards = plan_shards(pages, max_pages)
    runs: list[PagefindRun] = []
    for shard in shards:
        target = shard_output(output_dir, shard)
        # Named after the folder being built, so that a build killed here leaves nothing the next one misses.
        with tempfile.TemporaryDirectory(prefix=f"{site_dir.name}-search-", dir=site_dir.parent) as tmp:
            copy_dir = Path(tmp)
            indexing_copy(site_dir, copy_dir, list(shard.pages))
            try:
                code, output, wall, cpu, rss = _run_pagefind(pagefind_command(copy_dir, target))
            except OSError as exc:
                return [f"搜索索引没有生成：无法运行 Pagefind（{exc}）。请先执行 make site 安装依赖。"], runs
        runs.append(PagefindRun(shard.name, len(shard.pages), wall, cpu, rss))
        output = output.strip()
        if code != 0:
            return [f"搜索索引没有生成：Pagefind 出错（退出码 {code}）。", output], runs
        indexed = _INDEXED.search(output)
        if indexed is None or int(indexed.group(1)) == 0:
            return ["搜索索引没有生成：Pagefind 没有索引任何页面。", output], runs
        canonicalize_filters(target)
    # Pagefind writes its scripts and WebAssembly into every output; the browser loads only the first shard's.
    for shard in shards[1:]:
        for extra in shard_output(output_dir, shard).iterdir():
            if extra.is_file() and (extra.suffix in (".js", ".css") or extra.name.startswith("wasm.")):
                extra.unlink()
    # search.js merges the indexes listed here; the i-th carries the value str(i) of SHARD_FILTER.
    manifest = {"filter": SHARD_FILTER, "indexes": [f"{SHARDS_SUBDIR}/{s.name}/" if s.name else "" for s in shards]}
    (output_dir / SHARDS_FILE).write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")) + "\n",
                                           encoding="utf-8")
    return [], runs


def build_search_index(site_dir: Path) -> list[str]:
    """Write the Pagefind index into site_dir/pagefind. Returns problems in Chinese (empty if none)."""
    return index_site(site_dir)[0]


# --- Byte-identical builds ---------------------------------------------------------------------
# Two builds of one commit must be byte-identical (build.py), but Pagefind 1.5 writes each filter's
# values in hash-map order, which changes from run to run (Pagefind issue #638: fragments were made
# stable, filter and meta files were not). Sort the values and rename the files by their content.

_SIGNATURE = b"pagefind_dcd"


def _cbor_decode(data: bytes, i: int = 0):
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[i:i + size], "big")
        i += size
    else:
        raise ValueError(f"unsupported CBOR item {head:#x}")
    if major == 0:
        return value, i
    if major == 1:
        return -1 - value, i
    if major == 2:
        return bytes(data[i:i + value]), i + value
    if major == 3:
        return data[i:i + value].decode("utf-8"), i + value
    if major in (4, 5):
        items = []
        for _ in range(value * (2 if major == 5 else 1)):
            item, i = _cbor_decode(data, i)
            items.append(item)
        return (items if major == 4 else _CborMap(zip(items[::2], items[1::2]))), i
    if major == 7 and value in (20, 21, 22):
        return {20: False, 21: True, 22: None}[value], i
    raise ValueError(f"unsupported CBOR item {head:#x}")


class _CborMap(list):
    """A CBOR map as its (key, value) pairs, so re-encoding keeps its order."""


def _cbor_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError("CBOR integer too large")


def _cbor_encode(item) -> bytes:
    if item is False or item is True or item is None:
        return bytes([0xF4 if item is False else 0xF5 if item is True else 0xF6])
    if isinstance(item, int):
        return _cbor_head(0, item) if item >= 0 else _cbor_head(1, -1 - item)
    if isinstance(item, bytes):
        return _cbor_head(2, len(item)) + item
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    if isinstance(item, _CborMap):
        return _cbor_head(5, len(item)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in item)
    if isinstance(item, list):
        return _cbor_head(4, len(item)) + b"".join(_cbor_encode(x) for x in item)
    raise TypeError(type(item))


def _read_pagefind(path: Path):
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(_SIGNATURE), path
    return _cbor_decode(data, len(_SIGNATURE))[0]


def _write_pagefind(folder: Path, prefix: str, suffix: str, item, digits: int) -> str:
    """Write item under a name derived from its content; returns the name's hash part."""
    data = gzip.compress(_SIGNATURE + _cbor_encode(item), mtime=0)
    name = f"{prefix}{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(data)
    return name


def canonicalize_filters(output_dir: Path) -> None:
    entry_path = output_dir / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = output_dir / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_pagefind(meta_path)
        # meta[3] lists the filter chunks as [filter name, chunk file hash].
        for pair in meta[3]:
            chunk_path = output_dir / "filter" / f"{pair[1]}.pf_filter"
            name, values = _read_pagefind(chunk_path)
            values.sort(key=lambda value: value[0])
            chunk_path.unlink()
            pair[1] = _write_pagefind(output_dir / "filter", f"{language}_", ".pf_filter", [name, values], 7)
        meta[3].sort(key=lambda pair: pair[0])
        meta_path.unlink()
        info["hash"] = _write_pagefind(output_dir, f"pagefind.{language}_", ".pf_meta", meta, 10).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
