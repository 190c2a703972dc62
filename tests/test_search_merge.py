"""The search shards' indexes merged into one: the same index as one Pagefind run over every page, whatever batches
Pagefind indexed the shards in, cut into chunks that a one-character query can find all of."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest

from generator.search.merge import _chunks, _coarse
from generator.search.search_index import OUTPUT_SUBDIR, RUN_END, SHARDS_FILE, _read_pagefind, index_site


def _index(site: Path) -> dict:
    """Everything a search reads from an index, with pages named by their URL instead of their number."""
    pagefind = site / OUTPUT_SUBDIR
    entry = json.loads((pagefind / "pagefind-entry.json").read_text(encoding="utf-8"))
    (language, info), = entry["languages"].items()
    meta = _read_pagefind(pagefind / f"pagefind.{info['hash']}.pf_meta")
    urls = []
    for name, _ in meta[1]:
        data = gzip.decompress((pagefind / "fragment" / f"{name}.pf_fragment").read_bytes())
        urls.append(json.loads(data[data.index(b"{"):])["url"])
    words = {}
    for first, last, name in meta[2]:
        for word, pages, variants in _read_pagefind(pagefind / "index" / f"{name}.pf_index")[0]:
            # Pagefind writes a chunk's bounds as the shortest prefixes that tell it from the next chunk: a chunk
            # whose last word is 区𝐚, before one that starts with 升档, ends at 区 and holds 区党.
            assert first <= word and word[:len(last)] <= last
            number, postings = 0, {}
            for page in pages:
                number += page[0]
                postings[urls[number]] = page[1:]
            words[word] = (postings, variants)
    filters = {}
    for name, chunk in meta[3]:
        _, values = _read_pagefind(pagefind / "filter" / f"{chunk}.pf_filter")
        filters[name] = {value: sorted(urls[p] for p in pages) for value, pages in values}
    return {
        "pages": sorted(zip(urls, (count for _, count in meta[1]))),
        "words": words,
        "filters": filters,
        "sorts": {name: [urls[p] for p in pages] for name, pages in meta[4]},
        "meta_fields": meta[5],
        "page_count": info["page_count"],
        "years": json.loads((pagefind / SHARDS_FILE).read_text(encoding="utf-8")).get("years"),
    }


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def indexes(seed_site, tmp_path_factory):
    built = {}
    # one: one command line Pagefind run over every page, not merged; batch: the shards indexed by one Pagefind
    # index and merged; shards: each shard indexed by an index of its own (at most one page each) and merged.
    for name, max_pages, merge in (("one", 10_000, False), ("batch", 10_000, True), ("shards", 1, True)):
        site = tmp_path_factory.mktemp(name) / "site"
        shutil.copytree(seed_site, site, copy_function=os.link, ignore=shutil.ignore_patterns(OUTPUT_SUBDIR))
        problems, runs = index_site(site, max_pages=max_pages, merge=merge)
        assert problems == []
        built[name] = (_index(site), len(runs), _files(site / OUTPUT_SUBDIR))
    return built


def test_a_site_indexed_in_shards_and_merged_is_the_index_of_one_pagefind_run(indexes):
    (one, one_runs, _), (merged, shard_runs, _) = indexes["one"], indexes["shards"]
    assert one_runs == 1 and shard_runs > 1
    assert [url for url, _ in merged["pages"]] == [url for url, _ in one["pages"]]
    assert [count for _, count in merged["pages"]] == [_coarse(count) for _, count in one["pages"]]
    assert merged["page_count"] == one["page_count"]
    assert merged["words"].keys() == one["words"].keys()
    assert [w for w in one["words"] if merged["words"][w] != one["words"][w]] == []
    assert merged["filters"] == one["filters"]
    assert merged["sorts"] == {} and merged["meta_fields"] == one["meta_fields"]


def test_the_merged_index_is_the_same_file_for_file_whatever_batches_pagefind_indexed_the_shards_in(indexes):
    (_, batch_runs, batch), (_, shard_runs, shards) = indexes["batch"], indexes["shards"]
    assert batch_runs == 1 and shard_runs > 1
    assert batch.keys() == shards.keys() and [f for f in batch if batch[f] != shards[f]] == []


def test_the_merged_index_lists_its_years_newest_first_for_search_js_to_sort_by(indexes):
    merged = indexes["shards"][0]
    assert merged["years"] == sorted(merged["filters"]["year"], reverse=True) and len(merged["years"]) > 1


def test_word_counts_are_kept_to_two_significant_digits():
    assert [_coarse(n) for n in (57, 2032, 1850, 1849, 12345)] == [57, 2000, 1900, 1800, 12000]


def _chunked(words: list[tuple[str, int]], size: int) -> list[list[str]]:
    return [[word for word, _, _ in chunk] for chunk in _chunks(((w, b"", n) for w, n in words), size)]


def test_chunks_hold_about_the_given_number_of_positions():
    words = [(f"{c}{d}", 3) for c in "甲乙丙丁" for d in "子丑寅卯"]
    chunks = _chunked(words, 12)
    assert sum(chunks, []) == [w for w, _ in words]
    assert all(len(chunk) == 4 for chunk in chunks)


def test_the_words_starting_with_one_character_are_not_cut_apart_when_they_fit_in_a_chunk():
    words = sorted([("乙丑", 4), ("甲子", 4), ("甲丑", 4), ("甲" + RUN_END, 4), ("丙寅", 4)])
    chunks = _chunked(words, 10)
    assert len(chunks) > 1
    for first in "甲乙丙":
        assert sum(any(w.startswith(first) for w in chunk) for chunk in chunks) == 1, first


def test_words_of_one_character_too_many_for_a_chunk_start_one():
    words = sorted([("乙丑", 2)] + [("甲" + c, 5) for c in "子丑寅卯辰"] + [("甲" + RUN_END, 5), ("丙寅", 2)])
    chunks = _chunked(words, 10)
    starts = [i for i, chunk in enumerate(chunks) if chunk[0].startswith("甲")]
    holding = [i for i, chunk in enumerate(chunks) if any(w.startswith("甲") for w in chunk)]
    # Every chunk with 甲… words starts with one, so none of them holds a word before 甲 (which would make
    # Pagefind take it alone for the query 甲).
    assert starts == holding and len(holding) > 1
    assert sum(chunks, []) == [w for w, _ in words]
