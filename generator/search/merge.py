"""One search index from the Pagefind indexes of the shards, so a first search fetches one of everything.

Pagefind holds every page it indexes in memory, so a city's pages are indexed in shards of whole years, one
Pagefind process each (search_index.py). Merged in the browser (Pagefind's mergeIndex), every shard added its
own metadata and, for every word of a query, its own index chunk to what a first search fetches: 4 shards
fetched 499 KB where one index fetched 334 KB. Here the shards' outputs are merged into one index after
Pagefind has run, in Pagefind's own file formats (version pinned in pyproject.toml):

- pages are numbered on from shard to shard; the fragment files keep their names (each shard's in its folder);
- every word's page list is the shards' lists one after another (page numbers are delta-coded, so only the
  first page of each shard's part changes); its positions are copied byte for byte;
- the words are cut into new chunks of about INDEX_CHUNK_POSITIONS positions, never splitting the words that
  start with one character unless they alone are larger than a chunk, and then starting a chunk with them:
  a one-character query (searched as the start of longer words) then finds all its words (see search_index);
- filters are joined with the page numbers moved on; the year sort is left to search.js (years listed
  in the shards file), and word counts are rounded (see _coarse).

Nothing here reads a page: the work is proportional to the size of the index.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import shutil
from dataclasses import dataclass
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


def _read_chunk(data: bytes):
    """The words of one index chunk (Pagefind's WordIndex, signature stripped): (word, _Part) in order."""
    i = 0
    if data[i] != 0x81:
        raise ValueError("not a Pagefind index chunk")
    words, i = _uint(data, i + 1)
    for _ in range(words):
        if data[i] != 0x83:
            raise ValueError("unexpected word entry")
        length, i = _uint(data, i + 1)
        word = data[i:i + length].decode("utf-8")
        i += length
        count, i = _uint(data, i)
        page = 0
        positions = 0
        first_page = first_head = first_rest = None
        rest_start = None
        for n in range(count):
            entry = i
            entry_length, i = _uint(data, i)
            delta, i = _uint(data, i)
            page += delta
            after_page = i
            locs, i = _uint(data, i)
            i = _skip_ints(data, i, locs)
            positions += locs
            if entry_length >= 3:
                meta_locs, i = _uint(data, i)
                i = _skip_ints(data, i, meta_locs)
            if n == 0:
                first_page, first_head, first_rest, rest_start = page, data[entry:entry + 1], data[after_page:i], i
        rest = data[rest_start:i] if count else b""
        variants_start = i
        variants, i = _uint(data, i)
        if variants:
            from generator.search.search_index import _cbor_decode  # rare: decode them whole
            for _ in range(variants):
                _, i = _cbor_decode(data, i)
        yield word, _Part(count, first_page or 0, first_head or b"", first_rest or b"", rest, page, positions,
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


def _chunks(words, chunk_positions: int):
    """Cut (word, entry bytes, positions) in word order into chunks (lists of them); see the module's doc."""
    current: list = []
    size = 0
    group: list = []
    group_size = 0

    def place(group, group_size):
        nonlocal current, size
        if group_size >= chunk_positions:
            if current:
                yield current
            current, size = [], 0
            for item in group:
                current.append(item)
                size += item[2]
                if size >= chunk_positions:
                    yield current
                    current, size = [], 0
        else:
            if current and size + group_size > chunk_positions:
                yield current
                current, size = [], 0
            current.extend(group)
            size += group_size

    for item in words:
        if group and _group(item[0]) != _group(group[0][0]):
            yield from place(group, group_size)
            group, group_size = [], 0
        group.append(item)
        group_size += item[2]
    if group:
        yield from place(group, group_size)
    if current:
        yield current


def _words_of(output: Path, meta, read_pagefind_bytes):
    for chunk in meta[2]:
        yield from _read_chunk(read_pagefind_bytes(output / "index" / f"{chunk[2]}.pf_index"))


def merge_indexes(outputs: list[Path], target: Path, chunk_positions: int) -> list[str]:
    """Merge the Pagefind outputs (each with one language, short names, see search_index.compact_names) into
    target, which is outputs[0]: its metadata, chunks and filters are replaced; the others' fragments move in.
    Returns the years (the year filter's values), newest first."""
    from generator.search.search_index import _read_pagefind, _write_pagefind, _SIGNATURE
    import gzip

    def read_bytes(path: Path) -> bytes:
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(_SIGNATURE):
            raise ValueError(f"not a Pagefind file: {path}")
        return data[len(_SIGNATURE):]

    entries = [json.loads((o / "pagefind-entry.json").read_text(encoding="utf-8")) for o in outputs]
    languages = [list(e["languages"].items()) for e in entries]
    if any(len(found) != 1 or found[0][0] != languages[0][0][0] for found in languages):
        raise ValueError("shards with other languages")
    language = languages[0][0][0]
    metas = [_read_pagefind(o / f"pagefind.{found[0][1]['hash']}.pf_meta") for o, found in zip(outputs, languages)]
    if any(meta[0] != metas[0][0] for meta in metas):
        raise ValueError("shards of other Pagefind versions")
    # The names of the pages' metadata fields, sorted, as one Pagefind run over all the pages lists them: a shard
    # of the pages of no year has no "year".
    meta_fields = sorted({field for meta in metas for field in meta[5]})
    offsets, total = [], 0
    for meta in metas:
        offsets.append(total)
        total += len(meta[1])

    # Words: the shards' sorted streams merged, each word's parts joined in shard order.
    def stream(k: int):
        for word, part in _words_of(outputs[k], metas[k], read_bytes):
            yield word, k, part

    streams = [stream(k) for k in range(len(outputs))]

    def joined():
        current, parts = None, []
        for word, k, part in heapq.merge(*streams, key=lambda item: (item[0], item[1])):
            if word != current and parts:
                yield (current, *_join(current, parts))
                parts = []
            current = word
            parts.append((offsets[k], part))
        if parts:
            yield (current, *_join(current, parts))

    staging = target / "index.merging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    digest = hashlib.sha256()
    chunk_meta = []
    for number, chunk in enumerate(_chunks(joined(), chunk_positions)):
        data = b"\x81" + cbor_head(4, len(chunk)) + b"".join(entry for _, entry, _ in chunk)
        packed = gzip.compress(_SIGNATURE + data, mtime=0)
        digest.update(packed)
        name = _base36(number)
        (staging / f"{name}.pf_index").write_bytes(packed)
        chunk_meta.append([chunk[0][0], chunk[-1][0], name])
    group = digest.hexdigest()[:10]
    for output in outputs:
        shutil.rmtree(output / "index")
    (target / "index").mkdir()
    staging.rename(target / "index" / group)
    for item in chunk_meta:
        item[2] = f"{group}/{item[2]}"

    # Fragments: each shard's folder moves in as it is.
    for output in outputs[1:]:
        for folder in (output / "fragment").iterdir():
            folder.rename(target / "fragment" / folder.name)

    # Filters: each value's pages, moved on.
    filters: dict[str, dict[str, list[int]]] = {}
    for output, meta, offset in zip(outputs, metas, offsets):
        for name, chunk_hash in meta[3]:
            _, values = _read_pagefind(output / "filter" / f"{chunk_hash}.pf_filter")
            for value, pages in values:
                filters.setdefault(name, {}).setdefault(value, []).extend(offset + p for p in pages)
    shutil.rmtree(target / "filter")
    (target / "filter").mkdir()
    filter_meta = []
    for name in sorted(filters):
        values = [[value, sorted(pages)] for value, pages in sorted(filters[name].items())]
        filter_meta.append([name, _write_pagefind(target / "filter", f"{language}_", ".pf_filter", [name, values], 7)])

    # No sort in the metadata: its list of every page in year order was 8.6 KB of every first search at 8,000
    # projects. search.js sorts newest first by searching year by year (the years are returned for the shards
    # file), which needs only the year filter, fetched when a reader sorts.
    if any(meta[4] and [sort[0] for sort in meta[4]] != ["year"] for meta in metas):
        raise ValueError("a sort other than the year")
    years = sorted(filters.get("year", {}), reverse=True)

    pages = [[name, _coarse(count)] for meta in metas for name, count in meta[1]]
    merged = [metas[0][0], pages, chunk_meta, filter_meta, [], meta_fields]
    for found, output in zip(languages, outputs):
        (output / f"pagefind.{found[0][1]['hash']}.pf_meta").unlink()
    meta_name = _write_pagefind(target, f"pagefind.{language}_", ".pf_meta", merged, 10).removeprefix("pagefind.")
    entry = entries[0]
    entry["languages"][language].update({"hash": meta_name, "page_count": total})
    (target / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                                encoding="utf-8")
    return years


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
