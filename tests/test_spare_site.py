"""A build with a cache starts in the site the build before it replaced (`.site-spare`), and publishes exactly
what a full build of the same content publishes: what that older site held and this build does not take from the
cache is gone, and the site being replaced is never written to."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import CONTENT
from tests.sitebuild import build

RECORD = Path("2024") / "xx-swbgs.yml"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _folders(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir()}


def _correct(content: Path, old: str, new: str) -> None:
    path = content / RECORD
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _full_build(content: Path, root: Path) -> Path:
    site = root / "full"
    shutil.rmtree(site, ignore_errors=True)
    assert build(content, site) == 0
    return site


@pytest.fixture()
def project(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    site, cache = tmp_path / "site", tmp_path / "cache"
    assert build(content, site, cache_dir=cache) == 0
    _correct(content, "实际完成值: 3500", "实际完成值: 3600")
    assert build(content, site, cache_dir=cache) == 0
    return tmp_path, content, site, cache


def test_the_replaced_site_is_kept_beside_the_site_as_it_was_published(project):
    root, content, site, cache = project
    published = _files(site)
    _correct(content, "实际完成值: 3600", "实际完成值: 3700")
    assert build(content, site, cache_dir=cache) == 0
    assert _files(root / ".site-spare") == published


def test_a_build_started_in_the_replaced_site_publishes_what_a_full_build_publishes(project):
    root, content, site, cache = project
    # The spare is now the first build's site, of the uncorrected figure.
    assert (root / ".site-spare").is_dir()
    _correct(content, "实际完成值: 3600", "实际完成值: 3700")
    assert build(content, site, cache_dir=cache) == 0
    full = _full_build(content, root)
    assert _files(site) == _files(full)
    assert _folders(site) == _folders(full)


def test_the_pages_of_a_removed_record_are_gone_from_a_site_built_in_the_replaced_one(project):
    root, content, site, cache = project
    (content / RECORD).unlink()
    assert build(content, site, cache_dir=cache) == 0
    assert build(content, site, cache_dir=cache) == 0  # in the spare that still showed the record
    full = _full_build(content, root)
    assert not (site / "2024" / "xx-swbgs").exists()
    assert _files(site) == _files(full)
    assert _folders(site) == _folders(full)


def test_a_file_put_into_the_spare_is_not_published(project):
    root, content, site, cache = project
    spare = root / ".site-spare"
    (spare / "2024" / "留言.html").write_text("<p>不应发布</p>", encoding="utf-8")
    (spare / "extra" / "deep").mkdir(parents=True)
    (spare / "extra" / "deep" / "x.txt").write_text("x", encoding="utf-8")
    page_404 = spare / "404.html"
    page_404.write_text("changed", encoding="utf-8")
    assert build(content, site, cache_dir=cache) == 0
    full = _full_build(content, root)
    assert _files(site) == _files(full)
    assert not (site / "extra").exists()


def test_a_build_in_the_spare_writes_through_no_link_to_a_cache_entry(project):
    root, content, site, cache = project
    # Pages, data files and the search index's files, which the site shares as links. An entry stored again
    # under its key is a new file (a rename); one written through a link keeps its inode and changes its bytes.
    stored = {p: (p.stat().st_ino, p.read_bytes()) for p in cache.rglob("*") if p.is_file()}
    assert {p.relative_to(cache).parts[0] for p in stored} >= {"pages", "files", "search-index"}
    _correct(content, "实际完成值: 3600", "实际完成值: 3700")
    assert build(content, site, cache_dir=cache) == 0
    written_through = [p for p, (inode, data) in stored.items()
                       if p.exists() and p.stat().st_ino == inode and p.read_bytes() != data]
    assert written_through == []


def test_a_page_rendered_in_one_build_is_found_in_place_by_the_build_after_next(project):
    root, content, site, cache = project
    # The corrected page was rendered by the second build; the third build starts in the first build's site,
    # the fourth in the second's, where the page is the stored entry itself and is left as it is.
    page = site / "2024" / "xx-swbgs" / "huiyi-jingfei" / "index.html"
    rendered = os.stat(page)
    assert build(content, site, cache_dir=cache) == 0
    assert build(content, site, cache_dir=cache) == 0
    assert os.path.samestat(os.stat(page), rendered)


def test_a_build_without_the_cache_neither_takes_nor_leaves_a_spare(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    site = tmp_path / "site"
    assert build(content, site) == 0
    assert build(content, site) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]
