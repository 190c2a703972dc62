"""Pagefind's service is handed a batch's pages without waiting for each answer, so this process makes the next
pages' text while Pagefind indexes: what it returns must be what it returns when asked one request at a time."""

from __future__ import annotations

import pytest

from generator.search.pagefind_service import PagefindError, PagefindService
from generator.search.search_index import EXCLUDE_SELECTORS, LANGUAGE, pagefind_environment

CONFIG = {"force_language": LANGUAGE, "exclude_selectors": list(EXCLUDE_SELECTORS)}


def _page(words: str) -> str:
    return f"<html><body><main data-pagefind-body><h1>{words}</h1><p>{words} 会议 经费</p></main></body></html>"


FIRST = [("a/index.html", _page("项目 支出")), ("b/index.html", _page("绩效 自评"))]
SECOND = [("c/index.html", _page("预算 执行")), ("d/index.html", _page("年度 目标")), ("e/index.html", _page("满意度"))]


@pytest.fixture()
def service():
    with PagefindService(CONFIG, pagefind_environment()) as running:
        yield running


def test_a_batch_started_before_the_one_before_it_is_finished_gives_the_files_it_gives_alone(service):
    alone = [service.index(FIRST)[0], service.index(SECOND)[0]]
    first = service.start(iter(FIRST))
    second = service.start(iter(SECOND))  # handed over while the first batch's answers are still unread
    assert [service.finish(first)[0], service.finish(second)[0]] == alone
    assert all(files for files in alone) and alone[0] != alone[1]


def test_a_refused_request_is_an_error_naming_pagefinds_reason():
    with PagefindService({"force_language": 3}, pagefind_environment()) as refusing:
        with pytest.raises(PagefindError, match="expected a string"):
            refusing.start(iter(FIRST))


def _whole_page_separated(html: str) -> str:
    from generator.search.search_index import _separated

    return _separated(html)


HEADER = ('<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>会议经费 - 东城区财政局</title></head>'
          '<body><header><nav><a href="/">首页</a> 按年度浏览 2024年度</nav></header>')


@pytest.mark.parametrize("page", [
    HEADER + '<div data-pagefind-body><h1>会议经费项目</h1><p>年度目标 完成 20.37万元</p></div></body></html>',
    # No h1: Pagefind takes the <title> as the page's title.
    HEADER + '<div data-pagefind-body><p>年度目标 完成</p></div></body></html>',
    # An h1 before the body: Pagefind takes it as the title.
    HEADER.replace("<nav>", "<nav><h1>财政局网站</h1>") + '<div data-pagefind-body><p>满意度</p></div></body></html>',
    # An image in the header, and another in the body.
    HEADER.replace("<nav>", '<nav><img src="/logo.png" alt="徽标">')
    + '<div data-pagefind-body><p>满意度</p><img src="a.png" alt="图"></div></body></html>',
    # Metadata and a filter before the body: Pagefind reads them there too.
    HEADER.replace("<nav>", '<nav><span data-pagefind-meta="site">东城区</span><i data-pagefind-filter="区">东城</i>')
    + '<div data-pagefind-body><p>满意度</p></div></body></html>',
    # The body inside an element Pagefind ignores with everything in it: the page is not indexed at all.
    HEADER + '<div data-pagefind-ignore="all"><div data-pagefind-body><p>满意度</p></div></div></body></html>',
    HEADER + "<main data-pagefind-ignore='其他'><div data-pagefind-body><p>满意度</p></div></main></body></html>",
    # Inside one ignored for the index only: indexed as it is.
    HEADER + '<div data-pagefind-ignore="index"><div data-pagefind-body><p>满意度</p></div></div></body></html>',
], ids=["h1 in body", "title only", "h1 before body", "image in header", "metadata before body", "ignore all",
        "ignore unknown", "ignore index"])
def test_leaving_out_the_text_before_the_indexed_body_changes_nothing_pagefind_writes(service, page):
    from generator.search.search_index import separate_characters

    assert (separate_characters(page) != _whole_page_separated(page)) == (
        "<h1>财政局" not in page and "-meta" not in page and "ignore=\"all" not in page and "其他" not in page)
    assert (service.index([("a/index.html", separate_characters(page))])[0]
            == service.index([("a/index.html", _whole_page_separated(page))])[0])


def test_every_page_of_the_seed_site_is_indexed_the_same_without_the_text_before_its_body(service, seed_site):
    from generator.search.search_index import indexed_pages, separate_characters

    pages = indexed_pages(seed_site)
    assert len(pages) >= 10
    for relative in pages:
        html = (seed_site / relative).read_text(encoding="utf-8")
        assert len(separate_characters(html)) < 0.8 * len(_whole_page_separated(html)), relative
        assert (_as_merged(service, relative.as_posix(), separate_characters(html))
                == _as_merged(service, relative.as_posix(), _whole_page_separated(html))), relative


def _as_merged(service, path: str, html: str):
    """What the merge takes of a page's index: its fragment, word count, filters, metadata fields and words (the
    order in which Pagefind lists filters in its files changes from run to run)."""
    from generator.search.merge import split_batch

    table = split_batch(service.index([(path, html)])[0], [[path]], {})[0]
    return table.pages, table.words
