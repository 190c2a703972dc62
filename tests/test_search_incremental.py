"""Indexing again after a correction: only the corrected unit's search shard goes through Pagefind again, and the
index is the one a build without the cache writes, file for file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import generator.search.search_index as search_index
from generator.search.search_index import OUTPUT_SUBDIR, SEARCH_FILES, index_site
from generator.site.build_cache import BuildCache

MEETING = Path("2024/xx-swbgs/huiyi-jingfei/index.html")
HEADING = '<h2 id="绩效自评报告">绩效自评报告'


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _copy(seed_site: Path, target: Path) -> Path:
    shutil.copytree(seed_site, target, copy_function=os.link, ignore=shutil.ignore_patterns(OUTPUT_SUBDIR))
    return target


def _edit(site: Path, page: Path, old: str, new: str) -> None:
    path = site / page
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.unlink()  # a link to the seed site's page: write a new file
    path.write_text(text.replace(old, new), encoding="utf-8")


def _full_index(site: Path, tmp_path: Path) -> dict[str, bytes]:
    """The index a build without the cache writes for the same pages."""
    full = _copy(site, tmp_path / "full")
    assert index_site(full)[0] == []
    files = _files(full / OUTPUT_SUBDIR)
    shutil.rmtree(full)
    return files


@pytest.fixture
def cached(seed_site, tmp_path) -> tuple[Path, BuildCache]:
    """A copy of the seed site indexed once with a cache."""
    site = _copy(seed_site, tmp_path / "site")
    assert index_site(site, cache=BuildCache(tmp_path / "cache"))[0] == []
    return site, tmp_path / "cache"


def test_a_corrected_figure_re_indexes_only_its_units_pages_of_that_year_and_the_index_is_a_full_builds(cached, tmp_path):
    site, cache = cached
    _edit(site, MEETING, "20.37", "20.73")
    problems, runs = index_site(site, cache=BuildCache(cache))
    assert problems == []
    assert [(run.shard, run.pages) for run in runs] == [("2024/xx-swbgs", 6)]
    assert _files(site / OUTPUT_SUBDIR) == _full_index(site, tmp_path)


def test_a_site_indexed_again_without_changes_runs_no_pagefind_and_writes_the_same_index(cached):
    site, cache = cached
    before = _files(site / OUTPUT_SUBDIR)
    problems, runs = index_site(site, cache=BuildCache(cache))
    assert problems == [] and runs == []
    assert _files(site / OUTPUT_SUBDIR) == before


# Edits one after another, each indexed with what the previous one left in the cache: words changed, added (also
# words that pages before and after the unit's pages hold), removed, and positions moved on the page. With chunks of a few dozen positions the seed site's index has many,
# so the edits move chunk boundaries.
EDITS = [
    (MEETING, "20.37", "20.73"),
    # Words of other units' pages (before and after this shard's pages in the index) new on this unit's page.
    (MEETING, HEADING, "<p>云州区党群服务中心</p>" + HEADING),
    (MEETING, HEADING, "<p>新增一段说明：档案数字化与会议经费</p>" + HEADING),
    (MEETING, "满意度", "满意程度"),
    (Path("2021/yzq-dqfwzx/index.html"), "2021", "2021 新词甲乙"),
    (MEETING, "<p>新增一段说明：档案数字化与会议经费</p>", ""),
]


def test_corrections_that_move_words_and_chunk_boundaries_give_a_full_builds_index(cached, tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "INDEX_CHUNK_POSITIONS", 60)
    site, cache = cached
    assert index_site(site, cache=BuildCache(cache))[0] == []  # the cache, with these chunks
    for number, (page, old, new) in enumerate(EDITS):
        _edit(site, page, old, new)
        problems, runs = index_site(site, cache=BuildCache(cache))
        assert problems == [] and [run.pages for run in runs] in ([6], [2]), number
        assert _files(site / OUTPUT_SUBDIR) == _full_index(site, tmp_path), number


def test_a_page_added_to_a_unit_indexes_only_that_units_shard(cached, tmp_path):
    site, cache = cached
    added = site / MEETING.parent.parent / "xin-xiangmu" / "index.html"
    added.parent.mkdir()
    added.write_text((site / MEETING).read_text(encoding="utf-8").replace("会议经费", "新项目经费"), encoding="utf-8")
    problems, runs = index_site(site, cache=BuildCache(cache))
    assert problems == [] and [(run.shard, run.pages) for run in runs] == [("2024/xx-swbgs", 7)]
    assert _files(site / OUTPUT_SUBDIR) == _full_index(site, tmp_path)


def test_an_index_whose_files_are_gone_from_the_cache_is_made_again_in_full(cached, tmp_path):
    site, cache = cached
    shutil.rmtree(cache / SEARCH_FILES)
    _edit(site, MEETING, "20.37", "20.73")
    assert index_site(site, cache=BuildCache(cache))[0] == []
    assert _files(site / OUTPUT_SUBDIR) == _full_index(site, tmp_path)
