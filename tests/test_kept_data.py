"""A record's open data kept in the build cache is read only as far as a build needs it (generator/site/open_data.py).

Every build reads of each record its files' keys and sizes and the rows pages across records show; the files' bytes
are the published entries the engine links by key, and the record's CSV lines and worksheet rows are read only when
its year's tables are made again. A correction of one record reads no other year's lines, and whatever of it is
missing from the cache is made again: the site is always the one a full build makes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.hashing import file_key
from generator.records.loading import load_content
from generator.site.build_cache import BuildCache
from generator.site.open_data import RECORD_LINES_CACHE
from generator.site.page_tree import KeptFile, file_bytes
from generator.site.pages import build_page_tree
from tests.conftest import correct_executed
from tests.sitebuild import build


@pytest.fixture
def content(small_city: Path) -> Path:
    return small_city


def _files(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _tree(content: Path, cache: Path):
    return build_page_tree(load_content(content, BuildCache(cache)).without_documents(), cache=BuildCache(cache))


def test_a_records_data_files_taken_from_the_cache_carry_the_key_of_their_path_and_bytes(content, tmp_path):
    _tree(content, tmp_path / "cache")
    tree = _tree(content, tmp_path / "cache")
    # Each record's downloads beside its page and its API documents (api/v1/<年度>/<单位>.json and its projects').
    record_files = [path for path in tree.files if re.match(r"(api/v1/)?20[0-9]{2}/d[0-9]{3}[/.]", path)]
    assert record_files and set(record_files) <= set(tree.keys)
    assert all(isinstance(tree.files[path], KeptFile) for path in record_files)  # read only when asked
    assert all(tree.keys[path] == file_key(path, file_bytes(tree.files[path])) for path in tree.keys)


def test_a_correction_reads_the_lines_of_its_own_years_other_records_only(content, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    assert build(content, tmp_path / "first", cache_dir=cache) == 0
    correct_executed(content)
    read: list[str] = []
    get_object = BuildCache.get_object

    def counting(self, kind, key, shared=None):
        if kind == RECORD_LINES_CACHE:
            read.append(key)
        return get_object(self, kind, key, shared)

    monkeypatch.setattr(BuildCache, "get_object", counting)
    assert build(content, tmp_path / "cached", cache_dir=cache, allow_errors=True) == 0
    monkeypatch.undo()
    assert len(read) == 1  # 2024/d001's: 2024/d000 is made again, and 2023's table lines are kept joined
    # The other records' lines stay in the cache for the correction that needs them.
    assert len([p for p in (cache / RECORD_LINES_CACHE).rglob("*") if p.is_file()]) == 4
    assert build(content, tmp_path / "full", allow_errors=True) == 0
    assert _files(tmp_path / "cached") == _files(tmp_path / "full")


def test_kept_data_files_whose_bytes_left_the_cache_are_made_again(content, tmp_path):
    cache = tmp_path / "cache"
    assert build(content, tmp_path / "first", cache_dir=cache) == 0
    shutil.rmtree(cache / "files")
    shutil.rmtree(cache / RECORD_LINES_CACHE)
    shutil.rmtree(cache / "data-years")
    assert build(content, tmp_path / "again", cache_dir=cache) == 0
    assert build(content, tmp_path / "full") == 0
    assert _files(tmp_path / "again") == _files(tmp_path / "full")
