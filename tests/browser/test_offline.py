"""Nothing a reader's browser fetches leaves the site: government sites often run on closed networks."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.browser.searching import search


def _origins(urls: list[str]) -> set[str]:
    return {"{0.scheme}://{0.netloc}".format(urlsplit(u)) for u in urls if not u.startswith(("data:", "blob:"))}


def test_page_load_requests_only_the_sites_own_origin(desktop, site_url):
    desktop.page.goto(site_url + "2024/xx-swbgs/huiyi-jingfei/")
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.requests
    assert _origins(desktop.requests) == {desktop.origin}


def test_search_requests_only_the_sites_own_origin(desktop, site_url):
    desktop.page.goto(site_url)
    desktop.page.wait_for_load_state("networkidle")
    before = len(desktop.requests)
    search(desktop.page, "会议经费")
    desktop.page.wait_for_load_state("networkidle")
    search_requests = desktop.requests[before:]
    assert any("/pagefind/" in u for u in search_requests)
    assert _origins(search_requests) == {desktop.origin}


def test_search_index_is_fetched_from_under_the_sub_path(desktop, site_url):
    desktop.page.goto(site_url + "2024/xx-swbgs/")
    search(desktop.page, "会议经费")
    index_requests = [u for u in desktop.requests if "/pagefind/" in u]
    assert index_requests
    assert all(urlsplit(u).path.startswith(urlsplit(site_url).path + "pagefind/") for u in index_requests)


def test_first_search_does_not_fetch_the_filter_lists(desktop, site_url):
    desktop.page.goto(site_url)
    search(desktop.page, "会议经费")
    desktop.page.wait_for_load_state("networkidle")
    assert [u for u in desktop.requests if "/pagefind/filter/" in u] == []
