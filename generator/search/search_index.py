"""The search index: Pagefind runs on the finished site folder as a post-build step.

Pagefind splits the index into small chunks, so a reader's browser fetches only the parts a query needs
instead of one index of the whole site. It runs inside `jixiao build`, so a publisher cannot forget it.
Knows nothing of MkDocs: it reads the HTML that any engine wrote.

Chinese is indexed as overlapping pairs of characters (会议经费 -> 会议 议经 经费 费). Pagefind's extended build
segments Chinese with a dictionary when indexing, but the browser splits the query with its own, different
dictionary (Intl.Segmenter): a query then often looks for words the index does not hold, and a word inside a
longer word is never found. With every pair of neighbouring characters as an index word, any run of two or more
characters is an exact phrase of pairs, found wherever it is written, like Ctrl+F; one character is found as the
first character of a pair. Pairs rather than single characters because one common character (会, 度) occurs tens of
thousands of times in a city's pages, and a query fetches every occurrence of each of its words: a pair occurs far
less often than either of its characters (measured in the README's 性能 section).
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
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib import metadata
from operator import add
from pathlib import Path

from generator.search.merge import MergedIndex, ShardTable, cbor_head, full_merge, split_batch, update, write_index
from generator.search.pagefind_service import IndexBatch, PagefindError, PagefindService
from generator.site.build_cache import BuildCache, digest, tree_digest
from generator.site.html_files import HtmlFile, html_files
from generator.site.processes import subprocess_preexec
from generator.site.staging import remove_all_but

# Where the index lands inside the site; theme/static/assets/search.js loads it from here.
OUTPUT_SUBDIR = "pagefind"

# Repeated on every page inside the indexed body: table column headers of the fixed form and
# Material's page footer blocks. Indexing them makes every page match words like 年初预算数 and
# grows the index a phone downloads.
# The revision log is excluded too: its old figures made excerpts ("20.37 → 20.73") that are not what the
# page says now.
# Also left out: what the site itself writes on every project page in its own voice, which a reader looks up on
# the page but never searches for: the navigation (breadcrumb, previous/next project), the fixed notes (政府信息
# 公开's note, 本表由本站整理), and what the site computed from the unit's figures (本站摘要, the execution-rate
# chart, 按评分规则复核, the 本站核对 column). The unit's own words and figures (names, the form, the report) stay
# searchable on every page, and so do the site's findings (数据核查), which quote them; leaving these out takes
# about a fifth of a project page's index words, which a first search fetches and Pagefind holds in memory.
EXCLUDE_SELECTORS = ("thead", ".md-source-file", ".md-content__button", ".headerlink", ".jx-revisions",
                     ".jx-breadcrumb", ".jx-pager", ".jx-govinfo__note", ".jx-form-origin", ".jx-reading", ".jx-rate",
                     ".jx-check", ".jx-shortfalls", ".jx-site", ".jx-site-line")

# The index language. Not "zh": for zh, Pagefind's indexer cuts every word again with its Chinese dictionary
# (议经 -> 议 经), which would undo the character pairs. A language Pagefind knows nothing of is neither
# segmented nor stemmed. Forcing one language also keeps a stray lang attribute from splitting the index.
LANGUAGE = "und"

# Only pages marked by the theme (theme/overrides/main.html) are indexed.
INDEXED_MARK = "data-pagefind-body"

# A hair space separates the index words. search.js joins the pairs back into running text in titles,
# names and excerpts, so nothing a reader sees is spaced out. A number beside a Han character is separated
# the same way, so 执行数20.37万元 holds the word 20.37 and not 数20 or 37万.
CHARACTER_SEPARATOR = "\u200a"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
# The last character of a run is indexed with this letter after it (档 -> 档𝐚), not alone: a one-character query
# is searched as the start of longer words (search.js), and Pagefind loads every index chunk holding such words
# only if none of them is the query itself; merge.py never lets a chunk boundary fall inside those words unless
# a chunk starts with them. The letter (U+1D41A, mathematical bold small a) sorts after every Chinese character,
# is kept and not lower-cased by Pagefind, and never occurs in the pages; search.js drops it from what it shows.
RUN_END = "\U0001d41a"
# Pagefind drops punctuation from a word but does not split the word there (支出、挤占 would be the one word
# 出挤占, and 挤占 not found after the comma), and indexes 749， beside 749. So Han characters are set apart
# from any other mark beside them, and numbers and letters from any non-ASCII mark. ASCII marks stay with a
# number (Pagefind splits at them itself), and an ASCII full stop stays with a Han character beside it: in page
# text Pagefind returns, ". " ends a block of the page, which search.js must tell from the text.
_ALNUM = "0-9A-Za-z"
_WORD_BOUNDARY = re.compile(rf"(?<=[{_HAN}])(?=[^{_HAN}\s.])|(?<=[^{_HAN}\s.])(?=[{_HAN}])"
                            rf"|(?<=[{_ALNUM}])(?=[^\x00-\x7f{_HAN}\s])|(?<=[^\x00-\x7f{_HAN}\s])(?=[{_ALNUM}])")
_HAN_CHARACTER = re.compile(f"[{_HAN}]")
# Pagefind splits words at a decimal point, so 20.37 was indexed as 20 and 37 and a query for 20.37
# found every page with a 20 in it. Inside the index a decimal point is the letter DECIMAL_MARK, which
# keeps the number one word; search.js writes a query's decimal point the same way and turns it back
# into a point in what the reader sees.
DECIMAL_MARK = "d"
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_INDEXED = re.compile(r"Indexed (\d+) pages?")


def _pairs(run: re.Match) -> str:
    text = run.group()
    return CHARACTER_SEPARATOR.join([*map(add, text[:-1], text[1:]), text[-1] + RUN_END])


def _words(text: str) -> str:
    return _HAN_RUN.sub(_pairs, _WORD_BOUNDARY.sub(CHARACTER_SEPARATOR, text))


def index_words(text: str, following: str = "") -> str:
    """Text as the index holds it: each run of Han characters as its overlapping pairs and its last character
    marked (会议经费 -> 会议 议经 经费 费𝐚); characters, numbers and marks apart (_WORD_BOUNDARY); decimal points
    marked.

    following is the first character of the text that continues this one in the page (after an inline tag
    such as <a> or <strong>): a run of characters that goes on there ends with the pair across the tag instead
    of its last character alone, so 项目的<a>绩效</a> holds 的绩 as 项目的绩效 does."""
    if "." in text:
        text = _DECIMAL_POINT.sub(DECIMAL_MARK, text)
    if not text or not following:
        return _words(text)
    if _HAN_CHARACTER.fullmatch(text[-1]) and _HAN_CHARACTER.fullmatch(following):
        # The run's last word becomes the pair across the tag; the next text starts its own pairs.
        return _words(text + following)[:-len(following + RUN_END)]
    words = _words(text)
    return words + CHARACTER_SEPARATOR if _WORD_BOUNDARY.search(text[-1] + following) else words


_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
# Tags inside a line of text: the text on both sides of one is read on, as Pagefind reads it.
_INLINE_TAGS = frozenset("a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp small span strong sub sup "
                         "time u var".split())


# What Pagefind reads before the indexed body: the first h1 of the page is its title, and the page's <title> is
# its title when it has no h1 (Pagefind's fossick/parser.rs).
_TITLE = re.compile(r"<title\b[^>]*>.*?</title>", re.S | re.I)
_H1 = re.compile(r"<h1\b", re.I)
_HEAD = re.compile(r"<head\b", re.I)
# Pagefind reads its metadata, filter and sort attributes wherever they are in the page, not only in the body;
# and an element marked data-pagefind-ignore="all" (or with a value it does not know) around the body leaves the
# whole page out. Only ignore with no value or "index" (the header's) changes nothing in the body.
_READ_ANYWHERE = re.compile(r"data-pagefind-(?!ignore\b|body\b)", re.I)
_IGNORE = re.compile(r"""data-pagefind-ignore(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""", re.I)


def separate_characters(html: str) -> str:
    """The page as Pagefind is handed it: the text Pagefind reads (never tags or attribute values) in index words.
    Unless an h1 or a Pagefind attribute comes before the indexed body, that is the page's <title> and everything
    from the body on: the rest of the head and the header, two fifths of a page, are left out. Pagefind reads
    nothing else there, and parsing them cost a tenth of its time; separating them, a third of this function's."""
    # From the tag that carries the mark (or earlier, if the mark is first met in a script: more is separated).
    start = html.rfind("<", 0, max(html.find(INDEXED_MARK), 0))
    head = _HEAD.search(html, 0, max(start, 0))
    if (start <= 0 or head is None or _H1.search(html, 0, start) or _READ_ANYWHERE.search(html, 0, start)
            or any("".join(m.groups(default="")) not in ("", "index") for m in _IGNORE.finditer(html, 0, start))):
        return _separated(html)
    title = _TITLE.search(html, head.end(), start)
    return "".join([html[:head.start()], "<head>", _separated(title.group()) if title else "", "</head><body>",
                    _separated(html[start:])])


def _separated(html: str) -> str:
    parts = _TAG.split(html)  # text, tag, text, tag, ..., text
    following = ""  # the first character of the next text, if only inline tags come before it
    for i in range(len(parts) - 1, -1, -1):
        part = parts[i]
        if i % 2:
            name = _TAG_NAME.match(part)
            if name is None or name.group(1).lower() not in _INLINE_TAGS:
                following = ""
        elif part:
            if i and not part.isspace():  # white space between tags is its own index words already
                parts[i] = index_words(part, following)
            following = part[0]
    return "".join(parts)


# A page's file as last seen (inode, size, modification time in ns) and what it held then: its digest, or None if it
# is not marked for the index. Reading and hashing every page of a city's site took 1.5 s of a correction; nearly
# every page of a rebuilt site is a link to the read-only entry of the page cache that the previous build linked
# too, so its file is the one read then. A file with the same inode, size and time as one read before holds the
# same bytes unless it was changed in place within the clock's tick, which nothing of ours does (pages in the
# cache are read-only and replaced, never written to; README: never edit site/ in place).
PageMemo = dict[str, tuple[int, int, int, "str | None"]]


def indexed_page_digests(site_dir: Path, memo: PageMemo | None = None, pages: list[HtmlFile] | None = None
                         ) -> dict[Path, str]:
    """The pages marked for the index (INDEXED_MARK), as paths relative to site_dir in a fixed order, each with
    a hash of its bytes (what decides its part of the index; see the search cache below). memo: what an earlier
    call saw (see PageMemo), replaced by what this one saw. pages: the HTML files under site_dir, when the caller
    has walked it already (html_files)."""
    mark = INDEXED_MARK.encode("ascii")
    known = dict(memo or {})
    seen: PageMemo = {}
    found = {}
    for page in pages if pages is not None else html_files(site_dir):
        if not page.regular:
            continue
        before = known.get(page.path)
        if before is not None and tuple(before[:3]) == page.signature:
            page_digest = before[3]
        else:
            with open(page.location, "rb") as opened:
                data = opened.read()
            page_digest = digest(data) if mark in data else None
        seen[page.path] = (*page.signature, page_digest)
        if page_digest is not None:
            found[page.path] = page_digest
    if memo is not None:
        memo.clear()
        memo.update(seen)
    return {Path(relative): found[relative] for relative in found}


def indexed_pages(site_dir: Path) -> list[Path]:
    """The pages marked for the index (INDEXED_MARK), as paths relative to site_dir, in a fixed order."""
    return list(indexed_page_digests(site_dir))


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


# Pagefind closes an index chunk once its words hold this many positions (its default is 20,000). A query
# fetches the whole chunk of each of its words, and the metadata fetched by every search lists every chunk:
# smaller chunks mean less index per word and a longer list. With character pairs as words, few words hold
# more positions than this, so most chunks are about this size.
INDEX_CHUNK_POSITIONS = 4000


def pagefind_environment() -> dict[str, str]:
    """Pagefind's environment: ours, with its chunk size (Pagefind reads it only from there)."""
    return {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_POSITIONS)}


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
# Pagefind holds every page it indexes in memory until it writes the index: its peak memory grows by about
# 0.53 MB per project page (character pairs; 1,210 MB for 2,300 pages of the 8,000-project city). The pages
# are therefore indexed in batches of whole search shards, one Pagefind index after the other, and merged into
# one index afterwards (merge.py): at most PAGES_PER_BATCH pages each (the service process peaked at 1,548 MB
# with 2,500; 1,000 take about 0.6 GB and cost nothing more, a batch costs about 0.04 s of its own). Merged
# in the browser (merge=False), each command line Pagefind indexes at most MAX_PAGES_PER_INDEX pages (about
# 1.35 GB, under the 1.5 GB a process may take).
PAGES_PER_BATCH = 1000
# Pagefind processes indexing batches at once: one makes the text of a batch and cuts the tables of another
# while two Pagefind processes index (each batch in one process, its own index: the same output wherever it ran).
PAGEFIND_PROCESSES = 2
MAX_PAGES_PER_INDEX = 2500
# The shards' folders, the first (OUTPUT_SUBDIR itself) first, then the older years; search.js reads it.
SHARDS_FILE = "jixiao-shards.json"
SHARDS_SUBDIR = "shards"
# The synthetic filter (Pagefind's mergeFilter) that tells search.js which shard a result came from.
SHARD_FILTER = "jixiao_shard"


@dataclass(frozen=True)
class Shard:
    # Merged: the pages' folder, e.g. "2024/d000". Else "" for the first shard, written to OUTPUT_SUBDIR itself,
    # and its years for the others, e.g. "2021-2019".
    name: str
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


def plan_shards(pages: list[Path], max_pages: int = MAX_PAGES_PER_INDEX, pack: bool = True) -> list[Shard]:
    """The search shards of the pages (the one place that decides them).

    pack=False (the shards are merged into one index, so their number costs a reader nothing): a shard is a unit's
    pages of one year (2024/d000: its year page and its project pages), a unit's pages of no year
    (departments/d000), or the pages of one folder of the site's top level; the pages of no year first, then each
    year newest first, each in the order of the shards' names. A page always belongs to the same shard whatever
    other pages there are, and a corrected figure changes the pages of one unit: it re-indexes that unit's shard
    of the year (about a dozen pages) and perhaps its shard of no year; the others come from the search cache.
    max_pages does not matter here: the shards are indexed in batches of at most max_pages (index_site).

    pack=True (merge=False, merged in the browser, where every shard costs a reader a download): whole years, newest
    first, packed into as few shards of at most max_pages as they fit; the pages of no year go with the first. A
    year larger than max_pages is a shard of its own."""
    if not pack:
        by_name: dict[str, list[Path]] = {}
        for page in pages:
            by_name.setdefault("/".join(page.parent.parts[:2]), []).append(page)

        def order(name: str) -> tuple:
            year = _year_of(Path(name) / "index.html")
            return (0, 0, name) if year is None else (1, -int(year), name)

        return [Shard(name, tuple(sorted(by_name[name]))) for name in sorted(by_name, key=order)]
    by_year: dict[str, list[Path]] = {}
    rest: list[Path] = []
    for page in pages:
        year = _year_of(page)
        (by_year.setdefault(year, []) if year else rest).append(page)
    groups: list[tuple[list[str], list[Path]]] = []
    current: tuple[list[str], list[Path]] = ([], list(rest))
    for year in sorted(by_year, reverse=True):
        if bool(current[0]) and len(current[1]) + len(by_year[year]) > max_pages:
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
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=pagefind_environment(),
                                   preexec_fn=partial(subprocess_preexec, os.getpid()))
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    wall = time.perf_counter() - start
    return process.returncode, output, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


# --- The search cache --------------------------------------------------------------------------------
# A shard's index is made from its pages' bytes alone (and the code and Pagefind that index them), so it is kept
# in the build cache (generator/site/build_cache.py) under a hash of those, as Pagefind wrote it and after the
# renaming below, before the merge. A corrected figure changes pages of one year and a few of no year: the other
# years' shards are taken from the cache instead of being copied and indexed again.
SEARCH_CACHE = "search"
# The merged index: its files (chunks, fragments, Pagefind's scripts) by digest, what the next build needs to change
# it (MergedIndex) and the pages as last seen (PageMemo), each under a key of its own.
SEARCH_FILES = "search-index"


@lru_cache(maxsize=1)
def _indexer_key() -> str:
    """What turns a shard's pages into its index besides the pages: this package's code and Pagefind's version."""
    versions = sorted(f"{d.metadata['Name']}={d.version}" for d in metadata.distributions()
                      if (d.metadata["Name"] or "").lower().startswith("pagefind"))
    return digest(tree_digest(Path(__file__).resolve().parent), *versions)


def shard_key(shard: Shard, page_digests: dict[Path, str]) -> str:
    """The cache key of a shard's index: its name (which decides where it is written), its pages and their bytes."""
    return digest(_indexer_key(), shard.name, *(f"{page.as_posix()}\n{page_digests[page]}" for page in shard.pages))


def index_site(site_dir: Path, max_pages: int | None = None, merge: bool = True,
               cache: BuildCache | None = None, pages: list[HtmlFile] | None = None
               ) -> tuple[list[str], list[PagefindRun]]:
    """Write the search index of site_dir into site_dir/pagefind: one index, merged from the search shards
    (generator/search/merge.py); with merge=False the shards (whole years, packed) stay separate indexes that the
    reader's browser merges (search.js; kept for sites too large for one index). With a cache, only the shards whose
    pages changed since the build that stored the cache are indexed again, and only what they change in the merged
    index is made again (see above).

    max_pages: the pages of one Pagefind index at most (PAGES_PER_BATCH, or MAX_PAGES_PER_INDEX with merge=False).
    pages: the HTML files of site_dir, when the caller has walked it already (html_files).
    Returns the problems in Chinese (empty if none) and what each Pagefind batch cost (none if every shard came from
    the cache)."""
    site_dir = Path(site_dir).resolve()
    memo_key = digest(_indexer_key(), "pages seen")
    stored_memo = cache.get(SEARCH_FILES, memo_key) if cache is not None else None
    memo: PageMemo = json.loads(stored_memo.read_bytes()) if stored_memo is not None else {}
    page_digests = indexed_page_digests(site_dir, memo, pages)
    if not page_digests:
        # A theme change that drops the mark would silently publish a site whose search finds nothing.
        return [f"搜索索引没有生成：没有任何页面标记为可搜索（{INDEXED_MARK}），请检查主题模板 theme/overrides/main.html。"], []
    output_dir = site_dir / OUTPUT_SUBDIR
    if not merge:
        shutil.rmtree(output_dir, ignore_errors=True)
        return _index_unmerged(site_dir, page_digests, max_pages or MAX_PAGES_PER_INDEX, cache)
    runs: list[PagefindRun] = []
    try:
        with _Indexer(site_dir, max_pages or PAGES_PER_BATCH, cache, runs) as indexer:
            years = indexer.write(plan_shards(list(page_digests), max_pages, pack=False), page_digests, output_dir)
            store = indexer.store
    except PagefindError as exc:
        return [_pagefind_problem(exc)], runs
    except _ScriptsChanged as exc:
        return [str(exc)], runs
    except (ValueError, KeyError, IndexError) as exc:
        return [_merge_problem(exc)], runs
    manifest = {"filter": SHARD_FILTER, "years": years, "indexes": [""]}
    store.write(output_dir / SHARDS_FILE,
                (json.dumps(manifest, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"))
    # An earlier build's index, where this build started in its site (staging.py, reuse_spare): what this one
    # did not write or leave in place goes.
    prefix = f"{output_dir}/"
    remove_all_but(output_dir, {path.removeprefix(prefix) for path in store.written})
    if cache is not None:
        cache.put(SEARCH_FILES, memo_key, json.dumps(memo, separators=(",", ":")).encode("ascii"))
    return [], runs


class _ScriptsChanged(Exception):
    pass


def _pagefind_problem(exc: PagefindError) -> str:
    return f"搜索索引没有生成：Pagefind 出错（{exc}）。请先执行 make site 安装依赖。"


def _merge_problem(exc: Exception) -> str:
    return f"搜索索引没有生成：合并各分片的索引时出错（{exc!r}）。请使用 pyproject.toml 中固定的 Pagefind 版本。"


class _Store:
    """The files of the merged index by digest: in the build cache (placed in the site as hard links, so a correction
    writes only what changed), or in memory without one."""

    def __init__(self, cache: BuildCache | None):
        self.cache = cache
        self.memory: dict[str, bytes] = {}
        self._folders: set[str] = set()
        self.written: set[str] = set()  # the files of the index this build wrote or left in place, as text paths

    def add(self, data: bytes) -> str:
        key = digest(data)
        if self.cache is None:
            self.memory[key] = data
        elif self.cache.get(SEARCH_FILES, key) is None:
            self.cache.put(SEARCH_FILES, key, data)
        return key

    def read(self, key: str) -> bytes:
        if key in self.memory:
            return self.memory[key]
        stored = self.cache.get(SEARCH_FILES, key) if self.cache is not None else None
        if stored is None:
            raise KeyError(key)
        return stored.read_bytes()

    def forget_folders(self) -> None:
        self._folders = set()
        self.written = set()

    def place(self, key: str, folder: str, name: str) -> None:
        """Put the file key in folder (text: ten thousand of them per build, so no pathlib) as name. A folder that
        holds an earlier build's index (generator/site/staging.py, reuse_spare) may have it there already, as the
        same link: it is left as it is; any other file there is replaced, never written through."""
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        destination = f"{folder}/{name}"
        self.written.add(destination)
        if key in self.memory:
            self.write(destination, self.memory[key])
            return
        if self.cache is None:
            raise KeyError(key)
        stored = self.cache.entry(SEARCH_FILES, key)
        try:
            os.link(stored, destination)
        except FileNotFoundError:
            raise KeyError(key) from None
        except FileExistsError:
            try:
                if os.path.samestat(os.stat(stored), os.lstat(destination)):
                    return
            except FileNotFoundError:
                raise KeyError(key) from None
            os.unlink(destination)
            self.place(key, folder, name)
        except OSError:  # another file system
            shutil.copyfile(stored, destination)

    def write(self, destination: str | Path, data: bytes) -> None:
        """Write a file of the index made in this build: as a new file, so that an earlier build's file at that
        path, which may be a link to a cache entry, is replaced and not written through."""
        destination = os.fspath(destination)
        self.written.add(destination)
        try:
            os.unlink(destination)
        except FileNotFoundError:
            pass
        with open(destination, "wb") as out:
            out.write(data)


def _batches(shards: list[Shard], max_pages: int) -> list[list[Shard]]:
    """Shards in order, as few batches of at most max_pages pages as they fit (a larger shard is a batch alone)."""
    batches: list[list[Shard]] = []
    size = 0
    for shard in shards:
        if not batches or size + len(shard.pages) > max_pages:
            batches.append([])
            size = 0
        batches[-1].append(shard)
        size += len(shard.pages)
    return batches


def _fragment_folder(shard: Shard) -> str:
    """The pages of no year share one fragment folder, each year's pages another (see write_index)."""
    return _year_of(shard.pages[0]) or ""


class _Indexer:
    """The shards' tables and the merged index of one build, from the cache where it holds them."""

    def __init__(self, site_dir: Path, max_pages: int, cache: BuildCache | None, runs: list[PagefindRun],
                 pending: bool = False):
        self.site_dir, self.max_pages, self.cache, self.runs = site_dir, max_pages, cache, runs
        self.pending = pending  # tables stored pending, kept only if the build commits the cache
        self.store = _Store(cache)
        self.services: list[PagefindService] = []
        self.reuse_tables = cache is not None

    def __enter__(self) -> _Indexer:
        return self

    def __exit__(self, *exc) -> None:
        for service in self.services:
            service.close()

    def _stored_table(self, key: str) -> ShardTable | None:
        stored = self.cache.get(SEARCH_CACHE, key) if self.reuse_tables else None
        return ShardTable.from_bytes(stored.read_bytes()) if stored is not None else None

    def tables(self, shards: list[Shard], keys: list[str]) -> Iterator[ShardTable]:
        """The tables of the shards in order: from the cache, the others indexed now (and stored). Each is given
        as soon as it is there, so the caller's work on one runs while Pagefind indexes the next batch."""
        return self._filled(shards, keys, [self._stored_table(key) for key in keys])

    def index_missing(self, shards: list[Shard], keys: list[str], found: list) -> None:
        """Index the shards whose item in found is None, in batches, and store their tables."""
        for _ in self._filled(shards, keys, found):
            pass

    def _filled(self, shards: list[Shard], keys: list[str], found: list) -> Iterator:
        """found's items in order, those that are None indexed now, in batches, and stored."""
        missing = [k for k, item in enumerate(found) if item is None]
        indexed = self._indexed(_batches([shards[k] for k in missing], self.max_pages))
        for k, item in enumerate(found):
            if item is None:
                item = next(indexed)
                if self.cache is not None:
                    store = self.cache.put_pending if self.pending else self.cache.put
                    store(SEARCH_CACHE, keys[k], item.to_bytes())
            yield item

    def _indexed(self, batches: list[list[Shard]]) -> Iterator[ShardTable]:
        """The tables of the batches' shards in order. Batches go to PAGEFIND_PROCESSES Pagefind processes in turn,
        and a batch is cut into tables only once the next ones are handed over, so that Pagefind indexes two batches
        at once while this process makes a batch's text and another's tables (pagefind_service.py)."""
        started: deque[tuple[list[Shard], PagefindService, IndexBatch]] = deque()
        for k, batch in enumerate(batches):
            service = self._service(k % PAGEFIND_PROCESSES)
            pages = ((page.as_posix(), separate_characters((self.site_dir / page).read_text(encoding="utf-8")))
                     for shard in batch for page in shard.pages)
            # Handed over once this process's Pagefind has answered for its last batch (start waits for that).
            started.append((batch, service, service.start(pages)))
            if len(started) > PAGEFIND_PROCESSES:
                yield from self._tables(*started.popleft())
        while started:
            yield from self._tables(*started.popleft())

    def _service(self, number: int) -> PagefindService:
        while len(self.services) <= number:
            self.services.append(PagefindService({"force_language": LANGUAGE,
                                                  "exclude_selectors": list(EXCLUDE_SELECTORS)},
                                                 pagefind_environment()))
        return self.services[number]

    def _tables(self, batch: list[Shard], service: PagefindService, started: IndexBatch) -> list[ShardTable]:
        files, cost = service.finish(started)
        self.runs.append(PagefindRun(batch[0].name, sum(len(s.pages) for s in batch), cost.wall_seconds,
                                     cost.cpu_seconds, cost.peak_rss_mb))
        static = {}
        for path, data in files.items():
            if "/" not in path and not path.endswith((".pf_meta", "pagefind-entry.json")):
                if path in QUERY_SCRIPTS:
                    data = _whole_query_script(path, data.decode("utf-8")).encode("utf-8")
                static[path] = self.store.add(data)
        return split_batch(files, [[page.as_posix() for page in shard.pages] for shard in batch], dict(sorted(static.items())))

    def write(self, shards: list[Shard], page_digests: dict[Path, str], output_dir: Path) -> list[str]:
        keys = [shard_key(shard, page_digests) for shard in shards]
        described = [(shard.name, key, len(shard.pages)) for shard, key in zip(shards, keys)]
        state_key = digest(_indexer_key(), "merged index", str(INDEX_CHUNK_POSITIONS))
        stored = self.cache.get(SEARCH_FILES, state_key) if self.cache is not None else None
        old = MergedIndex.from_bytes(stored.read_bytes()) if stored is not None else None
        if old is not None and [(s[0], s[2]) for s in old.shards] == [(s[0], s[2]) for s in described]:
            changed = [k for k, (_, key, _) in enumerate(described) if old.shards[k][1] != key]
            old_tables = {k: self._stored_table(old.shards[k][1]) for k in changed}
            if all(table is not None for table in old_tables.values()):
                new_tables = dict(zip(changed, self.tables([shards[k] for k in changed], [keys[k] for k in changed])))
                # The other shards' tables stay in the cache for a later correction.
                for k, key in enumerate(keys):
                    if k not in new_tables:
                        self.cache.get(SEARCH_CACHE, key)
                try:
                    merged = update(old, described, old_tables, new_tables, self.store, INDEX_CHUNK_POSITIONS)
                    if merged is not None:
                        return self._write(merged, state_key, output_dir)
                except KeyError:  # a file of the kept index is gone from the cache: merge in full
                    shutil.rmtree(output_dir, ignore_errors=True)
        folders = [_fragment_folder(s) for s in shards]
        try:
            return self._write(full_merge(described, folders, self.tables(shards, keys), self.store,
                                          INDEX_CHUNK_POSITIONS), state_key, output_dir)
        except KeyError:  # Pagefind's scripts, kept once for all shards, are gone from the cache: index again
            shutil.rmtree(output_dir, ignore_errors=True)
        self.reuse_tables = False
        return self._write(full_merge(described, folders, self.tables(shards, keys), self.store,
                                      INDEX_CHUNK_POSITIONS), state_key, output_dir)

    def _write(self, merged: MergedIndex, state_key: str, output_dir: Path) -> list[str]:
        self.store.forget_folders()  # after a write given up, the folders made for it are gone
        years = write_index(merged, output_dir, self.store)
        if self.cache is not None:
            self.cache.put(SEARCH_FILES, state_key, merged.to_bytes())
        return years


def _index_unmerged(site_dir: Path, page_digests: dict[Path, str], max_pages: int, cache: BuildCache | None
                    ) -> tuple[list[str], list[PagefindRun]]:
    """The shards as separate indexes (whole years packed into shards of at most max_pages), one command line
    Pagefind each, for search.js to merge in the browser."""
    output_dir = site_dir / OUTPUT_SUBDIR
    shards = plan_shards(list(page_digests), max_pages, pack=True)
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
        compact_names(target)
    problem = keep_query_pairs_whole(output_dir)
    if problem:
        return [problem], runs
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


def index_into_cache(site_dir: Path, cache: BuildCache, plan_pages: list[Path], wanted
                     ) -> tuple[list[str], list[Shard], list[PagefindRun]]:
    """A build of part of a site (generator/site/shards.py): of the shards the whole site's index is planned in
    (planned over plan_pages, as index_site plans them over the site's indexed pages), index those wanted(shard)
    picks, whose pages are all in site_dir, into the cache only (pending until the caller commits it), for the
    build of the whole site to take. Nothing is written to the site. Returns problems in Chinese (empty if none),
    the shards picked and what each Pagefind batch cost (none if the cache held every shard already)."""
    site_dir = Path(site_dir).resolve()
    page_digests = indexed_page_digests(site_dir)
    picked = [shard for shard in plan_shards(sorted(plan_pages), pack=False) if wanted(shard)]
    runs: list[PagefindRun] = []
    try:
        with _Indexer(site_dir, PAGES_PER_BATCH, cache, runs, pending=True) as indexer:
            keys = [shard_key(shard, page_digests) for shard in picked]
            # A shard the cache holds is not read: the build of the whole site takes it from there.
            indexer.index_missing(picked, keys, [cache.get(SEARCH_CACHE, key) for key in keys])
    except PagefindError as exc:
        return [_pagefind_problem(exc)], picked, runs
    except _ScriptsChanged as exc:
        return [str(exc)], picked, runs
    except (ValueError, KeyError, IndexError) as exc:
        return [_merge_problem(exc)], picked, runs
    return [], picked, runs


def build_search_index(site_dir: Path, cache: BuildCache | None = None, pages: list[HtmlFile] | None = None
                       ) -> list[str]:
    """Write the Pagefind index into site_dir/pagefind. Returns problems in Chinese (empty if none)."""
    return index_site(site_dir, cache=cache, pages=pages)[0]


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


def _cbor_encode(item) -> bytes:
    if item is False or item is True or item is None:
        return bytes([0xF4 if item is False else 0xF5 if item is True else 0xF6])
    if isinstance(item, int):
        return cbor_head(0, item) if item >= 0 else cbor_head(1, -1 - item)
    if isinstance(item, bytes):
        return cbor_head(2, len(item)) + item
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return cbor_head(3, len(raw)) + raw
    if isinstance(item, _CborMap):
        return cbor_head(5, len(item)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in item)
    if isinstance(item, list):
        return cbor_head(4, len(item)) + b"".join(_cbor_encode(x) for x in item)
    raise TypeError(type(item))


def _read_pagefind(path: Path):
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(_SIGNATURE), path
    return _cbor_decode(data, len(_SIGNATURE))[0]


def _write_pagefind(folder: Path, prefix: str, suffix: str, item, digits: int, store: _Store | None = None) -> str:
    """Write item under a name derived from its content (through store, which keeps account of the index's files,
    when given); returns the name's hash part."""
    data = gzip.compress(_SIGNATURE + _cbor_encode(item), mtime=0)
    name = f"{prefix}{hashlib.sha256(data).hexdigest()[:digits]}"
    if store is not None:
        store.write(folder / f"{name}{suffix}", data)
    else:
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


# --- Short names --------------------------------------------------------------------------------------
# The metadata every search fetches names each page's fragment file and each index chunk by a 7-digit
# hexadecimal hash: incompressible, 48 KB of a 9,000-page site's metadata. The files are renamed to their
# number (base 36) inside a folder named by a hash of all of them, so the list compresses to almost nothing
# and a changed file still gets a new address (no stale copy from a browser's cache).

_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(number: int) -> str:
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = _DIGITS36[digit] + text
        if not number:
            return text


def _rename_numbered(folder: Path, suffix: str, names: list[str]) -> list[str]:
    """Move folder/NAME.suffix (in the order given) to folder/HASH/NUMBER.suffix; returns the new names."""
    digest = hashlib.sha256()
    for name in names:
        digest.update((folder / f"{name}{suffix}").read_bytes())
    group = digest.hexdigest()[:10]
    (folder / group).mkdir(exist_ok=True)
    renamed = []
    for number, name in enumerate(names):
        new = f"{group}/{_base36(number)}"
        (folder / f"{name}{suffix}").rename(folder / f"{new}{suffix}")
        renamed.append(new)
    return renamed


def compact_names(output_dir: Path) -> None:
    """Rename the fragment files and index chunks of one Pagefind output to short names (see above)."""
    entry_path = output_dir / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = output_dir / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_pagefind(meta_path)
        # meta[1] lists the pages as [fragment hash, word count]; meta[2] the chunks as [from, to, hash].
        for page, new in zip(meta[1], _rename_numbered(output_dir / "fragment", ".pf_fragment", [p[0] for p in meta[1]])):
            page[0] = new
        for chunk, new in zip(meta[2], _rename_numbered(output_dir / "index", ".pf_index", [c[2] for c in meta[2]])):
            chunk[2] = new
        meta_path.unlink()
        info["hash"] = _write_pagefind(output_dir, f"pagefind.{language}_", ".pf_meta", meta, 10).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# --- The query, whole -----------------------------------------------------------------------------------
# Pagefind's browser code cuts a query in Chinese, Japanese or Thai into dictionary words before searching
# (Intl.Segmenter; the language is the page's lang attribute, zh, whatever the index's). That would cut the
# character pairs search.js sends (议经 -> 议 经), which the index holds whole. Pagefind has no option for it,
# so its scripts are written with that step turned off: the index is never segmented, so the query must not be.

_SEGMENTATION = "needsWordSegmentation=(lang)=>{"
_NO_SEGMENTATION = "needsWordSegmentation=(lang)=>{return false;"
QUERY_SCRIPTS = ("pagefind.js", "pagefind-worker.js")


def _whole_query_script(name: str, script: str) -> str:
    """Pagefind's script with its query segmentation turned off; raises _ScriptsChanged (a problem in Chinese)."""
    if script.count(_SEGMENTATION) != 1:
        raise _ScriptsChanged(f"搜索索引没有生成：Pagefind 的脚本 {name} 与本站适配的版本不同（找不到查询分词的位置）。"
                              "请使用 pyproject.toml 中固定的 Pagefind 版本。")
    return script.replace(_SEGMENTATION, _NO_SEGMENTATION)


def keep_query_pairs_whole(output_dir: Path) -> str | None:
    """Turn off Pagefind's query segmentation in its scripts; returns a problem in Chinese, or None."""
    for name in QUERY_SCRIPTS:
        path = output_dir / name
        try:
            script = _whole_query_script(name, path.read_text(encoding="utf-8") if path.is_file() else "")
        except _ScriptsChanged as exc:
            return str(exc)
        path.write_text(script, encoding="utf-8")
    return None
