"""A correction reads whole only the record it changed: the others' pages, data, findings and summaries come from the
build cache, and what is still read of every record is its head (generator/records/head.py).

Unpickling a city's 800 records and their scores was a second of every correction at 8,000 projects. The record is
still there whenever a stage asks for it: from its cache entry, or from its file if that entry is gone.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.records.loading import HEADS_CACHE, RECORDS_CACHE, KeptRecord, load_content
from generator.records.problems import ContentError
from generator.rules.audit import audit_content
from generator.rules.audit.engine import SCORES_CACHE
from generator.site.build_cache import BuildCache
from generator.site.pages import build_page_tree
from tests.conftest import correct_achieved, correct_executed
from tests.sitebuild import build


class _Counting(BuildCache):
    """The build cache, counting which kinds of entries were read back."""

    def __init__(self, folder: Path):
        super().__init__(folder)
        self.read: list[str] = []

    def get_object(self, kind, key, shared=None):
        value = super().get_object(kind, key, shared)
        if value is not None:
            self.read.append(kind)
        return value


def _tree(content: Path, cache: BuildCache):
    loaded = load_content(content, cache)
    report = audit_content(loaded, cache)
    return loaded, build_page_tree(loaded.without_documents(), audit=report, cache=cache)


def test_a_correction_reads_whole_only_the_record_it_changed(small_city, tmp_path):
    _tree(small_city, BuildCache(tmp_path / "cache"))
    correct_achieved(small_city, "2024/d000.yml")
    cache = _Counting(tmp_path / "cache")
    content, tree = _tree(small_city, cache)
    whole = [loaded.path for loaded in content.records if not isinstance(loaded.kept, KeptRecord)]
    assert whole == ["content/2024/d000.yml"]
    assert RECORDS_CACHE not in cache.read and SCORES_CACHE not in cache.read
    assert cache.read.count(HEADS_CACHE) == len(content.records) - 1
    assert tree.pages["2024/d000/index.md"].body  # the corrected record's pages rendered, the others' kept


def test_a_correction_shown_on_another_years_pages_reads_that_record_too(small_city, tmp_path):
    # The 全年执行数 of a project is in the 本项目历年情况 table of its other years' pages: those are rendered again.
    _tree(small_city, BuildCache(tmp_path / "cache"))
    correct_executed(small_city, "2024/d000.yml")
    content, _ = _tree(small_city, BuildCache(tmp_path / "cache"))
    read = [loaded.path for loaded in content.records
            if not isinstance(loaded.kept, KeptRecord) or loaded.kept.read_already]
    assert read == ["content/2024/d000.yml", "content/2023/d000.yml"]


def test_a_site_built_from_heads_is_the_site_built_from_whole_records(small_city, tmp_path):
    assert build(small_city, tmp_path / "first", cache_dir=tmp_path / "cache", allow_errors=True) == 0
    correct_executed(small_city, "2023/d001.yml")
    assert build(small_city, tmp_path / "kept", cache_dir=tmp_path / "cache", allow_errors=True) == 0
    assert build(small_city, tmp_path / "full", allow_errors=True) == 0

    def files(site: Path) -> dict[Path, bytes]:
        return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}

    assert files(tmp_path / "kept") == files(tmp_path / "full")


def test_a_kept_record_whose_entry_left_the_cache_is_read_from_its_file_again(small_city, tmp_path):
    first = load_content(small_city, BuildCache(tmp_path / "cache"))
    again = load_content(small_city, BuildCache(tmp_path / "cache"))
    shutil.rmtree(tmp_path / "cache" / RECORDS_CACHE)
    assert all(isinstance(loaded.kept, KeptRecord) for loaded in again.records)
    assert [loaded.record for loaded in again.records] == [loaded.record for loaded in first.records]


def test_a_kept_record_whose_file_changed_before_it_was_read_stops_the_build_in_chinese(small_city, tmp_path):
    load_content(small_city, BuildCache(tmp_path / "cache"))
    again = load_content(small_city, BuildCache(tmp_path / "cache"))
    shutil.rmtree(tmp_path / "cache" / RECORDS_CACHE)
    loaded = again.records[0]
    correct_executed(small_city, loaded.path.removeprefix("content/"))
    with pytest.raises(ContentError) as raised:
        loaded.record
    assert [(p.file, p.message) for p in raised.value.problems] == [
        (loaded.path, "生成过程中记录文件被修改了，请在修改完成后重新生成。")]


def test_a_kept_records_scores_are_read_when_first_asked_for(small_city, tmp_path):
    cache = BuildCache(tmp_path / "cache")
    audit_content(load_content(small_city, cache), cache)
    content = load_content(small_city, BuildCache(tmp_path / "cache"))
    report = audit_content(content, BuildCache(tmp_path / "cache"))
    fresh = audit_content(load_content(small_city))
    assert len(report.later) == len(content.records) and not report.scores
    loaded = content.records[0]
    project = loaded.head.projects[0]
    score = report.score(loaded.head.department, loaded.head.year, project.code)
    assert score.total == fresh.score(loaded.head.department, loaded.head.year, project.code).total
    assert (loaded.head.department, loaded.head.year) not in report.later
    assert report.findings == fresh.findings


def test_a_record_file_changed_while_a_build_reads_it_stops_the_build_with_the_reason_in_chinese(
        small_city, tmp_path, monkeypatch, capsys):
    # Its cache entry gone (another build pruned the shared cache) and its file edited after loading: the build
    # cannot make that record's pages from the version it checked, so it stops and says why, without a traceback.
    import generator.engines.mkdocs.plugin as plugin

    cache = tmp_path / "cache"
    assert build(small_city, tmp_path / "first", cache_dir=cache, allow_errors=True) == 0
    correct_executed(small_city, "2024/d000.yml")  # its other year's pages show the figure: 2023/d000 is read
    loaded_then = plugin.load_content

    def load_then_edit(content_dir, memo=None):
        content = loaded_then(content_dir, memo)
        shutil.rmtree(cache / RECORDS_CACHE)
        correct_achieved(small_city, "2023/d000.yml")
        return content

    monkeypatch.setattr(plugin, "load_content", load_then_edit)
    capsys.readouterr()
    assert build(small_city, tmp_path / "second", cache_dir=cache, allow_errors=True) == 1
    err = capsys.readouterr().err
    assert "content/2023/d000.yml" in err and "生成过程中记录文件被修改了" in err
    assert "Traceback" not in err and "网站没有生成" in err
    assert not (tmp_path / "second").exists()
