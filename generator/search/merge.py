"""One search index from the Pagefind indexes of the search shards, so a first search fetches one of everything, and
a correction changes only what it touches.

Pagefind holds every page it indexes in memory, so a city's pages are indexed in batches of search shards (a unit's
pages of one year, search_index.plan_shards), each batch's output cut into its shards' tables (split_batch: every
shard's part as if Pagefind had indexed its pages alone), and the tables merged into one index, in Pagefind's own
file formats (version pinned in pyproject.toml). Merged in the browser (Pagefind's mergeIndex) instead, every shard
added its own metadata and, for every word of a query, its own index chunk to what a first search fetches: 4
shards fetched 499 KB where one index fetched 334 KB.

- pages are numbered on from shard to shard, the pages of no year first, then each year newest first; the fragment
  files are numbered in one folder for the pages of no year and one for each year;
- every word's page list is the shards' lists one after another (page numbers are delta-coded, so only the
  first page of each shard's part changes); its positions are copied byte for byte;
- the words are cut into new chunks of about INDEX_CHUNK_POSITIONS positions, never splitting the words that
  start with one character unless they alone are larger than a chunk, and then starting a chunk with them:
  a one-character query (searched as the start of longer words) then finds all its words (see search_index);
- filters are joined with the page numbers moved on; the year sort is left to search.js (years listed
  in the shards file), and word counts are rounded (see _coarse).

The merged index is kept between builds (MergedIndex): when a correction changes some shards' pages, update() takes
the old and new tables of those shards, rebuilds only the words whose entries changed (splicing the shards' new
parts into the old entries), cuts again only around them and compresses only the chunks that changed. Nothing
here reads a page: the work is proportional to the size of the index, or of the change.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Byte size of a CBOR integer by its first byte (unsigned 0x00-0x1b, negative 0x20-0x3b).
_INT_SIZE = [0] * 256
for _first in range(256):
    _info, _major = _first & 31, _first >> 5
    if _major in (0, 1):
        _INT_SIZE[_first] = 1 if _info < 24 else {24: 2, 25: 3, 26: 5, 27: 9}.get(_info, 0)


def _uint(data: bytes, i: int) -> tuple[int, int]:
    """The unsigned integer or length at data[i] (any major type), and the index after its head."""
    info = data[i] & 31
    if info < 24:
        return info, i + 1
    size = 1 << (info - 24)
    return int.from_bytes(data[i + 1:i + 1 + size], "big"), i + 1 + size


def cbor_head(major: int, value: int) -> bytes:
    """A CBOR item's head: major type and value, in the shortest form (search_index.py writes filters with it)."""
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError("CBOR integer too large")


def _text(value: str) -> bytes:
    raw = value.encode("utf-8")
    return cbor_head(3, len(raw)) + raw


@dataclass
class _Part:
    """One shard's entry for a word: its page list as bytes, with what joining it to another part needs."""
    count: int  # pages
    first_page: int  # absolute, within the shard
    first_head: bytes  # the first page entry's array head
    first_rest: bytes  # the first page entry after its page number (positions, meta positions)
    rest: bytes  # the other page entries, as they are
    last_page: int  # absolute, within the shard
    positions: int
    variants: bytes  # the word's additional_variants array, as it is


def _skip_ints(data: bytes, i: int, count: int) -> int:
    size = _INT_SIZE
    for _ in range(count):
        step = size[data[i]]
        if not step:
            raise ValueError("unexpected CBOR item in a position list")
        i += step
    return i


def _page_entry(data: bytes, i: int) -> tuple[int, int, int, int]:
    """The page entry of a word at data[i] (its page number as a delta, positions, meta positions): (the delta, the
    index after it, the index after the entry, how many positions)."""
    entry_length, i = _uint(data, i)
    delta, i = _uint(data, i)
    after_page = i
    locs, i = _uint(data, i)
    i = _skip_ints(data, i, locs)
    if entry_length >= 3:
        meta_locs, i = _uint(data, i)
        i = _skip_ints(data, i, meta_locs)
    return delta, after_page, i, locs


def _word_head(data: bytes, i: int) -> tuple[bytes, int, int]:
    """The word entry at data[i] up to its page entries: (the word as UTF-8, how many pages, the index after)."""
    if data[i] != 0x83:
        raise ValueError("unexpected word entry")
    length, i = _uint(data, i + 1)
    word = data[i:i + length]
    count, i = _uint(data, i + length)
    return word, count, i


def _chunk_words(data: bytes) -> tuple[int, int]:
    """How many words an index chunk (signature stripped) holds, and the index of the first."""
    if data[:1] != b"\x81":
        raise ValueError("not a Pagefind index chunk")
    return _uint(data, 1)


def _read_chunk(data: bytes):
    """The words of one index chunk (Pagefind's WordIndex, signature stripped): (word, _Part) in order."""
    words, i = _chunk_words(data)
    for _ in range(words):
        word, count, i = _word_head(data, i)
        page = positions = 0
        first_page, first_head, first_rest, rest_start = 0, b"", b"", i
        for n in range(count):
            entry = i
            delta, after_page, i, locs = _page_entry(data, i)
            page += delta
            positions += locs
            if n == 0:
                first_page, first_head, first_rest, rest_start = page, data[entry:entry + 1], data[after_page:i], i
        rest = data[rest_start:i] if count else b""
        variants_start = i
        variants, i = _uint(data, i)
        if variants:
            from generator.search.search_index import _cbor_decode  # rare: decode them whole
            for _ in range(variants):
                _, i = _cbor_decode(data, i)
        yield word.decode("utf-8"), _Part(count, first_page, first_head, first_rest, rest, page, positions,
                                          data[variants_start:i])


def _join_variants(parts: list[tuple[int, _Part]]) -> bytes:
    """The additional_variants of a word across shards (accented forms; our pages rarely have any)."""
    from generator.search.search_index import _cbor_decode, _cbor_encode

    forms: dict[str, list] = {}
    for offset, part in parts:
        decoded, _ = _cbor_decode(part.variants, 0)
        for form, pages in decoded:
            joined = forms.setdefault(form, [])
            last = sum(p[0] for p in joined)
            absolute = 0
            for page in pages:
                absolute += page[0]
                joined.append([offset + absolute - last, *page[1:]])
                last = offset + absolute
    return _cbor_encode([[form, pages] for form, pages in forms.items()])


def _join(word: str, parts: list[tuple[int, _Part]]) -> tuple[bytes, int]:
    """One word entry from its parts in shard order (offset = the shard's first page number)."""
    pieces = [b"\x83", _text(word), cbor_head(4, sum(p.count for _, p in parts))]
    previous = 0
    for offset, part in parts:
        if not part.count:
            continue
        pieces += [part.first_head, cbor_head(0, offset + part.first_page - previous), part.first_rest, part.rest]
        previous = offset + part.last_page
    if any(part.variants != b"\x80" for _, part in parts):
        pieces.append(_join_variants(parts))
    else:
        pieces.append(b"\x80")
    return b"".join(pieces), sum(p.positions for _, p in parts)


def _group(word: str) -> str:
    return word[:1]


def chunk_starts(words: list[str], positions: list[int], chunk_positions: int, start: int = 0):
    """Where the chunks of words (sorted, each holding positions[i]) begin, from a chunk starting at start: about
    chunk_positions positions each, never cutting apart the words that start with one character unless they alone
    are larger than a chunk, and then starting a chunk with them (see the module's doc). A chunk that begins where
    a group of words begins depends only on the words from there on, so update() restarts the cut at one."""
    yield start
    count = len(words)
    items = size = 0
    i = start
    while i < count:
        first = words[i][:1]
        j, group_size = i, 0
        while j < count and words[j][:1] == first:
            group_size += positions[j]
            j += 1
        if group_size >= chunk_positions:
            if items:
                yield i
            items = size = 0
            for k in range(i, j):
                items += 1
                size += positions[k]
                if size >= chunk_positions:
                    if k + 1 < count:
                        yield k + 1
                    items = size = 0
        else:
            if items and size + group_size > chunk_positions:
                yield i
                items = size = 0
            items += j - i
            size += group_size
        i = j


def _chunks(words, chunk_positions: int):
    """(word, entry, positions) items in word order cut into chunks (lists of items)."""
    items = list(words)
    starts = list(chunk_starts([item[0] for item in items], [item[2] for item in items], chunk_positions))
    return [items[a:b] for a, b in zip(starts, starts[1:] + [len(items)])] if items else []


# --- Shards: each shard's part of the index, cut from the output of the batch that indexed it ------------------

def _pagefind_bytes(data: bytes) -> bytes:
    from generator.search.search_index import _SIGNATURE

    data = gzip.decompress(data)
    if not data.startswith(_SIGNATURE):
        raise ValueError("not a Pagefind file")
    return data[len(_SIGNATURE):]


def _pagefind_item(data: bytes):
    from generator.search.search_index import _cbor_decode

    return _cbor_decode(_pagefind_bytes(data))[0]


def _pagefind_file(item) -> bytes:
    from generator.search.search_index import _SIGNATURE, _cbor_encode

    return gzip.compress(_SIGNATURE + _cbor_encode(item), mtime=0)


@dataclass
class ShardPage:
    path: str
    fragment: bytes  # as Pagefind wrote it
    word_count: int
    filters: dict[str, list[str]]  # sorted values
    meta_fields: list[str]


@dataclass
class ShardTable:
    """A shard's part of the index, as if Pagefind had indexed its pages alone: its pages in order, and its words as
    one index chunk in Pagefind's format with the pages numbered from 0 (words, see _read_chunk)."""
    version: str
    language: str
    entry: dict  # pagefind-entry.json of the batch, without the language's hash and page count
    pages: list[ShardPage]
    words: bytes
    static: dict[str, str]  # Pagefind's scripts, styles and WebAssembly: path → digest in the store
    # The words read (_read_chunk), when the table was just cut from a batch (split_batch walked every entry
    # then): reading them again took a third of merging a city's tables. Not stored with the table.
    read_words: list[tuple[str, _Part]] | None = field(default=None, repr=False, compare=False)

    def word_parts(self) -> Iterable[tuple[str, _Part]]:
        return self.read_words if self.read_words is not None else _read_chunk(self.words)

    def parts(self) -> dict[str, _Part]:
        return dict(self.word_parts())

    def to_bytes(self) -> bytes:
        head = json.dumps({"version": self.version, "language": self.language, "entry": self.entry,
                           "static": self.static, "pages": [[p.path, p.word_count, p.filters, p.meta_fields, len(p.fragment)]
                                     for p in self.pages]}, ensure_ascii=False).encode("utf-8")
        return b"".join([len(head).to_bytes(8, "little"), head, *(p.fragment for p in self.pages), self.words])

    @staticmethod
    def from_bytes(data: bytes) -> ShardTable:
        size = int.from_bytes(data[:8], "little")
        head = json.loads(data[8:8 + size].decode("utf-8"))
        i = 8 + size
        pages = []
        for path, word_count, filters, meta_fields, length in head["pages"]:
            pages.append(ShardPage(path, data[i:i + length], word_count, filters, meta_fields))
            i += length
        return ShardTable(head["version"], head["language"], head["entry"], pages, data[i:], head["static"])


def _split_variants(variants: bytes, bounds: list[int]) -> dict[int, bytes]:
    """A word's additional_variants (accented forms; our pages rarely have any) cut by shard (page bounds)."""
    from generator.search.search_index import _cbor_decode, _cbor_encode

    decoded, _ = _cbor_decode(variants, 0)
    by_shard: dict[int, list] = {}
    for form, pages in decoded:
        absolute, previous = 0, {}
        for page in pages:
            absolute += page[0]
            k = bisect.bisect_right(bounds, absolute) - 1
            forms = by_shard.setdefault(k, [])
            if not forms or forms[-1][0] != form:
                forms.append([form, []])
            local = absolute - bounds[k]
            forms[-1][1].append([local - previous.get(k, 0), *page[1:]])
            previous[k] = local
    return {k: _cbor_encode(forms) for k, forms in by_shard.items()}


def _split_words(data: bytes, bounds: list[int]):
    """The words of one index chunk of a batch, each cut into its shards' local entries: (word, k, entry bytes, the
    entry's _Part, as _read_chunk would read it from those bytes)."""
    words, i = _chunk_words(data)
    last = len(bounds) - 1
    for _ in range(words):
        word, count, i = _word_head(data, i)
        # [k, count, first head, first local page, start of the bytes after its page number, end of the first
        #  entry, end, positions, last local page]
        segments = []
        page, k = 0, 0
        for _ in range(count):
            entry = i
            delta, after_page, i, locs = _page_entry(data, i)
            page += delta
            while k < last and page >= bounds[k + 1]:
                k += 1
            if segments and segments[-1][0] == k:
                segment = segments[-1]
                segment[1] += 1
                segment[6] = i
                segment[7] += locs
                segment[8] = page - bounds[k]
            else:
                segments.append([k, 1, data[entry:entry + 1], page - bounds[k], after_page, i, i, locs, page - bounds[k]])
        variants_start = i
        variants, i = _uint(data, i)
        split_variants: dict[int, bytes] = {}
        if variants:
            from generator.search.search_index import _cbor_decode

            for _ in range(variants):
                _, i = _cbor_decode(data, i)
            split_variants = _split_variants(data[variants_start:i], bounds)
        head = cbor_head(3, len(word)) + word
        text = word.decode("utf-8")
        by_shard = {segment[0]: segment for segment in segments}
        for k in sorted(set(by_shard) | set(split_variants)):
            segment = by_shard.get(k)
            shard_variants = split_variants.get(k, b"\x80")
            if segment is None:
                part = _Part(0, 0, b"", b"", b"", 0, 0, shard_variants)
                pages = b""
            else:
                _, entries, first_head, first_page, after_page, first_end, end, positions, last_page = segment
                part = _Part(entries, first_page, first_head, data[after_page:first_end], data[first_end:end],
                             last_page, positions, shard_variants)
                pages = first_head + cbor_head(0, first_page) + data[after_page:end]
            yield text, k, b"".join([b"\x83", head, cbor_head(4, part.count), pages, shard_variants]), part


def split_batch(files: dict[str, bytes], shards: list[list[str]], static: dict[str, str]) -> list[ShardTable]:
    """Cut the output of one Pagefind index (its files by path) of the shards' pages (paths, in the order they were
    added) into each shard's table; static: its scripts, styles and WebAssembly as stored."""
    entry = json.loads(files["pagefind-entry.json"])
    (language, info), = entry["languages"].items()
    meta = _pagefind_item(files[f"pagefind.{info['hash']}.pf_meta"])
    bounds = [0]
    for pages in shards:
        bounds.append(bounds[-1] + len(pages))
    if len(meta[1]) != bounds[-1]:
        raise ValueError(f"Pagefind indexed {len(meta[1])} pages of {bounds[-1]}")
    if meta[4] and [sort[0] for sort in meta[4]] != ["year"]:
        raise ValueError("a sort other than the year")
    filters: list[dict[str, list[str]]] = [{} for _ in range(bounds[-1])]
    for name, chunk in meta[3]:
        _, values = _pagefind_item(files[f"filter/{chunk}.pf_filter"])
        for value, pages in values:
            for page in pages:
                filters[page].setdefault(name, []).append(value)
    pages: list[ShardPage] = []
    fields: set[str] = set()
    for (name, word_count), path, page_filters in zip(meta[1], (p for s in shards for p in s), filters):
        fragment = files[f"fragment/{name}.pf_fragment"]
        data = gzip.decompress(fragment)
        page_meta = sorted(json.loads(data[data.index(b"{"):])["meta"])
        fields.update(page_meta)
        pages.append(ShardPage(path, fragment, word_count, {k: sorted(v) for k, v in sorted(page_filters.items())},
                               page_meta))
    if sorted(fields) != sorted(meta[5]):
        raise ValueError("metadata fields not those of the pages")
    words: list[list[bytes]] = [[] for _ in shards]
    parts: list[list[tuple[str, _Part]]] = [[] for _ in shards]
    for chunk in meta[2]:
        for word, k, local, part in _split_words(_pagefind_bytes(files[f"index/{chunk[2]}.pf_index"]), bounds):
            words[k].append(local)
            parts[k].append((word, part))
    # The entry file as Pagefind wrote it, but for what write_index() fills in (keys kept in their order).
    common = dict(entry, languages={language: dict(info, hash="", page_count=0)})
    return [ShardTable(meta[0], language, common, pages[bounds[k]:bounds[k + 1]],
                       b"\x81" + cbor_head(4, len(words[k])) + b"".join(words[k]), static, parts[k])
            for k in range(len(shards))]


# --- The merged index, kept between builds so that a correction changes only what it touches ------------------

@dataclass
class MergedIndex:
    """Everything the merged index is written from (write_index), and what update() needs to change it: the shards
    it was made of, each page's fragment (by digest), word count and filters, every word with its positions and
    the length of its entry, and the chunks (where each begins, the digest of its file). Files are kept by digest
    in a store (the build cache, or memory)."""
    version: str
    language: str
    entry: dict
    shards: list[tuple[str, str, int]]  # (name, cache key, pages)
    pages: list[tuple[str, int, dict, list[str], str]]  # (fragment digest, word count, filters, meta fields, folder)
    words: list[str]
    positions: list[int]
    lengths: list[int]
    starts: list[int]
    chunks: list[str]
    static: dict[str, str]  # Pagefind's scripts and styles: path → digest

    def to_bytes(self) -> bytes:
        head = json.dumps({"version": self.version, "language": self.language, "entry": self.entry,
                           "shards": self.shards, "pages": self.pages, "chunks": self.chunks, "static": self.static,
                           "words": len(self.words)}, ensure_ascii=False).encode("utf-8")
        text = "".join(self.words).encode("utf-8")
        arrays = [array("q", values).tobytes() for values in
                  ([len(w) for w in self.words], self.positions, self.lengths, self.starts)]
        parts = [head, text, *arrays]
        return b"".join([len(p).to_bytes(8, "little") for p in parts] + parts)

    @staticmethod
    def from_bytes(data: bytes) -> MergedIndex:
        sizes = [int.from_bytes(data[8 * i:8 * i + 8], "little") for i in range(6)]
        i, parts = 48, []
        for size in sizes:
            parts.append(data[i:i + size])
            i += size
        head = json.loads(parts[0].decode("utf-8"))
        text = parts[1].decode("utf-8")
        lengths_of_words, positions, lengths, starts = (array("q", p).tolist() for p in parts[2:])
        words, at = [], 0
        for length in lengths_of_words:
            words.append(text[at:at + length])
            at += length
        return MergedIndex(head["version"], head["language"], head["entry"], [tuple(s) for s in head["shards"]],
                           [tuple(p) for p in head["pages"]], words, positions, lengths, starts, head["chunks"],
                           head["static"])


# zlib's default level for the index chunks, not gzip's 9: at 8,000 projects level 9 spent 13.7 CPU-seconds on
# 1,111 chunks (60 % of the merge) for 19.0 MB, level 6 2.4 seconds for 19.9 MB (a chunk 8.1 -> 8.5 KB median).
_CHUNK_LEVEL = 6


def _chunk_file(entries: list[bytes]) -> bytes:
    from generator.search.search_index import _SIGNATURE

    return gzip.compress(_SIGNATURE + b"\x81" + cbor_head(4, len(entries)) + b"".join(entries),
                         compresslevel=_CHUNK_LEVEL, mtime=0)


def _chunk_header(count: int) -> int:
    return 1 + len(cbor_head(4, count))


def _pages_of(tables: list[ShardTable], folders: list[str], store) -> list:
    pages = []
    for table, folder in zip(tables, folders):
        for page in table.pages:
            pages.append((store.add(page.fragment), page.word_count, page.filters, page.meta_fields, folder))
    return pages


def full_merge(shards: list[tuple[str, str, int]], folders: list[str], tables: Iterable[ShardTable], store,
               chunk_positions: int) -> MergedIndex:
    """The merged index of the shards' tables (in this order; folders: the fragment folder of each shard). Each
    table is read as it comes: while Pagefind indexes the next batch of a build (search_index.py)."""
    by_word: dict[str, list] = {}
    offset = 0
    read: list[ShardTable] = []
    for table in tables:
        read.append(table)
        for word, part in table.word_parts():
            by_word.setdefault(word, []).append((offset, part))
        table.read_words = None  # kept no longer than needed: a city's parts are as large as its index
        offset += len(table.pages)
    tables = read
    if len({(t.version, t.language) for t in tables}) > 1:
        raise ValueError("shards of other Pagefind versions or languages")
    words = sorted(by_word)
    entries, positions = [], []
    for word in words:
        entry, held = _join(word, by_word[word])
        entries.append(entry)
        positions.append(held)
    del by_word
    starts = list(chunk_starts(words, positions, chunk_positions)) if words else []
    chunks = [store.add(_chunk_file(entries[a:b])) for a, b in zip(starts, starts[1:] + [len(words)])]
    first = tables[0]
    return MergedIndex(first.version, first.language, first.entry, shards, _pages_of(tables, folders, store),
                       words, positions, [len(e) for e in entries], starts, chunks, first.static)


class _OldEntries:
    """The entries of the previous merged index, read from its chunk files as they are needed."""

    def __init__(self, merged: MergedIndex, store):
        self._merged, self._store, self._chunks = merged, store, {}

    def __call__(self, index: int) -> bytes:
        merged = self._merged
        c = bisect.bisect_right(merged.starts, index) - 1
        if c not in self._chunks:
            start = merged.starts[c]
            end = merged.starts[c + 1] if c + 1 < len(merged.starts) else len(merged.words)
            data = _pagefind_bytes(self._store.read(merged.chunks[c]))
            offsets = [_chunk_header(end - start)]
            for length in merged.lengths[start:end]:
                offsets.append(offsets[-1] + length)
            self._chunks[c] = (start, data, offsets)
        start, data, offsets = self._chunks[c]
        return data[offsets[index - start]:offsets[index - start + 1]]


def _runs_outside(entry: bytes, ranges: list[tuple[int, int]]) -> list[_Part] | None:
    """A merged word entry's page entries outside the page ranges (sorted), as runs of consecutive entries (absolute
    page numbers) that never reach across a range, so that the ranges' new parts go between them; None if the word
    has additional variants (update() then merges in full)."""
    _, count, i = _word_head(entry, 0)
    starts = [a for a, _ in ranges]
    runs: list[_Part] = []
    page = 0
    open_run = None
    for _ in range(count):
        start = i
        delta, after_page, i, locs = _page_entry(entry, i)
        page += delta
        gap = bisect.bisect_right(starts, page)  # the ranges that begin at or before this page
        if gap and page < ranges[gap - 1][1]:
            open_run = None
            continue
        if open_run is None or open_run[8] != gap:
            open_run = [page, entry[start:start + 1], entry[after_page:i], i, i, 1, page, locs, gap]
            runs.append(open_run)
        else:
            open_run[4] = i
            open_run[5] += 1
            open_run[6] = page
            open_run[7] += locs
    if entry[i:] != b"\x80":
        return None
    return [_Part(run[5], run[0], run[1], run[2], entry[run[3]:run[4]], run[6], run[7], b"\x80") for run in runs]


def update(old: MergedIndex, shards: list[tuple[str, str, int]], old_tables: dict[int, ShardTable],
           new_tables: dict[int, ShardTable], store, chunk_positions: int) -> MergedIndex | None:
    """The merged index after the shards numbered in old_tables/new_tables changed (same shards, same page counts,
    other pages' bytes), changing only the words whose entries changed and the chunks holding them; None when it
    cannot (additional variants involved), and the caller merges in full. The result is what full_merge() of the
    new shards gives, byte for byte (tests/test_search_incremental.py)."""
    offsets = [0]
    for _, _, count in shards:
        offsets.append(offsets[-1] + count)
    changed: set[str] = set()
    new_parts: dict[int, dict[str, _Part]] = {}
    for k in new_tables:
        before, after = old_tables[k].parts(), new_tables[k].parts()
        new_parts[k] = after
        changed.update(w for w in before.keys() | after.keys() if before.get(w) != after.get(w))
    ranges = sorted((offsets[k], offsets[k + 1]) for k in new_tables)
    old_entry = _OldEntries(old, store)
    words, positions, lengths = list(old.words), list(old.positions), list(old.lengths)
    new_entries: dict[str, bytes] = {}
    for word in sorted(changed):
        index = bisect.bisect_left(words, word)
        present = index < len(words) and words[index] == word
        parts: list[tuple[int, _Part]] = []
        if present:
            runs = _runs_outside(old_entry(bisect.bisect_left(old.words, word)), ranges)
            if runs is None:
                return None
            parts += [(0, run) for run in runs]
        for k in new_tables:
            part = new_parts[k].get(word)
            if part is not None:
                if part.variants != b"\x80":
                    return None
                parts.append((offsets[k], part))
        parts.sort(key=lambda item: item[0] + item[1].first_page)
        if not any(part.count for _, part in parts):
            if present:
                del words[index], positions[index], lengths[index]
            continue
        entry, held = _join(word, parts)
        new_entries[word] = entry
        if present:
            positions[index], lengths[index] = held, len(entry)
        else:
            words.insert(index, word)
            positions.insert(index, held)
            lengths.insert(index, len(entry))
    starts, chunks = _recut(old, words, positions, sorted(changed), chunk_positions)
    # Chunks: one that begins and ends with the words it began and ended with and holds no changed word is the
    # same file as before.
    before = {old.words[s]: (e, digest) for s, e, digest in
              zip(old.starts, old.starts[1:] + [len(old.words)], old.chunks)}
    changed_sorted = sorted(changed)
    for c, (a, b) in enumerate(zip(starts, starts[1:] + [len(words)])):
        if chunks[c] is not None:
            continue
        kept = before.get(words[a])
        touched = bisect.bisect_left(changed_sorted, words[a]) != bisect.bisect_right(changed_sorted, words[b - 1])
        if kept is not None and not touched and old.words[kept[0] - 1] == words[b - 1] and \
                kept[0] - bisect.bisect_left(old.words, words[a]) == b - a:
            chunks[c] = kept[1]
            continue
        entries = [new_entries[w] if w in new_entries else old_entry(bisect.bisect_left(old.words, w))
                   for w in words[a:b]]
        chunks[c] = store.add(_chunk_file(entries))
    pages = list(old.pages)
    for k, table in new_tables.items():
        folder = old.pages[offsets[k]][4] if offsets[k] < len(old.pages) else ""
        pages[offsets[k]:offsets[k + 1]] = _pages_of([table], [folder], store)
    static = next(iter(new_tables.values())).static if new_tables else old.static
    return MergedIndex(old.version, old.language, old.entry, shards, pages, words, positions, lengths, starts,
                       chunks, static)


def _recut(old: MergedIndex, words: list[str], positions: list[int], changed: list[str], chunk_positions: int
           ) -> tuple[list[int], list]:
    """The chunk starts after a change (changed: the changed words, sorted): the old cut up to a chunk that begins a
    group before the first change, a new cut from there until it meets the old cut again after the last change,
    the old cut after that. Returns the starts and, for each chunk, None (to be decided by the caller)."""
    if not words:
        return [], []
    if not changed:
        return list(old.starts), [None] * len(old.starts)
    restart = 0
    for s in reversed(old.starts):
        word = old.words[s]
        if word < changed[0] and (s == 0 or old.words[s - 1][:1] != word[:1]):
            restart = bisect.bisect_left(words, word)
            break
    old_starts = {old.words[s] for s in old.starts}
    starts = [bisect.bisect_left(words, old.words[s]) for s in old.starts if old.words[s] < words[restart]] \
        if restart else []
    last = changed[-1]
    for start in chunk_starts(words, positions, chunk_positions, restart):
        if start > restart and words[start - 1] > last and words[start] in old_starts:
            starts += [bisect.bisect_left(words, old.words[s]) for s in old.starts if old.words[s] >= words[start]]
            break
        starts.append(start)
    return starts, [None] * len(starts)


# --- Writing the merged index ---------------------------------------------------------------------------------

def write_index(merged: MergedIndex, target: Path, store) -> list[str]:
    """Write the merged index into target (Pagefind's layout): chunks in one folder and the fragments in one folder
    per fragment folder name (pages of no year, then each year), each named by a hash of its files' digests and
    numbered from 0; the filters, the metadata and the entry file. Returns the years (the year filter's values),
    newest first."""
    from generator.search.search_index import _base36, _write_pagefind

    root = str(target)
    for path, digest_ in merged.static.items():
        store.place(digest_, root, path)
    group = hashlib.sha256("\n".join(merged.chunks).encode("ascii")).hexdigest()[:10]
    chunk_meta = []
    for number, (start, digest_) in enumerate(zip(merged.starts, merged.chunks)):
        end = merged.starts[number + 1] if number + 1 < len(merged.starts) else len(merged.words)
        name = _base36(number)
        store.place(digest_, f"{root}/index/{group}", f"{name}.pf_index")
        chunk_meta.append([merged.words[start], merged.words[end - 1], f"{group}/{name}"])
    by_folder: dict[str, list[int]] = {}
    for number, page in enumerate(merged.pages):
        by_folder.setdefault(page[4], []).append(number)
    names: list[str] = [""] * len(merged.pages)
    for numbers in by_folder.values():
        folder = hashlib.sha256("\n".join(merged.pages[n][0] for n in numbers).encode("ascii")).hexdigest()[:10]
        for local, number in enumerate(numbers):
            name = _base36(local)
            names[number] = f"{folder}/{name}"
            store.place(merged.pages[number][0], f"{root}/fragment/{folder}", f"{name}.pf_fragment")
    filters: dict[str, dict[str, list[int]]] = {}
    for number, page in enumerate(merged.pages):
        for name, values in page[2].items():
            for value in values:
                filters.setdefault(name, {}).setdefault(value, []).append(number)
    (target / "filter").mkdir(parents=True, exist_ok=True)
    language = merged.language
    filter_meta = []
    for name in sorted(filters):
        values = [[value, pages] for value, pages in sorted(filters[name].items())]
        filter_meta.append([name, _write_pagefind(target / "filter", f"{language}_", ".pf_filter", [name, values], 7,
                                                  store)])
    # No sort in the metadata: its list of every page in year order was 8.6 KB of every first search at 8,000
    # projects. search.js sorts newest first by searching year by year (the years are returned for the shards
    # file), which needs only the year filter, fetched when a reader sorts.
    fields = sorted({field for page in merged.pages for field in page[3]})
    meta = [merged.version, [[name, _coarse(page[1])] for name, page in zip(names, merged.pages)], chunk_meta,
            filter_meta, [], fields]
    meta_name = _write_pagefind(target, f"pagefind.{language}_", ".pf_meta", meta, 10, store).removeprefix("pagefind.")
    entry = dict(merged.entry, languages={language: dict(merged.entry["languages"][language], hash=meta_name,
                                                         page_count=len(merged.pages))})
    store.write(target / "pagefind-entry.json", json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return sorted(filters.get("year", {}), reverse=True)


def _coarse(word_count: int) -> int:
    """A page's word count to two significant digits. Pagefind uses it only to weigh a word's frequency against
    the page's length when ranking separate words (an exact phrase scores every page alike); exact to the word,
    the counts were 10.8 KB of the metadata every search fetches at 8,000 projects, rounded about 2 KB."""
    if word_count < 100:
        return word_count
    scale = 10 ** (len(str(word_count)) - 2)
    return (word_count + scale // 2) // scale * scale


def _base36(number: int) -> str:
    from generator.search.search_index import _base36 as base36

    return base36(number)
