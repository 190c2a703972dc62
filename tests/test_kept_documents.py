"""A record taken from the build cache reads its Document (the line of every value) only when a check asks for one.

generator/records/loading.py keeps the record and its Document apart: a correction asks for no line of the records it
did not change, and their Documents were half of unpickling a city's records. Every message still names the line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.records.loading import DOCUMENTS_CACHE, KeptDocument, load_content
from generator.records.problems import ContentError
from generator.site.build_cache import BuildCache
from tests.sitebuild import build

FIELD = ("项目", 0, "项目资金", "年度资金总额", "全年执行数")


@pytest.fixture
def content(small_city: Path) -> Path:
    return small_city


class _Counting(BuildCache):
    """The build cache, counting which kinds of entries were read back."""

    def __init__(self, folder: Path):
        super().__init__(folder)
        self.read: list[str] = []

    def get_object(self, kind, key, shared=None):
        self.read.append(kind)
        return super().get_object(kind, key, shared)


def test_a_record_taken_from_the_cache_reads_no_document_until_a_line_is_asked(content, tmp_path):
    first = load_content(content, BuildCache(tmp_path / "cache"))
    cache = _Counting(tmp_path / "cache")
    again = load_content(content, cache)
    assert all(isinstance(loaded.document, KeptDocument) for loaded in again.records)
    assert DOCUMENTS_CACHE not in cache.read
    assert again.records[0].position(FIELD) == first.records[0].position(FIELD) != (None, None)
    assert cache.read.count(DOCUMENTS_CACHE) == 1


def test_a_kept_record_whose_document_left_the_cache_reads_its_lines_from_the_file_again(content, tmp_path):
    first = load_content(content, BuildCache(tmp_path / "cache"))
    shutil.rmtree(tmp_path / "cache" / DOCUMENTS_CACHE)
    again = load_content(content, BuildCache(tmp_path / "cache"))
    assert [r.position(FIELD) for r in again.records] == [r.position(FIELD) for r in first.records]
    assert again.records[0].position(FIELD) != (None, None)


def test_a_kept_record_whose_file_changed_since_names_no_line_rather_than_a_wrong_one(content, tmp_path):
    load_content(content, BuildCache(tmp_path / "cache"))
    shutil.rmtree(tmp_path / "cache" / DOCUMENTS_CACHE)
    again = load_content(content, BuildCache(tmp_path / "cache"))
    loaded = again.records[0]
    path = content.parent / loaded.path
    path.write_text("\n\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")  # every line moves down by 3
    assert loaded.position(FIELD) == (None, None)


def test_an_error_found_in_a_kept_record_names_its_line(content, tmp_path):
    load_content(content, BuildCache(tmp_path / "cache"))
    registry = content / "departments.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("编码: d001", "编码: d009"), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(content, BuildCache(tmp_path / "cache"))
    unknown = [p for p in raised.value.problems if "不在单位名录" in p.message]
    assert unknown and all(p.line is not None and p.field == ("单位编码",) for p in unknown)
    fresh = pytest.raises(ContentError, load_content, content).value.problems
    assert [(p.file, p.line, p.column) for p in unknown] == [
        (p.file, p.line, p.column) for p in fresh if "不在单位名录" in p.message]


def test_a_correction_keeps_the_documents_of_the_records_it_did_not_read(content, tmp_path):
    cache = tmp_path / "cache"
    assert build(content, tmp_path / "first", cache_dir=cache) == 0
    stored = {p.name for p in (cache / DOCUMENTS_CACHE).rglob("*") if p.is_file()}
    record = content / "2024" / "d000.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("项目概况", "项目概况 ", 1), encoding="utf-8")
    assert build(content, tmp_path / "second", cache_dir=cache, allow_errors=True) == 0
    after = {p.name for p in (cache / DOCUMENTS_CACHE).rglob("*") if p.is_file()}
    assert len(stored) == 4 and len(after - stored) == 1 and len(stored - after) == 1
