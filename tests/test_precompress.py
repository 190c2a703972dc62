"""Precompressed copies beside the site's files: what a server with gzip_static / brotli_static sends."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli

from generator.site.precompress import compressed_copies, precompress_site
from tests.sitebuild import build


def test_shared_assets_and_search_code_have_br_and_gz_copies_that_unpack_to_the_file(seed_site):
    for relative in ("pagefind/pagefind.js", "pagefind/pagefind-worker.js", "assets/search.js", "assets/jixiao.css"):
        data = (seed_site / relative).read_bytes()
        assert brotli.decompress((seed_site / f"{relative}.br").read_bytes()) == data, relative
        assert gzip.decompress((seed_site / f"{relative}.gz").read_bytes()) == data, relative


def test_pages_and_data_files_are_left_to_the_servers_own_compression(seed_site):
    for relative in ("index.html", "2024/xx-swbgs/huiyi-jingfei/index.html", "data/projects.csv"):
        assert (seed_site / relative).is_file()
        assert not (seed_site / f"{relative}.br").exists() and not (seed_site / f"{relative}.gz").exists(), relative


def test_pagefinds_webassembly_and_metadata_get_a_br_copy_of_their_unpacked_bytes_and_no_gz(seed_site):
    pagefind = seed_site / "pagefind"
    fetched_whole = [*pagefind.glob("*.pf_meta"), *pagefind.glob("wasm.*.pagefind")]
    assert len(fetched_whole) == 2
    for path in fetched_whole:
        assert not path.with_name(path.name + ".gz").exists(), path
        # Pagefind's script reads data that starts with its signature as it is, else gunzips it.
        unpacked = brotli.decompress(path.with_name(path.name + ".br").read_bytes())
        assert unpacked.startswith(b"pagefind_dcd") and unpacked == gzip.decompress(path.read_bytes()), path
    for path in [*pagefind.glob("fragment/*"), *pagefind.glob("index/*")]:
        assert path.suffix not in (".br", ".gz"), path


def test_spreadsheets_and_tiny_files_get_no_copies(seed_site):
    for path in seed_site.rglob("*.xlsx"):
        assert not path.with_name(path.name + ".gz").exists() and not path.with_name(path.name + ".br").exists()
    assert compressed_copies(Path("a.html"), b"<p>x</p>") == {}


def test_copies_are_written_only_where_they_save_bytes():
    noise = os.urandom(4096)
    assert compressed_copies(Path("assets/x.js"), noise) == {}
    assert set(compressed_copies(Path("assets/x.js"), b"var a = 1;\n" * 400)) == {".br", ".gz"}


def test_an_unchanged_file_reuses_the_replaced_sites_copies_and_a_changed_one_is_compressed_again(tmp_path):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    same, changed = "p{}" + "/*会议经费*/" * 400, "p{}" + "/*满意度*/" * 400
    (site / "assets" / "same.css").write_text(same, encoding="utf-8")
    (site / "assets" / "changed.css").write_text(changed, encoding="utf-8")
    precompress_site(site)
    # A copy in the old site that differs from what compressing gives proves the copy was reused, not redone.
    (site / "assets" / "same.css.gz").write_bytes(gzip.compress(same.encode(), 1, mtime=0))
    staging = tmp_path / ".site-build-123-abcd1234"
    (staging / "assets").mkdir(parents=True)
    (staging / "assets" / "same.css").write_text(same, encoding="utf-8")
    (staging / "assets" / "changed.css").write_text(changed + "！", encoding="utf-8")
    precompress_site(staging)
    assert (staging / "assets" / "same.css.gz").read_bytes() == (site / "assets" / "same.css.gz").read_bytes()
    assert gzip.decompress((staging / "assets" / "changed.css.gz").read_bytes()).decode() == changed + "！"
    assert brotli.decompress((staging / "assets" / "changed.css.br").read_bytes()).decode() == changed + "！"


def test_a_rebuild_over_a_published_site_gives_the_same_copies_as_a_fresh_build(content_dir, tmp_path):
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    assert build(content_dir, site) == 0
    assert build(content_dir, site) == 0  # reuses the first build's copies
    assert build(content_dir, fresh) == 0
    copies = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.suffix in (".br", ".gz"))
    assert copies and copies == sorted(p.relative_to(site) for p in site.rglob("*") if p.suffix in (".br", ".gz"))
    for relative in copies:
        assert (site / relative).read_bytes() == (fresh / relative).read_bytes(), relative
