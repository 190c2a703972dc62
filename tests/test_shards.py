"""A site built as shards by separate jobs (`jixiao build --shard K/N`), their caches merged (`jixiao cache merge`)
and finished by an ordinary build, is the site a build from scratch publishes, at the cost of the pages of no year."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.synthetic_city import write_city
from generator.cli import main
from generator.config import BuildConfig
from generator.engines.mkdocs.build import build_site
from tests.sitebuild import REPO, TEST_EPOCH, build

YEARS = 3  # 2022–2024: shard 1 of 2 builds two years, shard 2 one
DEPARTMENTS = 3
YEAR_FOLDER = re.compile(r"^\d{4}$")


def _shard_build(content: Path, site: Path, cache: Path, shard: tuple[int, int]) -> int:
    config = BuildConfig(content_dir=content, source_date_epoch=TEST_EPOCH, cache_dir=cache, shard=shard)
    return build_site(config_file=REPO / "mkdocs.yml", site_dir=site, build_config=config)


def _files(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _stored(cache: Path, kind: str) -> set[str]:
    return {p.name for p in (cache / kind).rglob("*") if p.is_file()}


def _checked(cache: Path) -> set[str]:
    """The keys of the pages the cache lists as scanned clean (by builds with the same scan settings)."""
    return {line for p in (cache / "checked").rglob("*") if p.is_file() for line in p.read_text().split()}


def _pages(site: Path, of_a_year: bool) -> list[Path]:
    """The site's pages (each is a folder's index.html) in a year's folder, or in none."""
    return [p for p in site.rglob("index.html") if bool(YEAR_FOLDER.match(p.relative_to(site).parts[0])) == of_a_year]


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """A three-year city built from scratch, and as two shards in two caches merged into a third for the final
    build. Shard 1 builds into a site folder that does not exist, shard 2 into one that holds a published site."""
    root = tmp_path_factory.mktemp("shards")
    content = root / "content"
    content.mkdir()
    write_city(content, departments=DEPARTMENTS, years=YEARS, projects=2)
    assert build(content, root / "scratch") == 0
    published = root / "published"
    published.mkdir()
    (published / "index.html").write_text("已发布的网站", encoding="utf-8")
    assert _shard_build(content, root / "never-published", root / "cache-1", (1, 2)) == 0
    assert _shard_build(content, published, root / "cache-2", (2, 2)) == 0
    assert main(["cache", "merge", str(root / "cache-1"), str(root / "cache-2"), "--into", str(root / "cache")]) == 0
    merged = {kind: _stored(root / "cache", kind) for kind in ("pages", "search")}
    merged["checked"] = _checked(root / "cache")
    assert build(content, root / "final", cache_dir=root / "cache") == 0
    return root, merged


def test_the_site_finished_from_two_shards_is_byte_identical_to_a_build_from_scratch(city):
    root, _ = city
    assert _files(root / "final") == _files(root / "scratch")


def test_the_two_shards_render_every_page_of_a_year_once_between_them(city):
    root, _ = city
    first, second = _stored(root / "cache-1", "pages"), _stored(root / "cache-2", "pages")
    assert first and second
    assert not first & second
    assert len(first | second) == len(_pages(root / "scratch", of_a_year=True))


def test_the_final_build_renders_only_the_pages_of_no_year(city):
    root, merged = city
    rendered = _stored(root / "cache", "pages") - merged["pages"]
    assert len(rendered) == len(_pages(root / "scratch", of_a_year=False))


def test_the_final_build_runs_pagefind_only_for_the_search_shards_of_no_year(city):
    root, merged = city
    # A search shard per unit and year came from the shards' caches; the final build indexed the units' pages of
    # no year only (a shard each).
    assert len(merged["search"]) == YEARS * DEPARTMENTS
    assert len(_stored(root / "cache", "search") - merged["search"]) == DEPARTMENTS


def test_merged_caches_hold_the_pages_each_shard_scanned_as_checked(city):
    root, merged = city
    # The safety scan's record of clean pages is a list, not an output: merging joins the two shards' lists, so
    # the final build scans neither shard's pages again.
    first, second = _checked(root / "cache-1"), _checked(root / "cache-2")
    assert first and second
    assert merged["checked"] == first | second


def test_a_shard_build_publishes_no_site(city):
    root, _ = city
    assert not (root / "never-published").exists()
    assert not list(root.glob(".never-published*")) and not list(root.glob("never-published?*"))


def test_a_shard_build_leaves_the_published_site_untouched(city):
    root, _ = city
    assert _files(root / "published") == {Path("index.html"): "已发布的网站".encode("utf-8")}


def test_shards_built_into_one_cache_folder_keep_each_others_entries(city, tmp_path):
    root, _ = city
    shared = tmp_path / "cache"
    assert _shard_build(root / "content", tmp_path / "site", shared, (1, 2)) == 0
    assert _shard_build(root / "content", tmp_path / "site", shared, (2, 2)) == 0
    for kind in ("pages", "search"):
        assert _stored(shared, kind) == _stored(root / "cache-1", kind) | _stored(root / "cache-2", kind)


@pytest.mark.parametrize("written, expected", [
    ("3/2", "分片“3/2”不存在：共 2 个分片时，序号应在 1 到 2 之间。"),
    ("1/0", "分片“1/0”不存在"),
    ("第一片", "分片“第一片”的写法不对：应写成 序号/总数"),
])
def test_a_shard_written_wrongly_is_refused_in_chinese(written, expected, capsys, tmp_path):
    assert main(["build", "--shard", written, "--site-dir", str(tmp_path / "site")]) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_merging_a_cache_folder_that_does_not_exist_is_refused_in_chinese(capsys, tmp_path):
    assert main(["cache", "merge", str(tmp_path / "missing"), "--into", str(tmp_path / "cache")]) == 1
    err = capsys.readouterr().err
    assert f"找不到要合并的缓存目录：{tmp_path / 'missing'}" in err
    assert not (tmp_path / "cache").exists()
