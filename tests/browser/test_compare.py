"""The comparison views and the JSON API in a browser, served under a sub-path, at phone and desktop widths."""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.browser.conftest import screenshot


def _column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        ".jx-compare-table tbody tr", f"rows => rows.map(r => r.children[{index}].textContent.trim())")


def _names(page) -> list[str]:
    return _column(page, 0)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_year_comparison_is_a_plain_table_that_fits_the_screen(request, width, site_url):
    visit = request.getfixturevalue(width)
    page = visit.page
    page.goto(site_url + "compare/2024/")
    assert sorted(_names(page)) == sorted(["会议经费", "培训经费", "办公室维修经费", "办公设备购置经费", "档案整理专项经费"])
    # The page itself never scrolls sideways: only the table's own box does.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    # The year's rows file is fetched only when a reader sorts or filters.
    assert not any(u.endswith("rows.json") for u in visit.requests)
    screenshot(page, f"compare-2024-{width}")


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_sorting_by_execution_rate_puts_the_lowest_first(request, width, site_url):
    page = request.getfixturevalue(width).page
    page.goto(site_url + "compare/2024/")
    page.select_option("select[name=sort]", "rate:asc")
    page.wait_for_function("document.querySelector('.jx-compare-status').textContent.includes('符合条件')")
    rates = [float(v.rstrip("%")) for v in _column(page, 5)]
    assert rates == sorted(rates) and _names(page)[0] == "会议经费"
    page.click("th[data-key=rate] button")  # a click on the heading sorts by it, a second one reverses it
    page.click("th[data-key=rate] button")
    page.wait_for_function("document.querySelector('th[data-key=rate]').getAttribute('aria-sort') === 'descending'")
    rates = [float(v.rstrip("%")) for v in _column(page, 5)]
    assert rates == sorted(rates, reverse=True)


def test_filtering_by_name_and_grade_narrows_the_table(desktop, site_url):
    page = desktop.page
    page.goto(site_url + "compare/2024/")
    page.fill("input[name=q]", "经费")
    page.wait_for_function("document.querySelector('.jx-compare-status').textContent.includes('符合条件')")
    assert len(_names(page)) == 5
    page.fill("input[name=q]", "会议")
    page.wait_for_function("document.querySelectorAll('.jx-compare-table tbody tr').length === 1")
    assert _names(page) == ["会议经费"]
    page.fill("input[name=q]", "")
    page.select_option("select[name=grade]", "差")
    page.wait_for_function("document.querySelector('.jx-compare-status').textContent.includes('没有符合条件')")
    assert _names(page) == []


def test_project_links_of_the_scripted_table_open_the_project_under_the_sub_path(desktop, site_url):
    page = desktop.page
    page.goto(site_url + "compare/2024/")
    page.select_option("select[name=sort]", "budget:desc")
    page.wait_for_function("document.querySelector('.jx-compare-status').textContent.includes('符合条件')")
    page.click(".jx-compare-table tbody tr:first-child th a")
    page.wait_for_load_state()
    assert page.url == site_url + "2024/xx-swbgs/huiyi-jingfei/"


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_coverage_matrix_shows_each_department_and_year(request, width, site_url):
    page = request.getfixturevalue(width).page
    page.goto(site_url + "compare/coverage/")
    cells = page.eval_on_selector_all(".jx-coverage tbody tr", "rows => rows.map(r => [...r.children].map(c => c.textContent.trim()))")
    by_department = {row[0]: row[1:] for row in cells}
    headers = page.eval_on_selector_all(".jx-coverage thead th", "cells => cells.map(c => c.textContent.trim())")
    assert headers == ["单位", "2019年度", "2021年度", "2024年度"]
    assert by_department["大同市云州区党群服务中心"][0].startswith("已收录")
    assert by_department["大同市云州区党群服务中心"][2] == "本站未收录"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, f"coverage-{width}")


def _get(url: str):
    with urllib.request.urlopen(url) as response:
        assert response.status == 200
        return json.loads(response.read(), parse_float=str)


def test_api_is_reachable_at_its_documented_addresses_under_the_sub_path(site_url):
    index = _get(site_url + "api/v1/index.json")
    assert index["版本"] == "v1" and [y["年度"] for y in index["年度"]] == [2024, 2021, 2019]
    projects = 0
    for year in index["年度"]:
        assert year["接口地址"] == f"api/v1/{year['年度']}/index.json"
        listing = _get(site_url + year["接口地址"])
        for report in listing["绩效情况说明"]:
            assert report["接口地址"] == f"api/v1/{year['年度']}/{report['单位编码']}.json"
            document = _get(site_url + report["接口地址"])
            assert len(document["项目"]) == len(report["项目"])
            for project in report["项目"]:
                detail = _get(site_url + project["接口地址"])
                assert detail["项目"]["项目名称"] == project["项目名称"]
                assert detail["项目"]["全年执行数（万元）"] == project["全年执行数（万元）"]
                projects += 1
    assert projects == sum(y["项目数"] for y in index["年度"])


def test_api_page_explains_the_addresses_with_a_working_example(desktop, site_url):
    page = desktop.page
    page.goto(site_url + "api/")
    text = page.inner_text("article")
    assert "api/v1/<年度>/<单位编码>/<项目编码>.json" in text
    example = page.inner_text("article pre >> nth=1")
    shown = json.loads(example, parse_float=str)
    path = page.inner_text("article p:has-text('一个项目') code")
    served = _get(site_url + path)
    assert shown["项目"] == served["项目"]
