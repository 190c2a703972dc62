"""A search index built in shards finds what one index finds.

The browser site is indexed again with at most one page per Pagefind index, so each search shard (a unit's pages of
one year or of no year) is indexed in batches of its own (as a city's shards are, to keep Pagefind's memory small).
Their outputs are merged into one index (generator/search/merge.py); with merge=False whole years stay separate
indexes that search.js merges in the browser.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.search.search_index import OUTPUT_SUBDIR, SHARDS_FILE, SHARDS_SUBDIR, index_site
from tests.browser.conftest import DESKTOP, SUB_PATH, _serve, open_tab
from tests.browser.searching import results, search, wait_until_every_result

HUIYI = f"/{SUB_PATH}2024/xx-swbgs/huiyi-jingfei/"
DANGAN_2019 = f"/{SUB_PATH}2019/yzq-dqfwzx/dangan-shuzihua/"


def _reindexed(built_site: Path, tmp_path_factory, merge: bool) -> tuple[Path, list]:
    www = tmp_path_factory.mktemp("sharded") / "www"
    shutil.copytree(built_site, www)
    problems, runs = index_site(www / SUB_PATH, max_pages=1, merge=merge)
    assert problems == []
    return www, runs


@pytest.fixture(scope="module")
def sharded(built_site: Path, tmp_path_factory) -> tuple[Path, list]:
    return _reindexed(built_site, tmp_path_factory, merge=True)


@pytest.fixture(scope="module")
def unmerged(built_site: Path, tmp_path_factory) -> tuple[Path, list]:
    return _reindexed(built_site, tmp_path_factory, merge=False)


def _url(www: Path):
    server = _serve(www, www / SUB_PATH / "404.html")
    return server, f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}"


@pytest.fixture(scope="module")
def sharded_url(sharded):
    server, url = _url(sharded[0])
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def unmerged_url(unmerged):
    server, url = _url(unmerged[0])
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def tab(browser, sharded_url):
    visit = open_tab(browser, sharded_url, DESKTOP)
    yield visit
    visit.page.context.close()


def _count(status: str) -> int:
    found = re.match(r"找到 (\d+) 个相关页面", status)
    return int(found.group(1)) if found else 0


def test_each_units_pages_of_a_year_and_of_no_year_are_indexed_apart_and_merged_into_one_index(sharded):
    www, runs = sharded
    pagefind = www / SUB_PATH / OUTPUT_SUBDIR
    units = {p.parent.relative_to(www / SUB_PATH).parts[:2] for p in (www / SUB_PATH).rglob("index.html")
             if "data-pagefind-body" in p.read_text(encoding="utf-8")}
    assert len(runs) == len(units) > 2 and all(run.pages > 0 and run.peak_rss_mb > 0 for run in runs)
    assert json.loads((pagefind / SHARDS_FILE).read_text(encoding="utf-8"))["indexes"] == [""]
    assert not (pagefind / SHARDS_SUBDIR).exists() and len(list(pagefind.glob("*.pf_meta"))) == 1


@pytest.mark.parametrize("query", ["会议经费", "档案", "居民", "档", "满意度", "20.37", "云州区党群服务中心", "挤占挪用"])
def test_the_merged_index_finds_the_same_pages_as_one_index(desktop, site_url, tab, sharded_url, query):
    desktop.page.goto(site_url)
    one = search(desktop.page, query)
    tab.page.goto(sharded_url)
    merged = search(tab.page, query)
    assert _count(one) > 0 and _count(merged) == _count(one)


def test_a_word_inside_a_longer_word_is_found_in_an_older_years_shard(tab, sharded_url):
    page = tab.page
    page.goto(sharded_url)
    search(page, "居民")  # in 城乡居民, on a 2019 page
    assert DANGAN_2019 in [r.path for r in results(page)]


def test_a_first_search_fetches_one_metadata_file(tab, sharded_url):
    page = tab.page
    page.goto(sharded_url)
    search(page, "会议经费")
    assert HUIYI in [r.path for r in results(page)]
    assert len([url for url in tab.requests if url.endswith(".pf_meta")]) == 1


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


def test_shards_left_separate_are_merged_by_the_readers_browser(browser, unmerged, unmerged_url):
    www, _ = unmerged
    manifest = json.loads((www / SUB_PATH / OUTPUT_SUBDIR / SHARDS_FILE).read_text(encoding="utf-8"))
    assert len(manifest["indexes"]) > 1
    visit = open_tab(browser, unmerged_url, DESKTOP)
    try:
        visit.page.goto(unmerged_url)
        search(visit.page, "会议经费")
        assert HUIYI in [r.path for r in results(visit.page)]
        visit.page.goto(unmerged_url)
        search(visit.page, "居民")
        assert DANGAN_2019 in [r.path for r in results(visit.page)]
        assert len({url.rsplit("/", 2)[-2] for url in visit.requests if url.endswith(".pf_meta")}) > 1
    finally:
        visit.page.context.close()
