"""A search index in shards of whole years, merged in the reader's browser, finds what one index finds.

The browser site is indexed again with at most one year per shard, so the seed years become several
Pagefind indexes built one after another (as separate CI jobs would build them), merged by search.js.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.search.search_index import OUTPUT_SUBDIR, SHARDS_FILE, index_site
from tests.browser.conftest import DESKTOP, SUB_PATH, _serve, open_tab
from tests.browser.searching import results, search, wait_until_every_result

HUIYI = f"/{SUB_PATH}2024/xx-swbgs/huiyi-jingfei/"
DANGAN_2019 = f"/{SUB_PATH}2019/yzq-dqfwzx/dangan-shuzihua/"


@pytest.fixture(scope="module")
def sharded(built_site: Path, tmp_path_factory) -> tuple[Path, list]:
    www = tmp_path_factory.mktemp("sharded") / "www"
    shutil.copytree(built_site, www)
    problems, runs = index_site(www / SUB_PATH, max_pages=1)
    assert problems == []
    return www, runs


@pytest.fixture(scope="module")
def sharded_url(sharded):
    www, _ = sharded
    server = _serve(www, www / SUB_PATH / "404.html")
    yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def tab(browser, sharded_url):
    visit = open_tab(browser, sharded_url, DESKTOP)
    yield visit
    visit.page.context.close()


def test_each_year_is_its_own_pagefind_index_listed_newest_first(sharded):
    www, runs = sharded
    manifest = json.loads((www / SUB_PATH / OUTPUT_SUBDIR / SHARDS_FILE).read_text(encoding="utf-8"))
    years = sorted({p.name for p in (www / SUB_PATH).iterdir() if p.name.isdigit()}, reverse=True)
    assert manifest["indexes"] == [""] + [f"shards/{year}/" for year in years[1:]]
    assert len(runs) == len(years) and all(run.pages > 0 and run.peak_rss_mb > 0 for run in runs)
    for path in manifest["indexes"][1:]:
        shard = www / SUB_PATH / OUTPUT_SUBDIR / path
        assert list(shard.glob("*.pf_meta")) and not list(shard.glob("*.js"))


def test_merged_shards_find_pages_of_the_newest_and_an_older_year(tab, sharded_url):
    page = tab.page
    page.goto(sharded_url)
    search(page, "会议经费")
    assert HUIYI in [r.path for r in results(page)]
    page.goto(sharded_url)
    search(page, "档案")
    assert DANGAN_2019 in [r.path for r in results(page)]
    fetched_metadata = {url.rsplit("/", 2)[-2] for url in tab.requests if url.endswith(".pf_meta")}
    assert len(fetched_metadata) > 1  # the first index and at least one shard's


def test_year_filter_works_across_shards(tab, sharded_url):
    page = tab.page
    page.goto(sharded_url + "?q=档案&year=2019")
    wait_until_every_result(page, includes="2019年度")
    assert {r.facts.split(" · ")[-1] for r in results(page)} == {"2019年度"}


def test_newest_year_first_sort_keeps_the_order_across_shards(tab, sharded_url):
    page = tab.page
    page.goto(sharded_url)
    search(page, "满意度")
    page.locator("[data-jixiao-sort]").select_option("year")
    page.wait_for_timeout(500)
    page.wait_for_function("() => document.querySelectorAll('#jixiao-search-results li').length > 0")
    while page.locator(".jixiao-search__more").is_visible():
        page.locator(".jixiao-search__more").click()
        page.wait_for_timeout(300)
    years = [r.facts.split(" · ")[-1] for r in results(page) if "年度" in r.facts]
    assert len(set(years)) > 1
    assert years == sorted(years, reverse=True)


def test_a_number_stays_one_word_in_a_sharded_index(tab, sharded_url):
    page = tab.page
    page.goto(sharded_url)
    search(page, "20.37")
    found = results(page)
    assert found and HUIYI in [r.path for r in found]
    assert all("20.37" in r.excerpt for r in found)
