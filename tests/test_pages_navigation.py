"""Where a reader is and where to go next: 当前位置 on every list and record page, previous/next between projects."""

from __future__ import annotations

import re

import pytest

from generator.records.loading import load_content
from generator.site.pages import build_page_tree
from generator.site.rendering import relative_href
from tests.conftest import CONTENT


@pytest.fixture(scope="module")
def tree():
    return build_page_tree(load_content(CONTENT))


def crumbs(body: str) -> list[tuple[str, str | None]]:
    nav = re.search(r'<nav class="jx-breadcrumb"[^>]*>(.*?)</nav>', body).group(1)
    found = re.findall(r'<a href="([^"]*)">([^<]*)</a>|<span aria-current="page">([^<]*)</span>', nav)
    return [(text or current, href or None) for href, text, current in found]


@pytest.mark.parametrize(("path", "expected"), [
    ("years/index.md", [("首页", "../"), ("按年度浏览", None)]),
    ("2024/index.md", [("首页", "../"), ("按年度浏览", "../years/"), ("2024年度", None)]),
    ("departments/index.md", [("首页", "../"), ("按单位浏览", None)]),
    ("departments/yzq-dqfwzx.md", [("首页", "../../"), ("按单位浏览", "../"), ("大同市云州区党群服务中心", None)]),
    ("2024/xx-swbgs/index.md", [("首页", "../../"), ("按年度浏览", "../../years/"), ("2024年度", "../"), ("市委办公室", None)]),
    ("2024/xx-swbgs/huiyi-jingfei.md", [("首页", "../../../"), ("按年度浏览", "../../../years/"), ("2024年度", "../../"),
                                        ("市委办公室", "../"), ("会议经费", None)]),
    ("scoring/index.md", [("首页", "../"), ("评分方法说明", None)]),
])
def test_page_shows_where_it_is_with_links_up(tree, path, expected):
    assert crumbs(tree.pages[path].body) == expected


def test_breadcrumb_is_left_out_of_search(tree):
    assert '<nav class="jx-breadcrumb" aria-label="当前位置" data-pagefind-ignore>' in tree.pages["2024/index.md"].body


def pager(body: str) -> dict[str, tuple[str, str]]:
    nav = re.search(r'<nav class="jx-pager"[^>]*>(.*?)</nav>', body)
    if nav is None:
        return {}
    return {rel: (title, href) for rel, href, title in re.findall(
        r'rel="(prev|next)" href="([^"]*)"><span class="jx-pager__dir">[^<]*</span><span class="jx-pager__title">([^<]*)</span>', nav.group(1))}


def test_project_links_the_previous_and_next_project_of_its_department_and_year(tree):
    links = pager(tree.pages["2024/xx-swbgs/peixun-jingfei.md"].body)
    assert links == {"prev": ("会议经费", "../huiyi-jingfei/"), "next": ("办公室维修经费", "../bangongshi-weixiu-jingfei/")}


def test_first_project_has_no_previous_and_last_has_no_next(tree):
    assert set(pager(tree.pages["2024/xx-swbgs/huiyi-jingfei.md"].body)) == {"next"}
    assert set(pager(tree.pages["2024/xx-swbgs/dangan-zhengli-zhuanxiang-jingfei.md"].body)) == {"prev"}


def test_only_project_of_a_year_has_no_pager(tree):
    assert pager(tree.pages["2021/yzq-dqfwzx/jiceng-dangzuzhi-gongzuo-jingfei.md"].body) == {}


@pytest.mark.parametrize(("here", "target", "href"), [
    ("2024/a/b.md", "2024/a/index.md", "../"),
    ("index.md", "years/index.md", "years/"),
    ("2024/a/b.md", "2024/a/c.md", "../c/"),
    ("2024/a/index.md", "2024/a/data.csv", "data.csv"),
])
def test_html_links_point_at_the_served_directory_urls(here, target, href):
    assert relative_href(here, target) == href
