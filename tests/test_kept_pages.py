"""A correction reads, audits and renders again only what it changed, and publishes what a full build publishes.

The records as read, their findings, their pages and the pages that summarise them are kept in the build cache
under a hash of what decides them (generator/records/loading.py, generator/rules/audit/engine.py,
generator/site/kept_pages.py). A small city in which every project recurs in both years, so that a project
page also shows the same project's figures of the other year.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import stat
from pathlib import Path

import pytest

from bench.synthetic_city import write_city
from tests.conftest import CONTENT, KINDS, correct_executed
from tests.sitebuild import build, visible_text

KEPT = ("records", "audit", "record-pages", "record-stubs", "page-bodies", "data", "data-lines", "data-years")


def _files(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _stored(cache: Path, kind: str) -> set[str]:
    return {p.name for p in (cache / kind).rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    root = tmp_path_factory.mktemp("kept")
    content = root / "content"
    content.mkdir()
    write_city(content, departments=2, years=2, projects=2)
    cache = root / "cache"
    assert build(content, root / "first", cache_dir=cache) == 0
    before = {kind: _stored(cache, kind) for kind in KEPT}
    new = correct_executed(content)
    # The new figure no longer adds up to the stated 自评得分: the audit's new finding must be published too.
    assert build(content, root / "cached", cache_dir=cache, allow_errors=True) == 0
    assert build(content, root / "full", allow_errors=True) == 0
    after = {kind: _stored(cache, kind) for kind in KEPT}
    return root, before, after, new


def test_a_corrected_figure_reaches_the_other_years_page_of_the_project_as_in_a_full_build(city):
    root, _, _, new = city
    assert _files(root / "cached") == _files(root / "full")
    # 本项目历年情况 on the 2023 page of the same project prints the 2024 figure (and nothing else there does).
    page = Path("2023") / "d000" / "p00" / "index.html"
    assert new in visible_text((root / "cached" / page).read_text(encoding="utf-8"))
    assert new not in visible_text((root / "first" / page).read_text(encoding="utf-8"))


def test_a_corrected_record_alone_is_read_and_audited_again(city):
    _, before, after, _ = city
    for kind in ("records", "audit"):
        assert len(before[kind]) == len(after[kind]) == 4, kind  # 2 units × 2 years
        assert len(after[kind] - before[kind]) == 1, kind


def test_a_corrected_record_renders_again_its_own_pages_and_those_of_its_projects_other_years(city):
    _, before, after, _ = city
    # 2024/d000, and 2023/d000 whose project pages show the corrected project's 2024 figures.
    assert len(after["record-pages"] - before["record-pages"]) == 2
    assert len(after["record-pages"] & before["record-pages"]) == 2


def test_of_the_pages_across_records_only_those_summarising_the_corrected_record_are_rendered_again(city):
    _, before, after, _ = city
    # Home, 按年度浏览, the unit d000, 2024年度, 数据核查结果 and 2024年度数据核查结果 summarise 2024/d000, and
    # 2024年度项目比较 and 数据接口（JSON） (its example is d000's 2024 document) print its figures;
    # 按单位浏览, the unit d001, 2023年度, 2023年度数据核查结果, 评分方法说明 and the other data pages do not.
    assert len(after["page-bodies"] - before["page-bodies"]) == 8
    assert len(after["page-bodies"] & before["page-bodies"]) == 10


def test_a_correction_renders_again_its_own_years_comparison_not_another_years(city):
    root, before, after, _ = city
    rendered = _titles(root / "cache", after["page-bodies"] - before["page-bodies"])
    kept = _titles(root / "cache", after["page-bodies"] & before["page-bodies"])
    assert "2024年度项目比较" in rendered
    assert {"2023年度项目比较", "比较与数据", "开放数据与数据字典", "各单位公开情况"} <= kept


def _titles(cache: Path, keys: set[str]) -> set[str]:
    """The page titles (each body's first level-1 heading) of the page bodies kept under these keys."""
    bodies = [pickle.loads((cache / "page-bodies" / key[:2] / key).read_bytes()) for key in keys]
    return {m.group(1) for body in bodies if (m := re.search(r"^# (.+)$", body, re.M))}


def test_a_correction_renders_again_its_own_years_findings_page_and_the_overview_not_another_years(city):
    root, before, after, _ = city
    rendered = _titles(root / "cache", after["page-bodies"] - before["page-bodies"])
    kept = _titles(root / "cache", after["page-bodies"] & before["page-bodies"])
    assert {"数据核查结果", "2024年度数据核查结果"} <= rendered
    assert "2023年度数据核查结果" in kept and "2023年度数据核查结果" not in rendered


def _year_indexes(cache: Path, keys: set[str]) -> set[int]:
    """The years of the year data kept under these keys, by their API indexes (api/v1/<年度>/index.json)."""
    entries = [pickle.loads((cache / "data-years" / key[:2] / key).read_bytes()) for key in keys]
    return {json.loads(entry.document)["年度"] for entry in entries}


def test_a_correction_writes_again_its_own_years_data_index_not_another_years(city):
    root, before, after, _ = city
    assert _year_indexes(root / "cache", after["data-years"] - before["data-years"]) == {2024}
    assert _year_indexes(root / "cache", after["data-years"] & before["data-years"]) == {2023}


def test_a_damaged_cache_entry_is_made_again_and_the_site_is_as_a_full_build(city, tmp_path):
    root = city[0]
    cache = tmp_path / "cache"
    shutil.copytree(root / "cache", cache)
    for kind in KEPT:
        for entry in (cache / kind).rglob("*"):
            if entry.is_file():
                os.chmod(entry, stat.S_IRUSR | stat.S_IWUSR)
                entry.write_bytes(b"\x80\x05damaged")
    assert build(root / "content", tmp_path / "site", cache_dir=cache, allow_errors=True) == 0
    assert _files(tmp_path / "site") == _files(root / "full")


@pytest.mark.parametrize("content", [CONTENT, KINDS], ids=["seeds", "kinds"])
def test_a_page_taken_from_the_cache_gets_the_front_matter_mkdocs_reads_from_its_markdown(content, tmp_path):
    # Skipped pages get Page.front_matter() instead of MkDocs' reading of their Markdown: they must be equal,
    # or the navigation and <meta> tags of the other pages would differ from a full build's. A kept page's is
    # kept with it (kept_pages.py), and must be the same.
    from mkdocs.utils.meta import get_data

    from generator.records.loading import load_content
    from generator.site.build_cache import BuildCache
    from generator.site.page_tree import KeptPage
    from generator.site.pages import build_page_tree

    made = build_page_tree(load_content(content), cache=BuildCache(tmp_path / "cache"))
    kept = build_page_tree(load_content(content), cache=BuildCache(tmp_path / "cache"))
    assert made.pages and any(isinstance(page, KeptPage) for page in kept.pages.values())
    for tree in (made, kept):
        for page in tree.pages.values():
            assert page.front_matter() == get_data(page.markdown())[1], page.path


def test_the_data_files_of_a_rebuild_are_the_cache_entries_not_new_copies(city):
    root = city[0]
    # A download is published as the cache's read-only entry (a hard link), as pages are: a rebuild writes none.
    download = next((root / "cached" / "2024" / "d001").glob("*.xlsx"))
    assert download.stat().st_nlink >= 2
    assert not download.stat().st_mode & stat.S_IWUSR


def test_a_rebuild_hands_the_unchanged_records_pages_over_without_reading_their_bodies(city, tmp_path, monkeypatch):
    # Their output is taken from the cache by their keys: reading a city's 9,000 bodies back was a tenth of a
    # correction. A rebuild of unchanged content reads none.
    from generator.site.page_tree import KeptPage

    root = city[0]
    cache = tmp_path / "cache"
    shutil.copytree(root / "cache", cache)
    read = []
    original = KeptPage.body
    monkeypatch.setattr(KeptPage, "body", property(lambda page: read.append(page.path) or original.fget(page)))
    assert build(root / "content", tmp_path / "site", cache_dir=cache, allow_errors=True) == 0
    assert read == []
    assert _files(tmp_path / "site") == _files(root / "full")


def test_a_kept_page_whose_body_cannot_be_read_is_rendered_again_when_the_engine_needs_it(city, tmp_path):
    # The pages' outputs must be made again (another theme), and the kept bodies are damaged: the record's pages
    # are rendered again from its inputs, and the site is what a full build with that theme publishes.
    root = city[0]
    cache = tmp_path / "cache"
    shutil.copytree(root / "cache", cache)
    for entry in (cache / "record-pages").rglob("*"):
        if entry.is_file():
            os.chmod(entry, stat.S_IRUSR | stat.S_IWUSR)
            entry.write_bytes(b"\x80\x05damaged")
    for entry in (cache / "pages").rglob("*"):
        if entry.is_file():
            os.chmod(entry, stat.S_IRUSR | stat.S_IWUSR)
            entry.unlink()
    assert build(root / "content", tmp_path / "site", cache_dir=cache, allow_errors=True) == 0
    assert _files(tmp_path / "site") == _files(root / "full")


def test_the_data_dictionarys_view_names_nothing_that_differs_between_two_builds():
    # Data pages are kept under the repr of their views: a function's address in it (the tables' row makers)
    # made 开放数据与数据字典 a new key in every process, so it was never taken from the cache.
    from generator.site.datasets import TABLES

    assert " at 0x" not in repr(TABLES)
