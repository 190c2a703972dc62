"""Precompressed copies beside the files every reader fetches: `x.br` and `x.gz` next to `x`.

A server configured with nginx's `gzip_static on;` (and `brotli_static on;` where the ngx_brotli module is
installed), Caddy's `precompressed br gzip` or Apache's MultiViews sends them instead of `x` to a browser
that accepts them, without compressing anything per request. A server that knows nothing of them sends `x`
as before: nothing else in the site refers to them.

Only the files shared by every page are precompressed: the theme's assets/ and Pagefind's scripts, entry,
metadata and WebAssembly, at the formats' best settings (brotli 11, gzip 9). They are what a first search
fetches besides the index chunks and fragments (which Pagefind gzips itself and which brotli at a speed fit
for thousands of small files did not shrink further). The pages and the data files are left to the server's
on-the-fly compression (nginx `gzip on;`): precompressing all 42,000 text files of an 8,000-project city took
37 CPU-seconds even at fast settings, most of the build's time budget, for files each fetched rarely.

Every run gives the same bytes (gzip without a name or time, brotli and zlib at fixed settings), so two
builds of one commit stay byte-identical. A file whose bytes are unchanged since the site that is being
replaced reuses that site's compressed copies instead of compressing again.

Pagefind's WebAssembly and metadata are gzip already, which Pagefind's script unpacks itself. Their `.br`
holds their unpacked bytes: the script reads those as they are (they start with Pagefind's `pagefind_dcd`
signature), so the browser gets the smaller brotli transfer (the WebAssembly 68 → 59 KB) with the same result.
"""

from __future__ import annotations

import gc
import gzip
import os
import re
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli

from generator.site.processes import worker_init

# Text a browser fetches: pages, styles, scripts, data. XLSX, images and PDFs are compressed already.
TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv", ".map", ".webmanifest"})
# Pagefind's gzip files (generator/search/search_index.py): unpacked and brotli-compressed.
PAGEFIND_SUFFIXES = frozenset({".pf_meta", ".pagefind"})
PAGEFIND_SIGNATURE = b"pagefind_dcd"
# Below this the headers of a compressed answer cost more than they save.
MIN_SIZE = 512
# The folders of the files every page shares; inside pagefind/, only its top level (not the index chunks,
# fragments and filters under index/, fragment/, filter/, nor the shards' chunks).
SHARED_DIRS = ("assets", "pagefind")
_PAGEFIND_DATA_DIRS = frozenset({"index", "fragment", "filter"})
# A copy is written only where it saves at least this share of the bytes.
MIN_SAVING = 0.1
# Below this many bytes in all, the work is not worth starting worker processes for.
_POOL_THRESHOLD = 8 * 1024 * 1024

_STAGING = re.compile(r"^\.(?P<name>.+)-build-[0-9]+-[0-9a-f]+$")


GZIP_LEVEL, BROTLI_QUALITY = 9, 11


def shared(relative: Path) -> bool:
    """Whether a file of the site (path relative to its root) is one every page shares."""
    parts = relative.parts
    if len(parts) < 2 or parts[0] not in SHARED_DIRS:
        return False
    return parts[0] != "pagefind" or not _PAGEFIND_DATA_DIRS.intersection(parts[1:-1])


def _gzip(data: bytes, level: int) -> bytes:
    # gzip.compress(mtime=0) writes no file name and a zero time: the same bytes on every run.
    return gzip.compress(data, compresslevel=level, mtime=0)


def compressed_copies(relative: Path, data: bytes) -> dict[str, bytes]:
    """The copies to write beside a file of the site ({'.br': …, '.gz': …}), each only if it saves bytes."""
    suffix = relative.suffix
    level, quality = GZIP_LEVEL, BROTLI_QUALITY
    copies: dict[str, bytes] = {}
    if suffix in PAGEFIND_SUFFIXES:
        try:
            raw = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return copies
        if raw.startswith(PAGEFIND_SIGNATURE):
            packed = brotli.compress(raw, quality=quality)
            if len(packed) <= len(data) * (1 - MIN_SAVING / 2):
                copies[".br"] = packed
        return copies
    if suffix not in TEXT_SUFFIXES or len(data) < MIN_SIZE:
        return copies
    for extension, packed in ((".br", brotli.compress(data, quality=quality)), (".gz", _gzip(data, level))):
        if len(packed) <= len(data) * (1 - MIN_SAVING):
            copies[extension] = packed
    return copies


def _wanted(path: Path, site_dir: Path) -> bool:
    return (path.suffix in TEXT_SUFFIXES or path.suffix in PAGEFIND_SUFFIXES) and shared(path.relative_to(site_dir))


def previous_site(staging: Path) -> Path | None:
    """The published folder a staging folder (generator/site/staging.py) is about to replace, if there is one."""
    match = _STAGING.match(staging.name)
    if match is None:
        return None
    target = staging.with_name(match.group("name"))
    return target if target.is_dir() else None


def _reused(relative: Path, data: bytes, previous: Path | None) -> dict[str, bytes] | None:
    """The copies of the previous site when the file is byte-identical there, else None."""
    if previous is None:
        return None
    old = previous / relative
    try:
        if old.stat().st_size != len(data) or old.read_bytes() != data:
            return None
    except OSError:
        return None
    copies: dict[str, bytes] = {}
    for extension in (".br", ".gz"):
        try:
            copies[extension] = old.with_name(old.name + extension).read_bytes()
        except FileNotFoundError:
            continue
        except OSError:
            return None
    # Absent copies are right when the file earned none; a file that would earn one it lacks is redone.
    return copies if copies or len(data) < MIN_SIZE else None


def _work(job: tuple[str, str, str | None]) -> int:
    """Write the copies of one file; returns how many bytes it compressed (0 when reused)."""
    site, name, previous = job
    path = Path(site) / name
    data = path.read_bytes()
    relative = Path(name)
    copies = _reused(relative, data, Path(previous) if previous else None)
    compressed = 0
    if copies is None:
        copies = compressed_copies(relative, data)
        compressed = len(data)
    for extension, packed in copies.items():
        path.with_name(path.name + extension).write_bytes(packed)
    return compressed


def _shared_files(site_dir: Path) -> list[str]:
    """The files to precompress, by site path in order: found in the shared folders alone, not by walking the
    whole site (a city's 42,000 files, a second of every correction)."""
    names = []
    for top in SHARED_DIRS:
        for folder, dirs, files in os.walk(site_dir / top):
            if top == "pagefind":
                dirs[:] = [d for d in dirs if d not in _PAGEFIND_DATA_DIRS]
            here = Path(folder)
            names += [(here / f).relative_to(site_dir).as_posix() for f in files if _wanted(here / f, site_dir)]
    return sorted(names)


def precompress_site(site_dir: Path) -> list[str]:
    """Write .br/.gz copies beside the files every page shares. A post-build step: returns problems (none)."""
    site_dir = Path(site_dir)
    previous = previous_site(site_dir)
    names = _shared_files(site_dir)
    jobs = [(str(site_dir), name, str(previous) if previous else None) for name in names]
    total = sum((site_dir / name).stat().st_size for name in names)
    workers = min(os.cpu_count() or 1, 4)
    if workers > 1 and total > _POOL_THRESHOLD:
        gc.collect()  # the workers start as copies of this process: what the build no longer holds goes first
        with ProcessPoolExecutor(max_workers=workers, initializer=worker_init, initargs=(os.getpid(),)) as pool:
            for _ in pool.map(_work, jobs, chunksize=64):
                pass
    else:
        for job in jobs:
            _work(job)
    return []
